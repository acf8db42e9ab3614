import XCTest
import RackTwinCase
import RackTwinFacility
import RackTwinIO

/// The facility step of a case against hand calculations: PUE from the metered end uses, UPS and PDU losses from
/// their curves, the TCS supply the network runs at, annual energies, and the errors and warnings of the issue.
final class FacilityRunTests: XCTestCase {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  static let examplePath = root.appendingPathComponent("geometries/rack-facility/case.yaml").path

  /// The example with `weather` removed (a design point only) or kept.
  func example(annual: Bool = false, overrides: [String] = []) throws -> CaseDocument {
    var text = try String(contentsOfFile: Self.examplePath, encoding: .utf8)
    if !annual { text = text.split(separator: "\n").filter { !$0.hasPrefix("weather:") }.joined(separator: "\n") }
    return try CaseDecoder.decode(text: text, path: Self.examplePath, overrides: overrides)
  }

  func metrics(_ o: NetworkCaseRunner.Outcome) -> [String: Double] {
    Dictionary(o.results.metrics.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
  }

  /// `geometries/rack-facility`: 64 racks × (8 plates × 1 kW + 240 W of server fans). IT = 64 × 8,240 W exactly
  /// (the plates' heats are given; the fans' heat goes to the air). Hand calculation of the losses (UPS and PDU on
  /// the IT feed, rated at the design IT power, the default curves, held flat beyond full load): PDU at load 1,
  /// η = 0.988, P_in = IT/0.988; UPS at load 1/0.988 > 1, η = 0.960; facility = IT + TCS pumps + FWS pump + CRAH
  /// fans + chiller + heat-rejection fans + UPS + PDU. PUE = facility/IT to rounding (1e-12: sums of ~10 terms).
  func testExamplePUEEqualsHandCalculationFromReportedEndUses() throws {
    let o = try NetworkCaseRunner(document: example()).solve()
    let m = metrics(o)
    let it = 64 * 8240.0
    XCTAssertEqual(m["it_power"]!, it, accuracy: 1e-6)
    XCTAssertEqual(m["server_fan_power"]!, 64 * 240, accuracy: 1e-9)
    let pduIn = it / 0.988
    XCTAssertEqual(m["pdu_loss"]!, pduIn - it, accuracy: 1e-6)
    XCTAssertEqual(m["ups_loss"]!, pduIn / 0.960 - pduIn, accuracy: 1e-6)
    let parts = ["it_power", "tcs_pump_power", "fws_pump_power", "crah_fan_power", "chiller_power",
                 "heat_rejection_fan_power", "ups_loss", "pdu_loss"].map { m[$0]! }
    let facility = parts.reduce(0, +)
    XCTAssertEqual(m["facility_power"]!, facility, accuracy: 1e-9 * facility)
    XCTAssertEqual(m["pue"]!, facility / it, accuracy: 1e-12)
    XCTAssertEqual(m["itue"]!, it / (it - 64 * 240), accuracy: 1e-12)
    XCTAssertEqual(m["tue"]!, facility / (it - 64 * 240), accuracy: 1e-12)
    XCTAssertEqual(m["capture_ratio"]!, 8000.0 / 8240, accuracy: 1e-9)
    // The TCS pumps are the network's pumps × 64 racks.
    XCTAssertEqual(m["tcs_pump_power"]!, 64 * m["pump_power"]!, accuracy: 1e-9 * m["tcs_pump_power"]!)
    // FWS pump at its rated flow scaled with the TCS flow: P = 6 kW (ṁ/21)³ with ṁ = 20.6 (ṁ_TCS/20.6).
    let tcsFlow = 64 * abs(o.results.loop!.elements.first { $0.name == "hx" }!.massFlow)
    XCTAssertEqual(m["fws_pump_power"]!, 6000 * pow(tcsFlow / 21, 3), accuracy: 1e-6 * m["fws_pump_power"]!)
    // CRAH fans for the air heat (the server fans): P = Q k/(1 − k), k = 500/(0.6 · 1.2 · 1006 · 12).
    let k = 500 / (0.6 * 1.2 * 1006 * 12)
    XCTAssertEqual(m["crah_fan_power"]!, 64 * 240 * k / (1 - k), accuracy: 1e-9)
    // The network runs at the CDU's TCS supply (to the iteration's 1e-3 K), a little above the FWS supply.
    XCTAssertEqual(m["loop_supply_temperature"]!, m["tcs_supply_temperature"]!, accuracy: FacilityRun.tcsTolerance)
    XCTAssertGreaterThan(m["tcs_supply_temperature"]! - 32, 0.5)
    XCTAssertLessThan(m["tcs_supply_temperature"]! - 32, 4)
    XCTAssertGreaterThanOrEqual(m["tcs_supply_iterations"]!, 2)
    XCTAssertEqual(m["water_class_limit"]!, 32, accuracy: 1e-9)
    // Reusable heat = liquid heat + TCS pump work.
    XCTAssertEqual(m["reusable_heat"]!, 64 * 8000 + m["tcs_pump_power"]!, accuracy: 1e-6)
    print(String(format: "rack-facility design: IT %.1f kW, facility %.1f kW, PUE %.5f, TUE %.5f, TCS supply %.3f °C "
                   + "after %.0f network solves", it / 1e3, facility / 1e3, m["pue"]!, m["tue"]!,
                 m["tcs_supply_temperature"]!, m["tcs_supply_iterations"]!))
    XCTAssertEqual(o.results.metrics.map(\.name),
                   ["heat_to_liquid"]  // runs `all`; a network alone writes it before the loop metrics
                     + MetricCatalog.all.filter { $0.runs == .network || $0.runs == .facility }.map(\.name))
  }

  /// A year at constant load: IT energy = IT × 8,760 h exactly; annual PUE = Σ facility / Σ IT; half the load
  /// halves the IT energy.
  func testAnnualEnergiesAreSumsOverTheYear() throws {
    let o = try NetworkCaseRunner(document: example(annual: true)).solve()
    let m = metrics(o)
    let it = 64 * 8240.0
    XCTAssertEqual(m["it_energy"]!, it * 8760 * 3600, accuracy: 1e-6 * it * 8760 * 3600)
    XCTAssertEqual(m["annual_pue"]!, m["facility_energy"]! / m["it_energy"]!, accuracy: 1e-12)
    let sum = ["it_energy", "pump_energy", "crah_fan_energy", "chiller_energy", "heat_rejection_fan_energy",
               "ups_loss_energy", "pdu_loss_energy"].map { m[$0]! }.reduce(0, +)
    XCTAssertEqual(m["facility_energy"]!, sum, accuracy: 1e-9 * sum)
    // Chicago is below the design ambient most of the year: the year's PUE is below the design point's.
    XCTAssertLessThan(m["annual_pue"]!, m["pue"]!)
    XCTAssertEqual(m["chiller_hours"]! + m["free_cooling_hours"]!, 8760, accuracy: 0.5)
    print(String(format: "rack-facility Chicago EPW: annual PUE %.5f (mean hourly %.5f), TUE %.5f, chiller %.0f h, "
                   + "plant %.3f s", m["annual_pue"]!, m["mean_hourly_pue"]!, m["annual_tue"]!, m["chiller_hours"]!,
                 m["annual_time"]!))
    let half = try NetworkCaseRunner(document: example(annual: true, overrides: ["loadProfile={constant: 0.5}"])).solve()
    XCTAssertEqual(metrics(half)["it_energy"]!, 0.5 * m["it_energy"]!, accuracy: 1e-9 * m["it_energy"]!)
  }

  /// A chillerless plant whose dry cooler cannot reach 30 °C at a 33.3 °C design ambient: an error at the dry
  /// cooler's key, bad input (exit 2), naming the asked and reachable supply.
  func testChillerlessPlantThatCannotReachSupplyIsAnErrorAtItsKey() throws {
    let doc = try example(overrides: ["facility.supplyTemperature=30 degC", "facility.chiller=null"])
    XCTAssertNil(doc.facility?.chiller)
    do {
      _ = try NetworkCaseRunner(document: doc).solve()
      XCTFail("a dry cooler cooled water below the ambient")
    } catch let e as CaseRunError {
      XCTAssertEqual(e.keyPath, "facility.heatRejection.dryCooler")
      XCTAssertFalse(e.isNonConvergence)
      XCTAssertTrue("\(e)".contains("expected to cool the facility water to 30.0 °C at the design ambient"), "\(e)")
    }
  }

  /// Facility water at 12 °C in a room at 15 °C dew point sweats every hour: a warning at the design point and
  /// 8,760 condensation hours, not an error.
  func testSupplyBelowRoomDewPointIsAWarningWithItsHours() throws {
    let o = try NetworkCaseRunner(document: example(annual: true, overrides: ["facility.supplyTemperature=12 degC"]))
      .solve()
    let m = metrics(o)
    XCTAssertEqual(m["condensation"]!, 1)
    XCTAssertEqual(m["condensation_hours"]!, 8760)
    let warnings = try XCTUnwrap(o.facility?.warnings)
    XCTAssertTrue(warnings.contains { $0.contains("in 8760 of 8760 hours") }, "\(warnings)")
  }

  /// A mesh case: the heat leaving through the boundaries is the air's; without a network nothing is liquid.
  func testRackHeatOfAMeshIsItsBoundaryHeat() throws {
    let rack = FacilityRun.RackHeat(heatToLiquid: 0, meshHeatToAir: 500)
    var doc = try example()
    doc.network = nil
    doc.facility?.serverFanPower = 20
    doc.facility?.racks = 2
    doc.facility?.tcsFlow = 20.6
    let o = try FacilityRun.run(doc, rack: rack)
    XCTAssertEqual(o.load.itPower, 2 * 520, accuracy: 1e-12)
    XCTAssertEqual(o.load.heatToAir, 2 * 520, accuracy: 1e-12)
    XCTAssertEqual(o.design.captureRatio, 0)
    // No network: the CDU's pump law at the rated flow.
    XCTAssertEqual(o.design.tcsPumpPower, CDUDesign.vertivXDU1350.pumpPower, accuracy: 1e-9)
  }

  /// Load files: one fraction per line; a bad value or a short file names the file (and the line).
  func testLoadProfileFileErrorsNameFileAndLine() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let good = dir.path("load.txt")
    try (["# hourly fractions"] + Array(repeating: "0.8", count: 8760)).joined(separator: "\n")
      .write(toFile: good, atomically: true, encoding: .utf8)
    let f = try FacilityRun.loadFractions(.file(path: good), hours: 8760, caseFile: "c.yaml")
    XCTAssertEqual(f.count, 8760)
    XCTAssertEqual(f[100], 0.8)
    let bad = dir.path("bad.txt")
    try "0.5\n0.5\nabc\n".write(toFile: bad, atomically: true, encoding: .utf8)
    assertThrows(CaseError.self, containing: [bad + ":3:", "a load fraction"]) {
      _ = try FacilityRun.loadFractions(.file(path: bad), hours: 8760, caseFile: "c.yaml")
    }
    let short = dir.path("short.txt")
    try "0.5\n".write(toFile: short, atomically: true, encoding: .utf8)
    assertThrows(CaseError.self, containing: [short, "8760 hourly fractions", "found 1"]) {
      _ = try FacilityRun.loadFractions(.file(path: short), hours: 8760, caseFile: "c.yaml")
    }
  }
}
