import Foundation
import RackTwinNumerics

/// A thermal problem that cannot be set up or solved, with what a person needs to fix it.
public enum ThermalError: Error, CustomStringConvertible, Sendable {
  /// A model input that is not valid (a key or name given, what was expected, what was found).
  case invalidInput(location: String, expected: String, found: String)
  /// Cells with no thermal path to a fixed-temperature or convective boundary: no steady state exists
  /// (or, without power, the temperature is undefined). Lists the regions involved and their power in W.
  case noThermalPath(regions: [String], power: Double)
  /// The linear solver did not reach its tolerance.
  case notConverged(SolverReport)
  /// The linear solver failed (a matrix that is not positive definite, NaN input).
  case solverFailed(String)
  /// Leakage power grows faster with temperature than the cooling removes it: no steady state.
  case thermalRunaway(components: [String], temperature: Double)
  /// Picard iterations on temperature-dependent terms did not settle; the last changes (K).
  case nonlinearNotConverged(iterations: Int, changes: [Double])
  /// Deferred non-orthogonal correction passes did not settle (or grew: a sliver cell can make them diverge); the
  /// last changes of the largest cell temperature change (K) and the temperature span they are compared with (K).
  case correctionNotConverged(passes: Int, changes: [Double], span: Double)

  public var description: String {
    switch self {
    case let .invalidInput(location, expected, found):
      return "\(location): expected \(expected), found \(found)"
    case let .noThermalPath(regions, power):
      let names = regions.joined(separator: ", ")
      let what = regions.count == 1 ? "region \(names) has" : "regions \(names) have"
      if power != 0 {
        return "\(what) \(formatWatts(power)) of heat but no thermal path to a fixed-temperature or convective "
          + "boundary: no steady state exists (add a boundary condition on a patch of these regions, or connect them)"
      }
      return "\(what) no thermal path to a fixed-temperature or convective boundary: the steady temperature is "
        + "undefined (add a boundary condition on a patch of these regions, or connect them)"
    case let .notConverged(report):
      let tail = report.residualHistory.suffix(5).map { String(format: "%.3e", $0) }.joined(separator: ", ")
      return "linear solver \(report.method) did not converge: relative residual \(String(format: "%.3e", report.relativeResidual))"
        + " after \(report.iterations) iterations (tolerance \(report.tolerance.map { String(format: "%.1e", $0) } ?? "?"))"
        + (tail.isEmpty ? "" : "; last residuals \(tail)")
    case let .solverFailed(message):
      return "linear solver failed: \(message)"
    case let .thermalRunaway(components, temperature):
      return "thermal runaway: the leakage power of \(components.joined(separator: ", ")) grows faster with temperature "
        + "than the cooling removes it (temperatures reached \(String(format: "%.0f", temperature)) K); no steady state "
        + "exists: lower the leakage or the coolant temperature, or raise the cooling"
    case let .nonlinearNotConverged(iterations, changes):
      let tail = changes.map { String(format: "%.3e K", $0) }.joined(separator: ", ")
      return "nonlinear (Picard) iteration did not settle after \(iterations) iterations; last changes \(tail)"
        + " (raise solver.maxNonlinearIterations or solver.nonlinearTolerance)"
    case let .correctionNotConverged(passes, changes, span):
      let tail = changes.map { String(format: "%.3e K", $0) }.joined(separator: ", ")
      let grew = (changes.last ?? 0) > (changes.first ?? 0)
      return "non-orthogonal correction did not settle after \(passes) passes (largest change per pass \(tail); "
        + "tolerance \(String(format: "%.3e K", span))"
        + (grew ? ": the passes grow, so the mesh has cells the explicit correction cannot handle (check "
          + "`racktwin mesh inspect` for non-orthogonality and volume ratios; remesh the worst cells)" : "")
        + "; the result would be wrong, so none is written"
    }
  }
}

func formatWatts(_ w: Double) -> String { String(format: "%.6g W", w) }
