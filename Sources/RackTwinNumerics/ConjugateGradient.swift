/// Preconditioned conjugate gradient for symmetric positive definite systems.
///
/// Hestenes & Stiefel (1952); the preconditioned form as in Saad, *Iterative Methods for Sparse Linear Systems*,
/// 2nd ed., Algorithm 9.1. Convergence is judged on the recurrence residual; when it meets the tolerance the true
/// residual b − Ax is recomputed, and if that has drifted above the tolerance the iteration restarts from it
/// (residual replacement), so a converged report always describes the true residual.
public struct ConjugateGradient: Sendable {
  /// Relative residual ‖b − Ax‖₂ / ‖b‖₂ to reach.
  public var tolerance: Double
  /// Iterations allowed before throwing `notConverged`.
  public var maxIterations: Int

  /// Creates a solver with the given stopping criteria.
  public init(tolerance: Double = 1e-10, maxIterations: Int = 10_000) {
    self.tolerance = tolerance
    self.maxIterations = maxIterations
  }

  /// Solves A x = b for SPD A. `x` holds the initial guess on entry. Returns the report; throws notConverged (with the
  /// report) if the tolerance is not met. b = 0 returns x = 0 immediately.
  ///
  /// - Throws: `.invalidInput` for size mismatches or NaN/infinity in A, b or x; `.notPositiveDefinite` when pᵀAp ≤ 0
  ///   or rᵀM⁻¹r ≤ 0 (A or the preconditioner is not SPD); `.notConverged` otherwise on failure.
  public func solve(_ a: CSRMatrix, _ b: [Double], x: inout [Double],
                    preconditioner: some Preconditioner) throws -> SolverReport {
    let start = ContinuousClock.now
    let n = a.rowCount
    try KrylovChecks.check(a, b, x)

    let method = "cg-\(preconditioner.name)"
    var report = SolverReport(method: method, iterations: 0, relativeResidual: 0, converged: true,
                              setupTime: preconditioner.setupTime, tolerance: tolerance)
    report.operatorComplexity = (preconditioner as? AMGPreconditioner)?.operatorComplexity
    let bNorm = Vector.norm2(b)
    if bNorm == 0 { return KrylovChecks.zeroSolution(&x, report, since: start) }

    // Work vectors, allocated once.
    var r = [Double](repeating: 0, count: n)
    var z = [Double](repeating: 0, count: n)
    var p = [Double](repeating: 0, count: n)
    var q = [Double](repeating: 0, count: n)
    var history: [Double] = []
    history.reserveCapacity(Swift.min(maxIterations, 4096) + 1)

    /// ‖b − A x‖/‖b‖ for the current x, once it has been computed (nil after x changes): the final report reuses the
    /// convergence check's value instead of a second SpMV.
    var trueRelative: Double?
    /// r = b − A x; returns ‖r‖/‖b‖. Skips the SpMV for x = 0 (the usual start), where r = b bit for bit.
    func trueResidual() -> Double {
      if let known = trueRelative { return known }
      if x.allSatisfy({ $0 == 0 }) {
        r.withUnsafeMutableBufferPointer { rs in _ = rs.update(fromContentsOf: b) }
      } else {
        a.multiply(x, into: &q)
        Vector.subtract(b, q, into: &r)
      }
      trueRelative = Vector.norm2(r) / bNorm
      return trueRelative!
    }

    var relative = trueResidual()
    history.append(relative)
    var iterations = 0
    var restarts = 0
    var failure: LinearSolverError?

    restart: while relative > tolerance && iterations < maxIterations {
      preconditioner.apply(r, into: &z)
      var rz = Vector.dot(r, z)
      guard rz > 0 else {
        failure = .notPositiveDefinite(detail: "preconditioner gives rᵀM⁻¹r = \(rz) at iteration \(iterations)")
        break restart
      }
      p.withUnsafeMutableBufferPointer { ps in
        z.withUnsafeBufferPointer { zs in
          for i in 0..<n { ps[i] = zs[i] }
        }
      }
      while iterations < maxIterations {
        let pq = a.multiplyAndDot(p, into: &q)
        guard pq > 0 else {
          failure = pq.isNaN ? nil : .notPositiveDefinite(detail: "pᵀAp = \(pq) at iteration \(iterations + 1)")
          break restart
        }
        let alpha = rz / pq
        relative = Vector.updateSolutionAndResidual(alpha, p, q, x: &x, r: &r) / bNorm
        trueRelative = nil
        iterations += 1
        history.append(relative)
        guard relative.isFinite else { break restart }
        if relative <= tolerance {
          // Check the true residual; restart from it if the recurrence has drifted.
          relative = trueResidual()
          if relative <= tolerance || restarts >= 3 { break restart }
          restarts += 1
          continue restart
        }
        preconditioner.apply(r, into: &z)
        let rzNew = Vector.dot(r, z)
        guard rzNew > 0 else {
          failure = .notPositiveDefinite(detail: "preconditioner gives rᵀM⁻¹r = \(rzNew) at iteration \(iterations)")
          break restart
        }
        Vector.xpay(z, rzNew / rz, &p)
        rz = rzNew
      }
    }

    report.iterations = iterations
    report.relativeResidual = trueResidual()
    report.converged = report.relativeResidual <= tolerance
    report.residualHistory = history
    report.solveTime = (ContinuousClock.now - start).seconds
    if let failure { throw failure }
    if !report.converged { throw LinearSolverError.notConverged(report) }
    return report
  }
}
