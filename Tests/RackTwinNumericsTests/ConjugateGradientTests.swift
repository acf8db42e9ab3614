import Foundation
import RackTwinNumerics
import XCTest

final class ConjugateGradientTests: XCTestCase {
  /// −u'' = 1 on (0, 1), u(0) = u(1) = 0, 3-point stencil on 49 interior nodes (h = 1/50). The stencil is exact for
  /// quadratics, so the discrete solution equals x(1 − x)/2 at the nodes. Tolerance 1e-9 absolute: CG stops at relative
  /// residual 1e-12 and κ(A) ≈ 4/(πh)² ≈ 1000 bounds the relative error by 1e-9 × max u = 1.25e-10.
  func testPoisson1DMatchesExactQuadratic() throws {
    let n = 49
    let h = 1.0 / Double(n + 1)
    var triplets: [(row: Int, column: Int, value: Double)] = []
    for i in 0..<n {
      triplets.append((i, i, 2))
      if i > 0 { triplets.append((i, i - 1, -1)) }
      if i < n - 1 { triplets.append((i, i + 1, -1)) }
    }
    let a = CSRMatrix(rowCount: n, columnCount: n, triplets: triplets)
    let b = [Double](repeating: h * h, count: n)
    var x = [Double](repeating: 0, count: n)
    let report = try ConjugateGradient(tolerance: 1e-12).solve(a, b, x: &x, preconditioner: IdentityPreconditioner())
    XCTAssertTrue(report.converged)
    XCTAssertEqual(report.method, "cg-none")
    XCTAssertLessThanOrEqual(report.relativeResidual, 1e-12)
    for i in 0..<n {
      let xi = Double(i + 1) * h
      XCTAssertEqual(x[i], xi * (1 - xi) / 2, accuracy: 1e-9, "node \(i)")
    }
  }

  /// 3-D 7-point Laplacian on 6×6×6 = 216 cells with a random right-hand side, against dense LAPACK Cholesky.
  /// Tolerance 1e-9 relative (max norm): CG to 1e-13 with κ ≈ 20 here leaves ~1e-12.
  func testLaplacian3DMatchesDenseCholesky() throws {
    let a = laplacian(nx: 6, ny: 6, nz: 6)
    var rng = SplitMix64(seed: 42)
    let b = (0..<a.rowCount).map { _ in rng.symmetricUnit() }
    let reference = try DenseLinearAlgebra.solveCholesky(dense(a), n: a.rowCount, b)
    for preconditioner in [try JacobiPreconditioner(a) as any Preconditioner, try IncompleteCholeskyPreconditioner(a)] {
      var x = [Double](repeating: 0, count: a.rowCount)
      let report = try ConjugateGradient(tolerance: 1e-13).solve(a, b, x: &x, preconditioner: preconditioner)
      XCTAssertTrue(report.converged)
      XCTAssertLessThan(relativeDifference(x, reference), 1e-9, report.method)
    }
  }

  /// On a 20³ 7-point Laplacian IC(0) roughly halves CG iterations relative to Jacobi (Saad 2003, §10.3); assert only
  /// that both converge and IC(0) takes fewer.
  func testIC0TakesFewerIterationsThanJacobiOn20Cubed() throws {
    let a = laplacian(nx: 20, ny: 20, nz: 20)
    var rng = SplitMix64(seed: 3)
    let b = (0..<a.rowCount).map { _ in rng.symmetricUnit() }
    let cg = ConjugateGradient(tolerance: 1e-8)
    var x1 = [Double](repeating: 0, count: a.rowCount)
    let jacobi = try cg.solve(a, b, x: &x1, preconditioner: JacobiPreconditioner(a))
    var x2 = [Double](repeating: 0, count: a.rowCount)
    let ic0 = try cg.solve(a, b, x: &x2, preconditioner: IncompleteCholeskyPreconditioner(a))
    XCTAssertTrue(jacobi.converged && ic0.converged)
    XCTAssertEqual(jacobi.method, "cg-jacobi")
    XCTAssertEqual(ic0.method, "cg-ic0")
    XCTAssertLessThan(ic0.iterations, jacobi.iterations)
    XCTAssertEqual(ic0.residualHistory.count, ic0.iterations + 1)
    print("20³ Laplacian: cg-jacobi \(jacobi.iterations) iterations, cg-ic0 \(ic0.iterations)")
  }

  /// Three iterations cannot reach 1e-10 on a 10×10 Laplacian: notConverged carries the report and its description
  /// names the residual reached and the iteration count.
  func testNotConvergedAfterThreeIterationsNamesResidual() {
    let a = laplacian(nx: 10, ny: 10)
    let b = [Double](repeating: 1, count: a.rowCount)
    var x = [Double](repeating: 0, count: a.rowCount)
    XCTAssertThrowsError(try ConjugateGradient(maxIterations: 3).solve(a, b, x: &x, preconditioner: IdentityPreconditioner())) { error in
      guard case LinearSolverError.notConverged(let report) = error else { return XCTFail("\(error)") }
      XCTAssertEqual(report.iterations, 3)
      XCTAssertFalse(report.converged)
      XCTAssertGreaterThan(report.relativeResidual, 1e-10)
      let text = "\(error)"
      XCTAssertTrue(text.contains(String(format: "%.3e", report.relativeResidual)), text)
      XCTAssertTrue(text.contains("3 iterations"), text)
      XCTAssertTrue(text.contains("1.000e-10"), text)
    }
  }

  /// b = 0 gives x = 0 at once, whatever the initial guess.
  func testZeroRightHandSideGivesZero() throws {
    let a = laplacian(nx: 3, ny: 3)
    var x = [Double](repeating: 5, count: 9)
    let report = try ConjugateGradient().solve(a, [Double](repeating: 0, count: 9), x: &x,
                                               preconditioner: IdentityPreconditioner())
    XCTAssertEqual(x, [Double](repeating: 0, count: 9))
    XCTAssertEqual(report.iterations, 0)
    XCTAssertTrue(report.converged)
  }

  /// NaN in the right-hand side and a wrong-sized x are rejected before iterating.
  func testInvalidInputRejected() {
    let a = laplacian(nx: 3, ny: 3)
    var x = [Double](repeating: 0, count: 9)
    var b = [Double](repeating: 1, count: 9)
    b[4] = .nan
    XCTAssertThrowsError(try ConjugateGradient().solve(a, b, x: &x, preconditioner: IdentityPreconditioner()))
    var short = [Double](repeating: 0, count: 8)
    XCTAssertThrowsError(try ConjugateGradient().solve(a, [Double](repeating: 1, count: 9), x: &short,
                                                       preconditioner: IdentityPreconditioner()))
  }

  /// An indefinite symmetric matrix diag(1, −1) makes pᵀAp ≤ 0 (for b = (1, 1), p₀ = b gives 0): notPositiveDefinite.
  func testIndefiniteMatrixDetected() {
    let a = CSRMatrix(rowCount: 2, columnCount: 2, triplets: [(0, 0, 1), (1, 1, -1)])
    var x: [Double] = [0, 0]
    XCTAssertThrowsError(try ConjugateGradient().solve(a, [1, 1], x: &x, preconditioner: IdentityPreconditioner())) { error in
      guard case LinearSolverError.notPositiveDefinite = error else { return XCTFail("\(error)") }
    }
  }

  /// The fused CG kernels give the same bits as the separate ones they replace, on 1 and 2 threads; 40³ = 64 000 rows
  /// is four `Parallel` chunks, so chunked sums and the threaded paths run.
  func testFusedKernelsMatchSeparateOnesBitForBit() {
    defer { Parallel.threadCount = Parallel.defaultThreadCount }
    let a = laplacian(nx: 40, ny: 40, nz: 40)
    let n = a.rowCount
    var rng = SplitMix64(seed: 11)
    let p = (0..<n).map { _ in rng.symmetricUnit() }
    let q0 = (0..<n).map { _ in rng.symmetricUnit() }
    let x0 = (0..<n).map { _ in rng.symmetricUnit() }
    let r0 = (0..<n).map { _ in rng.symmetricUnit() }
    for threads in [1, 2] {
      Parallel.threadCount = threads
      var q = [Double](repeating: 0, count: n)
      a.multiply(p, into: &q)
      let pq = Vector.dot(p, q)
      var qFused = [Double](repeating: 0, count: n)
      XCTAssertEqual(a.multiplyAndDot(p, into: &qFused).bitPattern, pq.bitPattern, "\(threads) threads")
      XCTAssertEqual(qFused.map(\.bitPattern), q.map(\.bitPattern), "\(threads) threads")

      var x = x0, r = r0
      Vector.axpy(0.37, p, &x)
      Vector.axpy(-0.37, q0, &r)
      let norm = Vector.norm2(r)
      var xFused = x0, rFused = r0
      let normFused = Vector.updateSolutionAndResidual(0.37, p, q0, x: &xFused, r: &rFused)
      XCTAssertEqual(normFused.bitPattern, norm.bitPattern, "\(threads) threads")
      XCTAssertEqual(xFused.map(\.bitPattern), x.map(\.bitPattern), "\(threads) threads")
      XCTAssertEqual(rFused.map(\.bitPattern), r.map(\.bitPattern), "\(threads) threads")
    }
  }

  /// From a nonzero initial guess (the path with the initial SpMV) the report's residual is the true one,
  /// ‖b − A x‖/‖b‖ recomputed here; relative tolerance 1e-12 for the summation order of the check.
  func testReportedResidualIsTrueResidualFromNonzeroStart() throws {
    let a = laplacian(nx: 12, ny: 12, nz: 12)
    var rng = SplitMix64(seed: 5)
    let b = (0..<a.rowCount).map { _ in rng.symmetricUnit() }
    var x = (0..<a.rowCount).map { _ in rng.symmetricUnit() }
    let report = try ConjugateGradient(tolerance: 1e-9).solve(a, b, x: &x, preconditioner: try JacobiPreconditioner(a))
    let ax = a.multiplied(by: x)
    let residual = Vector.norm2(zip(b, ax).map { $0 - $1 }) / Vector.norm2(b)
    XCTAssertTrue(report.converged)
    XCTAssertEqual(report.relativeResidual, residual, accuracy: 1e-12 * residual)
  }
}
