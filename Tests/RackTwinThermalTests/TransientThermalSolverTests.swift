import XCTest
import RackTwinMesh
import RackTwinThermal

final class TransientThermalSolverTests: XCTestCase {
  /// A bar [0, length] along x with a 1 × 1 cm cross-section, `n` cells, one material.
  func bar(_ n: Int, length: Double, k: Double, rho: Double, c: Double) throws -> ThermalModel {
    let m = Material(name: "bar", conductivity: k, density: rho, specificHeat: c, source: "test")
    let (mesh, mats) = try boxMesh(x: uniform(n, length), y: uniform(1, 0.01), z: uniform(1, 0.01), materials: [m])
    return try ThermalModel(mesh: mesh, regionMaterials: mats)
  }

  func expr(_ text: String, offset: Double = 0) throws -> VaryingValue { .expression(try Expression(text), offset: offset) }

  /// Manufactured transient T = 300 + 10·x·sin t on a bar (k = ρ = c = 1, L = 1): linear in x, so two-point fluxes,
  /// the fixed-temperature faces and the midpoint-rule source q''' = ρc ∂T/∂t = 10·x·cos t are exact in space and
  /// only the time error remains. Error at t = 2 s over Δt = 0.05 … 0.00625 s: implicit Euler order ≈ 1, BDF2 ≥ 1.9
  /// (BDF2 is 2nd order: Hairer, Nørsett & Wanner, Solving ODEs I, §III.2; one Euler start step keeps it 2nd order).
  /// Coarser steps are pre-asymptotic for BDF2 here (observed 1.50 for 0.2 → 0.1 s, 1.81 for 0.1 → 0.05 s).
  func testManufacturedTransientTimeOrder() throws {
    var model = try bar(10, length: 1, k: 1, rho: 1, c: 1)
    try model.setBoundary("xmin", varying: .temperature(300))
    try model.setBoundary("xmax", varying: .temperature(try expr("300 + 10*sin(t)")))
    try model.addVolumetricSource(name: "mms", regionIDs: nil, density: try expr("10*x*cos(t)"))
    let initial = [Double](repeating: 300, count: model.mesh.cellCount)
    let duration = 2.0
    var table = "Δt s     Euler err K   order   BDF2 err K   order\n"
    var errors: [TimeScheme: [Double]] = [:]
    let steps = [0.05, 0.025, 0.0125, 0.00625]
    for scheme in TimeScheme.allCases {
      for dt in steps {
        let s = try TransientThermalSolver(options: TransientOptions(scheme: scheme, duration: duration, step: dt))
          .solve(model, initial: initial)
        XCTAssertEqual(s.times.last!, duration, accuracy: 1e-12)
        XCTAssertEqual(s.acceptedSteps, Int((duration / dt).rounded()))
        XCTAssertLessThan(s.energyBalanceRelative, 1e-9, "the stored-energy rate closes the balance")
        var e = 0.0
        for c in 0..<model.mesh.cellCount {
          e = max(e, abs(s.final.temperature[c] - (300 + 10 * model.mesh.cellCentroid[c].x * sin(duration))))
        }
        errors[scheme, default: []].append(e)
      }
    }
    let eu = errors[.euler]!, b2 = errors[.bdf2]!
    for i in steps.indices {
      let oe = i > 0 ? String(format: "%5.2f", log2(eu[i - 1] / eu[i])) : "    –"
      let ob = i > 0 ? String(format: "%5.2f", log2(b2[i - 1] / b2[i])) : "    –"
      table += String(format: "%-8.5f %.3e   %@   %.3e   %@\n", steps[i], eu[i], oe, b2[i], ob)
    }
    print(table)
    for i in 1..<steps.count {
      XCTAssertEqual(log2(eu[i - 1] / eu[i]), 1, accuracy: 0.15, "implicit Euler is first order")
      XCTAssertGreaterThan(log2(b2[i - 1] / b2[i]), 1.9, "BDF2 is second order")
    }
  }

  /// Milne's device with variable steps: for y' = 3t² (y = t³, so y''' is constant and both expansions are exact),
  /// one variable-step BDF2 step from exact history errs by exactly `bdf2ErrorFraction` × |y_BDF2 − y_pred|, and one
  /// implicit Euler step on y' = 2t (y = t²) by `eulerErrorFraction` × |y_Euler − y_pred|, for unequal steps too.
  func testErrorFractionsAreExactForPolynomialsOfTheSchemesErrorOrder() {
    XCTAssertEqual(TransientThermalSolver.bdf2ErrorFraction(step: 0.1, previous: 0.1, beforeThat: 0.1), 2.0 / 11, accuracy: 1e-15)
    XCTAssertEqual(TransientThermalSolver.eulerErrorFraction(step: 0.1, previous: 0.1), 1.0 / 3, accuracy: 1e-15)
    for (h, h1, h2) in [(0.1, 0.1, 0.1), (0.3, 0.1, 0.2), (0.05, 0.2, 0.07), (1.0, 0.4, 2.5)] {
      let t = 2.0, tm1 = t - h1, tm2 = tm1 - h2, tNew = t + h
      func y(_ s: Double) -> Double { s * s * s }
      let w = h / h1
      let a0 = (1 + 2 * w) / (1 + w), a1 = 1 + w, a2 = w * w / (1 + w)
      let yBDF2 = (a1 * y(t) - a2 * y(tm1) + h * 3 * tNew * tNew) / a0
      let l0 = (tNew - tm1) * (tNew - t) / ((tm2 - tm1) * (tm2 - t))
      let l1 = (tNew - tm2) * (tNew - t) / ((tm1 - tm2) * (tm1 - t))
      let l2 = (tNew - tm2) * (tNew - tm1) / ((t - tm2) * (t - tm1))
      let predicted = l0 * y(tm2) + l1 * y(tm1) + l2 * y(t)
      let fraction = TransientThermalSolver.bdf2ErrorFraction(step: h, previous: h1, beforeThat: h2)
      XCTAssertEqual(abs(yBDF2 - y(tNew)), fraction * abs(yBDF2 - predicted), accuracy: 1e-12 * y(tNew), "\(h), \(h1), \(h2)")

      func z(_ s: Double) -> Double { s * s }
      let zEuler = z(t) + h * 2 * tNew
      let zPredicted = z(t) + (h / h1) * (z(t) - z(tm1))
      XCTAssertEqual(abs(zEuler - z(tNew)), TransientThermalSolver.eulerErrorFraction(step: h, previous: h1) * abs(zEuler - zPredicted),
                     accuracy: 1e-12, "\(h), \(h1)")
    }
  }

  /// The same manufactured problem with adaptive BDF2 (tolerance 1e-4 K per step): fewer steps than a fixed step of
  /// comparable error, and the final error stays within a few tolerances.
  func testAdaptiveBDF2TracksTheTolerance() throws {
    var model = try bar(10, length: 1, k: 1, rho: 1, c: 1)
    try model.setBoundary("xmin", varying: .temperature(300))
    try model.setBoundary("xmax", varying: .temperature(try expr("300 + 10*sin(t)")))
    try model.addVolumetricSource(name: "mms", regionIDs: nil, density: try expr("10*x*cos(t)"))
    let initial = [Double](repeating: 300, count: model.mesh.cellCount)
    let s = try TransientThermalSolver(options: TransientOptions(scheme: .bdf2, duration: 2, step: 0.01, tolerance: 1e-4))
      .solve(model, initial: initial)
    var e = 0.0
    for c in 0..<model.mesh.cellCount {
      e = max(e, abs(s.final.temperature[c] - (300 + 10 * model.mesh.cellCentroid[c].x * sin(2.0))))
    }
    print("adaptive BDF2, tolerance 1e-4 K: \(s.acceptedSteps) steps, \(s.rejectedSteps) rejected, error \(e) K")
    XCTAssertLessThan(e, 1e-3, "10 × the per-step tolerance")
    XCTAssertLessThan(s.acceptedSteps, 200, "larger steps than the first one")
    XCTAssertLessThan(s.energyBalanceRelative, 1e-9)
  }

  /// NAFEMS T3 (NAFEMS, *The Standard NAFEMS Benchmarks*, TNSB rev. 3, 1990, test T3: one-dimensional transient
  /// heat transfer): bar L = 0.1 m, k = 35 W/(m·K), ρ = 7200 kg/m³, c = 440.5 J/(kg·K), T(x, 0) = 0 °C,
  /// T(0, t) = 0 °C, T(L, t) = 100·sin(πt/40) °C, lateral faces adiabatic ⇒ T(0.08 m, 32 s) = 36.60 °C.
  /// 40 cells; within 1 % for BDF2 at Δt ≤ 1 s and Euler at Δt ≤ 0.25 s. The error table is printed.
  func testNAFEMST3SinusoidalEndTemperature() throws {
    var model = try bar(40, length: 0.1, k: 35, rho: 7200, c: 440.5)
    try model.setBoundary("xmin", varying: .temperature(273.15))
    try model.setBoundary("xmax", varying: .temperature(try expr("100*sin(pi*t/40)", offset: 273.15)))
    try model.addProbe(name: "x08", position: SIMD3(0.08, 0.005, 0.005))
    let initial = [Double](repeating: 273.15, count: model.mesh.cellCount)
    var table = "NAFEMS T3, 40 cells: T(0.08 m, 32 s) against 36.60 °C\nΔt s     Euler °C   error %   BDF2 °C   error %\n"
    for dt in [2.0, 1.0, 0.5, 0.25, 0.125] {
      var row = String(format: "%-8.3f", dt)
      for scheme in [TimeScheme.euler, .bdf2] {
        let s = try TransientThermalSolver(options: TransientOptions(scheme: scheme, duration: 32, step: dt))
          .solve(model, initial: initial)
        let t = s.final.probes[0].temperature - 273.15
        let err = (t - 36.60) / 36.60
        row += String(format: " %9.3f  %+7.3f", t, 100 * err)
        XCTAssertLessThan(s.energyBalanceRelative, 1e-9)
        if (scheme == .bdf2 && dt <= 1) || (scheme == .euler && dt <= 0.25) {
          XCTAssertEqual(t, 36.60, accuracy: 0.366, "NAFEMS T3 within 1 % (Δt = \(dt) s, \(scheme))")
        }
        XCTAssertEqual(s.probeTemperature[0].count, s.times.count)
      }
      table += row + "\n"
    }
    print(table)
  }

  /// Plane wall with convection (Incropera et al., *Fundamentals of Heat and Mass Transfer*, 6th ed., §5.5.1,
  /// Eq. 5.39a with Table 5.1): Bi = hL/k = 1 ⇒ ζ₁ = 0.8603, C₁ = 1.1191; centre θ* = (T − T∞)/(Tᵢ − T∞) at Fo = 0.5 is
  /// 0.77253 from the full series (0.7730 from the first term alone). Half-wall L = 0.1 m, k = 1, ρc = 10⁵ J/(m³·K)
  /// (α = 10⁻⁵ m²/s, t = 500 s), h = 10 W/(m²·K), symmetry plane adiabatic; 100 cells, BDF2 Δt = 2 s. Tolerance
  /// 2·10⁻⁴ in θ*: 2nd-order space and time errors, and tighter than the first-term value's 4.7·10⁻⁴ offset.
  func testPlaneWallWithConvectionAgainstExactSeries() throws {
    var model = try bar(100, length: 0.1, k: 1, rho: 100, c: 1000)
    try model.setBoundary("xmax", varying: .convection(h: 10, ambient: 300))
    try model.addProbe(name: "centre", position: SIMD3(0, 0.005, 0.005))
    let initial = [Double](repeating: 400, count: model.mesh.cellCount)
    let s = try TransientThermalSolver(options: TransientOptions(scheme: .bdf2, duration: 500, step: 2))
      .solve(model, initial: initial)
    let theta = (s.final.probes[0].temperature - 300) / 100
    print(String(format: "plane wall Bi = 1, Fo = 0.5: centre θ* = %.6f (series 0.77253)", theta))
    XCTAssertEqual(theta, 0.77253, accuracy: 2e-4)
    XCTAssertLessThan(s.energyBalanceRelative, 1e-9)
  }

  /// Semi-infinite solid with surface convection (Incropera et al., 6th ed., Eq. 5.60, case 3):
  /// (T − Tᵢ)/(T∞ − Tᵢ) = erfc(ξ) − exp(hx/k + h²αt/k²)·erfc(ξ + h√(αt)/k), ξ = x/(2√(αt)); x = 0.01 m, t = 100 s,
  /// α = 10⁻⁵ m²/s, k = 1, h = 100 ⇒ 0.66401. Bar 0.2 m (6 penetration depths, far end adiabatic), 400 cells,
  /// BDF2 Δt = 0.25 s; tolerance 10⁻³ for 2nd-order errors at h = 0.5 mm.
  func testSemiInfiniteSolidWithSurfaceConvection() throws {
    var model = try bar(400, length: 0.2, k: 1, rho: 100, c: 1000)
    try model.setBoundary("xmin", varying: .convection(h: 100, ambient: 400))
    try model.addProbe(name: "x1cm", position: SIMD3(0.01, 0.005, 0.005))
    let initial = [Double](repeating: 300, count: model.mesh.cellCount)
    let s = try TransientThermalSolver(options: TransientOptions(scheme: .bdf2, duration: 100, step: 0.25))
      .solve(model, initial: initial)
    let theta = (s.final.probes[0].temperature - 300) / 100
    print(String(format: "semi-infinite, x = 0.01 m, t = 100 s: θ = %.6f (exact 0.66401)", theta))
    XCTAssertEqual(theta, 0.66401, accuracy: 1e-3)
    XCTAssertLessThan(s.energyBalanceRelative, 1e-9)
  }

  /// A power step at t = 10 s on a lumped-like block: the series shows the power change after the event, and
  /// energy stays balanced across it.
  func testEventStepsComponentPower() throws {
    var model = try bar(4, length: 0.04, k: 400, rho: 1000, c: 1000)
    try model.setBoundary("xmax", varying: .convection(h: 100, ambient: 300))
    try model.addComponent(name: "chip", regionIDs: [1], power: 1, limit: nil, distribution: .volume)
    let initial = [Double](repeating: 300, count: model.mesh.cellCount)
    let event = TransientEvent(time: 10) { m in m.setPower(5, forComponentAt: 0) }
    let s = try TransientThermalSolver(options: TransientOptions(scheme: .bdf2, duration: 20, step: 1, outputInterval: 5))
      .solve(model, initial: initial, events: [event])
    XCTAssertEqual(s.times.count, 21)
    XCTAssertEqual(s.componentPower[0][10], 1, "the step ending at the event time uses the old power")
    XCTAssertEqual(s.componentPower[0][11], 5)
    XCTAssertEqual(s.snapshots.map(\.time), [0, 5, 10, 15, 20])
    XCTAssertLessThan(s.energyBalanceRelative, 1e-9)
    XCTAssertGreaterThan(s.componentMaxTemperature[0][20], s.componentMaxTemperature[0][10])
  }
}
