import RackTwinIO
import RackTwinNumerics
import RackTwinThermal

/// A failure of the physics or of the linear solver while running a case, with the case file it came from.
///
/// `description` reads like `case.yaml: no steady state: regions [die] …`. The exit status is the underlying
/// error's (DESIGN §4.4): 1 for a solve that did not converge, 2 for everything the input caused.
public struct CaseRunError: Error, CustomStringConvertible {
  /// The case file as the user named it.
  public var file: String
  /// The `ThermalError` or `LinearSolverError` that stopped the run.
  public var underlying: any Error

  public init(file: String, underlying: any Error) {
    self.file = file
    self.underlying = underlying
  }

  public var description: String { "\(file): \(underlying)" }

  /// True when the run stopped because a solve did not converge (exit 1), not because of its input.
  public var isNonConvergence: Bool {
    switch underlying as? ThermalError {
    case .notConverged?, .nonlinearNotConverged?, .correctionNotConverged?: return true
    default: return false
    }
  }

  /// Runs `body`, naming `file` in the thermal and linear-solver errors it throws; other errors pass unchanged.
  static func naming<T>(_ file: String, _ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let e as ThermalError {
      throw CaseRunError(file: file, underlying: e)
    } catch let e as LinearSolverError {
      throw CaseRunError(file: file, underlying: e)
    }
  }
}
