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

  /// The LU factors of P A Pᵀ with their pivots, P the RCM ordering: factor once (`factor(_:)`), then solve for any
  /// number of right-hand sides (`solve(_:)`).
  public struct Factor: Sendable {
    let perm: [Int]
    let lower: Int
    let upper: Int
    /// dgbtrf's output band, 2·kl + ku + 1 rows, column-major.
    let band: [Double]
    let pivots: [Int32]

    /// Rows of the factored matrix.
    public var rowCount: Int { perm.count }

    /// x with A x = b, by LAPACK dgbtrs on the factors. `b.count` must be `rowCount`.
    public func solve(_ b: [Double]) -> [Double] {
      let n = perm.count
      precondition(b.count == n, "b has \(b.count) elements, the factor \(n) rows")
      if n == 0 { return [] }
      var y = [Double](repeating: 0, count: n)
      for i in 0..<n { y[i] = b[perm[i]] }
      let solveInfo = LAPACKE_dgbtrs(rt_LAPACK_COL_MAJOR(), Int8(UInt8(ascii: "N")), Int32(n), Int32(lower),
                                     Int32(upper), 1, band, Int32(2 * lower + upper + 1), pivots, &y, Int32(n))
      precondition(solveInfo == 0, "LAPACKE_dgbtrs argument \(-solveInfo) illegal")
      var x = [Double](repeating: 0, count: n)
      for i in 0..<n { x[perm[i]] = y[i] }
      return x
    }
  }

  /// Factors A after RCM (LAPACK dgbtrf).
  ///
  /// - Throws: `.invalidInput` for a non-square matrix, NaN/infinity, a band too large for LAPACK's 32-bit indexing,
  ///   or an exactly singular U (dgbtrf's info > 0; DESIGN §4.4 treats a singular system as bad input).
  public func factor(_ a: CSRMatrix) throws -> Factor {
    let n = a.rowCount
    guard a.columnCount == n else {
      throw LinearSolverError.invalidInput("banded LU needs a square matrix, got \(a.rowCount)×\(a.columnCount)")
    }
    guard Vector.allFinite(a.values) else { throw LinearSolverError.invalidInput("matrix has NaN or infinite entries") }
    if n == 0 { return Factor(perm: [], lower: 0, upper: 0, band: [], pivots: []) }

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
    let info = LAPACKE_dgbtrf(rt_LAPACK_COL_MAJOR(), Int32(n), Int32(n), Int32(kl), Int32(ku), &band, Int32(ldab),
                              &pivots)
    precondition(info >= 0, "LAPACKE_dgbtrf argument \(-info) illegal")
    if info > 0 {
      throw LinearSolverError.invalidInput(
        "matrix is singular: U(\(info), \(info)) is exactly zero in banded LU (LAPACK dgbtrf after RCM reordering; row \(perm[Int(info) - 1]) of the original matrix)")
    }
    return Factor(perm: perm, lower: kl, upper: ku, band: band, pivots: pivots)
  }

  /// Solves A x = b. report.iterations = 0; relativeResidual is computed from the true residual.
  ///
  /// - Parameter factor: A's factors from `factor(_:)`, to solve only (`setupTime` 0); nil factors A here.
  /// - Throws: as `factor(_:)`, and `.invalidInput` for a size mismatch or a non-finite b.
  public func solve(_ a: CSRMatrix, _ b: [Double], factor given: Factor? = nil) throws -> (x: [Double], report: SolverReport) {
    let start = ContinuousClock.now
    let n = a.rowCount
    guard a.columnCount == n else {
      throw LinearSolverError.invalidInput("banded LU needs a square matrix, got \(a.rowCount)×\(a.columnCount)")
    }
    guard b.count == n else { throw LinearSolverError.invalidInput("b has \(b.count) elements, matrix has \(n) rows") }
    guard Vector.allFinite(b) else { throw LinearSolverError.invalidInput("right-hand side has NaN or infinite entries") }
    var report = SolverReport(method: "banded-lu", iterations: 0, relativeResidual: 0, converged: true)
    if n == 0 { return ([], report) }
    let f = try given ?? factor(a)
    precondition(f.rowCount == n, "factor has \(f.rowCount) rows, matrix \(n)")
    let factorised = ContinuousClock.now
    let x = f.solve(b)

    let bNorm = Vector.norm2(b)
    var residual = a.multiplied(by: x)
    Vector.subtract(b, residual, into: &residual)
    report.relativeResidual = bNorm == 0 ? 0 : Vector.norm2(residual) / bNorm
    report.converged = report.relativeResidual.isFinite
    report.setupTime = given == nil ? (factorised - start).seconds : 0
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
