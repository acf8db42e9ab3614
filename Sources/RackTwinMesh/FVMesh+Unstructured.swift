/// Sorted point ids of a face: the key that matches a face seen from its two cells.
struct FaceKey: Hashable {
  var a: Int64, b: Int64, c: Int64, d: Int64
  init(_ ids: [Int64]) {
    // A sorting network on the first four ids, in registers (no array per face); a triangle's fourth is −1.
    var a = ids[0], b = ids[1], c = ids[2], d = ids.count > 3 ? ids[3] : Int64.max
    if a > b { swap(&a, &b) }
    if c > d { swap(&c, &d) }
    if a > c { swap(&a, &c) }
    if b > d { swap(&b, &d) }
    if b > c { swap(&b, &c) }
    self.a = a; self.b = b; self.c = c; self.d = ids.count > 3 ? d : -1
  }
}

extension FVMesh {
  /// Builds the FV mesh of an unstructured (VTK-cell) mesh: faces matched by their point sets; volumes, centroids and
  /// face area vectors from a triangle fan about each face's mean point. Inverted and degenerate cells are errors.
  init(unstructured u: UnstructuredCells, definition: MeshDefinition, file: String?) throws {
    try u.validate(file: file)
    var lo = SIMD3<Double>(repeating: .infinity), hi = SIMD3<Double>(repeating: -.infinity)
    for p in u.points { lo = pointwiseMin(lo, p); hi = pointwiseMax(hi, p) }
    let scale = (hi - lo).max()
    let cellToFile = Self.spaceFillingOrder(u, lo: lo, scale: scale)
    let n = cellToFile.count
    guard n > 0 else {
      throw MeshError(file: file, location: "/mesh/region", expected: "at least one non-void cell", found: "all cells void (id 0)")
    }
    var fileToCell = [Int32](repeating: -1, count: u.cellCount)
    for (c, f) in cellToFile.enumerated() { fileToCell[f] = Int32(c) }

    func cellPoints(_ f: Int) -> [Int64] { Array(u.connectivity[Int(u.offsets[f])..<Int(u.offsets[f + 1])]) }

    // Face geometry from its points (any polygon): area vector along the ordered points' right-hand normal.
    func polygon(_ ids: [Int64]) -> (area: SIMD3<Double>, centre: SIMD3<Double>) {
      let pts = ids.map { u.points[Int($0)] }
      let mean = pts.reduce(SIMD3<Double>.zero, +) / Double(pts.count)
      var s = SIMD3<Double>.zero, weighted = SIMD3<Double>.zero, total = 0.0
      for i in 0..<pts.count {
        let a = pts[i] - mean, b = pts[(i + 1) % pts.count] - mean
        let t = 0.5 * cross(a, b)
        s += t
        let w = (t * t).sum().squareRoot()
        weighted += w * (pts[i] + pts[(i + 1) % pts.count] + mean) / 3
        total += w
      }
      return (s, total > 0 ? weighted / total : mean)
    }

    var volume = [Double](repeating: 0, count: n)
    var centroid = Vector3Array(count: n)
    var cellRegion = [Int32](repeating: 0, count: n)
    var boxes: [(min: SIMD3<Double>, max: SIMD3<Double>)] = []
    boxes.reserveCapacity(n)
    for c in 0..<n {
      let f = cellToFile[c]
      let type = VTKCellType(rawValue: u.types[f])!
      let ids = cellPoints(f)
      let pts = ids.map { u.points[Int($0)] }
      let mean = pts.reduce(SIMD3<Double>.zero, +) / Double(pts.count)
      var v = 0.0, m = SIMD3<Double>.zero
      for face in type.faces {
        let fp = face.map { ids[$0] }
        let centre = polygon(fp).centre
        for i in 0..<fp.count {
          let a = u.points[Int(fp[i])], b = u.points[Int(fp[(i + 1) % fp.count])]
          let t = ((centre - mean) * cross(a - mean, b - mean)).sum() / 6
          v += t
          m += t * (mean + centre + a + b) / 4
        }
      }
      guard v > 1e-12 * scale * scale * scale else {
        throw MeshError(file: file, location: "cell \(f)", expected: "a positively oriented \(type.name) with volume > 0 (VTK point order)",
                        found: v < 0 ? String(format: "an inverted cell (signed volume %.3e m³)", v) : "zero volume")
      }
      volume[c] = v
      centroid[c] = m / v
      cellRegion[c] = u.region[f]
      var bl = pts[0], bh = pts[0]
      for p in pts { bl = pointwiseMin(bl, p); bh = pointwiseMax(bh, p) }
      boxes.append((bl, bh))
    }

    // Match faces: the first cell to list a face owns it; a second makes it internal; a third is an error.
    struct Seen { var owner: Int; var local: Int; var neighbour: Int; var neighbourLocal: Int }
    var localFaces = 0
    for c in 0..<n { localFaces += VTKCellType(rawValue: u.types[cellToFile[c]])!.faces.count }
    var seen: [FaceKey: Int] = [:]
    seen.reserveCapacity(localFaces * 2 / 3)
    var records: [Seen] = []
    records.reserveCapacity(localFaces * 2 / 3)
    for c in 0..<n {
      let f = cellToFile[c]
      let ids = cellPoints(f)
      for (l, face) in VTKCellType(rawValue: u.types[f])!.faces.enumerated() {
        let fp = face.map { ids[$0] }
        let key = FaceKey(fp)
        if let r = seen[key] {
          guard records[r].neighbour < 0 else {
            throw MeshError(file: file, location: "cell \(f)", expected: "each face shared by at most two cells",
                            found: "local face \(l) also a face of cells \(cellToFile[records[r].owner]) and \(cellToFile[records[r].neighbour])")
          }
          records[r].neighbour = c
          records[r].neighbourLocal = l
        } else {
          seen[key] = records.count
          records.append(Seen(owner: c, local: l, neighbour: -1, neighbourLocal: -1))
        }
      }
    }
    let internalRecords = records.indices.filter { records[$0].neighbour >= 0 }
    let boundaryRecords = records.indices.filter { records[$0].neighbour < 0 }
    var owner: [Int32] = [], neighbour: [Int32] = [], area: [Double] = []
    var normal = Vector3Array(), fcentre = Vector3Array()
    owner.reserveCapacity(records.count); neighbour.reserveCapacity(internalRecords.count)
    area.reserveCapacity(records.count); normal.reserveCapacity(records.count); fcentre.reserveCapacity(records.count)
    var cellFaceStart = [0]
    var offsets = [Int](repeating: 0, count: n)
    for c in 0..<n {
      offsets[c] = cellFaceStart[c]
      cellFaceStart.append(cellFaceStart[c] + VTKCellType(rawValue: u.types[cellToFile[c]])!.faces.count)
    }
    var cellFaces = [Int32](repeating: -1, count: cellFaceStart[n])
    for r in internalRecords + boundaryRecords {
      let rec = records[r]
      // The face's points in the owner's order (its key sorted them).
      let ownerFile = cellToFile[rec.owner]
      let ownerPoints = cellPoints(ownerFile)
      let geo = polygon(VTKCellType(rawValue: u.types[ownerFile])!.faces[rec.local].map { ownerPoints[$0] })
      let a = (geo.area * geo.area).sum().squareRoot()
      guard a > 0 else {
        throw MeshError(file: file, location: "cell \(cellToFile[rec.owner])", expected: "faces of non-zero area",
                        found: "local face \(rec.local) with zero area")
      }
      var nrm = geo.area / a
      if ((geo.centre - centroid[rec.owner]) * nrm).sum() < 0 { nrm = -nrm }
      let id = owner.count
      owner.append(Int32(rec.owner)); area.append(a); normal.append(nrm); fcentre.append(geo.centre)
      cellFaces[offsets[rec.owner] + rec.local] = Int32(id)
      if rec.neighbour >= 0 {
        neighbour.append(Int32(rec.neighbour))
        cellFaces[offsets[rec.neighbour] + rec.neighbourLocal] = Int32(id)
      }
    }
    let internalCount = neighbour.count

    var (patches, patchOfFace) = try Self.filePatches(
      definition.patches, boundaryFace: { cf in
        let c = fileToCell[cf.cell]
        guard c >= 0 else { return nil }
        let face = Int(cellFaces[cellFaceStart[Int(c)] + cf.localFace])
        return face >= internalCount ? face : nil
      }, internalCount: internalCount,
      boundaryCount: owner.count - internalCount, fileToCell: fileToCell, file: file,
      validFace: { cf in VTKCellType(rawValue: u.types[cf.cell]).map { (0..<$0.faces.count).contains(cf.localFace) } ?? false },
      faceRange: "a local face of that cell's type")
    let unnamed = patchOfFace.indices.filter { patchOfFace[$0] < 0 }.map { $0 + internalCount }
    if let i = patches.firstIndex(where: { $0.name == "void" }) {
      patches[i].faces = (patches[i].faces + unnamed).sorted()
    } else {
      patches.append(Patch(name: "void", faces: unnamed))
    }

    var weights: [Double]? = nil
    if let pw = definition.powerWeight {
      guard pw.count == u.cellCount else {
        throw MeshError(file: file, location: "/mesh/power_weight", expected: "\(u.cellCount) values (one per cell)", found: "\(pw.count)")
      }
      weights = cellToFile.map { pw[$0] }
    }

    self.init(cellCount: n, fileCellCount: u.cellCount, cellToFile: cellToFile, fileToCell: fileToCell,
              cellRegion: cellRegion, cellVolume: volume, cellCentroid: centroid, cellFaceStart: cellFaceStart,
              cellFaces: cellFaces, internalFaceCount: internalCount, faceOwner: owner, faceNeighbour: neighbour,
              faceArea: area, faceNormal: normal, faceCentroid: fcentre, patches: patches, regions: definition.regions,
              powerWeight: weights, grid: nil, locator: CellLocator(cellBoxes: boxes))
  }
}

extension FVMesh {
  /// The non-void file cells in Z order (Morton 1966) of their first point: cells near in space get near indices, so
  /// the neighbours a face, gradient or matrix row reads are mostly in cache. Gmsh numbers tetrahedra with almost no
  /// locality (1 M tetrahedra of a 1 m cube: consecutive cells 0.66 m apart on average), and a solve on that order
  /// spent most of its time waiting for memory. Ties keep file order; results stay in file order (`cellToFile`).
  static func spaceFillingOrder(_ u: UnstructuredCells, lo: SIMD3<Double>, scale: Double) -> [Int] {
    // 21 bits per axis: every third bit of a 63-bit key.
    @inline(__always) func spread(_ v: UInt64) -> UInt64 {
      var x = v & 0x1f_ffff
      x = (x | x << 32) & 0x1f_0000_0000_ffff
      x = (x | x << 16) & 0x1f_0000_ff00_00ff
      x = (x | x << 8) & 0x100f_00f0_0f00_f00f
      x = (x | x << 4) & 0x10c3_0c30_c30c_30c3
      x = (x | x << 2) & 0x1249_2492_4924_9249
      return x
    }
    let inverse = scale > 0 ? 2_097_151 / scale : 0
    var keyed: [(key: UInt64, file: Int)] = []
    keyed.reserveCapacity(u.cellCount)
    for f in 0..<u.cellCount where u.region[f] != 0 {
      let q = (u.points[Int(u.connectivity[Int(u.offsets[f])])] - lo) * inverse
      let i = UInt64(min(max(q.x, 0), 2_097_151)), j = UInt64(min(max(q.y, 0), 2_097_151))
      let k = UInt64(min(max(q.z, 0), 2_097_151))
      keyed.append((spread(i) | spread(j) << 1 | spread(k) << 2, f))
    }
    keyed.sort { $0.key < $1.key || ($0.key == $1.key && $0.file < $1.file) }
    return keyed.map(\.file)
  }
}

@inline(__always) func cross(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> SIMD3<Double> {
  SIMD3(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x)
}
