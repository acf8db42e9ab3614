import Foundation
import RackTwinCase
import RackTwinIO
import RackTwinMesh
import XCTest

/// Transients with coolant flow (`LoopTransientRunner`, issue 18): ride-through against the lumped-capacitance
/// closed forms, the no-flow heating rate of a channel block against P/Σmc_p, the plug-flow supply delay and the
/// CDU trip's loop balance, and the events' errors.
final class LoopTransientRunnerTests: XCTestCase {
  var dir: TemporaryDirectory!

  override func setUpWithError() throws {
    dir = try TemporaryDirectory()
    // CoupledCaseRunnerTests' block: 20 × 6 × 6 mm, one 2 × 2 mm water channel along x, a heater pad under it.
    let g = try GridSpecDecoder.decode(text: CoupledCaseRunnerTests.blockSpec(), path: "mesh.yaml")
    try MeshFileWriter.write(try MeshGenerator.generate(g), to: dir.path("mesh.h5"))
  }

  override func tearDown() {
    dir.remove()
  }

  /// Water at 30 °C, 101.325 kPa (IAPWS-95; NIST Chemistry WebBook, saturated-liquid tables): ρ = 995.65 kg/m³,
  /// c_p = 4179.6 J/(kg·K).
  static let waterRhoCp = 995.65 * 4179.6
  /// The block's solid is 720 − 80 = 640 mm³, its channel 2 × 2 × 20 = 80 mm³.
  static let solidVolume = 640e-9, channelVolume = 80e-9

  /// The loop case: a fixed-flow pump, the channel, an exchanger at 30 °C, with `extra` top-level text and events.
  static func loopCase(power: String, material: String = "", boundaries: String = "", duration: String,
                       step: String = "0.5 s", output: String = "", events: String, loop: String = "",
                       limit: String = "80 degC") -> String {
    """
    mesh: mesh.h5
    coolant: water
    \(material)
    components:
      heater: {regions: [heater], power: "\(power)", limit: "\(limit)"}
    \(boundaries)
    network:
      elements:
        pump: {type: pump, from: tank, to: in, flow: "0.2 L/min"}
        block: {type: region, from: in, to: out, region: channel, inlet: xmin, outlet: xmax, model: plug,
                hydraulicDiameter: "2 mm"}
        hx: {type: exchanger, from: out, to: tank, flow: "1 L/min", pressureDrop: "10 kPa",
             supplyTemperature: "30 degC"}
    transient:
      duration: "\(duration)"
      step: "\(step)"
      initial: "30 degC"
      \(output)
      \(loop)
      events:
    \(events)
    """
  }

  func run(_ text: String) throws -> TransientCaseRunner.Outcome {
    try text.write(toFile: dir.path("case.yaml"), atomically: true, encoding: .utf8)
    return try TransientCaseRunner(casePath: dir.path("case.yaml")).solve()
  }

  func metric(_ o: TransientCaseRunner.Outcome, _ name: String) throws -> Double {
    try XCTUnwrap(o.results.metrics.first { $0.name == name }, "no metric \(name)").value
  }

  /// A nearly isothermal solid (k = 10⁶ W/(m·K), ρc of copper given in the case) at the supply temperature with no
  /// power, so nothing moves until the trip at 10 s; then the pump stops at once (coastDown 0) and 1 W comes on.
  static let lumpedMaterial = """
    materials:
      lump: {conductivity: "1e6 W/m/K", density: "8933 kg/m^3", specificHeat: "385 J/kg/K"}
    regions:
      block: {material: lump}
      heater: {material: lump}
    """
  static let trip = """
        - {time: "10 s", pumpTrip: {element: pump, coastDown: "0 s"}}
        - {time: "10 s", powerBurst: {component: heater, power: "1 W"}}
    """
  static var capacity: Double { 8933 * 385 * solidVolume + waterRhoCp * channelVolume }

  /// Lumped capacitance, no cooling after the trip (Incropera, *Fundamentals of Heat and Mass Transfer*, 6th ed.,
  /// eq. 5.25 with h = 0): T rises linearly, t = C (T_limit − T₀)/P = 2.536 J/K · 50 K / 1 W = 126.8 s. Tolerance 1 %:
  /// the trapped water lags the solid by its conduction time across the 1 mm half channel behind a laminar film
  /// (τ_w ≈ 2.3 s), which delays the rise by about (C_w/C) τ_w ≈ 0.13 · 2.3 s ≈ 0.3 s (0.25 %); implicit Euler is
  /// exact on a linear rise.
  func testRideThroughWithoutCoolingMatchesTheLumpedClosedForm() throws {
    let o = try run(Self.loopCase(power: "0 W", material: Self.lumpedMaterial, duration: "160 s", events: Self.trip))
    let expected = Self.capacity * 50 / 1
    XCTAssertEqual(expected, 126.8, accuracy: 0.1)
    XCTAssertEqual(try metric(o, "ride_through_time"), expected, accuracy: 0.01 * expected)
    XCTAssertTrue(o.notes.contains { $0.contains("heater reaches its limit first") }, "\(o.notes)")
    XCTAssertEqual(o.flowFactor.last, 0)
  }

  /// With a residual conductance G = hA to ambient at T₀ (the top face, h = 83.33 W/(m²·K) on 20 × 6 mm: G = 0.01 W/K),
  /// the lumped closed form (Incropera eq. 5.25 with a source): T − T₀ = (P/G)(1 − e^(−Gt/C)), so
  /// t = −(C/G) ln(1 − G ΔT/P) = −253.6 s · ln 0.5 = 175.8 s. Tolerance 1 % as above.
  func testRideThroughWithResidualConductanceMatchesTheExponentialClosedForm() throws {
    let top = """
      boundaries:
        zmax: {type: convection, h: "83.333333 W/m^2/K", ambient: "30 degC"}
      """
    let o = try run(Self.loopCase(power: "0 W", material: Self.lumpedMaterial, boundaries: top, duration: "220 s",
                                  events: Self.trip))
    let g = 83.333333 * 20e-3 * 6e-3
    let expected = -(Self.capacity / g) * log(1 - g * 50 / 1)
    XCTAssertEqual(expected, 175.8, accuracy: 0.2)
    XCTAssertEqual(try metric(o, "ride_through_time"), expected, accuracy: 0.01 * expected)
  }

  /// No limit reached within the run: NaN with the reason in the notes.
  func testRideThroughIsNaNWithAReasonWhenNoLimitIsReached() throws {
    let o = try run(Self.loopCase(power: "0 W", material: Self.lumpedMaterial, duration: "30 s", step: "1 s",
                                  events: Self.trip))
    XCTAssertTrue(try metric(o, "ride_through_time").isNaN)
    XCTAssertTrue(o.notes.contains { $0.contains("no component reached its limit within the run") }, "\(o.notes)")
  }

  /// A pump trip on the channel block (copper, 5 W, water flowing at 0.2 L/min from 30 °C, insulated outside): once
  /// the flow has stopped, the block's capacity-weighted mean temperature rises at dT̄/dt = P/Σmc_p with
  /// Σmc_p = copper (Incropera Table A.1: ρ = 8933 kg/m³, c_p = 385 J/(kg·K)) over 640 mm³ plus the trapped water
  /// (80 mm³, ρc_p at 30 °C): 2.201 + 0.333 = 2.534 J/K, so 1.973 K/s. The mean is taken from the snapshot fields
  /// with each cell's ρcV; tolerance 0.2 %: the fluid's properties are the coolant's at the loop's inlet temperature
  /// (30 °C ± 0.01 K here, c_p varying 0.01 %/K), and the discrete balance closes to the linear solver's tolerance.
  func testPumpTripWithoutFlowHeatsTheBlockAtPOverSumMCp() throws {
    let o = try run(Self.loopCase(power: "5 W", duration: "40 s", output: "output: \"10 s\"",
                                  events: "    - {time: \"10 s\", pumpTrip: {element: pump, coastDown: \"0 s\"}}"))
    let mesh = o.mesh
    let channel = try XCTUnwrap(mesh.regions.first { $0.name == "channel" }).id
    let rhoC = (0..<mesh.cellCount).map { c in
      (mesh.cellRegion[c] == channel ? Self.waterRhoCp : 8933 * 385) * mesh.cellVolume[c]
    }
    let total = rhoC.reduce(0, +)
    XCTAssertEqual(mesh.cellVolume.reduce(0, +), 720e-9, accuracy: 1e-18)
    XCTAssertEqual(total, Self.capacity, accuracy: 1e-9 * total)
    func mean(at time: Double) throws -> Double {
      let snap = try XCTUnwrap(o.solution.snapshots.first { abs($0.time - time) < 1e-9 }, "no snapshot at \(time) s")
      return zip(rhoC, snap.temperature).reduce(0) { $0 + $1.0 * $1.1 } / total
    }
    let rate = (try mean(at: 40) - mean(at: 20)) / 20
    let expected = 5 / Self.capacity
    XCTAssertEqual(expected, 1.973, accuracy: 0.001)
    XCTAssertEqual(rate, expected, accuracy: 0.002 * expected)
    // Before the trip the flow carries part of the heat away: the block warms more slowly than P/Σmc_p.
    let before = (try mean(at: 10) - mean(at: 0)) / 10
    XCTAssertLessThan(before, 0.9 * expected)
  }

  /// Coast-down f = 1/(1 + t/τ) and a flow change with a ramp, at the step ends (events apply for t > time).
  func testFlowFactorFollowsCoastDownAndRamp() throws {
    let events = """
        - {time: "2 s", pumpTrip: {element: pump, coastDown: "4 s"}}
        - {time: "10 s", flowChange: {element: pump, flow: "0.1 L/min", ramp: "4 s"}}
    """
    let o = try run(Self.loopCase(power: "1 W", duration: "16 s", step: "1 s", events: events))
    let times = o.solution.times
    for (t, f) in zip(times, o.flowFactor) {
      let atTen = 1 / (1 + 8.0 / 4)
      let want = t <= 2 ? 1 : t <= 10 ? 1 / (1 + (t - 2) / 4) : atTen + (0.5 - atTen) * min(1, (t - 10) / 4)
      XCTAssertEqual(f, want, accuracy: 1e-12, "t = \(t) s")
    }
  }

  /// CDU trip: the loop's mixed node gathers the heat, C_loop dT/dt = Q. With a supply pipe (plug flow) the block sees
  /// the rise only after V_s/Q = (π/4 · 4² mm² · 1 m)/(0.2 L/min) = 3.77 s. At the end, with the block near steady,
  /// the loop's temperature rise ≈ ∫Q dt / C_loop: Q ≈ 5 W (the block's storage is small), C_loop = 1 L of water
  /// (4.16 kJ/K) + 1 kg at 500 J/(kg·K): 40 s · 5 W / 4.66 kJ/K = 0.043 K; tolerance 25 % for the block's storage and
  /// the start-up transient.
  func testCDUTripRaisesTheSupplyByTheLoopsHeatBalanceAfterThePipeDelay() throws {
    var text = Self.loopCase(power: "5 W", duration: "50 s", step: "0.25 s",
                             events: "    - {time: \"10 s\", cduTrip: {element: hx}}",
                             loop: "loop: {volume: \"1 L\", metal: {mass: \"1 kg\", specificHeat: \"500 J/kg/K\"}}")
    text = text.replacingOccurrences(of: "pump: {type: pump, from: tank, to: in,",
                                     with: "pump: {type: pump, from: tank, to: p.out,")
    text = text.replacingOccurrences(
      of: "    block:", with: "    line: {type: pipe, from: p.out, to: in, length: \"1 m\", diameter: \"4 mm\"}\n    block:")
    let o = try run(text)
    let delay = Double.pi / 4 * 16e-6 * 1 / (0.2e-3 / 60)
    XCTAssertEqual(delay, 3.77, accuracy: 0.01)
    for (t, ts) in zip(o.solution.times, o.supplyTemperature) where t <= 10 + delay - 0.25 {
      XCTAssertEqual(ts, 303.15, accuracy: 1e-9, "t = \(t) s: the supply moved before the coolant arrived")
    }
    let cLoop = 995.65 * 4179.6 * 1e-3 + 500
    // The supply at the end left the node V_s/Q earlier: about 40 − 3.77 s of gathered heat.
    let rise = o.supplyTemperature.last! - 303.15
    XCTAssertEqual(rise, 5 * (40 - delay) / cLoop, accuracy: 0.25 * 5 * (40 - delay) / cLoop)
  }

  /// A power burst with a duration returns to the power before it; a profile holds each row.
  func testPowerBurstStepsAndProfile() throws {
    let events = """
        - {time: "2 s", powerBurst: {component: heater, power: "4 W", duration: "3 s"}}
        - {time: "8 s", powerBurst: {component: heater, profile: [["0 s", "2 W"], ["2 s", "3 W"]]}}
    """
    let o = try run(Self.loopCase(power: "1 W", duration: "12 s", step: "1 s", events: events))
    let p = o.solution.componentPower[0]
    let want: [Double] = [1, 1, 1, 4, 4, 4, 1, 1, 1, 2, 2, 3, 3]
    XCTAssertEqual(o.solution.times, (0...12).map(Double.init))
    XCTAssertEqual(p, want)
  }

  /// Errors at the event's key, exit 2 (CaseError).
  func testEventErrorsNameTheKey() throws {
    let unknown = Self.loopCase(power: "1 W", duration: "10 s", events: "    - {time: \"1 s\", pumpTrip: {element: pmup}}")
    XCTAssertThrowsError(try run(unknown)) { e in
      XCTAssertTrue(e is CaseError, "\(e)")
      XCTAssertTrue("\(e)".contains("transient.events.0.pumpTrip.element"), "\(e)")
      XCTAssertTrue("\(e)".contains("did you mean \"pump\""), "\(e)")
    }
    let wrongType = Self.loopCase(power: "1 W", duration: "10 s", events: "    - {time: \"1 s\", cduTrip: {element: pump}}")
    XCTAssertThrowsError(try run(wrongType)) { e in
      XCTAssertTrue("\(e)".contains("transient.events.0.cduTrip.element"), "\(e)")
      XCTAssertTrue("\(e)".contains("an element of type pump"), "\(e)")
    }
    let noFlow = """
      mesh: mesh.h5
      components:
        heater: {regions: [heater], power: "1 W"}
      transient:
        duration: "10 s"
        step: "1 s"
        initial: "30 degC"
        events:
          - {time: "1 s", pumpTrip: {element: pump}}
      """
    XCTAssertThrowsError(try run(noFlow)) { e in
      XCTAssertTrue(e is CaseError, "\(e)")
      XCTAssertTrue("\(e)".contains("transient.events.0.pumpTrip"), "\(e)")
      XCTAssertTrue("\(e)".contains("no network"), "\(e)")
    }
    let noMass = Self.loopCase(power: "1 W", duration: "10 s", events: "    - {time: \"1 s\", cduTrip: {element: hx}}")
    XCTAssertThrowsError(try run(noMass)) { e in
      XCTAssertTrue("\(e)".contains("transient.loop"), "\(e)")
    }
  }
}
