/// Face temperatures on boundary patches, as the boundary condition implies them (the same rule probes use on
/// boundary faces, DESIGN §3.1).
extension ThermalModel {
  /// The temperature (K) on boundary face `f` given the cell temperatures (K): the fixed value on a temperature
  /// face; the owner cell's value plus the linear change over the half cell the face heat flow implies otherwise.
  public func boundaryFaceTemperature(_ f: Int, cellTemperature t: [Double]) -> Double {
    let bi = f - mesh.internalFaceCount
    precondition(bi >= 0 && bi < mesh.boundaryFaceCount, "face \(f) is not a boundary face")
    let p = Int(mesh.faceOwner[f])
    let nrm = mesh.faceNormal[f]
    let dP = abs(((mesh.faceCentroid[f] - mesh.cellCentroid[p]) * nrm).sum())
    let kP = (nrm * nrm * cellConductivity[p]).sum()
    switch faceConditions[bi] {
    case .adiabatic: return t[p]
    case .temperature(let value): return value
    case .heatFlux(let q): return t[p] + q * dP / kP
    case .convection(let h, let ambient):
      let q = (ambient - t[p]) / (dP / kP + 1 / h)
      return t[p] + q * dP / kP
    case .radiation(_, let surroundings):
      let q = (surroundings - t[p]) / (dP / kP + 1 / radiationCoefficient[bi])
      return t[p] + q * dP / kP
    }
  }

  /// Area-weighted mean face temperature (K) over a named boundary patch, or nil when the mesh has no such patch.
  public func patchMeanTemperature(_ patch: String, cellTemperature t: [Double]) -> Double? {
    guard let faces = mesh.patch(named: patch)?.faces, !faces.isEmpty else { return nil }
    var ta = 0.0, a = 0.0
    for f in faces {
      ta += boundaryFaceTemperature(f, cellTemperature: t) * mesh.faceArea[f]
      a += mesh.faceArea[f]
    }
    return ta / a
  }
}
