import Foundation
import RackTwinIO
import RackTwinRisk
import RackTwinThermal
import Yams

extension CaseDecoder {
  static let uncertaintyKeys = ["samples", "seed", "confidence", "hottestCells", "inputs"]
  static let uncertainInputKeys = ["key", "normal", "uniform", "truncatedNormal"]
  static let distributionKeys: [String: [String]] = [
    "normal": ["sd", "mean"], "uniform": ["lower", "upper"], "truncatedNormal": ["sd", "lower", "upper", "mean"],
  ]
  /// More samples than this is a typo, not a study (1e7 samples of a few inputs take about ten seconds; they
  /// resolve probabilities near 1e-5, and β ranks what lies below).
  static let maximumSamples = 10_000_000
  static let uncertainKeyForms = "components.NAME.power, boundaries.PATCH.value (a temperature boundary), "
    + "boundaries.PATCH.ambient (convection) or interfaces.INDEX.resistance, NAME, PATCH and INDEX may hold *"

  /// The `uncertainty:` section, its key patterns expanded against the case's own entries (decoded before it).
  static func uncertainty(_ node: Node, doc: CaseDocument, _ r: Reader) throws -> CaseDocument.UncertaintySpec {
    let f = try r.fields(node, "uncertainty", allowed: uncertaintyKeys)
    var u = CaseDocument.UncertaintySpec()
    u.line = node.mark?.line
    try requireLinearCase(doc, section: node, r)
    if let n = f["samples"] {
      u.samples = try r.integer(n, f.path("samples"), atLeast: 1)
      guard u.samples <= maximumSamples else {
        throw r.fail(f.path("samples"), n, expected: "at most \(maximumSamples) samples")
      }
    }
    if let n = f["seed"] { u.seed = UInt64(try r.integer(n, f.path("seed"), atLeast: 0)) }
    if let n = f["confidence"] {
      let c = try r.quantity(n, f.path("confidence"), .dimensionless)
      guard c > 0, c < 1 else { throw r.fail(f.path("confidence"), n, expected: "a confidence in (0, 1), e.g. 0.95") }
      u.confidence = c
    }
    if let n = f["hottestCells"] { u.hottestCells = try r.integer(n, f.path("hottestCells"), atLeast: 1) }
    let expected = "a list of {key: …, normal|uniform|truncatedNormal: {…}}"
    let items = try r.sequence(r.required(f, "inputs", expected: expected), f.path("inputs"), expected: expected)
    guard !items.isEmpty else { throw r.fail(f.path("inputs"), f["inputs"], expected: "at least one input") }
    for (i, item) in items.enumerated() {
      let added = try uncertainInputs(item, join(f.path("inputs"), String(i)), doc: doc, r)
      for a in added where u.inputs.contains(where: { $0.key == a.key }) {
        throw r.fail(join(f.path("inputs"), String(i)), item, expected: "each key in one input only (inputs are independent)",
                     found: "\(a.key) a second time")
      }
      u.inputs += added
    }
    return u
  }

  /// Superposition holds only for a steady case on a mesh with constant properties and no leakage or radiation.
  static func requireLinearCase(_ doc: CaseDocument, section: Node, _ r: Reader) throws {
    func refuse(_ what: String, _ key: String) -> CaseError {
      r.fail("uncertainty", section,
             expected: "a linear steady case on a mesh (superposition holds only with constant properties, fixed flow, "
               + "and no leakage, radiation or k(T); docs/risk.md)",
             found: "\(what) at \(key)")
    }
    if doc.meshPath == nil {
      // A network with compact trays: linear in the powers, finite differences of whole solves for the rest.
      if let n = doc.network, !n.trays.isEmpty, doc.transient == nil { return }
      throw refuse("a network alone (no mesh) without compact trays", "network")
    }
    if doc.transient != nil { throw refuse("a transient run", "transient") }
    for m in doc.materials {
      if case .law? = m.conductivity { throw refuse("k(T)", "materials.\(m.name).conductivity") }
    }
    for c in doc.components where c.leakage != nil { throw refuse("leakage power", "components.\(c.name).power") }
    for b in doc.boundaries {
      if case .radiation = b.condition { throw refuse("radiation", "boundaries.\(b.patch)") }
    }
  }

  /// One entry of `inputs`: its key pattern matched against the case, one input per match.
  static func uncertainInputs(_ node: Node, _ path: String, doc: CaseDocument, _ r: Reader) throws
    -> [CaseDocument.UncertainInputSpec] {
    let f = try r.fields(node, path, allowed: uncertainInputKeys, what: "a mapping {key, and one distribution}")
    let keyNode = try r.required(f, "key", expected: "a case key path such as components.gpu*.power")
    let key = try r.string(keyNode, f.path("key"), expected: "a case key path such as components.gpu*.power")
    let kinds = f.entries.map { $0.key }.filter { $0 != "key" }
    guard kinds.count == 1 else {
      throw r.fail(path, node, expected: "exactly one distribution: normal, uniform or truncatedNormal",
                   found: kinds.isEmpty ? "none" : kinds.joined(separator: " and "))
    }
    let segments = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    func unsupported(_ why: String? = nil) -> CaseError {
      r.fail(f.path("key"), keyNode, expected: why ?? "a key of the form \(uncertainKeyForms)", found: "\"\(key)\"")
    }
    if doc.meshPath == nil, let net = doc.network, !net.trays.isEmpty {
      return try distributions(f, node, path, key: key, matches: networkMatches(segments, net, unsupported), r)
    }
    if segments.first == "network" || segments.first == "coldPlates" || segments.last?.lowercased().contains("flow") == true {
      throw unsupported("a flow input only with a flow-dependent device coupled to the mesh (cold plates, issue 14: "
                          + "not yet; this case has none, and the network is not coupled to the mesh)")
    }
    guard segments.count == 3, !segments[1].isEmpty else { throw unsupported() }
    let pattern = segments[1]
    typealias Match = UncertainMatch
    var matches: [Match] = []
    switch (segments[0], segments[2]) {
    case ("components", "power"):
      for c in doc.components where YAMLOverrides.matches(pattern, c.name) {
        matches.append(Match(key: "components.\(c.name).power", target: .componentPower(component: c.name),
                             nominal: c.power, kind: .power, percentAllowed: true))
      }
    case ("boundaries", "value"), ("boundaries", "ambient"):
      for b in doc.boundaries where YAMLOverrides.matches(pattern, b.patch) {
        let field = segments[2]
        let value: VaryingValue
        switch (b.condition, field) {
        case (.temperature(let t), "value"): value = t
        case (.convection(_, let t), "ambient"): value = t
        default:
          // A pattern may pass over boundaries without the field (`*.ambient` over fixed temperatures); a name may not.
          if pattern.contains("*") { continue }
          throw unsupported("boundaries.\(b.patch).\(field) of a "
                              + (field == "value" ? "temperature boundary" : "convection boundary")
                              + " (a boundary temperature or ambient: the supply)")
        }
        matches.append(Match(key: "boundaries.\(b.patch).\(field)", target: .boundaryTemperature(patch: b.patch),
                             nominal: constantValue(value) ?? 0, kind: .temperatureDifference, percentAllowed: false))
      }
    case ("interfaces", "resistance"):
      for (i, itf) in doc.interfaces.enumerated() where pattern == "*" || pattern == String(i) {
        matches.append(Match(key: "interfaces.\(i).resistance", target: .interfaceResistance(index: i),
                             nominal: itf.resistance, kind: .contactResistance, percentAllowed: true))
      }
    default:
      throw unsupported()
    }
    guard !matches.isEmpty else {
      throw unsupported("a key matching at least one entry of the case's \(segments[0]) section")
    }
    return try distributions(f, node, path, key: key, matches: matches, r)
  }

  struct UncertainMatch {
    var key: String
    var target: CaseDocument.UncertainInputSpec.Target
    var nominal: Double
    var kind: QuantityKind
    var percentAllowed: Bool
  }

  static let networkUncertainKeyForms = "trays.COMPONENT.power (every compact tray's component), "
    + "network.elements.NAME.supplyTemperature (an exchanger) or network.elements.NAME.flow (a fixed-flow pump); "
    + "COMPONENT and NAME may hold *"

  /// The inputs a network with compact trays matches.
  static func networkMatches(_ segments: [String], _ net: CaseDocument.NetworkSpec,
                             _ unsupported: (String?) -> CaseError) throws -> [UncertainMatch] {
    var matches: [UncertainMatch] = []
    if segments.count == 3, segments[0] == "trays", segments[2] == "power" {
      for t in net.trays {
        for (i, c) in t.model.powerInputs.enumerated() where YAMLOverrides.matches(segments[1], c) {
          matches.append(UncertainMatch(key: "trays.\(t.element).\(c).power",
                                        target: .trayPower(element: t.element, component: c), nominal: t.powers[i],
                                        kind: .power, percentAllowed: true))
        }
      }
    } else if segments.count == 4, segments[0] == "network", segments[1] == "elements",
              ["supplyTemperature", "flow"].contains(segments[3]) {
      for e in net.network.elements where YAMLOverrides.matches(segments[2], e.name) {
        if segments[3] == "supplyTemperature", let t = e.outletTemperature {
          matches.append(UncertainMatch(key: "network.elements.\(e.name).supplyTemperature",
                                        target: .networkValue(element: e.name, field: "supplyTemperature"),
                                        nominal: t, kind: .temperatureDifference, percentAllowed: false))
        } else if segments[3] == "flow", case let .pump(p) = e.kind, case let .fixedFlow(q) = p.curve {
          matches.append(UncertainMatch(key: "network.elements.\(e.name).flow",
                                        target: .networkValue(element: e.name, field: "flow"), nominal: q,
                                        kind: .volumeFlow, percentAllowed: true))
        } else if !segments[2].contains("*") {
          throw unsupported("network.elements.\(e.name).\(segments[3]) of "
                              + (segments[3] == "flow" ? "a pump with a fixed flow" : "an exchanger"))
        }
      }
    } else {
      throw unsupported("a key of the form " + networkUncertainKeyForms)
    }
    guard !matches.isEmpty else { throw unsupported("a key matching at least one tray component or element") }
    return matches
  }

  /// The distribution of one `inputs` entry, applied to each of its matches.
  static func distributions(_ f: Fields, _ node: Node, _ path: String, key: String, matches: [UncertainMatch],
                            _ r: Reader) throws -> [CaseDocument.UncertainInputSpec] {
    let kinds = f.entries.map { $0.key }.filter { $0 != "key" }
    let kind = kinds[0]
    let dPath = f.path(kind)
    let dNode = f[kind]!
    let d = try r.fields(dNode, dPath, allowed: distributionKeys[kind]!, what: "a mapping of the distribution's parameters")
    return try matches.map { m -> CaseDocument.UncertainInputSpec in
      // An offset or standard deviation: a quantity of the input's kind, or a percentage of the case value.
      func amount(_ name: String, required: Bool, positive: Bool = false) throws -> Double? {
        guard let n = d[name], n.null == nil else {
          if required { throw r.fail(join(dPath, name), d[name] ?? dNode, expected: "\(m.kind.expected) or a percentage",
                                     found: "no \"\(name)\" key") }
          return nil
        }
        let p = join(dPath, name)
        var v: Double
        if let s = n.scalar?.string.trimmingCharacters(in: .whitespaces), s.hasSuffix("%") {
          guard m.percentAllowed else {
            throw r.fail(p, n, expected: "a temperature difference (K; a percentage of an absolute temperature has no meaning)")
          }
          let number = String(s.dropLast()).trimmingCharacters(in: .whitespaces)
          v = try parseQuantity(number, as: .dimensionless, key: p, file: r.file, line: n.mark?.line) / 100 * m.nominal
        } else {
          v = try r.quantity(n, p, m.kind)
        }
        if positive && !(v > 0) {
          throw r.fail(p, n, expected: "a standard deviation > 0 (\(m.kind.siUnit))",
                       found: "\(describe(n)) (\(v) \(m.kind.siUnit) for \(m.key))")
        }
        return v
      }
      let x0 = m.nominal
      let dist: Distribution
      switch kind {
      case "normal":
        dist = .normal(mean: x0 + (try amount("mean", required: false) ?? 0),
                       standardDeviation: try amount("sd", required: true, positive: true)!)
      case "uniform":
        dist = .uniform(lower: x0 + (try amount("lower", required: true)!), upper: x0 + (try amount("upper", required: true)!))
      default:
        let lower = try amount("lower", required: false), upper = try amount("upper", required: false)
        guard lower != nil || upper != nil else {
          throw r.fail(dPath, dNode, expected: "a lower or an upper bound (or both; without either it is normal)",
                       found: "neither")
        }
        dist = .truncatedNormal(mean: x0 + (try amount("mean", required: false) ?? 0),
                                standardDeviation: try amount("sd", required: true, positive: true)!,
                                lower: lower.map { x0 + $0 } ?? -.infinity, upper: upper.map { x0 + $0 } ?? .infinity)
      }
      if let why = dist.invalidReason {
        let parts = why.components(separatedBy: ", found ")
        throw r.fail(dPath, dNode, expected: parts[0], found: "\(parts.dropFirst().joined(separator: ", ")) for \(m.key)")
      }
      var spec = CaseDocument.UncertainInputSpec(key: m.key, target: m.target, nominal: x0, distribution: dist,
                                                 line: node.mark?.line)
      spec.entry = path
      return spec
    }
  }
}

/// A boundary value's constant, if it is one (expressions and tables have none: their input is a shift from 0).
func constantValue(_ v: VaryingValue) -> Double? {
  if case .constant(let c) = v.storage { return c }
  return nil
}
