/// Non-dominated points for two objectives.
public enum ParetoFront {
  /// Indices (into `a`, `b`) of the points no other point dominates: another point dominates when it is at least as
  /// good in both objectives and better in one. Points with a NaN objective are left out. Ascending order.
  /// - Parameters:
  ///   - a, b: objective values per point; `minimizeA`/`minimizeB` say which direction is better.
  public static func indices(_ a: [Double], _ b: [Double], minimizeA: Bool, minimizeB: Bool) -> [Int] {
    precondition(a.count == b.count, "objective columns of different lengths")
    let sa = minimizeA ? 1.0 : -1.0, sb = minimizeB ? 1.0 : -1.0
    let candidates = a.indices.filter { !a[$0].isNaN && !b[$0].isNaN }
    return candidates.filter { i in
      !candidates.contains { j in
        let ai = sa * a[i], bi = sb * b[i], aj = sa * a[j], bj = sb * b[j]
        return aj <= ai && bj <= bi && (aj < ai || bj < bi)
      }
    }
  }
}
