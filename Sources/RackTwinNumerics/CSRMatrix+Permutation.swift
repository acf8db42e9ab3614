extension CSRMatrix {
  /// Returns B = P A Pᵀ for a square A, where `perm[newIndex] = oldIndex`: B[i, j] = A[perm[i], perm[j]].
  ///
  /// `perm` must be a permutation of `0..<rowCount` (programmer error otherwise).
  public func permuted(by perm: [Int]) -> CSRMatrix {
    precondition(rowCount == columnCount, "permuted(by:) needs a square matrix, got \(rowCount)×\(columnCount)")
    precondition(perm.count == rowCount, "permutation has \(perm.count) elements, expected \(rowCount)")
    let n = rowCount
    var inverse = [Int](repeating: -1, count: n)
    for (new, old) in perm.enumerated() {
      precondition((0..<n).contains(old) && inverse[old] < 0, "perm is not a permutation (at \(new): \(old))")
      inverse[old] = new
    }
    var newStart = [Int](repeating: 0, count: n + 1)
    for i in 0..<n {
      let old = perm[i]
      newStart[i + 1] = newStart[i] + rowStart[old + 1] - rowStart[old]
    }
    var newColumns = [Int32](repeating: 0, count: nonzeroCount)
    var newValues = [Double](repeating: 0, count: nonzeroCount)
    for i in 0..<n {
      let old = perm[i]
      var w = newStart[i]
      for k in rowStart[old]..<rowStart[old + 1] {
        newColumns[w] = Int32(inverse[Int(columns[k])])
        newValues[w] = values[k]
        w += 1
      }
      CSRMatrix.sortRow(columns: &newColumns, values: &newValues, range: newStart[i]..<newStart[i + 1])
    }
    return CSRMatrix(rowCount: n, columnCount: n, rowStart: newStart, columns: newColumns, values: newValues)
  }
}
