import RackTwinNumerics

/// The preconditioner of the last matrix solved, kept while the next matrix has the same pattern and values.
///
/// The deferred non-orthogonal correction passes of a steady solve change only the right-hand side, and a transient
/// run with a fixed step solves the same matrix every step: building the AMG hierarchy or IC(0) factor again would give
/// the same preconditioner, bit for bit, at the cost of a setup each time (18 AMG setups on 1 M Kuhn tetrahedra).
/// Checking costs one pass over the values.
struct PreconditionerCache {
  private var matrix: CSRMatrix?
  private var method: LinearSolverMethod?
  private var preconditioner: (any Preconditioner)?
  /// Seconds spent building preconditioners so far.
  private(set) var setupTime = 0.0

  /// The preconditioner `method` uses for `a`: the kept one when `a` equals the last matrix, else a new one.
  mutating func preconditioner(for a: CSRMatrix, method: LinearSolverMethod) throws -> any Preconditioner {
    if let matrix, let preconditioner, self.method == method, matrix.rowStart == a.rowStart,
       matrix.columns == a.columns, matrix.values == a.values {
      return preconditioner
    }
    let start = ContinuousClock.now
    let built = try Self.build(method, for: a)
    setupTime += (ContinuousClock.now - start).seconds
    matrix = a
    self.method = method
    preconditioner = built
    return built
  }

  /// The CG preconditioner of `method` for `a`: the AMG hierarchy, the Jacobi scaling or (for `cg-ic0`, and for the
  /// methods that resolve to no CG preconditioner) the IC(0) factor.
  static func build(_ method: LinearSolverMethod, for a: CSRMatrix) throws -> any Preconditioner {
    switch method {
    case .cgAMG: return try AMGPreconditioner(a)
    case .cgJacobi: return try JacobiPreconditioner(a)
    case .cgIC0, .auto, .banded: return try IncompleteCholeskyPreconditioner(a)
    }
  }
}
