import RackTwinIO
import RackTwinMesh

/// A case's mesh, read once: the file's bytes give both the checked definition and the checksum written into results
/// files; the memory a solve needs is checked before the finite-volume mesh is built. `racktwin solve`, `sweep` and
/// `validate` all load meshes through `load`.
public struct CaseMesh: Sendable {
  /// The mesh file as the case names it (resolved against the case file).
  public var path: String
  public var definition: MeshDefinition
  /// SHA-256 of the file's bytes, lowercase hex.
  public var checksum: String
  public var mesh: FVMesh

  public init(path: String, definition: MeshDefinition, checksum: String, mesh: FVMesh) {
    self.path = path
    self.definition = definition
    self.checksum = checksum
    self.mesh = mesh
  }

  /// Reads the mesh file of `doc` once, checks that `concurrent` solves of it fit in memory, and builds the
  /// finite-volume mesh.
  /// - Throws: `MeshError` naming the file and dataset; `ResourceError` naming the case file when memory is short.
  public static func load(for doc: CaseDocument, concurrent: Int = 1, caseFile: String? = nil) throws -> CaseMesh {
    guard let path = doc.meshPath else {
      throw CaseError(file: caseFile ?? doc.path, keyPath: "mesh", expected: "a mesh file path for a thermal solve",
                      found: "a network-only case (no \"mesh\" key)")
    }
    let bytes = try MeshFileReader.bytes(ofFileAt: path)
    let definition = try MeshFileReader.read(image: bytes, path: path)
    try MemoryEstimate.check(cells: definition.cellRegionIDs.reduce(0) { $0 + ($1 != 0 ? 1 : 0) },
                             unstructured: definition.isUnstructured, method: doc.solver.method,
                             file: caseFile ?? doc.path, concurrent: concurrent)
    let checksum = SHA256.hexDigest(bytes)
    let mesh = try FVMesh(definition, file: path)
    return CaseMesh(path: path, definition: definition, checksum: checksum, mesh: mesh)
  }
}
