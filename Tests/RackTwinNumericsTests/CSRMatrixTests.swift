import RackTwinNumerics
import XCTest

final class CSRMatrixTests: XCTestCase {
  /// The 3×4 matrix [[1 0 2 0], [0 0 0 0], [4 5 0 6]] given out of order with (0,2) split into 0.5 + 1.5 and (2,3)
  /// into 7 − 1: the CSR arrays are written down by hand.
  func testTripletsSortedAndDuplicatesSummedMatchHandWrittenCSR() {
    let a = CSRMatrix(rowCount: 3, columnCount: 4, triplets: [
      (2, 3, 7), (0, 2, 0.5), (2, 0, 4), (0, 0, 1), (2, 1, 5), (0, 2, 1.5), (2, 3, -1),
    ])
    XCTAssertEqual(a.rowStart, [0, 2, 2, 5])
    XCTAssertEqual(a.columns, [0, 2, 0, 1, 3])
    XCTAssertEqual(a.values, [1, 2, 4, 5, 6])  // exact: sums of small integers and halves
    XCTAssertEqual(a.nonzeroCount, 5)
    XCTAssertEqual(a, CSRMatrix(rowCount: 3, columnCount: 4, rowStart: [0, 2, 2, 5], columns: [0, 2, 0, 1, 3],
                                values: [1, 2, 4, 5, 6]))
  }

  /// Same matrix times x = (1, 2, 3, 4): by hand (1 + 6, 0, 4 + 10 + 24) = (7, 0, 38); exact in floating point.
  func testSpMVMatchesHandComputedProduct() {
    let a = CSRMatrix(rowCount: 3, columnCount: 4, rowStart: [0, 2, 2, 5], columns: [0, 2, 0, 1, 3],
                      values: [1, 2, 4, 5, 6])
    XCTAssertEqual(a.multiplied(by: [1, 2, 3, 4]), [7, 0, 38])
    var y = [Double](repeating: 99, count: 3)
    a.multiply([1, 2, 3, 4], into: &y)
    XCTAssertEqual(y, [7, 0, 38])
  }

  /// entryIndex finds stored entries by binary search and returns nil for structural zeros.
  func testEntryIndexAndDiagonal() {
    let a = CSRMatrix(rowCount: 3, columnCount: 4, rowStart: [0, 2, 2, 5], columns: [0, 2, 0, 1, 3],
                      values: [1, 2, 4, 5, 6])
    XCTAssertEqual(a.entryIndex(row: 0, column: 2), 1)
    XCTAssertEqual(a.entryIndex(row: 2, column: 3), 4)
    XCTAssertEqual(a.entryIndex(row: 2, column: 0), 2)
    XCTAssertNil(a.entryIndex(row: 1, column: 1))
    XCTAssertNil(a.entryIndex(row: 0, column: 1))
    XCTAssertNil(a.entryIndex(row: 0, column: 7))
    XCTAssertEqual(a.diagonal(), [1, 0, 0])
    XCTAssertEqual(a.bandwidth, 2)  // entry (0, 2) and (2, 0)
  }

  /// permuted(by:) against the explicit product P A Pᵀ with P the permutation matrix P[new][perm[new]] = 1,
  /// computed densely; exact because every product has one nonzero term.
  func testPermutedEqualsExplicitPAPt() {
    var rng = SplitMix64(seed: 7)
    let n = 6
    var triplets: [(row: Int, column: Int, value: Double)] = []
    for i in 0..<n {
      for j in 0..<n where Double.random(in: 0..<1, using: &rng) < 0.4 || i == j {
        triplets.append((i, j, Double(Int.random(in: 1...9, using: &rng))))
      }
    }
    let a = CSRMatrix(rowCount: n, columnCount: n, triplets: triplets)
    let perm = [3, 0, 5, 1, 4, 2]
    let b = a.permuted(by: perm)

    var p = [Double](repeating: 0, count: n * n)
    for new in 0..<n { p[new * n + perm[new]] = 1 }
    let ad = dense(a)
    var pa = [Double](repeating: 0, count: n * n)
    var papt = [Double](repeating: 0, count: n * n)
    for i in 0..<n { for j in 0..<n { for k in 0..<n { pa[i * n + j] += p[i * n + k] * ad[k * n + j] } } }
    for i in 0..<n { for j in 0..<n { for k in 0..<n { papt[i * n + j] += pa[i * n + k] * p[j * n + k] } } }
    XCTAssertEqual(dense(b), papt)
    XCTAssertEqual(b.nonzeroCount, a.nonzeroCount)
  }

  /// A symmetric Laplacian is symmetric; perturbing one off-diagonal by 1e-6 relative breaks it at tolerance 1e-9.
  /// Hand-computed: row 0 of [[2 −1 0], [−4 5 −1], [0 −1 2]] has skew |−1 + 4| = 3 > ½·|−1 − 4| = 2.5; row 1 has
  /// 3 + 0 = 3 against ½·(5 + 2) = 3.5, row 2 0 against 1: one row in three. A symmetric matrix has none; an entry
  /// whose mirror is missing is all skew.
  func testSkewDominantRowFraction() {
    let a = CSRMatrix(rowCount: 3, columnCount: 3, triplets: [
      (0, 0, 2), (0, 1, -1), (1, 0, -4), (1, 1, 5), (1, 2, -1), (2, 1, -1), (2, 2, 2),
    ])
    XCTAssertEqual(a.skewDominantRowFraction, 1.0 / 3.0, accuracy: 1e-15)
    let s = CSRMatrix(rowCount: 2, columnCount: 2, triplets: [(0, 0, 2), (0, 1, -1), (1, 0, -1), (1, 1, 2)])
    XCTAssertEqual(s.skewDominantRowFraction, 0)
    let m = CSRMatrix(rowCount: 2, columnCount: 2, triplets: [(0, 0, 2), (0, 1, -1), (1, 1, 2)])
    XCTAssertEqual(m.skewDominantRowFraction, 0.5)
  }

  func testIsSymmetric() {
    var a = laplacian(nx: 4, ny: 3)
    XCTAssertTrue(a.isSymmetric(tolerance: 0))
    let k = a.entryIndex(row: 1, column: 2)!
    a.values[k] *= 1 + 1e-6
    XCTAssertFalse(a.isSymmetric(tolerance: 1e-9))
    XCTAssertTrue(a.isSymmetric(tolerance: 1e-5))
  }

  /// Vector kernels on small integers (exact).
  func testVectorKernels() {
    XCTAssertEqual(Vector.dot([1, 2, 3, 4, 5], [5, 4, 3, 2, 1]), 35)
    XCTAssertEqual(Vector.norm2([3, 4]), 5)
    var y: [Double] = [1, 1, 1]
    Vector.axpy(2, [1, 2, 3], &y)
    XCTAssertEqual(y, [3, 5, 7])
    Vector.xpay([1, 1, 1], 2, &y)
    XCTAssertEqual(y, [7, 11, 15])
  }
}
