/// What a linear solve did: method, iterations, residual reached and time spent.
public struct SolverReport: Sendable, Equatable {
  /// Method name, e.g. "cg-ic0", "cg-jacobi", "banded-cholesky".
  public var method: String
  /// Iterations taken (0 for a direct solve).
  public var iterations: Int
  /// ‖b − Ax‖₂ / ‖b‖₂ at exit, from the true residual recomputed at the end (not the recurrence).
  public var relativeResidual: Double
  /// The relative-residual tolerance asked for (nil for a direct solve).
  public var tolerance: Double?
  /// Whether the requested tolerance was met by the true residual.
  public var converged: Bool
  /// Relative residual per iteration from the recurrence; element 0 is the initial residual.
  public var residualHistory: [Double]
  /// Seconds spent in preconditioner setup or factorisation.
  public var setupTime: Double
  /// Seconds spent in the solve itself.
  public var solveTime: Double
  /// Σ nnz(A_l) / nnz(A₀) when the preconditioner is algebraic multigrid, else nil.
  public var operatorComplexity: Double? = nil

  /// Creates a report.
  public init(method: String, iterations: Int, relativeResidual: Double, converged: Bool,
              residualHistory: [Double] = [], setupTime: Double = 0, solveTime: Double = 0,
              tolerance: Double? = nil) {
    self.tolerance = tolerance
    self.method = method
    self.iterations = iterations
    self.relativeResidual = relativeResidual
    self.converged = converged
    self.residualHistory = residualHistory
    self.setupTime = setupTime
    self.solveTime = solveTime
  }
}

extension Duration {
  /// This duration in seconds.
  var seconds: Double {
    let c = components
    return Double(c.seconds) + Double(c.attoseconds) * 1e-18
  }
}
