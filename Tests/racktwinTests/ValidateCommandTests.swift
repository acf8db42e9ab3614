import Foundation
import XCTest

/// `racktwin validate` on a temporary suite: a slab with fixed temperatures (T linear, exact for FV).
final class ValidateCommandTests: XCTestCase {
  static let spec = """
    domain: {min: [0, 0, 0], max: [0.1, 0.01, 0.01]}
    cells: {x: {maxSize: 0.01}, y: {maxSize: 0.01}, z: {maxSize: 0.01}}
    regions: {slab: {material: copper}}
    boxes: [{region: slab, min: [0, 0, 0], max: [0.1, 0.01, 0.01]}]
    """
  static let caseText = """
    mesh: mesh.h5
    boundaries:
      xmin: {type: temperature, value: "100 degC"}
      xmax: {type: temperature, value: "0 degC"}
    probes: {mid: [0.05, 0.005, 0.005]}
    """
  /// T(L/2) = 50 degC exactly; `referenceValue` decides pass or fail.
  static func reference(_ referenceValue: String, key: String = "why") -> String {
    """
    case: case.yaml
    mesh: mesh.yaml
    quantities:
      - name: mid-plane temperature
        probe: mid
        reference: "\(referenceValue)"
        kind: analytic
        source: linear conduction
        tolerance: {absolute: "1e-6 K"}
        \(key): linear profile, exact for FV
    """
  }

  func makeCase(_ name: String, reference: String, in root: URL) throws {
    let dir = root.appendingPathComponent(name)
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    try write(Self.spec, to: "mesh.yaml", in: dir)
    try write(Self.caseText, to: "case.yaml", in: dir)
    try write(reference, to: "reference.yaml", in: dir)
  }

  func testPassingAndFailingCasesExitOneAndWriteTheReport() throws {
    let root = try temporaryDirectory(self)
    try makeCase("good", reference: Self.reference("50 degC"), in: root)
    try makeCase("bad", reference: Self.reference("51 degC"), in: root)
    let run = try runRacktwin(["validate", root.path, "--report", root.appendingPathComponent("report.md").path], in: root)
    XCTAssertEqual(run.status, 1, run.stderr)
    let lines = run.stdout.split(separator: "\n").map(String.init)
    XCTAssertEqual(lines.last, "validate: 1 passed, 1 failed")
    XCTAssertTrue(lines.contains { $0.hasPrefix("good ") && $0.hasSuffix("PASS") }, run.stdout)
    XCTAssertTrue(lines.contains { $0.hasPrefix("bad ") && $0.hasSuffix("FAIL") }, run.stdout)
    let report = try String(contentsOf: root.appendingPathComponent("report.md"), encoding: .utf8)
    XCTAssertTrue(report.contains("| bad | mid-plane temperature | 50 degC | 51 degC |"), report)

    let filtered = try runRacktwin(["validate", root.path, "--filter", "go*"], in: root)
    XCTAssertEqual(filtered.status, 0, filtered.stdout + filtered.stderr)
    XCTAssertTrue(filtered.stdout.hasSuffix("validate: 1 passed, 0 failed\n"), filtered.stdout)
  }

  func testBadReferenceFileExitsTwoNamingTheKey() throws {
    let root = try temporaryDirectory(self)
    try makeCase("typo", reference: Self.reference("50 degC", key: "whyy"), in: root)
    let run = try runRacktwin(["validate", root.path], in: root)
    XCTAssertEqual(run.status, 2)
    XCTAssertTrue(run.stderr.contains("reference.yaml:10: quantities.0.whyy"), run.stderr)
    XCTAssertTrue(run.stderr.contains("did you mean \"why\"?"), run.stderr)
  }
}
