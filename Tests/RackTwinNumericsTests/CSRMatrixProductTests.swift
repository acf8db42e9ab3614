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

final class GalerkinProductTests: XCTestCase {
  override func tearDown() {
    Parallel.threadCount = Parallel.defaultThreadCount
    super.tearDown()
  }

  /// Largest |c1 − c2| over the union of both patterns, relative to the largest |c2|.
  func relativeMaxDifference(_ c1: CSRMatrix, _ c2: CSRMatrix) -> Double {
    let d1 = dense(c1), d2 = dense(c2)
    let scale = d2.map(abs).max() ?? 1
    return zip(d1, d2).map { abs($0 - $1) }.max()! / scale
  }

  /// Pᵀ A P by the blocked triple product against the two-step Pᵀ (A P), on a random SPD A (random symmetric
  /// off-diagonals, diagonally dominant) and a random sparse P with overlapping columns. Same pattern; values equal up
  /// to the rounding of sums taken in another order (1e-14 relative; at most ~150 terms of size ≤ 1 per entry).
  func testTripleProductEqualsTwoStepOnRandomSPDMatrix() {
    var rng = SplitMix64(seed: 11)
    let n = 300, nc = 40
    var t: [(row: Int, column: Int, value: Double)] = []
    for i in 0..<n {
      t.append((i, i, 12))
      for _ in 0..<3 {
        let j = Int(rng.next() % UInt64(n))
        if j != i {
          let v = rng.symmetricUnit()
          t.append((i, j, v))
          t.append((j, i, v))
        }
      }
    }
    let a = CSRMatrix(rowCount: n, columnCount: n, triplets: t)
    var tp: [(row: Int, column: Int, value: Double)] = []
    for i in 0..<n {
      tp.append((i, i * nc / n, 1))
      if rng.next() % 2 == 0 { tp.append((i, Int(rng.next() % UInt64(nc)), rng.symmetricUnit())) }
    }
    let p = CSRMatrix(rowCount: n, columnCount: nc, triplets: tp)
    let r = p.transposed()
    let fused = CSRMatrix.galerkinProduct(restriction: r, operator: a, prolongator: p)
    let twoStep = r.multiplied(by: a.multiplied(by: p))
    XCTAssertEqual(fused.rowStart, twoStep.rowStart)
    XCTAssertEqual(fused.columns, twoStep.columns)
    XCTAssertLessThan(relativeMaxDifference(fused, twoStep), 1e-14)
    XCTAssertEqual(CSRMatrix(rowCount: fused.rowCount, columnCount: fused.columnCount, rowStart: fused.rowStart,
                             columns: fused.columns, values: fused.values), fused)  // structure valid
  }

  /// Every Galerkin level of an AMG hierarchy on a 24³ conduction matrix with a 10 000:1 jump equals Pᵀ(A_l P) to
  /// 1e-14 relative (entry by entry, against the largest entry of the level).
  func testAMGLevelsEqualTwoStepProducts() throws {
    let a = conduction(nx: 24, ny: 24, nz: 24) { i, j, k in (8..<16).contains(i) && (8..<16).contains(j) ? 400 : 0.04 }
    let amg = try AMGPreconditioner(a)
    XCTAssertGreaterThanOrEqual(amg.levels, 3)
    for l in 0..<(amg.levels - 1) {
      let p = amg.prolongator(l), al = amg.levelOperator(l)
      let twoStep = p.transposed().multiplied(by: al.multiplied(by: p))
      let coarse = amg.levelOperator(l + 1)
      XCTAssertEqual(coarse.rowStart, twoStep.rowStart)
      XCTAssertEqual(coarse.columns, twoStep.columns)
      var worst = 0.0
      let scale = twoStep.values.map(abs).max()!
      for k in 0..<coarse.nonzeroCount { worst = max(worst, abs(coarse.values[k] - twoStep.values[k]) / scale) }
      XCTAssertLessThan(worst, 1e-14, "level \(l + 1)")
    }
  }

  /// DESIGN §4.4: 1 and 2 threads give the same bits. 70 000 fine rows, 35 000 coarse rows: three output chunks of
  /// 16 Ki rows and several blocks per chunk, so the threaded and blocked paths both run.
  func testTripleProductIsBitIdenticalOnOneAndTwoThreads() {
    let a = laplacian(nx: 70, ny: 100, nz: 10)
    let n = a.rowCount, nc = n / 2
    var rng = SplitMix64(seed: 5)
    var tp: [(row: Int, column: Int, value: Double)] = []
    for i in 0..<n {
      tp.append((i, i / 2, 1))
      tp.append((i, (i / 2 + 1 + Int(rng.next() % 50)) % nc, 0.3 * rng.symmetricUnit()))
    }
    let p = CSRMatrix(rowCount: n, columnCount: nc, triplets: tp)
    let r = p.transposed()
    Parallel.threadCount = 1
    let one = CSRMatrix.galerkinProduct(restriction: r, operator: a, prolongator: p)
    Parallel.threadCount = 2
    let two = CSRMatrix.galerkinProduct(restriction: r, operator: a, prolongator: p)
    XCTAssertEqual(one.rowStart, two.rowStart)
    XCTAssertEqual(one.columns, two.columns)
    XCTAssertEqual(one.values.map(\.bitPattern), two.values.map(\.bitPattern))
    let twoStep = r.multiplied(by: a.multiplied(by: p))
    XCTAssertEqual(one.columns, twoStep.columns)
    var worst = 0.0
    for k in 0..<one.nonzeroCount { worst = max(worst, abs(one.values[k] - twoStep.values[k])) }
    XCTAssertLessThan(worst, 1e-14 * twoStep.values.map(abs).max()!)  // ≤ 30 terms of size ≤ 6 per entry
  }
  /// Pᵀ A P with Pᵀ formed block by block equals, bit for bit, the product with the full Pᵀ: on a mesh-ordered P
  /// (each fine row in aggregate i/3 and its neighbour's, 70 000 fine rows, 6 blocks of coarse rows, so the blocks'
  /// slices of Pᵀ are scanned), on 1 and 2 threads, and on a P with columns spread over all rows (the scan would read
  /// P more than `galerkinScanLimit` times, so Pᵀ is formed in full).
  func testImplicitRestrictionMatchesExplicitTransposeBitForBit() {
    let a = laplacian(nx: 70, ny: 100, nz: 10)
    let n = a.rowCount, nc = (n + 2) / 3
    var rng = SplitMix64(seed: 8)
    var local: [(row: Int, column: Int, value: Double)] = []
    var spread: [(row: Int, column: Int, value: Double)] = []
    for i in 0..<n {
      local.append((i, i / 3, 1))
      if i / 3 + 1 < nc { local.append((i, i / 3 + 1, 0.25 * rng.symmetricUnit())) }
      spread.append((i, i / 3, 1))
      let far = Int(rng.next() % UInt64(nc))
      if far != i / 3 { spread.append((i, far, 0.5 * rng.symmetricUnit())) }
    }
    for tp in [local, spread] {
      let p = CSRMatrix(rowCount: n, columnCount: nc, triplets: tp)
      let explicit = CSRMatrix.galerkinProduct(restriction: p.transposed(), operator: a, prolongator: p)
      for threads in [1, 2] {
        Parallel.threadCount = threads
        let implicit = CSRMatrix.galerkinProduct(operator: a, prolongator: p)
        XCTAssertEqual(implicit.rowStart, explicit.rowStart)
        XCTAssertEqual(implicit.columns, explicit.columns)
        XCTAssertEqual(implicit.values.map(\.bitPattern), explicit.values.map(\.bitPattern), "\(threads) threads")
      }
    }
  }

  /// Pᵀ A P on small shapes: a P with an empty column and fewer coarse rows than one block, and a 1×1 system.
  func testImplicitRestrictionOnSmallAndEmptyColumns() {
    let a = laplacian(nx: 5, ny: 4, nz: 3)
    let n = a.rowCount
    let p = CSRMatrix(rowCount: n, columnCount: 7, triplets: (0..<n).map { ($0, $0 % 3 == 0 ? 0 : 2 + $0 % 5, 1.0) })
    let explicit = CSRMatrix.galerkinProduct(restriction: p.transposed(), operator: a, prolongator: p)
    let implicit = CSRMatrix.galerkinProduct(operator: a, prolongator: p)
    XCTAssertEqual(implicit, explicit)
    XCTAssertEqual(implicit.rowStart[2], implicit.rowStart[1])  // column 1 of P is empty: so is row 1
    let one = CSRMatrix(rowCount: 1, columnCount: 1, triplets: [(0, 0, 3.0)])
    let half = CSRMatrix(rowCount: 1, columnCount: 1, triplets: [(0, 0, 0.5)])
    XCTAssertEqual(CSRMatrix.galerkinProduct(operator: one, prolongator: half).values, [0.75])
  }
}
