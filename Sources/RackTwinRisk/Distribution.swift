/// The distribution of one uncertain input, in SI (W, K, m²·K/W, …).
public enum Distribution: Sendable, Equatable {
  /// Gaussian with mean μ and standard deviation σ > 0.
  case normal(mean: Double, standardDeviation: Double)
  /// Uniform on [lower, upper], lower < upper.
  case uniform(lower: Double, upper: Double)
  /// A Gaussian N(μ, σ²) restricted to [lower, upper] and renormalised (either bound may be infinite).
  case truncatedNormal(mean: Double, standardDeviation: Double, lower: Double, upper: Double)

  /// Whether the distribution is Gaussian (the analytic per-component probability applies).
  public var isNormal: Bool {
    if case .normal = self { return true }
    return false
  }

  /// A message saying what is wrong with the parameters, or nil when they are valid.
  public var invalidReason: String? {
    switch self {
    case .normal(let m, let s):
      return m.isFinite && s > 0 && s.isFinite ? nil : "a finite mean and a standard deviation > 0, found \(m), \(s)"
    case .uniform(let a, let b):
      return a.isFinite && b.isFinite && a < b ? nil : "finite bounds lower < upper, found \(a), \(b)"
    case .truncatedNormal(let m, let s, let a, let b):
      guard m.isFinite, s > 0, s.isFinite, a < b else {
        return "a finite mean, a standard deviation > 0 and lower < upper, found \(m), \(s), [\(a), \(b)]"
      }
      let z = StandardNormal.cdf((b - m) / s) - StandardNormal.cdf((a - m) / s)
      return z > 1e-12 ? nil : "bounds [\(a), \(b)] holding some probability of N(\(m), \(s)²), found \(z)"
    }
  }

  /// E[X].
  public var mean: Double {
    switch self {
    case .normal(let m, _): return m
    case .uniform(let a, let b): return 0.5 * (a + b)
    case .truncatedNormal(let m, let s, let a, let b):
      let t = TruncationTerms(mean: m, standardDeviation: s, lower: a, upper: b)
      return m + s * (t.phiA - t.phiB) / t.mass
    }
  }

  /// √Var[X]. Truncated normal: Johnson, Kotz & Balakrishnan, *Continuous Univariate Distributions* vol. 1 (1994),
  /// eq. 13.134.
  public var standardDeviation: Double {
    switch self {
    case .normal(_, let s): return s
    case .uniform(let a, let b): return (b - a) / 12.0.squareRoot()
    case .truncatedNormal(let m, let s, let a, let b):
      let t = TruncationTerms(mean: m, standardDeviation: s, lower: a, upper: b)
      let r = (t.phiA - t.phiB) / t.mass
      let v = 1 + (t.alphaPhiA - t.betaPhiB) / t.mass - r * r
      return s * max(0, v).squareRoot()
    }
  }

  /// The value with P(X ≤ x) = p, p in (0, 1).
  public func quantile(_ p: Double) -> Double {
    switch self {
    case .normal(let m, let s): return m + s * StandardNormal.quantile(p)
    case .uniform(let a, let b): return a + (b - a) * p
    case .truncatedNormal(let m, let s, let a, let b):
      let fa = StandardNormal.cdf((a - m) / s), fb = StandardNormal.cdf((b - m) / s)
      // Clamped: fa + p (fb − fa) can round past 1 when the upper bound is open (fb = 1).
      let x = m + s * StandardNormal.quantile(min(max(fa + p * (fb - fa), 0), 1))
      return min(max(x, a), b)
    }
  }

  /// x(u) = F⁻¹(Φ(u)): the value that the standard normal variable u maps to (the Rosenblatt transform of one
  /// independent input), and dx/du there.
  public func fromStandardNormal(_ u: Double) -> (value: Double, derivative: Double) {
    switch self {
    case .normal(let m, let s):
      return (m + s * u, s)
    case .uniform(let a, let b):
      return (a + (b - a) * StandardNormal.cdf(u), (b - a) * StandardNormal.density(u))
    case .truncatedNormal(let m, let s, let a, let b):
      let fa = StandardNormal.cdf((a - m) / s), fb = StandardNormal.cdf((b - m) / s)
      let z = StandardNormal.quantile(min(max(fa + StandardNormal.cdf(u) * (fb - fa), 0), 1))
      let x = min(max(m + s * z, a), b)
      // dx/du = s (Φ(b') − Φ(a')) φ(u) / φ(z).
      let pz = StandardNormal.density(z)
      return (x, pz > 0 ? s * (fb - fa) * StandardNormal.density(u) / pz : 0)
    }
  }
}

/// Φ, φ and αφ(α) at the standardised bounds of a truncated normal, zero at infinite bounds.
struct TruncationTerms {
  let phiA: Double, phiB: Double, alphaPhiA: Double, betaPhiB: Double, mass: Double
  init(mean m: Double, standardDeviation s: Double, lower a: Double, upper b: Double) {
    let al = (a - m) / s, be = (b - m) / s
    phiA = al.isFinite ? StandardNormal.density(al) : 0
    phiB = be.isFinite ? StandardNormal.density(be) : 0
    alphaPhiA = al.isFinite ? al * phiA : 0
    betaPhiB = be.isFinite ? be * phiB : 0
    mass = StandardNormal.cdf(be) - StandardNormal.cdf(al)
  }
}
