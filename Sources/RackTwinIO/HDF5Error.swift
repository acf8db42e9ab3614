import RackTwinMesh

/// An HDF5 file that cannot be opened, read or written as asked, with what a person needs to fix it.
///
/// Reads like `MeshError`: `FILE: LOCATION: expected EXPECTED, found FOUND`, where LOCATION is the object path
/// (`/mesh/x`) or an attribute as `OBJECT@NAME` (`/regions/die@kind`).
public struct HDF5Error: Error, CustomStringConvertible, Sendable, Equatable {
  /// The HDF5 file.
  public var file: String
  /// Object path, or `object@attribute`.
  public var location: String
  public var expected: String
  public var found: String

  public init(file: String, location: String, expected: String, found: String) {
    self.file = file
    self.location = location
    self.expected = expected
    self.found = found
  }

  public var description: String { "\(file): \(location): expected \(expected), found \(found)" }
}

extension MeshError {
  /// The same problem, reported as a mesh-file error.
  public init(_ error: HDF5Error) {
    self.init(file: error.file, location: error.location, expected: error.expected, found: error.found)
  }
}
