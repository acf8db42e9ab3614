import RackTwinIO
import RackTwinMesh
import RackTwinThermal

/// Turns a decoded case and its mesh into a `ThermalModel`, resolving every name the case uses
/// (materials, regions, patches) and reporting unknown ones with the nearest known name.
public enum ModelBuilder {
  /// Builds the model. Errors are `CaseError`s naming the case key (or the mesh dataset for a region's material).
  public static func build(case doc: CaseDocument, mesh: FVMesh) throws -> ThermalModel {
    let materials = try resolveMaterials(doc)
    var regionMaterials: [Int32: Material] = [:]
    let regionNames = mesh.regions.map(\.name)
    let overrides = Dictionary(doc.regions.map { ($0.region, $0) }, uniquingKeysWith: { _, b in b })
    for o in doc.regions where !regionNames.contains(o.region) {
      throw unknown(doc, key: "regions.\(o.region)", what: "a region of the mesh", name: o.region, among: regionNames)
    }
    for r in mesh.regions {
      let name = overrides[r.name]?.material ?? r.material
      guard let m = materials[name] else {
        let key = overrides[r.name]?.material != nil ? "regions.\(r.name).material" : "mesh /regions/\(r.name)@material"
        throw unknown(doc, key: key, what: "a built-in material or one defined under materials", name: name,
                      among: Array(materials.keys).sorted())
      }
      regionMaterials[r.id] = m
    }
    for (id, m) in try finColdPlateMaterials(doc, mesh: mesh, materials: materials) { regionMaterials[id] = m }
    var model: ThermalModel
    do {
      model = try ThermalModel(mesh: mesh, regionMaterials: regionMaterials)
    } catch let ThermalError.invalidInput(location, expected, found) {
      throw CaseError(file: doc.path, keyPath: location, expected: expected, found: found)
    }
    func regionID(_ name: String, key: String) throws -> Int32 {
      guard let r = mesh.region(named: name) else {
        throw unknown(doc, key: key, what: "a region of the mesh", name: name, among: regionNames)
      }
      return r.id
    }

    do {
      var claimed = Set<Int32>()
      for c in doc.components {
        let ids: [Int32]
        if let names = c.regions {
          ids = try names.map { try regionID($0, key: "components.\(c.name).regions") }
        } else {
          ids = mesh.regions.filter { $0.component == c.name }.map(\.id)
          guard !ids.isEmpty else {
            throw CaseError(file: doc.path, keyPath: "components.\(c.name).regions",
                            expected: "a list of regions (no mesh region has component = \(c.name))", found: "none")
          }
        }
        claimed.formUnion(ids)
        let dist: ThermalModel.PowerDistribution
        switch c.distribution {
        case .auto: dist = mesh.powerWeight != nil ? .weight : .volume
        case .volume: dist = .volume
        case .weight: dist = .weight
        }
        try model.addComponent(name: c.name, regionIDs: ids, power: c.power, limit: c.limit, distribution: dist)
        if let leakage = c.leakage { try model.setLeakage(leakage, forComponentAt: model.components.count - 1) }
      }
      // Groupings the mesh declares that the case does not mention: reported, without power.
      var seen: [String] = []
      for r in mesh.regions {
        guard let name = r.component, !claimed.contains(r.id), !doc.components.contains(where: { $0.name == name }),
              !seen.contains(name) else { continue }
        seen.append(name)
        let ids = mesh.regions.filter { $0.component == name && !claimed.contains($0.id) }.map(\.id)
        try model.addComponent(name: name, regionIDs: ids, power: 0, limit: nil, distribution: .volume)
      }
      for (i, itf) in doc.interfaces.enumerated() {
        let a = try regionID(itf.between.0, key: "interfaces.\(i).between")
        let b = try regionID(itf.between.1, key: "interfaces.\(i).between")
        try model.addContactResistance(.init(regionA: a, regionB: b, resistance: itf.resistance))
      }
      let patchNames = mesh.patches.map(\.name)
      for bspec in doc.boundaries {
        guard patchNames.contains(bspec.patch) else {
          throw unknown(doc, key: "boundaries.\(bspec.patch)", what: "a patch of the mesh", name: bspec.patch, among: patchNames)
        }
        try model.setBoundary(bspec.patch, varying: condition(bspec.condition))
      }
      for src in doc.sources {
        let ids = try src.regions.map { names in try names.map { try regionID($0, key: "sources.\(src.name).regions") } }
        try model.addVolumetricSource(name: src.name, regionIDs: ids, density: src.density)
      }
      for p in doc.probes { try model.addProbe(name: p.name, position: p.position) }
    } catch let ThermalError.invalidInput(location, expected, found) {
      throw CaseError(file: doc.path, keyPath: location, expected: expected, found: found)
    }
    try addColdPlates(doc, mesh: mesh, to: &model)
    try addFinColdPlates(doc, mesh: mesh, materials: materials, to: &model)
    try addDevices(doc, to: &model)
    return model
  }

  static func condition(_ c: CaseDocument.BoundaryCondition) -> ThermalModel.VaryingCondition {
    switch c {
    case .adiabatic: return .adiabatic
    case .temperature(let t): return .temperature(t)
    case .heatFlux(let q): return .heatFlux(q)
    case .convection(let h, let t): return .convection(h: h, ambient: t)
    case .radiation(let e, let s): return .radiation(emissivity: e, surroundings: s)
    }
  }

  /// Transient settings of a case with a `transient` section.
  public static func transientOptions(_ doc: CaseDocument) -> TransientOptions? {
    guard let t = doc.transient else { return nil }
    return TransientOptions(scheme: t.scheme == .bdf2 ? .bdf2 : .euler, duration: t.duration, step: t.step,
                            tolerance: t.tolerance, maxStep: t.maxStep, outputInterval: t.output,
                            linear: solverOptions(doc))
  }

  /// The events of the `transient` section as model changes, every component and patch name checked.
  public static func events(_ doc: CaseDocument, model: ThermalModel) throws -> [TransientEvent] {
    guard let t = doc.transient else { return [] }
    let componentNames = model.components.map(\.name)
    let patchNames = model.mesh.patches.map(\.name)
    var events: [TransientEvent] = []
    for e in t.events {
      var changes: [@Sendable (inout ThermalModel) throws -> Void] = []
      for change in e.changes {
        switch change {
        case let .componentPower(name, power):
          guard let index = componentNames.firstIndex(of: name) else {
            throw unknown(doc, key: "transient.events.set.components.\(name).power", what: "a component", name: name,
                          among: componentNames)
          }
          changes.append { m in m.setPower(power, forComponentAt: index) }
        case let .boundary(patch, c):
          guard patchNames.contains(patch) else {
            throw unknown(doc, key: "transient.events.set.boundaries.\(patch)", what: "a patch of the mesh", name: patch,
                          among: patchNames)
          }
          let vc = condition(c)
          changes.append { m in try m.setBoundary(patch, varying: vc) }
        }
      }
      let all = changes
      events.append(TransientEvent(time: e.time) { m in for c in all { try c(&m) } })
    }
    return events
  }

  /// Solver settings of the case.
  public static func solverOptions(_ doc: CaseDocument) -> SolverOptions {
    return SolverOptions(method: doc.solver.method, tolerance: doc.solver.tolerance, maxIterations: doc.solver.maxIterations,
                         nonlinearTolerance: doc.solver.nonlinearTolerance,
                         maxNonlinearIterations: doc.solver.maxNonlinearIterations)
  }

  /// The built-in library with the case's `materials` applied (new ones added, given fields of existing ones replaced).
  static func resolveMaterials(_ doc: CaseDocument) throws -> [String: Material] {
    var all = MaterialLibrary.builtIn
    for spec in doc.materials {
      var m = all[spec.name] ?? Material(name: spec.name, conductivity: .nan, density: .nan, specificHeat: .nan,
                                          source: "case file \(doc.path)")
      if all[spec.name] != nil { m.source = "case file \(doc.path) (overrides built-in)" }
      if spec.conductivity != nil { m.conductivityLaw = nil }
      switch spec.conductivity {
      case .isotropic(let k)?: m.conductivity = SIMD3(repeating: k)
      case let .planar(inPlane, throughPlane, axis)?:
        m.conductivity = SIMD3(repeating: inPlane)
        m.conductivity[axis] = throughPlane
      case let .diagonal(kx, ky, kz)?: m.conductivity = SIMD3(kx, ky, kz)
      case .law(let law)?:
        // The first iterate uses k at the law's reference point (a table's middle row); Picard takes it from there.
        switch law {
        case .linear(let value, _, _): m.conductivity = SIMD3(repeating: value)
        case .table(_, let ks): m.conductivity = SIMD3(repeating: ks[ks.count / 2])
        }
        m.conductivityLaw = law
      case nil:
        guard all[spec.name] != nil else {
          throw CaseError(file: doc.path, keyPath: "materials.\(spec.name).conductivity",
                          expected: "a conductivity for a material that is not built in", found: "none")
        }
      }
      if let d = spec.density { m.density = d }
      if let c = spec.specificHeat { m.specificHeat = c }
      all[spec.name] = m
    }
    return all
  }

  static func unknown(_ doc: CaseDocument, key: String, what: String, name: String, among: [String]) -> CaseError {
    let hint = NearestKey.suggestion(for: name, among: among)
    let list = among.count <= 12 ? " [\(among.joined(separator: ", "))]" : ""
    return CaseError(file: doc.path, keyPath: key,
                     expected: what + list + (hint.map { " (did you mean \"\($0)\"?)" } ?? ""),
                     found: "\"\(name)\"", suggestion: hint)
  }
}
