import Foundation
import XCTest
import RackTwinCase
import RackTwinCooling
import RackTwinIO
import RackTwinMesh
import RackTwinThermal

/// `CompactTrayBuilder` (`racktwin compact build`) on a small tray-like mesh: two GPU packages with plates in
/// parallel feeding a CPU plate in series (`upstream`), an air-cooled VRM, a board losing heat to air. The compact
/// model is checked against full 3-D solves of the same tray (c_p(T) by Picard, the series inlet iterated to the
/// mixed outlet: an independent path to the same physics), at a build flow and at a held-out flow.
final class CompactTrayBuilderTests: XCTestCase {
  /// Board 100 × 60 × 1 mm; packages (die 1 mm + copper lid 1 mm) 30 × 30 mm (GPUs) and 20 × 20 mm (CPU); a VRM block.
  static let meshSpec = """
    domain: {min: [0, 0, 0], max: ["100 mm", "60 mm", "3 mm"]}
    cells: {x: {maxSize: "2.5 mm"}, y: {maxSize: "2.5 mm"}, z: {maxSize: "0.5 mm"}}
    regions:
      board: {material: pcb}
      gpu0-die: {material: silicon, component: gpu0}
      gpu0-lid: {material: copper}
      gpu1-die: {material: silicon, component: gpu1}
      gpu1-lid: {material: copper}
      cpu0-die: {material: silicon, component: cpu0}
      cpu0-lid: {material: copper}
      vrm: {material: vrm, component: vrm}
    boxes:
      - {region: board, min: [0, 0, 0], max: ["100 mm", "60 mm", "1 mm"]}
      - {region: gpu0-die, min: ["5 mm", "27.5 mm", "1 mm"], max: ["35 mm", "57.5 mm", "2 mm"]}
      - {region: gpu0-lid, min: ["5 mm", "27.5 mm", "2 mm"], max: ["35 mm", "57.5 mm", "3 mm"]}
      - {region: gpu1-die, min: ["40 mm", "27.5 mm", "1 mm"], max: ["70 mm", "57.5 mm", "2 mm"]}
      - {region: gpu1-lid, min: ["40 mm", "27.5 mm", "2 mm"], max: ["70 mm", "57.5 mm", "3 mm"]}
      - {region: cpu0-die, min: ["27.5 mm", "2.5 mm", "1 mm"], max: ["47.5 mm", "22.5 mm", "2 mm"]}
      - {region: cpu0-lid, min: ["27.5 mm", "2.5 mm", "2 mm"], max: ["47.5 mm", "22.5 mm", "3 mm"]}
      - {region: vrm, min: ["77.5 mm", "10 mm", "1 mm"], max: ["92.5 mm", "50 mm", "2 mm"]}
    patches:
      gpu0-lid-top: {region: gpu0-lid, side: zmax}
      gpu1-lid-top: {region: gpu1-lid, side: zmax}
      cpu0-lid-top: {region: cpu0-lid, side: zmax}
      vrm-top: {region: vrm, side: zmax}
    """

  /// OCP 1 kW OAM plate with DI water (Chen et al. 2023, OCP OAI System Liquid Cooling Guidelines, Fig. 8, via the
  /// Modelica Buildings record OCP_1kW_OAM_Water); ΔP: the record's generic default, not OCP data.
  static let datasheet = """
        datasheet:
          temperature: "40 degC"
          resistance: [["2 L/min", "0.0172 K/W"], ["3 L/min", "0.0160 K/W"], ["4 L/min", "0.0154 K/W"],
                       ["5 L/min", "0.0151 K/W"]]
          pressureDrop: {flow: "10 L/min", pressureDrop: "50 kPa", exponent: 1.85}
    """

  /// The tray case: 5 L/min into the tray, 2.5 L/min per GPU plate, both into the CPU plate.
  static func caseText(extraBoundary: String = "", vrmPower: String = "\"20 W\"") -> String {
    """
    mesh: mesh.h5
    coolant: water
    materials:
      pcb: {conductivity: "10 W/m/K", density: "2000 kg/m^3", specificHeat: "1000 J/kg/K"}
      vrm: {conductivity: "20 W/m/K", density: "5000 kg/m^3", specificHeat: "600 J/kg/K"}
    components:
      gpu0: {power: "300 W", limit: "90 degC"}
      gpu1: {power: "250 W", limit: "90 degC"}
      cpu0: {power: "100 W"}
      vrm: {power: \(vrmPower)}
    boundaries:
      void: {type: convection, h: "25 W/m^2/K", ambient: "35 degC"}
      zmin: {type: convection, h: "10 W/m^2/K", ambient: "35 degC"}
      vrm-top: {type: convection, h: "300 W/m^2/K", ambient: "35 degC"}
    \(extraBoundary)
    coldPlates:
      gpu0-plate:
        model: datasheet
        patch: gpu0-lid-top
        flowDirection: [0, 1, 0]
        flow: "2.5 L/min"
        inletTemperature: "30 degC"
    \(datasheet)
      gpu1-plate:
        model: datasheet
        patch: gpu1-lid-top
        flowDirection: [0, 1, 0]
        flow: "2.5 L/min"
        inletTemperature: "30 degC"
    \(datasheet)
      cpu0-plate:
        model: datasheet
        patch: cpu0-lid-top
        flowDirection: [1, 0, 0]
        upstream: [gpu0-plate, gpu1-plate]
        flow: "5 L/min"
        inletTemperature: "33 degC"
    \(datasheet)
    solver: {tolerance: 1e-12, nonlinearTolerance: "1e-7 K"}
    """
  }

  /// Writes the mesh and the case into `dir`; returns the case path.
  static func prepare(_ dir: TemporaryDirectory, caseText: String = caseText()) throws -> String {
    try meshSpec.write(toFile: dir.path("mesh.yaml"), atomically: true, encoding: .utf8)
    try MeshFileWriter.write(MeshGenerator.generate(GridSpecDecoder.decode(contentsOf: dir.path("mesh.yaml"))),
                             to: dir.path("mesh.h5"))
    try caseText.write(toFile: dir.path("case.yaml"), atomically: true, encoding: .utf8)
    return dir.path("case.yaml")
  }

  static func litres(_ q: Double) -> Double { q / 60_000 }

  /// Builds at 3 flows; at a build flow the compact model reproduces the 3-D tray (to the held c_p and the solver:
  /// 0.01 K), at a held-out flow every component's maximum within the 0.5 K; the shift rule and the energy rows
  /// hold to round-off; the heat to liquid matches the 3-D plates' sum.
  func testHeldOutFlowAgainstDetailedTray() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let builder = try CompactTrayBuilder(casePath: Self.prepare(dir))
    let flows = [3.0, 5.0, 9.0].map(Self.litres)
    let (model, report) = try builder.build(flows: flows, jobs: 2, coolantVolume: 1e-4)
    XCTAssertEqual(model.inputs, ["inlet", "air", "gpu0", "gpu1", "cpu0", "vrm"])
    XCTAssertEqual(model.coefficients.count, 3)
    for r in report.perFlow { XCTAssertLessThan(r.superpositionError, 1e-7, "superposition residual, K") }

    // Shift rule: a uniform rise of inlet and air raises every temperature by the same amount (exact for the linear
    // operator; 1e-9 is round-off of the banded LU on ~6 k unknowns).
    let iIn = model.inputIndex("inlet")!, iAir = model.inputIndex("air")!
    let oLiquid = model.outputIndex("heat_to_liquid")!, oAir = model.outputIndex("heat_to_air")!
    for m in model.coefficients {
      for (o, out) in model.outputs.enumerated() where out.unit == "K" {
        XCTAssertEqual(m[o][iIn] + m[o][iAir], 1, accuracy: 1e-9, out.name)
        if ["gpu0", "gpu1", "cpu0"].contains(out.component ?? "") {
          XCTAssertGreaterThan(m[o][iIn], 0.5, "\(out.name): the coolant dominates a part on a plate")
        }
      }
      // Energy rows: each watt goes to liquid or air; a warmer inlet moves heat from liquid to air one for one.
      for i in 2..<model.inputs.count {
        XCTAssertEqual(m[oLiquid][i] + m[oAir][i], 1, accuracy: 1e-9, model.inputs[i])
      }
      XCTAssertEqual(m[oLiquid][iIn], -m[oAir][iIn], accuracy: 1e-9 * abs(m[oAir][iIn]))
      XCTAssertEqual(m[oLiquid][iAir], -m[oAir][iAir], accuracy: 1e-9 * abs(m[oAir][iAir]))
      XCTAssertLessThan(m[oLiquid][iIn], 0, "a warmer inlet takes less heat into the liquid")
    }

    let supply = 303.15, air = 308.15
    let x = model.nominalInputs(inlet: supply, air: air)
    var lines: [String] = []
    // At a build flow: the 3-D tray and the compact model agree to the held c_p (< 0.1 % of the coolant rise).
    // Held out (4 and 7 L/min): the issue asks 0.5 K of the real tray; this small tray's rises are ~8 K, so 0.01 K
    // (measured ≤ 3e-4 K: the 1/Q interpolation of nearly 1/Q-linear coefficients).
    for (q, tolerance) in [(5.0, 0.01), (4.0, 0.01), (7.0, 0.01)] {
      let flow = Self.litres(q)
      let (s, iterations) = try builder.detailedSolution(trayFlow: flow, tolerance: 1e-7)
      XCTAssertLessThan(s.energyBalance.relative, 1e-6)
      let y = model.evaluate(flow: flow, inputs: x)
      for c in s.components where c.power > 0 {
        let compact = y[model.outputIndex(c.name + ".max")!]
        XCTAssertEqual(compact, c.maxTemperature, accuracy: tolerance, "\(c.name) at \(q) L/min")
        lines.append(String(format: "  %.1f L/min %@: 3-D %.3f °C, compact %.3f °C, error %+.4f K (%ld coupling solves)",
                            q, c.name, c.maxTemperature - 273.15, compact - 273.15, compact - c.maxTemperature,
                            iterations))
      }
      let liquid = ["gpu0-plate", "gpu1-plate", "cpu0-plate"].map { p in
        s.termMetrics.first { $0.name == "\(p).heat_to_liquid" }!.value
      }.reduce(0, +)
      XCTAssertEqual(y[oLiquid], liquid, accuracy: 2e-3 * liquid, "heat to liquid at \(q) L/min")
      XCTAssertEqual(y[oLiquid] + y[oAir], 670, accuracy: 1e-6)
    }
    // Pressure drop: a GPU plate then the CPU plate, each 50 kPa·(Q/10 L/min)^1.85 (no laminar part), Q the volume
    // flow in the datasheet's fluid state (40 °C) of the mass flow set at the 30 °C supply.
    let scale = try Coolant.water.density(at: 303.15) / Coolant.water.density(at: 313.15)
    let expected = 50_000 * (pow(1.5 * scale / 10, 1.85) + pow(3.0 * scale / 10, 1.85))
    XCTAssertEqual(model.pressureDrop[0], expected, accuracy: 2e-3 * expected)
    // Capacitance: Σ ρc_pV of gpu0's die (30 × 30 × 1 mm of silicon).
    let silicon = try XCTUnwrap(MaterialLibrary.builtIn["silicon"])
    XCTAssertEqual(model.capacitance["gpu0"]!,
                   silicon.density * silicon.specificHeat * 0.03 * 0.03 * 0.001, accuracy: 1e-9)
    print("compact tray (small mesh):\n" + lines.joined(separator: "\n"))
    // The file round-trips through YAML as a mapping with the contract's keys, and the network element's reader
    // (the same type) gives the builder's outputs back: coefficients are written to 12 significant digits, so at
    // ~300 K inputs an output moves by < 1e-9 K.
    let text = model.yaml(header: ["test"])
    for key in ["format: racktwin-compact-tray", "version: 1", "flows:", "inputs:", "outputs:", "coefficients:",
                "pressureDrop:", "capacitance:", "hotspotCells:"] {
      XCTAssertTrue(text.contains("\n" + key), key)
    }
    let back = try CompactTray.decode(text, path: dir.path("tray.compact.yaml"))
    XCTAssertEqual(back.inputs, model.inputs)
    XCTAssertEqual(back.nominal, model.nominal)
    XCTAssertEqual(back.outputs, model.outputs)
    XCTAssertEqual(back.hotspotCells, model.hotspotCells)
    XCTAssertEqual(back.source.cells, model.source.cells)
    XCTAssertEqual(Set(back.capacitance.keys), Set(model.capacitance.keys))
    for q in [3.0, 4.0, 7.0, 12.0] {
      for (a, b) in zip(back.evaluate(flow: Self.litres(q), inputs: x), model.evaluate(flow: Self.litres(q), inputs: x)) {
        XCTAssertEqual(a, b, accuracy: 1e-9 * max(1, abs(b)), "read back at \(q) L/min")
      }
    }
    XCTAssertEqual(back.yaml(header: ["test"]), text, "writing what was read gives the same file")
  }

  /// The `.max` rows away from nominal powers. Each row is the response of one cell (the component's hottest at
  /// nominal powers), exact for that cell at any inputs, so the compact value can only sit below the 3-D maximum
  /// (another cell may become the hottest); the error is measured here against full 3-D solves of the tray with
  /// the powers moved apart, at a build flow (5 L/min) and a held-out one (7 L/min). Measured (5,760 cells): at
  /// most 0.045 K below, on gpu0 at 50 % beside gpu1 at 150 % (its hottest cell moves towards the busier
  /// neighbour); the VRM 0.010 K; every other row < 0.002 K. Bound 0.1 K: about twice the measured worst, a fifth
  /// of the 0.5 K budget for the compact model.
  func testMaxRowsWhenThePowersMoveApart() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let path = try Self.prepare(dir)
    let builder = try CompactTrayBuilder(casePath: path)
    let (model, _) = try builder.build(flows: [3.0, 5.0, 9.0].map(Self.litres), jobs: 2)
    let nominal = ["gpu0": 300.0, "gpu1": 250.0, "cpu0": 100.0, "vrm": 20.0]
    let scenarios: [(String, [String: Double])] = [
      ("gpu0 50 %, gpu1 150 %", ["gpu0": 0.5, "gpu1": 1.5]),
      ("gpu0 150 %, gpu1 50 %", ["gpu0": 1.5, "gpu1": 0.5]),
      ("all GPUs 50 %", ["gpu0": 0.5, "gpu1": 0.5]),
      ("gpu0 off, cpu0 200 %", ["gpu0": 0, "cpu0": 2]),
    ]
    var worst = 0.0, lines: [String] = []
    for (label, scale) in scenarios {
      let powers = nominal.merging(scale.map { ($0, nominal[$0]! * $1) }) { $1 }
      let moved = try CompactTrayBuilder(casePath: path, overrides: powers.map { "components.\($0).power=\"\($1) W\"" })
      var x = model.nominalInputs(inlet: 303.15, air: 308.15)
      for (name, p) in powers { x[model.inputIndex(name)!] = p }
      for q in [5.0, 7.0] {
        let (s, _) = try moved.detailedSolution(trayFlow: Self.litres(q), tolerance: 1e-7)
        let y = model.evaluate(flow: Self.litres(q), inputs: x)
        for c in s.components where c.power > 0 {
          let e = y[model.outputIndex(c.name + ".max")!] - c.maxTemperature
          // One-sided: the row's cell is a cell of the component, so it is never above the 3-D maximum (0.01 K:
          // the held c_p, as at nominal powers).
          XCTAssertLessThanOrEqual(e, 0.01, "\(label), \(c.name) at \(q) L/min")
          worst = max(worst, -e)
          lines.append(String(format: "  %@, %.0f L/min, %@: 3-D %.3f °C, compact %.3f °C, error %+.4f K",
                              label, q, c.name, c.maxTemperature - 273.15, y[model.outputIndex(c.name + ".max")!] - 273.15, e))
        }
      }
    }
    print("compact .max rows off nominal powers (small tray):\n" + lines.joined(separator: "\n")
            + String(format: "\n  largest |error| %.4f K", worst))
    XCTAssertLessThan(worst, 0.1, "largest amount a .max row sits below the 3-D maximum, K")
  }

  /// A plate with 20 % less flow runs hotter by what the exchanger relation predicts from its UA: the rise of its
  /// case temperature (the area-weighted mean face temperature of the lid top, `PLATE.case_temperature`) against
  /// Q·[R(0.8ṁ) − R(ṁ)] with R = 1/[ṁc_p(1 − e^(−UA(ṁ)/ṁc_p))] from the fitted datasheet (Incropera 6th ed.
  /// Eq. 8.45b: exact for an isothermal wall). A 1 mm lid over a uniformly heated die is not isothermal: its wall
  /// runs hotter downstream, towards the other limit, uniform heat flux, where the mean wall sits at
  /// Q·[1/UA + 1/(2ṁc_p)] above the inlet (the coolant's mean rise). The 3-D rise must lie between the two limits'
  /// rises, which differ by ~16 % here, and the relation's rise must bound it from above.
  func testPlateWithLessFlowRunsHotterByTheExchangerRelation() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let path = try Self.prepare(dir)
    func solve(_ flow: String) throws -> ThermalSolution {
      try SteadyCaseRunner(casePath: path, overrides: ["coldPlates.gpu0-plate.flow=\(flow)"]).solve().solution
    }
    func metric(_ s: ThermalSolution, _ name: String) -> Double { s.termMetrics.first { $0.name == name }!.value }
    let full = try solve("\"2.5 L/min\""), cut = try solve("\"2 L/min\"")
    let doc = try CaseDecoder.decode(contentsOf: path)
    let curve = doc.coldPlates.first { $0.name == "gpu0-plate" }!.curve
    let rho = try Coolant.water.density(at: 303.15), cp = try Coolant.water.specificHeat(at: 303.15)
    let m1 = Self.litres(2.5) * rho, m2 = Self.litres(2) * rho
    let r1 = curve.resistance(massFlow: m1), r2 = curve.resistance(massFlow: m2)
    func fluxLimit(_ m: Double) -> Double { 1 / curve.effectiveConductance(massFlow: m) + 1 / (2 * m * cp) }
    let q1 = metric(full, "gpu0-plate.heat_to_liquid"), q2 = metric(cut, "gpu0-plate.heat_to_liquid")
    let t1 = metric(full, "gpu0-plate.case_temperature"), t2 = metric(cut, "gpu0-plate.case_temperature")
    let rise = t2 - t1
    let exchanger = q2 * r2 - q1 * r1
    let uniformFlux = q2 * fluxLimit(m2) - q1 * fluxLimit(m1)
    XCTAssertGreaterThan(uniformFlux, 0.75 * exchanger, "the two limits stay close (a check of the bound itself)")
    // 1e-3 relative: Q differs between the runs by < 0.05 W of 300 W; the solves are converged to 1e-12.
    XCTAssertLessThanOrEqual(rise, exchanger * (1 + 1e-3))
    XCTAssertGreaterThanOrEqual(rise, uniformFlux * (1 - 1e-3))
    // Each run's own R_3D = (T_case − T_in)/Q sits between the limits' R as well.
    for (m, q, t) in [(m1, q1, t1), (m2, q2, t2)] {
      let r = (t - 303.15) / q
      XCTAssertLessThanOrEqual(r, curve.resistance(massFlow: m) * (1 + 1e-3))
      XCTAssertGreaterThanOrEqual(r, fluxLimit(m) * (1 - 1e-3))
    }
    print(String(format: "20 %% less flow on gpu0-plate: case %.4f → %.4f °C, rise %.4f K; exchanger relation "
                   + "(isothermal wall) %.4f K, uniform-flux limit %.4f K (R %.5f → %.5f K/W, Q %.1f → %.1f W)",
                 t1 - 273.15, t2 - 273.15, rise, exchanger, uniformFlux, r1, r2, q1, q2))
  }

  /// Bad input: the flow list, a nonlinear case, a case without plates — each naming the key (exit 2: `CaseError`).
  func testErrorsNameTheKey() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let path = try Self.prepare(dir)
    let builder = try CompactTrayBuilder(casePath: path)
    assertThrows(CaseError.self, containing: ["--flows", "at least 3"]) {
      _ = try builder.build(flows: [1e-4, 2e-4])
    }
    assertThrows(CaseError.self, containing: ["--flows", "strictly increasing"]) {
      _ = try builder.build(flows: [1e-4, 3e-4, 2e-4])
    }
    try Self.caseText(extraBoundary: "  xmin: {type: radiation, emissivity: 0.9, surroundings: \"35 degC\"}")
      .write(toFile: path, atomically: true, encoding: .utf8)
    assertThrows(CaseError.self, containing: ["boundaries.xmin", "radiation"]) {
      _ = try CompactTrayBuilder(casePath: path)
    }
    try Self.caseText(vrmPower: "{dynamic: \"15 W\", leakage: \"5 W\", reference: \"60 degC\", doublingInterval: \"20 K\"}")
      .write(toFile: path, atomically: true, encoding: .utf8)
    assertThrows(CaseError.self, containing: ["components.vrm.power", "leakage"]) {
      _ = try CompactTrayBuilder(casePath: path)
    }
    let text = Self.caseText()
    try String(text[..<text.range(of: "coldPlates:")!.lowerBound]).write(toFile: path, atomically: true, encoding: .utf8)
    assertThrows(CaseError.self, containing: ["coldPlates", "cold plates"]) { _ = try CompactTrayBuilder(casePath: path) }
    try text.replacingOccurrences(of: "upstream: [gpu0-plate, gpu1-plate]", with: "upstream: [gpu0-plate, gpu9-plate]")
      .write(toFile: path, atomically: true, encoding: .utf8)
    assertThrows(CaseError.self, containing: ["coldPlates.cpu0-plate.upstream", "gpu9-plate"]) {
      _ = try CaseDecoder.decode(contentsOf: path)
    }
  }

  /// A geometry plate (fidelities (b), (c)) is refused at its `model` key, not later at `materials` as a nonlinear
  /// term: the shipped `geometries/coldplate-fidelities` cases, their meshes committed beside them.
  func testGeometryPlatesAreRefusedAtTheirModel() throws {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("geometries/coldplate-fidelities")
    for model in ["porous", "channels"] {
      let path = folder.appendingPathComponent("case-\(model).yaml").path
      let plate = try XCTUnwrap(CaseDecoder.decode(contentsOf: path).finColdPlates.first).name
      assertThrows(CaseError.self, containing: ["coldPlates.\(plate).model", "model: \(model)", "datasheet",
                                                "fidelity (a)"]) {
        _ = try CompactTrayBuilder(casePath: path)
      }
    }
  }
}
