/// Why a risk analysis cannot be done as asked, naming the input or component and what was expected.
public enum RiskError: Error, Sendable, Equatable, CustomStringConvertible {
  /// An input or setting is invalid.
  case invalidInput(location: String, expected: String, found: String)
  /// The model is not linear in its inputs at fixed matrix (a nonlinear term, a non-orthogonal mesh, or an input
  /// that changes the matrix), so superposition would not be exact.
  case notSuperposable(location: String, reason: String)

  public var description: String {
    switch self {
    case let .invalidInput(location, expected, found):
      return "\(location): expected \(expected), found \(found)"
    case let .notSuperposable(location, reason):
      return "\(location): superposition does not hold: \(reason)"
    }
  }
}
