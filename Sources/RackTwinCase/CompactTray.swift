import Foundation
import RackTwinCooling
import RackTwinIO
import Yams

/// A compute tray's compact thermal model (`racktwin-compact-tray` v1, docs/file-formats.md "Compact tray models"):
/// at a fixed tray flow every output (each component's hottest-cell and mean temperature, the heat to liquid and to
/// air) is linear in the inputs (inlet and air temperature, component powers), with no constant term; the
/// coefficients and the pressure drop are tabulated at a few flows.
///
/// One type for both sides of the file: `CompactTrayBuilder` (`racktwin compact build`) makes it from 3-D solves of
/// the detailed tray by superposition and writes it (`yaml(header:)`); the network element `compactTray` reads it
/// (`load(path:)`). Between its flows the coefficients are interpolated linearly in 1/Q (a convective conductance
/// varies roughly as a power of Q, and the resistance 1/(ṁc_p) of the coolant's own rise is exactly linear in 1/Q),
/// the pressure drop in log Q–log ΔP.
public struct CompactTray: Sendable, Equatable {
  /// One output row: `gpu0.max`, `gpu0.mean`, `heat_to_liquid`, `heat_to_air`, …
  public struct Output: Sendable, Equatable {
    public var name: String
    /// `K` or `W`.
    public var unit: String
    /// The component a temperature output belongs to.
    public var component: String?
    /// The component's limit (K), if the file gives one.
    public var limit: Double?

    public init(name: String, unit: String, component: String? = nil, limit: Double? = nil) {
      self.name = name
      self.unit = unit
      self.component = component
      self.limit = limit
    }
  }

  /// Provenance (the file's `source` mapping): informative, not used by the element.
  public struct Source: Sendable, Equatable {
    /// The case the model was built from, relative to the file's folder when possible.
    public var caseFile: String
    /// Cells of the 3-D tray.
    public var cells: Int
    /// When it was built (ISO 8601) and by which racktwin version.
    public var built: String
    public var racktwin: String

    public init(caseFile: String = "", cells: Int = 0, built: String = "", racktwin: String = "") {
      self.caseFile = caseFile
      self.cells = cells
      self.built = built
      self.racktwin = racktwin
    }
  }

  /// The file it was read from (for errors and provenance).
  public var path: String
  public var source: Source
  public var coolant: String
  /// Tray flows (m³/s), strictly rising.
  public var flows: [Double]
  /// Input names in column order; `inlet` and `air` (K) and one per component power (W).
  public var inputs: [String]
  /// Each power input's nominal (W); 0 for the temperature inputs.
  public var nominal: [Double]
  public var outputs: [Output]
  /// `coefficients[f][o][i]`.
  public var coefficients: [[[Double]]]
  /// Pa at each flow.
  public var pressureDrop: [Double]
  /// J/K per component and `coolant`.
  public var capacitance: [String: Double]
  /// Per flow, the file-order mesh cell of each `.max` output (informative; empty when the file has none).
  public var hotspotCells: [[Int]]

  /// Column of the inlet and air temperatures, and of each power (component name → column).
  public var inletColumn: Int { inputs.firstIndex(of: "inlet")! }
  public var airColumn: Int { inputs.firstIndex(of: "air")! }
  public var powerInputs: [String] { inputs.filter { $0 != "inlet" && $0 != "air" } }
  public var heatToLiquidRow: Int { outputs.firstIndex { $0.name == "heat_to_liquid" }! }
  public var heatToAirRow: Int { outputs.firstIndex { $0.name == "heat_to_air" }! }
  /// Index of the named input or output.
  public func inputIndex(_ name: String) -> Int? { inputs.firstIndex(of: name) }
  public func outputIndex(_ name: String) -> Int? { outputs.firstIndex { $0.name == name } }
  /// Components with `.max` and `.mean` outputs, in output order.
  public var components: [String] {
    var out: [String] = []
    for o in outputs { if let c = o.component, !out.contains(c) { out.append(c) } }
    return out
  }

  /// The pressure-drop law for the network: the file's ΔP(Q), a power law between its flows.
  public var pressureDropLaw: TabulatedPressureDrop { TabulatedPressureDrop(flows: flows, drops: pressureDrop) }

  /// Whether flow q (m³/s) lies within the model's flows (else its values are extrapolated).
  public func covers(flow q: Double) -> Bool { q >= flows.first! && q <= flows.last! }

  /// The coefficient matrix `[o][i]` at flow q: linear in 1/Q between the neighbouring flows, continued along the
  /// first or last segment outside them.
  public func coefficients(atFlow q: Double) -> [[Double]] {
    precondition(q > 0, "CompactTray.coefficients: flow \(q) ≤ 0")
    var i = 0
    while i < flows.count - 2 && q > flows[i + 1] { i += 1 }
    let t = (1 / q - 1 / flows[i]) / (1 / flows[i + 1] - 1 / flows[i])
    let a = coefficients[i], b = coefficients[i + 1]
    return a.indices.map { o in a[o].indices.map { c in a[o][c] + t * (b[o][c] - a[o][c]) } }
  }

  /// Every output at flow q for an input vector in `inputs` order.
  public func evaluate(flow q: Double, inputs x: [Double]) -> [Double] {
    precondition(x.count == inputs.count, "CompactTray.evaluate: \(x.count) inputs for \(inputs.count)")
    return coefficients(atFlow: q).map { row in zip(row, x).reduce(0) { $0 + $1.0 * $1.1 } }
  }

  /// The input vector for an inlet and air temperature (K) and the powers (W) in `powerInputs` order.
  public func inputVector(inlet: Double, air: Double, powers: [Double]) -> [Double] {
    var x = [Double](repeating: 0, count: inputs.count)
    x[inletColumn] = inlet
    x[airColumn] = air
    for (name, p) in zip(powerInputs, powers) { x[inputs.firstIndex(of: name)!] = p }
    return x
  }

  /// The nominal inputs: `inlet` and `air` as given (K), each power at its nominal value.
  public func nominalInputs(inlet: Double, air: Double) -> [Double] {
    zip(inputs, nominal).map { $0 == "inlet" ? inlet : $0 == "air" ? air : $1 }
  }

  public init(path: String, source: Source = Source(), coolant: String, flows: [Double], inputs: [String],
              nominal: [Double], outputs: [Output], coefficients: [[[Double]]], pressureDrop: [Double],
              capacitance: [String: Double] = [:], hotspotCells: [[Int]] = []) {
    self.path = path
    self.source = source
    self.coolant = coolant
    self.flows = flows
    self.inputs = inputs
    self.nominal = nominal
    self.outputs = outputs
    self.coefficients = coefficients
    self.pressureDrop = pressureDrop
    self.capacitance = capacitance
    self.hotspotCells = hotspotCells
  }
}

extension CompactTray {
  static let keys = ["format", "version", "source", "coolant", "flows", "inputs", "outputs", "coefficients",
                     "pressureDrop", "capacitance", "hotspotCells"]

  /// Reads and checks a compact tray model file.
  /// - Throws: `CaseError` naming the file, the key path and what was expected and found (exit 2): a missing or
  ///   unknown key (unknown keys are allowed only inside `source`), wrong lengths, flows not rising, a temperature
  ///   row whose `inlet` and `air` coefficients do not sum to 1 (±1e-3), heat rows that do not conserve energy
  ///   (±1e-3 relative).
  public static func load(path: String) throws -> CompactTray {
    let text = try YAMLInput.readText(path)
    return try decode(text, path: path)
  }

  /// Decodes the text of a compact tray model file named `path`.
  public static func decode(_ text: String, path: String) throws -> CompactTray {
    let r = YAMLInput.Reader(file: path)
    let root = try r.compose(text)
    let f = try r.fields(root, "", allowed: keys, what: "a compact tray model mapping {format, version, …}")
    func req(_ key: String, _ expected: String) throws -> Node { try r.required(f, key, expected: expected) }
    func number(_ n: Node, _ path: String) throws -> Double {
      guard let s = n.scalar?.string, let v = Double(s), v.isFinite else {
        throw r.fail(path, n, expected: "a finite number")
      }
      return v
    }
    func numbers(_ n: Node, _ path: String, count: Int?) throws -> [Double] {
      let items = try r.sequence(n, path, expected: "a list of numbers")
      if let count, items.count != count {
        throw r.fail(path, n, expected: "\(count) numbers", found: "\(items.count)")
      }
      return try items.enumerated().map { try number($1, YAMLInput.join(path, String($0))) }
    }
    let format = try r.string(req("format", "racktwin-compact-tray"), "format")
    guard format == "racktwin-compact-tray" else {
      throw r.fail("format", f["format"], expected: "racktwin-compact-tray")
    }
    guard let v = f["version"]?.scalar?.string, v == "1" else {
      throw r.fail("version", f["version"] ?? root, expected: "1", found: f["version"].map(YAMLInput.describe))
    }
    let coolant = try r.string(req("coolant", "a built-in coolant name"), "coolant", expected: "a coolant name")
    let flowsNode = try req("flows", "a list of at least 3 rising flows (m^3/s)")
    let flows = try numbers(flowsNode, "flows", count: nil)
    guard flows.count >= 3 else { throw r.fail("flows", flowsNode, expected: "at least 3 flows", found: "\(flows.count)") }
    for i in flows.indices where !(flows[i] > 0) || (i > 0 && !(flows[i] > flows[i - 1])) {
      throw r.fail("flows.\(i)", flowsNode, expected: "flows > 0 strictly rising", found: "\(flows[i])")
    }
    // Inputs.
    let inputsNode = try req("inputs", "a list of {name, unit, nominal}")
    var inputs: [String] = [], nominal: [Double] = []
    for (i, n) in try r.sequence(inputsNode, "inputs", expected: "a list of {name, unit, nominal}").enumerated() {
      let p = "inputs.\(i)"
      let g = try r.fields(n, p, allowed: ["name", "unit", "nominal"], what: "an input {name, unit, nominal}")
      let name = try r.string(r.required(g, "name", expected: "a name"), g.path("name"))
      let unit = try r.string(r.required(g, "unit", expected: "K or W"), g.path("unit"))
      let temperature = name == "inlet" || name == "air"
      guard unit == (temperature ? "K" : "W") else {
        throw r.fail(g.path("unit"), g["unit"], expected: temperature ? "K" : "W", found: "\"\(unit)\"")
      }
      guard !inputs.contains(name) else { throw r.fail(g.path("name"), g["name"], expected: "each input once") }
      inputs.append(name)
      if temperature {
        nominal.append(0)
      } else {
        let n = try r.required(g, "nominal", expected: "the power (W) of the 3-D case")
        nominal.append(try number(n, g.path("nominal")))
      }
    }
    for needed in ["inlet", "air"] where !inputs.contains(needed) {
      throw r.fail("inputs", inputsNode, expected: "an input named \(needed) (K)", found: "none")
    }
    // Outputs.
    let outputsNode = try req("outputs", "a list of {name, unit, component, limit}")
    var outputs: [Output] = []
    for (i, n) in try r.sequence(outputsNode, "outputs", expected: "a list of outputs").enumerated() {
      let p = "outputs.\(i)"
      let g = try r.fields(n, p, allowed: ["name", "unit", "component", "limit"], what: "an output {name, unit, …}")
      let name = try r.string(r.required(g, "name", expected: "a name"), g.path("name"))
      let unit = try r.string(r.required(g, "unit", expected: "K or W"), g.path("unit"))
      guard unit == "K" || unit == "W" else { throw r.fail(g.path("unit"), g["unit"], expected: "K or W") }
      guard !outputs.contains(where: { $0.name == name }) else {
        throw r.fail(g.path("name"), g["name"], expected: "each output once")
      }
      let component = try g["component"].map { try r.string($0, g.path("component")) }
      let limit = try g["limit"].map { try number($0, g.path("limit")) }
      outputs.append(Output(name: name, unit: unit, component: component, limit: limit))
    }
    for needed in ["heat_to_liquid", "heat_to_air"] where !outputs.contains(where: { $0.name == needed && $0.unit == "W" }) {
      throw r.fail("outputs", outputsNode, expected: "an output \(needed) (W)", found: "none")
    }
    // Coefficients and pressure drop.
    let cNode = try req("coefficients", "one outputs × inputs matrix per flow")
    let mats = try r.sequence(cNode, "coefficients", expected: "one outputs × inputs matrix per flow")
    guard mats.count == flows.count else {
      throw r.fail("coefficients", cNode, expected: "\(flows.count) matrices (one per flow)", found: "\(mats.count)")
    }
    var coefficients: [[[Double]]] = []
    for (k, m) in mats.enumerated() {
      let rows = try r.sequence(m, "coefficients.\(k)", expected: "a list of \(outputs.count) rows")
      guard rows.count == outputs.count else {
        throw r.fail("coefficients.\(k)", m, expected: "\(outputs.count) rows (one per output)", found: "\(rows.count)")
      }
      coefficients.append(try rows.enumerated().map { try numbers($1, "coefficients.\(k).\($0)", count: inputs.count) })
    }
    let dpNode = try req("pressureDrop", "a list of pressure drops (Pa), one per flow")
    let dp = try numbers(dpNode, "pressureDrop", count: flows.count)
    for (i, d) in dp.enumerated() where !(d > 0) {
      throw r.fail("pressureDrop.\(i)", dpNode, expected: "a pressure drop > 0 (Pa)", found: "\(d)")
    }
    var capacitance: [String: Double] = [:]
    if let n = f["capacitance"] {
      for e in try r.fields(n, "capacitance", allowed: nil, what: "a mapping of name to J/K").entries {
        capacitance[e.key] = try number(e.value, "capacitance.\(e.key)")
      }
    }
    // Provenance: informative, so each known key is taken when it reads and anything else inside is ignored.
    var source = Source()
    if let n = f["source"] {
      let g = try r.fields(n, "source", allowed: nil, what: "a provenance mapping {case, cells, built, racktwin}")
      func text(_ key: String) -> String? { g[key]?.scalar?.string }
      source = Source(caseFile: text("case") ?? "", cells: text("cells").flatMap { Int($0) } ?? 0,
                      built: text("built") ?? "", racktwin: text("racktwin") ?? "")
    }
    var hotspotCells: [[Int]] = []
    if let n = f["hotspotCells"] {
      let maxRows = outputs.filter { $0.name.hasSuffix(".max") }.count
      let rows = try r.sequence(n, "hotspotCells", expected: "one list of cells per flow")
      guard rows.count == flows.count else {
        throw r.fail("hotspotCells", n, expected: "\(flows.count) lists (one per flow)", found: "\(rows.count)")
      }
      for (k, row) in rows.enumerated() {
        let cells = try r.sequence(row, "hotspotCells.\(k)", expected: "a list of \(maxRows) cells")
        guard cells.count == maxRows else {
          throw r.fail("hotspotCells.\(k)", row, expected: "\(maxRows) cells (one per .max output)",
                       found: "\(cells.count)")
        }
        hotspotCells.append(try cells.enumerated().map { i, c in
          guard let v = c.scalar.flatMap({ Int($0.string) }), v >= 0 else {
            throw r.fail("hotspotCells.\(k).\(i)", c, expected: "a cell index ≥ 0")
          }
          return v
        })
      }
    }
    let tray = CompactTray(path: path, source: source, coolant: coolant, flows: flows, inputs: inputs,
                           nominal: nominal, outputs: outputs, coefficients: coefficients, pressureDrop: dp,
                           capacitance: capacitance, hotspotCells: hotspotCells)
    try tray.checkConsistency(r)
    return tray
  }

  /// The file's text (YAML, docs/file-formats.md "Compact tray models"), with `header` lines as comments at its top;
  /// numbers to 12 significant digits. `decode` reads it back.
  public func yaml(header: [String] = []) -> String {
    func num(_ v: Double) -> String { String(format: "%.12g", v) }
    func quoted(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
    var l = header.map { "# " + $0 }
    l.append("format: racktwin-compact-tray")
    l.append("version: 1")
    l.append("source:")
    l.append("  case: \(quoted(source.caseFile))")
    l.append("  cells: \(source.cells)")
    l.append("  built: \(quoted(source.built))")
    l.append("  racktwin: \(quoted(source.racktwin))")
    l.append("coolant: \(coolant)")
    l.append("flows: [" + flows.map(num).joined(separator: ", ") + "]")
    l.append("inputs:")
    for (name, p) in zip(inputs, nominal) {
      let temperature = name == "inlet" || name == "air"
      l.append("  - {name: \(name), unit: \(temperature ? "K" : "W")" + (temperature ? "" : ", nominal: \(num(p))") + "}")
    }
    l.append("outputs:")
    for o in outputs {
      l.append("  - {name: \(o.name), unit: \(o.unit)" + (o.component.map { ", component: \($0)" } ?? "")
                 + (o.limit.map { ", limit: \(num($0))" } ?? "") + "}")
    }
    l.append("coefficients:")
    for (f, m) in coefficients.enumerated() {
      l.append("  # flow \(num(flows[f])) m^3/s; columns: " + inputs.joined(separator: ", "))
      for (o, row) in m.enumerated() {
        l.append((o == 0 ? "  - - [" : "    - [") + row.map(num).joined(separator: ", ") + "]   # " + outputs[o].name)
      }
    }
    l.append("pressureDrop: [" + pressureDrop.map(num).joined(separator: ", ") + "]")
    // Each component in output order, then the coolant, then anything else by name.
    let order = components + ["coolant"]
    let names = order.filter { capacitance[$0] != nil } + capacitance.keys.filter { !order.contains($0) }.sorted()
    l.append("capacitance:" + (names.isEmpty ? " {}" : ""))
    for name in names { l.append("  \(name): \(num(capacitance[name]!))") }
    if !hotspotCells.isEmpty {
      l.append("hotspotCells: [" + hotspotCells.map { "[" + $0.map(String.init).joined(separator: ", ") + "]" }
                 .joined(separator: ", ") + "]")
    }
    return l.joined(separator: "\n") + "\n"
  }

  /// The superposition identities the contract states, to 1e-3: temperature rows shift with a uniform boundary
  /// shift (inlet + air = 1), and the heat rows conserve every power and carry opposite temperature coefficients.
  func checkConsistency(_ r: YAMLInput.Reader) throws {
    let (ci, ca) = (inletColumn, airColumn)
    let (l, a) = (heatToLiquidRow, heatToAirRow)
    for (k, m) in coefficients.enumerated() {
      for (o, out) in outputs.enumerated() where out.unit == "K" {
        let s = m[o][ci] + m[o][ca]
        guard abs(s - 1) <= 1e-3 else {
          throw r.fail("coefficients.\(k).\(o)", nil, expected: "output \(out.name): inlet + air coefficients = 1 "
                         + "(±1e-3; a uniform temperature shift)", found: String(format: "%.6g", s))
        }
      }
      for (c, name) in inputs.enumerated() {
        let (x, y) = (m[l][c], m[a][c])
        let temperature = c == ci || c == ca
        let ok = temperature ? abs(x + y) <= 1e-3 * max(abs(x), abs(y), 1e-9) : abs(x + y - 1) <= 1e-3
        guard ok else {
          throw r.fail("coefficients.\(k)", nil, expected: "input \(name): heat_to_liquid + heat_to_air coefficients "
                         + (temperature ? "= 0 (opposite)" : "= 1 (energy conserved)") + " within 1e-3",
                       found: String(format: "%.6g + %.6g", x, y))
        }
      }
    }
  }
}
