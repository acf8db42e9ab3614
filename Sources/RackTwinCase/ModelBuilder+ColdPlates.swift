import RackTwinCooling
import RackTwinIO
import RackTwinMesh
import RackTwinThermal

extension ModelBuilder {
  /// Adds a `ColdPlateTerm` per plate of the case (`coldPlates:`), after checking its patch against the mesh: a
  /// patch of the mesh, covered by no boundary condition and no other plate, with a flow direction that runs along it.
  /// - Throws: `CaseError` at the plate's key and line; a plate fed by a network element (`flow: {element}`) is
  ///   built by `CoupledCaseRunner` at the network's flow, an error here.
  static func addColdPlates(_ doc: CaseDocument, mesh: FVMesh, to model: inout ThermalModel) throws {
    guard !doc.coldPlates.isEmpty else { return }
    let patchNames = mesh.patches.map(\.name)
    // Faces that already carry a condition: the boundaries' patches, then each plate's as it is placed.
    var owner: [Int: String] = [:]
    for b in doc.boundaries {
      for f in mesh.patch(named: b.patch)?.faces ?? [] where owner[f] == nil { owner[f] = "boundaries.\(b.patch)" }
    }
    for plate in doc.coldPlates {
      let key = plate.origin.keyPath
      func fail(_ sub: String, _ line: Int?, expected: String, found: String, suggestion: String? = nil) -> CaseError {
        CaseError(file: doc.path, keyPath: key + "." + sub, line: line ?? plate.origin.line, expected: expected,
                  found: found, suggestion: suggestion)
      }
      guard let patch = mesh.patch(named: plate.patch) else {
        let hint = NearestKey.suggestion(for: plate.patch, among: patchNames)
        let list = patchNames.count <= 12 ? " [\(patchNames.joined(separator: ", "))]" : ""
        throw fail("patch", plate.patchLine, expected: "a patch of the mesh" + list
                     + (hint.map { " (did you mean \"\($0)\"?)" } ?? ""), found: "\"\(plate.patch)\"", suggestion: hint)
      }
      guard !patch.faces.isEmpty else {
        throw fail("patch", plate.patchLine, expected: "a patch with faces", found: "patch \(plate.patch) with none")
      }
      if let taken = patch.faces.lazy.compactMap({ owner[$0] }).first {
        throw fail("patch", plate.patchLine, expected: "a patch that carries no other boundary condition (a cold plate "
                     + "replaces it)", found: "patch \(plate.patch) shares faces with \(taken)")
      }
      // A direction normal to the patch puts every face at one position: one segment, no path along the plate.
      let d = plate.flowDirection / (plate.flowDirection * plate.flowDirection).sum().squareRoot()
      let along = patch.faces.map { (mesh.faceCentroid[$0] * d).sum() }
      var lo = SIMD3<Double>(repeating: .infinity), hi = SIMD3<Double>(repeating: -.infinity)
      for f in patch.faces {
        lo = pointwiseMin(lo, mesh.faceCentroid[f])
        hi = pointwiseMax(hi, mesh.faceCentroid[f])
      }
      let size = ((hi - lo) * (hi - lo)).sum().squareRoot()
      if patch.faces.count > 1, size > 0, along.max()! - along.min()! <= 1e-6 * size {
        throw fail("flowDirection", plate.origin.line, expected: "a direction along the patch (not normal to it)",
                   found: "[\(plate.flowDirection.x), \(plate.flowDirection.y), \(plate.flowDirection.z)], normal to "
                     + "patch \(plate.patch)")
      }
      guard case let .fixed(volumeFlow, inletTemperature) = plate.flow else {
        if case let .element(name) = plate.flow {
          throw fail("flow", plate.flowLine, expected: "a fixed flow with inletTemperature (a plate fed by a network "
                       + "element is built by the coupled solve, CoupledCaseRunner)", found: "{element: \(name)}")
        }
        continue
      }
      let term: ColdPlateTerm
      do {
        let density = try plate.curve.coolant.density(at: inletTemperature)
        term = try ColdPlateTerm(name: plate.name, curve: plate.curve, mesh: mesh, patch: plate.patch,
                                 cellConductivity: model.cellConductivity, massFlow: volumeFlow * density,
                                 inletTemperature: inletTemperature, flowDirection: plate.flowDirection,
                                 segments: plate.segments)
      } catch let e as CoolingError {
        if case let .invalidInput(_, expected, found) = e {
          throw CaseError(file: doc.path, keyPath: key, line: plate.origin.line, expected: expected, found: found)
        }
        throw CaseError(file: doc.path, keyPath: key, line: plate.origin.line,
                        expected: "a cold plate within its coolant's data", found: e.description)
      }
      for f in patch.faces { owner[f] = key }
      model.addTerm(try transientPlate(term, plate, doc))
    }
  }

  /// In a transient, the plate with its `thermalMass` and, when the case has flow events, the flow schedule of
  /// `TransientSpec.coldPlateFlowFactor`; a steady case's plate as it is.
  static func transientPlate(_ term: ColdPlateTerm, _ plate: CaseDocument.ColdPlateSpec, _ doc: CaseDocument) throws
    -> ColdPlateTerm {
    guard let spec = doc.transient else { return term }
    var t = term
    if let c = plate.thermalMass {
      do { t = try t.withThermalMass(c) } catch let e as CoolingError {
        throw CaseError(file: doc.path, keyPath: plate.origin.keyPath + ".thermalMass", line: plate.origin.line,
                        expected: "a thermal mass ≥ 0 J/K", found: e.description)
      }
    }
    let flowEvents = spec.loopEvents.contains {
      if case .pumpTrip = $0.kind { return true }
      if case .flowFactorChange = $0.kind { return true }
      return false
    }
    if flowEvents { t = t.withFlowSchedule(spec.coldPlateFlowFactor) }
    return t
  }
}
