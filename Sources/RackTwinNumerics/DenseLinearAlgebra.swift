import CLAPACKE

/// Small dense solves through LAPACK (row-major input), for tests and coarse levels.
public enum DenseLinearAlgebra {
  /// Solves A x = b by LU with partial pivoting (LAPACKE_dgesv). `a` is n×n, row-major.
  ///
  /// - Throws: `.invalidInput` for a size mismatch, NaN/infinity, or an exactly singular U.
  public static func solveLU(_ a: [Double], n: Int, _ b: [Double]) throws -> [Double] {
    try validate(a, n: n, b)
    if n == 0 { return [] }
    var lu = a
    var x = b
    var pivots = [Int32](repeating: 0, count: n)
    let info = LAPACKE_dgesv(rt_LAPACK_ROW_MAJOR(), Int32(n), 1, &lu, Int32(n), &pivots, &x, 1)
    if info > 0 {
      throw LinearSolverError.invalidInput("matrix is singular: U(\(info), \(info)) is exactly zero in LU (dgesv)")
    }
    precondition(info == 0, "LAPACKE_dgesv argument \(-info) illegal")
    return x
  }

  /// Solves A x = b for SPD A by Cholesky (LAPACKE_dposv). `a` is n×n, row-major; its lower triangle is used.
  ///
  /// - Throws: `.notPositiveDefinite` when a leading minor is not positive, `.invalidInput` for a size mismatch or
  ///   NaN/infinity.
  public static func solveCholesky(_ a: [Double], n: Int, _ b: [Double]) throws -> [Double] {
    try validate(a, n: n, b)
    if n == 0 { return [] }
    var factor = a
    var x = b
    let lower = Int8(UInt8(ascii: "L"))
    let info = LAPACKE_dposv(rt_LAPACK_ROW_MAJOR(), lower, Int32(n), 1, &factor, Int32(n), &x, 1)
    if info > 0 {
      throw LinearSolverError.notPositiveDefinite(detail: "leading minor of order \(info) is not positive (dposv)")
    }
    precondition(info == 0, "LAPACKE_dposv argument \(-info) illegal")
    return x
  }

  private static func validate(_ a: [Double], n: Int, _ b: [Double]) throws {
    guard n >= 0, a.count == n * n else {
      throw LinearSolverError.invalidInput("dense matrix has \(a.count) entries, expected \(n)×\(n)")
    }
    guard b.count == n else { throw LinearSolverError.invalidInput("b has \(b.count) elements, expected \(n)") }
    guard Vector.allFinite(a) else { throw LinearSolverError.invalidInput("matrix has NaN or infinite entries") }
    guard Vector.allFinite(b) else { throw LinearSolverError.invalidInput("right-hand side has NaN or infinite entries") }
  }
}
