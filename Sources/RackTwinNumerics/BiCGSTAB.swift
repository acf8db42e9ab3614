/// Right-preconditioned BiCGSTAB for non-symmetric systems.
///
/// van der Vorst (1992), "Bi-CGSTAB: a fast and smoothly converging variant of Bi-CG", SIAM J. Sci. Stat. Comput.
/// 13(2), with right preconditioning (A M⁻¹ u = b, x = M⁻¹u), so the residual it watches is that of the original
/// system. At exit the true residual b − Ax is recomputed and reported.
public struct BiCGSTAB: Sendable {
  public var tolerance: Double
  public var maxIterations: Int

  public init(tolerance: Double = 1e-10, maxIterations: Int = 10_000) {
    self.tolerance = tolerance
    self.maxIterations = maxIterations
  }

  /// Solves A x = b; `x` holds the initial guess. Throws `.notConverged` (with the report) when the tolerance is not
  /// met, `.invalidInput` for bad sizes or NaN, and `.notConverged` on breakdown (ρ or ω = 0).
  public func solve(_ a: CSRMatrix, _ b: [Double], x: inout [Double],
                    preconditioner: some Preconditioner) throws -> SolverReport {
    let start = ContinuousClock.now
    let n = a.rowCount
    try KrylovChecks.check(a, b, x)
    var report = SolverReport(method: "bicgstab-\(preconditioner.name)", iterations: 0, relativeResidual: 0,
                              converged: true, setupTime: preconditioner.setupTime, tolerance: tolerance)
    let bNorm = Vector.norm2(b)
    if bNorm == 0 { return KrylovChecks.zeroSolution(&x, report, since: start) }
    var r = [Double](repeating: 0, count: n)
    var tmp = [Double](repeating: 0, count: n)
    var p = [Double](repeating: 0, count: n), v = [Double](repeating: 0, count: n)
    var pHat = [Double](repeating: 0, count: n), sHat = [Double](repeating: 0, count: n)
    var s = [Double](repeating: 0, count: n), t = [Double](repeating: 0, count: n)
    func trueResidual() -> Double {
      a.multiply(x, into: &tmp)
      Vector.subtract(b, tmp, into: &r)
      return Vector.norm2(r) / bNorm
    }
    var relative = trueResidual()
    var history = [relative]
    var iterations = 0
    // Restart from the true residual when the recurrence has drifted (or broken down), at most 5 times.
    for _ in 0..<6 where relative > tolerance && iterations < maxIterations {
      let rHat = r
      for i in 0..<n { p[i] = 0; v[i] = 0 }
      var rho = 1.0, alpha = 1.0, omega = 1.0
      while relative > tolerance && iterations < maxIterations {
        let rhoNew = Vector.dot(rHat, r)
        guard rhoNew != 0, omega != 0 else { break }
        let beta = (rhoNew / rho) * (alpha / omega)
        rho = rhoNew
        for i in 0..<n { p[i] = r[i] + beta * (p[i] - omega * v[i]) }
        preconditioner.apply(p, into: &pHat)
        a.multiply(pHat, into: &v)
        let rv = Vector.dot(rHat, v)
        guard rv != 0 else { break }
        alpha = rho / rv
        for i in 0..<n { s[i] = r[i] - alpha * v[i] }
        iterations += 1
        let sNorm = Vector.norm2(s) / bNorm
        if sNorm <= tolerance {
          Vector.axpy(alpha, pHat, &x)
          relative = sNorm
          history.append(relative)
          break
        }
        preconditioner.apply(s, into: &sHat)
        a.multiply(sHat, into: &t)
        let tt = Vector.dot(t, t)
        omega = tt > 0 ? Vector.dot(t, s) / tt : 0
        for i in 0..<n {
          x[i] += alpha * pHat[i] + omega * sHat[i]
          r[i] = s[i] - omega * t[i]
        }
        relative = Vector.norm2(r) / bNorm
        history.append(relative)
      }
      relative = trueResidual()
    }
    report.relativeResidual = relative
    report.iterations = iterations
    report.residualHistory = history
    report.converged = relative <= tolerance
    report.solveTime = (ContinuousClock.now - start).seconds
    guard report.converged else { throw LinearSolverError.notConverged(report) }
    return report
  }
}

/// Input checks and the b = 0 exit shared by the Krylov solvers.
enum KrylovChecks {
  /// A zero right-hand side has the solution x = 0: set it and finish the report.
  static func zeroSolution(_ x: inout [Double], _ report: SolverReport, since start: ContinuousClock.Instant) -> SolverReport {
    for i in x.indices { x[i] = 0 }
    var r = report
    r.residualHistory = [0]
    r.solveTime = (ContinuousClock.now - start).seconds
    return r
  }

  static func check(_ a: CSRMatrix, _ b: [Double], _ x: [Double]) throws {
    let n = a.rowCount
    guard a.columnCount == n else {
      throw LinearSolverError.invalidInput("a Krylov solver needs a square matrix, got \(a.rowCount)×\(a.columnCount)")
    }
    guard b.count == n else { throw LinearSolverError.invalidInput("b has \(b.count) elements, matrix has \(n) rows") }
    guard x.count == n else { throw LinearSolverError.invalidInput("x has \(x.count) elements, matrix has \(n) rows") }
    guard Vector.allFinite(a.values) else { throw LinearSolverError.invalidInput("matrix has NaN or infinite entries") }
    guard Vector.allFinite(b) else { throw LinearSolverError.invalidInput("right-hand side has NaN or infinite entries") }
    guard Vector.allFinite(x) else { throw LinearSolverError.invalidInput("initial guess has NaN or infinite entries") }
  }
}
