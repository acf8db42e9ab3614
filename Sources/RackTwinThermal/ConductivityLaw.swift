/// Thermal conductivity that changes with temperature (isotropic materials).
public enum ConductivityLaw: Sendable, Equatable {
  /// k(T) = value + slope·(T − reference); W/(m·K), K, W/(m·K²).
  case linear(value: Double, reference: Double, slope: Double)
  /// Piecewise linear in T between rows (temperatures increasing, K; conductivities W/(m·K)); the end values hold
  /// outside the table.
  case table(temperatures: [Double], conductivities: [Double])

  /// k at temperature `t` (K), in W/(m·K).
  public func conductivity(at t: Double) -> Double {
    switch self {
    case let .linear(value, reference, slope):
      return value + slope * (t - reference)
    case let .table(ts, ks):
      if t <= ts[0] { return ks[0] }
      if t >= ts[ts.count - 1] { return ks[ks.count - 1] }
      var hi = 1
      while ts[hi] < t { hi += 1 }
      let w = (t - ts[hi - 1]) / (ts[hi] - ts[hi - 1])
      return ks[hi - 1] + w * (ks[hi] - ks[hi - 1])
    }
  }
}
