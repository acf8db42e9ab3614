extension CSRMatrix {
  /// The fraction of rows whose skew-symmetric part outweighs half their symmetric part off the diagonal:
  /// Σ_j |aᵢⱼ − aⱼᵢ| > ½ Σ_j |aᵢⱼ + aⱼᵢ| over j ≠ i (an entry missing from the pattern counts as zero).
  ///
  /// For upwind advection–diffusion a pair of cells gives |aᵢⱼ − aⱼᵢ| = F and |aᵢⱼ + aⱼᵢ| = 2D + F, so a 1-D row is
  /// counted when its cell Péclet number F/D exceeds 2, a 3-D row with flow along one axis when it exceeds 6: the
  /// rows where advection, not diffusion, couples the cells. `auto` uses it to choose ILU(0) over AMG. One binary
  /// search per stored entry, over `Parallel` chunks of rows (counts summed; the order chunks finish does not matter).
  public var skewDominantRowFraction: Double {
    guard rowCount == columnCount, rowCount > 0 else { return 0 }
    let n = rowCount
    var chunkCounts = [Int](repeating: 0, count: Swift.max(Parallel.chunkCount(n), 1))
    rowStart.withUnsafeBufferPointer { rs in
      columns.withUnsafeBufferPointer { cs in
        values.withUnsafeBufferPointer { vs in
          chunkCounts.withUnsafeMutableBufferPointer { counts in
            // Unchecked: a CSR matrix validated at construction, square, so every column is a row index.
            Parallel.forEachChunk(n) { rows in
              var count = 0
              for i in rows {
                var skew = 0.0, symmetric = 0.0
                for k in rs[i]..<rs[i + 1] {
                  let j = Int(cs[k])
                  if j == i { continue }
                  let mirror = CSRMatrix.storedValue(row: j, column: i, rs, cs, vs)
                  skew += Swift.abs(vs[k] - mirror)
                  symmetric += Swift.abs(vs[k] + mirror)
                }
                if skew > 0.5 * symmetric { count += 1 }
              }
              counts[rows.lowerBound / Parallel.chunkSize] = count
            }
          }
        }
      }
    }
    return Double(chunkCounts.reduce(0, +)) / Double(n)
  }
}
