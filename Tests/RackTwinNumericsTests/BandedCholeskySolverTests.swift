import RackTwinNumerics
import XCTest

final class BandedCholeskySolverTests: XCTestCase {
  /// 3-D 7-point operator on 10×10×10 cells with conductivity 10⁴ for x < 5 and 1 elsewhere (harmonic face means),
  /// uniform-ish sources b ∈ [0.5, 1.5]. Banded Cholesky and CG-IC(0) (to relative residual 1e-13) must agree to 1e-9
  /// relative (max norm): for a positive, smooth source the solution is dominated by the low modes, so the CG error
  /// relative to x is of the order of its residual, far below 1e-9; Cholesky is backward stable.
  func testAgreesWithCGOnJumpingCoefficientLaplacian() throws {
    let nx = 10
    let a = laplacian(nx: nx, ny: nx, nz: nx) { cell in cell % nx < nx / 2 ? 1e4 : 1 }
    var rng = SplitMix64(seed: 5)
    let b = (0..<a.rowCount).map { _ in 1 + 0.5 * rng.symmetricUnit() }

    let (x, report) = try BandedCholeskySolver().solve(a, b)
    XCTAssertEqual(report.method, "banded-cholesky")
    XCTAssertEqual(report.iterations, 0)
    XCTAssertLessThan(report.relativeResidual, 1e-12)  // backward stable: ~ε·κ-free residual

    var y = [Double](repeating: 0, count: a.rowCount)
    _ = try ConjugateGradient(tolerance: 1e-13).solve(a, b, x: &y, preconditioner: IncompleteCholeskyPreconditioner(a))
    let difference = relativeDifference(x, y)
    XCTAssertLessThan(difference, 1e-9)

    let estimate = BandedCholeskySolver.storageEstimate(for: a)
    XCTAssertEqual(estimate.bytes, a.rowCount * (estimate.bandwidth + 1) * 8)
    XCTAssertEqual(estimate.bandwidth, a.permuted(by: ReverseCuthillMcKee.ordering(of: a)).bandwidth)
    print("banded Cholesky 10³ jump 1e4: kd = \(estimate.bandwidth), relative difference to CG \(difference)")
  }

  /// A factor computed once solves every later right-hand side exactly as a fresh factorisation would, to the bit (the
  /// same dpbtrf output and the same dpbtrs), and a solve given the factor reports no setup: what lets the deferred
  /// correction passes of an unstructured solve factor once.
  func testKeptFactorGivesTheBitsOfAFreshSolve() throws {
    let nx = 8
    let a = laplacian(nx: nx, ny: nx, nz: nx) { cell in cell % nx < nx / 2 ? 100 : 1 }
    let solver = BandedCholeskySolver()
    let factor = try solver.factor(a)
    XCTAssertEqual(factor.rowCount, a.rowCount)
    XCTAssertEqual(factor.bandwidth, BandedCholeskySolver.storageEstimate(for: a).bandwidth)
    var rng = SplitMix64(seed: 11)
    for _ in 0..<3 {
      let b = (0..<a.rowCount).map { _ in rng.symmetricUnit() }
      let fresh = try solver.solve(a, b)
      let kept = try solver.solve(a, b, factor: factor)
      XCTAssertEqual(kept.x, fresh.x)
      XCTAssertEqual(kept.x, factor.solve(b))
      XCTAssertEqual(kept.report.relativeResidual, fresh.report.relativeResidual)
      XCTAssertEqual(kept.report.setupTime, 0)
    }
  }

  /// The 2-D Laplacian (wall terms included) on 5×5 has eigenvalues between ~0.6 and ~7.4, so A − 4I is symmetric
  /// indefinite: dpbtrf must report a non-positive leading minor.
  func testIndefiniteMatrixThrowsNotPositiveDefinite() {
    var a = laplacian(nx: 5, ny: 5)
    for i in 0..<a.rowCount { a.values[a.entryIndex(row: i, column: i)!] -= 4 }
    XCTAssertThrowsError(try BandedCholeskySolver().solve(a, [Double](repeating: 1, count: a.rowCount))) { error in
      guard case LinearSolverError.notPositiveDefinite(let detail) = error else { return XCTFail("\(error)") }
      XCTAssertTrue(detail.contains("leading minor"), detail)
    }
  }

  /// A non-symmetric matrix is refused (dpbtrf would silently use only its lower triangle).
  func testNonSymmetricMatrixRejected() {
    let a = CSRMatrix(rowCount: 2, columnCount: 2, triplets: [(0, 0, 2), (0, 1, 1), (1, 1, 2)])
    XCTAssertThrowsError(try BandedCholeskySolver().solve(a, [1, 1]))
  }
}
