import CLAPACKE

/// Direct solve of an SPD sparse system through LAPACK's banded Cholesky (LAPACKE_dpbsv, column-major band storage), after RCM reordering.
///
/// LAPACK's dpbsv is dpbtrf (factorise) followed by dpbtrs (solve); they are called separately so the report can
/// split factorisation (`setupTime`) from the triangular solves (`solveTime`). Only the lower triangle is read, so A
/// is first checked to be symmetric (relative tolerance 1e-10 per entry). Memory is n·(kd+1) doubles, kd the
/// bandwidth after RCM; use `storageEstimate(for:)` to decide whether that fits before calling `solve`.
public struct BandedCholeskySolver: Sendable {
  /// Creates the solver.
  public init() {}

  /// Bytes of band storage needed for this matrix after RCM: n·(kd+1)·8, so a caller can decide if it fits.
  public static func storageEstimate(for a: CSRMatrix) -> (bandwidth: Int, bytes: Int) {
    let perm = ReverseCuthillMcKee.ordering(of: a)
    let kd = ReverseCuthillMcKee.bandwidth(of: a, inverse: inverse(of: perm))
    return (kd, a.rowCount * (kd + 1) * MemoryLayout<Double>.size)
  }

  /// The Cholesky factor of P A Pᵀ in LAPACK band storage, P the RCM ordering: factor once (`factor(_:)`), then
  /// back-substitute for any number of right-hand sides (`solve(_:)`), as the deferred non-orthogonal correction
  /// passes of a steady solve and the steps of a fixed-step transient need.
  public struct Factor: Sendable {
    /// RCM ordering: row i of P A Pᵀ is row perm[i] of A.
    let perm: [Int]
    /// Bandwidth kd after RCM.
    public let bandwidth: Int
    /// The lower band of L, column-major, kd + 1 rows.
    let band: [Double]

    /// Rows of the factored matrix.
    public var rowCount: Int { perm.count }

    /// x with A x = b, by LAPACK dpbtrs on the factor. `b.count` must be `rowCount`.
    public func solve(_ b: [Double]) -> [Double] {
      let n = perm.count
      precondition(b.count == n, "b has \(b.count) elements, the factor \(n) rows")
      if n == 0 { return [] }
      var y = [Double](repeating: 0, count: n)
      for i in 0..<n { y[i] = b[perm[i]] }
      let ldab = bandwidth + 1
      let solveInfo = LAPACKE_dpbtrs(rt_LAPACK_COL_MAJOR(), Int8(UInt8(ascii: "L")), Int32(n), Int32(bandwidth), 1,
                                     band, Int32(ldab), &y, Int32(n))
      precondition(solveInfo == 0, "LAPACKE_dpbtrs argument \(-solveInfo) illegal")
      var x = [Double](repeating: 0, count: n)
      for i in 0..<n { x[perm[i]] = y[i] }
      return x
    }
  }

  /// Factors A after RCM (LAPACK dpbtrf).
  ///
  /// - Throws: `.invalidInput` for a non-square or non-symmetric matrix, NaN/infinity, or a band too large for
  ///   LAPACK's 32-bit indexing; `.notPositiveDefinite` when dpbtrf finds a non-positive leading minor.
  public func factor(_ a: CSRMatrix) throws -> Factor {
    let n = a.rowCount
    guard a.columnCount == n else {
      throw LinearSolverError.invalidInput("banded Cholesky needs a square matrix, got \(a.rowCount)×\(a.columnCount)")
    }
    guard Vector.allFinite(a.values) else { throw LinearSolverError.invalidInput("matrix has NaN or infinite entries") }
    guard a.isSymmetric(tolerance: 1e-10) else {
      throw LinearSolverError.invalidInput("banded Cholesky needs a symmetric matrix")
    }
    if n == 0 { return Factor(perm: [], bandwidth: 0, band: []) }

    let perm = ReverseCuthillMcKee.ordering(of: a)
    let inv = BandedCholeskySolver.inverse(of: perm)
    let kd = ReverseCuthillMcKee.bandwidth(of: a, inverse: inv)
    let ldab = kd + 1
    guard n.multipliedReportingOverflow(by: ldab).partialValue <= Int(Int32.max),
          !n.multipliedReportingOverflow(by: ldab).overflow
    else {
      throw LinearSolverError.invalidInput("band storage \(n)×\(ldab) exceeds LAPACK's 32-bit indexing")
    }
    // Lower band, column-major: AB[(i − j) + j·ldab] = B[i, j] for j ≤ i ≤ j + kd, B = P A Pᵀ.
    var band = [Double](repeating: 0, count: n * ldab)
    for r in 0..<n {
      let i = inv[r]
      for k in a.rowStart[r]..<a.rowStart[r + 1] {
        let j = inv[Int(a.columns[k])]
        if j <= i { band[(i - j) + j * ldab] = a.values[k] }
      }
    }
    let info = LAPACKE_dpbtrf(rt_LAPACK_COL_MAJOR(), Int8(UInt8(ascii: "L")), Int32(n), Int32(kd), &band, Int32(ldab))
    if info > 0 {
      throw LinearSolverError.notPositiveDefinite(
        detail: "leading minor of order \(info) is not positive (LAPACK dpbtrf after RCM reordering; row \(perm[Int(info) - 1]) of the original matrix)")
    }
    precondition(info == 0, "LAPACKE_dpbtrf argument \(-info) illegal")
    return Factor(perm: perm, bandwidth: kd, band: band)
  }

  /// Solves A x = b. report.iterations = 0; relativeResidual is computed from the true residual.
  ///
  /// - Parameter factor: A's factor from `factor(_:)`, to back-substitute only (`setupTime` 0); nil factors A here.
  /// - Throws: as `factor(_:)`, and `.invalidInput` for a size mismatch or a non-finite b.
  public func solve(_ a: CSRMatrix, _ b: [Double], factor given: Factor? = nil) throws -> (x: [Double], report: SolverReport) {
    let start = ContinuousClock.now
    let n = a.rowCount
    guard a.columnCount == n else {
      throw LinearSolverError.invalidInput("banded Cholesky needs a square matrix, got \(a.rowCount)×\(a.columnCount)")
    }
    guard b.count == n else { throw LinearSolverError.invalidInput("b has \(b.count) elements, matrix has \(n) rows") }
    guard Vector.allFinite(b) else { throw LinearSolverError.invalidInput("right-hand side has NaN or infinite entries") }
    var report = SolverReport(method: "banded-cholesky", iterations: 0, relativeResidual: 0, converged: true)
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

  static func inverse(of perm: [Int]) -> [Int] {
    var inv = [Int](repeating: 0, count: perm.count)
    for (new, old) in perm.enumerated() { inv[old] = new }
    return inv
  }
}
