extension CSRMatrix {
  /// Whether the matrix is square and aⱼᵢ == aᵢⱼ exactly for every stored off-diagonal entry (an entry missing from
  /// the pattern counts as zero; NaN is never equal).
  ///
  /// The cheap exact test a solver uses to choose between CG and a method for non-symmetric matrices: a finite-volume
  /// assembly that adds each face conductance to both off-diagonal entries gives bit-equal pairs, and an advection
  /// term does not. One binary search per stored entry, over `Parallel` chunks of rows (a logical "and" does not
  /// depend on the order chunks finish).
  public var isExactlySymmetric: Bool {
    guard rowCount == columnCount else { return false }
    let n = rowCount
    var chunkSymmetric = [Bool](repeating: true, count: Swift.max(Parallel.chunkCount(n), 1))
    rowStart.withUnsafeBufferPointer { rs in
      columns.withUnsafeBufferPointer { cs in
        values.withUnsafeBufferPointer { vs in
          chunkSymmetric.withUnsafeMutableBufferPointer { ok in
            // Unchecked: a CSR matrix validated at construction, square, so every column is a row index.
            Parallel.forEachChunk(n) { rows in
              rowLoop: for i in rows {
                for k in rs[i]..<rs[i + 1] {
                  let j = Int(cs[k])
                  if j == i { continue }
                  let mirror = CSRMatrix.storedValue(row: j, column: i, rs, cs, vs)
                  if !(vs[k] == mirror) {
                    ok[rows.lowerBound / Parallel.chunkSize] = false
                    break rowLoop
                  }
                }
              }
            }
          }
        }
      }
    }
    return !chunkSymmetric.contains(false)
  }
}

extension CSRMatrix {
  /// a(row, column) by binary search of the row's sorted columns; zero when the pattern has no such entry.
  @inline(__always)
  static func storedValue(row: Int, column: Int, _ rs: UnsafeBufferPointer<Int>, _ cs: UnsafeBufferPointer<Int32>,
                          _ vs: UnsafeBufferPointer<Double>) -> Double {
    let target = Int32(column)
    var lo = rs[row], hi = rs[row + 1]
    while lo < hi {
      let mid = (lo + hi) / 2
      let c = cs[mid]
      if c == target { return vs[mid] }
      if c < target { lo = mid + 1 } else { hi = mid }
    }
    return 0
  }
}
