/// A sparse matrix in compressed sparse row (CSR) form.
///
/// Row `i` holds the entries `values[rowStart[i] ..< rowStart[i + 1]]` at the columns
/// `columns[rowStart[i] ..< rowStart[i + 1]]`, which are sorted ascending with no duplicates.
/// Explicitly stored zeros are allowed and count as nonzeros.
public struct CSRMatrix: Sendable, Equatable {
  /// Number of rows.
  public let rowCount: Int
  /// Number of columns.
  public let columnCount: Int
  /// Offsets of each row's entries in `columns` and `values`; `rowCount + 1` elements, first 0, last `nonzeroCount`.
  public var rowStart: [Int]
  /// Column index of each entry, sorted ascending within each row, no duplicates.
  public var columns: [Int32]
  /// Value of each entry.
  public var values: [Double]

  /// Creates a matrix from CSR arrays, checking their structure.
  ///
  /// A malformed structure is a programmer error and stops the program (`precondition`).
  public init(rowCount: Int, columnCount: Int, rowStart: [Int], columns: [Int32], values: [Double]) {
    precondition(rowCount >= 0 && columnCount >= 0, "negative matrix size \(rowCount)×\(columnCount)")
    precondition(columnCount <= Int(Int32.max), "column count \(columnCount) exceeds Int32 indices")
    precondition(rowStart.count == rowCount + 1, "rowStart has \(rowStart.count) elements, expected \(rowCount + 1)")
    precondition(rowStart[0] == 0, "rowStart[0] is \(rowStart[0]), expected 0")
    precondition(rowStart[rowCount] == columns.count, "rowStart ends at \(rowStart[rowCount]) but there are \(columns.count) columns")
    precondition(columns.count == values.count, "\(columns.count) columns but \(values.count) values")
    for i in 0..<rowCount {
      let lo = rowStart[i], hi = rowStart[i + 1]
      precondition(lo <= hi, "rowStart decreases at row \(i)")
      var previous: Int32 = -1
      for k in lo..<hi {
        let c = columns[k]
        precondition(c > previous, "row \(i): columns not strictly ascending at entry \(k)")
        precondition(Int(c) < columnCount, "row \(i): column \(c) out of range 0..<\(columnCount)")
        previous = c
      }
    }
    self.rowCount = rowCount
    self.columnCount = columnCount
    self.rowStart = rowStart
    self.columns = columns
    self.values = values
  }

  /// Creates a matrix from (row, column, value) triplets in any order; duplicate entries are summed.
  ///
  /// Duplicates are summed in the order they appear, so the result is deterministic.
  /// An index out of range is a programmer error (`precondition`).
  public init(rowCount: Int, columnCount: Int, triplets: [(row: Int, column: Int, value: Double)]) {
    precondition(rowCount >= 0 && columnCount >= 0, "negative matrix size \(rowCount)×\(columnCount)")
    precondition(columnCount <= Int(Int32.max), "column count \(columnCount) exceeds Int32 indices")
    var counts = [Int](repeating: 0, count: rowCount + 1)
    for t in triplets {
      precondition((0..<rowCount).contains(t.row) && (0..<columnCount).contains(t.column),
                   "triplet (\(t.row), \(t.column)) outside \(rowCount)×\(columnCount)")
      counts[t.row + 1] += 1
    }
    for i in 0..<rowCount { counts[i + 1] += counts[i] }
    var next = counts
    var cols = [Int32](repeating: 0, count: triplets.count)
    var vals = [Double](repeating: 0, count: triplets.count)
    for t in triplets {
      let k = next[t.row]
      cols[k] = Int32(t.column)
      vals[k] = t.value
      next[t.row] = k + 1
    }
    // Sort each row (stably) and sum duplicates, compacting in place.
    var newStart = [Int](repeating: 0, count: rowCount + 1)
    var write = 0
    for i in 0..<rowCount {
      let lo = counts[i], hi = counts[i + 1]
      CSRMatrix.sortRow(columns: &cols, values: &vals, range: lo..<hi)
      var k = lo
      while k < hi {
        let c = cols[k]
        var v = vals[k]
        k += 1
        while k < hi && cols[k] == c {
          v += vals[k]
          k += 1
        }
        cols[write] = c
        vals[write] = v
        write += 1
      }
      newStart[i + 1] = write
    }
    cols.removeLast(cols.count - write)
    vals.removeLast(vals.count - write)
    self.rowCount = rowCount
    self.columnCount = columnCount
    self.rowStart = newStart
    self.columns = cols
    self.values = vals
  }

  /// Number of stored entries.
  public var nonzeroCount: Int { columns.count }

  /// Computes y = A x.
  ///
  /// `x` must have `columnCount` elements; `y` is resized to `rowCount` if needed (no allocation when it already fits).
  public func multiply(_ x: [Double], into y: inout [Double]) {
    precondition(x.count == columnCount, "x has \(x.count) elements, expected \(columnCount)")
    if y.count != rowCount { y = [Double](repeating: 0, count: rowCount) }
    let n = rowCount
    rowStart.withUnsafeBufferPointer { rs in
      columns.withUnsafeBufferPointer { cs in
        values.withUnsafeBufferPointer { vs in
          x.withUnsafeBufferPointer { xs in
            y.withUnsafeMutableBufferPointer { ys in
              // Unchecked in release: the initialiser validated rowStart and every column index, and
              // the sizes of x and y were checked above. Rows are split into `Parallel` chunks; each row is
              // one thread's, so the result does not depend on the thread count.
              Parallel.forEachChunk(n) { rows in
                for i in rows {
                  var sum = 0.0
                  for k in rs[i]..<rs[i + 1] {
                    sum += vs[k] * xs[Int(cs[k])]
                  }
                  ys[i] = sum
                }
              }
            }
          }
        }
      }
    }
  }

  /// Computes y = A x and returns xᵀy, the dot product formed per `Parallel` chunk right after the chunk's rows, while
  /// they are in cache. Same bits as `multiply(x, into: &y)` followed by `Vector.dot(x, y)`; square A only.
  public func multiplyAndDot(_ x: [Double], into y: inout [Double]) -> Double {
    precondition(rowCount == columnCount, "multiplyAndDot needs a square matrix, got \(rowCount)×\(columnCount)")
    precondition(x.count == columnCount, "x has \(x.count) elements, expected \(columnCount)")
    if y.count != rowCount { y = [Double](repeating: 0, count: rowCount) }
    let n = rowCount
    return rowStart.withUnsafeBufferPointer { rs in
      columns.withUnsafeBufferPointer { cs in
        values.withUnsafeBufferPointer { vs in
          x.withUnsafeBufferPointer { xs in
            y.withUnsafeMutableBufferPointer { ys in
              // Unchecked: as in multiply. Each chunk writes only its rows of y and returns its own partial.
              Parallel.sum(n) { rows in
                for i in rows {
                  var sum = 0.0
                  for k in rs[i]..<rs[i + 1] {
                    sum += vs[k] * xs[Int(cs[k])]
                  }
                  ys[i] = sum
                }
                return Vector.dot(UnsafeBufferPointer(rebasing: xs[rows]), UnsafeBufferPointer(rebasing: ys[rows]))
              }
            }
          }
        }
      }
    }
  }

  /// Returns A x.
  public func multiplied(by x: [Double]) -> [Double] {
    var y = [Double](repeating: 0, count: rowCount)
    multiply(x, into: &y)
    return y
  }

  /// The main diagonal (zero where no entry is stored), `min(rowCount, columnCount)` elements.
  public func diagonal() -> [Double] {
    let m = Swift.min(rowCount, columnCount)
    return [Double](unsafeUninitializedCapacity: m) { d, initialized in
      rowStart.withUnsafeBufferPointer { rs in
        columns.withUnsafeBufferPointer { cs in
          values.withUnsafeBufferPointer { vs in
            // Row-parallel over `Parallel` chunks; each dᵢ is one thread's. Binary search within the sorted row.
            Parallel.forEachChunk(m) { rows in
              for i in rows {
                let target = Int32(i)
                var lo = rs[i], hi = rs[i + 1]
                var v = 0.0
                while lo < hi {
                  let mid = (lo + hi) / 2
                  let c = cs[mid]
                  if c == target { v = vs[mid]; break }
                  if c < target { lo = mid + 1 } else { hi = mid }
                }
                d[i] = v
              }
            }
          }
        }
      }
      initialized = m
    }
  }

  /// Index into `values` of entry (row, column), or nil (binary search within the row).
  public func entryIndex(row: Int, column: Int) -> Int? {
    precondition((0..<rowCount).contains(row), "row \(row) out of range 0..<\(rowCount)")
    guard (0..<columnCount).contains(column) else { return nil }
    let target = Int32(column)
    var lo = rowStart[row], hi = rowStart[row + 1]
    while lo < hi {
      let mid = (lo + hi) / 2
      let c = columns[mid]
      if c == target { return mid }
      if c < target { lo = mid + 1 } else { hi = mid }
    }
    return nil
  }

  /// Whether the matrix is square and |aᵢⱼ − aⱼᵢ| ≤ tolerance · max(|aᵢⱼ|, |aⱼᵢ|) for every stored entry
  /// (an entry missing from the pattern counts as zero).
  public func isSymmetric(tolerance: Double) -> Bool {
    guard rowCount == columnCount else { return false }
    for i in 0..<rowCount {
      for k in rowStart[i]..<rowStart[i + 1] {
        let j = Int(columns[k])
        if j == i { continue }
        let a = values[k]
        let b = entryIndex(row: j, column: i).map { values[$0] } ?? 0
        if !(abs(a - b) <= tolerance * Swift.max(abs(a), abs(b))) { return false }
      }
    }
    return true
  }

  /// Largest |i − j| over stored entries (0 for an empty or diagonal matrix).
  public var bandwidth: Int {
    var width = 0
    for i in 0..<rowCount {
      let lo = rowStart[i], hi = rowStart[i + 1]
      if lo < hi {
        width = Swift.max(width, abs(i - Int(columns[lo])), abs(Int(columns[hi - 1]) - i))
      }
    }
    return width
  }

  /// Sorts the entries of one row by column, stably (equal columns keep their order).
  static func sortRow(columns: inout [Int32], values: inout [Double], range: Range<Int>) {
    let count = range.count
    if count < 2 { return }
    if count <= 32 {
      // Insertion sort: rows of FV matrices have a handful of entries.
      for k in (range.lowerBound + 1)..<range.upperBound {
        let c = columns[k], v = values[k]
        var j = k - 1
        while j >= range.lowerBound && columns[j] > c {
          columns[j + 1] = columns[j]
          values[j + 1] = values[j]
          j -= 1
        }
        columns[j + 1] = c
        values[j + 1] = v
      }
      return
    }
    let order = range.sorted { a, b in
      columns[a] != columns[b] ? columns[a] < columns[b] : a < b
    }
    let c = order.map { columns[$0] }
    let v = order.map { values[$0] }
    for (offset, k) in range.enumerated() {
      columns[k] = c[offset]
      values[k] = v[offset]
    }
  }
}
