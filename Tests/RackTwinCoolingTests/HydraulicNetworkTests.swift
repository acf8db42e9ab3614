import RackTwinCooling
import XCTest

/// Constant properties make hand calculations exact: ρ = 1000 kg/m³, μ = 1 mPa·s, c_p = 4000 J/kg/K.
private let plain = Coolant.constant(name: "plain", density: 1000, viscosity: 1e-3, specificHeat: 4000,
                                     conductivity: 0.6)

private func linear(_ a: Double) -> HydraulicElement.Kind {
  .component(GenericComponent(linear: a, coefficient: 0, exponent: 1))
}

private func fixedPump(_ q: Double) -> HydraulicElement.Kind { .pump(Pump(curve: .fixedFlow(q))) }

final class HydraulicNetworkTests: XCTestCase {
  /// Issue 13: a pump H = 30 − 2e5 Q² (m, m³/s) against a system H = 5 + 3e5 Q² meets it at Q = √(25/5e5) =
  /// 7.0711 L/s, H = 20.000 m. The 5 m static lift is two reservoirs (fixed pressures 0 and ρ g·5 m); Newton is
  /// converged to 1e-11, so the tolerances are the issue's printed digits.
  func testPumpMeetsSystemCurveAtTheIssueOperatingPoint() throws {
    let rg = 1000 * standardGravity
    let net = HydraulicNetwork(
      elements: [
        HydraulicElement(name: "pump", from: "A", to: "X",
                         kind: .pump(Pump(curve: Pump.headCurve(shutoffHead: 30, quadratic: -2e5, density: 1000),
                                          efficiency: 0.6))),
        HydraulicElement(name: "system", from: "X", to: "B",
                         kind: .component(GenericComponent(linear: 0, coefficient: rg * 3e5, exponent: 2))),
      ],
      boundaries: ["A": .init(pressure: 0, temperature: 293.15), "B": .init(pressure: rg * 5)])
    let solution = try net.solve(coolant: plain)
    let pump = try XCTUnwrap(solution.pump("pump"))
    XCTAssertEqual(pump.flow, 7.0711e-3, accuracy: 5e-8)
    XCTAssertEqual(pump.head, 20.000, accuracy: 5e-4)
    XCTAssertEqual(pump.hydraulicPower, rg * 20 * (25 / 5e5).squareRoot(), accuracy: 1e-6 * 1387)
    XCTAssertEqual(pump.electricalPower, pump.hydraulicPower / 0.6, accuracy: 1e-9 * pump.electricalPower)
  }

  /// Laminar pipes (Re ≈ 300) in series, then two in parallel: Hagen–Poiseuille ΔP = 128 μ L Q / (π D⁴) per pipe
  /// (Churchill equals 64/Re there), so the series drop is the sum and the parallel split goes by D⁴/L. Linear laws:
  /// tolerance 1e-9 relative.
  func testSeriesAndParallelLaminarPipesAgainstHagenPoiseuille() throws {
    let q = 1e-6
    let r = { (l: Double, d: Double) in 128 * 1e-3 * l / (Double.pi * pow(d, 4)) }
    let net = HydraulicNetwork(elements: [
      HydraulicElement(name: "pump", from: "a", to: "b", kind: fixedPump(q)),
      HydraulicElement(name: "p1", from: "b", to: "c", kind: .pipe(PipeSegment(length: 1, diameter: 4e-3))),
      HydraulicElement(name: "p2", from: "c", to: "d", kind: .pipe(PipeSegment(length: 2, diameter: 6e-3))),
      HydraulicElement(name: "p3", from: "d", to: "a", kind: .pipe(PipeSegment(length: 1, diameter: 4e-3))),
      HydraulicElement(name: "p4", from: "d", to: "a", kind: .pipe(PipeSegment(length: 1, diameter: 3e-3))),
    ])
    let s = try net.solve(coolant: plain)
    let g3 = 1 / r(1, 4e-3), g4 = 1 / r(1, 3e-3)
    let q3 = q * g3 / (g3 + g4)
    XCTAssertEqual(try XCTUnwrap(s.element("p3")).massFlow / 1000, q3, accuracy: 1e-9 * q)
    XCTAssertEqual(try XCTUnwrap(s.element("p1")).pressureDrop, r(1, 4e-3) * q, accuracy: 1e-9 * r(1, 4e-3) * q)
    let total = r(1, 4e-3) * q + r(2, 6e-3) * q + q / (g3 + g4)
    XCTAssertEqual(try XCTUnwrap(s.pump("pump")).pressureRise, total, accuracy: 1e-9 * total)
    XCTAssertEqual(try XCTUnwrap(s.node("a")).pressure, 0, "pressures are relative to the pump suction")
  }

  /// Turbulent K losses: two fittings in parallel (K = 1 and 4, same bore) split as Q₁/Q₂ = √(K₂/K₁) = 2, with
  /// ΔP = K ρ V²/2; a K_v = 10 m³/h valve passing 10 m³/h of a 1000 kg/m³ fluid drops exactly 1 bar (IEC 60534).
  func testParallelFittingsAndValveAgainstHandCalculation() throws {
    let q = 1e-4, d = 0.01
    let net = HydraulicNetwork(elements: [
      HydraulicElement(name: "pump", from: "a", to: "b", kind: fixedPump(q)),
      HydraulicElement(name: "k1", from: "b", to: "c", kind: .fitting(Fitting(lossCoefficient: 1, diameter: d))),
      HydraulicElement(name: "k4", from: "b", to: "c", kind: .fitting(Fitting(lossCoefficient: 4, diameter: d))),
      HydraulicElement(name: "valve", from: "c", to: "a", kind: .valve(Valve(flowCoefficient: 0.36))),
    ])
    let s = try net.solve(coolant: plain)
    let q1 = 2 * q / 3
    let v1 = q1 / (Double.pi * d * d / 4)
    XCTAssertEqual(try XCTUnwrap(s.element("k1")).volumeFlow, q1, accuracy: 1e-9 * q)
    XCTAssertEqual(try XCTUnwrap(s.element("k1")).pressureDrop, 1000 * v1 * v1 / 2, accuracy: 1e-6)
    // K_v 0.36 m³/h at 0.36 m³/h (= 1e-4 m³/s): 1 bar.
    XCTAssertEqual(try XCTUnwrap(s.element("valve")).pressureDrop, 1e5, accuracy: 1e-4)
  }

  /// A datasheet component ΔP = aQ + bQ^1.8 measured with water at 20 °C (IAPWS: ρ 998.207, μ 1.00160 mPa·s), used
  /// with PG25 at 20 °C (Melinder 2010: ρ 1019.278, μ 2.44523 mPa·s): a′ = a μ/μ_d, b′ = b (ρ/ρ_d)^0.8 (μ/μ_d)^0.2.
  /// By hand at Q = 1e-4 m³/s: 4.88263e8·Q + 6.0704e10·Q^1.8 = 48826 + 3830 Pa. Tolerance 1e-6 (table values are
  /// quoted to 6–7 digits).
  func testPressureDropRescaledFromWaterToPG25() throws {
    let component = GenericComponent(linear: 2e8, coefficient: 5e10, exponent: 1.8,
                                      datasheetFluid: (density: 998.207, viscosity: 1.00160e-3))
    let q = 1e-4
    let aPG = 2e8 * 2.44523 / 1.00160
    let bPG = 5e10 * pow(1019.278 / 998.207, 0.8) * pow(2.44523 / 1.00160, 0.2)
    let expected = aPG * q + bPG * pow(q, 1.8)
    var options = HydraulicNetwork.SolveOptions()
    options.initialTemperature = 293.15
    let net = HydraulicNetwork(elements: [
      HydraulicElement(name: "pump", from: "a", to: "b", kind: fixedPump(q)),
      HydraulicElement(name: "plate", from: "b", to: "a", kind: .component(component)),
    ])
    let s = try net.solve(coolant: .propyleneGlycol25, options: options)
    XCTAssertEqual(try XCTUnwrap(s.element("plate")).pressureDrop, expected, accuracy: 1e-6 * expected)
    // Water itself reproduces the datasheet.
    let w = try net.solve(coolant: .water, options: options)
    let datasheet = 2e8 * q + 5e10 * pow(q, 1.8)
    XCTAssertEqual(try XCTUnwrap(w.element("plate")).pressureDrop, datasheet, accuracy: 1e-6 * datasheet)
  }

  /// A direct-return manifold of N branches with linear resistance R and header segments r (supply and return):
  /// the tap pressure difference obeys D_{i+1} − 2 cosh λ Dᵢ + D_{i−1} = 0 with cosh λ = 1 + r/R and D_{N+1} = D_N,
  /// so qᵢ ∝ cosh(λ(N + ½ − i)). Over the mean: max = 2N cosh(λ(N − ½)) sinh(λ/2)/sinh(Nλ),
  /// min = N sinh λ / sinh(Nλ) (derived here; a discrete Bessel-free ladder). Linear laws: tolerance 1e-9.
  func testDirectReturnManifoldMaldistributionClosedForm() throws {
    let n = 8, bigR = 1e9, smallR = 5e7
    let manifold = Manifold(name: "m", layout: .directReturn, supplySegment: linear(smallR),
                            returnSegment: linear(smallR),
                            branches: Array(repeating: Manifold.Branch(elements: [linear(bigR)]), count: n))
    var net = HydraulicNetwork(elements: manifold.elements())
    net.add(HydraulicElement(name: "pump", from: manifold.outlet, to: manifold.inlet, kind: fixedPump(1e-4)))
    let s = try net.solve(coolant: plain)
    let lambda = acosh(1 + smallR / bigR)
    let nn = Double(n)
    let maxOverMean = 2 * nn * cosh(lambda * (nn - 0.5)) * sinh(lambda / 2) / sinh(nn * lambda)
    let minOverMean = nn * sinh(lambda) / sinh(nn * lambda)
    let spread = s.maldistribution(of: manifold.branchNames)
    XCTAssertEqual(spread.max, maxOverMean, accuracy: 1e-9)
    XCTAssertEqual(spread.min, minOverMean, accuracy: 1e-9)
    XCTAssertGreaterThan(spread.max - spread.min, 0.3, "the case must be far from uniform to test anything")
    // Reverse return evens the paths out: a smaller spread.
    var reverse = manifold
    reverse.layout = .reverseReturn
    var net2 = HydraulicNetwork(elements: reverse.elements())
    net2.add(HydraulicElement(name: "pump", from: reverse.outlet, to: reverse.inlet, kind: fixedPump(1e-4)))
    let r = try net2.solve(coolant: plain).maldistribution(of: reverse.branchNames)
    XCTAssertLessThan(r.max - r.min, 0.5 * (spread.max - spread.min))
  }

  /// Energy: three branches take 1, 2 and 3 kW; the CDU exchanger holds its outlet at 30 °C. Conservation gives
  /// exchanger heat −6 kW, each branch ṁₖ(h_out − h_in) = its heat, and the mixed return h_ret = h(30 °C) + 6 kW/ṁ.
  /// With water's varying c_p these are enthalpy balances, not c_pΔT; tolerance 1e-9 relative (rounding, and the
  /// property ↔ temperature iteration converged to 1e-7 K).
  func testEnthalpyMixingEnergyBalance() throws {
    let heats = [1000.0, 2000, 3000]
    var net = HydraulicNetwork(elements: [
      HydraulicElement(name: "pump", from: "cdu", to: "sup", kind: fixedPump(2e-4)),
      .exchanger(name: "hx", from: "ret", to: "cdu", ratedFlow: 2e-4, ratedPressureDrop: 2e4,
                 supplyTemperature: 303.15),
    ])
    for (i, heat) in heats.enumerated() {
      net.add(HydraulicElement(name: "plate\(i)", from: "sup", to: "ret",
                               kind: .component(GenericComponent(linear: 1e8 * Double(i + 1), coefficient: 1e11,
                                                                 exponent: 2)), heat: heat))
    }
    let s = try net.solve(coolant: .water)
    let water = Coolant.water
    let hx = try XCTUnwrap(s.element("hx"))
    XCTAssertEqual(hx.heat, -6000, accuracy: 1e-9 * 6000)
    XCTAssertEqual(hx.outletTemperature, 303.15, accuracy: 1e-9)
    let mTotal = hx.massFlow
    for (i, heat) in heats.enumerated() {
      let e = try XCTUnwrap(s.element("plate\(i)"))
      let dh = try water.enthalpy(at: e.outletTemperature) - water.enthalpy(at: e.inletTemperature)
      XCTAssertEqual(e.massFlow * dh, heat, accuracy: 1e-9 * heat)
    }
    let ret = try XCTUnwrap(s.node("ret")).temperature
    let dh = try water.enthalpy(at: ret) - water.enthalpy(at: 303.15)
    XCTAssertEqual(dh * mTotal, 6000, accuracy: 1e-9 * 6000)
    XCTAssertEqual(ret - 303.15, 6000 / (mTotal * 4180), accuracy: 0.01, "about c_pΔT")
  }

  /// N+1 redundancy: two identical pumps running (one on standby) share the flow, ΔP_group(Q) = ΔP₁(Q/2). With
  /// ΔP₁ = p₀ − c (Q/2)² against the system k Q²: Q = √(p₀/(k + c/4)), here p₀ = 2e5 Pa, c = 4e12, k = 1e12:
  /// Q = 3.16228e-4 m³/s, ΔP = 1e5 Pa; electrical power ΔP Q/η with η = 0.4 is 79.057 W. Tolerance 1e-9.
  func testParallelPumpsWithStandbyShareTheFlow() throws {
    let pump = Pump(curve: .quadratic(shutoff: 2e5, linear: 0, quadratic: -4e12), running: 2, standby: 1,
                    efficiency: 0.4)
    let net = HydraulicNetwork(elements: [
      HydraulicElement(name: "pumps", from: "a", to: "b", kind: .pump(pump)),
      HydraulicElement(name: "system", from: "b", to: "a",
                       kind: .component(GenericComponent(linear: 0, coefficient: 1e12, exponent: 2))),
    ])
    let p = try XCTUnwrap(try net.solve(coolant: plain).pump("pumps"))
    let q = (2e5 / 2e12).squareRoot()
    XCTAssertEqual(p.flow, q, accuracy: 1e-9 * q)
    XCTAssertEqual(p.flowPerPump, q / 2, accuracy: 1e-9 * q)
    XCTAssertEqual(p.pressureRise, 1e5, accuracy: 1e-9 * 1e5)
    XCTAssertEqual(p.electricalPower, 1e5 * q / 0.4, accuracy: 1e-9 * 79)
    XCTAssertEqual(p.standby, 1)
  }

  // MARK: - Bad input and impossible physics

  private func loop(_ extra: [HydraulicElement]) -> HydraulicNetwork {
    HydraulicNetwork(elements: [
      HydraulicElement(name: "pump", from: "a", to: "b", kind: fixedPump(1e-4)),
      HydraulicElement(name: "pipe", from: "b", to: "a", kind: .pipe(PipeSegment(length: 1, diameter: 0.01))),
    ] + extra)
  }

  func testNetworkWithoutPumpIsRejected() {
    let net = HydraulicNetwork(elements: [
      HydraulicElement(name: "p1", from: "a", to: "b", kind: linear(1e9)),
      HydraulicElement(name: "p2", from: "b", to: "a", kind: linear(1e9)),
    ])
    XCTAssertThrowsError(try net.solve(coolant: plain)) { XCTAssertEqual($0 as? CoolingError, .noPump(elements: [])) }
  }

  /// A separate loop with no pump, and a loop hanging off a single node, both carry no flow: named as loops
  /// without a pump. A dead-end branch is named as disconnected.
  func testLoopsWithoutPumpAndDeadEndsAreRejected() {
    let separate = loop([HydraulicElement(name: "x1", from: "c", to: "d", kind: linear(1e9)),
                         HydraulicElement(name: "x2", from: "d", to: "c", kind: linear(1e9))])
    XCTAssertThrowsError(try separate.solve(coolant: plain)) {
      XCTAssertEqual($0 as? CoolingError, .noPump(elements: ["x1", "x2"]))
    }
    let side = loop([HydraulicElement(name: "s1", from: "b", to: "z", kind: linear(1e9)),
                     HydraulicElement(name: "s2", from: "z", to: "b", kind: linear(1e9))])
    XCTAssertThrowsError(try side.solve(coolant: plain)) {
      XCTAssertEqual($0 as? CoolingError, .noPump(elements: ["s1", "s2"]))
    }
    let dead = loop([HydraulicElement(name: "stub", from: "b", to: "nowhere", kind: linear(1e9))])
    XCTAssertThrowsError(try dead.solve(coolant: plain)) { error in
      XCTAssertTrue("\(error)".contains("element stub") && "\(error)".contains("dead end at node nowhere"),
                    "\(error)")
    }
  }

  /// A 30 m shut-off head cannot lift the coolant 40 m: the error names the pump and its shut-off pressure.
  func testPumpThatCannotMeetTheSystemIsRejected() {
    let rg = 1000 * standardGravity
    let net = HydraulicNetwork(
      elements: [
        HydraulicElement(name: "weak", from: "A", to: "X",
                         kind: .pump(Pump(curve: Pump.headCurve(shutoffHead: 30, quadratic: -2e5, density: 1000)))),
        HydraulicElement(name: "riser", from: "X", to: "B",
                         kind: .component(GenericComponent(linear: 0, coefficient: rg * 3e5, exponent: 2))),
      ],
      boundaries: ["A": .init(pressure: 0, temperature: 293.15), "B": .init(pressure: rg * 40, temperature: 293.15)])
    XCTAssertThrowsError(try net.solve(coolant: plain)) { error in
      guard case let .pumpCannotMeetSystem(pump, detail)? = error as? CoolingError else { return XCTFail("\(error)") }
      XCTAssertEqual(pump, "weak")
      XCTAssertTrue(detail.contains("294.2 kPa"), detail)
    }
  }

  /// Heat on a loop where nothing fixes a temperature has no steady state; heat that drives water past boiling
  /// is reported naming the element and the fluid; a negative diameter names the element and key.
  func testImpossibleEnergyAndInvalidValuesAreRejected() {
    var heated = loop([])
    heated.elements[1].heat = 100
    XCTAssertThrowsError(try heated.solve(coolant: plain)) { error in
      guard case .noHeatPath? = error as? CoolingError else { return XCTFail("\(error)") }
    }
    let boiling = HydraulicNetwork(elements: [
      HydraulicElement(name: "pump", from: "a", to: "b", kind: fixedPump(1e-5)),
      HydraulicElement(name: "die", from: "b", to: "c", kind: linear(1e9), heat: 5000),
      .exchanger(name: "hx", from: "c", to: "a", ratedFlow: 1e-5, ratedPressureDrop: 1e3, supplyTemperature: 313.15),
    ])
    XCTAssertThrowsError(try boiling.solve(coolant: .water)) { error in
      let text = "\(error)"
      XCTAssertTrue(text.contains("element die outlet") && text.contains("coolant water"), text)
    }
    let bad = loop([HydraulicElement(name: "thin", from: "b", to: "a", kind: .pipe(PipeSegment(length: 1, diameter: -1)))])
    XCTAssertThrowsError(try bad.solve(coolant: plain)) { error in
      XCTAssertEqual("\(error)", "element thin: diameter: expected a diameter > 0, found -1.0")
    }
  }

  /// Fuzz finding (corpus case/325, 326): 20 kW on 1 L/min of water through a component rated 1 kPa at 1 m³/s, whose
  /// slope at 1 L/min is so small that Newton stalls at round-off (relative flow change ~1e-8 against 1e-11). The
  /// coolant would leave its range, and that is the error (exit 2), naming the element and the temperature the
  /// energy balance gives: h_out = h(30 °C) + Q/ṁ with ṁ = ρ(30 °C)·1 L/min, continued past the table's end at its
  /// last c_p, T = 100 °C + (h_out − h(100 °C))/c_p(100 °C) (`Coolant.temperature(enthalpy:)`). Without the heat the
  /// same network still reports the stall (exit 1): the check does not hide a Newton failure.
  func testHeatTheFlowCannotCarryIsReportedRatherThanTheStall() throws {
    func network(heat: Double) -> HydraulicNetwork {
      HydraulicNetwork(elements: [
        HydraulicElement(name: "p", from: "a", to: "c", kind: fixedPump(1.0 / 60_000)),
        HydraulicElement(name: "c", from: "c", to: "b",
                         kind: .component(GenericComponent(linear: 0, coefficient: 1000, exponent: 1.8)), heat: heat),
        .exchanger(name: "x", from: "b", to: "a", ratedFlow: 1.0 / 60_000, ratedPressureDrop: 1e4,
                   supplyTemperature: 303.15),
      ])
    }
    XCTAssertThrowsError(try network(heat: 0).solve(coolant: .water)) { error in
      guard case let .notConverged(_, residual)? = error as? CoolingError else { return XCTFail("\(error)") }
      XCTAssertLessThan(residual, 1e-3, "a stall at round-off, the finding's premise")
    }
    let water = Coolant.water
    let top = water.range.upperBound
    let massFlow = try water.density(at: 303.15) / 60_000
    let outlet = try water.enthalpy(at: 303.15) + 20_000 / massFlow
    let expected = try top + (outlet - water.enthalpy(at: top)) / water.specificHeat(at: top)
    XCTAssertThrowsError(try network(heat: 20_000).solve(coolant: water)) { error in
      guard case let .temperatureOutOfRange(fluid, t, _, context)? = error as? CoolingError else {
        return XCTFail("\(error)")
      }
      XCTAssertEqual(fluid, "water")
      XCTAssertEqual(context, "element c outlet")
      // The flows are the stalled iterate's, within 1e-8 of the pump's: 1e-5 K on a ~290 K rise.
      XCTAssertEqual(t, expected, accuracy: 1e-5)
      XCTAssertGreaterThan(t, 273.15 + 300, "far outside the range, not a borderline case")
    }
  }
}
