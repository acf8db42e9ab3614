import Foundation
import RackTwinNumerics
import XCTest

/// 7-point FV conduction on an nx×ny×nz grid of unit cells: harmonic-mean face conductances, fixed temperature on the
/// x = 0 wall (conductance k/(h/2)), adiabatic elsewhere — SPD through that one wall.
func conduction(nx: Int, ny: Int, nz: Int, conductivity: (Int, Int, Int) -> Double) -> CSRMatrix {
  var triplets: [(row: Int, column: Int, value: Double)] = []
  func index(_ i: Int, _ j: Int, _ k: Int) -> Int { i + nx * (j + ny * k) }
  for k in 0..<nz {
    for j in 0..<ny {
      for i in 0..<nx {
        let c = index(i, j, k), kc = conductivity(i, j, k)
        var diagonal = i == 0 ? 2 * kc : 0
        for (a, b, d) in [(i - 1, j, k), (i + 1, j, k), (i, j - 1, k), (i, j + 1, k), (i, j, k - 1), (i, j, k + 1)]
        where a >= 0 && a < nx && b >= 0 && b < ny && d >= 0 && d < nz {
          let kn = conductivity(a, b, d)
          let g = 2 * kc * kn / (kc + kn)
          diagonal += g
          triplets.append((c, index(a, b, d), -g))
        }
        triplets.append((c, c, diagonal))
      }
    }
  }
  return CSRMatrix(rowCount: nx * ny * nz, columnCount: nx * ny * nz, triplets: triplets)
}

final class AMGPreconditionerTests: XCTestCase {
  func randomVector(_ n: Int, seed: UInt64) -> [Double] {
    var rng = SplitMix64(seed: seed)
    return (0..<n).map { _ in rng.symmetricUnit() }
  }

  /// A copper block (k = 400) in air (k = 0.04), a 10 000:1 jump, on a 12³ grid cooled through the x = 0 wall that
  /// only air touches. AMG-CG to 1e-11 must match dense Cholesky (LAPACK dposv) to 1e-9 relative; with weak
  /// air–copper couplings (2·k_air against θ·6·√(k_air k_cu) = 48·k_air) aggregates do not cross the interface,
  /// so iterations stay within 1.5× (+3) of the same grid with uniform k.
  func testCopperInAirJumpMatchesDenseCholesky() throws {
    let side = 12
    let a = conduction(nx: side, ny: side, nz: side) { i, j, k in
      (3..<9).contains(i) && (3..<9).contains(j) && (2..<10).contains(k) ? 400 : 0.04
    }
    let n = a.rowCount
    let b = randomVector(n, seed: 3)
    let amg = try AMGPreconditioner(a, options: AMGOptions(coarsestSize: 40))
    XCTAssertGreaterThanOrEqual(amg.levels, 3)
    var x = [Double](repeating: 0, count: n)
    let report = try ConjugateGradient(tolerance: 1e-11, maxIterations: 500).solve(a, b, x: &x, preconditioner: amg)
    let reference = try DenseLinearAlgebra.solveCholesky(dense(a), n: n, b)
    // Dense Cholesky itself carries κ·ε ≈ 1e-10 here; CG to 1e-11 (near the rounding floor of ‖b − Ax‖ here) adds κ·1e-11 at worst, far less in practice.
    XCTAssertLessThan(relativeDifference(x, reference), 1e-9)

    let uniform = conduction(nx: side, ny: side, nz: side) { _, _, _ in 1 }
    var y = [Double](repeating: 0, count: n)
    let uniformReport = try ConjugateGradient(tolerance: 1e-11, maxIterations: 500)
      .solve(uniform, b, x: &y, preconditioner: AMGPreconditioner(uniform, options: AMGOptions(coarsestSize: 40)))
    print("AMG jump: difference \(relativeDifference(x, reference)), \(report.iterations) iterations, uniform: \(uniformReport.iterations), levels \(amg.levelSizes)")
    XCTAssertLessThanOrEqual(Double(report.iterations), 1.5 * Double(uniformReport.iterations) + 3)
  }

  /// Mesh independence, the defining property of multigrid: on the 7-point Dirichlet Laplacian, iterations to 1e-8
  /// grow by at most 1.5× from 16³ to 32³ (IC(0) roughly doubles). On 32³, AMG also needs fewer iterations than IC(0)
  /// and its operator complexity stays below 2 (Vaněk et al. report 1.2–1.6 for 3-D problems).
  func testLaplacianIterationsAreMeshIndependentAndBeatIC0() throws {
    var iterations: [Int] = []
    var ic0Iterations = 0
    var complexity = 0.0
    for side in [16, 32] {
      let a = laplacian(nx: side, ny: side, nz: side)
      let b = randomVector(a.rowCount, seed: 7)
      let amg = try AMGPreconditioner(a)
      var x = [Double](repeating: 0, count: a.rowCount)
      let report = try ConjugateGradient(tolerance: 1e-8).solve(a, b, x: &x, preconditioner: amg)
      iterations.append(report.iterations)
      if side == 32 {
        complexity = amg.operatorComplexity
        var y = [Double](repeating: 0, count: a.rowCount)
        ic0Iterations = try ConjugateGradient(tolerance: 1e-8)
          .solve(a, b, x: &y, preconditioner: IncompleteCholeskyPreconditioner(a)).iterations
        print("AMG 32³: levels \(amg.levelSizes), nnz \(amg.levelNonzeros), operator complexity \(amg.operatorComplexity), grid complexity \(amg.gridComplexity)")
      }
    }
    print("AMG-CG iterations 16³: \(iterations[0]), 32³: \(iterations[1]); IC(0)-CG 32³: \(ic0Iterations)")
    XCTAssertLessThanOrEqual(Double(iterations[1]), 1.5 * Double(iterations[0]))
    XCTAssertLessThan(iterations[1], ic0Iterations)
    XCTAssertLessThan(complexity, 2.0)
    XCTAssertGreaterThan(complexity, 1.0)
  }

  /// AMG must be algebraic: a 40×40 grid graph with random diagonal links, random coupling weights 0.1…10, a small
  /// diagonal shift (1e-3 of the mean degree) and a random renumbering of the nodes — no grid structure left in the
  /// indices. AMG-CG to 1e-13 matches dense Cholesky to 1e-9 (κ ≈ 1e5).
  func testRandomGraphLaplacianMatchesDenseCholesky() throws {
    var rng = SplitMix64(seed: 21)
    let side = 40, n = side * side
    var order = Array(0..<n)
    order.shuffle(using: &rng)
    var triplets: [(row: Int, column: Int, value: Double)] = []
    var degree = [Double](repeating: 0, count: n)
    func link(_ p: Int, _ q: Int, _ w: Double) {
      let u = order[p], v = order[q]
      triplets.append((u, v, -w))
      triplets.append((v, u, -w))
      degree[u] += w
      degree[v] += w
    }
    for j in 0..<side {
      for i in 0..<side {
        let c = i + side * j
        if i + 1 < side { link(c, c + 1, 0.1 + 9.9 * Double.random(in: 0..<1, using: &rng)) }
        if j + 1 < side { link(c, c + side, 0.1 + 9.9 * Double.random(in: 0..<1, using: &rng)) }
        if i + 1 < side && j + 1 < side && Double.random(in: 0..<1, using: &rng) < 0.3 {
          link(c, c + side + 1, 0.1 + 9.9 * Double.random(in: 0..<1, using: &rng))
        }
        if i > 0 && j + 1 < side && Double.random(in: 0..<1, using: &rng) < 0.3 {
          link(c, c + side - 1, 0.1 + 9.9 * Double.random(in: 0..<1, using: &rng))
        }
      }
    }
    let shift = 1e-3 * degree.reduce(0, +) / Double(n)
    for u in 0..<n { triplets.append((u, u, degree[u] + shift)) }
    let a = CSRMatrix(rowCount: n, columnCount: n, triplets: triplets)
    let b = randomVector(n, seed: 5)
    let amg = try AMGPreconditioner(a, options: AMGOptions(coarsestSize: 50))
    XCTAssertGreaterThanOrEqual(amg.levels, 3)
    var x = [Double](repeating: 0, count: n)
    let report = try ConjugateGradient(tolerance: 1e-13, maxIterations: 500).solve(a, b, x: &x, preconditioner: amg)
    let reference = try DenseLinearAlgebra.solveCholesky(dense(a), n: n, b)
    print("AMG random graph: \(report.iterations) iterations, levels \(amg.levelSizes)")
    XCTAssertLessThan(relativeDifference(x, reference), 1e-9)
    XCTAssertLessThan(report.iterations, 60)
  }

  /// Same matrix and input give bit-identical hierarchies and outputs; the V-cycle is symmetric (uᵀM⁻¹v = vᵀM⁻¹u to
  /// rounding, 1e-12 relative) as CG requires.
  func testDeterministicAndSymmetric() throws {
    let a = laplacian(nx: 10, ny: 9, nz: 8) { c in 1 + Double(c % 7) }
    let options = AMGOptions(coarsestSize: 30)
    let m1 = try AMGPreconditioner(a, options: options), m2 = try AMGPreconditioner(a, options: options)
    XCTAssertEqual(m1.levelSizes, m2.levelSizes)
    XCTAssertEqual(m1.levelNonzeros, m2.levelNonzeros)
    let u = randomVector(a.rowCount, seed: 1), v = randomVector(a.rowCount, seed: 2)
    var z1: [Double] = [], z2: [Double] = [], w: [Double] = []
    m1.apply(u, into: &z1)
    m2.apply(u, into: &z2)
    XCTAssertEqual(z1, z2)
    m1.apply(u, into: &z2)
    XCTAssertEqual(z1, z2)
    m1.apply(v, into: &w)
    let uw = Vector.dot(u, w), vz = Vector.dot(v, z1)
    XCTAssertEqual(uw, vz, accuracy: 1e-12 * abs(uw))
    XCTAssertGreaterThan(Vector.dot(u, z1), 0)
  }

  /// A 1-level hierarchy (n ≤ coarsestSize) is the dense Cholesky solve itself (to 1e-12: κ ≈ 50, LAPACK backward
  /// stable).
  func testSingleLevelIsDirectSolve() throws {
    let a = laplacian(nx: 6, ny: 5, nz: 4)
    let amg = try AMGPreconditioner(a)
    XCTAssertEqual(amg.levels, 1)
    XCTAssertEqual(amg.coarseSolver, .cholesky)
    let b = randomVector(a.rowCount, seed: 9)
    var z: [Double] = []
    amg.apply(b, into: &z)
    XCTAssertLessThan(relativeDifference(z, try DenseLinearAlgebra.solveCholesky(dense(a), n: a.rowCount, b)), 1e-12)
  }

  /// When Cholesky meets a non-positive pivot the coarsest level falls back to LU: on the symmetric indefinite
  /// [[1 2] [2 1]] (eigenvalues 3 and −1) the 1-level preconditioner must still be the exact inverse, x = (1/3)(2b₂ − b₁,
  /// 2b₁ − b₂) for b = (1, 1): (1/3, 1/3).
  func testIndefiniteCoarsestFallsBackToLU() throws {
    let a = CSRMatrix(rowCount: 2, columnCount: 2, triplets: [(0, 0, 1), (0, 1, 2), (1, 0, 2), (1, 1, 1)])
    let m = try AMGPreconditioner(a)
    XCTAssertEqual(m.coarseSolver, .lu)
    var z: [Double] = []
    m.apply([1, 1], into: &z)
    XCTAssertEqual(z[0], 1.0 / 3, accuracy: 1e-15)
    XCTAssertEqual(z[1], 1.0 / 3, accuracy: 1e-15)
  }

  /// With coarsening disabled (maxLevels 1) on 20³ > 4000 unknowns the coarsest level is not factorised but smoothed
  /// by 10 forward and 10 backward Gauss–Seidel sweeps. That is still an SPD preconditioner, so CG converges to 1e-8,
  /// and in fewer iterations than Jacobi-CG (75 on 20³, docs/solvers.md).
  func testStalledCoarseningUsesSmootherAsCoarseSolver() throws {
    let a = laplacian(nx: 20, ny: 20, nz: 20)
    let m = try AMGPreconditioner(a, options: AMGOptions(maxLevels: 1))
    XCTAssertEqual(m.coarseSolver, .smoother)
    var x = [Double](repeating: 0, count: a.rowCount)
    let report = try ConjugateGradient(tolerance: 1e-8).solve(a, randomVector(a.rowCount, seed: 8), x: &x, preconditioner: m)
    XCTAssertLessThan(report.iterations, 75)
  }

  /// The V-cycle as Vaněk, Mandel & Brezina state it, written out with the hierarchy's public operators and
  /// prolongators: forward Gauss–Seidel from zero, full residual, restriction by Pᵀ, recursion, prolongation, backward
  /// Gauss–Seidel, dense Cholesky on the coarsest level. `apply` (fused sweep and lagged upper-part restriction) must
  /// match it to rounding: 1e-12 relative (a few ulps per level of cancellation in −Ux against b − Ax).
  func testVCycleMatchesTextbookVCycle() throws {
    let jump = conduction(nx: 20, ny: 20, nz: 20) { i, j, k in (5..<15).contains(i) && (4..<12).contains(j) ? 400 : 0.04 }
    var rng = SplitMix64(seed: 11)
    var order = Array(0..<jump.rowCount)
    order.shuffle(using: &rng)
    // Natural order (lag = 400 rows) and a random renumbering (lag close to n, so the tail loop does most rows).
    for a in [jump, jump.permuted(by: order)] {
      let amg = try AMGPreconditioner(a, options: AMGOptions(coarsestSize: 40))
      XCTAssertGreaterThanOrEqual(amg.levels, 3)
      func sweep(_ m: CSRMatrix, _ b: [Double], _ x: inout [Double], forward: Bool) {
        for i in forward ? Array(0..<m.rowCount) : Array((0..<m.rowCount).reversed()) {
          var s = b[i], d = 0.0
          for k in m.rowStart[i]..<m.rowStart[i + 1] {
            let j = Int(m.columns[k])
            if j == i { d = m.values[k] }
            s -= m.values[k] * x[j]
          }
          x[i] += s / d
        }
      }
      func cycle(_ l: Int, _ b: [Double]) throws -> [Double] {
        let m = amg.levelOperator(l)
        if l == amg.levels - 1 { return try DenseLinearAlgebra.solveCholesky(dense(m), n: m.rowCount, b) }
        var x = [Double](repeating: 0, count: m.rowCount)
        sweep(m, b, &x, forward: true)
        let ax = m.multiplied(by: x)
        let p = amg.prolongator(l)
        let coarse = try cycle(l + 1, p.transposed().multiplied(by: zip(b, ax).map { $0 - $1 }))
        let correction = p.multiplied(by: coarse)
        for i in 0..<x.count { x[i] += correction[i] }
        sweep(m, b, &x, forward: false)
        return x
      }
      let r = randomVector(a.rowCount, seed: 13)
      var z = [Double](repeating: 0, count: a.rowCount)
      amg.apply(r, into: &z)
      XCTAssertLessThan(relativeDifference(z, try cycle(0, r)), 1e-12)
    }
  }

  /// A non-positive diagonal entry is reported by row, the first one in index order, even when the threaded pass over
  /// chunks meets a later one first (rows 40 000 and 50 000 of a 40³ Laplacian lie in chunks 2 and 3).
  func testNonPositiveDiagonalIsReportedAtTheFirstRow() {
    var a = laplacian(nx: 40, ny: 40, nz: 40)
    a.values[a.entryIndex(row: 50_000, column: 50_000)!] = 0
    a.values[a.entryIndex(row: 40_000, column: 40_000)!] = -1
    Parallel.threadCount = 2
    defer { Parallel.threadCount = Parallel.defaultThreadCount }
    XCTAssertThrowsError(try AMGPreconditioner(a)) { error in
      guard case LinearSolverError.notPositiveDefinite(let detail) = error else { return XCTFail("\(error)") }
      XCTAssertTrue(detail.hasPrefix("diagonal entry 40000 of AMG level 0 is -1"), detail)
    }
  }
}

/// Timings, not a test (STYLE: no test depends on time): runs only when RACKTWIN_AMG_BENCH is set, e.g.
/// `RACKTWIN_AMG_BENCH=amg RACKTWIN_AMG_SIDES=100 swift test -c release --filter AMGBenchmark` (methods: amg, ic0, both).
final class AMGBenchmark: XCTestCase {
  /// 7-point Dirichlet Laplacian on side³ unit cells (as `laplacian` in TestSupport), built directly in CSR.
  func laplacian7(_ side: Int) -> CSRMatrix {
    let n = side * side * side
    var rowStart = [Int](repeating: 0, count: n + 1)
    var columns: [Int32] = [], values: [Double] = []
    columns.reserveCapacity(7 * n)
    values.reserveCapacity(7 * n)
    for k in 0..<side {
      for j in 0..<side {
        for i in 0..<side {
          let c = i + side * (j + side * k)
          var diagonal = 0.0
          for (offset, inside) in [(-side * side, k > 0), (-side, j > 0), (-1, i > 0)] {
            if inside { columns.append(Int32(c + offset)); values.append(-1) }
            diagonal += inside ? 1 : 2
          }
          let diagonalIndex = values.count
          columns.append(Int32(c)); values.append(0)
          for (offset, inside) in [(1, i + 1 < side), (side, j + 1 < side), (side * side, k + 1 < side)] {
            if inside { columns.append(Int32(c + offset)); values.append(-1) }
            diagonal += inside ? 1 : 2
          }
          values[diagonalIndex] = diagonal
          rowStart[c + 1] = columns.count
        }
      }
    }
    return CSRMatrix(rowCount: n, columnCount: n, rowStart: rowStart, columns: columns, values: values)
  }

  /// CPU seconds of this thread (unaffected by time spent descheduled on a shared machine).
  func threadCPUTime() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) + 1e-9 * Double(t.tv_nsec)
  }

  /// Iterations to 1e-8 on one geometry refined: 2×2 copper columns (k = 400) of a quarter of the box width, through
  /// its middle half in z, in air (k = 0.04), cooled through the x = 0 wall; θ = 0 against the default 0.08, IC(0)
  /// and uniform k (default AMG) for reference. Run with RACKTWIN_AMG_BENCH=jump.
  func testCopperColumnsInAirIterations() throws {
    guard ProcessInfo.processInfo.environment["RACKTWIN_AMG_BENCH"] == "jump" else {
      throw XCTSkip("set RACKTWIN_AMG_BENCH=jump")
    }
    for side in [16, 32, 64] {
      let lo = side / 4, hi = 3 * side / 4, block = side / 4
      func k(_ i: Int, _ j: Int, _ kk: Int) -> Double {
        let inX: Bool = (i / block) % 2 == 1
        let inY: Bool = (j / block) % 2 == 1
        let inZ: Bool = kk >= lo && kk < hi
        return inX && inY && inZ ? 400.0 : 0.04
      }
      let a = conduction(nx: side, ny: side, nz: side, conductivity: k)
      var rng = SplitMix64(seed: 3)
      let b = (0..<a.rowCount).map { _ in rng.symmetricUnit() }
      let cg = ConjugateGradient(tolerance: 1e-8, maxIterations: 5000)
      for theta in [0.0, 0.08] {
        let m = try AMGPreconditioner(a, options: AMGOptions(strengthThreshold: theta))
        var x = [Double](repeating: 0, count: a.rowCount)
        let r = try cg.solve(a, b, x: &x, preconditioner: m)
        print("copper columns \(side)³, θ = \(theta): \(r.iterations) iterations, levels \(m.levelSizes)")
      }
      var x = [Double](repeating: 0, count: a.rowCount)
      let r = try cg.solve(a, b, x: &x, preconditioner: IncompleteCholeskyPreconditioner(a))
      print("copper columns \(side)³, IC(0): \(r.iterations) iterations")
      let uniform = conduction(nx: side, ny: side, nz: side) { _, _, _ in 0.04 }
      let u = try cg.solve(uniform, b, x: &x, preconditioner: AMGPreconditioner(uniform))
      print("uniform k, same walls \(side)³: \(u.iterations) iterations")
    }
  }

  /// Time of one V-cycle (`apply`) and of the setup on the 7-point Laplacian, best and median of RACKTWIN_AMG_REPS
  /// (default 30) applications, wall and this thread's CPU time. Run with RACKTWIN_AMG_BENCH=vcycle.
  func testVCycleTimings() throws {
    let env = ProcessInfo.processInfo.environment
    guard env["RACKTWIN_AMG_BENCH"] == "vcycle" else { throw XCTSkip("set RACKTWIN_AMG_BENCH=vcycle") }
    let side = Int(env["RACKTWIN_AMG_SIDES"] ?? "100") ?? 100
    let reps = Int(env["RACKTWIN_AMG_REPS"] ?? "30") ?? 30
    let a = laplacian7(side)
    var rng = SplitMix64(seed: 7)
    let r = (0..<a.rowCount).map { _ in rng.symmetricUnit() }
    var setups: [Double] = []
    var amg = try AMGPreconditioner(a)
    for _ in 0..<3 {
      amg = try AMGPreconditioner(a)
      setups.append(amg.setupTime)
    }
    var z = [Double](repeating: 0, count: a.rowCount)
    amg.apply(r, into: &z)
    var wall: [Double] = [], cpu: [Double] = []
    for _ in 0..<reps {
      let t0 = ContinuousClock.now, c0 = threadCPUTime()
      amg.apply(r, into: &z)
      cpu.append(threadCPUTime() - c0)
      let d = (ContinuousClock.now - t0).components
      wall.append(Double(d.seconds) + 1e-18 * Double(d.attoseconds))
    }
    wall.sort()
    cpu.sort()
    let check = z.reduce(0) { $0 + $1.magnitude }
    if env["RACKTWIN_AMG_STATS"] != nil {
      for l in 0..<(amg.levels - 1) {
        let p = amg.prolongator(l), ap = amg.levelOperator(l).multiplied(by: p)
        print("level \(l): n \(amg.levelSizes[l]), nnz(A) \(amg.levelNonzeros[l]), nnz(P) \(p.nonzeroCount), nnz(AP) \(ap.nonzeroCount), nnz(A_c) \(amg.levelNonzeros[l + 1])")
      }
    }
    print(String(format: "vcycle %d³, %d threads: setup best %.3f s; apply wall best %.2f ms median %.2f ms, CPU best %.2f ms median %.2f ms; Σ|z| %.15g",
                 side, Parallel.threadCount, setups.min()!, 1e3 * wall[0], 1e3 * wall[reps / 2], 1e3 * cpu[0], 1e3 * cpu[reps / 2], check))
  }

  func testLaplacianTimings() throws {
    let env = ProcessInfo.processInfo.environment
    guard let method = env["RACKTWIN_AMG_BENCH"] else { throw XCTSkip("set RACKTWIN_AMG_BENCH=amg|ic0|both") }
    let sides = (env["RACKTWIN_AMG_SIDES"] ?? "100").split(separator: ",").compactMap { Int($0) }
    for side in sides {
      let a = laplacian7(side)
      var rng = SplitMix64(seed: 7)
      let b = (0..<a.rowCount).map { _ in rng.symmetricUnit() }
      let cg = ConjugateGradient(tolerance: 1e-8)
      if method == "amg" || method == "both" {
        let t0 = threadCPUTime()
        let amg = try AMGPreconditioner(a)
        let t1 = threadCPUTime()
        var x = [Double](repeating: 0, count: a.rowCount)
        let r = try cg.solve(a, b, x: &x, preconditioner: amg)
        let t2 = threadCPUTime()
        print("amg \(side)³: \(r.iterations) iterations, setup \(amg.setupTime) s (CPU \(t1 - t0) s), solve \(r.solveTime) s (CPU \(t2 - t1) s), levels \(amg.levelSizes), nnz \(amg.levelNonzeros), operator complexity \(amg.operatorComplexity), grid complexity \(amg.gridComplexity), coarse \(amg.coarseSolver)")
      }
      if method == "ic0" || method == "both" {
        let t0 = threadCPUTime()
        let ic0 = try IncompleteCholeskyPreconditioner(a)
        let t1 = threadCPUTime()
        var x = [Double](repeating: 0, count: a.rowCount)
        let r = try cg.solve(a, b, x: &x, preconditioner: ic0)
        let t2 = threadCPUTime()
        print("ic0 \(side)³: \(r.iterations) iterations, setup \(ic0.setupTime) s (CPU \(t1 - t0) s), solve \(r.solveTime) s (CPU \(t2 - t1) s)")
      }
    }
  }
}
