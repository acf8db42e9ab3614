import RackTwinMesh

/// A face's node indices, sorted: the key that matches a Gmsh surface element to a cell face. A triangle's fourth is −1.
private struct SortedFace: Hashable {
  var a: Int32, b: Int32, c: Int32, d: Int32

  init(_ p0: Int32, _ p1: Int32, _ p2: Int32, _ p3: Int32?) {
    var a = p0, b = p1, c = p2, d = p3 ?? Int32.max
    if a > b { swap(&a, &b) }
    if c > d { swap(&c, &d) }
    if a > c { swap(&a, &c) }
    if b > d { swap(&b, &d) }
    if b > c { swap(&b, &c) }
    self.a = a; self.b = b; self.c = c; self.d = p3 == nil ? -1 : d
  }
}

extension GmshContents {
  /// VTK point i of a cell is Gmsh node `gmshToVTK[type][i]` (Gmsh reference manual, "Node ordering"; prisms swap
  /// 1↔2 and 4↔5, see `GmshReader`).
  private static func gmshToVTK(_ type: VTKCellType) -> [Int] {
    switch type {
    case .tetra: return [0, 1, 2, 3]
    case .hexahedron: return [0, 1, 2, 3, 4, 5, 6, 7]
    case .wedge: return [0, 2, 1, 3, 5, 4]
    case .pyramid: return [0, 1, 2, 3, 4]
    }
  }

  /// The mirror image of a VTK-ordered cell (the same cell, inverted orientation).
  private static func mirror(_ type: VTKCellType) -> [Int] {
    switch type {
    case .tetra: return [0, 2, 1, 3]
    case .hexahedron: return [0, 3, 2, 1, 4, 7, 6, 5]
    case .wedge: return [0, 2, 1, 3, 5, 4]
    case .pyramid: return [0, 3, 2, 1, 4]
    }
  }

  /// Six times the signed volume of a corner tetrahedron of a VTK-ordered cell: positive for a positively oriented
  /// cell (faces counter-clockwise seen from outside, `VTKCellType.faces`).
  private static func cornerVolume(_ type: VTKCellType, _ p: (Int) -> SIMD3<Double>) -> Double {
    func det(_ u: SIMD3<Double>, _ v: SIMD3<Double>, _ w: SIMD3<Double>) -> Double {
      u.x * (v.y * w.z - v.z * w.y) - u.y * (v.x * w.z - v.z * w.x) + u.z * (v.x * w.y - v.y * w.x)
    }
    let o = p(0)
    switch type {
    case .tetra: return det(p(1) - o, p(2) - o, p(3) - o)
    case .hexahedron: return det(p(1) - o, p(3) - o, p(4) - o)
    case .wedge: return det(p(2) - o, p(1) - o, p(3) - o)
    case .pyramid: return det(p(1) - o, p(3) - o, p(4) - o)
    }
  }

  /// The `racktwin.mesh` definition of these contents: regions from physical volume groups, patches from physical
  /// surface groups, points in metres (`options.lengthScale`), only the nodes cells use.
  func meshDefinition(file: String, options: GmshImportOptions) throws(MeshError) -> GmshImport {
    func fail(_ section: String, _ expected: String, _ found: String) -> MeshError {
      MeshError(file: file, location: section, expected: expected, found: found)
    }
    func volumeName(_ tag: Int) -> String { physicalNames[3]?[tag] ?? "volume\(tag)" }
    func surfaceName(_ tag: Int) -> String { physicalNames[2]?[tag] ?? "surface\(tag)" }

    // Node tag → index in `nodeTags`.
    let maxTag = nodeTags.max() ?? 0
    guard nodeTags.count < Int(Int32.max) else { throw fail("$Nodes", "fewer than 2³¹ nodes", "\(nodeTags.count)") }
    var dense: [Int32] = []
    var sparse: [Int: Int32] = [:]
    let useDense = maxTag <= 4 * nodeTags.count + 1024
    if useDense {
      dense = [Int32](repeating: -1, count: maxTag + 1)
      for (i, t) in nodeTags.enumerated() {
        guard dense[t] < 0 else { throw fail("$Nodes", "each node tag once", "node tag \(t) twice") }
        dense[t] = Int32(i)
      }
    } else {
      sparse.reserveCapacity(nodeTags.count)
      for (i, t) in nodeTags.enumerated() {
        guard sparse.updateValue(Int32(i), forKey: t) == nil else { throw fail("$Nodes", "each node tag once", "node tag \(t) twice") }
      }
    }
    func index(_ tag: Int, _ what: @autoclosure () -> String) throws(MeshError) -> Int32 {
      let i = useDense ? (tag < dense.count ? dense[tag] : -1) : (sparse[tag] ?? -1)
      guard i >= 0 else { throw fail("$Elements", "node tags listed in $Nodes", "node tag \(tag) in \(what())") }
      return i
    }

    // Regions: one per physical volume group that holds cells.
    guard !volumeBlocks.isEmpty else {
      throw fail("$Elements", "3-D elements (tetrahedra, hexahedra, prisms or pyramids; mesh with gmsh -3)", "none (a surface mesh?)")
    }
    guard sawEntities, entityPhysicals[3]!.values.contains(where: { !$0.isEmpty }) else {
      throw fail("$Entities", "physical volume groups naming the regions (Physical Volume(\"die\") = {1}; in the .geo)", "none")
    }
    var regionOfBlock: [Int32] = []
    var regionTags = Set<Int>()
    for block in volumeBlocks {
      let groups = entityPhysicals[3]![block.entity] ?? []
      guard !groups.isEmpty else {
        throw fail("$Elements", "every meshed volume in a physical volume group",
                   "volume \(block.entity) (\(block.count) cells) in none")
      }
      guard groups.count == 1 else {
        throw fail("$Entities", "each volume in one physical volume group",
                   "volume \(block.entity) in \(groups.map { "\"\(volumeName($0))\"" }.joined(separator: " and "))")
      }
      guard groups[0] >= 1, groups[0] <= Int(Int32.max) else {
        throw fail("$Entities", "physical tags in 1…2³¹−1", "\(groups[0])")
      }
      regionOfBlock.append(Int32(groups[0]))
      regionTags.insert(groups[0])
    }
    let regionNames = Set(regionTags.map(volumeName))
    for name in options.materials.keys.sorted() + options.kinds.keys.sorted() where !regionNames.contains(name) {
      throw MeshError(location: "region \"\(name)\"", expected: "a physical volume group of \(file) (\(regionNames.sorted().joined(separator: ", ")))",
                      found: "no such group")
    }
    let regions = regionTags.sorted().map { tag -> RegionInfo in
      let name = volumeName(tag)
      return RegionInfo(name: name, id: Int32(tag), kind: options.kinds[name] ?? .solid, material: options.materials[name] ?? name)
    }

    // Cells in VTK order, positively oriented.
    let cellCount = volumeBlocks.reduce(0) { $0 + $1.count }
    var types: [UInt8] = [], region: [Int32] = [], offsets: [Int64] = [0], connectivity: [Int64] = []
    types.reserveCapacity(cellCount); region.reserveCapacity(cellCount); offsets.reserveCapacity(cellCount + 1)
    connectivity.reserveCapacity(volumeBlocks.reduce(0) { $0 + $1.nodes.count })
    var reoriented = 0
    var ids = [Int64](repeating: 0, count: 8), vtk = [Int64](repeating: 0, count: 8)
    for (b, block) in volumeBlocks.enumerated() {
      let type = GmshElementType.vtk(block.type)!
      let n = type.pointCount, order = Self.gmshToVTK(type), flip = Self.mirror(type)
      for e in 0..<block.count {
        for k in 0..<n {
          ids[k] = Int64(try index(block.nodes[e * n + k], "element \(e + 1) of volume \(block.entity)'s block"))
        }
        for k in 0..<n { vtk[k] = ids[order[k]] }
        if Self.cornerVolume(type, { nodeCoordinates[Int(vtk[$0])] }) < 0 {
          for k in 0..<n { ids[k] = vtk[flip[k]] }
          for k in 0..<n { vtk[k] = ids[k] }
          reoriented += 1
        }
        connectivity.append(contentsOf: vtk[0..<n])
        offsets.append(Int64(connectivity.count))
        types.append(type.rawValue)
        region.append(regionOfBlock[b])
      }
    }

    // Patches: each physical surface group's elements matched to cell faces by their nodes.
    var notes: [String] = []
    if reoriented > 0 {
      notes.append("\(reoriented) of \(cellCount) cells were inverted in the file (mirrored node order) and were reoriented")
    }
    var patchTags: [Int] = []
    var elementPatch: [Int] = [], elementTag: [Int] = [], elementEntity: [Int] = []
    var faceElement: [SortedFace: Int] = [:]
    var onSurface = [Bool](repeating: false, count: nodeTags.count)
    for block in surfaceBlocks {
      let groups = entityPhysicals[2]![block.entity]!
      guard groups.count == 1 else {
        throw fail("$Entities", "each surface in at most one physical surface group (a face belongs to one patch)",
                   "surface \(block.entity) in \(groups.map { "\"\(surfaceName($0))\"" }.joined(separator: " and "))")
      }
      let patch: Int
      if let p = patchTags.firstIndex(of: groups[0]) { patch = p } else { patch = patchTags.count; patchTags.append(groups[0]) }
      let n = block.type == GmshElementType.triangle ? 3 : 4
      for e in 0..<block.count {
        var p = [Int32](repeating: 0, count: n)
        for k in 0..<n {
          p[k] = try index(block.nodes[e * n + k], "element \(block.tags[e]) of surface \(block.entity)")
          onSurface[Int(p[k])] = true
        }
        let key = SortedFace(p[0], p[1], p[2], n == 4 ? p[3] : nil)
        if let other = faceElement[key] {
          guard elementPatch[other] == patch else {
            throw fail("$Elements", "each face in one physical surface group",
                       "element \(block.tags[e]) of \"\(surfaceName(groups[0]))\" on the face of element \(elementTag[other]) of \"\(surfaceName(patchTags[elementPatch[other]]))\"")
          }
          continue
        }
        faceElement[key] = elementPatch.count
        elementPatch.append(patch); elementTag.append(block.tags[e]); elementEntity.append(block.entity)
      }
    }
    var matches = [UInt8](repeating: 0, count: elementPatch.count)
    var match = [CellFace](repeating: CellFace(cell: -1, localFace: -1), count: elementPatch.count)
    if !elementPatch.isEmpty {
      for c in 0..<cellCount {
        let type = VTKCellType(rawValue: types[c])!
        let start = Int(offsets[c])
        for (l, face) in type.faces.enumerated() {
          guard face.allSatisfy({ onSurface[Int(connectivity[start + $0])] }) else { continue }
          let p = face.map { Int32(connectivity[start + $0]) }
          guard let e = faceElement[SortedFace(p[0], p[1], p[2], p.count == 4 ? p[3] : nil)] else { continue }
          matches[e] &+= 1
          if matches[e] == 1 { match[e] = CellFace(cell: c, localFace: l) }
        }
      }
    }
    var patches: [MeshPatch] = []
    for (p, tag) in patchTags.enumerated().sorted(by: { $0.element < $1.element }) {  // in physical tag order
      var faces: [CellFace] = [], interior = 0, total = 0
      for e in elementPatch.indices where elementPatch[e] == p {
        total += 1
        switch matches[e] {
        case 0:
          throw fail("$Elements", "surface elements on faces of volume cells",
                     "element \(elementTag[e]) of physical surface \"\(surfaceName(tag))\" (surface \(elementEntity[e])) on no cell face")
        case 1: faces.append(match[e])
        default: interior += 1
        }
      }
      let name = surfaceName(tag)
      if faces.isEmpty {
        notes.append("physical surface \"\(name)\" lies inside the mesh (all \(total) faces between two cells): not a "
                     + "boundary patch, left out (contact between regions is set by the case's `interfaces`)")
        continue
      }
      if interior > 0 {
        notes.append("physical surface \"\(name)\": \(interior) of \(total) faces lie between two cells and are left out of the patch")
      }
      patches.append(MeshPatch(name: name, faces: faces))
    }

    // Only the nodes cells use, in file order, in metres.
    var newIndex = [Int64](repeating: -1, count: nodeTags.count)
    for i in connectivity { newIndex[Int(i)] = 0 }
    var points: [SIMD3<Double>] = []
    points.reserveCapacity(nodeTags.count)
    for i in 0..<nodeTags.count where newIndex[i] == 0 {
      newIndex[i] = Int64(points.count)
      points.append(nodeCoordinates[i] * options.lengthScale)
    }
    for k in connectivity.indices { connectivity[k] = newIndex[Int(connectivity[k])] }

    let cells = UnstructuredCells(points: points, connectivity: connectivity, offsets: offsets, types: types, region: region)
    return GmshImport(definition: MeshDefinition(geometry: .unstructured(cells), regions: regions, patches: patches),
                      notes: notes, encoding: binary ? "binary" : "ASCII")
  }
}
