import RackTwinMesh

/// Quantities derived from a solved temperature field: face temperatures, heat flows, component results, probes.
struct ThermalPostProcessor {
  let model: ThermalModel
  let system: ThermalSystem
  /// K per cell.
  let temperature: [Double]
  /// Cell gradients of the last non-orthogonal correction pass (nil on orthogonal meshes).
  var gradients: [SIMD3<Double>]? = nil
  var correction: NonOrthogonalCorrection? = nil
  /// Temperatures of the added terms' own unknowns, K.
  var termTemperature: [Double] = []

  var mesh: FVMesh { model.mesh }

  /// Heat into the domain through boundary face f (W).
  func boundaryHeatIn(_ f: Int) -> Double {
    if let g = gradients, let correction { return correction.boundaryHeatIn(f, temperature, g) }
    let b = f - mesh.internalFaceCount
    let p = Int(mesh.faceOwner[f])
    return system.boundaryConductance[b] * (system.boundaryTemperature[b] - temperature[p]) + system.boundaryHeat[b]
  }

  func energyBalance() -> EnergyBalance {
    var heatIn = 0.0, heatOut = 0.0
    var perPatch: [EnergyBalance.PatchFlow] = []
    for patch in mesh.patches {
      var net = 0.0
      for f in patch.faces {
        let q = boundaryHeatIn(f)
        net += q
        if q > 0 { heatIn += q } else { heatOut -= q }
      }
      perPatch.append(.init(patch: patch.name, heatIn: net))
    }
    var streams: [HeatStream] = []
    for (term, context) in zip(model.terms, termContexts()) {
      for stream in term.heatStreams(context) {
        streams.append(HeatStream(name: term.name + "." + stream.name, heatIn: stream.heatIn))
        if stream.heatIn > 0 { heatIn += stream.heatIn } else { heatOut -= stream.heatIn }
      }
    }
    return EnergyBalance(sources: system.totalSource, heatIn: heatIn, heatOut: heatOut, perPatch: perPatch,
                         streams: streams)
  }

  /// The contexts of the model's added terms at the solved state.
  func termContexts() -> [TermContext] {
    model.addedTermContexts(temperature: temperature + termTemperature, referenceTemperature: system.referenceTemperature)
  }

  /// The added terms' metrics, each named `term.metric`.
  func termMetrics() -> [TermMetric] {
    zip(model.terms, termContexts()).flatMap { term, context in
      term.metrics(context).map { TermMetric(name: term.name + "." + $0.name, value: $0.value, units: $0.units) }
    }
  }

  func componentResults() -> [ThermalSolution.ComponentResult] {
    model.components.map { comp in
      var tMax = -Double.infinity, hottest = comp.cells[0], tv = 0.0, v = 0.0
      for c in comp.cells {
        if temperature[c] > tMax { tMax = temperature[c]; hottest = c }
        tv += temperature[c] * mesh.cellVolume[c]
        v += mesh.cellVolume[c]
      }
      return .init(name: comp.name, power: comp.power, maxTemperature: tMax, meanTemperature: tv / v,
                   limit: comp.limit, hottestCell: hottest)
    }
  }

  /// Temperature on the owner-side of face f of cell c: continuous-flux interpolation for internal faces of the
  /// same region, the cell's own side of a contact resistance or material jump, and the value the boundary condition
  /// implies on boundary faces. With gradients, an anisotropic cell's boundary face value also carries the flux part
  /// along the face: T_f = T_c − d ∇T_c·lean + q_in d/(A k_n) (`NonOrthogonalCorrection`).
  func faceTemperature(_ f: Int, cell c: Int) -> Double {
    let nrm = mesh.faceNormal[f]
    let dP = abs(((mesh.faceCentroid[f] - mesh.cellCentroid[c]) * nrm).sum())
    let kP = (nrm * nrm * model.cellConductivity[c]).sum()
    let a = mesh.faceArea[f]
    if f < mesh.internalFaceCount {
      let other = Int(mesh.faceOwner[f]) == c ? Int(mesh.faceNeighbour[f]) : Int(mesh.faceOwner[f])
      let qOut = system.conductance(ofInternalFace: f, model: model) * (temperature[c] - temperature[other])
      return temperature[c] - qOut * dP / (a * kP)
    }
    let t = temperature[c] + boundaryHeatIn(f) * dP / (a * kP)
    guard let g = gradients, !model.cellConductivity.isAllIsotropic else { return t }
    return t - dP * (g[c] * NonOrthogonalCorrection.conormalLean(nrm, model.cellConductivity[c])).sum()
  }

  /// A probe's temperature: the cell value plus, along each face direction towards the point, the linear change
  /// to that face's temperature on this cell's side (so it never interpolates across a region boundary, and a point
  /// on a boundary face reads the face temperature).
  func probeTemperature(_ probe: ThermalModel.Probe) -> Double {
    let c = probe.cell
    if let g = gradients {
      // Unstructured: the cell's least-squares gradient (fitted within its region).
      return temperature[c] + (g[c] * (probe.position - mesh.cellCentroid[c])).sum()
    }
    let offset = probe.position - mesh.cellCentroid[c]
    var t = temperature[c]
    for k in mesh.cellFaceStart[c]..<mesh.cellFaceStart[c + 1] {
      let f = Int(mesh.cellFaces[k])
      guard f >= 0 else { continue }
      let toFace = mesh.faceCentroid[f] - mesh.cellCentroid[c]
      let outward = Int(mesh.faceOwner[f]) == c ? mesh.faceNormal[f] : -mesh.faceNormal[f]
      let s = (offset * outward).sum(), d = (toFace * outward).sum()
      guard s > 0, d > 0 else { continue }
      t += (faceTemperature(f, cell: c) - temperature[c]) * s / d
    }
    return t
  }

  /// Area-weighted mean face temperature of every patch with faces (the face rule of `faceTemperature`).
  func patchResults() -> [ThermalSolution.PatchResult] {
    mesh.patches.compactMap { patch in
      guard !patch.faces.isEmpty else { return nil }
      var ta = 0.0, area = 0.0
      for f in patch.faces {
        ta += faceTemperature(f, cell: Int(mesh.faceOwner[f])) * mesh.faceArea[f]
        area += mesh.faceArea[f]
      }
      return .init(name: patch.name, meanTemperature: ta / area, area: area)
    }
  }

  func probeResults() -> [ThermalSolution.ProbeResult] {
    model.probes.map { .init(name: $0.name, position: $0.position, temperature: probeTemperature($0)) }
  }
}
