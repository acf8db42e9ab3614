import RackTwinNumerics

/// The preconditioner or banded factor of the last matrix solved, the method `auto` resolved to for it, and whether
/// that matrix is symmetric, kept while the next matrix has the same pattern and values.
///
/// The deferred non-orthogonal correction passes of a steady solve change only the right-hand side, and a transient
/// run with a fixed step solves the same matrix every step: building the AMG hierarchy or IC(0) factor again would give
/// the same preconditioner, bit for bit, at the cost of a setup each time (18 AMG setups on 1 M Kuhn tetrahedra).
/// A banded Cholesky or LU factor is kept the same way, so each pass back-substitutes only, and so is the resolved
/// method (`auto` computes an RCM ordering to estimate the band). Checking costs one pass over the values.
struct PreconditionerCache {
  private var matrix: CSRMatrix?
  private var symmetric: Bool?
  private var method: LinearSolverMethod?
  private var preconditioner: (any Preconditioner)?
  /// `auto` or `banded` as resolved for the matrix, by the requested method.
  private var resolved: (requested: LinearSolverMethod, method: LinearSolverMethod)?
  private var choleskyFactor: BandedCholeskySolver.Factor?
  private var luFactor: BandedLUSolver.Factor?
  /// Whether each matrix will be solved for many right-hand sides (deferred correction passes): `auto` then weighs
  /// the back-substitutions of a banded factor against AMG-CG iterations.
  var repeatedSolves = false
  /// Seconds spent building preconditioners so far.
  private(set) var setupTime = 0.0

  /// Makes `a` the cache's matrix: what was found for the last matrix is kept when `a` equals it, else forgotten.
  private mutating func use(_ a: CSRMatrix) {
    if let matrix, matrix.rowStart == a.rowStart, matrix.columns == a.columns, matrix.values == a.values {
      // Keep `a`'s arrays: the next comparison with `a` itself then finds the same buffers and returns at once.
      self.matrix = a
      return
    }
    matrix = a
    symmetric = nil
    method = nil
    preconditioner = nil
    resolved = nil
    choleskyFactor = nil
    luFactor = nil
  }

  /// `SteadyThermalSolver.resolvedMethod(requested, for: a, symmetric:)`, resolved once per matrix.
  mutating func resolvedMethod(_ requested: LinearSolverMethod, for a: CSRMatrix, symmetric: Bool) -> LinearSolverMethod {
    use(a)
    if let resolved, resolved.requested == requested { return resolved.method }
    let method = SteadyThermalSolver.resolvedMethod(requested, for: a, symmetric: symmetric, repeatedSolves: repeatedSolves)
    resolved = (requested, method)
    return method
  }

  /// The banded Cholesky factor of `a`: the kept one when `a` equals the last matrix, else a new one (its time added
  /// to `setupTime`).
  mutating func bandedCholeskyFactor(for a: CSRMatrix) throws -> BandedCholeskySolver.Factor {
    use(a)
    if let choleskyFactor { return choleskyFactor }
    let start = ContinuousClock.now
    let f = try BandedCholeskySolver().factor(a)
    setupTime += (ContinuousClock.now - start).seconds
    choleskyFactor = f
    return f
  }

  /// The banded LU factors of `a`, kept as `bandedCholeskyFactor(for:)` keeps its factor.
  mutating func bandedLUFactor(for a: CSRMatrix) throws -> BandedLUSolver.Factor {
    use(a)
    if let luFactor { return luFactor }
    let start = ContinuousClock.now
    let f = try BandedLUSolver().factor(a)
    setupTime += (ContinuousClock.now - start).seconds
    luFactor = f
    return f
  }

  /// Whether aᵢⱼ = aⱼᵢ exactly (`CSRMatrix.isExactlySymmetric`), checked once per matrix.
  mutating func isSymmetric(_ a: CSRMatrix) -> Bool {
    use(a)
    if let symmetric { return symmetric }
    let s = a.isExactlySymmetric
    symmetric = s
    return s
  }

  /// The preconditioner `method` uses for `a`: the kept one when `a` equals the last matrix, else a new one.
  /// - Parameter symmetric: whether `a` is symmetric (for AMG's coarsest solve); nil checks it.
  mutating func preconditioner(for a: CSRMatrix, method: LinearSolverMethod,
                               symmetric: Bool? = nil) throws -> any Preconditioner {
    use(a)
    if let preconditioner, self.method == method { return preconditioner }
    let start = ContinuousClock.now
    let built = try Self.build(method, for: a, symmetric: symmetric ?? isSymmetric(a))
    setupTime += (ContinuousClock.now - start).seconds
    self.method = method
    preconditioner = built
    return built
  }

  /// The Krylov preconditioner of `method` for `a`: the AMG hierarchy (for `cg-amg`, `bicgstab-amg`, `gmres-amg`),
  /// the Jacobi scaling, ILU(0) (for `bicgstab-ilu0`, `gmres-ilu0`, `banded-lu`) or (for `cg-ic0`, and for the other
  /// methods that resolve to no Krylov preconditioner) the IC(0) factor.
  /// - Parameter symmetric: whether `a` is symmetric; AMG factorises its coarsest level by LU when it is not.
  static func build(_ method: LinearSolverMethod, for a: CSRMatrix, symmetric: Bool = true) throws -> any Preconditioner {
    switch method {
    case .cgAMG, .bicgstabAMG, .gmresAMG: return try AMGPreconditioner(a, symmetric: symmetric)
    case .cgJacobi: return try JacobiPreconditioner(a)
    case .bicgstabILU0, .gmresILU0, .bandedLU: return try IncompleteLUPreconditioner(a)
    case .cgIC0, .auto, .banded: return try IncompleteCholeskyPreconditioner(a)
    }
  }
}
