/// A problem with a sweep file, a journal or a set of shards, with what a person needs to fix it.
///
/// Reads like `CaseError`: `FILE:LINE: KEY.PATH: expected …, found …`. The CLI prints it after `error: ` and exits
/// with code 2.
public struct SweepError: Error, CustomStringConvertible, Sendable, Equatable {
  /// The sweep file, journal or shard file.
  public var file: String
  /// Key path in the sweep file, or a location such as `point 17`; empty for the whole file.
  public var keyPath: String
  /// 1-based line in `file`, when known.
  public var line: Int?
  public var expected: String
  public var found: String
  /// The nearest known key, for unknown keys.
  public var suggestion: String?

  public init(file: String, keyPath: String, line: Int? = nil, expected: String, found: String,
              suggestion: String? = nil) {
    self.file = file
    self.keyPath = keyPath
    self.line = line
    self.expected = expected
    self.found = found
    self.suggestion = suggestion
  }

  public var description: String {
    var s = file
    if let line { s += ":\(line)" }
    s += ": "
    if !keyPath.isEmpty { s += keyPath + ": " }
    return s + "expected \(expected), found \(found)"
  }
}
