import Foundation
import Yams

/// Reads a validation case's `reference.yaml` (`docs/validation.md`) into a `ValidationReference`.
///
/// As strict as the case decoder: unknown keys are errors with the nearest known key, values carry units
/// (`"416.48 degF"`), and every error is a `CaseError` naming the file, key path and line.
public enum ValidationReferenceDecoder {
  static let topKeys = ["title", "case", "device", "channel", "mesh", "convergence", "heavy", "heavyCommand", "quantities"]
  static let selectorKeys = ["probe", "metric", "component", "patchMean", "patchHeat", "coldPlate", "correlation", "channel"]
  static let quantityKeys = ["name"] + selectorKeys
    + ["reference", "kind", "source", "tolerance", "why", "gold", "goldTolerance", "order"]
  static let toleranceKeys = ["absolute", "relative"]
  static let orderKeys = ["expected", "tolerance"]
  static let convergenceKeys = ["levels", "ratio", "refine", "axes"]

  /// Reads and decodes the reference file at `path`.
  public static func decode(contentsOf path: String) throws -> ValidationReference {
    try decode(text: YAMLInput.readText(path), path: path)
  }

  /// Decodes reference-file text; `path` names it in errors and anchors the relative `case` and `mesh` paths.
  public static func decode(text: String, path: String) throws -> ValidationReference {
    typealias R = YAMLInput
    let r = YAMLInput.Reader(file: path)
    let top = try r.fields(r.compose(text), "", allowed: topKeys, what: "a mapping with case, quantities, …")
    // A case solves a case file (`case:`); a device case evaluates a device file without a mesh (`device:`); a
    // channel case runs the straight-channel solves of a channel file (`channel:`).
    let device = try top["device"].map { try r.string($0, "device", expected: "a device file path") }
    let channel = try top["channel"].map { try r.string($0, "channel", expected: "a channel file path") }
    let kinds = ["case", "device", "channel"].filter { top[$0] != nil }
    guard kinds.count == 1 else {
      throw r.fail("case", top.node, expected: "exactly one of [case, device, channel]",
                   found: kinds.isEmpty ? "neither" : "both of " + kinds.joined(separator: " and "))
    }
    let caseFile = try top["case"].map { try r.string($0, "case", expected: "a case file path") } ?? ""
    let mesh = try top["mesh"].map { try r.string($0, "mesh", expected: "a mesh-generator spec path") }
    let title = try top["title"].map { try r.string($0, "title", expected: "a one-line title") } ?? ""
    var convergence: ValidationReference.Convergence?
    if let n = top["convergence"] {
      let f = try r.fields(n, "convergence", allowed: convergenceKeys)
      let levels = try r.integer(r.required(f, "levels", expected: "an integer ≥ 2"), f.path("levels"), atLeast: 2)
      let ratio = try f["ratio"].map { try r.integer($0, f.path("ratio"), atLeast: 2) } ?? 2
      let refine = try f["refine"].map { try r.choice($0, f.path("refine"), ValidationReference.Refinement.allCases) }
        ?? .mesh
      var axes = [0, 1, 2]
      if let n = f["axes"] {
        let names = try r.sequence(n, f.path("axes"), expected: "a list of axes among [x, y, z]")
          .map { try r.string($0, f.path("axes"), expected: "x, y or z") }
        guard !names.isEmpty, names.allSatisfy({ ["x", "y", "z"].contains($0) }), Set(names).count == names.count else {
          throw r.fail(f.path("axes"), n, expected: "a non-empty list of distinct axes among [x, y, z]")
        }
        axes = ["x", "y", "z"].indices.filter { names.contains(["x", "y", "z"][$0]) }
      }
      convergence = .init(levels: levels, ratio: Double(ratio), refine: refine, axes: axes)
    }
    let heavy = try top["heavy"].map { try boolean($0, "heavy", r) } ?? false
    let heavyCommand = try top["heavyCommand"].map { try r.string($0, "heavyCommand", expected: "a shell command") }
    let items = try r.sequence(r.required(top, "quantities", expected: "a list of checked quantities"), "quantities",
                               expected: "a list of checked quantities")
    guard !items.isEmpty else { throw r.fail("quantities", top["quantities"], expected: "at least one quantity") }
    var quantities: [ValidationReference.Quantity] = []
    for (i, item) in items.enumerated() {
      let q = try quantity(item, "quantities.\(i)", r)
      if q.order != nil && convergence == nil {
        throw r.fail("quantities.\(i).order", item, expected: "a top-level convergence section for an order check",
                     found: "no \"convergence\" key")
      }
      if quantities.contains(where: { $0.name == q.name }) {
        throw r.fail("quantities.\(i).name", item, expected: "a name used once", found: "\"\(q.name)\" again")
      }
      quantities.append(q)
    }
    let directory = ((path as NSString).deletingLastPathComponent as NSString).lastPathComponent
    return ValidationReference(
      path: path, name: directory.isEmpty ? path : directory, title: title,
      casePath: caseFile.isEmpty ? "" : R.resolve(caseFile, relativeTo: path),
      devicePath: device.map { R.resolve($0, relativeTo: path) },
      channelPath: channel.map { R.resolve($0, relativeTo: path) },
      meshSpecPath: mesh.map { R.resolve($0, relativeTo: path) },
      convergence: convergence, heavy: heavy, heavyCommand: heavyCommand, quantities: quantities)
  }

  static func boolean(_ node: Node, _ path: String, _ r: YAMLInput.Reader) throws -> Bool {
    switch node.scalar?.string {
    case "true": return true
    case "false": return false
    default: throw r.fail(path, node, expected: "true or false")
    }
  }

  static func quantity(_ node: Node, _ path: String, _ r: YAMLInput.Reader) throws -> ValidationReference.Quantity {
    let f = try r.fields(node, path, allowed: quantityKeys, what: "a mapping {name, probe|metric|…, reference, …}")
    _ = try r.string(r.required(f, "name", expected: "a quantity name"), f.path("name"))
    let given = selectorKeys.filter { f[$0] != nil }
    guard given.count == 1 else {
      throw r.fail(path, node, expected: "exactly one of [\(selectorKeys.joined(separator: ", "))]",
                   found: given.isEmpty ? "none" : given.joined(separator: " and "))
    }
    let key = given[0]
    let selector: ValidationReference.Selector
    if key == "coldPlate" {
      let c = try r.fields(f[key]!, f.path(key), allowed: ["curve", "flow"], what: "a mapping {curve, flow}")
      let curve = try r.string(r.required(c, "curve", expected: "a curve of the device file"), c.path("curve"))
      let flow = try r.positive(r.required(c, "flow", expected: "a volume flow"), c.path("flow"), .volumeFlow)
      selector = .coldPlate(curve: curve, volumeFlow: flow)
      return try rest(f, path, selector, r)
    }
    if key == "correlation" {
      let c = try r.fields(f[key]!, f.path(key), allowed: ["name", "kind"], what: "a mapping {name, kind}")
      let name = try r.string(r.required(c, "name", expected: "an evaluation of the device file"), c.path("name"))
      let kind = try c["kind"].map { try r.choice($0, c.path("kind"), QuantityKind.allCases) } ?? .dimensionless
      return try rest(f, path, .correlation(name: name, kind: kind), r)
    }
    if key == "channel" {
      let c = try r.fields(f[key]!, f.path(key), allowed: ["run", "value"], what: "a mapping {run, value}")
      let run = try r.string(r.required(c, "run", expected: "a run of the channel file"), c.path("run"))
      let value = try r.string(r.required(c, "value", expected: "fRe or nusselt"), c.path("value"))
      guard ["fRe", "nusselt"].contains(value) else {
        throw r.fail(c.path("value"), c["value"], expected: "one of [fRe, nusselt]")
      }
      return try rest(f, path, .channel(run: run, value: value), r)
    }
    let value = try r.string(f[key]!, f.path(key))
    switch key {
    case "probe": selector = .probe(value)
    case "metric": selector = .metric(try r.choice(f[key]!, f.path(key), ValidationReference.Metric.allCases))
    case "component":
      let parts = value.split(separator: "/", maxSplits: 1).map(String.init)
      let fields = ValidationReference.ComponentField.allCases.map(\.rawValue)
      guard parts.count == 2, let field = ValidationReference.ComponentField(rawValue: parts[1]) else {
        let suggestion = parts.count == 2 ? NearestKey.suggestion(for: parts[1], among: fields) : nil
        throw r.fail(f.path(key), f[key], expected: "NAME/FIELD with FIELD "
                       + NearestKey.expectedOneOf(fields, suggestion: suggestion), suggestion: suggestion)
      }
      selector = .component(parts[0], field)
    case "patchMean": selector = .patchMean(value)
    default: selector = .patchHeat(value)
    }
    return try rest(f, path, selector, r)
  }

  /// The keys of a quantity after its selector.
  static func rest(_ f: YAMLInput.Fields, _ path: String, _ selector: ValidationReference.Selector,
                   _ r: YAMLInput.Reader) throws -> ValidationReference.Quantity {
    let name = try r.string(r.required(f, "name", expected: "a quantity name"), f.path("name"))
    let qkind = selector.quantityKind
    let refNode = try r.required(f, "reference", expected: "the reference value (\(qkind.expected))")
    let reference = try r.quantity(refNode, f.path("reference"), qkind)
    let kind = try r.choice(r.required(f, "kind", expected: "the kind of reference"), f.path("kind"),
                            ValidationReference.Kind.allCases)
    let source = try r.string(r.required(f, "source", expected: "the source of the reference value"), f.path("source"),
                              expected: "the source of the reference value")
    let tol = try tolerance(r.required(f, "tolerance", expected: "a mapping {absolute: …} or {relative: …}"),
                                  f.path("tolerance"), qkind, r)
    let why = try r.string(r.required(f, "why", expected: "why the tolerance is what it is"), f.path("why"),
                           expected: "why the tolerance is what it is")
    let gold = try f["gold"].map { try r.quantity($0, f.path("gold"), qkind) }
    let defaultGold: ValidationReference.Tolerance = qkind == .temperature ? .absolute(1e-6, text: "1e-6 K")
      : qkind == .dimensionless ? .absolute(1e-12, text: "1e-12") : .relative(1e-8)
    let goldTolerance = try f["goldTolerance"].map { try tolerance($0, f.path("goldTolerance"), qkind, r) } ?? defaultGold
    var order: ValidationReference.Order?
    if let n = f["order"] {
      let o = try r.fields(n, f.path("order"), allowed: orderKeys)
      let expected = try r.positive(r.required(o, "expected", expected: "the expected order"), o.path("expected"), .dimensionless)
      let orderTol = try r.positive(r.required(o, "tolerance", expected: "the allowed deviation of the observed order"),
                               o.path("tolerance"), .dimensionless)
      order = .init(expected: expected, tolerance: orderTol)
    }
    return .init(name: name, selector: selector, reference: reference, referenceText: refNode.scalar?.string ?? "",
                 kind: kind, source: source, tolerance: tol, why: why, gold: gold, goldTolerance: goldTolerance,
                 order: order)
  }

  static func tolerance(_ node: Node, _ path: String, _ kind: QuantityKind, _ r: YAMLInput.Reader) throws
    -> ValidationReference.Tolerance {
    let f = try r.fields(node, path, allowed: toleranceKeys, what: "a mapping {absolute: …} or {relative: …}")
    guard f.entries.count == 1 else {
      throw r.fail(path, node, expected: "exactly one of [absolute, relative]",
                   found: f.entries.isEmpty ? "none" : "both")
    }
    if let n = f["relative"] {
      guard kind != .temperature else {
        throw r.fail(f.path("relative"), n, expected: "an absolute tolerance for a temperature (e.g. absolute: \"0.1 K\")",
                     found: "a relative tolerance")
      }
      return .relative(try r.positive(n, f.path("relative"), .dimensionless))
    }
    let n = f["absolute"]!
    let absKind: QuantityKind = kind == .temperature ? .temperatureDifference : kind
    return .absolute(try r.positive(n, f.path("absolute"), absKind), text: n.scalar?.string ?? "")
  }
}
