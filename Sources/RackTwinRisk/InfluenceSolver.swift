import Foundation
import RackTwinNumerics
import RackTwinThermal

/// Solves A x = b for many right-hand sides with one matrix: factored once (banded Cholesky, or banded LU when A is
/// not symmetric) when the band is cheap, else preconditioned once (IC(0) for CG, ILU(0) for BiCGSTAB) and iterated
/// per right-hand side. The same choice as `SteadyThermalSolver.resolvedMethod` for the banded path.
struct InfluenceSolver {
  enum Method {
    case cholesky(BandedCholeskySolver.Factor)
    case lu(BandedLUSolver.Factor)
    case krylov(any Preconditioner, LinearSolverMethod)
  }
  let matrix: CSRMatrix
  let method: Method
  let tolerance: Double
  /// Seconds spent factoring or preconditioning.
  let setupTime: Double

  /// - Parameter requested: `auto` chooses as a steady solve would; a Krylov method forces the iterative path.
  init(matrix a: CSRMatrix, symmetric: Bool, tolerance: Double, requested: LinearSolverMethod = .auto) throws {
    let clock = ContinuousClock(), t0 = clock.now
    matrix = a
    self.tolerance = tolerance
    let resolved = SteadyThermalSolver.resolvedMethod(requested, for: a, symmetric: symmetric)
    switch resolved {
    case .banded: method = .cholesky(try BandedCholeskySolver().factor(a))
    case .bandedLU: method = .lu(try BandedLUSolver().factor(a))
    default:
      method = symmetric ? .krylov(try IncompleteCholeskyPreconditioner(a), .cgIC0)
                         : .krylov(try IncompleteLUPreconditioner(a), .bicgstabILU0)
    }
    let d = clock.now - t0
    setupTime = Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
  }

  /// x = A⁻¹ b.
  func solve(_ b: [Double]) throws -> [Double] {
    switch method {
    case .cholesky(let f): return f.solve(b)
    case .lu(let f): return f.solve(b)
    case .krylov(let p, let m):
      var x = [Double](repeating: 0, count: b.count)
      _ = try SteadyThermalSolver.solveLinear(matrix, b, &x, options: SolverOptions(method: m, tolerance: tolerance),
                                              preconditioner: p)
      return x
    }
  }

  var name: String {
    switch method {
    case .cholesky: return "banded-cholesky"
    case .lu: return "banded-lu"
    case .krylov(_, let m): return m.rawValue
    }
  }
}
