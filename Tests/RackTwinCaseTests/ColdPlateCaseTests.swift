import Foundation
import XCTest
import RackTwinCase
import RackTwinCooling
import RackTwinIO
import RackTwinMesh
import RackTwinThermal

/// `coldPlates:` in a case (CaseDecoder+ColdPlates, ModelBuilder+ColdPlates): decoding, the term it builds, and the
/// errors, each naming the plate's key and line.
final class ColdPlateCaseTests: XCTestCase {
  /// OCP 1 kW OAM plate, DI water (Chen et al. 2023, OCP OAI System Liquid Cooling Guidelines, Fig. 8, as encoded in
  /// the Modelica Buildings record OCP_1kW_OAM_Water; validation/ocp-oam-coldplate).
  static let ocpWater = """
    datasheet:
          temperature: "40 degC"
          resistance:
            - ["2 L/min", "0.0172 K/W"]
            - ["3 L/min", "0.0160 K/W"]
            - ["4 L/min", "0.0154 K/W"]
            - ["5 L/min", "0.0151 K/W"]
    """

  /// A slab (x 0–60 mm, y 0–20 mm, z 0–2 mm) of `material`, all of it component `chip`.
  func writeSlab(_ dir: TemporaryDirectory, material: String = "copper") throws {
    try """
      domain: {min: [0, 0, 0], max: ["60 mm", "20 mm", "2 mm"]}
      cells: {x: {maxSize: "2 mm"}, y: {maxSize: "2 mm"}, z: {maxSize: "0.5 mm"}}
      regions: {slab: {material: \(material), component: chip}}
      boxes:
        - {region: slab, min: [0, 0, 0], max: ["60 mm", "20 mm", "2 mm"]}
      """.write(toFile: dir.path("mesh.yaml"), atomically: true, encoding: .utf8)
    try MeshFileWriter.write(MeshGenerator.generate(GridSpecDecoder.decode(contentsOf: dir.path("mesh.yaml"))),
                             to: dir.path("mesh.h5"))
  }

  func caseText(flow: String = "\"2 L/min\"", power: String = "1000 W", coolant: String = "water", extra: String = "",
                plate: String = "") -> String {
    """
    mesh: mesh.h5
    coolant: \(coolant)
    components:
      chip: {power: "\(power)"}
    coldPlates:
      plate:
        model: datasheet
        patch: zmax
        flowDirection: [1, 0, 0]
        flow: \(flow)
        inletTemperature: "30 degC"
    \(plate)    \(Self.ocpWater)
    \(extra)
    """
  }

  func solve(_ text: String, in dir: TemporaryDirectory) throws -> SteadyCaseRunner.Outcome {
    try text.write(toFile: dir.path("case.yaml"), atomically: true, encoding: .utf8)
    return try SteadyCaseRunner(casePath: dir.path("case.yaml")).solve()
  }

  func metric(_ s: ThermalSolution, _ name: String) -> Double {
    guard let m = s.termMetrics.first(where: { $0.name == name }) else {
      XCTFail("no term metric \(name) in \(s.termMetrics.map(\.name))")
      return .nan
    }
    return m.value
  }

  func testDecodesPlateAndFitsItsDatasheet() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    try caseText().write(toFile: dir.path("case.yaml"), atomically: true, encoding: .utf8)
    let doc = try CaseDecoder.decode(contentsOf: dir.path("case.yaml"))
    XCTAssertEqual(doc.coldPlates.count, 1)
    let p = doc.coldPlates[0]
    XCTAssertEqual(p.name, "plate")
    XCTAssertEqual(p.patch, "zmax")
    XCTAssertEqual(p.segments, 20)
    XCTAssertEqual(p.origin.keyPath, "coldPlates.plate")
    XCTAssertEqual(p.origin.line, 6)
    guard case let .fixed(q, t) = p.flow else { return XCTFail("expected a fixed flow, got \(p.flow)") }
    XCTAssertEqual(q, 2.0 / 60_000, accuracy: 1e-15)
    XCTAssertEqual(t, 303.15, accuracy: 1e-12)
    // The OCP water fit (validation/ocp-oam-coldplate README): one UA of 74.25 W/K, both bounds active, +1.20 % at
    // 2 L/min and −0.89 % at 5 L/min (SciPy least_squares on the same residuals gives the same numbers).
    XCTAssertEqual(p.curve.referenceConductance * pow(1, p.curve.exponent), 74.25, accuracy: 0.01)
    XCTAssertEqual(p.curve.exponent, 0, accuracy: 1e-9)
    XCTAssertEqual(p.curve.baseResistance, 0, accuracy: 1e-12)
    XCTAssertEqual((p.curve.resistance(volumeFlow: 2.0 / 60_000) - 0.0172) / 0.0172, 0.0120, accuracy: 0.0005)
  }

  /// A plate on a slab of a near-ideal conductor (k = 10⁸ W/m/K: the slab's conductance along the flow, 7·10⁴ W/K,
  /// dwarfs the plate's UA of 74 W/K, so the patch is isothermal within 0.01 K) takes the whole source: heat to
  /// liquid = P, the outlet at T_in + P/(ṁc̄_p), and the case-to-inlet resistance is the datasheet's: 0.0172 K/W measured at 2 L/min (OCP data), which the fit meets within +1.2 %; R from the 3-D solve
  /// meets the fitted R(ṁ) within 0.3 % (c_p at 30 °C in the path vs 40 °C in the fit: < 0.1 %).
  func testIsothermalSlabGivesBackTheDatasheetResistance() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    try writeSlab(dir, material: "ideal")
    let out = try solve(caseText(extra: "materials:\n  ideal: {conductivity: 1e8, density: 8900, specificHeat: 385}"),
                        in: dir)
    let s = out.solution
    // k = 10⁸ makes the system stiff (10⁶ between conduction and plate coefficients): 1e-8 rather than 1e-9.
    XCTAssertLessThan(s.energyBalance.relative, 1e-8)
    XCTAssertEqual(s.energyBalance.streams.map(\.name), ["plate.plate coolant"])
    XCTAssertEqual(metric(s, "plate.heat_to_liquid"), 1000, accuracy: 1e-5)
    let water = Coolant.water
    let tIn = 303.15
    let mdot = 2.0 / 60_000 * (try water.density(at: tIn))
    // Outlet from the enthalpy balance: h(T_out) = h(T_in) + P/ṁ, solved independently of the term.
    let tOut = try water.temperature(enthalpy: water.enthalpy(at: tIn) + 1000 / mdot)
    XCTAssertEqual(metric(s, "plate.outlet_temperature"), tOut, accuracy: 1e-5)
    let r = (metric(s, "plate.case_temperature") - tIn) / 1000
    XCTAssertEqual(metric(s, "plate.resistance"), r, accuracy: 1e-8 * r)
    XCTAssertEqual(r, metric(s, "plate.datasheet_resistance"), accuracy: 0.003 * r)
    XCTAssertEqual(r, 0.0172, accuracy: 0.015 * 0.0172)
    XCTAssertEqual(metric(s, "plate.extrapolated"), 0)
  }

  /// Copper slab, 1 kW, 2 L/min: the coolant warms by P/(ṁc_p) ≈ 7.3 K along x, so the plate's downstream end runs
  /// hotter than its upstream end (DESIGN §3.3); the heat still all goes to the liquid (adiabatic elsewhere).
  func testDownstreamEndRunsHotter() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    try writeSlab(dir)
    let out = try solve(caseText(), in: dir)
    let s = out.solution, mesh = out.mesh
    XCTAssertLessThan(s.energyBalance.relative, 1e-9)
    XCTAssertEqual(metric(s, "plate.heat_to_liquid"), 1000, accuracy: 1e-6)
    let rise = metric(s, "plate.outlet_temperature") - metric(s, "plate.inlet_temperature")
    XCTAssertEqual(rise, 1000 / (2.0 / 60_000 * 992.2 * 4179.4), accuracy: 0.02 * rise)  // water at 40 °C, ±2 % for c_p(T)
    let top = mesh.patch(named: "zmax")!.faces.map { Int(mesh.faceOwner[$0]) }
    let upstream = top.filter { mesh.cellCentroid[$0].x < 0.01 }.map { s.temperature[$0] }
    let downstream = top.filter { mesh.cellCentroid[$0].x > 0.05 }.map { s.temperature[$0] }
    let mean = { (v: [Double]) in v.reduce(0, +) / Double(v.count) }
    // Without conduction along x the ends would differ by 5/6 of the rise; copper's lateral conduction evens part.
    XCTAssertGreaterThan(mean(downstream) - mean(upstream), 0.3 * rise)
    XCTAssertLessThan(mean(downstream) - mean(upstream), rise)
  }

  /// A flow below the datasheet's range (1 L/min < 2 L/min) is flagged, not silent; within it, not.
  func testFlowBelowTheDatasheetIsFlaggedAsExtrapolated() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    try writeSlab(dir)
    XCTAssertEqual(metric(try solve(caseText(flow: "\"1 L/min\"", power: "200 W"), in: dir).solution,
                          "plate.extrapolated"), 1)
    XCTAssertEqual(metric(try solve(caseText(flow: "\"3.5 L/min\"", power: "200 W"), in: dir).solution,
                          "plate.extrapolated"), 0)
  }

  /// Water data in a PG25 loop: UA carried by the laminar (Graetz) rule, UA_PG25 = (k_PG25/k_water) UA_water =
  /// (0.4858/0.6285) × 74.25 = 57.40 W/K (validation/ocp-oam-coldplate README, properties at 40 °C), and the
  /// datasheet's flows 2–5 L/min map to 1.60–4.0 L/min.
  func testWaterDatasheetInPG25LoopIsCarriedOver() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let text = caseText(coolant: "pg25").replacingOccurrences(of: "inletTemperature: \"30 degC\"",
                                                              with: "inletTemperature: \"40 degC\"")
      .replacingOccurrences(of: "datasheet:\n", with: "datasheet:\n      coolant: water\n")
    try text.write(toFile: dir.path("case.yaml"), atomically: true, encoding: .utf8)
    let curve = try CaseDecoder.decode(contentsOf: dir.path("case.yaml")).coldPlates[0].curve
    XCTAssertEqual(curve.coolant.name, "pg25")
    XCTAssertEqual(curve.referenceConductance, 57.40, accuracy: 0.05)
    let rho = curve.properties.density
    XCTAssertEqual(curve.validMassFlow.lowerBound / rho * 60_000, 1.60, accuracy: 0.01)
  }

  func testFixedFlowPlateOnSeveralPatchesAndSegments() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    try writeSlab(dir)
    // Two plates, on top and bottom, 40 and 5 segments: the heat splits between them and still closes.
    let second = """
        under:
          model: datasheet
          patch: zmin
          flowDirection: [-1, 0, 0]
          segments: 5
          flow: "3 L/min"
          inletTemperature: "35 degC"
          datasheet: {temperature: "40 degC", resistance: [["2 L/min", "0.0172 K/W"], ["5 L/min", "0.0151 K/W"]],
                      fit: constant}

      """
    let text = caseText(plate: "    segments: 40\n").replacingOccurrences(of: "coldPlates:\n", with: "coldPlates:\n" + second)
    let s = try solve(text, in: dir).solution
    XCTAssertLessThan(s.energyBalance.relative, 1e-9)
    XCTAssertEqual(metric(s, "plate.heat_to_liquid") + metric(s, "under.heat_to_liquid"), 1000, accuracy: 1e-6)
    XCTAssertGreaterThan(metric(s, "under.heat_to_liquid"), 0)
  }

  // MARK: errors, each naming the plate's key (and line where the file has one)

  func assertCaseError(_ text: String, _ fragments: [String], mesh: Bool = true, file: StaticString = #filePath,
                       line: UInt = #line) throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    if mesh { try writeSlab(dir) }
    try text.write(toFile: dir.path("case.yaml"), atomically: true, encoding: .utf8)
    assertThrows(CaseError.self, containing: ["case.yaml"] + fragments, file: file, line: line) {
      _ = try SteadyCaseRunner(casePath: dir.path("case.yaml")).solve()
    }
  }

  func testErrorsNameThePlate() throws {
    try assertCaseError(caseText().replacingOccurrences(of: "patch: zmax", with: "patch: zmaxx"),
                        [":8: coldPlates.plate.patch", "did you mean \"zmax\""])
    try assertCaseError(caseText(extra: "boundaries:\n  zmax: {type: convection, h: 100, ambient: 300}"),
                        ["coldPlates.plate.patch", "no other boundary condition", "boundaries.zmax"])
    try assertCaseError(caseText().replacingOccurrences(of: "[1, 0, 0]", with: "[0, 0, 2]"),
                        ["coldPlates.plate.flowDirection", "normal to patch zmax"])
    try assertCaseError(caseText().replacingOccurrences(of: "[1, 0, 0]", with: "[0, 0, 0]"),
                        [":9: coldPlates.plate.flowDirection", "non-zero"])
    try assertCaseError(caseText().replacingOccurrences(of: "    inletTemperature: \"30 degC\"\n", with: ""),
                        ["coldPlates.plate.inletTemperature", "required with a fixed flow"])
    try assertCaseError(caseText().replacingOccurrences(of: "coolant: water\n", with: ""),
                        ["coolant", "no \"coolant\" key"])
    try assertCaseError(caseText().replacingOccurrences(of: "0.0154 K/W", with: "0.0165 K/W"),
                        [":15: coldPlates.plate.datasheet.resistance", "R decreasing"])
    try assertCaseError(caseText().replacingOccurrences(of: "0.0154 K/W", with: "0.0154 K"),
                        ["coldPlates.plate.datasheet.resistance.2.1", "a thermal resistance (K/W)"])
    try assertCaseError(caseText(plate: "    segments: 0\n"), ["coldPlates.plate.segments"])
    try assertCaseError(caseText().replacingOccurrences(of: "model: datasheet", with: "model: datasheets"),
                        ["coldPlates.plate.model", "did you mean \"datasheet\""])
    try assertCaseError(caseText(flow: "\"1e-300 L/min\""), ["coldPlates.plate.flow", "finite"])
    // A transient with plates runs (ColdPlateTransientTests); a CDU event needs a network (each inlet is fixed).
    try assertCaseError(caseText(extra: "transient: {duration: 10, step: 1, initial: 300, events: [{time: 1, "
                                   + "cduTrip: {element: hx}}]}"), ["transient.events.0.cduTrip", "network"])
    // A datasheet with fewer points than its fit needs (3 for powerLawWithBase).
    let two = caseText().replacingOccurrences(of: "        - [\"4 L/min\", \"0.0154 K/W\"]\n", with: "")
      .replacingOccurrences(of: "        - [\"5 L/min\", \"0.0151 K/W\"]\n", with: "")
    try assertCaseError(two, ["coldPlates.plate.datasheet.resistance", "at least 3"])
  }

  /// `flow: {element: NAME}`: the element must exist and be of `type: coldPlate` (the coupled solve is in
  /// CoupledCaseRunnerPlateTests).
  func testElementFlowNeedsAColdPlateElement() throws {
    let network = """
      network:
        elements:
          pump: {type: pump, from: a, to: b, flow: "2 L/min"}
          gpu: {type: component, from: b, to: c, flow: "2 L/min", pressureDrop: "10 kPa"}
          hx: {type: exchanger, from: c, to: a, flow: "2 L/min", pressureDrop: "10 kPa", supplyTemperature: "30 degC"}
      """
    let text = caseText(flow: "{element: gpu}", extra: network)
      .replacingOccurrences(of: "    inletTemperature: \"30 degC\"\n", with: "")
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    try text.write(toFile: dir.path("case.yaml"), atomically: true, encoding: .utf8)
    try assertCaseError(text, [":10: coldPlates.plate.flow.element", "of type coldPlate", "gpu of type component"])
    try assertCaseError(text.replacingOccurrences(of: "{element: gpu}", with: "{element: gpus}"),
                        ["coldPlates.plate.flow.element", "did you mean \"gpu\""])
    try assertCaseError(caseText(flow: "{element: gpu}"), ["coldPlates.plate.flow.element", "no \"network\" key"])
  }
}
