/// Incomplete Cholesky factorisation with zero fill, IC(0): M = L Lᵀ with L on the lower-triangle pattern of A.
///
/// Only the lower triangle and diagonal of A are read (A is assumed symmetric). IC(0) exists for M-matrices but can
/// meet a non-positive pivot on other SPD matrices; then the factorisation is retried on A + α·diag(A) with
/// α = 10⁻³, 2·10⁻³, 4·10⁻³, … (Manteuffel 1980, *An incomplete factorization technique for positive definite linear
/// systems*, Math. Comp. 34), and the α that worked is kept in `shift`.
public struct IncompleteCholeskyPreconditioner: Preconditioner {
  /// Matrix order.
  public let order: Int
  /// Diagonal shift α used (0 when plain IC(0) succeeded).
  public let shift: Double
  public let setupTime: Double
  /// Strictly lower part of L in CSR form.
  let rowStart: [Int]
  let columns: [Int32]
  let values: [Double]
  /// 1 / lᵢᵢ.
  let inverseDiagonal: [Double]

  /// Factorises A.
  ///
  /// - Throws: `.invalidInput` for a non-square matrix or NaN/infinite entries, `.notPositiveDefinite` for a
  ///   missing or non-positive diagonal entry or when no shift up to α ≈ 10⁶ gives positive pivots.
  public init(_ a: CSRMatrix) throws {
    let start = ContinuousClock.now
    guard a.rowCount == a.columnCount else {
      throw LinearSolverError.invalidInput("IC(0) needs a square matrix, got \(a.rowCount)×\(a.columnCount)")
    }
    guard Vector.allFinite(a.values) else {
      throw LinearSolverError.invalidInput("matrix has NaN or infinite entries")
    }
    let n = a.rowCount
    // Extract the strictly lower pattern and the diagonal.
    var lowerStart = [Int](repeating: 0, count: n + 1)
    var lowerColumns: [Int32] = []
    var lowerValues: [Double] = []
    lowerColumns.reserveCapacity(a.nonzeroCount / 2 + 1)
    lowerValues.reserveCapacity(a.nonzeroCount / 2 + 1)
    var diagonal = [Double](repeating: 0, count: n)
    for i in 0..<n {
      var hasDiagonal = false
      for k in a.rowStart[i]..<a.rowStart[i + 1] {
        let j = Int(a.columns[k])
        if j < i {
          lowerColumns.append(a.columns[k])
          lowerValues.append(a.values[k])
        } else if j == i {
          diagonal[i] = a.values[k]
          hasDiagonal = true
        }
      }
      guard hasDiagonal, diagonal[i] > 0 else {
        throw LinearSolverError.notPositiveDefinite(detail: "diagonal entry \(i) is \(hasDiagonal ? "\(diagonal[i])" : "missing")")
      }
      lowerStart[i + 1] = lowerColumns.count
    }

    var factor = lowerValues
    var inverseDiagonal = [Double](repeating: 0, count: n)
    var alpha = 0.0
    var attempts = 0
    while !IncompleteCholeskyPreconditioner.factorise(
      rowStart: lowerStart, columns: lowerColumns, lower: lowerValues, diagonal: diagonal, shift: alpha,
      factor: &factor, inverseDiagonal: &inverseDiagonal)
    {
      attempts += 1
      alpha = alpha == 0 ? 1e-3 : 2 * alpha
      guard attempts <= 31 else {
        throw LinearSolverError.notPositiveDefinite(detail: "IC(0) broke down even with diagonal shift \(alpha / 2)")
      }
    }
    order = n
    shift = alpha
    rowStart = lowerStart
    columns = lowerColumns
    values = factor
    self.inverseDiagonal = inverseDiagonal
    setupTime = (ContinuousClock.now - start).seconds
  }

  /// Row-oriented IC(0) of (D(1+α) + strictly lower part); returns false on a non-positive pivot.
  private static func factorise(rowStart: [Int], columns: [Int32], lower: [Double], diagonal: [Double], shift: Double,
                                factor: inout [Double], inverseDiagonal: inout [Double]) -> Bool {
    let n = diagonal.count
    return rowStart.withUnsafeBufferPointer { rs in
      columns.withUnsafeBufferPointer { cs in
        lower.withUnsafeBufferPointer { a in
          diagonal.withUnsafeBufferPointer { d in
            factor.withUnsafeMutableBufferPointer { l in
              inverseDiagonal.withUnsafeMutableBufferPointer { invD in
                for i in 0..<n {
                  let rowBegin = rs[i], rowEnd = rs[i + 1]
                  var sumSquares = 0.0
                  for idx in rowBegin..<rowEnd {
                    let k = Int(cs[idx])
                    // s = Σ_{j<k} l_ij l_kj over the common pattern of rows i (before idx) and k.
                    var s = 0.0
                    var p = rowBegin, q = rs[k]
                    let qEnd = rs[k + 1]
                    while p < idx && q < qEnd {
                      let cp = cs[p], cq = cs[q]
                      if cp == cq {
                        s += l[p] * l[q]
                        p += 1
                        q += 1
                      } else if cp < cq {
                        p += 1
                      } else {
                        q += 1
                      }
                    }
                    let v = (a[idx] - s) * invD[k]
                    l[idx] = v
                    sumSquares += v * v
                  }
                  let shifted = d[i] * (1 + shift)
                  let pivot = shifted - sumSquares
                  // Breakdown: non-positive pivot, or one so small relative to the diagonal that 1/√pivot is garbage.
                  guard pivot.isFinite, pivot > 1e-12 * shifted else { return false }
                  invD[i] = 1 / pivot.squareRoot()
                }
                return true
              }
            }
          }
        }
      }
    }
  }

  /// z = (L Lᵀ)⁻¹ r by a forward and a backward triangular solve, in place in z.
  public func apply(_ r: [Double], into z: inout [Double]) {
    precondition(r.count == order, "r has \(r.count) elements, expected \(order)")
    if z.count != order { z = [Double](repeating: 0, count: order) }
    let n = order
    rowStart.withUnsafeBufferPointer { rs in
      columns.withUnsafeBufferPointer { cs in
        values.withUnsafeBufferPointer { l in
          inverseDiagonal.withUnsafeBufferPointer { invD in
            r.withUnsafeBufferPointer { rv in
              z.withUnsafeMutableBufferPointer { zs in
                // L y = r (row by row).
                for i in 0..<n {
                  var s = rv[i]
                  for k in rs[i]..<rs[i + 1] { s -= l[k] * zs[Int(cs[k])] }
                  zs[i] = s * invD[i]
                }
                // Lᵀ z = y: column sweep over the rows of L, last row first.
                var i = n - 1
                while i >= 0 {
                  let zi = zs[i] * invD[i]
                  zs[i] = zi
                  for k in rs[i]..<rs[i + 1] { zs[Int(cs[k])] -= l[k] * zi }
                  i -= 1
                }
              }
            }
          }
        }
      }
    }
  }

  public var name: String { "ic0" }
}
