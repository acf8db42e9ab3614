/// M = diag(A): scales the residual by the inverse diagonal.
public struct JacobiPreconditioner: Preconditioner {
  /// 1 / aᵢᵢ.
  public let inverseDiagonal: [Double]
  public let setupTime: Double

  /// Builds the preconditioner from a square matrix.
  ///
  /// - Throws: `LinearSolverError.notPositiveDefinite` for a zero or negative diagonal entry,
  ///   `.invalidInput` for a non-square matrix or a NaN/infinite diagonal entry.
  public init(_ a: CSRMatrix) throws {
    let start = ContinuousClock.now
    guard a.rowCount == a.columnCount else {
      throw LinearSolverError.invalidInput("Jacobi preconditioner needs a square matrix, got \(a.rowCount)×\(a.columnCount)")
    }
    let d = a.diagonal()
    var inv = [Double](repeating: 0, count: d.count)
    for i in 0..<d.count {
      let v = d[i]
      guard v.isFinite else { throw LinearSolverError.invalidInput("diagonal entry \(i) is \(v)") }
      guard v > 0 else { throw LinearSolverError.notPositiveDefinite(detail: "diagonal entry \(i) is \(v)") }
      inv[i] = 1 / v
    }
    inverseDiagonal = inv
    setupTime = (ContinuousClock.now - start).seconds
  }

  public func apply(_ r: [Double], into z: inout [Double]) {
    precondition(r.count == inverseDiagonal.count, "r has \(r.count) elements, expected \(inverseDiagonal.count)")
    if z.count != r.count { z = [Double](repeating: 0, count: r.count) }
    inverseDiagonal.withUnsafeBufferPointer { ds in
      r.withUnsafeBufferPointer { rs in
        z.withUnsafeMutableBufferPointer { zs in
          for i in 0..<zs.count { zs[i] = ds[i] * rs[i] }
        }
      }
    }
  }

  public var name: String { "jacobi" }
}
