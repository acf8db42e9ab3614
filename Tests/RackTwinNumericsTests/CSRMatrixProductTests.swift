import RackTwinNumerics
import XCTest

final class CSRMatrixProductTests: XCTestCase {
  /// Sparse product and transpose against dense arithmetic on random rectangular matrices (exact up to rounding of
  /// sums of at most 7 products: 1e-14).
  func testSparseProductAndTransposeMatchDense() {
    var rng = SplitMix64(seed: 4)
    func random(_ m: Int, _ n: Int) -> CSRMatrix {
      var t: [(row: Int, column: Int, value: Double)] = []
      for i in 0..<m { for j in 0..<n where Double.random(in: 0..<1, using: &rng) < 0.25 { t.append((i, j, rng.symmetricUnit())) } }
      return CSRMatrix(rowCount: m, columnCount: n, triplets: t)
    }
    let a = random(9, 7), b = random(7, 60)
    let c = a.multiplied(by: b)
    let da = dense(a), db = dense(b), dc = dense(c)
    for i in 0..<9 {
      for j in 0..<60 {
        var s = 0.0
        for k in 0..<7 { s += da[i * 7 + k] * db[k * 60 + j] }
        XCTAssertEqual(dc[i * 60 + j], s, accuracy: 1e-14)
      }
    }
    XCTAssertEqual(CSRMatrix(rowCount: c.rowCount, columnCount: c.columnCount, rowStart: c.rowStart,
                             columns: c.columns, values: c.values), c)  // structure valid (sorted, in range)
    let t = b.transposed()
    XCTAssertEqual(t.rowCount, 60)
    for i in 0..<7 { for j in 0..<60 { XCTAssertEqual(dense(t)[j * 7 + i], db[i * 60 + j]) } }
    XCTAssertEqual(t.transposed(), b)
  }
}
