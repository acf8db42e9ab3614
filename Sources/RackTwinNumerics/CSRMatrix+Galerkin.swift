extension CSRMatrix {
  /// Coarse rows whose rows of A P are formed together: large enough that few rows of A P are formed twice (those
  /// shared with the neighbouring block), small enough that the block's rows of A P stay a few MB per worker.
  static let galerkinBlockRows = 4096

  /// Returns the Galerkin triple product R A P (R = Pᵀ in multigrid) without storing A P.
  ///
  /// Output rows are formed in blocks of `galerkinBlockRows`. For a block, the rows of A P that its rows of R reach
  /// are formed once each (Gustavson 1978, *Two fast algorithms for sparse matrices*, ACM TOMS 4: dense accumulator and
  /// marker array) into a per-worker buffer reused from block to block; then each output row I sums r_Ii (A P)[i,:]
  /// over R's row I. At 1 M cells the two-step R (A P) kept all of A P alive, about 20 M entries (240 MB), at the AMG
  /// setup's memory peak; here a worker holds the rows of A P of one block, a few MB. A fully fused loop over
  /// (I, i, k, J), which stores nothing, recomputes row i of A P for every coarse row it restricts to and took 1.7×
  /// the time of the two-step product at 100³.
  ///
  /// Each output chunk (`Parallel.chunkSize` rows, blocks never straddle chunks) appends its rows to its own arrays,
  /// copied afterwards in chunk order into exact-size arrays. A row of A P has the same entries in the same order
  /// whichever block forms it, and output row I sums them in the order R's row and that row of A P are stored, then
  /// sorts its columns: the result is bit-identical for any thread count. Structural zeros from cancellation are kept,
  /// so the pattern is that of R (A P).
  public static func galerkinProduct(restriction r: CSRMatrix, operator a: CSRMatrix, prolongator p: CSRMatrix)
    -> CSRMatrix
  {
    precondition(r.columnCount == a.rowCount && a.columnCount == p.rowCount,
                 "triple product of \(r.rowCount)×\(r.columnCount), \(a.rowCount)×\(a.columnCount) and \(p.rowCount)×\(p.columnCount)")
    return r.rowStart.withUnsafeBufferPointer { rrs in
      r.columns.withUnsafeBufferPointer { rcs in
        r.values.withUnsafeBufferPointer { rvs in
          galerkinProduct(rowCount: r.rowCount, operator: a, prolongator: p) { block, _ in
            RestrictionRows(start: rrs.baseAddress! + block.lowerBound, columns: rcs.baseAddress!, values: rvs.baseAddress!)
          }
        }
      }
    }
  }

  /// Returns the Galerkin triple product Pᵀ A P without storing Pᵀ or A P.
  ///
  /// Same result, bit for bit, as `galerkinProduct(restriction: p.transposed(), operator: a, prolongator: p)`, but each
  /// block of `galerkinBlockRows` output rows forms only its own rows of Pᵀ (in the same order as `transposed()`: fine
  /// rows ascending) into a per-worker buffer, scanning the rows of P between the first and the last fine row its
  /// columns reach. On a mesh-ordered level those rows are few beyond the block's own, and the scan costs about what
  /// the full transpose's fill pass does; where the ranges overlap so much that the scans would read P more than
  /// `galerkinScanLimit` times, Pᵀ is formed in full instead. At 1 M cells the full Pᵀ of level 0 is about 43 MB,
  /// alive at the AMG setup's memory peak.
  public static func galerkinProduct(operator a: CSRMatrix, prolongator p: CSRMatrix) -> CSRMatrix {
    precondition(a.rowCount == a.columnCount && a.columnCount == p.rowCount,
                 "triple product Pᵀ A P of \(a.rowCount)×\(a.columnCount) and \(p.rowCount)×\(p.columnCount)")
    let m = p.columnCount, fine = p.rowCount
    let blocks = (m + galerkinBlockRows - 1) / galerkinBlockRows
    // Per coarse column J: its entry count (as Pᵀ's row start) and the first and last fine rows holding it; per block,
    // the range of fine rows to scan.
    var start = [Int](repeating: 0, count: m + 1)
    var first = [Int](repeating: Int.max, count: blocks), last = [Int](repeating: -1, count: blocks)
    p.rowStart.withUnsafeBufferPointer { prs in
      p.columns.withUnsafeBufferPointer { pcs in
        start.withUnsafeMutableBufferPointer { ts in
          for i in 0..<fine {
            for kp in prs[i]..<prs[i + 1] {
              let j = Int(pcs[kp])
              ts[j + 1] += 1
              let b = j / galerkinBlockRows
              if first[b] > i { first[b] = i }
              last[b] = i
            }
          }
          for j in 0..<m { ts[j + 1] += ts[j] }
        }
      }
    }
    var scanned = 0, widest = 0
    for b in 0..<blocks where last[b] >= first[b] {
      scanned += p.rowStart[last[b] + 1] - p.rowStart[first[b]]
      let lo = b * galerkinBlockRows, hi = Swift.min(m, lo + galerkinBlockRows)
      widest = Swift.max(widest, start[hi] - start[lo])
    }
    if scanned > galerkinScanLimit * Swift.max(p.nonzeroCount, 1) {
      return galerkinProduct(restriction: p.transposed(), operator: a, prolongator: p)
    }
    let workers = Parallel.workerCount(m)
    let sliceStarts = UnsafeMutableBufferPointer<Int>.allocate(capacity: workers * (galerkinBlockRows + 1))
    let sliceNext = UnsafeMutableBufferPointer<Int>.allocate(capacity: workers * galerkinBlockRows)
    let sliceColumns = UnsafeMutableBufferPointer<Int32>.allocate(capacity: Swift.max(workers * widest, 1))
    let sliceValues = UnsafeMutableBufferPointer<Double>.allocate(capacity: Swift.max(workers * widest, 1))
    defer {
      sliceStarts.deallocate()
      sliceNext.deallocate()
      sliceColumns.deallocate()
      sliceValues.deallocate()
    }
    return p.rowStart.withUnsafeBufferPointer { prs in
      p.columns.withUnsafeBufferPointer { pcs in
        p.values.withUnsafeBufferPointer { pvs in
          start.withUnsafeBufferPointer { ts in
            galerkinProduct(rowCount: m, operator: a, prolongator: p) { block, w in
              // Unchecked: worker w writes only its own slices; next[J − lo] stays below J's end in the slice, as the
              // scan meets exactly the entries `start` counted for J.
              let lo = block.lowerBound, count = block.count, base = ts[lo]
              let local = sliceStarts.baseAddress! + w * (galerkinBlockRows + 1)
              let next = sliceNext.baseAddress! + w * galerkinBlockRows
              let columns = sliceColumns.baseAddress! + w * widest
              let values = sliceValues.baseAddress! + w * widest
              for q in 0...count { local[q] = ts[lo + q] - base }
              for q in 0..<count { next[q] = local[q] }
              let b = lo / galerkinBlockRows
              if last[b] >= first[b] {
                for i in first[b]...last[b] {
                  for kp in prs[i]..<prs[i + 1] {
                    let q = Int(pcs[kp]) - lo
                    if q < 0 || q >= count { continue }
                    columns[next[q]] = Int32(i)
                    values[next[q]] = pvs[kp]
                    next[q] += 1
                  }
                }
              }
              return RestrictionRows(start: local, columns: columns, values: values)
            }
          }
        }
      }
    }
  }

  /// Most times the blocks of `galerkinProduct(operator:prolongator:)` may scan P, together, before Pᵀ is formed in
  /// full instead.
  static let galerkinScanLimit = 4

  /// Rows of R for one block of output rows: row `block.lowerBound + q` is entries `start[q]..<start[q + 1]` of
  /// `columns` and `values`.
  struct RestrictionRows {
    var start: UnsafePointer<Int>
    var columns: UnsafePointer<Int32>
    var values: UnsafePointer<Double>
    init(start: UnsafePointer<Int>, columns: UnsafePointer<Int32>, values: UnsafePointer<Double>) {
      self.start = start
      self.columns = columns
      self.values = values
    }
    init(start: UnsafeMutablePointer<Int>, columns: UnsafeMutablePointer<Int32>, values: UnsafeMutablePointer<Double>) {
      self.init(start: UnsafePointer(start), columns: UnsafePointer(columns), values: UnsafePointer(values))
    }
  }

  /// R A P with R's `rowCount` rows given block by block by `restrictionRows(block, worker)`, which is called once
  /// per block, on the worker that forms it; the rows it returns stay valid until that worker's next call. Blocks
  /// start at multiples of `galerkinBlockRows` (chunks start at multiples of `Parallel.chunkSize`, a multiple of it).
  static func galerkinProduct(rowCount m: Int, operator a: CSRMatrix, prolongator p: CSRMatrix,
                              restrictionRows: (Range<Int>, Int) -> RestrictionRows) -> CSRMatrix {
    precondition(Parallel.chunkSize % galerkinBlockRows == 0, "blocks must not straddle chunks")
    let n = p.columnCount, fine = a.rowCount
    let width = Swift.max(n, 1)
    let workers = Parallel.workerCount(m)
    let chunks = Parallel.chunkCount(m)
    var start = [Int](repeating: 0, count: m + 1)
    // Per worker: marker[J] == tag when column J is already in the row being formed (output rows I are tagged I, row
    // i of A P formed for the block starting at row b is tagged −1 − (b·n_fine + i), unique as blocks are disjoint); slot[i] is row i's place in the block's buffer of A P, or −1.
    let markers = UnsafeMutableBufferPointer<Int>.allocate(capacity: workers * width)
    let accumulators = UnsafeMutableBufferPointer<Double>.allocate(capacity: workers * width)
    let rowColumnsAll = UnsafeMutableBufferPointer<Int32>.allocate(capacity: workers * width)
    let slots = UnsafeMutableBufferPointer<Int32>.allocate(capacity: workers * Swift.max(fine, 1))
    let chunkColumns = UnsafeMutableBufferPointer<GrowableBuffer<Int32>>.allocate(capacity: Swift.max(chunks, 1))
    let chunkValues = UnsafeMutableBufferPointer<GrowableBuffer<Double>>.allocate(capacity: Swift.max(chunks, 1))
    chunkColumns.initialize(repeating: GrowableBuffer())
    chunkValues.initialize(repeating: GrowableBuffer())
    defer {
      markers.deallocate()
      accumulators.deallocate()
      rowColumnsAll.deallocate()
      slots.deallocate()
      for c in 0..<chunkColumns.count {
        chunkColumns[c].free()
        chunkValues[c].free()
      }
      chunkColumns.deallocate()
      chunkValues.deallocate()
    }
    markers.initialize(repeating: Int.max)
    slots.initialize(repeating: -1)
    a.rowStart.withUnsafeBufferPointer { ars in
      a.columns.withUnsafeBufferPointer { acs in
        a.values.withUnsafeBufferPointer { avs in
          p.rowStart.withUnsafeBufferPointer { prs in
            p.columns.withUnsafeBufferPointer { pcs in
              p.values.withUnsafeBufferPointer { pvs in
                start.withUnsafeMutableBufferPointer { ss in
                  // Unchecked: R's columns index A's rows, A's columns P's rows (sizes checked above), P's
                  // columns are < n; worker w touches only its own slices of the scratch arrays, and chunk c
                  // only chunkColumns[c], chunkValues[c] and ss[I + 1] for its own rows I.
                  Parallel.forEachChunk(m) { w, rows in
                    let marker = markers.baseAddress! + w * width
                    let accumulator = accumulators.baseAddress! + w * width
                    let rowColumns = UnsafeMutableBufferPointer(start: rowColumnsAll.baseAddress! + w * width,
                                                                count: width)
                    let slot = slots.baseAddress! + w * Swift.max(fine, 1)
                    var outColumns = GrowableBuffer<Int32>(), outValues = GrowableBuffer<Double>()
                    // The block's rows of A P: fine row index, offsets, columns, values (capacity kept).
                    var blockRows = GrowableBuffer<Int32>(), apStart = GrowableBuffer<Int>()
                    var apColumns = GrowableBuffer<Int32>(), apValues = GrowableBuffer<Double>()
                    defer {
                      blockRows.free()
                      apStart.free()
                      apColumns.free()
                      apValues.free()
                    }
                    var blockStart = rows.lowerBound
                    while blockStart < rows.upperBound {
                      let block = blockStart..<Swift.min(rows.upperBound, blockStart + galerkinBlockRows)
                      blockStart = block.upperBound
                      let rRows = restrictionRows(block, w)
                      let rrs = rRows.start, rcs = rRows.columns, rvs = rRows.values, r0 = block.lowerBound
                      // The fine rows the block reaches, formed in increasing order: neighbouring rows of A
                      // and P are then read together (in R's order they were 1.6× slower at 100³). When they
                      // lie densely in a range (a block of a mesh-ordered level), the range is scanned for
                      // them instead of sorting them.
                      var lowest = Int.max, highest = -1
                      for kr in rrs[0]..<rrs[block.count] {
                        let i = Int(rcs[kr])
                        if slot[i] >= 0 { continue }
                        slot[i] = 0
                        blockRows.append(Int32(i))
                        lowest = Swift.min(lowest, i)
                        highest = Swift.max(highest, i)
                      }
                      if highest - lowest < 4 * blockRows.count {
                        blockRows.count = 0
                        if highest >= lowest {
                          for i in lowest...highest where slot[i] >= 0 { blockRows.append(Int32(i)) }
                        }
                      } else {
                        var sorted = blockRows.buffer
                        sorted.sort()
                      }
                      apStart.count = 0
                      apStart.append(0)
                      apColumns.count = 0
                      apValues.count = 0
                      for s in 0..<blockRows.count {
                        let i = Int(blockRows[s])
                        slot[i] = Int32(s)
                        let tag = -1 - (block.lowerBound &* fine &+ i)  // unique to (block, row): see marker
                        let first = apColumns.count
                        for ka in ars[i]..<ars[i + 1] {
                          let k = Int(acs[ka])
                          let av = avs[ka]
                          for kp in prs[k]..<prs[k + 1] {
                            let j = Int(pcs[kp])
                            if marker[j] != tag {
                              marker[j] = tag
                              accumulator[j] = av * pvs[kp]
                              apColumns.append(Int32(j))
                            } else {
                              accumulator[j] += av * pvs[kp]
                            }
                          }
                        }
                        apValues.reserve(apColumns.count)
                        for q in first..<apColumns.count { apValues.append(accumulator[Int(apColumns[q])]) }
                        apStart.append(apColumns.count)
                      }
                      for row in block {
                        var count = 0
                        for kr in rrs[row - r0]..<rrs[row - r0 + 1] {
                          let s = Int(slot[Int(rcs[kr])])
                          let rv = rvs[kr]
                          for q in apStart[s]..<apStart[s + 1] {
                            let j = Int(apColumns[q])
                            if marker[j] != row {
                              marker[j] = row
                              accumulator[j] = rv * apValues[q]
                              rowColumns[count] = Int32(j)
                              count += 1
                            } else {
                              accumulator[j] += rv * apValues[q]
                            }
                          }
                        }
                        sortColumns(rowColumns, 0, count)
                        outColumns.reserve(outColumns.count + count)
                        outValues.reserve(outValues.count + count)
                        for q in 0..<count {
                          let j = rowColumns[q]
                          outColumns.append(j)
                          outValues.append(accumulator[Int(j)])
                        }
                        ss[row + 1] = count
                      }
                      for s in 0..<blockRows.count { slot[Int(blockRows[s])] = -1 }
                      blockRows.count = 0
                    }
                    let c = rows.lowerBound / Parallel.chunkSize
                    chunkColumns[c] = outColumns
                    chunkValues[c] = outValues
                  }
                  for i in 0..<m { ss[i + 1] += ss[i] }
                }
              }
            }
          }
        }
      }
    }
    // Exact-size output filled chunk by chunk, each chunk's arrays released once copied (no zero-fill first).
    let total = start[m]
    var offset = 0
    let columns = [Int32](unsafeUninitializedCapacity: total) { oc, initialized in
      for c in 0..<chunks {
        offset += UnsafeMutableBufferPointer(rebasing: oc[offset...]).initialize(fromContentsOf: chunkColumns[c].buffer)
        chunkColumns[c].free()
      }
      initialized = total
    }
    offset = 0
    let values = [Double](unsafeUninitializedCapacity: total) { ov, initialized in
      for c in 0..<chunks {
        offset += UnsafeMutableBufferPointer(rebasing: ov[offset...]).initialize(fromContentsOf: chunkValues[c].buffer)
        chunkValues[c].free()
      }
      initialized = total
    }
    return CSRMatrix(trustedRowCount: m, columnCount: n, rowStart: start, columns: columns, values: values)
  }
}

/// An append-only buffer of trivial values for the sparse-product kernels: a pointer, a count and a capacity that
/// doubles, with no reference counting or uniqueness check per append (Swift's `Array.append` costs both in the inner
/// loops). The owner calls `free()` once; copies share the storage, so only one of them may free it.
struct GrowableBuffer<Element: BitwiseCopyable> {
  private(set) var base: UnsafeMutablePointer<Element>? = nil
  var count = 0
  private(set) var capacity = 0

  /// The elements written so far.
  var buffer: UnsafeMutableBufferPointer<Element> { UnsafeMutableBufferPointer(start: base, count: count) }

  @inline(__always) subscript(i: Int) -> Element { base.unsafelyUnwrapped[i] }

  @inline(__always) mutating func append(_ value: Element) {
    if count == capacity { reserve(count + 1) }
    base.unsafelyUnwrapped[count] = value
    count += 1
  }

  /// Makes room for at least `minimum` elements, at least doubling the capacity.
  mutating func reserve(_ minimum: Int) {
    if minimum <= capacity { return }
    let newCapacity = Swift.max(minimum, 2 * capacity, 64)
    let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
    if let base {
      newBase.initialize(from: base, count: count)
      base.deallocate()
    }
    base = newBase
    capacity = newCapacity
  }

  mutating func free() {
    base?.deallocate()
    base = nil
    count = 0
    capacity = 0
  }
}
