import Foundation
import XCTest
import RackTwinCase
import RackTwinCooling
import RackTwinIO
import RackTwinMesh
import RackTwinThermal

/// Datasheet cold plates fed by the network (`flow: {element: NAME}`, elements of `type: coldPlate`;
/// CoupledCaseRunner+Plates): the flow split, the loop's energy, the equality with a fixed-flow solve, and the errors.
final class CoupledCaseRunnerPlateTests: XCTestCase {
  /// A copper slab (x 0–60 mm, y 0–20 mm, z 0–2 mm, 4 cells across z), all of it component `chip`: symmetric in z,
  /// so plates on zmin and zmax with the same law take the same heat.
  func writeSlab(_ dir: TemporaryDirectory) throws {
    try """
      domain: {min: [0, 0, 0], max: ["60 mm", "20 mm", "2 mm"]}
      cells: {x: {maxSize: "2 mm"}, y: {maxSize: "2 mm"}, z: {maxSize: "0.5 mm"}}
      regions: {slab: {material: copper, component: chip}}
      boxes:
        - {region: slab, min: [0, 0, 0], max: ["60 mm", "20 mm", "2 mm"]}
      """.write(toFile: dir.path("mesh.yaml"), atomically: true, encoding: .utf8)
    try MeshFileWriter.write(MeshGenerator.generate(GridSpecDecoder.decode(contentsOf: dir.path("mesh.yaml"))),
                             to: dir.path("mesh.h5"))
  }

  /// The OCP 1 kW OAM plate, DI water (Chen et al. 2023, OCP OAI guidelines, Fig. 8, as in the Modelica Buildings
  /// record OCP_1kW_OAM_Water), with an illustrative ΔP (not OCP data).
  func plate(_ patch: String, flow: String, inlet: String? = nil, pressureDrop: Bool = true) -> String {
    """
      \(patch)-plate:
        model: datasheet
        patch: \(patch)
        flowDirection: [1, 0, 0]
        flow: \(flow)
    \(inlet.map { "    inletTemperature: \"\($0)\"\n" } ?? "")    \(ColdPlateCaseTests.ocpWater)
    \(pressureDrop ? "      pressureDrop: {flow: \"2 L/min\", pressureDrop: \"8 kPa\", exponent: 1.85}\n" : "")
    """
  }

  static let power = 2000.0
  static let header = """
    mesh: mesh.h5
    coolant: water
    components:
      chip: {power: "2000 W"}
    solver: {method: banded, tolerance: 1e-12, nonlinearTolerance: "1e-9 K"}

    """

  /// Two plates in parallel on a pump (fixed 4 L/min) and an exchanger holding the supply at 30 °C.
  func loopCase(top: String = "p0", pressureDrop: Bool = true, extraElement: String = "") -> String {
    Self.header + """
      network:
        elements:
          pump: {type: pump, from: ret, to: sup, flow: "4 L/min"}
          p0: {type: \(top == "p0" ? "coldPlate" : "component, flow: \"2 L/min\", pressureDrop: \"8 kPa\""), from: sup, to: mix}
          p1: {type: coldPlate, from: sup, to: mix}
      \(extraElement)    cdu: {type: exchanger, from: mix, to: ret, flow: "4 L/min", pressureDrop: "20 kPa", supplyTemperature: "30 degC"}
      coldPlates:

      """ + plate("zmax", flow: "{element: p0}", pressureDrop: pressureDrop) + plate("zmin", flow: "{element: p1}")
  }

  func solve(_ text: String, in dir: TemporaryDirectory) throws -> SteadyCaseRunner.Outcome {
    try text.write(toFile: dir.path("case.yaml"), atomically: true, encoding: .utf8)
    return try SteadyCaseRunner(casePath: dir.path("case.yaml")).solve()
  }

  func metric(_ o: SteadyCaseRunner.Outcome, _ name: String) -> Double? {
    o.results.metrics.first { $0.name == name }?.value
  }

  /// Two identical plates in parallel take half the pump's flow each (symmetry of the laws and of the slab), and the
  /// exchanger's return closes T_return = T_supply + Q/(ṁ c_p) with Q = the component's 2000 W (every other boundary
  /// is adiabatic) — independent of the solve's numbers. The 3-D balance and the loop's (exchanger = Σ plate heats)
  /// close to 1e-6 relative.
  func testTwoIdenticalPlatesSplitThePumpFlowAndCloseTheLoop() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    try writeSlab(dir)
    let o = try solve(loopCase(), in: dir)
    let net = try XCTUnwrap(o.network)
    func element(_ name: String) throws -> NetworkSolution.ElementState {
      try XCTUnwrap(net.elements.first { $0.name == name })
    }
    let pump = try element("pump"), p0 = try element("p0"), p1 = try element("p1"), cdu = try element("cdu")
    // Newton stops at 1e-11 of the largest flow; symmetry then holds to that.
    XCTAssertEqual(p0.massFlow, pump.massFlow / 2, accuracy: 1e-9 * pump.massFlow)
    XCTAssertEqual(p1.massFlow, pump.massFlow / 2, accuracy: 1e-9 * pump.massFlow)
    // Energy: the field's balance, the plates' heats and the exchanger.
    XCTAssertLessThanOrEqual(abs(o.solution.energyBalance.imbalance), 1e-6 * Self.power)
    let q0 = try XCTUnwrap(metric(o, "zmax-plate.heat_to_liquid"))
    let q1 = try XCTUnwrap(metric(o, "zmin-plate.heat_to_liquid"))
    XCTAssertEqual(q0 + q1, Self.power, accuracy: 1e-6 * Self.power)
    XCTAssertEqual(q0, q1, accuracy: 1e-6 * Self.power)  // z-symmetric slab
    XCTAssertEqual(p0.heat, q0, accuracy: 1e-9 * Self.power)
    XCTAssertEqual(-cdu.heat, Self.power, accuracy: 1e-6 * Self.power)
    XCTAssertEqual(try XCTUnwrap(metric(o, "heat_to_liquid")), Self.power, accuracy: 1e-6 * Self.power)
    // Closed form: c_p at the mean of supply and return approximates Δh/ΔT to second order (water's c_p varies by
    // about 0.03 % over these 7 K, so the remainder is far below 1e-3 K).
    let supply = 303.15
    var ret = supply + Self.power / (pump.massFlow * 4180)
    for _ in 0..<5 {
      ret = supply + Self.power / (pump.massFlow * (try Coolant.water.specificHeat(at: (supply + ret) / 2)))
    }
    XCTAssertEqual(cdu.inletTemperature, ret, accuracy: 1e-3)
    XCTAssertEqual(p0.inletTemperature, supply, accuracy: 1e-9)
    XCTAssertEqual(metric(o, "coupling_iterations"), 1)  // the inlets sit at the set point; the flows do not move
  }

  /// The coupled solve equals the fixed-flow solve given the same flow and inlet (a consistency check of the
  /// coupling's plumbing: the same plate term at the same ṁ, T_in): every cell within 1e-6 K.
  func testCoupledSolveEqualsTheFixedFlowSolve() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    try writeSlab(dir)
    let coupled = try solve(loopCase(), in: dir)
    let net = try XCTUnwrap(coupled.network)
    let p0 = try XCTUnwrap(net.elements.first { $0.name == "p0" })
    let p1 = try XCTUnwrap(net.elements.first { $0.name == "p1" })
    let v0 = p0.massFlow / (try Coolant.water.density(at: p0.inletTemperature))
    let v1 = p1.massFlow / (try Coolant.water.density(at: p1.inletTemperature))
    let t0 = String(format: "%.17g degC", p0.inletTemperature - 273.15)
    let t1 = String(format: "%.17g degC", p1.inletTemperature - 273.15)
    let fixed = Self.header + "coldPlates:\n"
      + plate("zmax", flow: String(format: "\"%.17g m^3/s\"", v0), inlet: t0)
      + plate("zmin", flow: String(format: "\"%.17g m^3/s\"", v1), inlet: t1)
    let alone = try solve(fixed, in: dir)
    XCTAssertEqual(coupled.solution.temperature.count, alone.solution.temperature.count)
    let worst = zip(coupled.solution.temperature, alone.solution.temperature).map { abs($0 - $1) }.max()!
    XCTAssertLessThanOrEqual(worst, 1e-6)
    XCTAssertGreaterThan(coupled.solution.temperature.max()! - 303.15, 1)  // the field is not trivially uniform
  }

  /// One pass allowed where only the plates' flows still move (the supply is held at 30 °C, so the inlets settle at
  /// once; the zmin plate's ΔP doubled makes the split uneven, so the heats move the properties and the split): exit 1
  /// at network.coupling.maxIterations, naming the plate and its relative flow change against 1e-6, not an inlet
  /// "still moving" by less than the temperature tolerance.
  func testUnsettledPlateFlowIsNamed() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    try writeSlab(dir)
    var text = loopCase().replacingOccurrences(of: "network:\n", with: "network:\n  coupling: {maxIterations: 1}\n")
    let last = try XCTUnwrap(text.range(of: "pressureDrop: \"8 kPa\"", options: .backwards))
    text.replaceSubrange(last, with: "pressureDrop: \"16 kPa\"")
    do {
      _ = try solve(text, in: dir)
      XCTFail("settled in one pass")
    } catch let e as CaseRunError {
      XCTAssertTrue(e.isNonConvergence)
      XCTAssertEqual(e.keyPath, "network.coupling.maxIterations")
      let settled = try XCTUnwrap(e.underlying as? CouplingNotSettled, "\(e)")
      let plate = try XCTUnwrap(settled.plateFlow, "\(e)")
      XCTAssertGreaterThan(plate.relativeChange, 1e-6)
      XCTAssertLessThanOrEqual(settled.change, settled.tolerance)
      for fragment in ["cold plate \(plate.plate)'s mass flow (element \(plate.element)) still moving by",
                       "of itself (more than 1e-06)", "inlet temperatures settled"] {
        XCTAssertTrue("\(e)".contains(fragment), "\(e) lacks \(fragment)")
      }
      XCTAssertFalse("\(e)".contains("inlet still moving"), "\(e)")
      print("one pass, uneven plates: \(e)")
    }
  }

  /// Errors, each exit 2 naming the key: an element the network lacks, an element of the wrong type, a plate with
  /// no ΔP law, a coldPlate element no plate names.
  func testErrorsNameTheKey() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    try writeSlab(dir)
    func expectError(_ text: String, _ fragments: [String], line: UInt = #line) throws {
      try text.write(toFile: dir.path("case.yaml"), atomically: true, encoding: .utf8)
      assertThrows(CaseError.self, containing: ["case.yaml"] + fragments, line: line) {
        _ = try SteadyCaseRunner(casePath: dir.path("case.yaml")).solve()
      }
    }
    try expectError(loopCase().replacingOccurrences(of: "{element: p0}", with: "{element: p9}"),
                    ["coldPlates.zmax-plate.flow.element", "an element of the network"])
    try expectError(loopCase(top: "component"),
                    ["coldPlates.zmax-plate.flow.element", "of type coldPlate", "p0 of type component"])
    try expectError(loopCase(pressureDrop: false),
                    ["coldPlates.zmax-plate.datasheet.pressureDrop", "a pressure drop law", "found none"])
    try expectError(loopCase(extraElement: "    p2: {type: coldPlate, from: sup, to: mix}\n"),
                    ["network.elements.p2", "no plate naming it"])
  }
}
