import XCTest
import RackTwinNumerics

/// BiCGSTAB, GMRES and ILU(0) on advection–diffusion systems.
final class NonSymmetricSolverTests: XCTestCase {
  /// −θ'' + Pe θ' = 0 on (0, 1), θ(0) = 0, θ(1) = 1, with N − 1 interior nodes, upwind advection:
  /// −θ_{i+1} + (2 + P)θ_i − (1 + P)θ_{i−1} = 0, P = Pe·h. Its discrete solution is θ_i = (r^i − 1)/(r^N − 1) with
  /// r = 1 + P (the characteristic roots are 1 and 1 + P), and the exact one is θ = (e^{Pe·x} − 1)/(e^{Pe} − 1).
  func advectionDiffusion(pe: Double, n: Int) -> (CSRMatrix, [Double]) {
    let h = 1 / Double(n), p = pe * h
    var t: [(row: Int, column: Int, value: Double)] = []
    var b = [Double](repeating: 0, count: n - 1)
    for i in 0..<(n - 1) {
      t.append((i, i, 2 + p))
      if i > 0 { t.append((i, i - 1, -(1 + p))) }
      if i < n - 2 { t.append((i, i + 1, -1)) } else { b[i] = 1 }
    }
    return (CSRMatrix(rowCount: n - 1, columnCount: n - 1, triplets: t), b)
  }

  func testAdvectionDiffusionAtPeclet1_10_100() throws {
    let n = 200
    for pe in [1.0, 10.0, 100.0] {
      let (a, b) = advectionDiffusion(pe: pe, n: n)
      let r = 1 + pe / Double(n)
      let discrete = (1..<n).map { (pow(r, Double($0)) - 1) / (pow(r, Double(n)) - 1) }
      let exact = (1..<n).map { (exp(pe * Double($0) / Double(n)) - 1) / (exp(pe) - 1) }
      for solver in ["gmres", "bicgstab"] {
        for precond in ["none", "ilu0"] {
          var x = [Double](repeating: 0, count: n - 1)
          let m: any Preconditioner = precond == "ilu0" ? try IncompleteLUPreconditioner(a) : IdentityPreconditioner()
          let report: SolverReport
          if solver == "gmres" {
            report = try GMRES(tolerance: 1e-12, maxIterations: 5000, restart: 50).solve(a, b, x: &x, preconditioner: m)
          } else {
            report = try BiCGSTAB(tolerance: 1e-12, maxIterations: 5000).solve(a, b, x: &x, preconditioner: m)
          }
          XCTAssertLessThanOrEqual(report.relativeResidual, 1e-12)
          for i in 0..<(n - 1) {
            // Against the closed-form discrete solution: the solver's own error only.
            XCTAssertEqual(x[i], discrete[i], accuracy: 1e-9, "\(solver)-\(precond) Pe \(pe) node \(i)")
          }
          // Upwind is first order: |θ_h − θ| ≤ C·Pe·h; at Pe h = 0.5 the boundary layer error is ~0.1.
          let err = zip(x, exact).map { abs($0 - $1) }.max()!
          XCTAssertLessThan(err, pe == 100 ? 0.1 : 0.01, "\(solver)-\(precond) Pe \(pe)")
          if precond == "ilu0" {
            // ILU(0) of a tridiagonal matrix is its exact LU: one Krylov step.
            XCTAssertLessThanOrEqual(report.iterations, 2, "\(solver) Pe \(pe)")
          }
        }
      }
    }
  }

  /// A 2-D advection–diffusion operator (5-point, upwind, 20 × 20): both solvers with ILU(0) reach the dense LU
  /// solution (LAPACK dgesv) to 1e-9.
  func testTwoDimensionalAgainstDenseLU() throws {
    let m = 20, n = m * m
    var t: [(row: Int, column: Int, value: Double)] = []
    let px = 3.0, py = 1.5  // cell Péclet numbers
    for j in 0..<m {
      for i in 0..<m {
        let r = j * m + i
        t.append((r, r, 4 + px + py))
        if i > 0 { t.append((r, r - 1, -1 - px)) }
        if i < m - 1 { t.append((r, r + 1, -1)) }
        if j > 0 { t.append((r, r - m, -1 - py)) }
        if j < m - 1 { t.append((r, r + m, -1)) }
      }
    }
    let a = CSRMatrix(rowCount: n, columnCount: n, triplets: t)
    var rng = SplitMix64(seed: 11)
    let b = (0..<n).map { _ in rng.symmetricUnit() }
    var dense = [Double](repeating: 0, count: n * n)
    for (r, c, v) in t { dense[r * n + c] += v }
    let reference = try DenseLinearAlgebra.solveLU(dense, n: n, b)
    let ilu = try IncompleteLUPreconditioner(a)
    var x1 = [Double](repeating: 0, count: n), x2 = [Double](repeating: 0, count: n)
    let g = try GMRES(tolerance: 1e-13, restart: 30).solve(a, b, x: &x1, preconditioner: ilu)
    let s = try BiCGSTAB(tolerance: 1e-13).solve(a, b, x: &x2, preconditioner: ilu)
    let scale = reference.map(abs).max()!
    for i in 0..<n {
      XCTAssertEqual(x1[i], reference[i], accuracy: 1e-9 * scale)
      XCTAssertEqual(x2[i], reference[i], accuracy: 1e-9 * scale)
    }
    XCTAssertEqual(g.method, "gmres30-ilu0")
    XCTAssertEqual(s.method, "bicgstab-ilu0")
  }

  /// AMG on a non-symmetric 3-D upwind advection–diffusion operator (12 × 12 × 14, cell Péclet numbers 4, 1, 0.5):
  /// the hierarchy sees the asymmetry, factorises its coarsest level by LU (Cholesky would read only the lower
  /// triangle), and as a BiCGSTAB or GMRES preconditioner reaches LAPACK's dense LU solution to 1e-9.
  func testAMGPreconditionsBiCGSTABAndGMRESOnUpwindAdvection() throws {
    let (nx, ny, nz) = (12, 12, 14)
    let n = nx * ny * nz
    let (px, py, pz) = (4.0, 1.0, 0.5)
    var t: [(row: Int, column: Int, value: Double)] = []
    for k in 0..<nz {
      for j in 0..<ny {
        for i in 0..<nx {
          let r = i + nx * (j + ny * k)
          // Dirichlet walls all round (diffusion 1 per face); upwind flux from the lower neighbour in each direction.
          t.append((r, r, 6 + px + py + pz))
          if i > 0 { t.append((r, r - 1, -1 - px)) }
          if i < nx - 1 { t.append((r, r + 1, -1)) }
          if j > 0 { t.append((r, r - nx, -1 - py)) }
          if j < ny - 1 { t.append((r, r + nx, -1)) }
          if k > 0 { t.append((r, r - nx * ny, -1 - pz)) }
          if k < nz - 1 { t.append((r, r + nx * ny, -1)) }
        }
      }
    }
    let a = CSRMatrix(rowCount: n, columnCount: n, triplets: t)
    XCTAssertFalse(a.isExactlySymmetric)
    var rng = SplitMix64(seed: 5)
    let b = (0..<n).map { _ in rng.symmetricUnit() }
    let reference = try DenseLinearAlgebra.solveLU(dense(a), n: n, b)
    let amg = try AMGPreconditioner(a)
    XCTAssertGreaterThanOrEqual(amg.levels, 2)
    XCTAssertEqual(amg.coarseSolver, .lu)
    var x1 = [Double](repeating: 0, count: n), x2 = [Double](repeating: 0, count: n)
    let s = try BiCGSTAB(tolerance: 1e-12).solve(a, b, x: &x1, preconditioner: amg)
    let g = try GMRES(tolerance: 1e-12).solve(a, b, x: &x2, preconditioner: amg)
    // Residual 1e-12 and a condition number of order 10² leave the error far below 1e-9.
    XCTAssertLessThan(relativeDifference(x1, reference), 1e-9)
    XCTAssertLessThan(relativeDifference(x2, reference), 1e-9)
    print("3-D upwind \(n) unknowns, AMG \(amg.levelSizes): bicgstab \(s.iterations), gmres \(g.iterations) iterations")
  }

  func testNotConvergedReportsTheResidual() throws {
    let (a, b) = advectionDiffusion(pe: 10, n: 100)
    var x = [Double](repeating: 0, count: 99)
    XCTAssertThrowsError(try GMRES(tolerance: 1e-12, maxIterations: 3, restart: 3).solve(a, b, x: &x, preconditioner: IdentityPreconditioner())) { e in
      guard case LinearSolverError.notConverged(let report) = e else { return XCTFail("\(e)") }
      XCTAssertEqual(report.iterations, 3)
      XCTAssertGreaterThan(report.relativeResidual, 1e-12)
    }
  }
}
