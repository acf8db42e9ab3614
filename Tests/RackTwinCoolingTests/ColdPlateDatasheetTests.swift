import Foundation
import RackTwinCooling
import XCTest

/// The datasheet cold plate (DESIGN §3.3 a) against the OCP 1 kW OAM data (`OCP` in ColdPlateTestSupport.swift).
final class ColdPlateDatasheetTests: XCTestCase {
  func format(_ e: [Double]) -> String { e.map { String(format: "%+.2f %%", 100 * $0) }.joined(separator: ", ") }

  /// Synthetic data from a known law (UA₀ = 80 W/K at ṁ₀, m = 0.3, R_base = 0.002 K/W) are fitted back to their
  /// parameters: the fit itself, independently of any measurement. Tolerance 1e-6 relative: LM converged on exact data.
  func testFitRecoversAKnownLaw() throws {
    let truth = try ColdPlateCurve(name: "truth", coolant: .water, temperature: 313.15, referenceConductance: 80,
                                   referenceMassFlow: 0.05, exponent: 0.3, baseResistance: 0.002,
                                   validMassFlow: 0.01...0.1, origin: "given")
    let flows = [0.5, 1, 2, 3, 5].map { $0 / 60_000 }
    let sheet = try ColdPlateDatasheet(name: "synthetic", coolant: .water, temperature: 313.15,
                                       points: flows.map { .init(volumeFlow: $0, resistance: truth.resistance(volumeFlow: $0)) })
    let fit = try ColdPlateCurve.fit(sheet)
    XCTAssertEqual(fit.exponent, 0.3, accuracy: 1e-6)
    XCTAssertEqual(fit.baseResistance, 0.002, accuracy: 1e-6 * 0.002)
    XCTAssertEqual(fit.conductance(massFlow: 0.05), 80, accuracy: 1e-6 * 80)
    for e in fit.relativeErrors(on: sheet) { XCTAssertLessThan(abs(e), 1e-8) }
  }

  /// The reading of the water data: implied UA (R_base = 0) about 75 → 73 W/K from 2 to 5 L/min. With water
  /// at 40 °C (ρ 992.2 kg/m³, c_p 4179.4 J/kg/K): 75.44 and 73.52 W/K. The bounded fit (m ≥ 0, R_base ≥ 0) ends on
  /// both bounds — the data want UA to fall slightly with flow — so it is one constant UA, 74.25 W/K (least squares
  /// on relative errors), with errors +1.20, +0.14, −0.28, −0.89 % at 2, 3, 4, 5 L/min (SciPy least_squares on the
  /// same residuals: 74.2547 W/K, +1.2015, +0.1391, −0.2816, −0.8886 %). Tolerance 0.02 %: the errors to two decimals.
  func testOCPWaterFitOnAllPoints() throws {
    let sheet = try OCP.water()
    let fit = try ColdPlateCurve.fit(sheet)
    let implied = sheet.points.map { p -> Double in
      let c = p.volumeFlow * fit.properties.density * fit.properties.specificHeat
      return -c * log1p(-1 / (c * p.resistance))
    }
    XCTAssertEqual(implied[0], 75.44, accuracy: 0.01)
    XCTAssertEqual(implied[3], 73.52, accuracy: 0.01)
    XCTAssertEqual(fit.exponent, 0)
    XCTAssertEqual(fit.baseResistance, 0)
    XCTAssertEqual(fit.referenceConductance, 74.25, accuracy: 0.01)
    let errors = fit.relativeErrors(on: sheet)
    print("OCP water fit (UA \(fit.referenceConductance) W/K): \(format(errors))")
    for (e, want) in zip(errors, [0.0120, 0.0014, -0.0028, -0.0089]) { XCTAssertEqual(e, want, accuracy: 2e-4) }
  }

  /// PG25 (Melinder 2010 via CoolProp, at 40 °C: ρ 1009.9 kg/m³, c_p 3968.6 J/kg/K, k 0.4858 W/m/K). The points
  /// below 0.6 L/min lie 4 and 9 % above the floor 1/(ṁc_p) (20 % at 0.6); their implied UA falls 87 → 61 W/K with
  /// flow, which no non-decreasing UA follows: the bounded fit is one UA, 63.0 W/K, misfitting by up to 8.6 %
  /// (at 0.5 L/min). Tolerance 0.1 % on the ratios and errors: printed to that precision.
  func testOCPPG25FitOnAllPoints() throws {
    let sheet = try OCP.pg25()
    let fit = try ColdPlateCurve.fit(sheet)
    let ratio = sheet.points.map { $0.resistance * $0.volumeFlow * fit.properties.density * fit.properties.specificHeat }
    XCTAssertEqual(ratio[0], 1.039, accuracy: 1e-3)
    XCTAssertEqual(ratio[1], 1.085, accuracy: 1e-3)
    XCTAssertEqual(ratio[2], 1.202, accuracy: 1e-3)
    XCTAssertEqual(fit.exponent, 0)
    XCTAssertEqual(fit.baseResistance, 0)
    XCTAssertEqual(fit.referenceConductance, 63.02, accuracy: 0.01)
    let errors = fit.relativeErrors(on: sheet)
    print("OCP PG25 fit (UA \(fit.referenceConductance) W/K): \(format(errors))")
    XCTAssertEqual(errors.map(abs).max()!, 0.0858, accuracy: 1e-3)
    XCTAssertEqual(errors[1], 0.0858, accuracy: 1e-3)
  }

  /// Fit on some points, test on the rest. Water: fit on 2, 3, 5 L/min (UA 74.34 W/K), predict 4 L/min (0.0154 K/W):
  /// −0.38 % (SciPy: −0.3846 %). PG25: fit on the 7 points at 0.4, 0.6, 0.8, 1.0, 1.4, 1.8, 2.2 L/min (UA 63.15 W/K),
  /// predict the other 7: +8.50, +3.09, +0.32, −0.51, −2.01, −2.59, −2.75 %. Held-out errors may not exceed the
  /// all-points fit's worst misfit (1.2 % water, 8.6 % PG25) by more than 0.5 %: a held-out point is no worse than
  /// the form's own misfit.
  func testOCPHeldOutPoints() throws {
    let water = try OCP.water()
    let wFit = try ColdPlateCurve.fit(try water.subset([0, 1, 3]))
    let wErr = (wFit.resistance(volumeFlow: 4 * OCP.lpm) - 0.0154) / 0.0154
    print("OCP water held out at 4 L/min: \(format([wErr])) (fit on 2, 3, 5 L/min, UA \(wFit.referenceConductance) W/K)")
    XCTAssertLessThan(abs(wErr), 0.012 + 0.005)
    let pg = try OCP.pg25()
    let train = [0, 2, 4, 6, 8, 10, 12]
    let test = [1, 3, 5, 7, 9, 11, 13]
    let pFit = try ColdPlateCurve.fit(try pg.subset(train))
    let pErr = pFit.relativeErrors(on: try pg.subset(test))
    print("OCP PG25 held out at 0.5…2.4 L/min: \(format(pErr)) (UA \(pFit.referenceConductance) W/K)")
    XCTAssertLessThan(pErr.map(abs).max()!, 0.086 + 0.005)
  }

  /// The held-out check across fluids: fit on water, predict every PG25 point from the fluid's properties.
  /// Laminar (Graetz) rule, h ∝ k at equal Gz: UA_PG25 = 0.773 · 74.25 = 57.4 W/K, R over-predicted by
  /// +8.9, +12.3, +9.3, +8.0, +7.3, +6.0, +6.0, +6.1, +6.0, +5.2, +4.8, +5.1, +5.2, +5.2 % (SciPy gives the same).
  /// Dittus–Boelter (turbulent) at equal Re: UA 83.4 W/K, errors +0.6 … −22.0 %: the plate's flow is not turbulent.
  /// Tolerance 0.1 % on each error (two-decimal printout); the prediction's own accuracy is the numbers, stated.
  func testOCPWaterToPG25Prediction() throws {
    let water = try ColdPlateCurve.fit(try OCP.water())
    let pg = try OCP.pg25()
    let laminar = try water.transferred(to: pg.coolant, temperature: OCP.temperature, scaling: .laminarGraetz)
    let lErr = laminar.relativeErrors(on: pg)
    print("OCP water → PG25, laminar-graetz (UA \(laminar.referenceConductance) W/K): \(format(lErr))")
    let want = [0.089, 0.123, 0.093, 0.080, 0.073, 0.060, 0.060, 0.061, 0.060, 0.052, 0.048, 0.051, 0.052, 0.052]
    for (e, w) in zip(lErr, want) { XCTAssertEqual(e, w, accuracy: 1.5e-3) }
    XCTAssertEqual(laminar.referenceConductance, 57.4, accuracy: 0.1)
    let turbulent = try water.transferred(to: pg.coolant, temperature: OCP.temperature, scaling: .turbulentDittusBoelter)
    let tErr = turbulent.relativeErrors(on: pg)
    print("OCP water → PG25, turbulent-dittus-boelter (UA \(turbulent.referenceConductance) W/K): \(format(tErr))")
    XCTAssertEqual(tErr[0], 0.006, accuracy: 1.5e-3)
    XCTAssertEqual(tErr[13], -0.220, accuracy: 1.5e-3)
    // The water data cover 2–5 L/min of water; at equal Gz that is 1.60–4.0 L/min of PG25: the 9 PG25 points below
    // 1.6 L/min are extrapolations of the water fit, and say so.
    let flagged = pg.points.map { laminar.isExtrapolated(massFlow: $0.volumeFlow * laminar.properties.density) }
    XCTAssertEqual(flagged, Array(repeating: true, count: 9) + Array(repeating: false, count: 5))
  }

  /// The exchanger form never falls below the floor 1/(ṁc_p), even far below the data; a power law R₀(Q₀/Q)ⁿ
  /// through the water points at 2 and 5 L/min (n = 0.14) crosses it below about 0.24 L/min.
  func testFloorHeldWhereAPowerLawBreaksIt() throws {
    let fit = try ColdPlateCurve.fit(try OCP.water())
    let n = log(0.0172 / 0.0151) / log(5.0 / 2)
    for q in [0.05, 0.1, 0.2, 0.5, 1.0] {
      let m = q * OCP.lpm * fit.properties.density
      let floor = 1 / (m * fit.properties.specificHeat)
      XCTAssertGreaterThan(fit.resistance(massFlow: m), floor)
      XCTAssertTrue(fit.isExtrapolated(massFlow: m))
      if q <= 0.2 { XCTAssertLessThan(0.0172 * pow(2 / q, n), floor, "power law at \(q) L/min") }
    }
    XCTAssertFalse(fit.isExtrapolated(massFlow: 3 * OCP.lpm * fit.properties.density))
  }

  func assertInvalid(_ body: () throws -> Any, mentions text: String, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertThrowsError(try body(), file: file, line: line) { error in
      guard case CoolingError.invalidInput(let location, _, _) = error else {
        return XCTFail("\(error)", file: file, line: line)
      }
      XCTAssertTrue(location.contains("plate-x"), "\(error)", file: file, line: line)
      XCTAssertTrue("\(error)".contains(text), "\(error)", file: file, line: line)
    }
  }

  func testBadDatasheetsNameTheDevice() throws {
    let p = { (q: Double, r: Double) in ColdPlateDatasheet.Point(volumeFlow: q * OCP.lpm, resistance: r) }
    func sheet(_ pts: [ColdPlateDatasheet.Point]) throws -> ColdPlateDatasheet {
      try ColdPlateDatasheet(name: "plate-x", coolant: .water, temperature: 313.15, points: pts)
    }
    assertInvalid({ try ColdPlateCurve.fit(try sheet([p(2, 0.0172), p(3, 0.016)])) }, mentions: "at least 3")
    assertInvalid({ try sheet([p(2, 0.0172), p(3, 0.0175), p(4, 0.015)]) }, mentions: "decreasing")
    assertInvalid({ try sheet([p(2, 0.0172), p(2, 0.016)]) }, mentions: "twice")
    assertInvalid({ try sheet([p(2, -0.0172), p(3, 0.016)]) }, mentions: "positive")
    assertInvalid({ try sheet([p(0, 0.0172)]) }, mentions: "positive")
    // 0.005 K/W at 2 L/min is below the floor 1/(ṁc_p) = 0.0072 K/W.
    assertInvalid({ try sheet([p(2, 0.005)]) }, mentions: "floor")
    assertInvalid({ try ColdPlateDatasheet.fitPressureDrop(device: "plate-x", points: [(1e-4, 1000)], exponent: 1.85) },
                  mentions: "at least 2")
  }

  /// ΔP(Q) = a Q + b Qⁿ. The law here is the Modelica Buildings generic rack default, ΔP = 50 kPa at 10 L/min with
  /// n = 1.85 (`LiquidSinglePhase.Data.Generic`, dp_nominal and n) — a default for an 8 × 1 plate loop, NOT OCP
  /// data. Checks evaluation, the fit of (a, b) from points made by a known law (exact to 1e-9), and rescaling to
  /// PG25 (b ∝ ρ^(n−1) μ^(2−n), `GenericComponent.rescaled`).
  func testPressureDropLaw() throws {
    let qNom = 10 * OCP.lpm
    let generic = GenericComponent(linear: 0, coefficient: 50_000 / pow(qNom, 1.85), exponent: 1.85)
    let sheet = try ColdPlateDatasheet(name: "generic", coolant: .water, temperature: 313.15,
                                       points: OCP.points(OCP.waterFlow, OCP.waterR), pressureDrop: generic)
    XCTAssertEqual(sheet.pressureDrop(volumeFlow: qNom)!, 50_000, accuracy: 1e-9 * 50_000)
    let a = 2e7, b = 3e9
    let pts = [1.0, 2, 4, 6].map { q -> (volumeFlow: Double, pressureDrop: Double) in
      let v = q * OCP.lpm
      return (v, a * v + b * pow(v, 1.85))
    }
    let law = try ColdPlateDatasheet.fitPressureDrop(device: "x", points: pts, exponent: 1.85)
    XCTAssertEqual(law.linear, a, accuracy: 1e-9 * a)
    XCTAssertEqual(law.coefficient, b, accuracy: 1e-9 * b)
    let fit = try ColdPlateCurve.fit(sheet)
    let pg = try fit.transferred(to: Coolant.named("pg25")!, temperature: 313.15)
    let w = try Coolant.water.properties(at: 313.15), g = try Coolant.named("pg25")!.properties(at: 313.15)
    let expected = 50_000 * pow(g.density / w.density, 0.85) * pow(g.viscosity / w.viscosity, 0.15)
    XCTAssertEqual(pg.pressureDrop(massFlow: qNom * g.density)!, expected, accuracy: 1e-9 * expected)
  }
}
