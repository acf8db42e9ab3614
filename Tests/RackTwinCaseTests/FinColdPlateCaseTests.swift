import Foundation
import XCTest
import RackTwinCase
import RackTwinCooling
import RackTwinIO
import RackTwinMesh
import RackTwinThermal

/// Cold plates described by their geometry in a case (`coldPlates:` with `model: porous` or `channels`;
/// CaseDecoder+FinColdPlates, ModelBuilder+FinColdPlates): the shipped example `geometries/coldplate-fidelities/`
/// solved as (b) and (c), checked against closed forms, each other and the OCP water point, and the errors, each at
/// the plate's key and line.
final class FinColdPlateCaseTests: XCTestCase {
  static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  static let folder = "geometries/coldplate-fidelities"

  /// Generates the example's `mesh` spec into `dir` and writes the case (`text`, else the shipped `case`) beside it.
  func prepare(_ model: String, text: String? = nil, in dir: TemporaryDirectory) throws -> String {
    let root = Self.repository.appendingPathComponent(Self.folder)
    try MeshFileWriter.write(MeshGenerator.generate(GridSpecDecoder.decode(
      contentsOf: root.appendingPathComponent("mesh-\(model).yaml").path)), to: dir.path("mesh-\(model).h5"))
    let caseText = try text ?? String(contentsOf: root.appendingPathComponent("case-\(model).yaml"), encoding: .utf8)
    try caseText.write(toFile: dir.path("case-\(model).yaml"), atomically: true, encoding: .utf8)
    return dir.path("case-\(model).yaml")
  }

  func shipped(_ model: String) throws -> String {
    try String(contentsOf: Self.repository.appendingPathComponent("\(Self.folder)/case-\(model).yaml"), encoding: .utf8)
  }

  func value(_ r: ResultsDocument, _ name: String) -> Double {
    guard let m = r.metrics.first(where: { $0.name == name }) else {
      XCTFail("no metric \(name) in \(r.metrics.map(\.name))")
      return .nan
    }
    return m.value
  }

  /// The case error building `text` on the example's `model` mesh throws (a test failure, and nil, otherwise).
  func buildError(_ model: String, _ text: String, file: StaticString = #filePath, line: UInt = #line) -> CaseError? {
    do {
      let dir = try TemporaryDirectory()
      defer { dir.remove() }
      let path = try prepare(model, text: text, in: dir)
      _ = try SteadyCaseRunner(casePath: path).solve()
      XCTFail("solved without error", file: file, line: line)
    } catch let e as CaseError {
      return e
    } catch {
      XCTFail("expected a CaseError, got \(error)", file: file, line: line)
    }
    return nil
  }

  // MARK: Decoding

  func testDecodesTheShippedPlates() throws {
    let porous = try CaseDecoder.decode(text: shipped("porous"), path: "case-porous.yaml")
    XCTAssertTrue(porous.coldPlates.isEmpty)
    let b = try XCTUnwrap(porous.finColdPlates.first)
    XCTAssertEqual(b.name, "oam-plate")
    XCTAssertEqual(b.model, .porous)
    XCTAssertEqual(b.regions, ["fins"])
    XCTAssertEqual(b.flowAxis, 0)
    XCTAssertEqual(b.heightAxis, 2)
    XCTAssertEqual(b.fins, .init(thickness: 0.2e-3, gap: 0.2e-3, height: 3e-3, length: 0.05, material: "c11000"))
    XCTAssertEqual(b.unitCells, 125)
    XCTAssertEqual(b.volumeFlow, 2e-3 / 60, accuracy: 1e-15)
    XCTAssertEqual(b.inletTemperature, 313.15, accuracy: 1e-12)
    XCTAssertEqual(b.casePoint, SIMD3(0.025, 0.0002, 0.0023))
    let channels = try CaseDecoder.decode(text: shipped("channels"), path: "case-channels.yaml")
    let c = try XCTUnwrap(channels.finColdPlates.first)
    XCTAssertEqual(c.model, .channels)
    XCTAssertEqual(c.regions, ["channel"])
    XCTAssertEqual(c.scheme, .upwind)
    XCTAssertNil(c.fins)
  }

  /// Each malformed plate names its key and line (the line of the key, or of the plate for a missing key).
  func testDecoderErrorsNameTheKey() throws {
    let porous = try shipped("porous")
    func check(_ text: String, key: String, line: Int?, _ fragment: String, file: StaticString = #filePath,
               l: UInt = #line) {
      guard let e = caseDecodingError(text, path: "case.yaml", file: file, line: l) else { return }
      XCTAssertEqual(e.keyPath, key, "\(e)", file: file, line: l)
      if let line { XCTAssertEqual(e.line, line, "\(e)", file: file, line: l) }
      XCTAssertTrue("\(e)".contains(fragment), "\(e)", file: file, line: l)
    }
    func lineOf(_ text: String, _ start: String) -> Int {
      text.components(separatedBy: "\n").firstIndex { $0.trimmingCharacters(in: .whitespaces).hasPrefix(start) }! + 1
    }
    // A missing key is reported at the plate's mapping (its first key's line).
    let plateLine = lineOf(porous, "model: porous")
    check(porous.replacingOccurrences(of: "    region: fins\n", with: ""), key: "coldPlates.oam-plate.region",
          line: plateLine, "porous region")
    check(porous.replacingOccurrences(of: "    heightAxis: z", with: "    heightAxis: x"),
          key: "coldPlates.oam-plate.heightAxis", line: lineOf(porous, "heightAxis:"), "other than flowAxis")
    check(porous.replacingOccurrences(of: "    flowAxis: x", with: "    flowAxis: w"),
          key: "coldPlates.oam-plate.flowAxis", line: lineOf(porous, "flowAxis:"), "[x, y, z]")
    check(porous.replacingOccurrences(of: "    flowAxis: x\n", with: ""), key: "coldPlates.oam-plate.flowAxis",
          line: plateLine, "[x, y, z]")
    check(porous.replacingOccurrences(of: "length: \"50 mm\", material: c11000", with: "length: \"50 mm\""),
          key: "coldPlates.oam-plate.fins.material", line: lineOf(porous, "fins:"), "material")
    check(porous.replacingOccurrences(of: "gap: \"0.2 mm\"", with: "gap: \"-0.2 mm\""),
          key: "coldPlates.oam-plate.fins.gap", line: lineOf(porous, "fins:"), "length > 0")
    check(porous.replacingOccurrences(of: "gap: \"0.2 mm\"", with: "spacing: \"0.2 mm\""),
          key: "coldPlates.oam-plate.fins.spacing", line: lineOf(porous, "fins:"), "thickness, gap")
    check(porous.replacingOccurrences(of: "    unitCells: 125", with: "    unitCells: 0"),
          key: "coldPlates.oam-plate.unitCells", line: lineOf(porous, "unitCells:"), "integer ≥ 1")
    check(porous.replacingOccurrences(of: "    flow: \"2 L/min\"", with: "    flow: {element: pump}"),
          key: "coldPlates.oam-plate.flow", line: lineOf(porous, "flow:"), "not yet coupled")
    check(porous.replacingOccurrences(of: "    inletTemperature: \"40 degC\"\n", with: ""),
          key: "coldPlates.oam-plate.inletTemperature", line: plateLine, "temperature")
    check(porous.replacingOccurrences(of: "    inlet: xmin", with: "    inlet: xmax"),
          key: "coldPlates.oam-plate.outlet", line: lineOf(porous, "outlet:"), "other than the inlet")
    check(porous.replacingOccurrences(of: "    casePoint:", with: "    casePoints:"),
          key: "coldPlates.oam-plate.casePoints", line: lineOf(porous, "casePoint:"), "did you mean \"casePoint\"")
    check(porous.replacingOccurrences(of: "    flowAxis: x", with: "    scheme: upwind\n    flowAxis: x"),
          key: "coldPlates.oam-plate.scheme", line: lineOf(porous, "flowAxis:"), "model channels")
    check(porous.replacingOccurrences(of: "model: porous", with: "model: porus"),
          key: "coldPlates.oam-plate.model", line: plateLine, "did you mean \"porous\"")
    let channels = try shipped("channels")
    check(channels.replacingOccurrences(of: "    unitCells: 125", with: "    heightAxis: z"),
          key: "coldPlates.oam-plate.heightAxis", line: lineOf(channels, "unitCells:"), "model porous")
    check(channels.replacingOccurrences(of: "scheme: upwind", with: "scheme: quick"),
          key: "coldPlates.oam-plate.scheme", line: lineOf(channels, "scheme:"), "van-leer")
    check(channels.replacingOccurrences(of: "coldPlates:", with: "transient: {duration: \"1 s\", step: \"0.1 s\"}\ncoldPlates:"),
          key: "transient", line: nil, "steady")
  }

  /// Errors found against the mesh, each at its key: a region of the wrong kind, a patch with no face on the region,
  /// turbulent fin channels, channels that are not straight, a fin material or case point that does not exist.
  func testBuildErrorsNameTheKey() throws {
    let porous = try shipped("porous"), channels = try shipped("channels")
    func expect(_ e: CaseError?, _ key: String, _ fragment: String, file: StaticString = #filePath, line: UInt = #line) {
      guard let e else { return }
      XCTAssertEqual(e.keyPath, key, "\(e)", file: file, line: line)
      XCTAssertNotNil(e.line, "\(e)", file: file, line: line)
      XCTAssertTrue("\(e)".contains(fragment), "\(e)", file: file, line: line)
    }
    expect(buildError("porous", porous.replacingOccurrences(of: "region: fins", with: "region: base")),
           "coldPlates.oam-plate.region", "kind porous")
    expect(buildError("channels", channels.replacingOccurrences(of: "region: channel", with: "region: base")),
           "coldPlates.oam-plate.region", "kind fluid")
    expect(buildError("porous", porous.replacingOccurrences(of: "inlet: xmin", with: "inlet: zmin")),
           "coldPlates.oam-plate.inlet", "faces on the boundary")
    expect(buildError("channels", channels.replacingOccurrences(of: "outlet: xmax", with: "outlet: ymin")),
           "coldPlates.oam-plate.outlet", "faces on the boundary")
    // 400 L/min through 125 channels of 0.2 × 3 mm: u ≈ 89 m/s, Re ≈ 4e5 on D_h = 0.375 mm (laminar only).
    expect(buildError("porous", porous.replacingOccurrences(of: "flow: \"2 L/min\"", with: "flow: \"400 L/min\"")),
           "coldPlates.oam-plate.flow", "laminar")
    expect(buildError("porous", porous.replacingOccurrences(of: "material: c11000}", with: "material: coper}")),
           "coldPlates.oam-plate.fins.material", "copper")
    expect(buildError("porous", porous.replacingOccurrences(of: "[\"25 mm\", \"0.2 mm\", \"2.3 mm\"]",
                                                            with: "[\"25 mm\", \"0.2 mm\", \"9 mm\"]")),
           "coldPlates.oam-plate.casePoint", "inside")
    expect(buildError("porous", porous + "boundaries:\n  xmax: {type: temperature, value: \"40 degC\"}\n"),
           "coldPlates.oam-plate.outlet", "without a boundary condition")
    // A channel that widens half way along is not prismatic: model channels refuses it at `region`.
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    try """
      domain: {min: [0, 0, 0], max: ["10 mm", "1 mm", "1 mm"]}
      cells: {all: {maxSize: "0.25 mm"}}
      regions: {block: {material: copper, component: chip}, channel: {material: water, kind: fluid}}
      boxes:
        - {region: block, min: [0, 0, 0], max: ["10 mm", "1 mm", "1 mm"]}
        - {region: channel, min: [0, "0.25 mm", "0.5 mm"], max: ["10 mm", "0.5 mm", "1 mm"]}
        - {region: channel, min: ["5 mm", "0.25 mm", "0.25 mm"], max: ["10 mm", "0.5 mm", "1 mm"]}
      """.write(toFile: dir.path("mesh.yaml"), atomically: true, encoding: .utf8)
    try MeshFileWriter.write(MeshGenerator.generate(GridSpecDecoder.decode(contentsOf: dir.path("mesh.yaml"))),
                             to: dir.path("mesh.h5"))
    try """
      mesh: mesh.h5
      coolant: water
      components: {chip: {power: "1 W"}}
      coldPlates:
        p:
          model: channels
          region: channel
          inlet: xmin
          outlet: xmax
          flow: "0.01 L/min"
          inletTemperature: "30 degC"
      """.write(toFile: dir.path("case.yaml"), atomically: true, encoding: .utf8)
    do {
      _ = try SteadyCaseRunner(casePath: dir.path("case.yaml")).solve()
      XCTFail("a widening channel solved as model channels")
    } catch let e as CaseError {
      expect(e, "coldPlates.p.region", "straight prismatic")
    }
  }

  // MARK: Solving the example

  /// Both fidelities on the shipped example: energy balance, the coolant's outlet from Q/(ṁc_p), heat_to_liquid,
  /// and R of (b) against (c) and against the OCP water point (returns R of each, K/W).
  func testExampleSolvesAsBothFidelities() throws {
    var r: [String: Double] = [:]
    for model in ["porous", "channels"] {
      let dir = try TemporaryDirectory()
      defer { dir.remove() }
      let out = try SteadyCaseRunner(casePath: try prepare(model, in: dir)).solve()
      let s = out.solution, res = out.results
      XCTAssertLessThanOrEqual(s.energyBalance.relative, 1e-6, model)
      // Every boundary is adiabatic: the strip's 8 W all go to its coolant (the issue's ≤ 1e-6 balance, relative).
      XCTAssertEqual(value(res, "heat_to_liquid"), 8, accuracy: 8e-6, model)
      XCTAssertEqual(value(res, "oam-plate.plate_heat_to_liquid"), 1000, accuracy: 1e-3, model)
      XCTAssertTrue(s.energyBalance.streams.contains { $0.name.hasPrefix("oam-plate.") && abs($0.heatIn + 8) < 1e-5 },
                    "\(model): \(s.energyBalance.streams)")
      // Closed form: T_out = T_in + Q/(ṁ c_p), ṁ the strip's 1/125 of 2 L/min at 40 °C; c_p at the mean (it changes
      // by < 0.05 % over the 7 K rise, so 2 mK).
      let water = Coolant.water
      let m = 2e-3 / 60 * (try water.density(at: 313.15)) / 125
      let rise = 8 / (m * (try water.specificHeat(at: 313.15 + 3.6)))
      let outlet = model == "porous" ? value(res, "oam-plate.outlet_temperature")
        : value(res, "oam-plate.outlet_temperature.xmax")
      XCTAssertEqual(outlet, 40 + rise, accuracy: 2e-3, "\(model): rise \(rise) K")
      r[model] = value(res, "oam-plate.resistance")
      let tCase = value(res, "oam-plate.case_temperature")
      XCTAssertEqual(r[model]!, (tCase - 40) / 1000, accuracy: 1e-9)
      print("coldplate-fidelities \(model): \(s.temperature.count) cells, R = \(r[model]!) K/W, T_case = \(tCase) °C, "
              + "outlet \(outlet) °C, solve \(s.report.solveTime) s, balance \(s.energyBalance.relative)")
    }
    let b = r["porous"]!, c = r["channels"]!
    // (b) against (c) on the same package and fins: the 10 % on R. Both march the coolant upwind with the
    // same inlet, lid, base and die; they differ in h (Shah & London H1 + VDI entrance in (b), the resolved profile in
    // (c)) and fin conduction (porous two-temperature vs resolved): validation/ocp-oam-coldplate-fidelity measured
    // 1.8–2.6 % on the bare plate.
    XCTAssertEqual(b, c, accuracy: 0.10 * c)
    // Against the OCP 1 kW OAM water point, 0.0172 K/W at 2 L/min (Chen et al. 2023, OCP OAI System Liquid Cooling
    // Guidelines, Fig. 8, via Modelica Buildings OCP_1kW_OAM_Water): a prediction on a stated geometry, not a fit.
    // The stated fin field conducts 3–4× better than the measured plate implies (README), so R lies 30–50 % below;
    // 60 % bounds that gap (validation/ocp-oam-coldplate-fidelity) and catches a sign or unit error.
    for (model, rr) in r {
      let error = (rr - 0.0172) / 0.0172
      print("coldplate-fidelities \(model): R error against OCP water 2 L/min: \(100 * error) %")
      XCTAssertLessThan(abs(error), 0.6, model)
    }
  }

  /// (b) on the whole 3-D package (`case-package.yaml`: a 26 × 33 mm die under a 50 × 50 mm lid and fin field): the
  /// balance, the outlet from Q/(ṁc_p) with the plate's whole flow, the lid hotter downstream than upstream (the
  /// coolant warms along x), and R against the OCP water point (reported; spreading from the die raises it).
  func testWholePackageWithPorousStack() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let out = try SteadyCaseRunner(casePath: try prepare("package", in: dir)).solve()
    let s = out.solution, res = out.results
    XCTAssertLessThanOrEqual(s.energyBalance.relative, 1e-6)
    XCTAssertEqual(value(res, "heat_to_liquid"), 1000, accuracy: 1e-3)
    XCTAssertEqual(value(res, "oam-plate.plate_heat_to_liquid"), 1000, accuracy: 1e-3)
    let m = 2e-3 / 60 * (try Coolant.water.density(at: 313.15))
    let rise = 1000 / (m * (try Coolant.water.specificHeat(at: 313.15 + 3.6)))
    // c_p at the mean changes by < 0.05 % over the 7 K rise: 2 mK.
    XCTAssertEqual(value(res, "oam-plate.outlet_temperature"), 40 + rise, accuracy: 2e-3)
    let probe = Dictionary(uniqueKeysWithValues: s.probes.map { ($0.name, $0.temperature) })
    let up = probe["lidTopUpstream"]!, down = probe["lidTopDownstream"]!
    // The die is centred, so conduction alone would read the two points alike; the heat enters the coolant mostly
    // under the die (x 12–38 mm), so between x = 15 and 35 mm the coolant takes about 20/26 of its rise (5.5 K of
    // 7.2 K; measured 6.3 K, the lid's own gradient adding to it): more than a quarter, less than all of it.
    XCTAssertGreaterThan(down - up, 0.25 * rise)
    XCTAssertLessThan(down - up, rise)
    let r = value(res, "oam-plate.resistance")
    let error = (r - 0.0172) / 0.0172
    print("coldplate-fidelities package: \(s.temperature.count) cells, R = \(r) K/W (OCP water 2 L/min: \(100 * error) %), "
            + "lid top upstream \(up - 273.15) °C, downstream \(down - 273.15) °C, die max "
            + "\(s.components[0].maxTemperature - 273.15) °C, solve \(s.report.solveTime) s")
    // A prediction on a stated geometry (README): the 60 % bound of validation/ocp-oam-coldplate-fidelity.
    XCTAssertLessThan(abs(error), 0.6)
  }

  /// 20 % less flow in (b) runs hotter, by an amount bracketed by two closed forms. The exchanger relation
  /// R = 1/[C(1 − e^{−UA/C})], C = ṁc_p, with UA fitted to R at 2 L/min (as the datasheet fidelity does), holds for
  /// an isothermal wall: an upper bound on the rise of one point's T_case. Uniform heating along the flow gives the
  /// lower bound: the coolant under the centre has taken half its rise, ΔR = (1/2)(1/C(1.6) − 1/C(2)) plus the change
  /// of the laminar h (1/UA of the stack's Σ h·a·V). Axial conduction in lid and base moves heat towards the cool
  /// inlet, so the plate lies between the two.
  func testLessFlowRunsHotterBetweenUniformFluxAndExchangerRelation() throws {
    let porous = try shipped("porous")
    func solve(_ flow: String) throws -> (r: Double, ua: Double) {
      let dir = try TemporaryDirectory()
      defer { dir.remove() }
      let out = try SteadyCaseRunner(casePath: try prepare("porous", text: porous.replacingOccurrences(
        of: "flow: \"2 L/min\"", with: "flow: \"\(flow)\""), in: dir)).solve()
      XCTAssertLessThanOrEqual(out.solution.energyBalance.relative, 1e-6)
      return (value(out.results, "oam-plate.resistance"), value(out.results, "oam-plate.exchange_conductance") * 125)
    }
    let full = try solve("2 L/min"), less = try solve("1.6 L/min")
    let cp = try Coolant.water.specificHeat(at: 313.15), rho = try Coolant.water.density(at: 313.15)
    func capacity(_ q: Double) -> Double { q / 60_000 * rho * cp }
    // UA of the exchanger form from R at 2 L/min: 1/(R C) = 1 − e^{−UA/C}.
    let ua = -capacity(2) * log(1 - 1 / (full.r * capacity(2)))
    func exchanger(_ q: Double) -> Double { 1 / (capacity(q) * (1 - exp(-ua / capacity(q)))) }
    let upper = exchanger(1.6) - exchanger(2)
    let lower = 0.5 * (1 / capacity(1.6) - 1 / capacity(2)) + 1 / less.ua - 1 / full.ua
    let measured = less.r - full.r
    print("coldplate-fidelities porous: R(1.6 L/min) − R(2 L/min) = \(measured) K/W; exchanger relation (UA = \(ua) "
            + "W/K from R at 2 L/min) \(upper) K/W (error \(100 * (measured - upper) / upper) %); uniform flux \(lower) K/W")
    XCTAssertGreaterThan(measured, lower)
    XCTAssertLessThan(measured, upper)
  }
}
