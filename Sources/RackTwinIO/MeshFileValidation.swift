import RackTwinMesh

/// The `racktwin.mesh` v1 invariants (DESIGN §4.1) that hold whatever the storage: checked by the reader after
/// decoding and by the writer before writing, so a file the writer accepts is one the reader accepts.
extension MeshDefinition {
  /// Throws the first violation as a `MeshError` naming `file` and the dataset or attribute that holds it.
  func validate(file: String) throws(MeshError) {
    func fail(_ location: String, _ expected: String, _ found: String) -> MeshError {
      MeshError(file: file, location: location, expected: expected, found: found)
    }
    switch geometry {
    case .rectilinear(let g): try validateRectilinear(g, file: file)
    case .unstructured(let u): try validateUnstructured(u, file: file)
    }
  }

  private func validateUnstructured(_ u: UnstructuredCells, file: String) throws(MeshError) {
    do {
      try u.validate(file: file)
    } catch let e as MeshError {
      throw e
    } catch {
      throw MeshError(file: file, location: "/mesh", expected: "a valid unstructured mesh", found: "\(error)")
    }
    let cellCount = u.cellCount
    if let weights = powerWeight {
      guard weights.count == cellCount else {
        throw MeshError(file: file, location: "/mesh/power_weight", expected: "\(cellCount) values (one per cell)", found: "\(weights.count)")
      }
      if let c = weights.firstIndex(where: { !($0.isFinite && $0 >= 0) }) {
        throw MeshError(file: file, location: "/mesh/power_weight", expected: "finite weights ≥ 0", found: "\(weights[c]) at cell \(c)")
      }
    }
    try validateRegionsAndPatches(region: u.region, file: file, cellText: { "cell \($0)" }) { c in
      VTKCellType(rawValue: u.types[c]).map { $0.faces.count } ?? 0
    }
  }

  private func validateRectilinear(_ grid: RectilinearGrid, file: String) throws(MeshError) {
    func fail(_ location: String, _ expected: String, _ found: String) -> MeshError {
      MeshError(file: file, location: location, expected: expected, found: found)
    }
    for (axis, nodes) in [("x", grid.x), ("y", grid.y), ("z", grid.z)] {
      let location = "/mesh/\(axis)"
      guard nodes.count >= 2 else { throw fail(location, "at least 2 node coordinates", "\(nodes.count)") }
      for (i, value) in nodes.enumerated() {
        guard value.isFinite else { throw fail(location, "finite coordinates", "\(axis)[\(i)] = \(value)") }
        if i > 0, value <= nodes[i - 1] {
          throw fail(location, "strictly increasing coordinates",
                     "\(axis)[\(i)] = \(value) ≤ \(axis)[\(i - 1)] = \(nodes[i - 1])")
        }
      }
    }
    // Finite, strictly increasing coordinates can still give cells whose size overflows (±1e308) or whose
    // volume underflows to 0 (denormal spacing): the FV mesh needs finite, non-zero volumes.
    for (axis, nodes) in [("x", grid.x), ("y", grid.y), ("z", grid.z)] where !(nodes[nodes.count - 1] - nodes[0]).isFinite {
      throw fail("/mesh/\(axis)", "coordinates spanning a finite length", "\(axis) from \(nodes[0]) to \(nodes[nodes.count - 1])")
    }
    func minWidth(_ n: [Double]) -> Double { zip(n.dropFirst(), n).map { $0 - $1 }.min() ?? 0 }
    let smallest = minWidth(grid.x) * minWidth(grid.y) * minWidth(grid.z)
    guard smallest.isNormal else {
      throw fail("/mesh", "cells of non-zero volume in floating point",
                 "a smallest cell of \(minWidth(grid.x)) × \(minWidth(grid.y)) × \(minWidth(grid.z)) m³")
    }
    let cellCount = grid.cellCount
    let shapeText = "[nz][ny][nx] = [\(grid.nz)][\(grid.ny)][\(grid.nx)]"
    guard grid.region.count == cellCount else {
      throw fail("/mesh/region", "\(cellCount) region ids (\(shapeText))", "\(grid.region.count)")
    }
    if let weights = powerWeight {
      guard weights.count == cellCount else {
        throw fail("/mesh/power_weight", "\(cellCount) values (\(shapeText))", "\(weights.count)")
      }
      if let c = weights.firstIndex(where: { !($0.isFinite && $0 >= 0) }) {
        throw fail("/mesh/power_weight", "finite weights ≥ 0",
                   "\(weights[c]) at cell \(c) (\(Self.cellText(c, grid)))")
      }
    }

    try validateRegionsAndPatches(region: grid.region, file: file, cellText: { Self.cellText($0, grid) }) { _ in 6 }
  }

  /// Region table, region ids and patch faces; `faceCount(c)` is the number of local faces of file cell c.
  private func validateRegionsAndPatches(region: [Int32], file: String, cellText: (Int) -> String,
                                         faceCount: (Int) -> Int) throws(MeshError) {
    func fail(_ location: String, _ expected: String, _ found: String) -> MeshError {
      MeshError(file: file, location: location, expected: expected, found: found)
    }
    let cellCount = region.count
    var regionByID: [Int32: String] = [:]
    var regionNames = Set<String>()
    for region in regions {
      let location = "/regions/\(region.name)"
      try Self.checkName(region.name, under: "/regions", file: file)
      guard regionNames.insert(region.name).inserted else {
        throw fail(location, "one region of each name", "\(region.name) twice")
      }
      guard region.id >= 1 else {
        throw fail(location + "@id", "a region id ≥ 1 (0 is void)", "\(region.id)")
      }
      if let other = regionByID[region.id] {
        throw fail(location + "@id", "a region id not used by another region", "\(region.id), also used by /regions/\(other)")
      }
      regionByID[region.id] = region.name
      guard !region.material.isEmpty else { throw fail(location + "@material", "a material name", "an empty string") }
    }
    for (c, id) in region.enumerated() where id != 0 && regionByID[id] == nil {
      throw fail("/mesh/region", "region ids that are 0 (void) or listed under /regions",
                 "id \(id) at cell \(c) (\(cellText(c))) with no /regions entry")
    }

    var patchNames = Set<String>()
    for patch in patches {
      let location = "/patches/\(patch.name)/faces"
      try Self.checkName(patch.name, under: "/patches", file: file)
      guard patchNames.insert(patch.name).inserted else {
        throw fail("/patches/\(patch.name)", "one patch of each name", "\(patch.name) twice")
      }
      for (n, face) in patch.faces.enumerated() {
        let faceText = "faces[\(n)] = (\(face.cell), \(face.localFace))"
        guard (0..<cellCount).contains(face.cell) else {
          throw fail(location, "cell indices in 0..<\(cellCount)", faceText)
        }
        let faces = faceCount(face.cell)
        guard (0..<faces).contains(face.localFace) else {
          throw fail(location, "local face indices in 0...\(faces - 1) (\(faces == 6 ? "hexahedron" : "the cell's type"))", faceText)
        }
        guard region[face.cell] != 0 else {
          throw fail(location, "faces of non-void cells", "\(faceText) on void cell \(face.cell) (\(cellText(face.cell)))")
        }
      }
    }
  }

  /// `i = 1, j = 0, k = 2` for a file cell index.
  static func cellText(_ c: Int, _ grid: RectilinearGrid) -> String {
    "i = \(c % grid.nx), j = \(c / grid.nx % grid.ny), k = \(c / (grid.nx * grid.ny))"
  }

  /// A group name must be one HDF5 path component.
  static func checkName(_ name: String, under parent: String, file: String) throws(MeshError) {
    guard !name.isEmpty, !name.contains("/"), name != ".", name != ".." else {
      throw MeshError(file: file, location: "\(parent)/\(name)", expected: "a name without '/' that is not empty, '.' or '..'",
                      found: "\"\(name)\"")
    }
  }
}
