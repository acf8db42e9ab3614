import Foundation

/// One-sided Clopper–Pearson upper confidence bound on a binomial probability (Clopper & Pearson, "The use of
/// confidence or fiducial limits illustrated in the case of the binomial", Biometrika 26, 1934): the p_u with
/// P(X ≤ x | n, p_u) = 1 − confidence. With no success it is 1 − (1 − confidence)^(1/n) ≈ 3/n at 95 % (the rule of
/// three).
public enum ClopperPearson {
  /// The upper bound for `successes` out of `trials` at `confidence` in (0, 1).
  public static func upperBound(successes x: Int, trials n: Int, confidence: Double = 0.95) -> Double {
    precondition(n > 0 && x >= 0 && x <= n && confidence > 0 && confidence < 1)
    let alpha = 1 - confidence
    if x == n { return 1 }
    if x == 0 { return -expm1(log(alpha) / Double(n)) }
    // P(X ≤ x | p) falls from 1 to 0 as p rises: bisect on it, from the observed fraction up.
    var lo = Double(x) / Double(n), hi = 1.0
    for _ in 0..<200 {
      let mid = 0.5 * (lo + hi)
      if binomialCDF(x, n, mid) > alpha { lo = mid } else { hi = mid }
      if hi - lo <= 1e-15 * hi { break }
    }
    return 0.5 * (lo + hi)
  }

  /// P(X ≤ x) for X ~ Binomial(n, p), summed in log space from the largest term.
  static func binomialCDF(_ x: Int, _ n: Int, _ p: Double) -> Double {
    let lp = log(p), lq = log1p(-p)
    let logC0 = logGamma(Double(n) + 1)
    var terms: [Double] = []
    terms.reserveCapacity(x + 1)
    for k in 0...x {
      let kk = Double(k)
      terms.append(logC0 - logGamma(kk + 1) - logGamma(Double(n - k) + 1) + kk * lp + Double(n - k) * lq)
    }
    let top = terms.max()!
    return min(1, exp(top) * terms.reduce(0) { $0 + exp($1 - top) })
  }

  /// ln Γ(x) (the C library's, picked out from Glibc's overload that also returns the sign).
  static func logGamma(_ x: Double) -> Double {
    let value: Double = lgamma(x)
    return value
  }
}
