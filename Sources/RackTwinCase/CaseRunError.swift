import RackTwinCooling
import RackTwinIO
import RackTwinNumerics
import RackTwinThermal

/// A failure of the physics or of the linear solver while running a case, with the case file it came from.
///
/// `description` reads like `case.yaml: no steady state: regions [die] …`, or for the hydraulic network, with the
/// key of the element or node the physics names, `case.yaml:9: network.elements.pump: pump pump: expected its curve
/// to meet the system curve, found …`. The exit status is the underlying error's (DESIGN §4.4): 1 for a solve that
/// did not converge, 2 for everything the input caused.
public struct CaseRunError: Error, CustomStringConvertible {
  /// The case file as the user named it.
  public var file: String
  /// The `ThermalError`, `LinearSolverError` or `CoolingError` that stopped the run.
  public var underlying: any Error
  /// The case key the error belongs to (a network element or node), when known; else empty.
  public var keyPath: String = ""
  /// Its line in the case file, when known.
  public var line: Int? = nil

  public init(file: String, underlying: any Error, keyPath: String = "", line: Int? = nil) {
    self.file = file
    self.underlying = underlying
    self.keyPath = keyPath
    self.line = line
  }

  public var description: String {
    let text = "\(underlying)"
    // `network: expected a pump …` already names its key.
    let key = keyPath.isEmpty || text.hasPrefix(keyPath + ": ") ? "" : keyPath + ": "
    return "\(file)" + (line.map { ":\($0)" } ?? "") + ": " + key + text
  }

  /// True when the run stopped because a solve did not converge (exit 1), not because of its input.
  public var isNonConvergence: Bool {
    if case .notConverged? = underlying as? CoolingError { return true }
    if underlying is CouplingNotSettled { return true }
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
