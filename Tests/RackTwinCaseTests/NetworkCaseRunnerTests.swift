import XCTest
import RackTwinCase
import RackTwinCooling
import RackTwinIO

/// Solving a case's network in-process: the documented example, metrics against balances, and physics errors
/// placed at case keys.
final class NetworkCaseRunnerTests: XCTestCase {
  func doc(_ text: String) throws -> CaseDocument { try CaseDecoder.decode(text: text, path: "net.yaml") }

  /// The example of docs/case-format.md: 8 × 1.2 kW into PG25. Energy: the coolant picks up 9.6 kW and the
  /// exchanger removes it (balance to rounding); mass: the branches carry the pump's flow (continuity at the taps).
  func testDocumentedExampleSolvesWithBalancedEnergyAndMass() throws {
    let outcome = try NetworkCaseRunner(document: doc(CaseDecoderNetworkTests.example)).solve()
    let metric = { (name: String) in outcome.results.metrics.first { $0.name == name }!.value }
    XCTAssertEqual(metric("heat_to_liquid"), 9600, accuracy: 1e-6)
    let loop = try XCTUnwrap(outcome.results.loop)
    XCTAssertEqual(loop.elements.first { $0.name == "hx" }!.heat, -9600, accuracy: 1e-6)
    let pump = loop.elements[0].massFlow
    let branches = loop.elements.filter { $0.name.hasPrefix("rackA.b") }.map(\.massFlow)
    XCTAssertEqual(branches.count, 8)
    // Newton stops at 1e-11 relative flow change: continuity holds to about that.
    XCTAssertEqual(branches.reduce(0, +), pump, accuracy: 1e-9 * pump)
    // A direct-return manifold feeds the branches nearest its inlet and outlet best.
    XCTAssertEqual(loop.manifolds.count, 1)
    XCTAssertEqual(loop.manifolds[0].minOverMean, branches.min()! / (pump / 8), accuracy: 1e-9)
    XCTAssertLessThan(loop.manifolds[0].minOverMean, 1)
    XCTAssertGreaterThan(loop.manifolds[0].maxOverMean, 1)
    XCTAssertEqual(branches.firstIndex(of: branches.max()!), 0)
    XCTAssertEqual(metric("loop_supply_temperature"), 32, accuracy: 1e-9)
    XCTAssertEqual(loop.pumps[0].running, 2)
    // Electrical = hydraulic / 0.45.
    XCTAssertEqual(metric("pump_power"), metric("pump_hydraulic_power") / 0.45, accuracy: 1e-9 * metric("pump_power"))
    // A network alone: its elements' heat, then the loop metrics.
    XCTAssertEqual(outcome.results.metrics.map(\.name),
                   ["heat_to_liquid"] + MetricCatalog.all.filter { $0.runs == .network }.map(\.name))
    let columns = SolutionMetrics.columns(of: outcome.results).map(\.name)
    XCTAssertTrue(columns.contains("pumps.pumps.flow"))
    XCTAssertTrue(columns.contains("manifolds.rackA.max_over_mean"))
  }

  func testPhysicsErrorsCarryTheKeyOfTheElement() throws {
    let text = """
      coolant: water
      network:
        elements:
          p: {type: pump, from: a, to: b, flow: "1 L/min"}
          x: {type: exchanger, from: b, to: a, flow: "1 L/min", pressureDrop: "10 kPa", supplyTemperature: "30 degC"}
          stub: {type: pipe, from: b, to: nowhere, length: "1 m", diameter: "1 cm"}
      """
    do {
      _ = try NetworkCaseRunner(document: doc(text)).solve()
      XCTFail("solved a dead end")
    } catch let e as CaseRunError {
      XCTAssertEqual(e.keyPath, "network.elements.stub")
      XCTAssertEqual(e.line, 6)
      XCTAssertFalse(e.isNonConvergence)
      XCTAssertTrue("\(e)".hasPrefix("net.yaml:6: network.elements.stub: element stub: expected it connected"), "\(e)")
    }
    // A Newton tolerance no iteration reaches (1e-300 of the flow; rounding leaves about 1e-16): not converged,
    // exit 1, naming network.tolerance.
    let strict = """
      coolant: water
      network:
        elements:
          p: {type: pump, from: a, to: b, curve: {shutoff: "50 kPa", maxFlow: "10 L/min"}}
          x: {type: exchanger, from: b, to: a, flow: "1 L/min", pressureDrop: "10 kPa", supplyTemperature: "30 degC"}
        tolerance: 1e-300
      """
    do {
      _ = try NetworkCaseRunner(document: doc(strict)).solve()
      XCTFail("converged to 1e-300")
    } catch let e as CaseRunError {
      XCTAssertTrue(e.isNonConvergence)
      XCTAssertEqual(e.keyPath, "network.tolerance")
    }
  }
}
