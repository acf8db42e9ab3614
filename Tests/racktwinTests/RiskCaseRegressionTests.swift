import Foundation
import XCTest
import RackTwinCase
import RackTwinIO

/// Inputs the fuzzer found crashing (a precondition trap, signal 4) rather than solving or failing cleanly.
final class RiskCaseRegressionTests: XCTestCase {
  /// A truncated normal with an open upper bound sent FORM deep into its tail, where dx/du = φ(u)/φ(z) overflows:
  /// the iterate became NaN and Φ⁻¹(NaN) trapped. Found by `FuzzTests.testFuzzCaseFiles` on its own seed.
  func testTruncatedNormalWithOpenUpperBoundSolves() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("racktwin-riskreg-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    try writeSmallMesh(to: dir.appendingPathComponent("mesh.h5"))
    let path = dir.appendingPathComponent("case.yaml")
    try (smallCase + "\nuncertainty: {samples: 1000, seed: 2, inputs: [{key: \"components.*.power\", normal: {sd: \"5 %\"}}, "
         + "{key: boundaries.zmin.ambient, truncatedNormal: {sd: \"1 K\", lower: \"-1 K\"}}]}\n")
      .write(to: path, atomically: true, encoding: .utf8)
    let outcome = try SteadyCaseRunner(casePath: path.path).solve()
    let m = Dictionary(outcome.results.metrics.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
    let beta = try XCTUnwrap(m["reliability_index"]), risk = try XCTUnwrap(m["hotspot_risk"])
    XCTAssertFalse(beta.isNaN, "reliability_index")
    XCTAssertTrue((0...1).contains(risk), "hotspot_risk \(risk)")
  }
}
