import Foundation
import XCTest
import RackTwinCase
import RackTwinCooling
import RackTwinIO
import RackTwinMesh
import RackTwinThermal

/// Cold plates in a transient (docs/case-format.md, "Cold plates in a transient"; issue 18): the plate's thermal mass
/// against the closed forms of stopped flow, the ride-through of a lumped block against the two-node closed form, the
/// transient settling to the steady solve, and the events' errors.
final class ColdPlateTransientTests: XCTestCase {
  var dir: TemporaryDirectory!

  override func setUpWithError() throws {
    dir = try TemporaryDirectory()
    // ColdPlateCaseTests' slab: 60 × 20 × 2 mm, 30 × 10 × 4 = 1,200 cells, all of it component chip.
    try """
      domain: {min: [0, 0, 0], max: ["60 mm", "20 mm", "2 mm"]}
      cells: {x: {maxSize: "2 mm"}, y: {maxSize: "2 mm"}, z: {maxSize: "0.5 mm"}}
      regions: {slab: {material: slab, component: chip}}
      boxes:
        - {region: slab, min: [0, 0, 0], max: ["60 mm", "20 mm", "2 mm"]}
      """.write(toFile: dir.path("mesh.yaml"), atomically: true, encoding: .utf8)
    try MeshFileWriter.write(MeshGenerator.generate(GridSpecDecoder.decode(contentsOf: dir.path("mesh.yaml"))),
                             to: dir.path("mesh.h5"))
  }

  override func tearDown() {
    dir.remove()
  }

  /// The slab's volume, m³, and its material's ρc (the case's `slab`: copper's 8933 kg/m³ × 385 J/(kg·K), Incropera
  /// 6th ed. Table A.1, with a conductivity `k`).
  static let slabVolume = 60e-3 * 20e-3 * 2e-3
  static let slabRhoC = 8933.0 * 385
  /// The plate's metal: 0.02 kg of copper, 7.7 J/K, about the slab's 8.25 J/K (so a plate left out would show as a
  /// factor ≈ 2 in the heating rate).
  static let plateCapacity = 0.02 * 385

  /// The OCP water plate (ColdPlateCaseTests.ocpWater) on the slab's top, 2 L/min at 30 °C, 100 W in the slab.
  func caseText(k: String = "401 W/m/K", limit: String = "", transient: String) -> String {
    """
    mesh: mesh.h5
    coolant: water
    materials:
      slab: {conductivity: "\(k)", density: "8933 kg/m^3", specificHeat: "385 J/kg/K"}
    components:
      chip: {power: "100 W"\(limit)}
    coldPlates:
      plate:
        model: datasheet
        patch: zmax
        flowDirection: [1, 0, 0]
        flow: "2 L/min"
        inletTemperature: "30 degC"
        thermalMass: {metal: {mass: "0.02 kg", specificHeat: "385 J/kg/K"}}
        datasheet:
          temperature: "40 degC"
          resistance: [["2 L/min", "0.0172 K/W"], ["3 L/min", "0.0160 K/W"], ["4 L/min", "0.0154 K/W"],
                       ["5 L/min", "0.0151 K/W"]]
    \(transient)
    """
  }

  func run(_ text: String) throws -> TransientCaseRunner.Outcome {
    try text.write(toFile: dir.path("case.yaml"), atomically: true, encoding: .utf8)
    return try TransientCaseRunner(casePath: dir.path("case.yaml")).solve()
  }

  /// Stored energy above 0 K of the slab's cells (equal volumes) and the plate's nodes, J, and the two parts'
  /// capacity-weighted mean temperatures (the plate's from its `plate_temperature` metric).
  func energy(_ s: ThermalSolution) -> (total: Double, slabMean: Double, plateMean: Double) {
    let slab = s.temperature.reduce(0, +) / Double(s.temperature.count)
    let plate = s.termMetrics.first { $0.name == "plate.plate_temperature" }!.value
    return (Self.slabRhoC * Self.slabVolume * slab + Self.plateCapacity * plate, slab, plate)
  }

  /// (i) Flow stopped at once (pumpTrip with coastDown 0 at 0.5 s): from then on the coolant takes nothing (f is
  /// floored at 1e-9: ≤ 1e-9 × 140 W/K × 20 K ≈ 3e-6 W of 100 W), so the mean temperature of slab + plate rises at
  /// P/(C_slab + C_plate) = 100/(8.253 + 7.7) = 6.27 K/s. Measured between 2 s and 4 s (two runs): implicit Euler
  /// conserves energy exactly per step, so the mean's rate meets the closed form to the linear solver's tolerance
  /// (1e-6 relative allows for it). The plate's own mean rises at the same rate once its lag behind the slab is
  /// steady (τ = C_s C_p/((C_s + C_p) G) ≈ 0.05 s ≪ 1.5 s, G the plate's conductance; the nodes, one per face, share
  /// C_p and G alike over the uniform patch): within 0.5 %; a plate left out of the balance would give
  /// P/C_slab = 12.1 K/s, twice as fast.
  func testStoppedFlowHeatsSlabAndPlateAtPOverTheirCapacity() throws {
    func trip(_ duration: String) -> String {
      """
      transient:
        duration: "\(duration)"
        step: "0.05 s"
        scheme: euler
        initial: "30 degC"
        events:
          - {time: "0.5 s", pumpTrip: {coastDown: "0 s"}}
      """
    }
    let a = try run(caseText(transient: trip("2 s"))).solution
    let b = try run(caseText(transient: trip("4 s"))).solution
    let (ea, sa, pa) = energy(a.final)
    let (eb, sb, pb) = energy(b.final)
    let cSlab = Self.slabRhoC * Self.slabVolume
    let rate = 100 / (cSlab + Self.plateCapacity)
    XCTAssertEqual((eb - ea) / (cSlab + Self.plateCapacity) / 2, rate, accuracy: 1e-6 * rate)
    XCTAssertEqual((pb - pa) / 2, rate, accuracy: 0.005 * rate)
    XCTAssertEqual((sb - sa) / 2, rate, accuracy: 0.005 * rate)
    XCTAssertLessThan(b.final.termMetrics.first { $0.name == "plate.heat_to_liquid" }!.value, 1e-4)
    XCTAssertEqual(b.final.termMetrics.first { $0.name == "plate.flow_fraction" }!.value, 1e-9, accuracy: 1e-15)
    XCTAssertEqual(b.final.termMetrics.first { $0.name == "plate.extrapolated" }!.value, 1)
    XCTAssertLessThan(b.energyBalanceRelative, 1e-6)
  }

  /// (ii) Ride-through of a lumped block: the slab of a near-ideal conductor (k = 10⁸ W/m/K, isothermal within
  /// 0.01 K) starts at its steady temperature T₀ = T_in + P·R(ṁ) (the datasheet's R at 2 L/min: the isothermal slab
  /// gives it back within 0.3 %, ColdPlateCaseTests) and the plate's node with it; the flow stops at once at 0.1 s.
  /// Then the slab (C_s) and the node (C_p), joined by the plate's conductance G = UA_eff(ṁ₀), obey the two-node
  /// closed form T_s(t) = T₀ + P t/C + (C_p/C)(P τ/C_s)(1 − e^(−t/τ)), C = C_s + C_p, τ = C_s C_p/(C G); the
  /// ride-through to T₀ + 10 K is its root (bisection). Tolerance 0.5 %: the lag term's O(h/τ) Euler error decays
  /// with e^(−t/τ) (t/τ ≈ 17 at the limit), the start's 0.3 % of P·R is 0.005 K of the 10 K margin (0.05 %).
  func testRideThroughMatchesTheTwoNodeClosedForm() throws {
    let water = Coolant.water
    let mdot = 2.0 / 60_000 * (try water.density(at: 303.15))
    try caseText(transient: "").write(toFile: dir.path("probe.yaml"), atomically: true, encoding: .utf8)
    let curve = try CaseDecoder.decode(contentsOf: dir.path("probe.yaml")).coldPlates[0].curve
    let t0 = 303.15 + 100 * curve.resistance(massFlow: mdot)
    let limit = t0 + 10
    let text = caseText(k: "1e8 W/m/K", limit: String(format: ", limit: \"%.6f K\"", limit), transient: """
      transient:
        duration: "2.5 s"
        step: "0.01 s"
        scheme: euler
        initial: "\(String(format: "%.6f", t0)) K"
        events:
          - {time: "0.1 s", pumpTrip: {coastDown: "0 s"}}
      """)
    let out = try run(text)
    let cs = Self.slabRhoC * Self.slabVolume, cp = Self.plateCapacity, c = cs + cp
    let g = curve.effectiveConductance(massFlow: mdot)
    let tau = cs * cp / (c * g)
    func rise(_ t: Double) -> Double { 100 * t / c + cp / c * 100 * tau / cs * (1 - exp(-t / tau)) }
    var lo = 0.0, hi = 10.0
    for _ in 0..<100 { let mid = (lo + hi) / 2; if rise(mid) < 10 { lo = mid } else { hi = mid } }
    let expected = (lo + hi) / 2
    let ride = out.results.metrics.first { $0.name == "ride_through_time" }!.value
    XCTAssertEqual(ride, expected, accuracy: 0.005 * expected)
    XCTAssertTrue(out.notes.contains { $0.contains("chip reaches its limit first") }, "\(out.notes)")
  }

  /// (iii) With the flow unchanged (a flowChange to factor 1, so the plate's flow schedule runs every step), the
  /// transient settles to the steady solve of the same case: implicit Euler's fixed point is the steady system, and
  /// each of the plate's nodes is a dead end on one cell that carries no heat there (measured: 4e-12 K). After 60 s (the slab's slowest mode, lengthwise
  /// diffusion, L²/(π²α) ≈ 3.1 s, has decayed by e^(−19)) every cell within 1e-3 K of the steady field.
  func testUnchangedFlowSettlesToTheSteadySolve() throws {
    let steadyText = caseText(transient: "")
    try steadyText.write(toFile: dir.path("steady.yaml"), atomically: true, encoding: .utf8)
    let steady = try SteadyCaseRunner(casePath: dir.path("steady.yaml")).solve().solution
    let out = try run(caseText(transient: """
      transient:
        duration: "60 s"
        step: "1 s"
        scheme: euler
        initial: "30 degC"
        events:
          - {time: "5 s", flowChange: {element: coldPlates, factor: 1, ramp: "2 s"}}
      """))
    let final = out.solution.final
    let worst = zip(final.temperature, steady.temperature).map { abs($0 - $1) }.max()!
    XCTAssertLessThan(worst, 1e-3)
    // The plate's heat matches, and its node sits at its patch's temperature (no heat through it).
    func m(_ s: ThermalSolution, _ n: String) -> Double { s.termMetrics.first { $0.name == n }!.value }
    XCTAssertEqual(m(final, "plate.heat_to_liquid"), m(steady, "plate.heat_to_liquid"), accuracy: 1e-3)
    XCTAssertEqual(m(final, "plate.flow_fraction"), 1)
    XCTAssertGreaterThan(m(final, "plate.plate_temperature"), 303.15 + 1)
  }

  /// A coast-down keeps some flow: the slab heats more slowly than with the flow stopped at once. To 40 °C the
  /// quasi-steady slab needs R(ṁ) = 0.1 K/W, ṁc_p ≈ 10 W/K, f ≈ 0.07 of 139 W/K: about 13 s after a τ = 1 s trip
  /// (less with no thermal mass to fill, more with it); 20 s covers it.
  func testCoastDownRidesThroughLongerThanAnInstantStop() throws {
    func ride(_ tau: String) throws -> Double {
      let out = try run(caseText(limit: ", limit: \"40 degC\"", transient: """
        transient:
          duration: "20 s"
          step: "0.1 s"
          scheme: euler
          initial: "30 degC"
          events:
            - {time: "0.1 s", pumpTrip: {coastDown: "\(tau)"}}
        """))
      return out.results.metrics.first { $0.name == "ride_through_time" }!.value
    }
    let instant = try ride("0 s"), coasting = try ride("1 s")
    XCTAssertTrue(instant.isFinite && coasting.isFinite, "\(instant) \(coasting)")
    XCTAssertGreaterThan(coasting, instant)
  }

  func testEventErrorsOnColdPlatesNameTheKey() throws {
    func expectError(_ events: String, _ key: String, file: StaticString = #filePath, line: UInt = #line) {
      let text = caseText(transient: """
        transient:
          duration: "2 s"
          step: "0.1 s"
          initial: "30 degC"
          events:
            - \(events)
        """)
      XCTAssertThrowsError(try run(text), file: file, line: line) { e in
        XCTAssertTrue("\(e)".contains(key), "\(e)", file: file, line: line)
      }
    }
    expectError("{time: \"1 s\", pumpTrip: {element: pump}}", "transient.events.0.pumpTrip.element")
    expectError("{time: \"1 s\", flowChange: {flow: \"1 L/min\"}}", "transient.events.0.flowChange")
    expectError("{time: \"1 s\", flowChange: {ramp: \"1 s\"}}", "transient.events.0.flowChange")
    expectError("{time: \"1 s\", supplyTemperatureStep: {element: hx, temperature: \"40 degC\"}}",
                "transient.events.0.supplyTemperatureStep")
    let bad = caseText(transient: "transient: {duration: \"1 s\", step: \"0.1 s\", initial: \"30 degC\"}")
      .replacingOccurrences(of: "metal: {mass: \"0.02 kg\"", with: "metal: {mass: \"-0.02 kg\"")
    XCTAssertThrowsError(try run(bad)) { e in
      XCTAssertTrue("\(e)".contains("coldPlates.plate.thermalMass.metal.mass"), "\(e)")
    }
  }
}
