/// A file `racktwin report` cannot read, or an option it cannot use, with what a person needs to fix it.
///
/// Reads like `HDF5Error`: `FILE: LOCATION: expected EXPECTED, found FOUND`, where LOCATION is a dataset path
/// (`/sweep/points/status`), an attribute (`/@format`) or an option (`--slice`).
public struct ReportError: Error, CustomStringConvertible, Sendable, Equatable {
  public var file: String
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
