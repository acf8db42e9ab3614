import Foundation

/// Effectiveness–NTU relations of two-stream heat exchangers, with the exact series for crossflow, both unmixed.
///
/// Counterflow and parallel flow: Incropera, DeWitt, Bergman & Lavine (2007), *Fundamentals of Heat and Mass
/// Transfer*, 6th ed., Table 11.3. Crossflow with both fluids unmixed: the exact series of Mason (1954) as written by
/// Baclic (1990), "ε-NTU analysis of complicated flow arrangements", in *Compact Heat Exchangers* (Hemisphere),
/// eq. for case "crossflow, both fluids unmixed" (Kays & London, *Compact Heat Exchangers*, 3rd ed., Fig. 2-14 plots it):
/// ε = (1/(C_r NTU)) Σ_{n≥0} [1 − e^(−NTU) Σ_{m≤n} NTU^m/m!] [1 − e^(−C_r NTU) Σ_{m≤n} (C_r NTU)^m/m!].
/// The closed form of Table 11.3 (eq. 11.32 in Incropera's numbering) is only an approximation: 1.6 % low at
/// NTU = 1, C_r = 1. RackTwinFacility keeps its own Table 11.3 forms; this type is the Cooling module's.
public enum HeatExchangerEffectiveness {
  /// Counterflow: ε = [1 − e^(−NTU(1−C_r))]/[1 − C_r e^(−NTU(1−C_r))]; NTU/(1 + NTU) at C_r = 1 (Table 11.3).
  /// - Parameters: ntu ≥ 0; cr = C_min/C_max in 0…1.
  public static func counterflow(ntu: Double, capacityRatio cr: Double) -> Double {
    precondition(ntu >= 0 && (0...1).contains(cr), "NTU \(ntu), C_r \(cr)")
    if abs(1 - cr) < 1e-12 { return ntu / (1 + ntu) }
    let e = exp(-ntu * (1 - cr))
    return (1 - e) / (1 - cr * e)
  }

  /// Parallel flow: ε = [1 − e^(−NTU(1+C_r))]/(1 + C_r) (Table 11.3).
  public static func parallelFlow(ntu: Double, capacityRatio cr: Double) -> Double {
    precondition(ntu >= 0 && (0...1).contains(cr), "NTU \(ntu), C_r \(cr)")
    return (1 - exp(-ntu * (1 + cr))) / (1 + cr)
  }

  /// Crossflow, both fluids unmixed, exact (the series above, summed until a term adds less than 1e-16 of ε).
  /// At C_r → 0 it tends to 1 − e^(−NTU).
  public static func crossflowUnmixed(ntu: Double, capacityRatio cr: Double) -> Double {
    precondition(ntu >= 0 && ntu <= 200 && (0...1).contains(cr), "NTU \(ntu), C_r \(cr)")
    if ntu == 0 { return 0 }
    if cr < 1e-9 { return 1 - exp(-ntu) }
    let x = ntu, y = cr * ntu
    // Running sums: a_n = e^(−x) Σ_{m≤n} x^m/m!, b_n likewise in y (Poisson cumulative probabilities).
    var termX = exp(-x), termY = exp(-y)
    var a = termX, b = termY
    var sum = 0.0
    var n = 0
    while true {
      let add = (1 - a) * (1 - b)
      sum += add
      if add < 1e-16 * max(sum, 1e-300) || n > 2000 { break }
      n += 1
      termX *= x / Double(n); termY *= y / Double(n)
      a += termX; b += termY
      if a >= 1 || b >= 1 { break }
    }
    return sum / y
  }

  /// Crossflow, both unmixed, the approximate closed form ε = 1 − exp[(1/C_r) NTU^0.22 (e^(−C_r NTU^0.78) − 1)]
  /// (Incropera 6th ed. Table 11.3, eq. 11.32). Kept to show its error; devices use `crossflowUnmixed`.
  public static func crossflowUnmixedApproximate(ntu: Double, capacityRatio cr: Double) -> Double {
    precondition(ntu >= 0 && (0...1).contains(cr), "NTU \(ntu), C_r \(cr)")
    if cr < 1e-9 { return 1 - exp(-ntu) }
    return 1 - exp(pow(ntu, 0.22) / cr * (exp(-cr * pow(ntu, 0.78)) - 1))
  }

  /// The NTU at which exact crossflow-unmixed reaches effectiveness ε, by bisection on 0…200 (ε rises
  /// monotonically with NTU); nil when ε ≤ 0 or ε is at or beyond what NTU = 200 reaches (its limit is < 1 for C_r > 0).
  public static func crossflowUnmixedNTU(effectiveness eps: Double, capacityRatio cr: Double) -> Double? {
    guard eps > 0, eps < crossflowUnmixed(ntu: 200, capacityRatio: cr) else { return nil }
    var lo = 0.0, hi = 200.0
    for _ in 0..<200 {
      let mid = 0.5 * (lo + hi)
      if crossflowUnmixed(ntu: mid, capacityRatio: cr) < eps { lo = mid } else { hi = mid }
      if hi - lo < 1e-13 * hi { break }
    }
    return 0.5 * (lo + hi)
  }
}
