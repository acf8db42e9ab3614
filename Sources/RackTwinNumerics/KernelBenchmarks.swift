import Foundation

/// Memory-bound kernel benchmarks for `racktwin bench` (benchmarks, not tests): the STREAM triad, for the machine's
/// attainable bandwidth, and our SpMV on a 7-point matrix, for the bandwidth it achieves. Both run on
/// `Parallel.threadCount` threads over the same fixed chunks as the solver kernels.
public enum KernelBenchmarks {
  /// A timed memory kernel: best time over the repetitions and the bytes it moves.
  public struct Measurement: Sendable {
    /// Seconds of the fastest repetition (wall).
    public var seconds: Double
    /// Bytes moved per repetition, counted as STREAM does (each array element read or written once, no
    /// write-allocate traffic).
    public var bytes: Double
    public var bytesPerSecond: Double { bytes / seconds }
  }

  /// STREAM triad a = b + s·c (McCalpin, STREAM benchmark, `Triad`) on `count`-element arrays: 24 bytes per element.
  /// Best of `repetitions`. Use arrays much larger than the last-level cache (10 M elements = 240 MB).
  public static func triad(count: Int = 10_000_000, repetitions: Int = 20) -> Measurement {
    var a = [Double](repeating: 0, count: count)
    let b = [Double](repeating: 1, count: count)
    let c = [Double](repeating: 2, count: count)
    let s = 3.0
    var best = Double.infinity
    a.withUnsafeMutableBufferPointer { av in
      b.withUnsafeBufferPointer { bv in
        c.withUnsafeBufferPointer { cv in
          // First touch in the same chunks the timed loops use.
          Parallel.forEachChunk(count) { r in for i in r { av[i] = 0 } }
          for _ in 0..<repetitions {
            let t0 = ContinuousClock.now
            Parallel.forEachChunk(count) { r in
              for i in r { av[i] = bv[i] + s * cv[i] }
            }
            best = Swift.min(best, (ContinuousClock.now - t0).seconds)
          }
        }
      }
    }
    precondition(a[count / 2] == 7, "triad result wrong")
    return Measurement(seconds: best, bytes: 24 * Double(count))
  }

  /// y = A x with `CSRMatrix.multiply`, best of `repetitions`. Bytes: the matrix (8-byte values, 4-byte columns,
  /// 8-byte row offsets), x read once and y written once — the minimum traffic, so the rate is a lower bound.
  public static func spmv(_ a: CSRMatrix, repetitions: Int = 50) -> Measurement {
    let x = (0..<a.columnCount).map { Double($0 % 7) }
    var y = [Double](repeating: 0, count: a.rowCount)
    a.multiply(x, into: &y)
    var best = Double.infinity
    for _ in 0..<repetitions {
      let t0 = ContinuousClock.now
      a.multiply(x, into: &y)
      best = Swift.min(best, (ContinuousClock.now - t0).seconds)
    }
    let bytes = Double(a.nonzeroCount) * 12 + Double(a.rowCount + 1) * 8 + Double(a.columnCount + a.rowCount) * 8
    return Measurement(seconds: best, bytes: bytes)
  }

  /// The 7-point finite-volume Laplacian on an `side`³ grid of unit cells and unit conductivity, with Dirichlet walls
  /// half a cell from the outer centroids (diagonal 6 + 2 per wall face), x fastest.
  public static func laplacian7(side: Int) -> CSRMatrix {
    let n = side * side * side
    var rowStart = [Int](repeating: 0, count: n + 1)
    var columns: [Int32] = []
    var values: [Double] = []
    columns.reserveCapacity(7 * n)
    values.reserveCapacity(7 * n)
    let s2 = side * side
    for c in 0..<n {
      let i = c % side, j = (c / side) % side, k = c / s2
      var diagonal = 0.0
      for inside in [k > 0, j > 0, i > 0, i < side - 1, j < side - 1, k < side - 1] { diagonal += inside ? 1 : 2 }
      if k > 0 { columns.append(Int32(c - s2)); values.append(-1) }
      if j > 0 { columns.append(Int32(c - side)); values.append(-1) }
      if i > 0 { columns.append(Int32(c - 1)); values.append(-1) }
      columns.append(Int32(c)); values.append(diagonal)
      if i < side - 1 { columns.append(Int32(c + 1)); values.append(-1) }
      if j < side - 1 { columns.append(Int32(c + side)); values.append(-1) }
      if k < side - 1 { columns.append(Int32(c + s2)); values.append(-1) }
      rowStart[c + 1] = columns.count
    }
    return CSRMatrix(rowCount: n, columnCount: n, rowStart: rowStart, columns: columns, values: values)
  }
}
