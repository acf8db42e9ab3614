import Foundation

/// Why a linear solve failed.
public enum LinearSolverError: Error, CustomStringConvertible, Sendable {
  /// An iterative solver stopped before meeting its tolerance; the report says how far it got.
  case notConverged(SolverReport)
  /// The matrix (or a preconditioner built from it) is not symmetric positive definite.
  case notPositiveDefinite(detail: String)
  /// NaN or infinity in the matrix or right-hand side, a size mismatch, or a singular matrix.
  case invalidInput(String)

  public var description: String {
    switch self {
    case let .notConverged(report):
      let last = report.residualHistory.suffix(5).map { formatResidual($0) }.joined(separator: ", ")
      return "\(report.method) did not converge: relative residual \(formatResidual(report.relativeResidual))"
        + " after \(report.iterations) iterations, tolerance \(report.tolerance.map(formatResidual) ?? "n/a")"
        + (last.isEmpty ? "" : "; last residuals [\(last)]")
    case let .notPositiveDefinite(detail):
      return "matrix is not positive definite: \(detail)"
    case let .invalidInput(message):
      return "invalid linear system: \(message)"
    }
  }
}

/// A residual in short scientific notation, e.g. "3.215e-07".
func formatResidual(_ x: Double) -> String {
  String(format: "%.3e", x)
}
