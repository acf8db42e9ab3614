import XCTest
import RackTwinCase
import RackTwinIO

final class OverridesTests: XCTestCase {
  static let base = """
    mesh: m.h5
    components:
      gpu0: {power: 1000 W}
      gpu1: {power: 1000 W}
      cpu0: {power: 300 W}
    interfaces:
      - {between: [die, lid], resistance: 5e-6}
    """

  func decode(_ overrides: [String]) throws -> CaseDocument {
    try CaseDecoder.decode(text: Self.base, path: "case.yaml", overrides: overrides)
  }

  func error(_ overrides: [String], file: StaticString = #filePath, line: UInt = #line) -> CaseError? {
    do {
      _ = try decode(overrides)
      XCTFail("no error", file: file, line: line)
    } catch {
      return error as? CaseError
    }
    return nil
  }

  func testWildcardChangesOnlyMatchingEntries() throws {
    let doc = try decode(["components.gpu*.power=800 W"])
    XCTAssertEqual(doc.components.map(\.power), [800, 800, 300])
    XCTAssertEqual(doc.components.map(\.name), ["gpu0", "gpu1", "cpu0"])  // order kept
  }

  func testListIndexFlowValueAndNewKeys() throws {
    let doc = try decode([
      "interfaces.0.resistance=1e-5 m^2*K/W",
      "probes.p1=[0.01, 0.02, 0.003]",
      "solver.tolerance=1e-8",
      "components.gpu0.limit=90 degC",
    ])
    XCTAssertEqual(doc.interfaces[0].resistance, 1e-5, accuracy: 1e-20)
    XCTAssertEqual(doc.probes, [.init(name: "p1", position: SIMD3(0.01, 0.02, 0.003))])
    XCTAssertEqual(doc.solver.tolerance, 1e-8)
    XCTAssertEqual(doc.components[0].limit ?? 0, 363.15, accuracy: 1e-12)
  }

  func testLaterOverrideWins() throws {
    XCTAssertEqual(try decode(["components.cpu0.power=1 W", "components.*.power=2 W"]).components.map(\.power), [2, 2, 2])
  }

  func testWildcardMatchingNothingIsAnError() {
    let e = error(["components.fpga*.power=1 W"])
    XCTAssertEqual(e?.override, "components.fpga*.power=1 W")
    XCTAssertTrue(e?.description.contains("fpga*") ?? false)
  }

  func testPathThroughScalarAndBadIndex() {
    XCTAssertEqual(error(["mesh.file=x"])?.keyPath, "mesh.file")
    XCTAssertEqual(error(["interfaces.3.resistance=0"])?.keyPath, "interfaces.3")
  }

  func testMalformedOverride() {
    XCTAssertEqual(error(["components.gpu0.power"])?.override, "components.gpu0.power")
    XCTAssertNotNil(error(["=5"]))
    XCTAssertNotNil(error(["a..b=5"]))
  }

  func testBadValueFromOverrideNamesOverrideNotLine() {
    let e = error(["components.gpu0.power=5 kg"])
    XCTAssertEqual(e?.keyPath, "components.gpu0.power")
    XCTAssertNil(e?.line)
    XCTAssertEqual(e?.override, "components.gpu0.power=5 kg")
    let unknown = error(["components.gpu0.pwer=5 W"])
    XCTAssertEqual(unknown?.suggestion, "power")
  }

  func testInnerAndSuffixWildcards() throws {
    XCTAssertEqual(try decode(["components.*0.power=7 W"]).components.map(\.power), [7, 1000, 7])
    XCTAssertEqual(try decode(["components.g*u1.power=7 W"]).components.map(\.power), [1000, 7, 300])
    XCTAssertEqual(try decode(["interfaces.*.resistance=0"]).interfaces[0].resistance, 0)
  }
}
