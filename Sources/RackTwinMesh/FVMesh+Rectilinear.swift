extension FVMesh {
  /// Builds the FV mesh of a rectilinear grid: every non-void cell a hexahedron with its six faces in VTK local order
  /// (local face l on axis l/2, side l%2: 0 = min, 1 = max).
  ///
  /// Internal faces are numbered by owner cell, then +x, +y, +z; boundary faces (domain sides and faces against void)
  /// by cell, then local face. Every array is sized from counts taken first and filled in one pass, with no per-cell
  /// arrays and no face dictionary: a face is found from its cell and local face through `cellFaces`. Face normals
  /// are stored as axis directions, one byte per face.
  init(rectilinear g: RectilinearGrid, definition: MeshDefinition, file: String?) throws {
    let nx = g.nx, ny = g.ny, nz = g.nz
    guard nx >= 1, ny >= 1, nz >= 1, g.region.count == nx * ny * nz else {
      throw MeshError(file: file, location: "/mesh/region", expected: "\(nz)×\(ny)×\(nx) region ids",
                      found: "\(g.region.count)")
    }
    let nxy = nx * ny
    var n = 0
    let fileToCell = g.region.map { r -> Int32 in
      guard r != 0 else { return -1 }
      n += 1
      return Int32(n - 1)
    }
    guard n > 0 else {
      throw MeshError(file: file, location: "/mesh/region", expected: "at least one non-void cell", found: "all cells void (id 0)")
    }

    // Per axis: cell widths and centres (the same sums and differences per face and cell as computed cell by cell).
    func widths(_ nodes: [Double]) -> [Double] { (0..<nodes.count - 1).map { nodes[$0 + 1] - nodes[$0] } }
    func centres(_ nodes: [Double]) -> [Double] { (0..<nodes.count - 1).map { 0.5 * (nodes[$0] + nodes[$0 + 1]) } }
    let dx = widths(g.x), dy = widths(g.y), dz = widths(g.z)
    let cx = centres(g.x), cy = centres(g.y), cz = centres(g.z)

    // Whether file cell f has a non-void neighbour across local face l.
    @inline(__always) func hasNeighbour(_ f: Int, _ i: Int, _ j: Int, _ k: Int, _ l: Int) -> Bool {
      switch l {
      case 0: return i > 0 && fileToCell[f - 1] >= 0
      case 1: return i < nx - 1 && fileToCell[f + 1] >= 0
      case 2: return j > 0 && fileToCell[f - nx] >= 0
      case 3: return j < ny - 1 && fileToCell[f + nx] >= 0
      case 4: return k > 0 && fileToCell[f - nxy] >= 0
      default: return k < nz - 1 && fileToCell[f + nxy] >= 0
      }
    }

    // Counts: each internal face is seen from its owner on a max side; every cell has six faces.
    var internalCount = 0
    for k in 0..<nz {
      for j in 0..<ny {
        for i in 0..<nx {
          let f = (k * ny + j) * nx + i
          guard fileToCell[f] >= 0 else { continue }
          if hasNeighbour(f, i, j, k, 1) { internalCount += 1 }
          if hasNeighbour(f, i, j, k, 3) { internalCount += 1 }
          if hasNeighbour(f, i, j, k, 5) { internalCount += 1 }
        }
      }
    }
    let faceCount = 6 * n - internalCount

    var cellToFile = [Int](repeating: 0, count: n)
    var cellRegion = [Int32](repeating: 0, count: n)
    var volume = [Double](repeating: 0, count: n)
    var centroid = [Double](repeating: 0, count: 3 * n)
    var cellFaces = [Int32](repeating: -1, count: 6 * n)
    var owner = [Int32](repeating: 0, count: faceCount)
    var neighbour = [Int32](repeating: 0, count: internalCount)
    var area = [Double](repeating: 0, count: faceCount)
    var normal = [Int8](repeating: 0, count: faceCount)  // axis directions, see Vector3Array(axisDirections:)
    var plane = [Double](repeating: 0, count: faceCount)  // face centroids: see Vector3Array(anchors:…)

    // Cells, and internal faces from each cell to its +x, +y, +z neighbour, in cell order.
    var id = 0
    for k in 0..<nz {
      for j in 0..<ny {
        for i in 0..<nx {
          let f = (k * ny + j) * nx + i
          let c32 = fileToCell[f]
          guard c32 >= 0 else { continue }
          let c = Int(c32)
          cellToFile[c] = f
          cellRegion[c] = g.region[f]
          volume[c] = dx[i] * dy[j] * dz[k]
          centroid[3 * c] = cx[i]; centroid[3 * c + 1] = cy[j]; centroid[3 * c + 2] = cz[k]
          for l in stride(from: 1, through: 5, by: 2) where hasNeighbour(f, i, j, k, l) {
            let q = Int(fileToCell[f + (l == 1 ? 1 : l == 3 ? nx : nxy)])
            owner[id] = c32
            neighbour[id] = Int32(q)
            switch l {
            case 1:
              area[id] = dy[j] * dz[k]
              normal[id] = 1
              plane[id] = g.x[i + 1]
            case 3:
              area[id] = dx[i] * dz[k]
              normal[id] = 2
              plane[id] = g.y[j + 1]
            default:
              area[id] = dx[i] * dy[j]
              normal[id] = 3
              plane[id] = g.z[k + 1]
            }
            cellFaces[6 * c + l] = Int32(id)
            cellFaces[6 * q + l - 1] = Int32(id)
            id += 1
          }
        }
      }
    }
    // Boundary faces, in cell order then local face order.
    for k in 0..<nz {
      for j in 0..<ny {
        for i in 0..<nx {
          let f = (k * ny + j) * nx + i
          let c32 = fileToCell[f]
          guard c32 >= 0 else { continue }
          let c = Int(c32)
          for l in 0..<6 where !hasNeighbour(f, i, j, k, l) {
            owner[id] = c32
            normal[id] = Int8(l / 2 + 1) * (l % 2 == 0 ? -1 : 1)
            switch l / 2 {
            case 0:
              area[id] = dy[j] * dz[k]
              plane[id] = l == 0 ? g.x[i] : g.x[i + 1]
            case 1:
              area[id] = dx[i] * dz[k]
              plane[id] = l == 2 ? g.y[j] : g.y[j + 1]
            default:
              area[id] = dx[i] * dy[j]
              plane[id] = l == 4 ? g.z[k] : g.z[k + 1]
            }
            cellFaces[6 * c + l] = Int32(id)
            id += 1
          }
        }
      }
    }
    precondition(id == faceCount, "rectilinear face count \(id), expected \(faceCount)")

    // Patches: those in the file first, then the domain sides, then void.
    var (patches, patchOfFace) = try Self.filePatches(
      definition.patches, boundaryFace: { cf in
        let c = fileToCell[cf.cell]
        guard c >= 0 else { return nil }
        let face = Int(cellFaces[6 * Int(c) + cf.localFace])
        return face >= internalCount ? face : nil
      }, internalCount: internalCount, boundaryCount: faceCount - internalCount, fileToCell: fileToCell, file: file,
      validFace: { (0..<6).contains($0.localFace) }, faceRange: "face in 0...5")
    // The file cells on each domain side, in file (so cell) order: (first, stride, count) of the outer and inner loops.
    let sides: [(name: String, start: Int, outer: (Int, Int), inner: (Int, Int))] = [
      ("xmin", 0, (nxy, nz), (nx, ny)), ("xmax", nx - 1, (nxy, nz), (nx, ny)),
      ("ymin", 0, (nxy, nz), (1, nx)), ("ymax", nxy - nx, (nxy, nz), (1, nx)),
      ("zmin", 0, (nx, ny), (1, nx)), ("zmax", nxy * (nz - 1), (nx, ny), (1, nx)),
    ]
    for (l, side) in sides.enumerated() where !patches.contains(where: { $0.name == side.name }) {
      var faces: [Int] = []
      for a in 0..<side.outer.1 {
        for b in 0..<side.inner.1 {
          let c = fileToCell[side.start + a * side.outer.0 + b * side.inner.0]
          guard c >= 0 else { continue }
          let face = Int(cellFaces[6 * Int(c) + l])
          if patchOfFace[face - internalCount] < 0 {
            patchOfFace[face - internalCount] = patches.count
            faces.append(face)
          }
        }
      }
      patches.append(Patch(name: side.name, faces: faces))
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
      weights = n == g.cellCount ? pw : cellToFile.map { pw[$0] }
    }
    let start = (0...n).map { 6 * $0 }

    let cellCentroid = Vector3Array(coordinates: centroid)
    let faceCentroid = Vector3Array(anchors: cellCentroid, indices: owner, axisDirections: normal, planeCoordinates: plane)
    // Without void cells, cells are the file's cells in its order: share the file's per-cell arrays (4 MB at 1 M cells).
    self.init(cellCount: n, fileCellCount: g.cellCount, cellToFile: cellToFile, fileToCell: fileToCell,
              cellRegion: n == g.cellCount ? g.region : cellRegion, cellVolume: volume, cellCentroid: cellCentroid,
              cellFaceStart: start, cellFaces: cellFaces, internalFaceCount: internalCount, faceOwner: owner,
              faceNeighbour: neighbour, faceArea: area, faceNormal: Vector3Array(axisDirections: normal),
              faceCentroid: faceCentroid, patches: patches, regions: definition.regions,
              powerWeight: weights, grid: g, locator: nil)
  }
}
