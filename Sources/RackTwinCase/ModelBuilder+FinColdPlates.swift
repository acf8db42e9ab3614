import RackTwinCooling
import RackTwinIO
import RackTwinMesh
import RackTwinThermal

/// Cold plates described by their geometry (`coldPlates:` with `model: porous` or `channels`; fidelities (b) and (c)
/// of DESIGN §3.3): the regions' materials (the porous stack's effective solid, the channels' coolant) and the terms.
extension ModelBuilder {
  /// The materials that replace the mesh's on the geometry plates' regions, by region id: the porous stack's effective
  /// solid (`FinStack.solidConductivity`, the fins' material) and the coolant at the inlet temperature in channels.
  /// - Throws: `CaseError` at the plate's key and line: a region that is not in the mesh, of the wrong kind, or in two
  ///   plates; a fin material that is not a material of the case; an inlet temperature outside the coolant's data.
  static func finColdPlateMaterials(_ doc: CaseDocument, mesh: FVMesh, materials: [String: Material]) throws
    -> [Int32: Material] {
    guard !doc.finColdPlates.isEmpty, let coolant = doc.coolant else { return [:] }
    var out: [Int32: Material] = [:]
    var owner: [String: String] = [:]
    let networkRegions = Set(doc.network?.regions.flatMap(\.regions) ?? [])
    for plate in doc.finColdPlates {
      func fail(_ sub: String, expected: String, found: String) -> CaseError {
        CaseError(file: doc.path, keyPath: plate.origin.keyPath + "." + sub, line: plate.line(sub), expected: expected,
                  found: found)
      }
      let wanted: RegionKind = plate.model == .porous ? .porous : .fluid
      if plate.model == .porous, plate.regions.count != 1 {
        throw fail("region", expected: "one porous region (the fin stack)", found: "\(plate.regions.count) regions")
      }
      for name in plate.regions {
        guard let info = mesh.region(named: name) else {
          let names = mesh.regions.map(\.name)
          let hint = NearestKey.suggestion(for: name, among: names)
          throw fail("region", expected: "a region of the mesh" + (names.count <= 12 ? " [\(names.joined(separator: ", "))]" : "")
                       + (hint.map { " (did you mean \"\($0)\"?)" } ?? ""), found: "\"\(name)\"")
        }
        guard info.kind == wanted else {
          throw fail("region", expected: "a region of kind \(wanted.rawValue) with model \(plate.model.rawValue)",
                     found: "region \(name) of kind \(info.kind.rawValue)")
        }
        if let other = owner[name] {
          throw fail("region", expected: "each mesh region in one cold plate", found: "region \(name) also in plate \(other)")
        }
        if networkRegions.contains(name) {
          throw fail("region", expected: "a region that no network element of type region uses",
                     found: "region \(name) in the network")
        }
        owner[name] = plate.name
        switch plate.model {
        case .porous:
          let stack = try finStack(plate, doc: doc, mesh: mesh, materials: materials)
          let solid = materials[plate.fins!.material]!
          let kf: Double
          do { kf = try coolant.conductivity(at: plate.inletTemperature) } catch {
            throw fail("inletTemperature", expected: "a temperature within coolant \(coolant.name)'s data",
                       found: "\(error)")
          }
          out[info.id] = Material(
            name: "\(plate.name) fin stack",
            conductivity: stack.solidConductivity(flowAxis: plate.flowAxis, heightAxis: plate.heightAxis,
                                                  fluidConductivity: kf),
            density: solid.density * (1 - stack.porosity), specificHeat: solid.specificHeat,
            source: "FinStack (Kim & Kim 1999) of \(solid.name)")
        case .channels:
          do { out[info.id] = try Material(coolant: coolant, at: plate.inletTemperature) } catch {
            throw fail("inletTemperature", expected: "a temperature within coolant \(coolant.name)'s data",
                       found: "\(error)")
          }
        }
      }
    }
    return out
  }

  /// The porous plate's fins as a `FinStack`: k_s from the fin material, the length from `fins.length` or the
  /// region's extent along `flowAxis`.
  static func finStack(_ plate: CaseDocument.FinColdPlateSpec, doc: CaseDocument, mesh: FVMesh,
                       materials: [String: Material]) throws -> FinStack {
    let fins = plate.fins!
    let key = plate.origin.keyPath + ".fins.material"
    guard let solid = materials[fins.material] else {
      let hint = NearestKey.suggestion(for: fins.material, among: Array(materials.keys))
      throw CaseError(file: doc.path, keyPath: key, line: plate.line("fins"),
                      expected: "a built-in material or one defined under materials"
                        + (hint.map { " (did you mean \"\($0)\"?)" } ?? ""),
                      found: "\"\(fins.material)\"", suggestion: hint)
    }
    let k = solid.conductivity.x
    guard k.isFinite, k > 0, solid.conductivity.y == k, solid.conductivity.z == k else {
      throw CaseError(file: doc.path, keyPath: key, line: plate.line("fins"),
                      expected: "an isotropic solid with a conductivity > 0 (the fins')",
                      found: "\(fins.material) with k = [\(solid.conductivity.x), \(solid.conductivity.y), \(solid.conductivity.z)] W/(m·K)")
    }
    let length = fins.length ?? regionExtent(plate.regions, axis: plate.flowAxis, mesh: mesh)
    do {
      return try FinStack(finThickness: fins.thickness, gap: fins.gap, finHeight: fins.height, length: length,
                          finConductivity: k, name: "cold plate \(plate.name)")
    } catch let CoolingError.invalidInput(_, expected, found) {
      throw CaseError(file: doc.path, keyPath: plate.origin.keyPath + ".fins", line: plate.line("fins"),
                      expected: expected, found: found)
    }
  }

  /// Extent of the regions' cells along an axis (m), from their faces' centroids.
  static func regionExtent(_ names: [String], axis: Int, mesh: FVMesh) -> Double {
    let ids = Set(names.compactMap { mesh.region(named: $0)?.id })
    var lo = Double.infinity, hi = -Double.infinity
    for f in 0..<mesh.faceCount {
      let p = Int(mesh.faceOwner[f])
      let inRegion = ids.contains(mesh.cellRegion[p])
        || (f < mesh.internalFaceCount && ids.contains(mesh.cellRegion[Int(mesh.faceNeighbour[f])]))
      guard inRegion else { continue }
      lo = min(lo, mesh.faceCentroid[f][axis])
      hi = max(hi, mesh.faceCentroid[f][axis])
    }
    return hi - lo
  }

  /// Adds a `PorousColdPlateTerm` or `ChannelColdPlateTerm` per geometry plate, and the probe `PLATE.case` at its
  /// `casePoint`.
  /// - Throws: `CaseError` at the plate's key and line: an inlet or outlet with no face on the region or with a
  ///   boundary condition, turbulent fin channels (porous), channels that are not straight and prismatic, a case point
  ///   outside the mesh.
  static func addFinColdPlates(_ doc: CaseDocument, mesh: FVMesh, materials: [String: Material],
                               to model: inout ThermalModel) throws {
    guard !doc.finColdPlates.isEmpty, let coolant = doc.coolant else { return }
    for plate in doc.finColdPlates {
      let key = plate.origin.keyPath
      func fail(_ sub: String, expected: String, found: String) -> CaseError {
        CaseError(file: doc.path, keyPath: key + "." + sub, line: plate.line(sub), expected: expected, found: found)
      }
      for (role, patch) in [("inlet", plate.inlet), ("outlet", plate.outlet)] {
        if let b = doc.boundaries.first(where: { $0.patch == patch }) {
          throw fail(role, expected: "a patch without a boundary condition for the plate's \(role) (the coolant's "
                       + (role == "inlet" ? "inlet brings T_in across it" : "outlet carries its heat out") + ")",
                     found: "patch \(patch) with a condition under boundaries.\(b.patch)")
        }
      }
      // Where a CoolingError of the region and its flow belongs: the patch, the region, or the flow.
      func place(_ e: CoolingError) -> CaseError {
        guard case let .invalidInput(location, expected, found) = e else {
          return fail("inletTemperature", expected: "a plate within its coolant's data", found: e.description)
        }
        let sub = location.contains(" inlet patch") ? "inlet"
          : location.contains(" outlet patch") || location.hasSuffix(" outlet") ? "outlet"
          : location.contains("fin channels") ? "flow"
          : location.hasPrefix("region") || location.hasPrefix("flow region") ? "region" : "region"
        return fail(sub, expected: expected, found: "\(location): \(found)")
      }
      let density: Double
      do { density = try coolant.density(at: plate.inletTemperature) } catch let e as CoolingError { throw place(e) }
      let massFlow = plate.volumeFlow * density
      do {
        let region = try FlowRegion(mesh: mesh, regions: plate.regions, inlet: plate.inlet, outlet: plate.outlet)
        switch plate.model {
        case .porous:
          let stack = try finStack(plate, doc: doc, mesh: mesh, materials: materials)
          var k = SIMD3(repeating: stack.permeability)
          // Across the fins the flow meets solid walls: 1e-3 of the channel's permeability keeps that direction in
          // the Darcy system without letting the coolant cross them (the stack's channels are along flowAxis).
          k[3 - plate.flowAxis - plate.heightAxis] *= 1e-3
          let darcy = try DarcyFlow(mesh: mesh, region: region, coolant: coolant, medium: .init(permeability: k))
          let flow = try darcy.solve(massFlow: massFlow / Double(plate.unitCells), inletTemperature: plate.inletTemperature)
          let term = try PorousColdPlateTerm(name: plate.name, stack: stack, flow: flow.faceFlow, mesh: mesh,
                                             cellConductivity: model.cellConductivity, heightAxis: plate.heightAxis)
          model.addTerm(term)
        case .channels:
          let term: ChannelColdPlateTerm
          do {
            term = try ChannelColdPlateTerm(name: plate.name, mesh: mesh, region: region, coolant: coolant,
                                            plateMassFlow: massFlow, inletTemperature: plate.inletTemperature,
                                            unitCells: plate.unitCells, scheme: plate.scheme,
                                            method: doc.solver.method)
          } catch let CoolingError.invalidInput(location, expected, found) {
            throw fail("region", expected: "straight prismatic channels along the inlet's normal (model channels): "
                         + expected, found: "\(location): \(found); use model porous")
          }
          model.addTerm(term)
        }
      } catch let e as CoolingError {
        throw place(e)
      } catch let e as ThermalError {
        throw CaseError(file: doc.path, keyPath: key, line: plate.origin.line, expected: "a plate the solver can set up",
                        found: "\(e)")
      }
      if let p = plate.casePoint {
        do { try model.addProbe(name: "\(plate.name).case", position: p) } catch {
          throw fail("casePoint", expected: "a point inside a non-void cell of the mesh (on the face the package touches)",
                     found: "[\(p.x), \(p.y), \(p.z)] m")
        }
      }
    }
  }
}
