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
  public let cellCentroid: [SIMD3<Double>]
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
  public let faceNormal: [SIMD3<Double>]
  /// m.
  public let faceCentroid: [SIMD3<Double>]

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

  private init(rectilinear g: RectilinearGrid, definition: MeshDefinition, file: String?) throws {
    let nx = g.nx, ny = g.ny, nz = g.nz
    guard nx >= 1, ny >= 1, nz >= 1, g.region.count == nx * ny * nz else {
      throw MeshError(file: file, location: "/mesh/region", expected: "\(nz)×\(ny)×\(nx) region ids",
                      found: "\(g.region.count)")
    }
    var fileToCell = [Int32](repeating: -1, count: g.cellCount)
    var cellToFile: [Int] = []
    cellToFile.reserveCapacity(g.cellCount)
    for f in 0..<g.cellCount where g.region[f] != 0 {
      fileToCell[f] = Int32(cellToFile.count)
      cellToFile.append(f)
    }
    let n = cellToFile.count
    guard n > 0 else {
      throw MeshError(file: file, location: "/mesh/region", expected: "at least one non-void cell", found: "all cells void (id 0)")
    }
    var volume = [Double](repeating: 0, count: n)
    var centroid = [SIMD3<Double>](repeating: .zero, count: n)
    var cellRegion = [Int32](repeating: 0, count: n)
    for c in 0..<n {
      let f = cellToFile[c]
      let i = f % nx, j = (f / nx) % ny, k = f / (nx * ny)
      let dx = g.x[i + 1] - g.x[i], dy = g.y[j + 1] - g.y[j], dz = g.z[k + 1] - g.z[k]
      volume[c] = dx * dy * dz
      centroid[c] = SIMD3(0.5 * (g.x[i] + g.x[i + 1]), 0.5 * (g.y[j] + g.y[j + 1]), 0.5 * (g.z[k] + g.z[k + 1]))
      cellRegion[c] = g.region[f]
    }

    // Local face l of a hexahedron (VTK order): axis l/2, side l%2 (0 = min, 1 = max).
    func neighbourFile(_ f: Int, _ l: Int) -> Int? {
      let i = f % nx, j = (f / nx) % ny, k = f / (nx * ny)
      switch l {
      case 0: return i > 0 ? f - 1 : nil
      case 1: return i < nx - 1 ? f + 1 : nil
      case 2: return j > 0 ? f - nx : nil
      case 3: return j < ny - 1 ? f + nx : nil
      case 4: return k > 0 ? f - nx * ny : nil
      default: return k < nz - 1 ? f + nx * ny : nil
      }
    }
    func faceGeometry(_ f: Int, _ l: Int) -> (area: Double, normal: SIMD3<Double>, centre: SIMD3<Double>) {
      let i = f % nx, j = (f / nx) % ny, k = f / (nx * ny)
      let dx = g.x[i + 1] - g.x[i], dy = g.y[j + 1] - g.y[j], dz = g.z[k + 1] - g.z[k]
      var c = SIMD3(0.5 * (g.x[i] + g.x[i + 1]), 0.5 * (g.y[j] + g.y[j + 1]), 0.5 * (g.z[k] + g.z[k + 1]))
      let sign: Double = l % 2 == 0 ? -1 : 1
      switch l / 2 {
      case 0:
        c.x = l == 0 ? g.x[i] : g.x[i + 1]
        return (dy * dz, SIMD3(sign, 0, 0), c)
      case 1:
        c.y = l == 2 ? g.y[j] : g.y[j + 1]
        return (dx * dz, SIMD3(0, sign, 0), c)
      default:
        c.z = l == 4 ? g.z[k] : g.z[k + 1]
        return (dx * dy, SIMD3(0, 0, sign), c)
      }
    }

    var owner: [Int32] = [], neighbour: [Int32] = [], area: [Double] = []
    var normal: [SIMD3<Double>] = [], fcentre: [SIMD3<Double>] = []
    var cellFaceLists = [[Int32]](repeating: [Int32](repeating: -1, count: 6), count: n)
    // Internal faces: from each cell to its +x, +y, +z neighbour, in cell order.
    for c in 0..<n {
      let f = cellToFile[c]
      for l in [1, 3, 5] {
        guard let nf = neighbourFile(f, l), fileToCell[nf] >= 0 else { continue }
        let geo = faceGeometry(f, l)
        let id = Int32(owner.count)
        owner.append(Int32(c)); neighbour.append(fileToCell[nf]); area.append(geo.area)
        normal.append(geo.normal); fcentre.append(geo.centre)
        cellFaceLists[c][l] = id
        cellFaceLists[Int(fileToCell[nf])][l - 1] = id
      }
    }
    let internalCount = owner.count
    // Boundary faces, in cell order then local face order.
    var boundaryFaceOf: [CellFace: Int] = [:]
    for c in 0..<n {
      let f = cellToFile[c]
      for l in 0..<6 {
        if let nf = neighbourFile(f, l), fileToCell[nf] >= 0 { continue }
        let geo = faceGeometry(f, l)
        let id = owner.count
        owner.append(Int32(c)); area.append(geo.area); normal.append(geo.normal); fcentre.append(geo.centre)
        cellFaceLists[c][l] = Int32(id)
        boundaryFaceOf[CellFace(cell: f, localFace: l)] = id
      }
    }

    // Patches: those in the file first, then the domain sides, then void.
    var (patches, patchOfFace) = try Self.filePatches(
      definition.patches, boundaryFaceOf: boundaryFaceOf, internalCount: internalCount,
      boundaryCount: owner.count - internalCount, fileToCell: fileToCell, file: file,
      validFace: { (0..<6).contains($0.localFace) }, faceRange: "face in 0...5")
    let sideNames = ["xmin", "xmax", "ymin", "ymax", "zmin", "zmax"]
    for (l, name) in sideNames.enumerated() where !patches.contains(where: { $0.name == name }) {
      var faces: [Int] = []
      for c in 0..<n {
        let f = cellToFile[c]
        guard neighbourFile(f, l) == nil else { continue }
        let id = Int(cellFaceLists[c][l])
        if patchOfFace[id - internalCount] < 0 {
          patchOfFace[id - internalCount] = patches.count
          faces.append(id)
        }
      }
      patches.append(Patch(name: name, faces: faces))
    }
    var voidFaces: [Int] = []
    for b in 0..<patchOfFace.count where patchOfFace[b] < 0 {
      voidFaces.append(internalCount + b)
    }
    if !patches.contains(where: { $0.name == "void" }) {
      patches.append(Patch(name: "void", faces: voidFaces))
    } else if !voidFaces.isEmpty {
      throw MeshError(file: file, location: "/patches/void", expected: "the automatic void patch to be left to the reader",
                      found: "a patch named void that leaves \(voidFaces.count) faces against void unassigned")
    }

    var weights: [Double]? = nil
    if let pw = definition.powerWeight {
      guard pw.count == g.cellCount else {
        throw MeshError(file: file, location: "/mesh/power_weight", expected: "\(g.cellCount) values (same shape as region)",
                        found: "\(pw.count)")
      }
      weights = cellToFile.map { pw[$0] }
    }
    var start = [0]
    var flat: [Int32] = []
    for c in 0..<n {
      flat.append(contentsOf: cellFaceLists[c])
      start.append(flat.count)
    }

    self.init(cellCount: n, fileCellCount: g.cellCount, cellToFile: cellToFile, fileToCell: fileToCell,
              cellRegion: cellRegion, cellVolume: volume, cellCentroid: centroid, cellFaceStart: start, cellFaces: flat,
              internalFaceCount: internalCount, faceOwner: owner, faceNeighbour: neighbour, faceArea: area,
              faceNormal: normal, faceCentroid: fcentre, patches: patches, regions: definition.regions,
              powerWeight: weights, grid: g, locator: nil)
  }

  /// Stores the parts the two builders compute.
  init(cellCount: Int, fileCellCount: Int, cellToFile: [Int], fileToCell: [Int32], cellRegion: [Int32],
               cellVolume: [Double], cellCentroid: [SIMD3<Double>], cellFaceStart: [Int], cellFaces: [Int32],
               internalFaceCount: Int, faceOwner: [Int32], faceNeighbour: [Int32], faceArea: [Double],
               faceNormal: [SIMD3<Double>], faceCentroid: [SIMD3<Double>], patches: [Patch], regions: [RegionInfo],
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
  static func filePatches(_ filePatches: [MeshPatch], boundaryFaceOf: [CellFace: Int], internalCount: Int,
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
        guard let id = boundaryFaceOf[cf] else {
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
