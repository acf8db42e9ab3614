import Foundation
import RackTwinNumerics
import XCTest

final class ParallelTests: XCTestCase {
  override func tearDown() {
    Parallel.threadCount = Parallel.defaultThreadCount
    super.tearDown()
  }

  /// DESIGN §4.4: reductions in fixed-size chunks, so 1 and 2 threads give bit-identical AMG-CG and IC(0)-CG results.
  /// 40³ = 64,000 unknowns: four chunks of 16 Ki rows, so the threaded paths run.
  func testOneAndTwoThreadsGiveBitIdenticalSolves() throws {
    let a = laplacian(nx: 40, ny: 40, nz: 40)
    var generator = SplitMix64(seed: 7)
    let b = (0..<a.rowCount).map { _ in generator.symmetricUnit() }
    func solve(threads: Int) throws -> (x: [Double], amg: SolverReport, xIC: [Double]) {
      Parallel.threadCount = threads
      var x = [Double](repeating: 0, count: a.rowCount)
      let report = try ConjugateGradient(tolerance: 1e-10).solve(a, b, x: &x, preconditioner: try AMGPreconditioner(a))
      var y = [Double](repeating: 0, count: a.rowCount)
      _ = try ConjugateGradient(tolerance: 1e-10).solve(a, b, x: &y,
                                                         preconditioner: try IncompleteCholeskyPreconditioner(a))
      return (x, report, y)
    }
    let one = try solve(threads: 1)
    let two = try solve(threads: 2)
    XCTAssertEqual(one.amg.iterations, two.amg.iterations)
    XCTAssertEqual(one.amg.residualHistory.map(\.bitPattern), two.amg.residualHistory.map(\.bitPattern))
    XCTAssertEqual(one.x.map(\.bitPattern), two.x.map(\.bitPattern))
    XCTAssertEqual(one.xIC.map(\.bitPattern), two.xIC.map(\.bitPattern))
    XCTAssertEqual(Vector.dot(b, one.x).bitPattern, {
      Parallel.threadCount = 2
      return Vector.dot(b, one.x).bitPattern
    }())
  }

  func testChunkedSumVisitsEveryIndexOnce() {
    Parallel.threadCount = 2
    let n = 3 * Parallel.chunkSize + 5
    let total = Parallel.sum(n) { range in Double(range.reduce(0, +)) }
    XCTAssertEqual(total, Double(n * (n - 1) / 2))
    XCTAssertEqual(Parallel.sum(0) { _ in 1 }, 0)
  }
}

final class AMGHierarchyThreadTests: XCTestCase {
  override func tearDown() {
    Parallel.threadCount = Parallel.defaultThreadCount
    super.tearDown()
  }

  /// DESIGN §4.4: the whole AMG hierarchy (every level's operator and prolongator, ω and the power iteration included)
  /// is bit-identical on 1 and 2 threads. 64×64×40 cells with a 10 000:1 jump: 10 chunks of 16 Ki rows on level 0 and
  /// more than one on level 1, whose Galerkin operator has positive couplings (power-iteration path).
  func testHierarchyIsBitIdenticalOnOneAndTwoThreads() throws {
    let a = conduction(nx: 64, ny: 64, nz: 40) { i, j, _ in (16..<40).contains(i) && (20..<44).contains(j) ? 400 : 0.04 }
    Parallel.threadCount = 1
    let one = try AMGPreconditioner(a)
    Parallel.threadCount = 2
    let two = try AMGPreconditioner(a)
    XCTAssertGreaterThan(one.levelSizes[1], Parallel.chunkSize)
    XCTAssertEqual(one.levelSizes, two.levelSizes)
    for l in 0..<one.levels {
      let x = one.levelOperator(l), y = two.levelOperator(l)
      XCTAssertEqual(x.rowStart, y.rowStart, "level \(l)")
      XCTAssertEqual(x.columns, y.columns, "level \(l)")
      XCTAssertEqual(x.values.map(\.bitPattern), y.values.map(\.bitPattern), "level \(l)")
    }
    for l in 0..<(one.levels - 1) {
      let x = one.prolongator(l), y = two.prolongator(l)
      XCTAssertEqual(x.rowStart, y.rowStart, "P level \(l)")
      XCTAssertEqual(x.columns, y.columns, "P level \(l)")
      XCTAssertEqual(x.values.map(\.bitPattern), y.values.map(\.bitPattern), "P level \(l)")
    }
  }
}
