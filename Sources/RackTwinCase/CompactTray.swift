import Foundation
import RackTwinCooling
import RackTwinIO
import Yams

/// A compute tray's compact thermal model (`racktwin-compact-tray` v1, docs/file-formats.md "Compact tray models"):
/// at a fixed tray flow every output is linear in the inputs (inlet and air temperature, component powers), the
/// coefficients and the pressure drop tabulated at a few flows.
///
/// Built from 3-D solves of the detailed tray by superposition (`racktwin compact build`); between its flows the
/// coefficients are interpolated linearly in 1/Q (a convective conductance varies roughly as a power of Q, and the
/// resistance 1/(ṁc_p) of the coolant's own rise is exactly linear in 1/Q), the pressure drop in log Q–log ΔP.
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
  }

  /// The file it was read from (for errors and provenance).
  public var path: String
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

  /// Column of the inlet and air temperatures, and of each power (component name → column).
  public var inletColumn: Int { inputs.firstIndex(of: "inlet")! }
  public var airColumn: Int { inputs.firstIndex(of: "air")! }
  public var powerInputs: [String] { inputs.filter { $0 != "inlet" && $0 != "air" } }
  public var heatToLiquidRow: Int { outputs.firstIndex { $0.name == "heat_to_liquid" }! }
  public var heatToAirRow: Int { outputs.firstIndex { $0.name == "heat_to_air" }! }
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

  public init(path: String, coolant: String, flows: [Double], inputs: [String], nominal: [Double],
              outputs: [Output], coefficients: [[[Double]]], pressureDrop: [Double],
              capacitance: [String: Double] = [:]) {
    self.path = path
    self.coolant = coolant
    self.flows = flows
    self.inputs = inputs
    self.nominal = nominal
    self.outputs = outputs
    self.coefficients = coefficients
    self.pressureDrop = pressureDrop
    self.capacitance = capacitance
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
    let tray = CompactTray(path: path, coolant: coolant, flows: flows, inputs: inputs, nominal: nominal,
                           outputs: outputs, coefficients: coefficients, pressureDrop: dp, capacitance: capacitance)
    try tray.checkConsistency(r)
    return tray
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
