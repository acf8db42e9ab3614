import RackTwinMesh

/// Writes `racktwin.mesh` version 1 files (DESIGN §4.1, `docs/file-formats.md`).
public enum MeshFileWriter {
  /// Checks `mesh` against the schema and writes it to `path`, atomically: through `path.tmp-<pid>`, renamed into
  /// place only when complete.
  ///
  /// Throws `MeshError` for a mesh the reader would reject, `HDF5Error` or `FileWriteError` when writing fails;
  /// a failed write leaves no file behind (and any old file at `path` untouched).
  public static func write(_ mesh: MeshDefinition, to path: String) throws {
    try mesh.validate(file: path)
    try AtomicFileReplacement.write([path]) { temporaries in
      let file = try HDF5File.create(at: temporaries[0])
      defer { try? file.close() }
      try write(mesh, into: file)
      try file.close()
    }
  }

  static func write(_ mesh: MeshDefinition, into file: HDF5File) throws(HDF5Error) {
    try file.setAttribute("format", to: MeshFileReader.format, on: "/")
    try file.setAttribute("version", to: MeshFileReader.version, on: "/")
    try file.createGroup("/mesh")
    switch mesh.geometry {
    case .rectilinear(let grid):
      try file.setAttribute("kind", to: "rectilinear", on: "/mesh")
      try file.write(grid.x, shape: [grid.x.count], to: "/mesh/x", units: "m")
      try file.write(grid.y, shape: [grid.y.count], to: "/mesh/y", units: "m")
      try file.write(grid.z, shape: [grid.z.count], to: "/mesh/z", units: "m")
      let shape = [grid.nz, grid.ny, grid.nx]
      try file.write(grid.region, shape: shape, to: "/mesh/region", units: "1")
      if let weights = mesh.powerWeight {
        try file.write(weights, shape: shape, to: "/mesh/power_weight", units: "1")
      }
    case .unstructured(let u):
      try file.setAttribute("kind", to: "unstructured", on: "/mesh")
      try file.write(u.points.flatMap { [$0.x, $0.y, $0.z] }, shape: [u.points.count, 3], to: "/mesh/points", units: "m")
      try file.write(u.connectivity, shape: [u.connectivity.count], to: "/mesh/connectivity", units: "1")
      try file.write(u.offsets, shape: [u.offsets.count], to: "/mesh/offsets", units: "1")
      try file.write(u.types, shape: [u.types.count], to: "/mesh/types", units: "1")
      try file.write(u.region, shape: [u.region.count], to: "/mesh/region", units: "1")
      if let weights = mesh.powerWeight {
        try file.write(weights, shape: [weights.count], to: "/mesh/power_weight", units: "1")
      }
    }
    try file.createGroup("/regions")
    for region in mesh.regions {
      let group = "/regions/\(region.name)"
      try file.createGroup(group)
      try file.setAttribute("id", to: region.id, on: group)
      try file.setAttribute("kind", to: region.kind.rawValue, on: group)
      try file.setAttribute("material", to: region.material, on: group)
      if let component = region.component { try file.setAttribute("component", to: component, on: group) }
    }
    try file.createGroup("/patches")
    for patch in mesh.patches {
      let faces = patch.faces.flatMap { [Int64($0.cell), Int64($0.localFace)] }
      try file.write(faces, shape: [patch.faces.count, 2], to: "/patches/\(patch.name)/faces", units: "1")
    }
  }
}
