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
    let m = r.rowCount, n = p.columnCount, fine = a.rowCount
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
    r.rowStart.withUnsafeBufferPointer { rrs in
      r.columns.withUnsafeBufferPointer { rcs in
        r.values.withUnsafeBufferPointer { rvs in
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
                            // The fine rows the block reaches, formed in increasing order: neighbouring rows of A
                            // and P are then read together (in R's order they were 1.6× slower at 100³). When they
                            // lie densely in a range (a block of a mesh-ordered level), the range is scanned for
                            // them instead of sorting them.
                            var lowest = Int.max, highest = -1
                            for kr in rrs[block.lowerBound]..<rrs[block.upperBound] {
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
                              for kr in rrs[row]..<rrs[row + 1] {
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
