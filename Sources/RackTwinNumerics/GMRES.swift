/// Restarted GMRES(m) with right preconditioning, for non-symmetric systems.
///
/// Saad & Schultz (1986), "GMRES: a generalized minimal residual algorithm for solving nonsymmetric linear systems",
/// SIAM J. Sci. Stat. Comput. 7(3); Arnoldi by modified Gram–Schmidt, the Hessenberg least-squares problem by Givens
/// rotations (Saad, 2nd ed., Algorithm 6.11 with right preconditioning, §9.3.2), so the residual estimate is that of
/// the original system. At every restart and at exit the true residual b − Ax is recomputed.
public struct GMRES: Sendable {
  public var tolerance: Double
  public var maxIterations: Int
  /// Krylov vectors kept before a restart.
  public var restart: Int

  public init(tolerance: Double = 1e-10, maxIterations: Int = 10_000, restart: Int = 30) {
    self.tolerance = tolerance
    self.maxIterations = maxIterations
    self.restart = Swift.max(1, restart)
  }

  /// Solves A x = b; `x` holds the initial guess. Throws `.notConverged` (with the report) when the tolerance is not
  /// met within `maxIterations` (counted in Arnoldi steps), `.invalidInput` for bad sizes or NaN.
  public func solve(_ a: CSRMatrix, _ b: [Double], x: inout [Double],
                    preconditioner: some Preconditioner) throws -> SolverReport {
    let start = ContinuousClock.now
    let n = a.rowCount
    try KrylovChecks.check(a, b, x)
    var report = SolverReport(method: "gmres\(restart)-\(preconditioner.name)", iterations: 0, relativeResidual: 0,
                              converged: true, setupTime: preconditioner.setupTime, tolerance: tolerance)
    let bNorm = Vector.norm2(b)
    if bNorm == 0 { return KrylovChecks.zeroSolution(&x, report, since: start) }
    let m = restart
    var basis = [[Double]](repeating: [Double](repeating: 0, count: n), count: m + 1)
    var h = [Double](repeating: 0, count: (m + 1) * m)  // column-major (m+1)×m Hessenberg
    var cs = [Double](repeating: 0, count: m), sn = [Double](repeating: 0, count: m)
    var g = [Double](repeating: 0, count: m + 1)
    var r = [Double](repeating: 0, count: n), w = [Double](repeating: 0, count: n), z = [Double](repeating: 0, count: n)
    func trueResidual() -> Double {
      a.multiply(x, into: &w)
      Vector.subtract(b, w, into: &r)
      return Vector.norm2(r) / bNorm
    }
    var relative = trueResidual()
    var history = [relative]
    var iterations = 0
    while relative > tolerance && iterations < maxIterations {
      let beta = relative * bNorm
      for i in 0..<n { basis[0][i] = r[i] / beta }
      for i in 0...m { g[i] = 0 }
      g[0] = beta
      var k = 0
      while k < m && iterations < maxIterations {
        preconditioner.apply(basis[k], into: &z)
        a.multiply(z, into: &w)
        for j in 0...k {
          let hj = Vector.dot(w, basis[j])
          h[k * (m + 1) + j] = hj
          Vector.axpy(-hj, basis[j], &w)
        }
        let hNext = Vector.norm2(w)
        h[k * (m + 1) + k + 1] = hNext
        if hNext > 0 { for i in 0..<n { basis[k + 1][i] = w[i] / hNext } }
        // Apply the earlier rotations to the new column, then make one that zeroes h[k+1, k].
        for j in 0..<k {
          let a0 = h[k * (m + 1) + j], a1 = h[k * (m + 1) + j + 1]
          h[k * (m + 1) + j] = cs[j] * a0 + sn[j] * a1
          h[k * (m + 1) + j + 1] = -sn[j] * a0 + cs[j] * a1
        }
        let hk = h[k * (m + 1) + k], hk1 = h[k * (m + 1) + k + 1]
        let d = (hk * hk + hk1 * hk1).squareRoot()
        cs[k] = d > 0 ? hk / d : 1
        sn[k] = d > 0 ? hk1 / d : 0
        h[k * (m + 1) + k] = d
        h[k * (m + 1) + k + 1] = 0
        g[k + 1] = -sn[k] * g[k]
        g[k] = cs[k] * g[k]
        k += 1
        iterations += 1
        relative = abs(g[k]) / bNorm
        history.append(relative)
        if relative <= tolerance || hNext == 0 { break }
      }
      // y = H⁻¹ g (upper triangular k×k), x += M⁻¹ V y.
      var y = [Double](repeating: 0, count: k)
      var i = k - 1
      while i >= 0 {
        var s = g[i]
        for j in (i + 1)..<k { s -= h[j * (m + 1) + i] * y[j] }
        y[i] = h[i * (m + 1) + i] != 0 ? s / h[i * (m + 1) + i] : 0
        i -= 1
      }
      for i in 0..<n { w[i] = 0 }
      for j in 0..<k { Vector.axpy(y[j], basis[j], &w) }
      preconditioner.apply(w, into: &z)
      Vector.axpy(1, z, &x)
      relative = trueResidual()
      if k == 0 { break }
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
