import Foundation
import RackTwinCooling
import RackTwinMesh
import RackTwinThermal
import XCTest

/// The datasheet cold plate as a term on a boundary patch (`ColdPlateTerm`), on a 60 × 40 × 2 mm block heated
/// uniformly (1000 W) with the plate on its top face (zmax) and the coolant along +x; every other face adiabatic.
final class ColdPlateTermTests: XCTestCase {
  let power = 1000.0

  func block(k: Double, nx: Int = 24, ny: Int = 16) throws -> ThermalModel {
    let nodes = { (n: Int, l: Double) in (0...n).map { l * Double($0) / Double(n) } }
    let grid = RectilinearGrid(x: nodes(nx, 0.06), y: nodes(ny, 0.04), z: nodes(2, 0.002),
                               region: [Int32](repeating: 1, count: nx * ny * 2))
    let mesh = try FVMesh(MeshDefinition(geometry: .rectilinear(grid),
                                         regions: [RegionInfo(name: "lid", id: 1, material: "spreader")]))
    var model = try ThermalModel(mesh: mesh, regionMaterials: [
      1: Material(name: "spreader", conductivity: k, density: 8900, specificHeat: 385, source: "test")])
    try model.addVolumetricSource(name: "die", regionIDs: nil, density: .constant(power / (0.06 * 0.04 * 0.002)))
    return model
  }

  struct Run {
    var solution: ThermalSolution
    func metric(_ name: String) -> Double { solution.termMetrics.first { $0.name == "plate." + name }!.value }
  }

  func solve(k: Double, litresPerMinute q: Double, segments: Int, nx: Int = 24) throws -> Run {
    var model = try block(k: k, nx: nx)
    let curve = try ColdPlateCurve.fit(try OCP.water())
    let plate = try ColdPlateTerm(name: "plate", curve: curve, mesh: model.mesh, patch: "zmax",
                                  cellConductivity: model.cellConductivity,
                                  massFlow: q * OCP.lpm * curve.properties.density, inletTemperature: OCP.temperature,
                                  flowDirection: SIMD3(1, 0, 0), segments: segments)
    model.addTerm(plate)
    let s = try SteadyThermalSolver(options: SolverOptions(tolerance: 1e-12, nonlinearTolerance: 1e-9)).solve(model)
    return Run(solution: s)
  }

  /// A held c_p (`specificHeat:`, for compact models): the term is linear (no Picard), its heat to the coolant is
  /// ṁ c_p (T_out − T_in) with that c_p, equal to the 1000 W put in (1e-9: one direct-tolerance solve), and doubling
  /// the source doubles every rise above the inlet (superposition, 1e-9 K).
  func testHeldSpecificHeatIsLinear() throws {
    let curve = try ColdPlateCurve.fit(try OCP.water())
    let cp = 4180.0, m = 2 * OCP.lpm * curve.properties.density
    func run(scale: Double) throws -> ThermalSolution {
      var model = try block(k: 400)
      if scale != 1 { try model.addVolumetricSource(name: "more", regionIDs: nil,
                                                    density: .constant((scale - 1) * power / (0.06 * 0.04 * 0.002))) }
      let plate = try ColdPlateTerm(name: "plate", curve: curve, mesh: model.mesh, patch: "zmax",
                                    cellConductivity: model.cellConductivity, massFlow: m,
                                    inletTemperature: OCP.temperature, flowDirection: SIMD3(1, 0, 0), segments: 8,
                                    specificHeat: cp)
      XCTAssertFalse(plate.isNonlinear)
      model.addTerm(plate)
      return try SteadyThermalSolver(options: SolverOptions(tolerance: 1e-13)).solve(model)
    }
    let one = try run(scale: 1)
    XCTAssertEqual(one.nonlinearIterations, 0)
    let out = one.termMetrics.first { $0.name == "plate.outlet_temperature" }!.value
    let q = one.termMetrics.first { $0.name == "plate.heat_to_liquid" }!.value
    XCTAssertEqual(q, m * cp * (out - OCP.temperature), accuracy: 1e-9 * power)
    XCTAssertEqual(q, power, accuracy: 1e-9 * power)
    let two = try run(scale: 2)
    for c in stride(from: 0, to: one.temperature.count, by: 37) {
      XCTAssertEqual(two.temperature[c] - OCP.temperature, 2 * (one.temperature[c] - OCP.temperature), accuracy: 1e-9)
    }
    let model = try block(k: 400)
    XCTAssertThrowsError(try ColdPlateTerm(name: "plate", curve: curve, mesh: model.mesh, patch: "zmax",
                                           cellConductivity: model.cellConductivity, massFlow: m,
                                           inletTemperature: OCP.temperature, flowDirection: SIMD3(1, 0, 0),
                                           specificHeat: 0))
  }

  /// Energy: the heat to the coolant, ṁ(h_out − h_in), equals the 1000 W put in, and the solve's energy balance
  /// closes, to 1e-6 relative (the requirement; Picard on c̄_p to 1e-9 K leaves ~1e-10).
  func testEnergyBalance() throws {
    let run = try solve(k: 400, litresPerMinute: 2, segments: 12)
    XCTAssertLessThan(run.solution.energyBalance.relative, 1e-6)
    XCTAssertEqual(run.metric("heat_to_liquid"), power, accuracy: 1e-6 * power)
    let cp = try Coolant.water.specificHeat(at: OCP.temperature + 3.6)
    let rise = power / (2 * OCP.lpm * (try Coolant.water.density(at: OCP.temperature)) * cp)
    XCTAssertEqual(run.metric("outlet_temperature") - OCP.temperature, rise, accuracy: 1e-3 * rise)
  }

  /// On a near-isothermal block (k = 1e6 W/m/K, an idealised spreader: its in-plane conductance k t W/L = 1300 W/K
  /// is 17 × UA) the plate's case-to-inlet R equals the datasheet R(ṁ) for any number of segments: measured within
  /// 1.7e-4 relative (2, 3.5, 5 L/min; N = 1, 4, 24), asserted within 2.5e-4. What is left is explained, not fitted:
  /// for a uniform cell temperature the term is exactly R_iso = 1/[C̄(1 − e^(−G/C̄))] − d/(kA) with
  /// G = 1/(d/(kA) + 1/UA_eff) and C̄ = Q/(T_out − T_in) its coolant's mean capacity rate (c̄_p over 40…47 °C differs from
  /// the datasheet's c_p at 40 °C by 3e-5); the rest, the block's finite-k non-uniformity, falls with k: tenfold k
  /// must bring R at least fivefold closer to R_iso (first order in 1/k).
  func testIsothermalBlockReproducesTheDatasheet() throws {
    let curve = try ColdPlateCurve.fit(try OCP.water())
    let area = 0.06 * 0.04, d = 0.0005
    func isothermal(_ run: Run, k: Double) -> Double {
      let c = run.metric("heat_to_liquid") / (run.metric("outlet_temperature") - run.metric("inlet_temperature"))
      let g = 1 / (d / (k * area) + 1 / run.metric("effective_conductance"))
      return 1 / (c * -expm1(-g / c)) - d / (k * area)
    }
    for q in [2.0, 3.5, 5.0] {
      let datasheet = curve.resistance(volumeFlow: q * OCP.lpm)
      var values: [Double] = []
      var last: Run?
      for n in [1, 4, 24] {
        let run = try solve(k: 1e6, litresPerMinute: q, segments: n)
        let r = run.metric("resistance")
        values.append(r)
        last = run
        XCTAssertEqual(r, datasheet, accuracy: 2.5e-4 * datasheet, "\(q) L/min, N = \(n)")
      }
      let stiff = try solve(k: 1e7, litresPerMinute: q, segments: 24)
      let gap6 = abs(values[2] - isothermal(last!, k: 1e6))
      let gap7 = abs(stiff.metric("resistance") - isothermal(stiff, k: 1e7))
      print(String(format: "isothermal block %.1f L/min: datasheet R %.7f K/W; plate R (N = 1, 4, 24) %.7f, %.7f, "
                   + "%.7f; gap to R_iso %.2e (k = 1e6), %.2e (k = 1e7) K/W", q, datasheet, values[0], values[1],
                   values[2], gap6, gap7))
      XCTAssertLessThan(gap7, 0.2 * gap6)
    }
  }

  /// On a copper lid (k = 400 W/m/K) the wall follows the warming coolant: the downstream end runs hotter, and the
  /// case temperature converges as the path is refined (N = 3, 6, 12, 24 segments on 24 cells along the flow).
  /// The segments are exact for a uniform wall, so what converges is the wall's variation along the flow; observed
  /// order from the three finest (Richardson), expected about 2 (midpoint-like assignment of faces to segments),
  /// asserted ≥ 1.5, and the finest change below 0.1 % of T_case − T_in.
  func testCoolantWarmsAlongThePathAndConvergesWithSegments() throws {
    var rise: [Double] = []
    var last: Run?
    for n in [3, 6, 12, 24] {
      let run = try solve(k: 400, litresPerMinute: 2, segments: n)
      rise.append(run.metric("case_temperature") - OCP.temperature)
      last = run
    }
    let p = log(abs(rise[1] - rise[2]) / abs(rise[2] - rise[3])) / log(2)
    print(String(format: "copper lid, 2 L/min: T_case − T_in for N = 3, 6, 12, 24: %.5f, %.5f, %.5f, %.5f K; "
                 + "observed order %.2f", rise[0], rise[1], rise[2], rise[3], p))
    XCTAssertGreaterThan(p, 1.5)
    XCTAssertLessThan(abs(rise[3] - rise[2]), 1e-3 * rise[3])
    // Downstream hotter: top-face cells of the last column (x = 60 mm) against the first (x = 0).
    let t = last!.solution.temperature
    let nx = 24, ny = 16
    func column(_ i: Int) -> Double { (0..<ny).map { t[i + nx * ($0 + ny)] }.reduce(0, +) / Double(ny) }
    let outlet = last!.metric("outlet_temperature") - OCP.temperature
    print(String(format: "copper lid: top cells %.3f K (inlet end), %.3f K (outlet end) above the inlet; coolant "
                 + "rise %.3f K", column(0) - OCP.temperature, column(nx - 1) - OCP.temperature, outlet))
    XCTAssertGreaterThan(column(nx - 1) - column(0), 0.3 * outlet)
  }

  /// 20 % less flow (3.0 → 2.4 L/min, both within the data) raises the case temperature of the near-isothermal
  /// block by P·[R(2.4) − R(3.0)], the exchanger relation with the fitted UA (Incropera Eq. 8.45b): 0.6834 K at
  /// 1000 W; measured 0.6828 K. Tolerance 2.5e-4 × R × P on each end (the isothermal test's bound), 8.4e-3 K.
  func testTwentyPercentLessFlowRunsHotterByTheExchangerRelation() throws {
    let curve = try ColdPlateCurve.fit(try OCP.water())
    let base = try solve(k: 1e6, litresPerMinute: 3, segments: 12)
    let less = try solve(k: 1e6, litresPerMinute: 2.4, segments: 12)
    let predicted = power * (curve.resistance(volumeFlow: 2.4 * OCP.lpm) - curve.resistance(volumeFlow: 3 * OCP.lpm))
    let measured = less.metric("case_temperature") - base.metric("case_temperature")
    print(String(format: "20 %% less flow: T_case rises %.4f K, the exchanger relation predicts %.4f K", measured,
                 predicted))
    XCTAssertEqual(measured, predicted, accuracy: 2 * 2.5e-4 * power * 0.0167)
    XCTAssertEqual(base.metric("extrapolated"), 0)
    XCTAssertEqual(less.metric("extrapolated"), 0)
    // Below the data (2 L/min is the lowest water point): flagged.
    XCTAssertEqual(try solve(k: 1e6, litresPerMinute: 1.6, segments: 4).metric("extrapolated"), 1)
  }

  func testBadPlateInputNamesThePlate() throws {
    let model = try block(k: 400, nx: 4, ny: 2)
    let curve = try ColdPlateCurve.fit(try OCP.water())
    func make(patch: String = "zmax", flow: Double = 0.03, segments: Int = 4,
              direction: SIMD3<Double> = SIMD3(1, 0, 0)) throws -> ColdPlateTerm {
      try ColdPlateTerm(name: "gpu0-plate", curve: curve, mesh: model.mesh, patch: patch,
                        cellConductivity: model.cellConductivity, massFlow: flow, inletTemperature: OCP.temperature,
                        flowDirection: direction, segments: segments)
    }
    for bad in [{ try make(patch: "lid-top") }, { try make(flow: 0) }, { try make(segments: 0) },
                { try make(direction: .zero) }] {
      XCTAssertThrowsError(try bad()) { error in
        guard case CoolingError.invalidInput(let location, _, _) = error else { return XCTFail("\(error)") }
        XCTAssertEqual(location, "cold plate gpu0-plate")
      }
    }
  }

  /// A thermal mass (`withThermalMass`) adds one dead-end node per patch face: the steady field, the heat to the
  /// coolant and the case temperature are those of the plate without it (to the solver's 1e-12 tolerance: 1e-9 K),
  /// the nodes' capacities sum to the mass given and split by the faces' conductance shares (uniform here: equal),
  /// and the nodes sit at their cells' temperatures (their mean is the top layer's). A flow schedule at f = 0.5 gives
  /// the plate made at half the flow.
  func testThermalMassLeavesTheSteadyStateAndScheduleFollowsTheDatasheet() throws {
    let curve = try ColdPlateCurve.fit(try OCP.water())
    let m = 2 * OCP.lpm * curve.properties.density
    func run(mass: Double, factor: Double? = nil) throws -> (ThermalSolution, ColdPlateTerm) {
      var model = try block(k: 400)
      var plate = try ColdPlateTerm(name: "plate", curve: curve, mesh: model.mesh, patch: "zmax",
                                    cellConductivity: model.cellConductivity, massFlow: m,
                                    inletTemperature: OCP.temperature, flowDirection: SIMD3(1, 0, 0), segments: 8)
      plate = try plate.withThermalMass(mass)
      if let factor { plate = plate.withFlowSchedule { _ in factor } }
      model.addTerm(plate)
      try model.setTime(1)
      let s = try SteadyThermalSolver(options: SolverOptions(tolerance: 1e-12, nonlinearTolerance: 1e-9)).solve(model)
      return (s, model.terms[0] as! ColdPlateTerm)
    }
    let (bare, bareTerm) = try run(mass: 0)
    let (massive, term) = try run(mass: 60)
    XCTAssertEqual(bareTerm.unknownCount, 8)
    XCTAssertEqual(term.unknownCount, 8 + 24 * 16)
    XCTAssertEqual(term.nodeCapacity.reduce(0, +), 60, accuracy: 1e-12)
    XCTAssertEqual(term.nodeCapacity.min()!, term.nodeCapacity.max()!, accuracy: 1e-12)
    let worst = zip(bare.temperature, massive.temperature).map { abs($0 - $1) }.max()!
    XCTAssertLessThan(worst, 1e-9)
    func metric(_ s: ThermalSolution, _ n: String) -> Double { s.termMetrics.first { $0.name == "plate." + n }!.value }
    XCTAssertEqual(metric(massive, "heat_to_liquid"), metric(bare, "heat_to_liquid"), accuracy: 1e-7)
    XCTAssertEqual(metric(massive, "case_temperature"), metric(bare, "case_temperature"), accuracy: 1e-9)
    // The nodes' mean (equal capacities) is the mean of the top layer's cells (z fastest last: cells 384..<768).
    let top = massive.temperature[(24 * 16)..<(2 * 24 * 16)].reduce(0, +) / Double(24 * 16)
    XCTAssertEqual(metric(massive, "plate_temperature"), top, accuracy: 1e-9)
    // Half the flow through the schedule is the plate made at ṁ/2: the same UA_eff (the datasheet's at ṁ/2) and the
    // same field (1e-9 K: solver tolerance).
    let (half, halfTerm) = try run(mass: 60, factor: 0.5)
    XCTAssertEqual(halfTerm.massFlow, m / 2, accuracy: 1e-15)
    XCTAssertEqual(metric(half, "flow_fraction"), 0.5, accuracy: 1e-12)
    var model = try block(k: 400)
    model.addTerm(try ColdPlateTerm(name: "plate", curve: curve, mesh: model.mesh, patch: "zmax",
                                    cellConductivity: model.cellConductivity, massFlow: m / 2,
                                    inletTemperature: OCP.temperature, flowDirection: SIMD3(1, 0, 0), segments: 8))
    let direct = try SteadyThermalSolver(options: SolverOptions(tolerance: 1e-12, nonlinearTolerance: 1e-9)).solve(model)
    XCTAssertEqual(halfTerm.effectiveConductance, curve.effectiveConductance(massFlow: m / 2), accuracy: 1e-12)
    XCTAssertLessThan(zip(half.temperature, direct.temperature).map { abs($0 - $1) }.max()!, 1e-9)
    XCTAssertGreaterThan(metric(half, "case_temperature"), metric(bare, "case_temperature") + 1)
  }
}
