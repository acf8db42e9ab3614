/// A mesh that cannot be read or built, with what a person needs to fix it.
///
/// Reads as `FILE: LOCATION: expected EXPECTED, found FOUND`, e.g.
/// `stack.h5: /mesh/x: expected strictly increasing coordinates, found x[4] = 0.01 ≤ x[3] = 0.012`.
public struct MeshError: Error, CustomStringConvertible, Sendable, Equatable {
  /// The mesh file, when the error comes from one.
  public var file: String?
  /// Dataset, attribute, group or cell the error is about (`/mesh/region`, `/regions/die@kind`, `cell 41`).
  public var location: String
  public var expected: String
  public var found: String

  public init(file: String? = nil, location: String, expected: String, found: String) {
    self.file = file
    self.location = location
    self.expected = expected
    self.found = found
  }

  public var description: String {
    let prefix = file.map { "\($0): " } ?? ""
    return "\(prefix)\(location): expected \(expected), found \(found)"
  }
}
