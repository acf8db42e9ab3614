import CLAPACKE

/// Direct solve of a general (non-symmetric) sparse system through LAPACK's banded LU with partial pivoting
/// (LAPACKE_dgbtrf, then dgbtrs), after the reverse Cuthill–McKee ordering `BandedCholeskySolver` uses.
///
/// LAPACK's dgbsv is dgbtrf (factorise) followed by dgbtrs (solve); they are called separately so the report can split
/// factorisation (`setupTime`) from the triangular solves (`solveTime`). With kl sub- and ku super-diagonals after RCM,
/// partial pivoting fills up to kl more super-diagonals, so the band storage has 2·kl + ku + 1 rows (LAPACK's layout
/// for dgbtrf): about three times the n·(kd+1) doubles of banded Cholesky, and about 2·n·kl·(kl + ku) flops, four times
/// Cholesky's n·kd² on a matrix with a symmetric pattern.
public struct BandedLUSolver: Sendable {
  /// Creates the solver.
  public init() {}

  /// Lower and upper bandwidths of P A Pᵀ, P the RCM ordering, and the bytes of LU band storage n·(2kl + ku + 1)·8,
  /// so a caller can decide whether the factorisation fits before calling `solve`.
  public static func storageEstimate(for a: CSRMatrix) -> (lower: Int, upper: Int, bytes: Int) {
    let perm = ReverseCuthillMcKee.ordering(of: a)
    let (kl, ku) = bandwidths(of: a, inverse: BandedCholeskySolver.inverse(of: perm))
    return (kl, ku, a.rowCount * (2 * kl + ku + 1) * MemoryLayout<Double>.size)
  }

  /// Solves A x = b. report.iterations = 0; relativeResidual is computed from the true residual.
  ///
  /// - Throws: `.invalidInput` for a non-square matrix, size mismatch, NaN/infinity, a band too large for LAPACK's
  ///   32-bit indexing, or an exactly singular U (dgbtrf's info > 0; DESIGN §4.4 treats a singular system as bad input).
  public func solve(_ a: CSRMatrix, _ b: [Double]) throws -> (x: [Double], report: SolverReport) {
    let start = ContinuousClock.now
    let n = a.rowCount
    guard a.columnCount == n else {
      throw LinearSolverError.invalidInput("banded LU needs a square matrix, got \(a.rowCount)×\(a.columnCount)")
    }
    guard b.count == n else { throw LinearSolverError.invalidInput("b has \(b.count) elements, matrix has \(n) rows") }
    guard Vector.allFinite(a.values) else { throw LinearSolverError.invalidInput("matrix has NaN or infinite entries") }
    guard Vector.allFinite(b) else { throw LinearSolverError.invalidInput("right-hand side has NaN or infinite entries") }
    var report = SolverReport(method: "banded-lu", iterations: 0, relativeResidual: 0, converged: true)
    if n == 0 { return ([], report) }

    let perm = ReverseCuthillMcKee.ordering(of: a)
    let inv = BandedCholeskySolver.inverse(of: perm)
    let (kl, ku) = Self.bandwidths(of: a, inverse: inv)
    let ldab = 2 * kl + ku + 1
    let (size, overflow) = n.multipliedReportingOverflow(by: ldab)
    guard !overflow, size <= Int(Int32.max) else {
      throw LinearSolverError.invalidInput("band storage \(n)×\(ldab) exceeds LAPACK's 32-bit indexing")
    }
    // Column-major band with kl extra rows on top for the fill of pivoting: AB[kl + ku + i − j + j·ldab] = B[i, j] for
    // max(0, j − ku) ≤ i ≤ min(n − 1, j + kl), B = P A Pᵀ (LAPACK's dgbtrf layout, 0-based).
    var band = [Double](repeating: 0, count: n * ldab)
    for r in 0..<n {
      let i = inv[r]
      for k in a.rowStart[r]..<a.rowStart[r + 1] {
        let j = inv[Int(a.columns[k])]
        band[kl + ku + i - j + j * ldab] = a.values[k]
      }
    }
    var pivots = [Int32](repeating: 0, count: n)
    let layout = rt_LAPACK_COL_MAJOR()
    let info = LAPACKE_dgbtrf(layout, Int32(n), Int32(n), Int32(kl), Int32(ku), &band, Int32(ldab), &pivots)
    precondition(info >= 0, "LAPACKE_dgbtrf argument \(-info) illegal")
    if info > 0 {
      throw LinearSolverError.invalidInput(
        "matrix is singular: U(\(info), \(info)) is exactly zero in banded LU (LAPACK dgbtrf after RCM reordering; row \(perm[Int(info) - 1]) of the original matrix)")
    }
    let factorised = ContinuousClock.now

    var y = [Double](repeating: 0, count: n)
    for i in 0..<n { y[i] = b[perm[i]] }
    let solveInfo = LAPACKE_dgbtrs(layout, Int8(UInt8(ascii: "N")), Int32(n), Int32(kl), Int32(ku), 1, band,
                                   Int32(ldab), pivots, &y, Int32(n))
    precondition(solveInfo == 0, "LAPACKE_dgbtrs argument \(-solveInfo) illegal")
    var x = [Double](repeating: 0, count: n)
    for i in 0..<n { x[perm[i]] = y[i] }

    let bNorm = Vector.norm2(b)
    var residual = a.multiplied(by: x)
    Vector.subtract(b, residual, into: &residual)
    report.relativeResidual = bNorm == 0 ? 0 : Vector.norm2(residual) / bNorm
    report.converged = report.relativeResidual.isFinite
    report.setupTime = (factorised - start).seconds
    report.solveTime = (ContinuousClock.now - factorised).seconds
    return (x, report)
  }

  /// kl = max(i − j) and ku = max(j − i) over the entries of P A Pᵀ, without forming it.
  static func bandwidths(of a: CSRMatrix, inverse: [Int]) -> (lower: Int, upper: Int) {
    var kl = 0, ku = 0
    for r in 0..<a.rowCount {
      let i = inverse[r]
      for k in a.rowStart[r]..<a.rowStart[r + 1] {
        let j = inverse[Int(a.columns[k])]
        if i > j { kl = max(kl, i - j) } else { ku = max(ku, j - i) }
      }
    }
    return (kl, ku)
  }
}
