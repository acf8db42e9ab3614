extension CSRMatrix {
  /// Creates a matrix from CSR arrays the caller has built correctly (sorted, unique, in-range columns), without
  /// the O(nnz) structure check of the public initialiser. For kernels in this module that construct their output.
  init(trustedRowCount rowCount: Int, columnCount: Int, rowStart: [Int], columns: [Int32], values: [Double]) {
    assert(rowStart.count == rowCount + 1 && columns.count == values.count && rowStart[rowCount] == columns.count)
    self.rowCount = rowCount
    self.columnCount = columnCount
    self.rowStart = rowStart
    self.columns = columns
    self.values = values
  }

  /// Returns Aᵀ (counting sort by column; each output row comes out sorted because input rows are visited in order).
  public func transposed() -> CSRMatrix {
    let m = rowCount, n = columnCount, nnz = nonzeroCount
    var start = [Int](repeating: 0, count: n + 1)
    var outColumns = [Int32](repeating: 0, count: nnz)
    var outValues = [Double](repeating: 0, count: nnz)
    rowStart.withUnsafeBufferPointer { rs in
      columns.withUnsafeBufferPointer { cs in
        values.withUnsafeBufferPointer { vs in
          start.withUnsafeMutableBufferPointer { ts in
            outColumns.withUnsafeMutableBufferPointer { oc in
              outValues.withUnsafeMutableBufferPointer { ov in
                // Safe unchecked: every column index is in 0..<n (checked when A was built), so ts[c + 1] is in range;
                // next[c] stays below ts[c + 1] ≤ nnz.
                for k in 0..<nnz { ts[Int(cs[k]) + 1] += 1 }
                for j in 0..<n { ts[j + 1] += ts[j] }
                let next = UnsafeMutableBufferPointer<Int>.allocate(capacity: Swift.max(n, 1))
                defer { next.deallocate() }
                for j in 0..<n { next[j] = ts[j] }
                for i in 0..<m {
                  for k in rs[i]..<rs[i + 1] {
                    let c = Int(cs[k])
                    let p = next[c]
                    oc[p] = Int32(i)
                    ov[p] = vs[k]
                    next[c] = p + 1
                  }
                }
              }
            }
          }
        }
      }
    }
    return CSRMatrix(trustedRowCount: n, columnCount: m, rowStart: start, columns: outColumns, values: outValues)
  }

  /// Returns the sparse product A B (Gustavson 1978, *Two fast algorithms for sparse matrices: multiplication and
  /// permuted transposition*, ACM TOMS 4): row by row, with a dense marker array over B's columns.
  ///
  /// Two passes: the first counts each output row's nonzeros, the second accumulates values in a dense row and
  /// writes them out with sorted columns. Each entry is summed in the order A's row and B's rows are stored, so the
  /// result is deterministic. Structural zeros from cancellation are kept.
  public func multiplied(by b: CSRMatrix) -> CSRMatrix {
    precondition(columnCount == b.rowCount, "product of \(rowCount)×\(columnCount) and \(b.rowCount)×\(b.columnCount)")
    let m = rowCount, n = b.columnCount
    var start = [Int](repeating: 0, count: m + 1)
    // Marker: marker[j] == i + 1 when column j already appears in output row i (0 = never).
    var marker = [Int](repeating: 0, count: n)
    rowStart.withUnsafeBufferPointer { ars in
      columns.withUnsafeBufferPointer { acs in
        b.rowStart.withUnsafeBufferPointer { brs in
          b.columns.withUnsafeBufferPointer { bcs in
            marker.withUnsafeMutableBufferPointer { mk in
              start.withUnsafeMutableBufferPointer { ss in
                // Safe unchecked: A's columns index B's rows (sizes checked above) and B's columns are < n.
                var total = 0
                for i in 0..<m {
                  let tag = i + 1
                  for ka in ars[i]..<ars[i + 1] {
                    let r = Int(acs[ka])
                    for kb in brs[r]..<brs[r + 1] {
                      let j = Int(bcs[kb])
                      if mk[j] != tag {
                        mk[j] = tag
                        total += 1
                      }
                    }
                  }
                  ss[i + 1] = total
                }
              }
            }
          }
        }
      }
    }
    let nnz = start[m]
    var outColumns = [Int32](repeating: 0, count: nnz)
    var outValues = [Double](repeating: 0, count: nnz)
    var accumulator = [Double](repeating: 0, count: n)
    for j in 0..<n { marker[j] = 0 }
    rowStart.withUnsafeBufferPointer { ars in
      columns.withUnsafeBufferPointer { acs in
        values.withUnsafeBufferPointer { avs in
          b.rowStart.withUnsafeBufferPointer { brs in
            b.columns.withUnsafeBufferPointer { bcs in
              b.values.withUnsafeBufferPointer { bvs in
                marker.withUnsafeMutableBufferPointer { mk in
                  accumulator.withUnsafeMutableBufferPointer { acc in
                    start.withUnsafeBufferPointer { ss in
                      outColumns.withUnsafeMutableBufferPointer { oc in
                        outValues.withUnsafeMutableBufferPointer { ov in
                          // Safe unchecked: as in the counting pass; row i writes exactly ss[i + 1] − ss[i] entries.
                          for i in 0..<m {
                            let tag = i + 1
                            var p = ss[i]
                            for ka in ars[i]..<ars[i + 1] {
                              let r = Int(acs[ka])
                              let av = avs[ka]
                              for kb in brs[r]..<brs[r + 1] {
                                let j = Int(bcs[kb])
                                if mk[j] != tag {
                                  mk[j] = tag
                                  acc[j] = av * bvs[kb]
                                  oc[p] = Int32(j)
                                  p += 1
                                } else {
                                  acc[j] += av * bvs[kb]
                                }
                              }
                            }
                            let lo = ss[i], hi = ss[i + 1]
                            sortColumns(oc, lo, hi)
                            for q in lo..<hi { ov[q] = acc[Int(oc[q])] }
                          }
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    return CSRMatrix(trustedRowCount: m, columnCount: n, rowStart: start, columns: outColumns, values: outValues)
  }
}

/// Sorts distinct column indices `c[lo..<hi]` ascending: insertion sort for short rows, the standard library's sort
/// otherwise (keys are distinct, so the result does not depend on the sort's stability).
@inline(__always)
func sortColumns(_ c: UnsafeMutableBufferPointer<Int32>, _ lo: Int, _ hi: Int) {
  if hi - lo <= 48 {
    var k = lo + 1
    while k < hi {
      let v = c[k]
      var j = k - 1
      while j >= lo && c[j] > v {
        c[j + 1] = c[j]
        j -= 1
      }
      c[j + 1] = v
      k += 1
    }
  } else {
    var slice = UnsafeMutableBufferPointer(rebasing: c[lo..<hi])
    slice.sort()
  }
}
