import Foundation
import RackTwinCooling
import RackTwinMesh
import RackTwinThermal
import XCTest

/// A rectilinear box [0, lx] × [0, ly] × [0, lz] of nx × ny × nz cells; region 2 (the fluid) where `isFluid` holds at
/// the cell centre, region 1 (the solid) elsewhere.
private func channelBlock(nx: Int, ny: Int, nz: Int, size: SIMD3<Double>, solid: Material, fluid: Material,
                          isFluid: (SIMD3<Double>) -> Bool) throws -> ThermalModel {
  func nodes(_ n: Int, _ l: Double) -> [Double] { (0...n).map { l * Double($0) / Double(n) } }
  let x = nodes(nx, size.x), y = nodes(ny, size.y), z = nodes(nz, size.z)
  var region: [Int32] = []
  for k in 0..<nz {
    for j in 0..<ny {
      for i in 0..<nx {
        let c = SIMD3(0.5 * (x[i] + x[i + 1]), 0.5 * (y[j] + y[j + 1]), 0.5 * (z[k] + z[k + 1]))
        region.append(isFluid(c) ? 2 : 1)
      }
    }
  }
  let regions = [RegionInfo(name: "solid", id: 1, material: solid.name),
                 RegionInfo(name: "fluid", id: 2, material: fluid.name)]
  let mesh = try FVMesh(MeshDefinition(geometry: .rectilinear(RectilinearGrid(x: x, y: y, z: z, region: region)),
                                       regions: regions))
  return try ThermalModel(mesh: mesh, regionMaterials: [1: solid, 2: fluid])
}

/// A uniform flow along +x through the fluid cells (region 2): G·A·n_x through every face between two fluid cells and
/// through the fluid cells' faces on xmin (the inlet) and xmax (the outlet).
private func flowAlongX(_ mesh: FVMesh, massFlux g: Double, coolant: Coolant, inletTemperature: Double) -> FaceFlow {
  let fluid = mesh.cellRegion.map { $0 == 2 }
  var flux = [Double](repeating: 0, count: mesh.faceCount)
  for f in 0..<mesh.internalFaceCount where fluid[Int(mesh.faceOwner[f])] && fluid[Int(mesh.faceNeighbour[f])] {
    flux[f] = g * mesh.faceArea[f] * mesh.faceNormal[f].x
  }
  let inlet = mesh.patch(named: "xmin")!.faces.filter { fluid[Int(mesh.faceOwner[$0])] }
  let outlet = mesh.patch(named: "xmax")!.faces.filter { fluid[Int(mesh.faceOwner[$0])] }
  for f in inlet + outlet { flux[f] = g * mesh.faceArea[f] * mesh.faceNormal[f].x }
  return FaceFlow(massFlux: flux, isFluidCell: fluid, coolant: coolant,
                  inlets: [.init(name: "in", faces: inlet, temperature: inletTemperature)],
                  outlets: [.init(name: "out", faces: outlet)])
}

private func metric(_ s: ThermalSolution, _ name: String) -> Double {
  s.termMetrics.first { $0.name == name }?.value ?? .nan
}

final class AdvectionTermTests: XCTestCase {
  // MARK: 1-D advection–diffusion against the exact solution

  /// Steady 1-D advection–diffusion ṁc_p T' = kA T'' on [0, L] with T(0) = T₀, T(L) = T₁ has the exact solution
  /// θ = (T − T₀)/(T₁ − T₀) = (e^{Pe·x/L} − 1)/(e^{Pe} − 1), Pe = ṁc_pL/(kA) (Patankar 1980, *Numerical Heat Transfer
  /// and Fluid Flow*, §5.2-2). Unit cross-section, k = 1 W/m/K, c_p = 1000 J/kg/K, L = 1 m, Dirichlet ends through
  /// the model's boundary conditions; the advection term adds only ṁ h. Returns θ per cell (cells along x in order)
  /// and the max-norm error at the centroids.
  private func solve1D(cells n: Int, peclet: Double, scheme: AdvectionTerm.Scheme,
                       method: LinearSolverMethod = .auto) throws -> (theta: [Double], error: Double, s: ThermalSolution) {
    let cp = 1000.0, k = 1.0
    let fluid = Material(name: "fluid", conductivity: k, density: 1000, specificHeat: cp, source: "test")
    var model = try channelBlock(nx: n, ny: 1, nz: 1, size: SIMD3(1, 1, 1), solid: fluid, fluid: fluid) { _ in true }
    let coolant = Coolant.constant(name: "test", density: 1000, viscosity: 1e-3, specificHeat: cp, conductivity: k)
    let t0 = 300.0, t1 = 310.0
    try model.setBoundary("xmin", .temperature(t0))
    try model.setBoundary("xmax", .temperature(t1))
    let flow = flowAlongX(model.mesh, massFlux: peclet * k / cp, coolant: coolant, inletTemperature: t0)
    model.addTerm(try AdvectionTerm(flow: flow, mesh: model.mesh, scheme: scheme))
    var options = SolverOptions(method: method, tolerance: 1e-13, nonlinearTolerance: 1e-10, maxNonlinearIterations: 5000)
    options.maxIterations = 20_000
    let s = try SteadyThermalSolver(options: options).solve(model)
    let theta = s.temperature.map { ($0 - t0) / (t1 - t0) }
    var error = 0.0
    for c in 0..<n {
      let x = model.mesh.cellCentroid[c].x
      let exact = peclet == 0 ? x : expm1(peclet * x) / expm1(peclet)
      error = max(error, abs(theta[c] - exact))
    }
    XCTAssertLessThanOrEqual(s.energyBalance.relative, 1e-9, "energy balance at \(n) cells, Pe \(peclet), \(scheme)")
    return (theta, error, s)
  }

  /// Observed orders log₂(e_h / e_{h/2}) over successive halvings.
  private func observedOrders(_ errors: [Double]) -> [Double] {
    zip(errors, errors.dropFirst()).map { log2($0 / $1) }
  }

  /// Second order with van Leer and minmod at Pe = 1 and 10, first order with upwind: max-norm errors on 20, 40, 80,
  /// 160, 320 and 640 cells. Measured orders over the successive pairs (20→40 … 320→640):
  /// van Leer Pe 1: 1.93 1.97 1.98 1.99 2.00; Pe 10: 1.71 1.87 1.93 1.97 1.98. Minmod Pe 1: 1.91 1.96 1.98 1.99 1.99;
  /// Pe 10: 1.60 1.80 1.90 1.95 1.98. Upwind Pe 1: 0.95 0.97 0.99 0.99 1.00; Pe 10: 0.81 0.89 0.94 0.97 0.99. Asserted on the two finest pairs:
  /// TVD ≥ 1.85, upwind in 0.85…1.15 (the asymptotic orders 2 and 1, less the pre-asymptotic drift that the
  /// coarse pairs at Pe = 10 still show). Profiles must be monotone (θ increasing cell by cell) as the exact one is.
  func testAdvectionDiffusionOrderAgainstExactExponential() throws {
    let sizes = [20, 40, 80, 160, 320, 640]
    for peclet in [1.0, 10.0] {
      for scheme in AdvectionTerm.Scheme.allCases {
        var errors: [Double] = []
        for n in sizes {
          let r = try solve1D(cells: n, peclet: peclet, scheme: scheme)
          errors.append(r.error)
          for c in 1..<n { XCTAssertGreaterThan(r.theta[c], r.theta[c - 1], "monotone, Pe \(peclet), \(scheme), \(n) cells") }
        }
        let orders = observedOrders(errors)
        for p in orders.suffix(2) {
          if scheme == .upwind {
            XCTAssert((0.85...1.15).contains(p), "upwind order \(p) at Pe \(peclet)")
          } else {
            XCTAssertGreaterThanOrEqual(p, 1.85, "\(scheme) order at Pe \(peclet)")
          }
        }
      }
    }
  }

  /// At Pe = 1000 the exact profile is 0 up to a boundary layer of width L/Pe at the outlet, unresolved on 20–160
  /// cells (cell Péclet 50–6), where central differencing oscillates (it is bounded only for cell Pe ≤ 2, Patankar
  /// 1980 §5.2-3): every scheme stays within [0, 1] to 1e-10 and monotone, and a limited one no further from the
  /// exact solution than upwind in the max norm. Picard (deferred correction) took 22–23 iterations with minmod and
  /// 57–306 with van Leer to settle to 1e-10 K.
  func testAdvectionDominatedIsBounded() throws {
    for n in [20, 40, 160] {
      var upwindError = 0.0
      for scheme in [AdvectionTerm.Scheme.upwind, .minmod, .vanLeer] {
        let r = try solve1D(cells: n, peclet: 1000, scheme: scheme)
        XCTAssertGreaterThanOrEqual(r.theta.min()!, -1e-10, "undershoot, \(scheme), \(n) cells")
        XCTAssertLessThanOrEqual(r.theta.max()!, 1 + 1e-10, "overshoot, \(scheme), \(n) cells")
        for c in 1..<n { XCTAssertGreaterThanOrEqual(r.theta[c], r.theta[c - 1] - 1e-12, "monotone, \(scheme), \(n) cells") }
        if scheme == .upwind { upwindError = r.error } else { XCTAssertLessThanOrEqual(r.error, upwindError * (1 + 1e-9)) }
      }
    }
  }

  // MARK: Energy balance on an insulated block

  /// A copper block 60 × 12 × 12 mm (30 × 6 × 6 cells) with a 4 × 4 mm water channel along x (2 × 2 cells), heat
  /// dissipated in the copper, every face adiabatic: all the heat leaves with the water. First law: ṁ (h_out − h_in)
  /// = P (Incropera et al. 2007, eq. 8.34 with h for c_p T). `heat_to_liquid` (from the outlet's mixed-cup
  /// temperature) and the FV energy balance's coolant stream both match P to 1e-6 relative: the Picard change at exit
  /// is below 1e-9 K against a 9.6 K rise, and the linear solves go to 1e-12. (No wall correlation: the copper
  /// reaches the water through the water's own conductance, k A/d ≈ 0.6 W/K, so it runs some 30 K above it.)
  private func insulatedBlock(power: Double, massFlow: Double, coolant: Coolant, inlet: Double,
                              scheme: AdvectionTerm.Scheme, perturb: Bool = false)
    throws -> (ThermalSolution, ThermalModel) {
    let copper = Material(name: "copper", conductivity: 398, density: 8933, specificHeat: 385, source: "Incropera A.1")
    let water = try Material(coolant: coolant, at: inlet)
    let size = SIMD3(0.06, 0.012, 0.012)
    var model = try channelBlock(nx: 30, ny: 6, nz: 6, size: size, solid: copper, fluid: water) { c in
      abs(c.y - 0.006) < 0.002 && abs(c.z - 0.006) < 0.002
    }
    if power != 0 { try model.addComponent(name: "heater", regionIDs: [1], power: power, limit: nil, distribution: .volume) }
    var flow = flowAlongX(model.mesh, massFlux: massFlow / 16e-6, coolant: coolant, inletTemperature: inlet)
    if perturb {
      // ±2 % on every internal face: a flux field with a continuity error in every fluid cell.
      for f in 0..<model.mesh.internalFaceCount where flow.massFlux[f] != 0 {
        flow.massFlux[f] *= 1 + 0.02 * sin(Double(f) * 1.7)
      }
    }
    model.addTerm(try AdvectionTerm(flow: flow, mesh: model.mesh, scheme: scheme))
    let options = SolverOptions(method: .auto, tolerance: 1e-12, nonlinearTolerance: 1e-9)
    return (try SteadyThermalSolver(options: options).solve(model), model)
  }

  func testInsulatedBlockHeatToCoolantEqualsPower() throws {
    let power = 20.0, massFlow = 0.0005, tIn = 303.15
    for scheme in [AdvectionTerm.Scheme.upwind, .vanLeer] {
      let (s, _) = try insulatedBlock(power: power, massFlow: massFlow, coolant: .water, inlet: tIn, scheme: scheme)
      let stream = try XCTUnwrap(s.energyBalance.streams.first { $0.name == "advection.coolant" })
      XCTAssertEqual(-stream.heatIn, power, accuracy: 1e-6 * power, "\(scheme): FV coolant stream")
      XCTAssertEqual(metric(s, "advection.heat_to_liquid"), power, accuracy: 1e-6 * power, "\(scheme): heat_to_liquid")
      XCTAssertLessThanOrEqual(s.energyBalance.relative, 1e-9, "\(scheme)")
      // One net entry: the denominator is the power, not the gross enthalpy flows ṁ h (~ 0.0005 × 2e4 J/kg).
      XCTAssertEqual(s.energyBalance.heatOut, power, accuracy: 1e-6 * power)
      XCTAssertEqual(metric(s, "advection.mass_flow"), massFlow, accuracy: 1e-12)
      // Outlet mixed-cup temperature from the first law with the water table's h(T) (IAPWS-95 via CoolantData).
      let hOut = try Coolant.water.enthalpy(at: tIn) + power / massFlow
      let tOut = try Coolant.water.temperature(enthalpy: hOut)
      XCTAssertEqual(metric(s, "advection.outlet_temperature.out"), tOut, accuracy: 1e-6)
      XCTAssertGreaterThan(s.nonlinearIterations, 0, "water's c_p varies: Picard")
    }
  }

  /// A ±2 % non-divergent flux field: the continuity error is subtracted, so the discrete balance still closes to
  /// solver precision (the stream is the sum of the discrete operator), and with no power and every inlet at 60 °C
  /// (h = 146 kJ/kg above the 25 °C datum) the whole block stays at 60 °C: without the subtraction each cell would
  /// gain −e_P h_P, up to 0.02 × 0.0005 kg/s × 146 kJ/kg ≈ 1.5 W, and drift by kelvins.
  func testContinuityErrorCreatesNoEnergy() throws {
    for scheme in [AdvectionTerm.Scheme.upwind, .vanLeer] {
      let (s, _) = try insulatedBlock(power: 20, massFlow: 0.0005, coolant: .water, inlet: 303.15, scheme: scheme,
                                      perturb: true)
      XCTAssertGreaterThan(metric(s, "advection.continuity_error"), 0.01, "the field is non-divergent")
      XCTAssertLessThanOrEqual(s.energyBalance.relative, 1e-9, "\(scheme)")
      // heat_to_liquid uses the inflow and the outlet's mixed cup: off by about the 2 % mass error at most.
      XCTAssertEqual(metric(s, "advection.heat_to_liquid"), 20, accuracy: 0.03 * 20)

      let (cold, _) = try insulatedBlock(power: 0, massFlow: 0.0005, coolant: .water, inlet: 333.15, scheme: scheme,
                                         perturb: true)
      let spread = cold.temperature.map { abs($0 - 333.15) }.max()!
      XCTAssertLessThanOrEqual(spread, 1e-9, "\(scheme): uniform inlet temperature, no power")
    }
  }

  /// c_p rising linearly from 2000 J/kg/K at 0 °C to 6000 at 100 °C, so h(T) − h(20 °C) = 2000 ΔT + 20 (T² − 20²)
  /// (T in °C, J/kg). 102 W into 0.001 kg/s from 20 °C: Δh = 102 kJ/kg, whose root is T_out = 50 °C exactly; a
  /// constant c_p(20 °C) = 2800 would give 56.43 °C, the mean of the end values (c_p(50 °C) = 4000) 48.27 °C.
  func testTemperatureDependentSpecificHeatOutletEnthalpyRiseEqualsPower() throws {
    let rising = Coolant(name: "rising", description: "c_p linear in T", source: "test", accuracy: "exact",
                         table: CoolantTable(celsiusRows: [[0, 1000, 1e-3, 2000, 0.6], [100, 1000, 1e-3, 6000, 0.6]]))
    for scheme in [AdvectionTerm.Scheme.upwind, .vanLeer] {
      let (s, _) = try insulatedBlock(power: 102, massFlow: 0.001, coolant: rising, inlet: 293.15, scheme: scheme)
      XCTAssertEqual(metric(s, "advection.outlet_temperature.out") - 273.15, 50, accuracy: 1e-6, "\(scheme)")
      XCTAssertEqual(metric(s, "advection.heat_to_liquid"), 102, accuracy: 1e-6 * 102)
      XCTAssertLessThanOrEqual(s.energyBalance.relative, 1e-9)
    }
  }

  // MARK: Solver paths and transient

  /// Cell Péclet 1000 in a 3-D channel (a 40 × 8 × 8 block, flow through the middle 4 × 4 cells, heated copper
  /// around): BiCGSTAB and GMRES with ILU(0) and AMG converge to 1e-10 and agree with banded LU to 1e-6 K, and `auto`
  /// chooses banded LU at this size.
  func testHighCellPecletConvergesWithEveryNonSymmetricMethod() throws {
    let copper = Material(name: "copper", conductivity: 398, density: 8933, specificHeat: 385, source: "Incropera A.1")
    let coolant = Coolant.constant(name: "test", density: 1000, viscosity: 1e-3, specificHeat: 4000, conductivity: 0.6)
    let fluid = try Material(coolant: coolant, at: 300)
    var model = try channelBlock(nx: 40, ny: 8, nz: 8, size: SIMD3(0.04, 0.008, 0.008), solid: copper, fluid: fluid) {
      abs($0.y - 0.004) < 0.002 && abs($0.z - 0.004) < 0.002
    }
    try model.addComponent(name: "heater", regionIDs: [1], power: 100, limit: nil, distribution: .volume)
    // Cell Péclet G c_p Δx / k = 1000 with Δx = 1 mm.
    let g = 1000 * 0.6 / (4000 * 0.001)
    let flow = flowAlongX(model.mesh, massFlux: g, coolant: coolant, inletTemperature: 300)
    model.addTerm(try AdvectionTerm(flow: flow, mesh: model.mesh, scheme: .upwind))
    let system = ThermalSystem(model: model)
    XCTAssertFalse(system.isSymmetric)
    XCTAssertEqual(SteadyThermalSolver.resolvedMethod(.auto, for: system.matrix), .bandedLU)
    let reference = try SteadyThermalSolver(options: SolverOptions(method: .bandedLU)).solve(model)
    for method in [LinearSolverMethod.bicgstabILU0, .bicgstabAMG, .gmresILU0, .gmresAMG] {
      let s = try SteadyThermalSolver(options: SolverOptions(method: method, tolerance: 1e-10)).solve(model)
      let diff = zip(s.temperature, reference.temperature).map { abs($0 - $1) }.max()!
      XCTAssertLessThanOrEqual(diff, 1e-6, "\(method)")
      XCTAssertLessThanOrEqual(s.energyBalance.relative, 1e-8, "\(method)")
    }
  }

  /// A transient of the insulated block from a uniform 30 °C with 5 W switched on: energy is conserved step by
  /// step, stored heat included (the fluid cells store ρ c_p V of the fluid region's material, which
  /// `Material(coolant:at:)` makes the coolant's), and after many flow-through times the solution reaches the steady
  /// one, so the outlet takes the full power.
  func testTransientConservesEnergyAndReachesSteadyState() throws {
    let copper = Material(name: "copper", conductivity: 398, density: 8933, specificHeat: 385, source: "Incropera A.1")
    let coolant = Coolant.constant(name: "test", density: 1000, viscosity: 1e-3, specificHeat: 4000, conductivity: 0.6)
    let fluid = try Material(coolant: coolant, at: 300)
    var model = try channelBlock(nx: 20, ny: 4, nz: 4, size: SIMD3(0.04, 0.008, 0.008), solid: copper, fluid: fluid) {
      abs($0.y - 0.004) < 0.002 && abs($0.z - 0.004) < 0.002
    }
    try model.addComponent(name: "heater", regionIDs: [1], power: 5, limit: nil, distribution: .volume)
    let flow = flowAlongX(model.mesh, massFlux: 0.0002 / 16e-6, coolant: coolant, inletTemperature: 303.15)
    model.addTerm(try AdvectionTerm(flow: flow, mesh: model.mesh, scheme: .upwind))
    // The copper (8933 × 385 × 2.3e-6 m³ ≈ 7.9 J/K) reaches the water through the water's conductance, about
    // 0.6 W/m/K × 6.4e-4 m² / 1 mm ≈ 0.4 W/K: τ ≈ 20 s; 600 s is 30 τ.
    let options = TransientOptions(scheme: .bdf2, duration: 600, step: 1,
                                   linear: SolverOptions(method: .bandedLU, tolerance: 1e-12))
    let initial = [Double](repeating: 303.15, count: model.mesh.cellCount)
    let r = try TransientThermalSolver(options: options).solve(model, initial: initial)
    XCTAssertLessThanOrEqual(r.energyBalanceRelative, 1e-8, "every step, storage included")
    let steady = try SteadyThermalSolver(options: SolverOptions(method: .bandedLU)).solve(model)
    let diff = zip(r.final.temperature, steady.temperature).map { abs($0 - $1) }.max()!
    XCTAssertLessThanOrEqual(diff, 1e-6, "30 time constants")
    XCTAssertEqual(metric(r.final, "advection.heat_to_liquid"), 5, accuracy: 1e-6 * 5)
  }

  // MARK: Bad input

  func testFluxIntoSolidCellIsRefused() throws {
    let copper = Material(name: "copper", conductivity: 398, density: 8933, specificHeat: 385, source: "Incropera A.1")
    let model = try channelBlock(nx: 4, ny: 2, nz: 1, size: SIMD3(4, 2, 1), solid: copper, fluid: copper) { $0.y < 1 }
    var flow = flowAlongX(model.mesh, massFlux: 1, coolant: .water, inletTemperature: 300)
    // A face between the fluid row and the solid row.
    let f = (0..<model.mesh.internalFaceCount).first {
      model.mesh.cellRegion[Int(model.mesh.faceOwner[$0])] != model.mesh.cellRegion[Int(model.mesh.faceNeighbour[$0])]
    }!
    flow.massFlux[f] = 0.1
    XCTAssertThrowsError(try AdvectionTerm(flow: flow, mesh: model.mesh)) { error in
      XCTAssert("\(error)".contains("advection term advection"), "\(error)")
      XCTAssert("\(error)".contains("not both fluid"), "\(error)")
    }
    let hot = flowAlongX(model.mesh, massFlux: 1, coolant: .water, inletTemperature: 400)
    XCTAssertThrowsError(try AdvectionTerm(flow: hot, mesh: model.mesh)) { error in
      XCTAssert("\(error)".contains("inlet in"), "\(error)")
    }
  }
}
