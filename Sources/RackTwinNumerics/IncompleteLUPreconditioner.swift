/// ILU(0): incomplete LU factorisation on the sparsity pattern of A, for non-symmetric systems (advection).
///
/// Saad, *Iterative Methods for Sparse Linear Systems*, 2nd ed., Algorithm 10.4 (IKJ variant). L is unit lower
/// triangular and U upper triangular, both stored in one CSR array with A's pattern; `apply` does the two triangular
/// solves.
public struct IncompleteLUPreconditioner: Preconditioner {
  let factors: CSRMatrix
  /// Index of each row's diagonal entry in `factors.values`.
  let diagonalIndex: [Int]
  public let setupTime: Double

  /// Factors A. Throws `.invalidInput` when A is not square, misses a diagonal entry, or a pivot becomes zero.
  public init(_ a: CSRMatrix) throws {
    let start = ContinuousClock.now
    let n = a.rowCount
    guard a.columnCount == n else { throw LinearSolverError.invalidInput("ILU(0) needs a square matrix") }
    var lu = a
    var diag = [Int](repeating: -1, count: n)
    for i in 0..<n {
      guard let d = a.entryIndex(row: i, column: i) else {
        throw LinearSolverError.invalidInput("ILU(0): row \(i) has no diagonal entry")
      }
      diag[i] = d
    }
    // Position of each column of the current row, or -1.
    var position = [Int](repeating: -1, count: n)
    for i in 0..<n {
      let rowRange = lu.rowStart[i]..<lu.rowStart[i + 1]
      for k in rowRange { position[Int(lu.columns[k])] = k }
      for k in rowRange {
        let j = Int(lu.columns[k])
        guard j < i else { break }
        let pivot = lu.values[diag[j]]
        guard pivot != 0, pivot.isFinite else {
          throw LinearSolverError.invalidInput("ILU(0): zero pivot at row \(j)")
        }
        let factor = lu.values[k] / pivot
        lu.values[k] = factor
        for m in (diag[j] + 1)..<lu.rowStart[j + 1] {
          let p = position[Int(lu.columns[m])]
          if p >= 0 { lu.values[p] -= factor * lu.values[m] }
        }
      }
      for k in rowRange { position[Int(lu.columns[k])] = -1 }
      guard lu.values[diag[i]] != 0, lu.values[diag[i]].isFinite else {
        throw LinearSolverError.invalidInput("ILU(0): zero pivot at row \(i)")
      }
    }
    self.factors = lu
    self.diagonalIndex = diag
    self.setupTime = (ContinuousClock.now - start).seconds
  }

  public func apply(_ r: [Double], into z: inout [Double]) {
    let n = r.count
    if z.count != n { z = [Double](repeating: 0, count: n) }
    factors.rowStart.withUnsafeBufferPointer { rs in
      factors.columns.withUnsafeBufferPointer { cs in
        factors.values.withUnsafeBufferPointer { vs in
          diagonalIndex.withUnsafeBufferPointer { ds in
            r.withUnsafeBufferPointer { rr in
              z.withUnsafeMutableBufferPointer { zs in
                // Forward: L y = r (unit diagonal). Indices come from a validated CSR matrix.
                for i in 0..<n {
                  var s = rr[i]
                  for k in rs[i]..<ds[i] { s -= vs[k] * zs[Int(cs[k])] }
                  zs[i] = s
                }
                // Backward: U z = y.
                var i = n - 1
                while i >= 0 {
                  var s = zs[i]
                  for k in (ds[i] + 1)..<rs[i + 1] { s -= vs[k] * zs[Int(cs[k])] }
                  zs[i] = s / vs[ds[i]]
                  i -= 1
                }
              }
            }
          }
        }
      }
    }
  }

  public var name: String { "ilu0" }
}
