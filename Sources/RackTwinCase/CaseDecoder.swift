import RackTwinIO
import Foundation
import RackTwinCooling
import RackTwinThermal
import Yams

/// Reads a case file (DESIGN §4.2, `docs/case-format.md`) into a `CaseDocument`, every quantity in SI.
///
/// The YAML is composed into a node tree (so every error can name its line), `--set` overrides are applied to
/// that tree (`YAMLOverrides`), and then every key is checked: unknown keys, wrong types, missing required keys,
/// wrong dimensions and impossible values are `CaseError`s naming the key path and line.
public enum CaseDecoder {
  static let topKeys = ["mesh", "materials", "regions", "components", "interfaces", "boundaries", "probes", "solver",
                        "sources", "transient", "coolant", "network", "uncertainty",
                        "facility", "weather", "loadProfile", "coldPlates", "immersion", "airCooling", "rearDoor"]
  static let materialKeys = ["conductivity", "density", "specificHeat"]
  static let planarKeys = ["inPlane", "throughPlane", "axis"]
  static let regionKeys = ["material"]
  static let componentKeys = ["regions", "power", "limit", "distribution"]
  static let interfaceKeys = ["between", "resistance"]
  static let boundaryTypes = ["convection", "heatFlux", "temperature", "radiation", "adiabatic"]
  static let boundaryKeys: [String: [String]] = [
    "convection": ["type", "h", "ambient"], "heatFlux": ["type", "value"],
    "temperature": ["type", "value"], "radiation": ["type", "emissivity", "surroundings"], "adiabatic": ["type"],
  ]
  static let solverKeys = ["method", "tolerance", "maxIterations", "nonlinearTolerance", "maxNonlinearIterations"]
  static let lawKeys = ["value", "reference", "slope", "table"]
  static let leakageKeys = ["dynamic", "leakage", "reference", "doublingInterval"]

  /// Reads and decodes the case file at `path`.
  /// - Throws: `CaseError` naming the file when it cannot be read, else as `decode(text:path:overrides:)`.
  public static func decode(contentsOf path: String, overrides: [String] = []) throws -> CaseDocument {
    try decode(text: readText(path), path: path, overrides: overrides)
  }

  /// Decodes case-file text.
  /// - Parameters:
  ///   - path: the case file's path as given; names it in errors and anchors a relative `mesh` path.
  ///   - overrides: `key.path=value` strings as given to `--set`, applied in order.
  /// - Returns: the document; its `text` is `text` plus one `# --set <override>` line per override.
  public static func decode(text: String, path: String, overrides: [String] = []) throws -> CaseDocument {
    let r = Reader(file: path)
    var root = try r.compose(text)
    let applied = try YAMLOverrides.apply(overrides, to: &root, file: path)
    var doc: CaseDocument
    do {
      doc = try decodeDocument(root, r)
    } catch var e as CaseError {
      // A value that came from --set has no line in the file: name the override instead.
      if let hit = applied.last(where: { YAMLOverrides.covers($0.path, e.keyPath) }) {
        e.line = nil
        e.override = hit.override
      }
      throw e
    }
    doc.path = path
    doc.text = text
    if !overrides.isEmpty {
      if !text.isEmpty, !text.hasSuffix("\n") { doc.text += "\n" }
      doc.text += overrides.map { "# --set \($0)\n" }.joined()
    }
    return doc
  }

  typealias Reader = YAMLInput.Reader
  typealias Fields = YAMLInput.Fields
  static func readText(_ path: String) throws -> String { try YAMLInput.readText(path) }
  static func describe(_ node: Node) -> String { YAMLInput.describe(node) }
  static func join(_ path: String, _ key: String) -> String { YAMLInput.join(path, key) }

  static func resolve(_ mesh: String, relativeTo casePath: String) -> String {
    YAMLInput.resolve(mesh, relativeTo: casePath)
  }

  static func decodeDocument(_ root: Node, _ r: Reader) throws -> CaseDocument {
    let top = try r.fields(root, "", allowed: topKeys, what: "a mapping of case sections (mesh, materials, …)")
    // A network alone is a case (rack-scale loop models), and so are lumped devices (immersion, airCooling,
    // rearDoor: components with powers only): `mesh` is required only without either.
    let lumped = ["immersion", "airCooling", "rearDoor"].contains { top[$0] != nil && top[$0]?.null == nil }
    var meshPath: String? = nil
    if (top["network"] == nil && !lumped) || top["mesh"] != nil {
      let expected = "a mesh file path" + (top["network"] == nil ? " (or a network section, or lumped devices: "
                                            + "immersion, airCooling)" : "")
      meshPath = resolve(try r.string(r.required(top, "mesh", expected: expected), "mesh", expected: expected),
                         relativeTo: r.file)
    }
    var doc = CaseDocument(path: r.file, text: "", meshPath: meshPath)
    if meshPath == nil {
      for key in ["regions", "components", "interfaces", "boundaries", "probes", "sources", "transient", "coldPlates"] {
        if key == "components" && lumped { continue }
        if let n = top[key], n.null == nil {
          throw r.fail(key, n, expected: "a mesh for the \(key) section (a case without mesh is a network alone)",
                       found: "\(key) and no \"mesh\" key")
        }
      }
    }
    if let n = top["coolant"] { doc.coolant = try coolant(n, "coolant", r) }
    if let n = top["network"] {
      guard doc.coolant != nil else {
        throw r.fail("coolant", root, expected: "the loop's coolant with a network: "
                       + NearestKey.expectedOneOf(Coolant.builtIn.map(\.name), suggestion: nil),
                     found: "no \"coolant\" key")
      }
      doc.network = try network(n, coolant: doc.coolant, r)
      if let t = top["transient"], t.null == nil, doc.network?.regions.isEmpty ?? true {
        throw r.fail("transient", t, expected: "a steady case with a network without region elements (transient "
                       + "loops without 3-D fluid regions are not implemented yet)",
                     found: "a transient section and a network")
      }
      if meshPath == nil, let first = doc.network?.regions.first {
        throw r.fail(first.origin.keyPath, nil, expected: "a mesh for an element of type region (its region is a part "
                       + "of the mesh)", found: "no \"mesh\" key")
      }
    }
    if let n = top["materials"] { doc.materials = try materials(n, r) }
    if let n = top["regions"] { doc.regions = try regions(n, r) }
    if let n = top["components"] { doc.components = try components(n, r) }
    if let n = top["interfaces"] { doc.interfaces = try interfaces(n, r) }
    if let n = top["boundaries"] { doc.boundaries = try boundaries(n, r) }
    if let n = top["probes"] { doc.probes = try probes(n, r) }
    if let n = top["solver"] { doc.solver = try solver(n, r) }
    if let n = top["sources"] { doc.sources = try sources(n, r) }
    if let n = top["coldPlates"] {
      doc.coldPlates = try coldPlates(n, coolant: doc.coolant, network: doc.network, root: root, r)
      doc.finColdPlates = try finColdPlates(n, coolant: doc.coolant, r)
      if let t = top["transient"], t.null == nil, !doc.finColdPlates.isEmpty {
        throw r.fail("transient", t, expected: "a steady case with porous or channels coldPlates (transient fin cold "
                       + "plates are not implemented yet)", found: "a transient section and coldPlates")
      }
      if let t = top["transient"], t.null == nil, !doc.coldPlates.isEmpty, doc.network != nil {
        throw r.fail("transient", t, expected: "a transient with coldPlates and no network (transient cold plates "
                       + "beside a network are not implemented yet)", found: "a transient section, coldPlates and a network")
      }
    }
    if let n = top["transient"] {
      doc.transient = try transient(n, boundaries: doc.boundaries, components: doc.components, network: doc.network,
                                   coolant: doc.coolant, coldPlates: !doc.coldPlates.isEmpty, r)
    }
    try linkPlateElements(&doc, transient: top["transient"], r)
    if let n = top["uncertainty"] { doc.uncertainty = try uncertainty(n, doc: doc, r) }
    try decodeFacility(top, root, into: &doc, r)
    try decodeDevices(top, root, into: &doc, r)
    return doc
  }

  static func materials(_ node: Node, _ r: Reader) throws -> [CaseDocument.MaterialSpec] {
    try r.fields(node, "materials", allowed: nil, what: "a mapping of material name to properties").entries.map { e in
      let f = try r.fields(e.value, join("materials", e.key), allowed: materialKeys)
      var m = CaseDocument.MaterialSpec(name: e.key)
      if let n = f["conductivity"] { m.conductivity = try conductivity(n, f.path("conductivity"), r) }
      if let n = f["density"] { m.density = try r.positive(n, f.path("density"), .density) }
      if let n = f["specificHeat"] { m.specificHeat = try r.positive(n, f.path("specificHeat"), .specificHeat) }
      return m
    }
  }

  static func conductivity(_ node: Node, _ path: String, _ r: Reader) throws -> CaseDocument.ConductivitySpec {
    switch node {
    case .sequence(let s):
      guard s.count == 3 else {
        throw r.fail(path, node, expected: "a conductivity, [kx, ky, kz] or {inPlane, throughPlane, axis}")
      }
      let k = try s.enumerated().map { try r.positive($1, join(path, String($0)), .conductivity) }
      return .diagonal(k[0], k[1], k[2])
    case .mapping(let m) where m.keys.contains(where: { ["value", "reference", "slope", "table"].contains($0.string ?? "") }):
      return .law(try conductivityLaw(node, path, r))
    case .mapping:
      let f = try r.fields(node, path, allowed: planarKeys)
      let expected = QuantityKind.conductivity.expected
      let inPlane = try r.positive(r.required(f, "inPlane", expected: expected), f.path("inPlane"), .conductivity)
      let through = try r.positive(r.required(f, "throughPlane", expected: expected), f.path("throughPlane"),
                                   .conductivity)
      var axis = 2
      if let n = f["axis"] {
        let names = ["x", "y", "z"]
        guard let a = n.scalar.flatMap({ names.firstIndex(of: $0.string) }) else {
          throw r.fail(f.path("axis"), n, expected: "one of [x, y, z] (the through-plane axis)")
        }
        axis = a
      }
      return .planar(inPlane: inPlane, throughPlane: through, axis: axis)
    default:
      return .isotropic(try r.positive(node, path, .conductivity))
    }
  }

  static func regions(_ node: Node, _ r: Reader) throws -> [CaseDocument.RegionOverride] {
    try r.fields(node, "regions", allowed: nil, what: "a mapping of region name to overrides").entries.map { e in
      let f = try r.fields(e.value, join("regions", e.key), allowed: regionKeys)
      return CaseDocument.RegionOverride(
        region: e.key, material: try f["material"].map { try r.string($0, f.path("material"), expected: "a material name") })
    }
  }

  static func components(_ node: Node, _ r: Reader) throws -> [CaseDocument.ComponentSpec] {
    try r.fields(node, "components", allowed: nil, what: "a mapping of component name to settings").entries.map { e in
      let f = try r.fields(e.value, join("components", e.key), allowed: componentKeys)
      let powerNode = try r.required(f, "power", expected: QuantityKind.power.expected)
      var c: CaseDocument.ComponentSpec
      if powerNode.mapping != nil {
        let leakage = try leakageLaw(powerNode, f.path("power"), r)
        c = CaseDocument.ComponentSpec(name: e.key, regions: nil, power: leakage.power(at: leakage.reference))
        c.leakage = leakage
      } else {
        c = CaseDocument.ComponentSpec(name: e.key, regions: nil,
                                       power: try r.positive(powerNode, f.path("power"), .power, allowZero: true))
      }
      if let n = f["regions"] {
        let expected = "a list of region names"
        if case .scalar = n, n.null == nil {
          c.regions = [try r.string(n, f.path("regions"), expected: expected)]
        } else {
          let items = try r.sequence(n, f.path("regions"), expected: expected)
          guard !items.isEmpty else { throw r.fail(f.path("regions"), n, expected: "at least one region name") }
          c.regions = try items.enumerated().map { try r.string($1, join(f.path("regions"), String($0))) }
        }
      }
      if let n = f["limit"] { c.limit = try r.quantity(n, f.path("limit"), .temperature) }
      if let n = f["distribution"] { c.distribution = try r.choice(n, f.path("distribution"), [CaseDocument.PowerDistribution.auto, .volume, .weight]) }
      return c
    }
  }

  static func interfaces(_ node: Node, _ r: Reader) throws -> [CaseDocument.InterfaceSpec] {
    if node.null != nil { return [] }
    let items = try r.sequence(node, "interfaces", expected: "a list of {between: [a, b], resistance: …}")
    return try items.enumerated().map { i, item in
      let f = try r.fields(item, join("interfaces", String(i)), allowed: interfaceKeys)
      let expected = "a list of exactly two region names"
      let b = try r.required(f, "between", expected: expected)
      let names = try r.sequence(b, f.path("between"), expected: expected)
      guard names.count == 2 else { throw r.fail(f.path("between"), b, expected: expected) }
      let a0 = try r.string(names[0], join(f.path("between"), "0"), expected: "a region name")
      let a1 = try r.string(names[1], join(f.path("between"), "1"), expected: "a region name")
      guard a0 != a1 else { throw r.fail(f.path("between"), b, expected: "two different region names") }
      let res = try r.positive(r.required(f, "resistance", expected: QuantityKind.contactResistance.expected),
                               f.path("resistance"), .contactResistance, allowZero: true)
      return CaseDocument.InterfaceSpec(between: (a0, a1), resistance: res)
    }
  }

  static func boundaries(_ node: Node, _ r: Reader) throws -> [CaseDocument.BoundarySpec] {
    try r.fields(node, "boundaries", allowed: nil, what: "a mapping of patch name to condition").entries.map { e in
      CaseDocument.BoundarySpec(patch: e.key, condition: try boundaryCondition(e.value, join("boundaries", e.key), r))
    }
  }

  /// One condition mapping `{type: …, …}`.
  static func boundaryCondition(_ node: Node, _ path: String, _ r: Reader) throws -> CaseDocument.BoundaryCondition {
    let allKeys = ["type", "h", "ambient", "value", "emissivity", "surroundings"]
    let loose = try r.fields(node, path, allowed: allKeys, what: "a mapping {type: …}")
    let typeNode = try r.required(loose, "type", expected: NearestKey.expectedOneOf(boundaryTypes, suggestion: nil))
    let typeName = typeNode.scalar?.string ?? ""
    guard let allowed = boundaryKeys[typeName] else {
      let s = typeNode.scalar == nil ? nil : NearestKey.suggestion(for: typeName, among: boundaryTypes)
      throw r.fail(loose.path("type"), typeNode, expected: NearestKey.expectedOneOf(boundaryTypes, suggestion: s),
                   suggestion: s)
    }
    let f = try r.fields(node, path, allowed: allowed)
    switch typeName {
    case "convection":
      let h = try r.positiveVarying(r.required(f, "h", expected: QuantityKind.heatTransferCoefficient.expected),
                                    f.path("h"), .heatTransferCoefficient)
      let ambient = try r.varying(r.required(f, "ambient", expected: QuantityKind.temperature.expected),
                                  f.path("ambient"), .temperature)
      return .convection(h: h, ambient: ambient)
    case "heatFlux":
      return .heatFlux(try r.varying(r.required(f, "value", expected: QuantityKind.heatFlux.expected),
                                     f.path("value"), .heatFlux))
    case "radiation":
      let en = try r.required(f, "emissivity", expected: "an emissivity in (0, 1]")
      let e = try r.quantity(en, f.path("emissivity"), .dimensionless)
      guard e > 0, e <= 1 else { throw r.fail(f.path("emissivity"), en, expected: "an emissivity in (0, 1]") }
      let s = try r.varying(r.required(f, "surroundings", expected: QuantityKind.temperature.expected),
                            f.path("surroundings"), .temperature)
      return .radiation(emissivity: e, surroundings: s)
    case "temperature":
      return .temperature(try r.varying(r.required(f, "value", expected: QuantityKind.temperature.expected),
                                        f.path("value"), .temperature))
    default:
      return .adiabatic
    }
  }

  static func probes(_ node: Node, _ r: Reader) throws -> [CaseDocument.ProbeSpec] {
    try r.fields(node, "probes", allowed: nil, what: "a mapping of probe name to [x, y, z]").entries.map { e in
      CaseDocument.ProbeSpec(name: e.key, position: try r.vector3(e.value, join("probes", e.key), .length))
    }
  }

  static func solver(_ node: Node, _ r: Reader) throws -> CaseDocument.SolverSpec {
    let f = try r.fields(node, "solver", allowed: solverKeys)
    var s = CaseDocument.SolverSpec()
    if let n = f["method"] { s.method = try r.choice(n, f.path("method"), CaseDocument.SolverMethod.allCases) }
    if let n = f["tolerance"] {
      let t = try r.quantity(n, f.path("tolerance"), .dimensionless)
      guard t > 0, t < 1 else {
        throw r.fail(f.path("tolerance"), n, expected: "a relative tolerance in (0, 1), e.g. 1e-10")
      }
      s.tolerance = t
    }
    if let n = f["maxIterations"] { s.maxIterations = try r.integer(n, f.path("maxIterations"), atLeast: 1) }
    if let n = f["nonlinearTolerance"] {
      s.nonlinearTolerance = try r.positive(n, f.path("nonlinearTolerance"), .temperatureDifference)
    }
    if let n = f["maxNonlinearIterations"] {
      s.maxNonlinearIterations = try r.integer(n, f.path("maxNonlinearIterations"), atLeast: 1)
    }
    return s
  }

  /// `{value, reference, slope}` or `{table: [[T, k], …]}`: an isotropic conductivity that depends on temperature.
  static func conductivityLaw(_ node: Node, _ path: String, _ r: Reader) throws -> ConductivityLaw {
    let f = try r.fields(node, path, allowed: lawKeys)
    if let t = f["table"] {
      guard f["value"] == nil, f["reference"] == nil, f["slope"] == nil else {
        throw r.fail(path, node, expected: "either {table} or {value, reference, slope}", found: "both")
      }
      let rows = try r.sequence(t, f.path("table"), expected: "a list of [temperature, conductivity] rows")
      guard !rows.isEmpty else { throw r.fail(f.path("table"), t, expected: "at least one [temperature, conductivity] row") }
      var ts: [Double] = [], ks: [Double] = []
      for (i, row) in rows.enumerated() {
        let rp = join(f.path("table"), String(i))
        let pair = try r.sequence(row, rp, expected: "a [temperature, conductivity] row")
        guard pair.count == 2 else { throw r.fail(rp, row, expected: "a [temperature, conductivity] row") }
        let temperature = try r.quantity(pair[0], join(rp, "0"), .temperature)
        if let last = ts.last, !(temperature > last) {
          throw r.fail(join(rp, "0"), pair[0], expected: "temperatures increasing row by row",
                       found: String(format: "%.6g K after %.6g K", temperature, last))
        }
        ts.append(temperature)
        ks.append(try r.positive(pair[1], join(rp, "1"), .conductivity))
      }
      return .table(temperatures: ts, conductivities: ks)
    }
    let value = try r.positive(r.required(f, "value", expected: QuantityKind.conductivity.expected), f.path("value"),
                               .conductivity)
    let reference = try r.quantity(r.required(f, "reference", expected: QuantityKind.temperature.expected),
                                   f.path("reference"), .temperature)
    let slopeNode = try r.required(f, "slope", expected: "a conductivity slope (W/m/K^2)")
    let slope = try r.quantity(slopeNode, f.path("slope"), .conductivitySlope)
    return .linear(value: value, reference: reference, slope: slope)
  }

  /// `{dynamic, leakage, reference, doublingInterval}`: component power that rises with temperature.
  static func leakageLaw(_ node: Node, _ path: String, _ r: Reader) throws -> Leakage {
    let f = try r.fields(node, path, allowed: leakageKeys)
    func power(_ key: String) throws -> Double {
      try r.positive(r.required(f, key, expected: QuantityKind.power.expected), f.path(key), .power, allowZero: true)
    }
    return Leakage(dynamic: try power("dynamic"), leakage: try power("leakage"),
                   reference: try r.quantity(r.required(f, "reference", expected: QuantityKind.temperature.expected),
                                             f.path("reference"), .temperature),
                   doublingInterval: try r.positive(r.required(f, "doublingInterval",
                                                               expected: QuantityKind.temperatureDifference.expected),
                                                    f.path("doublingInterval"), .temperatureDifference))
  }
}
