import XCTest
import RackTwinNumerics

/// Banded LU (LAPACK dgbtrf/dgbtrs after RCM) against LAPACK's dense LU (dgesv).
final class BandedLUSolverTests: XCTestCase {
  /// A random non-symmetric banded matrix (lower bandwidth kl, upper ku, every entry in the band stored, values in
  /// [−1, 1), diagonal (kl + ku)/2·(1 + |random|) with a random sign: not diagonally dominant, so partial pivoting
  /// swaps rows, but well conditioned), its rows and columns renumbered by a random permutation so the solver's RCM
  /// has to find the band again.
  func randomBanded(n: Int, kl: Int, ku: Int, seed: UInt64) -> CSRMatrix {
    var rng = SplitMix64(seed: seed)
    var order = Array(0..<n)
    order.shuffle(using: &rng)
    var t: [(row: Int, column: Int, value: Double)] = []
    for i in 0..<n {
      for j in max(0, i - kl)...min(n - 1, i + ku) {
        let sign: Double = rng.next() % 2 == 0 ? 1 : -1
        let diagonal = sign * Double(max(kl + ku, 2)) / 2 * (1 + abs(rng.symmetricUnit()))
        t.append((order[i], order[j], i == j ? diagonal : rng.symmetricUnit()))
      }
    }
    return CSRMatrix(rowCount: n, columnCount: n, triplets: t)
  }

  func testRandomNonSymmetricBandedMatricesMatchDenseLU() throws {
    for (n, kl, ku, seed) in [(1, 0, 0, 1), (7, 1, 2, 2), (60, 3, 1, 3), (200, 5, 5, 4), (300, 2, 8, 5)] as [(Int, Int, Int, UInt64)] {
      let a = randomBanded(n: n, kl: kl, ku: ku, seed: seed)
      if n > 1 { XCTAssertFalse(a.isExactlySymmetric) }
      var rng = SplitMix64(seed: seed + 100)
      let b = (0..<n).map { _ in rng.symmetricUnit() }
      let reference = try DenseLinearAlgebra.solveLU(dense(a), n: n, b)
      let (x, report) = try BandedLUSolver().solve(a, b)
      // Both are backward-stable LU solves of a matrix with condition number ≲ 10³ here: agreement to 1e-10 of the
      // solution's size leaves a margin of 10³ over rounding.
      XCTAssertLessThan(relativeDifference(x, reference), 1e-10, "n \(n) kl \(kl) ku \(ku)")
      XCTAssertLessThan(report.relativeResidual, 1e-12)
      XCTAssertEqual(report.method, "banded-lu")
      XCTAssertEqual(report.iterations, 0)
      let estimate = BandedLUSolver.storageEstimate(for: a)
      XCTAssertEqual(estimate.bytes, n * (2 * estimate.lower + estimate.upper + 1) * 8)
    }
  }

  /// Factors kept from `factor(_:)` solve later right-hand sides to the same bits as a fresh factorisation, with no
  /// setup reported.
  func testKeptFactorsGiveTheBitsOfAFreshSolve() throws {
    let a = randomBanded(n: 120, kl: 4, ku: 2, seed: 9)
    let solver = BandedLUSolver()
    let factor = try solver.factor(a)
    XCTAssertEqual(factor.rowCount, 120)
    var rng = SplitMix64(seed: 10)
    for _ in 0..<3 {
      let b = (0..<a.rowCount).map { _ in rng.symmetricUnit() }
      let fresh = try solver.solve(a, b)
      let kept = try solver.solve(a, b, factor: factor)
      XCTAssertEqual(kept.x, fresh.x)
      XCTAssertEqual(kept.x, factor.solve(b))
      XCTAssertEqual(kept.report.setupTime, 0)
    }
  }

  /// A tridiagonal matrix with a zero diagonal (sub-diagonal 1, super-diagonal 2; determinant (−2)^(n/2) for even n)
  /// cannot be factorised without row exchanges: banded LU still matches dense LU.
  func testZeroDiagonalNeedsPivoting() throws {
    let n = 50
    var t: [(row: Int, column: Int, value: Double)] = []
    for i in 0..<n {
      t.append((i, i, 0))
      if i > 0 { t.append((i, i - 1, 1)) }
      if i < n - 1 { t.append((i, i + 1, 2)) }
    }
    let a = CSRMatrix(rowCount: n, columnCount: n, triplets: t)
    let b = (0..<n).map { Double($0 % 5) - 2 }
    let (x, report) = try BandedLUSolver().solve(a, b)
    XCTAssertLessThan(relativeDifference(x, try DenseLinearAlgebra.solveLU(dense(a), n: n, b)), 1e-12)
    XCTAssertLessThan(report.relativeResidual, 1e-14)
  }

  /// On a symmetric positive definite matrix banded LU and banded Cholesky agree.
  func testSymmetricMatrixMatchesBandedCholesky() throws {
    let a = laplacian(nx: 9, ny: 7, nz: 5)
    let b = (0..<a.rowCount).map { Double($0 % 7) - 3 }
    let (lu, _) = try BandedLUSolver().solve(a, b)
    let (chol, _) = try BandedCholeskySolver().solve(a, b)
    XCTAssertLessThan(relativeDifference(lu, chol), 1e-12)
  }

  func testSingularMatrixIsInvalidInput() {
    // Rows 0 and 1 equal: U gets an exact zero pivot.
    let a = CSRMatrix(rowCount: 3, columnCount: 3,
                      triplets: [(0, 0, 1), (0, 1, 2), (1, 0, 1), (1, 1, 2), (2, 2, 1)])
    XCTAssertThrowsError(try BandedLUSolver().solve(a, [1, 2, 3])) { e in
      guard case LinearSolverError.invalidInput(let message) = e else { return XCTFail("\(e)") }
      XCTAssertTrue(message.contains("singular"), message)
    }
  }

  func testExactSymmetryCheck() {
    XCTAssertTrue(laplacian(nx: 6, ny: 5, nz: 4).isExactlySymmetric)
    // One ulp off in one off-diagonal entry.
    var a = laplacian(nx: 6, ny: 5, nz: 4)
    let k = a.entryIndex(row: 7, column: 8)!
    a.values[k] = a.values[k].nextUp
    XCTAssertFalse(a.isExactlySymmetric)
    // An entry whose mirror is missing from the pattern, and one whose missing mirror it is an explicit zero of.
    XCTAssertFalse(CSRMatrix(rowCount: 2, columnCount: 2, triplets: [(0, 0, 1), (1, 1, 1), (0, 1, 3)]).isExactlySymmetric)
    XCTAssertTrue(CSRMatrix(rowCount: 2, columnCount: 2, triplets: [(0, 0, 1), (1, 1, 1), (0, 1, 0)]).isExactlySymmetric)
    XCTAssertFalse(CSRMatrix(rowCount: 2, columnCount: 3, triplets: [(0, 0, 1)]).isExactlySymmetric)
  }
}
