/// A mesh without cells, for models whose every unknown belongs to a term (DESIGN §3.3 lumped devices).
extension FVMesh {
  /// No cells, faces, patches or regions: a `ThermalModel` on it assembles only its terms' own unknowns, so a
  /// lumped device (an immersion tank sized from powers alone) runs through the same solver and energy balance.
  public static let empty = FVMesh(
    cellCount: 0, fileCellCount: 0, cellToFile: [], fileToCell: [], cellRegion: [], cellVolume: [],
    cellCentroid: Vector3Array(), cellFaceStart: [0], cellFaces: [], internalFaceCount: 0, faceOwner: [],
    faceNeighbour: [], faceArea: [], faceNormal: Vector3Array(), faceCentroid: Vector3Array(), patches: [],
    regions: [], powerWeight: nil, grid: nil, locator: nil)
}
