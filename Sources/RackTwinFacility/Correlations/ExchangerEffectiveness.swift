import Foundation

/// Effectiveness–NTU relations of two-stream heat exchangers.
///
/// Incropera, DeWitt, Bergman & Lavine (2007), *Fundamentals of Heat and Mass Transfer*, 6th ed., Table 11.3
/// (ε(NTU, C_r)) and Table 11.4 (NTU(ε, C_r)); C_r = C_min/C_max in 0…1.
public enum ExchangerEffectiveness {
  /// Counterflow: ε = [1 − e^(−NTU(1−C_r))]/[1 − C_r e^(−NTU(1−C_r))]; ε = NTU/(1 + NTU) at C_r = 1.
  public static func counterflow(ntu: Double, capacityRatio cr: Double) -> Double {
    precondition(ntu >= 0 && (0...1).contains(cr), "NTU \(ntu), C_r \(cr)")
    if abs(1 - cr) < 1e-9 { return ntu / (1 + ntu) }
    let e = exp(-ntu * (1 - cr))
    return (1 - e) / (1 - cr * e)
  }

  /// Counterflow NTU for an effectiveness ε < 1 (Table 11.4): NTU = ln[(1 − εC_r)/(1 − ε)]/(1 − C_r); ε/(1 − ε) at
  /// C_r = 1.
  public static func counterflowNTU(effectiveness eps: Double, capacityRatio cr: Double) -> Double {
    precondition(eps > 0 && eps < 1 && (0...1).contains(cr), "ε \(eps), C_r \(cr)")
    if abs(1 - cr) < 1e-9 { return eps / (1 - eps) }
    return log((1 - eps * cr) / (1 - eps)) / (1 - cr)
  }

  /// Crossflow, both streams unmixed (finned-coil dry coolers): ε = 1 − exp[(1/C_r) NTU^0.22 (e^(−C_r NTU^0.78) − 1)]
  /// (Table 11.3, the approximate closed form).
  public static func crossflowUnmixed(ntu: Double, capacityRatio cr: Double) -> Double {
    precondition(ntu >= 0 && (0...1).contains(cr), "NTU \(ntu), C_r \(cr)")
    if cr < 1e-9 { return 1 - exp(-ntu) }
    return 1 - exp(pow(ntu, 0.22) / cr * (exp(-cr * pow(ntu, 0.78)) - 1))
  }

  /// Crossflow-unmixed NTU for an effectiveness, by bisection on NTU in 0…50 (ε rises monotonically with NTU);
  /// nil when ε is beyond what NTU = 50 reaches.
  public static func crossflowUnmixedNTU(effectiveness eps: Double, capacityRatio cr: Double) -> Double? {
    guard eps > 0, crossflowUnmixed(ntu: 50, capacityRatio: cr) > eps else { return nil }
    var lo = 0.0, hi = 50.0
    for _ in 0..<100 {
      let mid = 0.5 * (lo + hi)
      if crossflowUnmixed(ntu: mid, capacityRatio: cr) < eps { lo = mid } else { hi = mid }
    }
    return 0.5 * (lo + hi)
  }
}
