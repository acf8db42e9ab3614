/// Dense vector kernels on `[Double]`, threaded over fixed-size chunks (`Parallel`) and deterministic: a reduction
/// sums each chunk with four interleaved partial sums and adds the chunk results in order, so the bits depend on the
/// length only, never on the thread count.
public enum Vector {
  /// Returns xᵀy.
  public static func dot(_ x: [Double], _ y: [Double]) -> Double {
    precondition(x.count == y.count, "dot of vectors of length \(x.count) and \(y.count)")
    return x.withUnsafeBufferPointer { xs in
      y.withUnsafeBufferPointer { ys in chunkedDot(xs, ys) }
    }
  }

  /// Returns ‖x‖₂.
  public static func norm2(_ x: [Double]) -> Double {
    x.withUnsafeBufferPointer { xs in chunkedDot(xs, xs).squareRoot() }
  }

  /// Returns max |xᵢ| (0 for an empty vector).
  public static func normInfinity(_ x: [Double]) -> Double {
    var m = 0.0
    for v in x { m = Swift.max(m, abs(v)) }
    return m
  }

  /// y ← y + a·x.
  public static func axpy(_ a: Double, _ x: [Double], _ y: inout [Double]) {
    precondition(x.count == y.count, "axpy of vectors of length \(x.count) and \(y.count)")
    x.withUnsafeBufferPointer { xs in
      y.withUnsafeMutableBufferPointer { ys in
        Parallel.forEachChunk(ys.count) { range in
          for i in range { ys[i] += a * xs[i] }
        }
      }
    }
  }

  /// y ← x + a·y.
  public static func xpay(_ x: [Double], _ a: Double, _ y: inout [Double]) {
    precondition(x.count == y.count, "xpay of vectors of length \(x.count) and \(y.count)")
    x.withUnsafeBufferPointer { xs in
      y.withUnsafeMutableBufferPointer { ys in
        Parallel.forEachChunk(ys.count) { range in
          for i in range { ys[i] = xs[i] + a * ys[i] }
        }
      }
    }
  }

  /// The CG update x ← x + a·p, r ← r − a·q in one pass; returns ‖r‖₂ of the updated r. Same bits as
  /// `axpy(a, p, &x)`, `axpy(-a, q, &r)` and `norm2(r)`, with r read once instead of twice.
  public static func updateSolutionAndResidual(_ a: Double, _ p: [Double], _ q: [Double], x: inout [Double],
                                               r: inout [Double]) -> Double {
    precondition(p.count == x.count && q.count == x.count && r.count == x.count,
                 "CG update of vectors of length \(p.count), \(q.count), \(x.count) and \(r.count)")
    return p.withUnsafeBufferPointer { ps in
      q.withUnsafeBufferPointer { qs in
        x.withUnsafeMutableBufferPointer { xs in
          r.withUnsafeMutableBufferPointer { rs in
            Parallel.sum(xs.count) { range in
              for i in range {
                xs[i] += a * ps[i]
                rs[i] += -a * qs[i]
              }
              let chunk = UnsafeBufferPointer(rebasing: rs[range])
              return dot(chunk, chunk)
            }.squareRoot()
          }
        }
      }
    }
  }

  /// x ← a·x.
  public static func scale(_ a: Double, _ x: inout [Double]) {
    x.withUnsafeMutableBufferPointer { xs in
      Parallel.forEachChunk(xs.count) { range in
        for i in range { xs[i] *= a }
      }
    }
  }

  /// z ← x − y.
  public static func subtract(_ x: [Double], _ y: [Double], into z: inout [Double]) {
    precondition(x.count == y.count, "subtract of vectors of length \(x.count) and \(y.count)")
    if z.count != x.count { z = [Double](repeating: 0, count: x.count) }
    x.withUnsafeBufferPointer { xs in
      y.withUnsafeBufferPointer { ys in
        z.withUnsafeMutableBufferPointer { zs in
          Parallel.forEachChunk(zs.count) { range in
            for i in range { zs[i] = xs[i] - ys[i] }
          }
        }
      }
    }
  }

  /// Whether every element is finite.
  public static func allFinite(_ x: [Double]) -> Bool {
    x.withUnsafeBufferPointer { xs in
      var ok = true
      for v in xs where !v.isFinite { ok = false; break }
      return ok
    }
  }

  /// xᵀy summed per `Parallel` chunk, the chunk sums added in order.
  static func chunkedDot(_ xs: UnsafeBufferPointer<Double>, _ ys: UnsafeBufferPointer<Double>) -> Double {
    Parallel.sum(xs.count) { range in
      dot(UnsafeBufferPointer(rebasing: xs[range]), UnsafeBufferPointer(rebasing: ys[range]))
    }
  }

  /// Dot product with four interleaved partial sums (vectorisable; the order is fixed for a given length).
  static func dot(_ xs: UnsafeBufferPointer<Double>, _ ys: UnsafeBufferPointer<Double>) -> Double {
    let n = xs.count
    var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
    var i = 0
    while i + 4 <= n {
      s0 += xs[i] * ys[i]
      s1 += xs[i + 1] * ys[i + 1]
      s2 += xs[i + 2] * ys[i + 2]
      s3 += xs[i + 3] * ys[i + 3]
      i += 4
    }
    while i < n {
      s0 += xs[i] * ys[i]
      i += 1
    }
    return (s0 + s1) + (s2 + s3)
  }
}
