import Foundation
import RackTwinIO
import RackTwinValidation
import XCTest

/// Device cases (`device:` in reference.yaml): a cold plate's datasheet curves evaluated without a mesh.
final class ColdPlateDeviceFileTests: XCTestCase {
  func temporaryDirectory() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("racktwin-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
    return dir
  }

  /// A datasheet made from R = 1/[ṁc_p(1 − e^(−UA/ṁc_p))] with UA = 80 W/K (water at 40 °C: ρ 992.216 kg/m³,
  /// c_p 4179.4 J/kg/K): at 2 L/min ṁc_p = 138.229 W/K, R = 0.0164642 K/W; the fit gives it back (1e-6: fit converged
  /// on exact data), and a deliberately wrong reference fails.
  func testDeviceCaseRowsPassAndFail() throws {
    let dir = try temporaryDirectory()
    let c = { (q: Double) -> Double in 0.001 * q / 60 * 992.216 * 4179.4 }
    let r = { (q: Double) -> String in String(format: "%.10g K/W", 1 / (c(q) * -expm1(-80 / c(q)))) }
    try """
      datasheets:
        sheet: {coolant: water, temperature: "40 degC", resistance: [["1 L/min", "\(r(1))"], ["2 L/min", "\(r(2))"],
                                                                     ["4 L/min", "\(r(4))"]]}
      curves:
        fit: {datasheet: sheet}
      """.write(to: dir.appendingPathComponent("device.yaml"), atomically: true, encoding: .utf8)
    let text = """
      device: device.yaml
      quantities:
        - {name: r2, coldPlate: {curve: fit, flow: "2 L/min"}, reference: "0.016464164 K/W", kind: analytic, source: s,
           tolerance: {relative: 1e-6}, why: exact data}
        - {name: wrong, coldPlate: {curve: fit, flow: "2 L/min"}, reference: "0.017 K/W", kind: analytic, source: s,
           tolerance: {relative: 1e-3}, why: deliberately off}
      """
    let ref = try ValidationReferenceDecoder.decode(text: text, path: dir.appendingPathComponent("reference.yaml").path)
    let result = try ValidationCaseRunner(reference: ref).run()
    XCTAssertEqual(result.rows.map(\.passed), [true, false])
    XCTAssertEqual(result.rows[0].rawValue, 1 / (c(2) * -expm1(-80 / c(2))), accuracy: 1e-6 * 0.016)
  }

  /// A datasheet whose R rises with flow is a bad file naming the file, the datasheet and what was wrong.
  func testNonMonotoneDatasheetIsABadFile() throws {
    let dir = try temporaryDirectory()
    try """
      datasheets:
        sheet: {coolant: water, temperature: "40 degC", resistance: [["2 L/min", "0.0172 K/W"], ["3 L/min", "0.0175 K/W"],
                                                                     ["4 L/min", "0.0154 K/W"]]}
      curves:
        fit: {datasheet: sheet}
      """.write(to: dir.appendingPathComponent("device.yaml"), atomically: true, encoding: .utf8)
    let ref = try ValidationReferenceDecoder.decode(text: """
      device: device.yaml
      quantities:
        - {name: r, coldPlate: {curve: fit, flow: "2 L/min"}, reference: "0.0172 K/W", kind: analytic, source: s,
           tolerance: {relative: 0.01}, why: w}
      """, path: dir.appendingPathComponent("reference.yaml").path)
    XCTAssertThrowsError(try ValidationCaseRunner(reference: ref).run()) { error in
      let text = "\(error)"
      XCTAssertTrue(text.contains("device.yaml") && text.contains("datasheets.sheet") && text.contains("decreasing"),
                    text)
    }
  }

  /// `case` and `device` are exclusive, and one of them is required.
  func testCaseAndDeviceAreExclusive() {
    let q = """
      quantities:
        - {name: r, coldPlate: {curve: fit, flow: "2 L/min"}, reference: "0.0172 K/W", kind: analytic, source: s,
           tolerance: {relative: 0.01}, why: w}
      """
    for (head, found) in [("case: case.yaml\ndevice: device.yaml\n", "both"), ("", "neither")] {
      XCTAssertThrowsError(try ValidationReferenceDecoder.decode(text: head + q, path: "v/reference.yaml")) { error in
        XCTAssertTrue("\(error)".contains("exactly one of [case, device, channel]") && "\(error)".contains(found), "\(error)")
      }
    }
  }

  /// The repository's case: every row within its tolerance (the numbers are in its README).
  func testOCPCaseInTheRepository() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let refs = try ValidationSuite.discover(in: root.appendingPathComponent("validation").path,
                                            filter: "ocp-oam-coldplate").filter { $0.name == "ocp-oam-coldplate" }
    XCTAssertEqual(refs.count, 1)
    let result = try ValidationCaseRunner(reference: refs[0]).run()
    for row in result.rows { print("\(row.quantity): \(row.value) vs \(row.reference), error \(row.error)") }
    XCTAssertEqual(result.failed, 0)
    XCTAssertEqual(result.passed, 80)   // 40 reference rows and their gold rows
  }
}
