import Foundation
import RackTwinCooling
import RackTwinIO
import Yams

/// Cold plates described by their geometry in the `coldPlates` section (`model: porous`, `model: channels`;
/// `docs/case-format.md`, "Fidelities (b) and (c)"). The keys are checked here; the regions, patches, fin material and
/// `casePoint` are checked against the mesh by `ModelBuilder.addFinColdPlates`.
extension CaseDecoder {
  static let finColdPlateModels = ["porous", "channels"]
  static let finColdPlateKeys = ["model", "region", "inlet", "outlet", "flowAxis", "heightAxis", "fins", "unitCells",
                                 "scheme", "flow", "inletTemperature", "casePoint"]
  static let finKeys = ["thickness", "gap", "height", "length", "material"]
  /// Keys of one model only: given with the other, they are mistakes, not silently ignored values.
  static let finColdPlateOwnKeys: [String: [String]] = [
    "porous": ["flowAxis", "heightAxis", "fins"], "channels": ["scheme"]]
  /// More copies than this describe no plate (125 fin channels is a large one), and a typo would divide the flow away.
  static let maxUnitCells = 100_000

  /// Whether a `coldPlates` entry is a geometry plate (`model: porous` or `channels`), decoded here.
  static func isFinColdPlate(_ node: Node) -> Bool {
    guard let m = node.mapping?[Node("model")]?.scalar?.string else { return false }
    return finColdPlateModels.contains(m)
  }

  /// The geometry plates of the `coldPlates` section, in file order (datasheet plates are `coldPlates(…)`'s).
  static func finColdPlates(_ node: Node, coolant: Coolant?, _ r: Reader) throws -> [CaseDocument.FinColdPlateSpec] {
    let section = try r.fields(node, "coldPlates", allowed: nil, what: "a mapping of cold plate name to settings")
    let entries = section.entries.filter { isFinColdPlate($0.value) }
    guard !entries.isEmpty else { return [] }
    // `coldPlates(…)` has already required the coolant for a non-empty section.
    guard let coolant else { return [] }
    return try entries.map { e in
      try finColdPlate(e.value, name: e.key, path: join("coldPlates", e.key), line: e.keyNode.mark?.line,
                       coolant: coolant, r)
    }
  }

  static func finColdPlate(_ node: Node, name: String, path: String, line: Int?, coolant: Coolant, _ r: Reader) throws
    -> CaseDocument.FinColdPlateSpec {
    let f = try r.fields(node, path, allowed: finColdPlateKeys,
                         what: "a cold plate mapping {model: porous | channels, region, inlet, outlet, …}")
    let model = CaseDocument.FinColdPlateSpec.Model(rawValue: f["model"]?.scalar?.string ?? "")!
    for (other, keys) in finColdPlateOwnKeys where other != model.rawValue {
      for key in keys where f[key] != nil {
        throw r.fail(f.path(key), f[key], expected: "keys of model \(model.rawValue) (\(key) belongs to model "
                       + "\(other))", found: "\(key) with model \(model.rawValue)")
      }
    }
    func req(_ key: String, _ expected: String) throws -> Node { try r.required(f, key, expected: expected) }

    let kindText = model == .porous ? "a porous region" : "fluid regions"
    let regionExpected = "a mesh region name, or a list of them (\(kindText): the "
      + (model == .porous ? "fin stack's cells)" : "fin channels' cells)")
    let regions = try regionNames(f, expected: regionExpected, r)
    let inletNode = try req("inlet", "a boundary patch name (the coolant's inlet, with faces on the region)")
    let inlet = try r.string(inletNode, f.path("inlet"), expected: "a boundary patch name")
    let outletNode = try req("outlet", "a boundary patch name (the coolant's outlet, with faces on the region)")
    let outlet = try r.string(outletNode, f.path("outlet"), expected: "a boundary patch name")
    guard inlet != outlet else {
      throw r.fail(f.path("outlet"), outletNode, expected: "a patch other than the inlet (\(inlet))",
                   found: "the same patch \"\(outlet)\"")
    }

    // The flow: a fixed volume flow of the whole plate at its inlet temperature.
    let flowNode = try req("flow", "a volume flow (m^3/s) of the whole plate")
    if flowNode.mapping != nil {
      throw r.fail(f.path("flow"), flowNode, expected: "a fixed volume flow with inletTemperature (a geometry plate "
                     + "fed by a network element is not yet coupled)", found: describe(flowNode))
    }
    let q = try r.positive(flowNode, f.path("flow"), .volumeFlow)
    guard q.isFinite, q.isNormal else {
      throw r.fail(f.path("flow"), flowNode, expected: "a finite volume flow > 0 of ordinary size", found: describe(flowNode))
    }
    let tNode = try req("inletTemperature", QuantityKind.temperature.expected + " (required with a fixed flow)")
    let t = try r.quantity(tNode, f.path("inletTemperature"), .temperature)
    try checkRange(coolant, t, f.path("inletTemperature"), tNode, r)

    var spec = CaseDocument.FinColdPlateSpec(name: name, model: model, regions: regions, inlet: inlet, outlet: outlet,
                                             volumeFlow: q, inletTemperature: t,
                                             origin: CaseDocument.Origin(keyPath: path, line: line))
    for e in f.entries { if let l = e.keyNode.mark?.line { spec.lines[e.key] = l } }

    if let n = f["unitCells"] {
      spec.unitCells = try r.integer(n, f.path("unitCells"), atLeast: 1)
      guard spec.unitCells <= maxUnitCells else {
        throw r.fail(f.path("unitCells"), n, expected: "at most \(maxUnitCells) copies", found: describe(n))
      }
    }
    if let n = f["casePoint"] { spec.casePoint = try r.vector3(n, f.path("casePoint"), .length) }

    switch model {
    case .porous:
      let axes = ["x", "y", "z"]
      func axis(_ key: String, _ what: String) throws -> Int {
        let n = try req(key, "one of [x, y, z] (\(what))")
        guard let s = n.scalar?.string, let a = axes.firstIndex(of: s) else {
          throw r.fail(f.path(key), n, expected: "one of [x, y, z] (\(what))")
        }
        return a
      }
      spec.flowAxis = try axis("flowAxis", "the fins' length direction, along the channels")
      spec.heightAxis = try axis("heightAxis", "the fins' height direction, normal to the channel floor")
      guard spec.flowAxis != spec.heightAxis else {
        throw r.fail(f.path("heightAxis"), f["heightAxis"], expected: "an axis other than flowAxis (\(axes[spec.flowAxis]))",
                     found: axes[spec.heightAxis])
      }
      let finsNode = try req("fins", "a mapping {thickness, gap, height, length, material}")
      let ff = try r.fields(finsNode, f.path("fins"), allowed: finKeys, what: "a mapping {thickness, gap, height, length, material}")
      func length(_ key: String) throws -> Double {
        let n = try r.required(ff, key, expected: QuantityKind.length.expected)
        let v = try r.positive(n, ff.path(key), .length)
        guard v.isFinite, v.isNormal else { throw r.fail(ff.path(key), n, expected: "a finite length > 0") }
        return v
      }
      let thickness = try length("thickness"), gap = try length("gap"), height = try length("height")
      let finLength = try ff["length"].map { _ in try length("length") }
      let materialNode = try r.required(ff, "material", expected: "a solid material name (the fins' conductivity)")
      let material = try r.string(materialNode, ff.path("material"), expected: "a solid material name")
      spec.fins = .init(thickness: thickness, gap: gap, height: height, length: finLength, material: material)
    case .channels:
      if let n = f["scheme"] { spec.scheme = try r.choice(n, f.path("scheme"), AdvectionTerm.Scheme.allCases) }
    }
    return spec
  }
}
