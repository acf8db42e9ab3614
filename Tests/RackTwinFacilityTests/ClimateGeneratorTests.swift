import Foundation
import RackTwinFacility
import RackTwinIO
import XCTest

final class ClimateGeneratorTests: XCTestCase {
  func chicagoEPW() throws -> WeatherSeries {
    let epw = try EPWFile.read(path: chicagoEPWPath)
    return WeatherSeries(name: "Chicago TMY3", dryBulb: epw.dryBulb, dewPoint: epw.dewPoint, pressure: epw.pressure)
  }

  func hoursBelow(_ values: [Double], _ threshold: Double) -> Int { values.filter { $0 < threshold + 273.15 }.count }

  /// The generator copies the monthly means it is given: every month of the generated Chicago year has the .stat's
  /// mean dry bulb to 1e-6 K (knots iterated, anomalies centred per month) — a check of the construction, not
  /// validation; the same seed gives the same year; dew point never exceeds dry bulb.
  func testGeneratedYearIsDeterministicAndNearItsNormals() {
    let a = ClimateGenerator.year(.chicago, seed: 7), b = ClimateGenerator.year(.chicago, seed: 7)
    XCTAssertEqual(a, b)
    XCTAssertEqual(a.count, 8760)
    var start = 0
    for (m, n) in [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31].enumerated() {
      let mean = a.dryBulb[(24 * start)..<(24 * (start + n))].reduce(0, +) / Double(24 * n) - 273.15
      XCTAssertEqual(mean, ClimateNormals.chicago.dryBulbMean[m], accuracy: 1e-6, "month \(m + 1)")
      start += n
    }
    XCTAssertTrue(zip(a.dewPoint, a.dryBulb).allSatisfy { $0 <= $1 })
  }

  /// Validation on what the generator does not copy, Chicago built from its .stat against the real TMY3 year:
  /// hours below three free-cooling dry-bulb thresholds (a dry cooler with a 6 K approach supplying 20, 27 and
  /// 32 °C: 14, 21, 26 °C) and three wet-bulb thresholds (a tower with 5 K + 2 K approaches: 13, 20, 25 °C) within
  /// 5 %; the 0.4 % design dry bulb and its mean coincident wet bulb (ASHRAE: 33.3 / 23.7 °C) within 1 K.
  func testChicagoGeneratedAgainstRealYear() throws {
    let real = try chicagoEPW()
    let gen = ClimateGenerator.year(.chicago, seed: 1)
    let realWB = real.wetBulb, genWB = gen.wetBulb
    var report = ["threshold  real  generated  (hours below)"]
    for t in [14.0, 21, 26] {
      let r = hoursBelow(real.dryBulb, t), g = hoursBelow(gen.dryBulb, t)
      report.append("DB \(t) °C: \(r)  \(g)  (\(txt(100 * Double(g - r) / Double(r), 2)) %)")
      XCTAssertEqual(Double(g), Double(r), accuracy: 0.05 * Double(r), "dry bulb below \(t) °C")
    }
    for t in [13.0, 20, 25] {
      let r = hoursBelow(realWB, t), g = hoursBelow(genWB, t)
      report.append("WB \(t) °C: \(r)  \(g)  (\(txt(100 * Double(g - r) / Double(r), 2)) %)")
      XCTAssertEqual(Double(g), Double(r), accuracy: 0.05 * Double(r), "wet bulb below \(t) °C")
    }
    let dr = real.designDryBulb(exceedance: 0.004), dg = gen.designDryBulb(exceedance: 0.004)
    report.append("0.4 % DB/MCWB: real \(txt(dr.dryBulb - 273.15))/\(txt(dr.coincidentWetBulb - 273.15)) °C, "
                  + "generated \(txt(dg.dryBulb - 273.15))/\(txt(dg.coincidentWetBulb - 273.15)) °C; ASHRAE 33.3/23.7")
    print(report.joined(separator: "\n"))
    XCTAssertEqual(dg.dryBulb - 273.15, 33.3, accuracy: 1.0)
    XCTAssertEqual(dg.coincidentWetBulb - 273.15, 23.7, accuracy: 1.0)
    // The real TMY3 year itself gives 32.2 / 24.0 °C: a typical year under-represents the 30-year extremes behind
    // ASHRAE's 33.3 °C, so the generator is held to ASHRAE's values, as the issue asks, not to the TMY year's.
  }
}
