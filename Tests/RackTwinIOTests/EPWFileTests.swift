import Foundation
import RackTwinIO
import XCTest

final class EPWFileTests: XCTestCase {
  static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("weather/USA_IL_Chicago-OHare.Intl.AP.725300_TMY3.epw").path

  /// The shipped Chicago O'Hare TMY3 year: header, 8,760 rows, and the annual mean dry bulb against the weather
  /// converter's own statistics file (`…725300_TMY3.stat`, "Daily Avg" per month: −4.6, −2.5, 3.8, 10.0, 15.3,
  /// 21.1, 24.1, 21.8, 18.1, 11.0, 4.7, −3.7 °C): their day-weighted mean is 9.988 °C. The .stat rounds each month to
  /// 0.1 K, so the tolerance is 0.05 K.
  func testChicagoAnnualMeanDryBulbAgainstStatFile() throws {
    let epw = try EPWFile.read(path: Self.path)
    XCTAssertEqual(epw.city, "Chicago Ohare Intl Ap")
    XCTAssertEqual(epw.wmo, "725300")
    XCTAssertEqual(epw.latitude, 41.98)
    XCTAssertEqual(epw.elevation, 201)
    XCTAssertEqual(epw.dryBulb.count, 8760)
    let monthly = [-4.6, -2.5, 3.8, 10.0, 15.3, 21.1, 24.1, 21.8, 18.1, 11.0, 4.7, -3.7]
    let days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    let statMean = zip(monthly, days).map { $0 * Double($1) }.reduce(0, +) / 365
    let mean = epw.dryBulb.reduce(0, +) / 8760 - 273.15
    XCTAssertEqual(mean, statMean, accuracy: 0.05)
    print("Chicago EPW annual mean dry bulb \(String(format: "%.3f", mean)) °C; .stat monthly means give "
          + "\(String(format: "%.3f", statMean)) °C")
    // The first row: 1/1 hour 1, −12.2 °C, dew point −16.1 °C, 73 %, 99,500 Pa.
    XCTAssertEqual(epw.dryBulb[0], 273.15 - 12.2, accuracy: 1e-9)
    XCTAssertEqual(epw.dewPoint[0], 273.15 - 16.1, accuracy: 1e-9)
    XCTAssertEqual(epw.relativeHumidity[0], 0.73, accuracy: 1e-12)
    XCTAssertEqual(epw.pressure[0], 99_500)
  }

  func lines() throws -> [String] {
    try String(contentsOfFile: Self.path, encoding: .utf8).components(separatedBy: "\n")
  }

  func assertError(_ text: String, contains fragments: [String], file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertThrowsError(try EPWFile.parse(text: text, file: "bad.epw"), file: file, line: line) { error in
      let message = "\(error)"
      for f in fragments { XCTAssertTrue(message.contains(f), "\(message) lacks \(f)", file: file, line: line) }
    }
  }

  /// A missing-value code (99.9 °C dry bulb) on line 109 is an error naming file, line and field.
  func testMissingValueCodeIsAnErrorNamingTheLine() throws {
    var l = try lines()
    var f = l[108].components(separatedBy: ",")
    f[6] = "99.9"
    l[108] = f.joined(separator: ",")
    assertError(l.joined(separator: "\n"), contains: ["bad.epw:109", "dry bulb", "field 7", "99.9", "missing"])
  }

  /// A missing hour (row deleted) is found at the next row, by its month/day/hour, not by the year.
  func testMissingHourIsAnError() throws {
    var l = try lines()
    l.remove(at: 500)
    assertError(l.joined(separator: "\n"), contains: ["bad.epw:501", "month/day/hour", "next hour"])
  }

  /// A wrong header line, a truncated file and a relative humidity of 999 % are errors.
  func testWrongHeaderTruncationAndOutOfRange() throws {
    var l = try lines()
    l[2] = "NOT A HEADER,1"
    assertError(l.joined(separator: "\n"), contains: ["bad.epw:3", "TYPICAL/EXTREME PERIODS"])
    l = try lines()
    assertError(l.prefix(5000).joined(separator: "\n"), contains: ["8,760", "4992"])
    l = try lines()
    var f = l[20].components(separatedBy: ",")
    f[8] = "999"
    l[20] = f.joined(separator: ",")
    assertError(l.joined(separator: "\n"), contains: ["bad.epw:21", "relative humidity", "999"])
  }
}
