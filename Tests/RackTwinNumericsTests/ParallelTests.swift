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
