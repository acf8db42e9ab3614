import RackTwinMesh
import Yams

/// Reads a mesh-generator spec (`racktwin mesh generate SPEC.yaml`, `docs/mesh-spec-format.md`) into a `GridSpec`.
///
/// Lengths accept units (`"2 mm"`) or metres. Region ids are 1, 2, … in order, skipping ids given explicitly with
/// `id:`. Every error is a `CaseError` with key path and line.
public enum GridSpecDecoder {
  static let topKeys = ["domain", "cells", "regions", "boxes", "split", "patches"]
  static let patchKeys = ["region", "side"]
  static let domainKeys = ["min", "max"]
  static let axisNames = ["x", "y", "z"]
  static let axisKeys = ["maxSize", "minSize", "grading", "minPerLayer"]
  static let regionKeys = ["material", "kind", "component", "id"]
  static let boxKeys = ["region", "min", "max"]

  /// Reads and decodes the spec file at `path`.
  public static func decode(contentsOf path: String) throws -> GridSpec {
    try decode(text: YAMLInput.readText(path), path: path)
  }

  /// Decodes spec text; `path` names the file in errors.
  public static func decode(text: String, path: String) throws -> GridSpec {
    let r = YAMLInput.Reader(file: path)
    let top = try r.fields(r.compose(text), "", allowed: topKeys, what: "a mapping with domain, cells, regions, boxes")

    let domainNode = try r.required(top, "domain", expected: "a mapping {min: [x, y, z], max: [x, y, z]}")
    let domain = try r.fields(domainNode, "domain", allowed: domainKeys)
    let lo = try r.vector3(r.required(domain, "min", expected: "a list of three lengths"), "domain.min", .length)
    let hi = try r.vector3(r.required(domain, "max", expected: "a list of three lengths"), "domain.max", .length)
    for a in 0..<3 where !(lo[a] < hi[a]) {
      throw r.fail("domain.max.\(a)", domainNode, expected: "max > min along \(axisNames[a])",
                   found: "min \(lo[a]) m, max \(hi[a]) m")
    }

    let axes = try cells(r.required(top, "cells", expected: "a mapping of x, y, z (or all) to cell sizes"), r)
    let regions = try regionInfos(r.required(top, "regions", expected: "a mapping of region name to material"), r)
    let boxes = try boxList(top["boxes"], regions.map(\.name), domain: (lo, hi), r)
    var split = GridSpec.Split.none
    if let node = top["split"] {
      let names = GridSpec.Split.allCases.map(\.rawValue)
      guard let text = node.scalar?.string, let value = GridSpec.Split(rawValue: text) else {
        let found = node.scalar?.string ?? (node.mapping != nil ? "a mapping" : "a list")
        let hint = NearestKey.suggestion(for: found, among: names).map { " (did you mean \"\($0)\"?)" } ?? ""
        throw r.fail("split", node, expected: "one of [\(names.joined(separator: ", "))]\(hint)", found: "\"\(found)\"")
      }
      split = value
    }
    let patches = try patchList(top["patches"], regions.map(\.name), r)
    if let node = top["patches"], !patches.isEmpty, split != .none {
      throw r.fail("patches", node, expected: "split: none with named patches (a split keeps the six domain sides only)",
                   found: "split: \(split.rawValue)")
    }
    return GridSpec(domainMin: lo, domainMax: hi, axes: axes, regions: regions, boxes: boxes, split: split,
                    patches: patches)
  }

  /// `patches: {NAME: {region, side}}`: the faces of a region on one side that face void or the domain boundary.
  static func patchList(_ node: Node?, _ regionNames: [String], _ r: YAMLInput.Reader) throws -> [GridSpec.PatchSpec] {
    guard let node, node.null == nil else { return [] }
    let sides = RectilinearGrid.sideNames
    let entries = try r.fields(node, "patches", allowed: nil, what: "a mapping of patch name to {region, side}").entries
    return try entries.map { e in
      let path = YAMLInput.join("patches", e.key)
      guard !sides.contains(e.key), e.key != "void" else {
        throw r.fail(path, e.keyNode, expected: "a patch name other than the domain sides and void",
                     found: "\"\(e.key)\"")
      }
      let f = try r.fields(e.value, path, allowed: patchKeys, what: "a mapping {region, side}")
      let regionNode = try r.required(f, "region", expected: "a region name")
      let region = try r.string(regionNode, f.path("region"), expected: "a region name")
      guard regionNames.contains(region) else {
        let s = NearestKey.suggestion(for: region, among: regionNames)
        throw r.fail(f.path("region"), regionNode, expected: NearestKey.expectedOneOf(regionNames, suggestion: s),
                     found: "unknown region \"\(region)\"", suggestion: s)
      }
      let sideNode = try r.required(f, "side", expected: NearestKey.expectedOneOf(sides, suggestion: nil))
      guard let side = sideNode.scalar.flatMap({ sides.firstIndex(of: $0.string) }) else {
        let s = sideNode.scalar.flatMap { NearestKey.suggestion(for: $0.string, among: sides) }
        throw r.fail(f.path("side"), sideNode, expected: NearestKey.expectedOneOf(sides, suggestion: s), suggestion: s)
      }
      return GridSpec.PatchSpec(name: e.key, region: region, side: side)
    }
  }

  static func cells(_ node: Node, _ r: YAMLInput.Reader) throws -> [GridSpec.Axis] {
    let f = try r.fields(node, "cells", allowed: ["all"] + axisNames)
    let all = try f["all"].map { try r.fields($0, "cells.all", allowed: axisKeys) }
    return try axisNames.map { name in
      let own = try f[name].map { try r.fields($0, "cells.\(name)", allowed: axisKeys) }
      // The axis's own entry wins over `all`, key by key.
      func lookup(_ key: String) -> (Node, String)? {
        if let own, let n = own[key] { return (n, own.path(key)) }
        if let all, let n = all[key] { return (n, all.path(key)) }
        return nil
      }
      guard let (maxNode, maxPath) = lookup("maxSize") else {
        throw r.fail("cells.\(name).maxSize", f[name] ?? f["all"] ?? node,
                     expected: "a largest cell size (m) for \(name), under cells.\(name) or cells.all",
                     found: "no \"maxSize\" key")
      }
      var axis = GridSpec.Axis(maxCellSize: try r.positive(maxNode, maxPath, .length))
      if let (n, p) = lookup("minSize") {
        let v = try r.positive(n, p, .length)
        guard v <= axis.maxCellSize else {
          throw r.fail(p, n, expected: "minSize ≤ maxSize (\(axis.maxCellSize) m)", found: "\(YAMLInput.describe(n)) (\(v) m)")
        }
        axis.minCellSize = v
      }
      if let (n, p) = lookup("grading") {
        let g = try r.quantity(n, p, .dimensionless)
        guard g >= 1 else { throw r.fail(p, n, expected: "a grading ratio ≥ 1") }
        axis.grading = g
      }
      if let (n, p) = lookup("minPerLayer") { axis.minCellsPerLayer = try r.integer(n, p, atLeast: 1) }
      return axis
    }
  }

  static func regionInfos(_ node: Node, _ r: YAMLInput.Reader) throws -> [RegionInfo] {
    let entries = try r.fields(node, "regions", allowed: nil, what: "a mapping of region name to material").entries
    guard !entries.isEmpty else { throw r.fail("regions", node, expected: "at least one region") }
    var infos: [RegionInfo] = []
    var explicit: [Int32: String] = [:]
    for e in entries {
      let f = try r.fields(e.value, YAMLInput.join("regions", e.key), allowed: regionKeys)
      let material = try r.string(r.required(f, "material", expected: "a material name"), f.path("material"),
                                  expected: "a material name")
      guard !e.key.isEmpty, !e.key.contains("/"), e.key != ".", e.key != ".." else {
        throw r.fail(YAMLInput.join("regions", e.key), e.keyNode, expected: "a region name without \"/\" that is not empty, \".\" or \"..\"",
                     found: "\"\(e.key)\"")
      }
      var info = RegionInfo(name: e.key, id: 0, material: material)
      if let n = f["kind"] { info.kind = try r.choice(n, f.path("kind"), RegionKind.allCases) }
      if let n = f["component"] { info.component = try r.string(n, f.path("component"), expected: "a component name") }
      if let n = f["id"] {
        let id = try r.integer(n, f.path("id"), atLeast: 1)
        guard id <= Int(Int32.max), explicit[Int32(id)] == nil else {
          throw r.fail(f.path("id"), n, expected: "an id in 1…\(Int32.max) used by one region",
                       found: "\(id)" + (explicit[Int32(clamping: id)].map { " (already used by \($0))" } ?? ""))
        }
        info.id = Int32(id)
        explicit[info.id] = e.key
      }
      infos.append(info)
    }
    var next: Int32 = 1
    for i in infos.indices where infos[i].id == 0 {
      while explicit[next] != nil { next += 1 }
      infos[i].id = next
      next += 1
    }
    return infos
  }

  static func boxList(_ node: Node?, _ regionNames: [String], domain: (SIMD3<Double>, SIMD3<Double>),
                      _ r: YAMLInput.Reader) throws -> [GridSpec.Box] {
    guard let node, node.null == nil else { return [] }
    let items = try r.sequence(node, "boxes", expected: "a list of {region, min, max}")
    // Box corners may differ from the domain's by rounding of unit conversions ("1.2 cm" vs "12 mm").
    let slack = 1e-9 * ((domain.1 - domain.0).max())
    return try items.enumerated().map { i, item in
      let f = try r.fields(item, "boxes.\(i)", allowed: boxKeys)
      let regionNode = try r.required(f, "region", expected: "a region name")
      let region = try r.string(regionNode, f.path("region"), expected: "a region name")
      guard regionNames.contains(region) else {
        let s = NearestKey.suggestion(for: region, among: regionNames)
        throw r.fail(f.path("region"), regionNode, expected: NearestKey.expectedOneOf(regionNames, suggestion: s),
                     found: "unknown region \"\(region)\"", suggestion: s)
      }
      let lo = try r.vector3(r.required(f, "min", expected: "a list of three lengths"), f.path("min"), .length)
      let hi = try r.vector3(r.required(f, "max", expected: "a list of three lengths"), f.path("max"), .length)
      for a in 0..<3 {
        guard lo[a] < hi[a] else {
          throw r.fail(f.path("max"), f["max"], expected: "max > min along \(axisNames[a])",
                       found: "min \(lo[a]) m, max \(hi[a]) m")
        }
        guard lo[a] >= domain.0[a] - slack, hi[a] <= domain.1[a] + slack else {
          throw r.fail(f.path(lo[a] < domain.0[a] - slack ? "min" : "max"), item,
                       expected: "a box inside the domain (\(axisNames[a]) in \(domain.0[a])…\(domain.1[a]) m)",
                       found: "\(axisNames[a]) from \(lo[a]) to \(hi[a]) m")
        }
      }
      return GridSpec.Box(region: region, min: lo, max: hi)
    }
  }
}
