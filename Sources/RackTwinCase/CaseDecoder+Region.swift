import RackTwinCooling
import RackTwinIO
import Yams

/// Network elements of `type: region` and `network.coupling` (`docs/case-format.md`, 3-D fluid regions in the loop).
extension CaseDecoder {
  static let regionElementKeys = ["type", "from", "to", "region", "inlet", "outlet", "model", "hydraulicDiameter",
                                  "shape", "permeability", "inertia", "porosity", "scheme"]
  static let couplingKeys = ["tolerance", "maxIterations"]

  /// Whether an element mapping is `type: region`.
  static func isRegionElement(_ node: Node) -> Bool {
    node.mapping?[Node("type")]?.scalar?.string == "region"
  }

  /// The `region` key of a region element or a fin cold plate: one mesh region name, or a non-empty list of
  /// distinct names.
  static func regionNames(_ f: YAMLInput.Fields, expected: String, _ r: Reader) throws -> [String] {
    let node = try r.required(f, "region", expected: expected)
    guard case .sequence(let items) = node else { return [try r.string(node, f.path("region"), expected: expected)] }
    let names = try items.enumerated().map { i, n in
      try r.string(n, join(f.path("region"), String(i)), expected: "a mesh region name")
    }
    guard !names.isEmpty else { throw r.fail(f.path("region"), node, expected: expected, found: "[]") }
    guard Set(names).count == names.count else {
      throw r.fail(f.path("region"), node, expected: "each region named once", found: describe(node))
    }
    return names
  }

  /// A `type: region` element: its ends (a placeholder law the coupled run replaces) and its region spec.
  static func regionElement(_ node: Node, name: String, path: String, line: Int?, _ r: Reader) throws
    -> (ElementBody, CaseDocument.RegionElementSpec) {
    let f = try r.fields(node, path, allowed: regionElementKeys, what: "a region element {type: region, from, to, …}")
    func req(_ key: String, _ expected: String) throws -> Node { try r.required(f, key, expected: expected) }
    var body = ElementBody(type: "region", kind: .component(GenericComponent(linear: 0, coefficient: 0, exponent: 2)))
    body.from = try r.string(req("from", "a node name"), f.path("from"), expected: "a node name")
    body.to = try r.string(req("to", "a node name"), f.path("to"), expected: "a node name")
    if body.from == body.to {
      throw r.fail(f.path("to"), f["to"], expected: "a node other than from (\(body.from!))",
                   found: "the same node \"\(body.to!)\"")
    }
    let regionExpected = "a mesh region name, or a list of them (kind fluid or porous)"
    let regions = try regionNames(f, expected: regionExpected, r)
    let inlet = try r.string(req("inlet", "a boundary patch name"), f.path("inlet"), expected: "a boundary patch name")
    let outlet = try r.string(req("outlet", "a boundary patch name"), f.path("outlet"), expected: "a boundary patch name")
    if inlet == outlet {
      throw r.fail(f.path("outlet"), f["outlet"], expected: "a patch other than the inlet (\(inlet))",
                   found: "the same patch \"\(outlet)\"")
    }
    var spec = CaseDocument.RegionElementSpec(element: name, regions: regions, inlet: inlet, outlet: outlet,
                                              origin: CaseDocument.Origin(keyPath: path, line: line))
    if let n = f["model"] { spec.model = try r.choice(n, f.path("model"), CaseDocument.RegionElementSpec.Model.allCases) }
    if let n = f["scheme"] { spec.scheme = try r.choice(n, f.path("scheme"), AdvectionTerm.Scheme.allCases) }
    if let n = f["shape"] { spec.shape = try shape(n, f.path("shape"), r) }
    if let n = f["hydraulicDiameter"] { spec.hydraulicDiameter = try r.positive(n, f.path("hydraulicDiameter"), .length) }
    if let n = f["permeability"] {
      if case .sequence = n {
        let k = try r.vector3(n, f.path("permeability"), .area)
        for i in 0..<3 where !(k[i] > 0 && k[i].isFinite) {
          throw r.fail(join(f.path("permeability"), String(i)), n, expected: "an area > 0 (m^2)",
                       found: "\(k[i]) m^2")
        }
        spec.permeability = k
      } else {
        spec.permeability = SIMD3(repeating: try r.positive(n, f.path("permeability"), .area))
      }
    }
    if let n = f["inertia"] {
      spec.inertia = try number(n, f.path("inertia"), "a Forchheimer coefficient c_F ≥ 0 (a plain number)", r) {
        $0 >= 0 && $0.isFinite
      }
    }
    if let n = f["porosity"] {
      spec.porosity = try number(n, f.path("porosity"), "a porosity in (0, 1]", r) { $0 > 0 && $0 <= 1 }
    }
    // Keys that belong to another model are mistakes, not silently ignored values.
    let own: [CaseDocument.RegionElementSpec.Model: [String]] = [
      .plug: ["hydraulicDiameter", "shape"], .porous: ["permeability", "inertia", "porosity"], .resolved: [],
    ]
    for (model, keys) in own where model != spec.model {
      for key in keys where f[key] != nil && !(own[spec.model]!.contains(key)) {
        throw r.fail(f.path(key), f[key], expected: "keys of model \(spec.model.rawValue) ("
                       + (own[spec.model]!.isEmpty ? "none besides region, inlet, outlet, scheme"
                          : own[spec.model]!.joined(separator: ", ")) + ")",
                     found: "\(key), a key of model \(model.rawValue)")
      }
    }
    switch spec.model {
    case .plug:
      if spec.hydraulicDiameter == nil { _ = try req("hydraulicDiameter", "a hydraulic diameter (length) with model plug") }
    case .porous:
      if spec.permeability == nil { _ = try req("permeability", "a permeability (area, or three areas) with model porous") }
    case .resolved: break
    }
    return (body, spec)
  }

  /// `{rectangle: α}` or `circle`.
  static func shape(_ node: Node, _ path: String, _ r: Reader) throws -> CaseDocument.RegionElementSpec.Shape {
    let expected = "{rectangle: α} (α short over long side in (0, 1]) or circle"
    if node.scalar?.string == "circle" { return .circle }
    guard node.mapping != nil else { throw r.fail(path, node, expected: expected) }
    let f = try r.fields(node, path, allowed: ["rectangle"], what: expected)
    let n = try r.required(f, "rectangle", expected: "an aspect ratio in (0, 1]")
    return .rectangle(aspectRatio: try number(n, f.path("rectangle"), "an aspect ratio in (0, 1] (short over long side)",
                                              r) { $0 > 0 && $0 <= 1 })
  }

  /// `network.coupling: {tolerance, maxIterations}`.
  static func coupling(_ node: Node, _ path: String, _ r: Reader) throws -> CaseDocument.CouplingSpec {
    let f = try r.fields(node, path, allowed: couplingKeys, what: "a mapping {tolerance, maxIterations}")
    var c = CaseDocument.CouplingSpec()
    if let n = f["tolerance"] {
      c.tolerance = try r.positive(n, f.path("tolerance"), .temperatureDifference)
      guard c.tolerance.isFinite, c.tolerance <= 10 else {
        throw r.fail(f.path("tolerance"), n, expected: "a temperature difference > 0 and ≤ 10 K", found: describe(n))
      }
    }
    if let n = f["maxIterations"] {
      c.maxIterations = try r.integer(n, f.path("maxIterations"), atLeast: 1)
      guard c.maxIterations <= 10_000 else {
        throw r.fail(f.path("maxIterations"), n, expected: "an integer in 1…10000", found: describe(n))
      }
    }
    return c
  }
}
