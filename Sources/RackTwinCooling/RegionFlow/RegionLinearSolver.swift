import RackTwinNumerics
import RackTwinThermal

/// A symmetric positive definite system of a region flow solve, factored or preconditioned once and solved for any
/// number of right-hand sides (the inverse iteration of the T-condition eigenproblem solves one matrix many times).
///
/// The method is the thermal solve's `auto` choice (`SteadyThermalSolver.resolvedMethod`): banded Cholesky after RCM
/// when its factorisation is cheap, else CG with smoothed-aggregation AMG above 100 k unknowns, CG with IC(0) below.
struct RegionLinearSolver: Sendable {
  enum Kind: Sendable {
    case banded(BandedCholeskySolver.Factor)
    case krylov(any Preconditioner)
  }

  let matrix: CSRMatrix
  let kind: Kind
  let tolerance: Double
  /// Resolved method name (`banded`, `cg-amg`, `cg-ic0`).
  let method: LinearSolverMethod
  /// Seconds spent factoring or building the preconditioner.
  let setupTime: Double

  init(_ a: CSRMatrix, method requested: LinearSolverMethod = .auto, tolerance: Double = 1e-11) throws {
    let start = ContinuousClock.now
    let method = SteadyThermalSolver.resolvedMethod(requested, for: a, symmetric: true)
    do {
      switch method {
      case .banded, .bandedLU:
        kind = .banded(try BandedCholeskySolver().factor(a))
        self.method = .banded
      case .cgIC0:
        kind = .krylov(try IncompleteCholeskyPreconditioner(a))
        self.method = method
      case .cgJacobi:
        kind = .krylov(try JacobiPreconditioner(a))
        self.method = method
      default:
        kind = .krylov(try AMGPreconditioner(a, symmetric: true))
        self.method = .cgAMG
      }
    } catch let error as LinearSolverError {
      throw ThermalError.solverFailed(error.description)
    }
    matrix = a
    self.tolerance = tolerance
    setupTime = regionFlowSeconds(since: start)
  }

  /// x with A x = b; `x` holds the start of an iterative solve on entry.
  func solve(_ b: [Double], x: inout [Double]) throws -> SolverReport {
    switch kind {
    case .banded(let factor):
      let start = ContinuousClock.now
      x = factor.solve(b)
      let r = matrix.multiplied(by: x)
      var num = 0.0, den = 0.0
      for i in 0..<b.count { num += (b[i] - r[i]) * (b[i] - r[i]); den += b[i] * b[i] }
      var report = SolverReport(method: "banded-cholesky", iterations: 0,
                                relativeResidual: den == 0 ? 0 : (num / den).squareRoot(), converged: true)
      report.solveTime = regionFlowSeconds(since: start)
      return report
    case .krylov(let p):
      do {
        return try ConjugateGradient(tolerance: tolerance, maxIterations: 20_000).solve(matrix, b, x: &x,
                                                                                          preconditioner: p)
      } catch LinearSolverError.notConverged(let report) {
        throw ThermalError.notConverged(report)
      } catch let error as LinearSolverError {
        throw ThermalError.solverFailed(error.description)
      }
    }
  }
}

/// Seconds since `start` (a region flow solve's timings).
func regionFlowSeconds(since start: ContinuousClock.Instant) -> Double {
  let c = (ContinuousClock.now - start).components
  return Double(c.seconds) + Double(c.attoseconds) * 1e-18
}
