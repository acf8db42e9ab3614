import Foundation
import RackTwinIO
import RackTwinValidation
import XCTest

/// Fin plates in a device file (`finPlates:`): the porous (b) and resolved-channel (c) predictions of the OCP plate.
final class FinPlateDeviceFileTests: XCTestCase {
  /// The repository's case: every row within its tolerance (the table is in its README).
  func testOCPFidelityCaseInTheRepository() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let refs = try ValidationSuite.discover(in: root.appendingPathComponent("validation").path,
                                            filter: "ocp-oam-coldplate-fidelity")
    XCTAssertEqual(refs.count, 1)
    let result = try ValidationCaseRunner(reference: refs[0]).run()
    for row in result.rows { print("\(row.quantity): \(row.value) vs \(row.reference), error \(row.error)") }
    XCTAssertEqual(result.failed, 0)
  }

  /// A fin plate with a zero gap is a bad file naming the file, the plate and the key.
  func testBadFinPlateNamesTheKey() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("racktwin-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
    try """
      datasheets:
        sheet: {coolant: water, temperature: "40 degC", resistance: [["2 L/min", "0.0172 K/W"]]}
      curves:
        fit: {datasheet: sheet, fit: constant}
      finPlates:
        p:
          model: porous
          fins: {thickness: "0.2 mm", gap: "0 mm", height: "3 mm", length: "50 mm", conductivity: "388 W/(m*K)"}
          channels: 125
          base: {thickness: "2 mm", conductivity: "388 W/(m*K)"}
          power: "1 kW"
          coolant: water
          temperature: "40 degC"
      """.write(to: dir.appendingPathComponent("device.yaml"), atomically: true, encoding: .utf8)
    XCTAssertThrowsError(try FinPlateDevice.plates(contentsOf: dir.appendingPathComponent("device.yaml").path)) { e in
      let text = "\(e)"
      for fragment in ["device.yaml", "finPlates.p", "gap", "> 0"] {
        XCTAssertTrue(text.contains(fragment), "'\(text)' lacks '\(fragment)'")
      }
    }
  }
}
