import Foundation

/// A cell-centred finite-volume mesh: cells, faces with owner and neighbour, and named boundary patches.
///
/// Internal faces come first (`0..<internalFaceCount`), ordered by owner; boundary faces follow. A face's normal
/// is a unit vector pointing out of its owner. Void cells of the file are not cells here: `cellToFile` and
/// `fileToCell` map between the two numberings. Every boundary face belongs to exactly one patch: a patch named in the
/// file, else a domain side (`xmin` … `zmax`), else `void` (faces against void cells).
public struct FVMesh: Sendable {
  /// A boundary patch: a name and its faces (indices into the face arrays, all boundary faces).
  public struct Patch: Sendable, Equatable {
    public var name: String
    public var faces: [Int]
  }

  public let cellCount: Int
  /// Cells in the file numbering, void included.
  public let fileCellCount: Int
  /// File cell index of each cell.
  public let cellToFile: [Int]
  /// Cell index of each file cell, or -1 for void.
  public let fileToCell: [Int32]
  /// Region id of each cell.
  public let cellRegion: [Int32]
  /// m³.
  public let cellVolume: [Double]
  /// m.
  public let cellCentroid: Vector3Array
  /// Faces of each cell: `cellFaces[cellFaceStart[c]..<cellFaceStart[c+1]]` (for hexahedra in VTK local order).
  public let cellFaceStart: [Int]
  public let cellFaces: [Int32]

  public let faceCount: Int
  public let internalFaceCount: Int
  public let faceOwner: [Int32]
  /// Neighbour of each internal face (`count == internalFaceCount`).
  public let faceNeighbour: [Int32]
  /// m².
  public let faceArea: [Double]
  /// Unit normal, out of the owner.
  public let faceNormal: Vector3Array
  /// m.
  public let faceCentroid: Vector3Array

  public let patches: [Patch]
  public let regions: [RegionInfo]
  /// Relative power density per cell, when the file has `/mesh/power_weight`.
  public let powerWeight: [Double]?
  /// The rectilinear grid this mesh came from, if any (for point location and output shape).
  public let grid: RectilinearGrid?
  /// Point location on unstructured meshes.
  let locator: CellLocator?

  public var boundaryFaceCount: Int { faceCount - internalFaceCount }

  /// The patch with this name, if any.
  public func patch(named name: String) -> Patch? { patches.first { $0.name == name } }

  /// The region with this name, if any.
  public func region(named name: String) -> RegionInfo? { regions.first { $0.name == name } }

  /// The region with this id, if any.
  public func region(id: Int32) -> RegionInfo? { regions.first { $0.id == id } }

  /// Bounding box of all cells (min, max corners) in metres.
  public var bounds: (min: SIMD3<Double>, max: SIMD3<Double>) {
    var lo = SIMD3<Double>(repeating: .infinity), hi = SIMD3<Double>(repeating: -.infinity)
    for f in 0..<faceCount {
      lo = pointwiseMin(lo, faceCentroid[f])
      hi = pointwiseMax(hi, faceCentroid[f])
    }
    return (lo, hi)
  }

  /// The cell containing `point`, or nil when it lies outside the mesh or in void.
  ///
  /// A point on a face between two cells belongs to the cell on its lower-coordinate side, unless that cell is
  /// void, in which case the other one is taken.
  public func cell(containing point: SIMD3<Double>) -> Int? {
    guard let g = grid else {
      guard let locator else { return nil }
      // Inside a convex cell: behind every face plane (with a tolerance relative to the cell's size).
      for c32 in locator.candidates(point) {
        let c = Int(c32)
        let tol = 1e-9 * cbrt(cellVolume[c])
        var inside = true
        for k in cellFaceStart[c]..<cellFaceStart[c + 1] {
          let f = Int(cellFaces[k])
          let outward = Int(faceOwner[f]) == c ? faceNormal[f] : -faceNormal[f]
          if ((point - faceCentroid[f]) * outward).sum() > tol { inside = false; break }
        }
        if inside { return c }
      }
      return nil
    }
    func locate(_ nodes: [Double], _ v: Double) -> [Int] {
      guard v >= nodes[0], v <= nodes[nodes.count - 1] else { return [] }
      // Largest i with nodes[i] <= v, clamped to a cell; plus the cell below when v sits on a node.
      var lo = 0, hi = nodes.count - 1
      while hi - lo > 1 {
        let mid = (lo + hi) / 2
        if nodes[mid] <= v { lo = mid } else { hi = mid }
      }
      var candidates: [Int] = []
      if v == nodes[lo] && lo > 0 { candidates.append(lo - 1) }
      candidates.append(min(lo, nodes.count - 2))
      return candidates
    }
    for k in locate(g.z, point.z) {
      for j in locate(g.y, point.y) {
        for i in locate(g.x, point.x) {
          let c = fileToCell[g.index(i, j, k)]
          if c >= 0 { return Int(c) }
        }
      }
    }
    return nil
  }
}

extension FVMesh {
  /// Builds the finite-volume mesh of a mesh definition, checking its patches.
  public init(_ definition: MeshDefinition, file: String? = nil) throws {
    switch definition.geometry {
    case .rectilinear(let g):
      try self.init(rectilinear: g, definition: definition, file: file)
    case .unstructured(let u):
      try self.init(unstructured: u, definition: definition, file: file)
    }
  }

  /// Stores the parts the two builders compute.
  init(cellCount: Int, fileCellCount: Int, cellToFile: [Int], fileToCell: [Int32], cellRegion: [Int32],
               cellVolume: [Double], cellCentroid: Vector3Array, cellFaceStart: [Int], cellFaces: [Int32],
               internalFaceCount: Int, faceOwner: [Int32], faceNeighbour: [Int32], faceArea: [Double],
               faceNormal: Vector3Array, faceCentroid: Vector3Array, patches: [Patch], regions: [RegionInfo],
               powerWeight: [Double]?, grid: RectilinearGrid?, locator: CellLocator?) {
    self.cellCount = cellCount
    self.fileCellCount = fileCellCount
    self.cellToFile = cellToFile
    self.fileToCell = fileToCell
    self.cellRegion = cellRegion
    self.cellVolume = cellVolume
    self.cellCentroid = cellCentroid
    self.cellFaceStart = cellFaceStart
    self.cellFaces = cellFaces
    self.faceCount = faceOwner.count
    self.internalFaceCount = internalFaceCount
    self.faceOwner = faceOwner
    self.faceNeighbour = faceNeighbour
    self.faceArea = faceArea
    self.faceNormal = faceNormal
    self.faceCentroid = faceCentroid
    self.patches = patches
    self.regions = regions
    self.powerWeight = powerWeight
    self.grid = grid
    self.locator = locator
  }

  /// The patches a mesh file names, checked: every face a boundary face of a non-void cell, in one patch only.
  /// Returns them with the patch index of each boundary face (−1 where none claims it).
  /// - Parameter boundaryFace: the boundary face of a valid (cell, local face), or nil for a void cell or internal face.
  static func filePatches(_ filePatches: [MeshPatch], boundaryFace: (CellFace) -> Int?, internalCount: Int,
                          boundaryCount: Int, fileToCell: [Int32], file: String?, validFace: (CellFace) -> Bool,
                          faceRange: String) throws -> (patches: [Patch], patchOfFace: [Int]) {
    var patchOfFace = [Int](repeating: -1, count: boundaryCount)
    var patches: [Patch] = []
    for p in filePatches {
      var faces: [Int] = []
      for cf in p.faces {
        guard cf.cell >= 0, cf.cell < fileToCell.count, validFace(cf) else {
          throw MeshError(file: file, location: "/patches/\(p.name)/faces",
                          expected: "(cell, local face) with cell in 0..<\(fileToCell.count) and \(faceRange)",
                          found: "(\(cf.cell), \(cf.localFace))")
        }
        guard let id = boundaryFace(cf) else {
          throw MeshError(file: file, location: "/patches/\(p.name)/faces", expected: "boundary faces of non-void cells",
                          found: "(\(cf.cell), \(cf.localFace)), " + (fileToCell[cf.cell] < 0 ? "a face of a void cell" : "an internal face"))
        }
        let b = id - internalCount
        if patchOfFace[b] == patches.count { continue }  // listed twice in this patch (not yet in `patches`)
        if patchOfFace[b] >= 0 {
          let other = patches[patchOfFace[b]].name
          if other == p.name { continue }
          throw MeshError(file: file, location: "/patches/\(p.name)/faces", expected: "faces in one patch only",
                          found: "(\(cf.cell), \(cf.localFace)) also in patch \(other)")
        }
        patchOfFace[b] = patches.count
        faces.append(id)
      }
      patches.append(Patch(name: p.name, faces: faces.sorted()))
    }
    return (patches, patchOfFace)
  }
}
