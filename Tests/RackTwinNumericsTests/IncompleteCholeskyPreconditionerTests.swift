import RackTwinNumerics
import XCTest

final class IncompleteCholeskyPreconditionerTests: XCTestCase {
  /// A = [[4 2 −2 0] [2 4 0 −3] [−2 0 2 −2] [0 −3 −2 5]] is SPD (smallest eigenvalue ≈ 0.113) but plain IC(0) breaks
  /// down: l₀₀ = 2, l₁₀ = 1, l₁₁ = √3, l₂₀ = −1, l₂₂ = 1, l₃₁ = −√3, l₃₂ = −2 (no fill at (2,1) or (3,0)), so the
  /// last pivot is 5 − 3 − 4 = −2. The shifted factorisation must succeed and record a positive shift, and CG with it
  /// must match dense Cholesky to 1e-10 (κ ≈ 100, CG to 1e-13).
  func testBreakdownIsRepairedByDiagonalShift() throws {
    let rows: [[Double]] = [[4, 2, -2, 0], [2, 4, 0, -3], [-2, 0, 2, -2], [0, -3, -2, 5]]
    var triplets: [(row: Int, column: Int, value: Double)] = []
    for i in 0..<4 { for j in 0..<4 where rows[i][j] != 0 { triplets.append((i, j, rows[i][j])) } }
    let a = CSRMatrix(rowCount: 4, columnCount: 4, triplets: triplets)
    let m = try IncompleteCholeskyPreconditioner(a)
    XCTAssertGreaterThan(m.shift, 0)
    let b: [Double] = [1, 2, 3, 4]
    var x = [Double](repeating: 0, count: 4)
    let report = try ConjugateGradient(tolerance: 1e-13).solve(a, b, x: &x, preconditioner: m)
    let reference = try DenseLinearAlgebra.solveCholesky(rows.flatMap { $0 }, n: 4, b)
    XCTAssertTrue(report.converged)
    XCTAssertLessThan(relativeDifference(x, reference), 1e-10)
  }

  /// On an M-matrix (the 2-D Laplacian) IC(0) never breaks down (Meijerink & van der Vorst 1977): shift stays 0.
  func testNoShiftOnMMatrix() throws {
    XCTAssertEqual(try IncompleteCholeskyPreconditioner(laplacian(nx: 8, ny: 8)).shift, 0)
  }

  /// An SPD matrix with strong off-diagonals of both signs (a 12×12 grid graph with random-sign couplings of size
  /// 1…2 and a diagonal only 1 % above the row sum of |off-diagonals|) still gives a working preconditioner: CG with it
  /// converges to 1e-10 and beats unpreconditioned CG.
  func testStrongMixedSignOffDiagonalsStillPrecondition() throws {
    var rng = SplitMix64(seed: 11)
    let side = 12, n = side * side
    var triplets: [(row: Int, column: Int, value: Double)] = []
    var rowSum = [Double](repeating: 0, count: n)
    for j in 0..<side {
      for i in 0..<side {
        let c = i + side * j
        for (di, dj) in [(1, 0), (0, 1), (1, 1)] where i + di < side && j + dj < side {
          let d = c + di + side * dj
          let v = (rng.symmetricUnit() < 0 ? -1.0 : 1.0) * (1 + abs(rng.symmetricUnit()))
          triplets.append((c, d, v))
          triplets.append((d, c, v))
          rowSum[c] += abs(v)
          rowSum[d] += abs(v)
        }
      }
    }
    for c in 0..<n { triplets.append((c, c, 1.01 * rowSum[c])) }
    let a = CSRMatrix(rowCount: n, columnCount: n, triplets: triplets)
    let b = (0..<n).map { _ in rng.symmetricUnit() }
    let cg = ConjugateGradient(tolerance: 1e-10)
    var x0 = [Double](repeating: 0, count: n)
    let plain = try cg.solve(a, b, x: &x0, preconditioner: IdentityPreconditioner())
    var x1 = [Double](repeating: 0, count: n)
    let ic0 = try cg.solve(a, b, x: &x1, preconditioner: IncompleteCholeskyPreconditioner(a))
    XCTAssertTrue(ic0.converged)
    XCTAssertLessThan(ic0.iterations, plain.iterations)
  }

  /// A zero or negative diagonal entry cannot start a Cholesky factorisation; Jacobi rejects it too.
  func testNonPositiveDiagonalRejected() {
    let a = CSRMatrix(rowCount: 2, columnCount: 2, triplets: [(0, 0, 1), (1, 1, -2), (0, 1, 0.1), (1, 0, 0.1)])
    XCTAssertThrowsError(try IncompleteCholeskyPreconditioner(a))
    XCTAssertThrowsError(try JacobiPreconditioner(a))
  }
}
