import Foundation
import XCTest
import RackTwinCase
import RackTwinCooling
import RackTwinIO

/// Compact tray models (`racktwin-compact-tray` v1) read, interpolated and solved in a network, against closed forms
/// of hand-made models whose coefficients are exactly c₀ + c₁/Q (so 1/Q interpolation must reproduce them at any
/// flow) and whose ΔP is a known power law per segment.
final class CompactTrayTests: XCTestCase {
  // Model: T_max = a·T_in + (1 − a)·T_air + (R₀ + R₁/Q)·P; T_mean = a·T_in + (1 − a)·T_air + ½(R₀ + R₁/Q)·P;
  // heat_to_liquid = g·(T_air − T_in) + (1 − f)·P; heat_to_air = g·(T_in − T_air) + f·P.
  static let a = 0.9, r0 = 0.01, r1 = 2e-7, g = 2.0, f = 0.1
  static let flowsLpm = [1.0, 2.0, 4.0]
  static let dropsPa = [1000.0, 3482.2, 13_929.0]  // n = 1.8 then 2.0

  static func model(coolant: String = "water", inletPlusAir: Double = 1, limit: Double? = 363.15,
                    flows: [Double] = flowsLpm) -> String {
    let q = flows.map { $0 / 60_000 }
    let mats = q.map { q -> String in
      let r = r0 + r1 / q
      let rows = [[a, inletPlusAir - a, r], [a, 1 - a, r / 2], [-g, g, 1 - f], [g, -g, f]]
      return "  - [" + rows.map { "[" + $0.map { String($0) }.joined(separator: ", ") + "]" }.joined(separator: ", ") + "]"
    }
    return """
      format: racktwin-compact-tray
      version: 1
      source: {case: hand-made, cells: 0, anything: [1, 2]}
      coolant: \(coolant)
      flows: [\(q.map { String($0) }.joined(separator: ", "))]
      inputs:
        - {name: inlet, unit: K}
        - {name: air, unit: K}
        - {name: gpu0, unit: W, nominal: 1000.0}
      outputs:
        - {name: gpu0.max, unit: K, component: gpu0\(limit.map { ", limit: \($0)" } ?? "")}
        - {name: gpu0.mean, unit: K, component: gpu0}
        - {name: heat_to_liquid, unit: W}
        - {name: heat_to_air, unit: W}
      coefficients:
      \(mats.joined(separator: "\n"))
      pressureDrop: [\(dropsPa.map { String($0) }.joined(separator: ", "))]
      capacitance: {gpu0: 500.0, coolant: 800.0}

      """
  }

  func write(_ text: String, _ name: String) throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("compact-tray-tests-\(getpid())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let url = dir.appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
  }

  /// A loop: fixed-flow pump → tray t1 → tray t2 (in series) → exchanger at 30 °C.
  func loopCase(model: String, flow: String = "3 L/min", t2: String = "{type: compactTray, from: m, to: c, model: tray.yaml, powers: {gpu0: \"800 W\"}, air: \"40 degC\"}") -> String {
    """
    coolant: water
    network:
      elements:
        p:  {type: pump, from: a, to: b, flow: "\(flow)"}
        t1: {type: compactTray, from: b, to: m, model: \(model)}
        t2: \(t2)
        hx: {type: exchanger, from: c, to: a, flow: "3 L/min", pressureDrop: "10 kPa", supplyTemperature: "30 degC"}
    """
  }

  func solve(_ caseText: String) throws -> NetworkCaseRunner.Outcome {
    let path = try write(caseText, "case.yaml")
    return try NetworkCaseRunner(document: CaseDecoder.decode(text: caseText, path: path)).solve()
  }

  /// Coefficients made as c₀ + c₁/Q at the listed flows are reproduced exactly at any flow between them (1/Q
  /// interpolation), and ΔP follows the segment's power law: between 2 and 4 L/min, n = ln(13929/3482.2)/ln 2.
  func testInterpolationInOneOverQAndPowerLawDrop() throws {
    let tray = try CompactTray.decode(Self.model(), path: "tray.yaml")
    for lpm in [1.3, 2.0, 3.1, 5.0] {  // 5 L/min: extrapolated along the last segment, still exact for c₀ + c₁/Q
      let q = lpm / 60_000
      let c = tray.coefficients(atFlow: q)
      XCTAssertEqual(c[0][2], Self.r0 + Self.r1 / q, accuracy: 1e-15, "\(lpm) L/min")
      XCTAssertEqual(c[1][2], (Self.r0 + Self.r1 / q) / 2, accuracy: 1e-15)
      XCTAssertEqual(c[2][0], -Self.g, accuracy: 1e-15)
    }
    XCTAssertTrue(tray.covers(flow: 3.1 / 60_000))
    XCTAssertFalse(tray.covers(flow: 5 / 60_000))
    let n = log(13_929.0 / 3482.2) / log(2.0)
    let law = tray.pressureDropLaw.drop(flow: 3 / 60_000)
    XCTAssertEqual(law.drop, 3482.2 * pow(1.5, n), accuracy: 1e-9)
    XCTAssertEqual(tray.pressureDropLaw.drop(flow: 0.5 / 60_000).drop, 1000 * pow(0.5, log(3.4822) / log(2)),
                   accuracy: 1e-9)
    XCTAssertEqual(tray.components, ["gpu0"])
    XCTAssertEqual(tray.capacitance["coolant"], 800)
  }

  /// Two trays in series at 3 L/min with the exchanger at 30 °C. Closed forms: t1's inlet is the set point, its
  /// heat g(T_air − T_in) + (1 − f)P at T_air = 35 °C, P = 1000 W (nominal); t2 sees t1's outlet and its heat falls
  /// by g per kelvin of that rise; every GPU maximum is a·T_in + (1 − a)T_air + (R₀ + R₁/Q)P at the tray's flow;
  /// the exchanger removes what the trays add; liquid + air = Σ powers.
  func testTwoTraysInSeriesAgainstClosedForms() throws {
    _ = try write(Self.model(), "tray.yaml")
    let o = try solve(loopCase(model: "tray.yaml"))
    let s = o.solution
    let t1 = s.element("t1")!, t2 = s.element("t2")!
    let (a, g, f) = (Self.a, Self.g, Self.f)
    XCTAssertEqual(t1.inletTemperature, 303.15, accuracy: 1e-9)
    let q1 = g * (308.15 - 303.15) + (1 - f) * 1000
    XCTAssertEqual(t1.heat, q1, accuracy: 1e-6)
    // t2's inlet is t1's outlet (series); its heat uses that inlet: 1e-6 W is the enthalpy march's rounding.
    XCTAssertEqual(t2.inletTemperature, t1.outletTemperature, accuracy: 1e-9)
    XCTAssertGreaterThan(t2.inletTemperature, 303.15 + 1)
    let q2 = g * (313.15 - t2.inletTemperature) + (1 - f) * 800
    XCTAssertEqual(t2.heat, q2, accuracy: 1e-6)
    // The outlet closes ṁ c_p ΔT with c_p of water at the mean (c_p varies < 0.1 % over the rise).
    let cp = try Coolant.named("water")!.properties(at: 0.5 * (t1.inletTemperature + t1.outletTemperature)).specificHeat
    XCTAssertEqual(t1.outletTemperature - t1.inletTemperature, q1 / (t1.massFlow * cp), accuracy: 1e-3)
    XCTAssertEqual(s.element("hx")!.heat, -(q1 + q2), accuracy: 1e-6)
    let metric = { (n: String) in o.results.metrics.first { $0.name == n }!.value }
    XCTAssertEqual(metric("heat_to_liquid"), q1 + q2, accuracy: 1e-6)
    XCTAssertEqual(metric("heat_to_air"), 1800 - q1 - q2, accuracy: 1e-6)
    XCTAssertEqual(metric("heat_to_liquid") + metric("heat_to_air"), 1800, accuracy: 1e-9 * 1800)
    XCTAssertLessThan(metric("tray_energy_balance_relative"), 1e-9)
    XCTAssertEqual(metric("tray_extrapolated"), 0)
    let r = Self.r0 + Self.r1 / abs(t1.volumeFlow)
    let t1max = a * 303.15 + (1 - a) * 308.15 + r * 1000
    let rows = o.results.components
    XCTAssertEqual(rows.map(\.name), ["t1.gpu0", "t2.gpu0"])
    XCTAssertEqual(rows[0].maxTemperatureC, t1max - 273.15, accuracy: 1e-9)
    XCTAssertEqual(rows[0].meanTemperatureC, a * 303.15 + (1 - a) * 308.15 + r * 500 - 273.15, accuracy: 1e-9)
    XCTAssertEqual(rows[0].margin, 363.15 - t1max, accuracy: 1e-9)
    let r2 = Self.r0 + Self.r1 / abs(t2.volumeFlow)
    let t2max = a * t2.inletTemperature + (1 - a) * 313.15 + r2 * 800
    XCTAssertEqual(rows[1].maxTemperatureC, t2max - 273.15, accuracy: 1e-9)
    XCTAssertEqual(metric("max_gpu_temperature"), max(t1max, t2max) - 273.15, accuracy: 1e-9)
    // ΔP from the file's law at the solved flow (3 L/min lies in the 2–4 segment).
    let n = log(13_929.0 / 3482.2) / log(2.0)
    XCTAssertEqual(t1.pressureDrop, 3482.2 * pow(abs(t1.volumeFlow) * 60_000 / 2, n), accuracy: 1e-6)
    let trays = try XCTUnwrap(o.results.loop?.trays)
    XCTAssertEqual(trays.map(\.name), ["t1", "t2"])
    XCTAssertEqual(trays[1].heatToLiquid, q2, accuracy: 1e-6)
    let columns = SolutionMetrics.columns(of: o.results).map(\.name)
    XCTAssertTrue(columns.contains("components.t2.gpu0.max_temperature"))
  }

  /// A flow beyond the model's flows is extrapolated and flagged per tray and in the metric.
  func testExtrapolatedFlowIsFlagged() throws {
    _ = try write(Self.model(), "tray.yaml")
    let o = try solve(loopCase(model: "tray.yaml", flow: "6 L/min"))
    XCTAssertEqual(o.results.metrics.first { $0.name == "tray_extrapolated" }!.value, 2)
    XCTAssertEqual(o.results.loop!.trays.map(\.extrapolated), [1, 1])
  }

  /// A tray whose supply node nothing else connects: an error naming the tray, at its key.
  func testDisconnectedTrayIsAnErrorNamingTheTray() throws {
    _ = try write(Self.model(), "tray.yaml")
    let text = loopCase(model: "tray.yaml",
                        t2: "{type: compactTray, from: nowhere, to: c, model: tray.yaml}") + """

          bypass: {type: pipe, from: m, to: c, length: "1 m", diameter: "1 cm"}
      """
    XCTAssertThrowsError(try solve(text)) { e in
      let s = "\(e)"
      XCTAssertTrue(s.contains("network.elements.t2: element t2: "), s)
      XCTAssertTrue(s.contains("compact tray with no loop through it"), s)
    }
  }

  /// Bad models and bad inputs name the file, the key and what was expected.
  func testBadModelsAndInputsAreErrors() throws {
    func message(_ body: () throws -> Any) -> String {
      do { _ = try body(); return "no error" } catch { return "\(error)" }
    }
    var m = message { try CompactTray.decode(Self.model(inletPlusAir: 1.01), path: "bad.yaml") }
    XCTAssertTrue(m.hasPrefix("bad.yaml"), m)
    XCTAssertTrue(m.contains("coefficients.0.0") && m.contains("gpu0.max") && m.contains("1.01"), m)
    m = message { try CompactTray.decode(Self.model(flows: [1, 4, 2]), path: "bad.yaml") }
    XCTAssertTrue(m.contains("flows.2") && m.contains("strictly rising"), m)
    m = message { try CompactTray.decode(Self.model().replacingOccurrences(of: "capacitance:", with: "extra: 1\ncapacitance:"), path: "bad.yaml") }
    XCTAssertTrue(m.contains("extra"), m)
    m = message { try CompactTray.decode(Self.model().replacingOccurrences(of: "pressureDrop: [1000.0, ", with: "pressureDrop: ["), path: "bad.yaml") }
    XCTAssertTrue(m.contains("pressureDrop") && m.contains("3 numbers"), m)
    // hotspotCells (informative) is read when present: one list per flow, one cell per `.max` output.
    let cells = Self.model() + "hotspotCells: [[5], [6], [7]]\n"
    XCTAssertEqual(try CompactTray.decode(cells, path: "ok.yaml").hotspotCells, [[5], [6], [7]])
    m = message { try CompactTray.decode(Self.model() + "hotspotCells: [[5], [6, 1], [7]]\n", path: "bad.yaml") }
    XCTAssertTrue(m.contains("hotspotCells.1") && m.contains("1 cells (one per .max output)"), m)
    m = message { try CompactTray.decode(Self.model() + "hotspotCells: [[5], [6]]\n", path: "bad.yaml") }
    XCTAssertTrue(m.contains("hotspotCells") && m.contains("3 lists"), m)
    _ = try write(Self.model(coolant: "pg25"), "pg.yaml")
    m = message { try self.solve(self.loopCase(model: "pg.yaml")) }
    XCTAssertTrue(m.contains("network.elements.t1.model") && m.contains("coolant pg25"), m)
    _ = try write(Self.model(), "tray.yaml")
    m = message { try self.solve(self.loopCase(model: "tray.yaml", t2: "{type: compactTray, from: m, to: c, model: tray.yaml, powers: {gpu9: \"1 W\"}}")) }
    XCTAssertTrue(m.contains("network.elements.t2.powers.gpu9") && m.contains("a component of"), m)
    m = message { try self.solve(self.loopCase(model: "tray.yaml", t2: "{type: compactTray, from: m, to: c, model: tray.yaml, heat: \"1 W\"}")) }
    XCTAssertTrue(m.contains("network.elements.t2.heat"), m)
  }
  /// Risk on a network of trays (issue 17): t1's GPU maximum responds to its power with R₀ + R₁/Q (the model's
  /// coefficient) and to the supply with a (t1's inlet is the set point), so with independent normals
  /// β = (limit − T⁰)/√((R σ_P)² + (a σ_T)²) and P = 1 − Φ(β) — the analytic path, here from the coefficient and the
  /// finite difference of whole network solves. Tolerance 2e-3 on β: the supply also moves the volume flow (water's
  /// density), which R₁/Q sees at about 1e-3 K/K.
  func testNetworkRiskAgainstTheAnalyticReliabilityIndex() throws {
    _ = try write(Self.model(limit: 320.15), "tray.yaml")
    let text = loopCase(model: "tray.yaml") + """

      uncertainty:
        samples: 20000
        seed: 3
        inputs:
          - {key: "trays.gpu0.power", normal: {sd: "100 W"}}
          - {key: network.elements.hx.supplyTemperature, normal: {sd: "1 K"}}
      """
    let o = try solve(text)
    let t1 = o.solution.element("t1")!
    let r = Self.r0 + Self.r1 / abs(t1.volumeFlow)
    let t0 = Self.a * 303.15 + (1 - Self.a) * 308.15 + r * 1000
    let beta = (320.15 - t0) / ((r * 100) * (r * 100) + Self.a * Self.a).squareRoot()
    let risk = try XCTUnwrap(o.results.risk)
    XCTAssertEqual(risk.inputs.map(\.name), ["trays.t1.gpu0.power", "trays.t2.gpu0.power",
                                             "network.elements.hx.supplyTemperature"])
    let c = try XCTUnwrap(risk.components.first { $0.name == "t1.gpu0" })
    XCTAssertEqual(c.reliabilityIndex, beta, accuracy: 2e-3 * beta)
    XCTAssertEqual(c.probability, 0.5 * erfc(c.reliabilityIndex / 2.squareRoot()), accuracy: 1e-12)
    let metric = { (n: String) in o.results.metrics.first { $0.name == n }!.value }
    XCTAssertEqual(metric("reliability_index"), risk.components.map(\.reliabilityIndex).min()!)
    // The supply is linear to the flow's density effect: the ±2σ re-solves agree within 1e-2 K.
    XCTAssertLessThan(metric("risk_linearity_error"), 1e-2)
  }
}
