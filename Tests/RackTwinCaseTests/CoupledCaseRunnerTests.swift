import Foundation
import RackTwinCase
import RackTwinCooling
import RackTwinIO
import RackTwinMesh
import XCTest

/// 3-D fluid regions as network elements (`type: region`, `CoupledCaseRunner`): energy against the source power,
/// pressure drop against the duct's closed form, the coupling's fixed point against an enthalpy mix, and the errors.
final class CoupledCaseRunnerTests: XCTestCase {
  /// A 20 × 6 × 6 mm copper block with one 2 × 2 mm water channel along x at mid-height, a 1 mm heater pad under it;
  /// 1 mm cells (two across the channel), or `size`.
  static func blockSpec(size: String = "1 mm", bend: Bool = false) -> String {
    """
    domain: {min: [0, 0, 0], max: ["20 mm", "6 mm", "6 mm"]}
    cells: {all: {maxSize: "\(size)"}}
    regions:
      block: {material: copper}
      heater: {material: copper, component: heater}
      channel: {material: water, kind: fluid}
    boxes:
      - {region: block, min: [0, 0, 0], max: ["20 mm", "6 mm", "6 mm"]}
      - {region: heater, min: ["5 mm", "1 mm", 0], max: ["15 mm", "5 mm", "1 mm"]}
      - {region: channel, min: [0, "2 mm", "2 mm"], max: ["\(bend ? "14 mm" : "20 mm")", "4 mm", "4 mm"]}
    """ + (bend ? "\n  - {region: channel, min: [\"12 mm\", \"2 mm\", \"2 mm\"], max: [\"14 mm\", \"4 mm\", \"6 mm\"]}" : "")
  }

  /// A loop: fixed-flow pump, the block's channel, an exchanger back to 30 °C.
  static func loopCase(region: String = "channel", inlet: String = "xmin", outlet: String = "xmax",
                       extraElement: String = "", model: String = "model: plug, hydraulicDiameter: \"2 mm\"",
                       flow: String = "0.2 L/min", boundaries: String = "", coupling: String = "") -> String {
    """
    mesh: mesh.h5
    coolant: water
    components:
      heater: {regions: [heater], power: "50 W"}
    \(boundaries)
    network:
      \(coupling)
      elements:
        pump: {type: pump, from: tank, to: in, flow: "\(flow)"}
        block: {type: region, from: in, to: out, region: \(region), inlet: \(inlet), outlet: \(outlet), \(model)}
        hx: {type: exchanger, from: out, to: tank, flow: "1 L/min", pressureDrop: "10 kPa", supplyTemperature: "30 degC"}
    \(extraElement)
    """
  }

  var dir: TemporaryDirectory!

  override func setUpWithError() throws {
    dir = try TemporaryDirectory()
  }

  override func tearDown() {
    dir.remove()
  }

  func writeMesh(_ spec: String, _ name: String = "mesh.h5") throws {
    let g = try GridSpecDecoder.decode(text: spec, path: "mesh.yaml")
    try MeshFileWriter.write(try MeshGenerator.generate(g), to: dir.path(name))
  }

  func run(_ text: String) throws -> SteadyCaseRunner.Outcome {
    try text.write(toFile: dir.path("case.yaml"), atomically: true, encoding: .utf8)
    return try SteadyCaseRunner(casePath: dir.path("case.yaml")).solve()
  }

  func metric(_ o: SteadyCaseRunner.Outcome, _ name: String) throws -> Double {
    try XCTUnwrap(o.results.metrics.first { $0.name == name }, "no metric \(name)").value
  }

  /// DESIGN §3.1, issue 13: on an insulated block (every outer face adiabatic, the inlet a Danckwerts boundary) all
  /// 50 W must leave with the coolant. ṁ(h_out − h_in) from the outlet's mixed-cup temperature is independent of the
  /// discrete balance; it equals the source power within 1e-6 relative (the Picard tolerance on h(T) and the linear
  /// solve's 1e-10 leave about 1e-8). The FV energy balance closes too, and the stream is counted once.
  func testInsulatedBlockGivesTheSourcePowerToTheCoolant() throws {
    try writeMesh(Self.blockSpec())
    for scheme in ["upwind", "van-leer"] {
      let o = try run(Self.loopCase(model: "model: plug, hydraulicDiameter: \"2 mm\", scheme: \(scheme)"))
      let q = try metric(o, "regions.block.heat_to_liquid")
      print("insulated block (\(scheme)): heat to liquid \(q) W of 50 W, balance \(try metric(o, "energy_balance_relative"))")
      XCTAssertEqual(q, 50, accuracy: 50e-6)
      XCTAssertEqual(try metric(o, "heat_to_liquid"), 50, accuracy: 50e-6)  // once: the region's, not also the network's
      XCTAssertEqual(try metric(o, "heat_to_air"), 0, accuracy: 1e-9)
      XCTAssertLessThan(try metric(o, "energy_balance_relative"), 1e-6)
      // The network carried the field's heat: its exchanger removes it.
      let net = try XCTUnwrap(o.network)
      XCTAssertEqual(net.element("hx")!.heat, -q, accuracy: 1e-9 * q)
      XCTAssertEqual(net.element("block")!.heat, q, accuracy: 1e-12 * q)
      // Independent of the metric: h(T_out) − h(T_in) = P/ṁ with the network's ṁ and the loop's 30 °C supply.
      let water = Coolant.named("water")!
      let m = net.element("block")!.massFlow
      let tOut = try metric(o, "regions.block.outlet_temperature") + 273.15
      let dh = try water.properties(at: tOut).enthalpy - water.properties(at: 303.15).enthalpy
      XCTAssertEqual(m * dh, 50, accuracy: 50e-6)
      XCTAssertEqual(try metric(o, "coupling_iterations"), 1)  // the exchanger fixes T_in: one pass settles
      XCTAssertEqual(try metric(o, "regions.block.continuity_error"), 0, accuracy: 1e-9)
    }
  }

  /// Plug flow's pressure drop is the duct's fully developed laminar value (Shah & London 1978, square duct
  /// fRe = 14.227): ΔP = 2 fRe μ U L / D_h², μ and ρ of water at the 30 °C inlet. The Darcy solve is exact for a
  /// straight channel of uniform section; 1e-6 relative covers its linear-solve tolerance.
  func testPlugPressureDropIsTheDuctsLaminarValue() throws {
    try writeMesh(Self.blockSpec())
    let o = try run(Self.loopCase())
    let water = Coolant.named("water")!
    let p = try water.properties(at: 303.15)
    let m = o.network!.element("block")!.massFlow
    let u = m / (p.density * 4e-6)
    let expected = 2 * fanningFReLaminarRectangular(aspectRatio: 1) * p.viscosity * u * 0.02 / 4e-6
    // The correlation's square-duct value against Shah & London's tabulated 14.227 (their fit: 0.02 %).
    XCTAssertEqual(fanningFReLaminarRectangular(aspectRatio: 1), 14.227, accuracy: 3e-3)
    XCTAssertEqual(try metric(o, "regions.block.pressure_drop"), expected, accuracy: 1e-6 * expected)
    // The network's element took the same law, rescaled to the element's mean temperature (μ and ρ there): the
    // same closed form with the properties at (T_in + T_out)/2, to 1e-3 (the network's mean is of enthalpy).
    let e = o.network!.element("block")!
    let pm = try water.properties(at: (e.inletTemperature + e.outletTemperature) / 2)
    let expectedNet = 2 * fanningFReLaminarRectangular(aspectRatio: 1) * pm.viscosity * (m / (pm.density * 4e-6)) * 0.02
      / 4e-6
    XCTAssertEqual(e.pressureDrop, expectedNet, accuracy: 1e-3 * expectedNet)
  }

  /// Two channels of one block in series, counter-flow: the second's inlet is the first's outlet, and the first's
  /// heat depends on the second's temperatures through the copper, so the coupling must iterate. At the fixed point
  /// the network's inlet temperature of the second element is the first's mixed-cup outlet (to the 0.1 mK
  /// tolerance), the two carry the 50 W once (1e-6), and with one pass allowed the loop does not settle: exit 1 at
  /// network.coupling.maxIterations.
  func testChannelsInSeriesIterateToConsistentTemperatures() throws {
    let spec = """
      domain: {min: [0, 0, 0], max: ["20 mm", "10 mm", "6 mm"]}
      cells: {all: {maxSize: "1 mm"}}
      regions:
        block: {material: copper}
        heater: {material: copper, component: heater}
        channel: {material: water, kind: fluid}
        back: {material: water, kind: fluid}
      boxes:
        - {region: block, min: [0, 0, 0], max: ["20 mm", "10 mm", "6 mm"]}
        - {region: heater, min: ["5 mm", "1 mm", 0], max: ["15 mm", "9 mm", "1 mm"]}
        - {region: channel, min: [0, "2 mm", "2 mm"], max: ["20 mm", "4 mm", "4 mm"]}
        - {region: back, min: [0, "6 mm", "2 mm"], max: ["20 mm", "8 mm", "4 mm"]}
      """
    try writeMesh(spec)
    func loop(_ coupling: String) -> String {
      """
      mesh: mesh.h5
      coolant: water
      components:
        heater: {regions: [heater], power: "50 W"}
      network:
        coupling: \(coupling)
        elements:
          pump: {type: pump, from: tank, to: in, flow: "0.2 L/min"}
          there: {type: region, from: in, to: mid, region: channel, inlet: xmin, outlet: xmax, model: plug,
                  hydraulicDiameter: "2 mm"}
          back: {type: region, from: mid, to: out, region: back, inlet: xmax, outlet: xmin, model: plug,
                 hydraulicDiameter: "2 mm"}
          hx: {type: exchanger, from: out, to: tank, flow: "1 L/min", pressureDrop: "10 kPa", supplyTemperature: "30 degC"}
      """
    }
    let o = try run(loop("{tolerance: \"0.0001 K\"}"))
    let net = try XCTUnwrap(o.network)
    let passes = try metric(o, "coupling_iterations")
    XCTAssertGreaterThan(passes, 1)
    let firstOut = try metric(o, "regions.there.outlet_temperature") + 273.15
    XCTAssertEqual(net.element("back")!.inletTemperature, firstOut, accuracy: 1e-4)
    let q1 = try metric(o, "regions.there.heat_to_liquid"), q2 = try metric(o, "regions.back.heat_to_liquid")
    XCTAssertEqual(q1 + q2, 50, accuracy: 50e-6)
    XCTAssertEqual(try metric(o, "heat_to_liquid"), 50, accuracy: 50e-6)
    XCTAssertLessThan(try metric(o, "energy_balance_relative"), 1e-6)
    print("series: \(passes) passes, heat \(q1) + \(q2) W, T_mid \(firstOut - 273.15) °C")

    do {
      _ = try run(loop("{maxIterations: 1}"))
      XCTFail("settled in one pass")
    } catch let e as CaseRunError {
      XCTAssertTrue(e.isNonConvergence)
      XCTAssertEqual(e.keyPath, "network.coupling.maxIterations")
      XCTAssertTrue("\(e)".contains("element back"), "\(e)")
    }
  }

  /// The errors of docs/case-format.md, each at the element's key and line, exit 2.
  func testBadRegionElementsNameTheElement() throws {
    try writeMesh(Self.blockSpec())
    try writeMesh(Self.blockSpec(bend: true), "bent.h5")
    func expect(_ text: String, _ fragments: [String], key: String) {
      do {
        _ = try run(text)
        XCTFail("no error for \(fragments)")
      } catch let e as CaseError {
        XCTAssertEqual(e.keyPath, key, "\(e)")
        for f in fragments { XCTAssertTrue("\(e)".contains(f), "\(e) does not name \(f)") }
      } catch let e as CaseRunError {
        XCTAssertFalse(e.isNonConvergence)
        XCTAssertEqual(e.keyPath, key, "\(e)")
        for f in fragments { XCTAssertTrue("\(e)".contains(f), "\(e) does not name \(f)") }
      } catch {
        XCTFail("unexpected \(type(of: error)): \(error)")
      }
    }
    let at = "network.elements.block"
    expect(Self.loopCase(region: "block"), ["solid", "block"], key: at + ".region")
    expect(Self.loopCase(boundaries: "boundaries:\n  xmin: {type: temperature, value: \"20 degC\"}"),
           ["boundaries.xmin", "without a boundary condition"], key: at + ".inlet")
    expect(Self.loopCase(inlet: "zmin"), ["zmin", "none of its"], key: at)
    expect(Self.loopCase(model: "model: resolved").replacingOccurrences(of: "mesh.h5", with: "bent.h5")
             .replacingOccurrences(of: "outlet: xmax", with: "outlet: zmax"),
           ["straight channel", "block"], key: at + ".model")
    // Between two boundary nodes at one pressure nothing drives coolant through the region: the network refuses the
    // pumpless piece at the element (the runner's own zero-flow check stays behind it as a guard).
    let still = """
      mesh: mesh.h5
      coolant: water
      components:
        heater: {regions: [heater], power: "50 W"}
      network:
        elements:
          pump: {type: pump, from: tank, to: a, flow: "1 L/min"}
          hx: {type: exchanger, from: a, to: tank, flow: "1 L/min", pressureDrop: "10 kPa", supplyTemperature: "30 degC"}
          block: {type: region, from: c, to: d, region: channel, inlet: xmin, outlet: xmax, model: plug,
                  hydraulicDiameter: "2 mm"}
        boundaries:
          c: {pressure: "100 kPa", temperature: "30 degC"}
          d: {pressure: "100 kPa", temperature: "30 degC"}
      """
    expect(still, ["block", "pump"], key: at)
  }

  /// The plug model also runs on a bent channel (Darcy finds its own path), and the resolved model on a straight
  /// one gives the same heat to the coolant (all of it: insulated).
  func testResolvedAndBentChannelsCarryTheHeat() throws {
    try writeMesh(Self.blockSpec(size: "0.5 mm"))
    let resolved = try run(Self.loopCase(model: "model: resolved"))
    XCTAssertEqual(try metric(resolved, "regions.block.heat_to_liquid"), 50, accuracy: 50e-6)
    XCTAssertLessThan(try metric(resolved, "energy_balance_relative"), 1e-6)
    try writeMesh(Self.blockSpec(bend: true))
    let bent = try run(Self.loopCase(outlet: "zmax"))
    XCTAssertEqual(try metric(bent, "regions.block.heat_to_liquid"), 50, accuracy: 50e-6)
  }
}

/// geometries/channel-block at its coarse and medium refinements: the energy balance closes to 1e-6 and the heat leaves once,
/// to the water or the air (heat_to_liquid + heat_to_air = power). Prints cell counts, times and the key results
/// for the README.
final class ChannelBlockTests: XCTestCase {
  static let geometry = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("geometries/channel-block")

  func testChannelBlockBalancesAtTwoRefinements() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let spec = try String(contentsOf: Self.geometry.appendingPathComponent("mesh.yaml"), encoding: .utf8)
    // The fine mesh (0.5 mm, 76,800 cells) is measured with the CLI for the README, not in every test run.
    for size in ["2 mm", "1 mm"] {
      let text = spec.replacingOccurrences(of: "all: {maxSize: \"1 mm\"}", with: "all: {maxSize: \"\(size)\"}")
      let g = try GridSpecDecoder.decode(text: text, path: "mesh.yaml")
      let mesh = try MeshGenerator.generate(g)
      try MeshFileWriter.write(mesh, to: dir.path("mesh.h5"))
      try? FileManager.default.removeItem(atPath: dir.path("case.yaml"))
      try FileManager.default.copyItem(atPath: Self.geometry.appendingPathComponent("case.yaml").path,
                                       toPath: dir.path("case.yaml"))
      let start = Date()
      let o = try SteadyCaseRunner(casePath: dir.path("case.yaml")).solve()
      let seconds = Date().timeIntervalSince(start)
      let m = { (name: String) in o.results.metrics.first { $0.name == name }!.value }
      let power = m("power")
      XCTAssertEqual(power, 50, accuracy: 1e-9)
      XCTAssertLessThan(m("energy_balance_relative"), 1e-6, size)
      XCTAssertEqual(m("heat_to_liquid") + m("heat_to_air"), power, accuracy: 1e-6 * power, size)
      let net = try XCTUnwrap(o.network)
      let q = net.element("block")!.volumeFlow * 60_000
      print(String(format: "channel-block %@: %d cells, %.2f s, flow %.4f L/min, ΔP %.1f Pa, T_in %.3f °C, T_out "
                     + "%.3f °C, heater max %.2f °C, to water %.3f W, to air %.4f W, passes %.0f, balance %.1e",
                   size, o.mesh.cellCount, seconds, q, m("regions.block.pressure_drop"),
                   net.element("block")!.inletTemperature - 273.15, m("regions.block.outlet_temperature"),
                   m("max_temperature"), m("heat_to_liquid"), m("heat_to_air"), m("coupling_iterations"),
                   m("energy_balance_relative")))
    }
  }
}
