import Foundation
import RackTwinIO
import RackTwinValidation
import XCTest

final class ValidationCaseRunnerTests: XCTestCase {
  /// A copper bar, 100 °C at x = 0 and 0 °C at x = L: T(L/2) = 50 °C exactly (linear; exact for two-point FV),
  /// and the heat through it k·A·ΔT/L = 401 × 1e-4 × 100 / 0.1 = 40.1 W.
  func testRowsPassWithinAndFailOutsideTolerance() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("racktwin-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
    try """
      domain: {min: [0, 0, 0], max: [0.1, 0.01, 0.01]}
      cells: {x: {maxSize: 0.01}, y: {maxSize: 0.01}, z: {maxSize: 0.01}}
      regions: {bar: {material: copper}}
      boxes: [{region: bar, min: [0, 0, 0], max: [0.1, 0.01, 0.01]}]
      """.write(to: dir.appendingPathComponent("mesh.yaml"), atomically: true, encoding: .utf8)
    try """
      mesh: mesh.h5
      boundaries:
        xmin: {type: temperature, value: "100 degC"}
        xmax: {type: temperature, value: "0 degC"}
      probes: {mid: [0.05, 0.005, 0.005]}
      """.write(to: dir.appendingPathComponent("case.yaml"), atomically: true, encoding: .utf8)
    let text = """
      case: case.yaml
      mesh: mesh.yaml
      quantities:
        - {name: mid, probe: mid, reference: "50 degC", kind: analytic, source: s, tolerance: {absolute: "1e-9 K"}, why: exact, gold: "323.15 K"}
        - {name: heat, patchHeat: xmin, reference: "40.1 W", kind: analytic, source: s, tolerance: {relative: 1e-9}, why: exact}
        - {name: wrong, patchMean: xmax, reference: "1 degC", kind: analytic, source: s, tolerance: {absolute: "0.5 K"}, why: deliberately off}
        - {name: balance, metric: energy_balance_relative, reference: 0, kind: consistency, source: s, tolerance: {absolute: 1e-10}, why: solve only}
      """
    let path = dir.appendingPathComponent("reference.yaml").path
    let ref = try ValidationReferenceDecoder.decode(text: text, path: path)
    let result = try ValidationCaseRunner(reference: ref).run()
    XCTAssertEqual(result.rows.map(\.quantity), ["mid", "mid [gold]", "heat", "wrong", "balance [consistency]"])
    XCTAssertEqual(result.rows.map(\.passed), [true, true, true, false, true])
    // A consistency check is reported apart from the outside references.
    XCTAssertEqual(result.rows.map(\.tier), [.reference, .gold, .reference, .reference, .consistency])
    XCTAssertEqual(result.rows[0].rawValue, 323.15, accuracy: 1e-9)
    XCTAssertEqual(result.rows[3].error, "1 K")
    XCTAssertEqual(result.cellCounts, [10])
  }

  func testUnknownProbeIsABadFileNamingTheNearestProbe() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("racktwin-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
    try """
      domain: {min: [0, 0, 0], max: [0.1, 0.01, 0.01]}
      cells: {all: {maxSize: 0.01}}
      regions: {bar: {material: copper}}
      boxes: [{region: bar, min: [0, 0, 0], max: [0.1, 0.01, 0.01]}]
      """.write(to: dir.appendingPathComponent("mesh.yaml"), atomically: true, encoding: .utf8)
    try """
      mesh: mesh.h5
      boundaries: {xmin: {type: temperature, value: 300}}
      probes: {middle: [0.05, 0.005, 0.005]}
      """.write(to: dir.appendingPathComponent("case.yaml"), atomically: true, encoding: .utf8)
    let ref = try ValidationReferenceDecoder.decode(text: """
      case: case.yaml
      mesh: mesh.yaml
      quantities:
        - {name: t, probe: midle, reference: 300, kind: analytic, source: s, tolerance: {absolute: 1e-9}, why: w}
      """, path: dir.appendingPathComponent("reference.yaml").path)
    XCTAssertThrowsError(try ValidationCaseRunner(reference: ref).run()) { error in
      XCTAssertEqual((error as? CaseError)?.keyPath, "quantities.0.probe")
      XCTAssertEqual((error as? CaseError)?.suggestion, "middle")
    }
  }
}
