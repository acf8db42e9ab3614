import XCTest
import RackTwinCase
import RackTwinCooling
import RackTwinIO

/// Decoding `coolant` and `network` (docs/case-format.md): every key, its default, and errors at key and line.
final class CaseDecoderNetworkTests: XCTestCase {
  /// The example of docs/case-format.md, "The coolant loop" (a contract: extend, don't rename).
  static let example = """
    coolant: pg25                      # the loop's fluid, by name
    network:
      reference: {node: tank, pressure: "150 kPa"}      # expansion tank; default: 0 Pa gauge at the first pump's inlet
      elements:
        pumps:  {type: pump, from: tank, to: supply, curve: {shutoff: "80 kPa", maxFlow: "120 L/min"},
                 running: 2, standby: 1, efficiency: 0.45}
        feed:   {type: pipe, from: supply, to: rackA.inlet, length: "3 m", diameter: "25 mm", minorLoss: 1.5}
        qd:     {type: quickDisconnect, from: rackA.outlet, to: back, K: 2.5, diameter: "12 mm"}
        hx:     {type: exchanger, from: back, to: tank, flow: "100 L/min", pressureDrop: "30 kPa", exponent: 1.8,
                 supplyTemperature: "32 degC"}
      manifolds:
        rackA:
          layout: directReturn          # or reverseReturn
          supplySegment: {type: pipe, length: "44 mm", diameter: "20 mm"}
          returnSegment: {type: pipe, length: "44 mm", diameter: "20 mm"}
          branches:
            - {elements: [{type: component, flow: "1.5 L/min", pressureDrop: "12 kPa", exponent: 1.8,
                           laminarFraction: 0.4, datasheetFluid: water, datasheetTemperature: "25 degC"}],
               heat: "1.2 kW"}
          count: 8                     # optional: repeat a single listed branch this many times
    """

  func decode(_ text: String, overrides: [String] = []) throws -> CaseDocument {
    try CaseDecoder.decode(text: text, path: "net.yaml", overrides: overrides)
  }

  func error(_ text: String, overrides: [String] = [], file: StaticString = #filePath, line: UInt = #line) -> CaseError? {
    caseDecodingError(text, path: "net.yaml", overrides: overrides, file: file, line: line)
  }

  func testDocumentedExampleDecodesIntoTheNetwork() throws {
    let doc = try decode(Self.example)
    XCTAssertNil(doc.meshPath)
    XCTAssertEqual(doc.coolant?.name, "pg25")
    let spec = try XCTUnwrap(doc.network)
    let net = spec.network
    // 4 elements, then the manifold: 7 gaps × (supply, return) segments and 8 branches.
    XCTAssertEqual(net.elements.count, 4 + 14 + 8)
    XCTAssertEqual(net.elements.prefix(4).map(\.name), ["pumps", "feed", "qd", "hx"])
    XCTAssertEqual(spec.elementTypes.prefix(5), ["pump", "pipe", "quickDisconnect", "exchanger", "pipe"])
    XCTAssertEqual(spec.elementTypes.last, "component")
    // rackA.inlet and rackA.outlet are the manifold's first supply tap and (direct return) first return tap.
    XCTAssertEqual(net.elements[1].to, "rackA.s1")
    XCTAssertEqual(net.elements[2].from, "rackA.r1")
    XCTAssertEqual(net.boundaries["tank"], HydraulicNetwork.Boundary(pressure: 150_000))
    XCTAssertEqual(spec.manifolds, [CaseDocument.ManifoldSummary(name: "rackA",
                                                                 branchElements: (1...8).map { "rackA.b\($0)" })])
    XCTAssertEqual(spec.tolerance, 1e-11)
    guard case let .pump(p) = net.elements[0].kind else { return XCTFail("not a pump") }
    // shutoff (1 − (Q/maxFlow)²): c₂ = −80 kPa / (2e-3 m³/s)².
    XCTAssertEqual(p.curve, .quadratic(shutoff: 80_000, linear: 0, quadratic: -80_000 / 4e-6))
    XCTAssertEqual(p.running, 2); XCTAssertEqual(p.standby, 1); XCTAssertEqual(p.efficiency, 0.45); XCTAssertEqual(p.speed, 1)
    guard case let .pipe(feed) = net.elements[1].kind else { return XCTFail("not a pipe") }
    XCTAssertEqual(feed, PipeSegment(length: 3, diameter: 0.025, roughness: 1.5e-6, minorLoss: 1.5))
    guard case let .fitting(qd) = net.elements[2].kind else { return XCTFail("not a fitting") }
    XCTAssertEqual(qd, Fitting(lossCoefficient: 2.5, diameter: 0.012))
    XCTAssertEqual(net.elements[3].outletTemperature!, 305.15, accuracy: 1e-12)
    // Branch: a = 0.4·ΔP/Q, b = 0.6·ΔP/Q^1.8 at Q = 2.5e-5 m³/s; datasheet water at 25 °C (IAPWS-95 row:
    // ρ 997.048 kg/m³, μ 8.90022e-4 Pa·s).
    let branch = try XCTUnwrap(net.elements.first { $0.name == "rackA.b8" })
    guard case let .component(c) = branch.kind else { return XCTFail("not a component") }
    XCTAssertEqual(c.linear, 0.4 * 12_000 / 2.5e-5, accuracy: 1e-6)
    XCTAssertEqual(c.coefficient, 0.6 * 12_000 / pow(2.5e-5, 1.8), accuracy: 1e-9 * c.coefficient)
    XCTAssertEqual(c.datasheetDensity!, 997.048, accuracy: 1e-9)
    XCTAssertEqual(c.datasheetViscosity!, 8.90022e-4, accuracy: 1e-12)
    XCTAssertEqual(branch.heat, 1200)
    XCTAssertEqual(spec.origin(ofElement: "rackA.b3")?.keyPath, "network.manifolds.rackA.branches.0.elements.0")
    XCTAssertEqual(spec.origin(ofElement: "feed"), CaseDocument.Origin(keyPath: "network.elements.feed", line: 7))
  }

  func testDefaultsOfEveryElementType() throws {
    let doc = try decode("""
      coolant: WATER
      network:
        elements:
          p: {type: pump, from: a, to: b, flow: "6 L/min"}
          f: {type: pipe, from: b, to: c, length: 1, diameter: 0.01}
          k: {type: fitting, from: c, to: d, K: 0.5, diameter: "10 mm"}
          v: {type: valve, from: d, to: e, kv: "2.5 m^3/h"}
          x: {type: exchanger, from: e, to: a, flow: "6 L/min", pressureDrop: "20 kPa", supplyTemperature: "30 degC",
              heat: "-5 W", fouling: 1.5}
      """)
    XCTAssertEqual(doc.coolant?.name, "water")  // names are case-insensitive
    let e = try XCTUnwrap(doc.network).network.elements
    XCTAssertEqual(e[0].kind, .pump(Pump(curve: .fixedFlow(1e-4), running: 1, standby: 0, speed: 1, efficiency: 0.5)))
    XCTAssertEqual(e[1].kind, .pipe(PipeSegment(length: 1, diameter: 0.01, roughness: 1.5e-6, minorLoss: 0)))
    guard case let .valve(v) = e[3].kind else { return XCTFail("not a valve") }
    XCTAssertEqual(v.flowCoefficient, 2.5, accuracy: 1e-12)  // K_v in m³/h
    XCTAssertEqual(v.opening, 1)
    guard case let .component(c) = e[4].kind else { return XCTFail("not a component") }
    XCTAssertEqual(c.exponent, 2); XCTAssertEqual(c.linear, 0); XCTAssertNil(c.datasheetDensity)
    XCTAssertEqual(c.coefficient, 20_000 / 1e-8, accuracy: 1e-3)
    XCTAssertEqual(e[4].heat, -5); XCTAssertEqual(e[4].foulingFactor, 1.5); XCTAssertEqual(e[0].foulingFactor, 1)
    XCTAssertEqual(e[0].heat, 0)
    XCTAssertTrue(doc.network!.network.boundaries.isEmpty)
  }

  func testPumpCurveTableAndOverrides() throws {
    let text = """
      coolant: water
      network:
        elements:
          p: {type: pump, from: a, to: b, curve: {table: [[0, "50 kPa"], ["10 L/min", "40 kPa"], ["20 L/min", 0]]}}
          x: {type: exchanger, from: b, to: a, flow: "6 L/min", pressureDrop: "20 kPa", supplyTemperature: "30 degC"}
      """
    let doc = try decode(text, overrides: ["network.elements.p.speed=1.2", "network.elements.x.supplyTemperature=40 degC"])
    guard case let .pump(p) = doc.network!.network.elements[0].kind, case let .table(points) = p.curve else {
      return XCTFail("not a table pump")
    }
    XCTAssertEqual(points.map(\.pressure), [50_000, 40_000, 0])
    XCTAssertEqual(points[2].flow, 20.0 / 60_000, accuracy: 1e-15)
    XCTAssertEqual(p.speed, 1.2)
    XCTAssertEqual(doc.network!.network.elements[1].outletTemperature!, 313.15, accuracy: 1e-12)
    // A value from --set names the override instead of a line.
    let e = error(text, overrides: ["network.elements.p.speed=0"])
    XCTAssertEqual(e?.keyPath, "network.elements.p.speed")
    XCTAssertEqual(e?.override, "network.elements.p.speed=0")
  }

  func testErrorsNameKeyAndLine() {
    let base = """
      coolant: water
      network:
        elements:
          p: {type: pump, from: a, to: b, flow: "1 L/min"}
          x: {type: exchanger, from: b, to: a, flow: "1 L/min", pressureDrop: "10 kPa", supplyTemperature: "30 degC"}
      """
    var e = error(base.replacingOccurrences(of: "type: pump", with: "type: pmup"))
    XCTAssertEqual(e?.keyPath, "network.elements.p.type"); XCTAssertEqual(e?.line, 4); XCTAssertEqual(e?.suggestion, "pump")
    e = error(base.replacingOccurrences(of: "coolant: water\n", with: ""))
    XCTAssertEqual(e?.keyPath, "coolant")
    e = error(base.replacingOccurrences(of: "\"30 degC\"", with: "\"120 degC\""))
    XCTAssertEqual(e?.keyPath, "network.elements.x.supplyTemperature"); XCTAssertEqual(e?.line, 5)
    XCTAssertTrue(e?.expected.contains("0.01 °C…100.00 °C") ?? false, "\(String(describing: e))")
    e = error(base + "\n  reference: {node: tnk, pressure: 0}")
    XCTAssertEqual(e?.keyPath, "network.reference.node")
    e = error(base.replacingOccurrences(of: "flow: \"1 L/min\"}", with: "flow: \"1 L/min\", curve: {shutoff: 1, maxFlow: 1}}"))
    XCTAssertEqual(e?.found, "both curve and flow")
    // Without a network, mesh is required as before.
    e = error("coolant: water\n")
    XCTAssertEqual(e?.keyPath, "mesh")
  }

  /// Magnitudes no rack loop has (fuzz findings that stalled Newton with no heat): a loss coefficient below 1e-12
  /// (K, minorLoss; a subnormal among them), a rated flow above 1 m³/s. The bounds themselves are accepted.
  func testMeaninglessMagnitudesAreRefusedAtTheKey() throws {
    let base = """
      coolant: water
      network:
        elements:
          p: {type: pump, from: a, to: b, flow: "1 L/min"}
          f: {type: fitting, from: b, to: c, K: 2, diameter: "10 mm"}
          l: {type: pipe, from: c, to: d, length: "1 m", diameter: "10 mm", minorLoss: 0}
          x: {type: exchanger, from: d, to: a, flow: "1 L/min", pressureDrop: "10 kPa", supplyTemperature: "30 degC"}
      """
    for k in ["1e-320", "1e-13", "0"] {
      let e = error(base.replacingOccurrences(of: "K: 2", with: "K: \(k)"))
      XCTAssertEqual(e?.keyPath, "network.elements.f.K", k)
      XCTAssertEqual(e?.line, 5, k)
      XCTAssertTrue(e?.expected.contains("≥ 1e-12") ?? false, "\(String(describing: e))")
    }
    let e = error(base.replacingOccurrences(of: "minorLoss: 0", with: "minorLoss: 1e-320"))
    XCTAssertEqual(e?.keyPath, "network.elements.l.minorLoss")
    for q in ["1e20 L/min", "1.001 m^3/s"] {
      let e = error(base.replacingOccurrences(of: "flow: \"1 L/min\", pressureDrop", with: "flow: \"\(q)\", pressureDrop"))
      XCTAssertEqual(e?.keyPath, "network.elements.x.flow", q)
      XCTAssertTrue(e?.expected.contains("≤ 1 m^3/s") ?? false, "\(String(describing: e))")
    }
    let edges = try decode(base.replacingOccurrences(of: "K: 2", with: "K: 1e-12")
      .replacingOccurrences(of: "minorLoss: 0", with: "minorLoss: 1e-12")
      .replacingOccurrences(of: "flow: \"1 L/min\", pressureDrop", with: "flow: \"1 m^3/s\", pressureDrop"))
    XCTAssertEqual(edges.network?.network.elements.count, 4)
  }
}
