import XCTest
import RackTwinMesh
import RackTwinThermal

/// Temperature-dependent conductivity, radiation and leakage power, solved by Picard iteration.
final class NonlinearSteadyTests: XCTestCase {
  /// Slabs with the conductivity laws of Toptan et al. (2020), SAND2020-3887 R, cases I.2 (k = 5 + 1e-3·u) and I.3
  /// (k = 1 + 1e-3·u), with the source and length of I.1 (q''' = 1200, L = 1) and ends at u(0) = 100 K, u(1) = 10 K
  /// (the model takes temperatures above 0 K). Exact by the Kirchhoff transform: Φ(u) = a·u + b·u²/2 satisfies
  /// −Φ'' = q, so Φ(x) = Φ(u₀) + (Φ(u₁) − Φ(u₀) + q/2)·x − q·x²/2 and u = (−a + √(a² + 2bΦ))/b.
  func testToptanI2I3TemperatureDependentConductivity() throws {
    let q = 1200.0, u0 = 100.0, u1 = 10.0, b = 1e-3
    for a in [5.0, 1.0] {
      func phi(_ u: Double) -> Double { a * u + b * u * u / 2 }
      func exact(_ x: Double) -> Double {
        let p = phi(u0) + (phi(u1) - phi(u0) + q / 2) * x - q * x * x / 2
        return (-a + (a * a + 2 * b * p).squareRoot()) / b
      }
      var errors: [Double] = []
      var picard: [Int] = []
      for n in [10, 20, 40] {
        var law = material("k\(a)", k: a + b * 300)
        law.conductivityLaw = .linear(value: a + b * 300, reference: 300, slope: b)
        let (mesh, mats) = try boxMesh(x: uniform(n), y: uniform(1, 0.1), z: uniform(1, 0.1), materials: [law])
        var model = try ThermalModel(mesh: mesh, regionMaterials: mats)
        try model.setBoundary("xmin", .temperature(u0))
        try model.setBoundary("xmax", .temperature(u1))
        try model.addComponent(name: "slab", regionIDs: [1], power: q * 0.01, limit: nil, distribution: .volume)
        let s = try SteadyThermalSolver(options: SolverOptions(method: .banded, nonlinearTolerance: 1e-10)).solve(model)
        XCTAssertLessThanOrEqual(s.energyBalance.relative, 1e-10)
        errors.append(l2Error(mesh, s.temperature) { exact($0.x) })
        picard.append(s.nonlinearIterations)
      }
      let orders = zip(errors, errors.dropFirst()).map { log2($0 / $1) }
      print("k = \(a) + 1e-3 u: L2 errors \(errors), orders \(orders), Picard iterations \(picard)")
      for p in orders { XCTAssertGreaterThanOrEqual(p, 1.9, "k = \(a) + 1e-3·u") }
      XCTAssertLessThan(errors.last!, 0.1, "|u| ~ 100 K, h = 1/40")
    }
  }

  /// NAFEMS T2 (Test Selection for Non-linear Benchmarks, TNSB rev. 3): bar L = 0.1 m, 0.01 × 0.01 m, k = 55.6,
  /// end A at 1000 K, end B radiating to 300 K with ε = 0.98, other faces adiabatic ⇒ T_B = 927 K (COMSOL 926.97 K
  /// with k = 55.563). The profile is linear, so the FV answer must equal the root of
  /// k(1000 − T)/L = εσ(T⁴ − 300⁴), found here by scalar Newton.
  func testNAFEMST2RadiatingBar() throws {
    let k = 55.6, eps = 0.98, sigma = 5.670374419e-8
    var tb = 900.0
    for _ in 0..<50 {
      let f = k * (1000 - tb) / 0.1 - eps * sigma * (pow(tb, 4) - pow(300, 4))
      let df = -k / 0.1 - 4 * eps * sigma * pow(tb, 3)
      tb -= f / df
    }
    let (mesh, mats) = try boxMesh(x: uniform(20, 0.1), y: uniform(1, 0.01), z: uniform(1, 0.01), materials: [material("bar", k: k)])
    var model = try ThermalModel(mesh: mesh, regionMaterials: mats)
    try model.setBoundary("xmin", .temperature(1000))
    try model.setBoundary("xmax", .radiation(emissivity: eps, surroundings: 300))
    try model.addProbe(name: "B", position: SIMD3(0.1, 0.005, 0.005))
    let s = try SteadyThermalSolver(options: SolverOptions(nonlinearTolerance: 1e-9)).solve(model)
    print("NAFEMS T2: T_B = \(s.probes[0].temperature) K (root \(tb) K), Picard iterations \(s.nonlinearIterations)")
    XCTAssertEqual(s.probes[0].temperature, tb, accuracy: 1e-6)
    XCTAssertEqual(s.probes[0].temperature, 927, accuracy: 927 * 1e-3, "NAFEMS T2 reference 927 K")
    // The radiated heat equals the conducted heat at the converged face temperature.
    XCTAssertEqual(s.energyBalance.heatOut, eps * sigma * (pow(s.probes[0].temperature, 4) - pow(300, 4)) * 1e-4,
                   accuracy: 1e-6 * s.energyBalance.heatOut)
  }

  /// A lumped leaking chip: one copper cell (k = 10⁴, so its own resistance is negligible but counted) cooled on all
  /// faces (h = 100, 300 K), P(T) = P_d + P_l·2^((T − T₀)/ΔT). With R the discrete resistance to ambient and
  /// β = ln 2/ΔT, the fixed point T = T∞ + R·P(T) is T = T∞ + R·P_d − W₀(−βC)/β, C = R·P_l·e^{β(T∞ + R·P_d − T₀)}
  /// (Lambert W, principal branch); it exists only while βC ≤ 1/e — beyond that the leakage runs away.
  func testLeakageFixedPointMatchesLambertW() throws {
    let side = 0.01, h = 100.0, kCu = 1e4, tInf = 300.0
    let g = 6 * side * side / (side / 2 / kCu + 1 / h)
    let r = 1 / g
    func lambertW0(_ x: Double) -> Double {
      var w = x < -0.25 ? -0.5 : x
      for _ in 0..<60 {
        let e = exp(w), f = w * e - x
        w -= f / (e * (w + 1) - (w + 2) * f / (2 * w + 2))
      }
      return w
    }
    func model(leakage: Double) throws -> ThermalModel {
      let (mesh, mats) = try boxMesh(x: uniform(1, side), y: uniform(1, side), z: uniform(1, side),
                                     materials: [material("cu", k: kCu)])
      var m = try ThermalModel(mesh: mesh, regionMaterials: mats)
      for p in ["xmin", "xmax", "ymin", "ymax", "zmin", "zmax"] { try m.setBoundary(p, .convection(h: h, ambient: tInf)) }
      try m.addComponent(name: "chip", regionIDs: [1], power: 0, limit: nil, distribution: .volume)
      try m.setLeakage(Leakage(dynamic: 2, leakage: leakage, reference: 320, doublingInterval: 20), forComponentAt: 0)
      return m
    }
    let pl = 0.2, beta = log(2.0) / 20
    let c = r * pl * exp(beta * (tInf + r * 2 - 320))
    XCTAssertLessThan(beta * c, exp(-1.0))
    let exact = tInf + r * 2 - lambertW0(-beta * c) / beta
    let s = try SteadyThermalSolver(options: SolverOptions(nonlinearTolerance: 1e-10)).solve(try model(leakage: pl))
    print("leakage: T = \(s.temperature[0]) K (Lambert W: \(exact) K), power \(s.components[0].power) W, Picard \(s.nonlinearIterations)")
    XCTAssertEqual(s.temperature[0], exact, accuracy: 1e-8)
    XCTAssertEqual(s.components[0].power, 2 + pl * exp2((exact - 320) / 20), accuracy: 1e-9)

    // βC = 0.92 > 1/e: no fixed point.
    XCTAssertThrowsError(try SteadyThermalSolver().solve(try model(leakage: 1.0))) { e in
      XCTAssertTrue("\(e)".contains("thermal runaway") && "\(e)".contains("chip"), "\(e)")
    }
  }

  func testConductivityTableInterpolates() {
    let law = ConductivityLaw.table(temperatures: [300, 400, 600], conductivities: [401, 393, 379])
    XCTAssertEqual(law.conductivity(at: 250), 401)
    XCTAssertEqual(law.conductivity(at: 350), 397, accuracy: 1e-12)
    XCTAssertEqual(law.conductivity(at: 500), 386, accuracy: 1e-12)
    XCTAssertEqual(law.conductivity(at: 700), 379)
  }
}

final class NonlinearTransientTests: XCTestCase {
  /// A lumped copper-like cube (k = 1e9 W/m/K, so it is isothermal) radiating from all faces to 1 K surroundings: ρcV dT/dt = −εσA(T⁴ − T_s⁴). With
  /// T_s⁴ negligible (1e-12 of T⁴), 1/T³ = 1/T₀³ + 3εσA·t/(ρcV). BDF2 with Picard in each step, against that closed
  /// form at t = 600 s from 1000 K.
  func testRadiatingCubeCoolsAsTheClosedForm() throws {
    let side = 0.02, eps = 0.8, rho = 8933.0, c = 385.0, t0 = 1000.0, duration = 600.0
    let cu = Material(name: "cu", conductivity: 1e9, density: rho, specificHeat: c, source: "test")
    let (mesh, mats) = try boxMesh(x: uniform(1, side), y: uniform(1, side), z: uniform(1, side), materials: [cu])
    var model = try ThermalModel(mesh: mesh, regionMaterials: mats)
    for p in ["xmin", "xmax", "ymin", "ymax", "zmin", "zmax"] {
      try model.setBoundary(p, .radiation(emissivity: eps, surroundings: 1))
    }
    let area = 6 * side * side, volume = side * side * side
    let exact = pow(1 / pow(t0, 3) + 3 * eps * 5.670374419e-8 * area * duration / (rho * c * volume), -1.0 / 3)
    var errors: [Double] = []
    for dt in [5.0, 2.5, 1.25] {
      let options = TransientOptions(scheme: .bdf2, duration: duration, step: dt,
                                     linear: SolverOptions(nonlinearTolerance: 1e-10))
      let s = try TransientThermalSolver(options: options).solve(model, initial: [t0])
      errors.append(abs(s.final.temperature[0] - exact))
      XCTAssertGreaterThan(s.nonlinearIterations, 0)
      XCTAssertLessThanOrEqual(s.energyBalanceRelative, 1e-8)
    }
    print("radiating cube: exact \(exact) K, BDF2 errors \(errors)")
    // The cube's own conduction resistance (k = 1e9: a lumped body) shifts T by < 1e-7 K; the rest is BDF2's time error.
    // The cube cools at 4 K/s at first; at Δt = 20 s BDF2 is pre-asymptotic (observed orders 1.3, 1.6, 1.8 for
    // Δt = 20 → 2.5 s), so the order is checked on the finer steps.
    XCTAssertLessThan(errors.last!, 5e-4, "K, Δt = 1.25 s")
    XCTAssertGreaterThan(log2(errors[1] / errors[2]), 1.8, "BDF2 order")
  }
}

final class MaterialRangeTests: XCTestCase {
  /// FR-4 above its glass transition (130 °C, IPC-4101/21) is flagged naming the region, material and temperature;
  /// the same slab kept cool is not.
  func testBoardAboveItsGlassTransitionIsFlagged() throws {
    let fr4 = try XCTUnwrap(MaterialLibrary.builtIn["fr4"])
    for (flux, flagged) in [(2000.0, true), (100.0, false)] {
      let (mesh, mats) = try boxMesh(x: uniform(1, 0.1), y: uniform(1, 0.1), z: uniform(8, 0.01), materials: [fr4])
      var model = try ThermalModel(mesh: mesh, regionMaterials: mats)
      try model.setBoundary("zmin", .heatFlux(flux))
      try model.setBoundary("zmax", .temperature(353.15))
      // ΔT = q·L/k_z = flux·0.01/0.29: 69 K (→ 149 °C, above 130 °C) or 3.4 K.
      let s = try SteadyThermalSolver().solve(model)
      XCTAssertEqual(!s.rangeWarnings.isEmpty, flagged, "\(s.rangeWarnings)")
      if flagged {
        XCTAssertTrue(s.rangeWarnings[0].contains("region r1 (fr4) reaches") && s.rangeWarnings[0].contains("130.0 °C"),
                      s.rangeWarnings[0])
      }
    }
  }

  /// Regions interleaved cell by cell: each region's extremes come from its own cells only, wherever they sit.
  func testRangeWarningsTakeEachRegionsExtremesOverInterleavedCells() throws {
    var hot = material("hot", k: 1), cold = material("cold", k: 1)
    hot.validRange = 250...400
    cold.validRange = 250...400
    // Region 1 on even x cells, 2 on odd: 8 cells along x.
    let (mesh, mats) = try boxMesh(x: uniform(8), y: uniform(1), z: uniform(1), materials: [hot, cold]) { p in
      Int32(Int(p.x * 8) % 2 + 1)
    }
    let model = try ThermalModel(mesh: mesh, regionMaterials: mats)
    // Region 1 reaches 410 K in its last cell (x index 6); region 2 falls to 240 K in its first (x index 1).
    var t = [Double](repeating: 300, count: mesh.cellCount)
    t[6] = 410
    t[1] = 240
    let warnings = model.rangeWarnings(temperature: t)
    XCTAssertEqual(warnings.count, 2, "\(warnings)")
    XCTAssertTrue(warnings[0].hasPrefix("region r1 (hot) reaches 136.9 °C, above"), warnings[0])
    XCTAssertTrue(warnings[1].hasPrefix("region r2 (cold) falls to -33.1 °C, below"), warnings[1])
    XCTAssertEqual(model.rangeWarnings(temperature: [Double](repeating: 300, count: mesh.cellCount)), [])
  }
}
