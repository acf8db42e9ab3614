import Foundation

/// A flow-parametrised compact thermal model of a tray (`docs/file-formats.md`, "Compact tray models"): at each listed
/// tray flow, every output (each component's hottest-cell and mean temperature, the heat to liquid and to air) is a
/// linear combination of the inputs (coolant inlet temperature, air temperature, each component's power), with no
/// constant term. Written by `CompactTrayBuilder` (`racktwin compact build`); the network element `compactTray` reads
/// the same file.
public struct CompactTrayModel: Sendable, Equatable {
  /// An input: `inlet` and `air` (K) or a component's power (W, with its nominal value).
  public struct Input: Sendable, Equatable {
    public var name: String
    public var unit: String
    public var nominal: Double?
  }
  /// An output: `COMPONENT.max`, `COMPONENT.mean` (K, with the component's limit if it has one), `heat_to_liquid`,
  /// `heat_to_air` (W).
  public struct Output: Sendable, Equatable {
    public var name: String
    public var unit: String
    public var component: String?
    public var limit: Double?
  }

  /// The case the model was built from, as the file names it (relative to the file's folder when possible).
  public var sourceCase: String
  public var cells: Int
  public var built: String
  public var version: String
  public var coolant: String
  /// Tray coolant flows, m³/s, increasing.
  public var flows: [Double]
  public var inputs: [Input]
  public var outputs: [Output]
  /// coefficients[f][o][i].
  public var coefficients: [[[Double]]]
  /// Pa, per flow.
  public var pressureDrop: [Double]
  /// J/K, in order: each component, then `coolant`.
  public var capacitance: [(name: String, value: Double)]
  /// Per flow, the file-order mesh cell of each `.max` output.
  public var hotspotCells: [[Int]]

  public static func == (a: CompactTrayModel, b: CompactTrayModel) -> Bool {
    a.flows == b.flows && a.inputs == b.inputs && a.outputs == b.outputs && a.coefficients == b.coefficients
      && a.pressureDrop == b.pressureDrop && a.capacitance.map(\.name) == b.capacitance.map(\.name)
      && a.capacitance.map(\.value) == b.capacitance.map(\.value) && a.hotspotCells == b.hotspotCells
  }

  /// Index of the named input or output.
  public func inputIndex(_ name: String) -> Int? { inputs.firstIndex { $0.name == name } }
  public func outputIndex(_ name: String) -> Int? { outputs.firstIndex { $0.name == name } }

  /// The coefficient matrix at tray flow `q` (m³/s): piecewise linear in 1/Q between the listed flows, extrapolated
  /// the same way outside them (`extrapolated` says so).
  public func coefficients(atFlow q: Double) -> (matrix: [[Double]], extrapolated: Bool) {
    let x = 1 / q
    let xs = flows.map { 1 / $0 }  // decreasing
    // Segment [j, j+1] with xs[j] ≥ x ≥ xs[j+1]; the end segments outside.
    var j = 0
    while j < flows.count - 2 && x < xs[j + 1] { j += 1 }
    let w = (x - xs[j]) / (xs[j + 1] - xs[j])
    let a = coefficients[j], b = coefficients[j + 1]
    let m = a.indices.map { o in a[o].indices.map { i in a[o][i] + w * (b[o][i] - a[o][i]) } }
    return (m, q < flows.first! || q > flows.last!)
  }

  /// The outputs at tray flow `q` for the inputs `x` (in `inputs` order, SI).
  public func evaluate(flow q: Double, inputs x: [Double]) -> [Double] {
    precondition(x.count == inputs.count, "\(x.count) values for \(inputs.count) inputs")
    return coefficients(atFlow: q).matrix.map { row in zip(row, x).reduce(0) { $0 + $1.0 * $1.1 } }
  }

  /// The nominal inputs: `inlet` and `air` as given, each power at its nominal value.
  public func nominalInputs(inlet: Double, air: Double) -> [Double] {
    inputs.map { $0.name == "inlet" ? inlet : $0.name == "air" ? air : $0.nominal ?? 0 }
  }

  /// The file's text (YAML, `docs/file-formats.md`), with `header` lines as comments at its top.
  public func yaml(header: [String] = []) -> String {
    func num(_ v: Double) -> String { String(format: "%.12g", v) }
    func quoted(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
    var l = header.map { "# " + $0 }
    l.append("format: racktwin-compact-tray")
    l.append("version: 1")
    l.append("source:")
    l.append("  case: \(quoted(sourceCase))")
    l.append("  cells: \(cells)")
    l.append("  built: \(quoted(built))")
    l.append("  racktwin: \(quoted(version))")
    l.append("coolant: \(coolant)")
    l.append("flows: [" + flows.map(num).joined(separator: ", ") + "]")
    l.append("inputs:")
    for i in inputs {
      l.append("  - {name: \(i.name), unit: \(i.unit)" + (i.nominal.map { ", nominal: \(num($0))" } ?? "") + "}")
    }
    l.append("outputs:")
    for o in outputs {
      l.append("  - {name: \(o.name), unit: \(o.unit)" + (o.component.map { ", component: \($0)" } ?? "")
                 + (o.limit.map { ", limit: \(num($0))" } ?? "") + "}")
    }
    l.append("coefficients:")
    for (f, m) in coefficients.enumerated() {
      l.append("  # flow \(num(flows[f])) m^3/s; columns: " + inputs.map(\.name).joined(separator: ", "))
      for (o, row) in m.enumerated() {
        l.append((o == 0 ? "  - - [" : "    - [") + row.map(num).joined(separator: ", ") + "]   # " + outputs[o].name)
      }
    }
    l.append("pressureDrop: [" + pressureDrop.map(num).joined(separator: ", ") + "]")
    l.append("capacitance:")
    for c in capacitance { l.append("  \(c.name): \(num(c.value))") }
    l.append("hotspotCells: [" + hotspotCells.map { "[" + $0.map(String.init).joined(separator: ", ") + "]" }
               .joined(separator: ", ") + "]")
    return l.joined(separator: "\n") + "\n"
  }
}
