/// A problem in a case file, a mesh-generator spec or a `--set` override, with what a person needs to fix it.
///
/// `description` reads like `case.yaml:12: components.gpu0.power: expected a power (W), found "5 kg" (a mass)`.
/// The CLI prints it after `error: ` and exits with code 2 (DESIGN §4.4).
public struct CaseError: Error, CustomStringConvertible, Sendable, Equatable {
  /// The file as the user named it.
  public var file: String
  /// Dotted key path of the offending entry (`components.gpu0.power`, `interfaces.0.between`); empty for the
  /// whole file.
  public var keyPath: String
  /// 1-based line in `file`, when known (nil for values that came from a `--set` override).
  public var line: Int?
  /// What was expected, e.g. `a power (W)` or `one of [a, b] (did you mean "a"?)`.
  public var expected: String
  /// What was found, e.g. `"5 kg" (a mass)`.
  public var found: String
  /// The nearest known key or name, for unknown keys and names.
  public var suggestion: String?
  /// The `--set` override that supplied the offending value, if any.
  public var override: String?

  public init(file: String, keyPath: String, line: Int? = nil, expected: String, found: String,
              suggestion: String? = nil, override: String? = nil) {
    self.file = file
    self.keyPath = keyPath
    self.line = line
    self.expected = expected
    self.found = found
    self.suggestion = suggestion
    self.override = override
  }

  public var description: String {
    var s = file
    if let line { s += ":\(line)" }
    s += ": "
    if !keyPath.isEmpty { s += keyPath + ": " }
    s += "expected \(expected), found \(Self.abbreviated(found))"
    if let override { s += " (from --set \(Self.abbreviated(override)))" }
    return s
  }

  /// Text echoed from the input, cut in the middle when long (a 200 kB value makes a useless message).
  static func abbreviated(_ text: String, limit: Int = 300) -> String {
    guard text.count > limit else { return text }
    return "\(text.prefix(limit / 2)) … \(text.suffix(limit / 4)) (\(text.count) characters)"
  }
}
