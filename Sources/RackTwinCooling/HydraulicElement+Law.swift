import Foundation

extension HydraulicElement.Kind {
  /// Pressure drop p_from − p_to (Pa) at volume flow Q (m³/s) and its derivative dΔP/dQ, for a fluid of density ρ
  /// and viscosity μ; `nil` for a fixed-flow pump (its flow is known, its pressure follows).
  func pressureDrop(flow q: Double, density rho: Double, viscosity mu: Double) -> (drop: Double, slope: Double)? {
    switch self {
    case let .pipe(p):
      let area = Double.pi * p.diameter * p.diameter / 4
      let re = rho * abs(q) / area * p.diameter / mu
      let dynamic = rho / (2 * area * area)  // ΔP = (fL/D + K) · dynamic · Q²
      let minor = quadratic(p.minorLoss * dynamic, q)
      if re < 1 {
        // Churchill equals 64/Re to machine precision here: Hagen–Poiseuille, linear in Q.
        let r = 128 * mu * p.length / (Double.pi * pow(p.diameter, 4))
        return (r * q + minor.drop, r + minor.slope)
      }
      let eps = p.roughness / p.diameter
      let f = churchillFrictionFactor(reynolds: re, relativeRoughness: eps)
      let h = 1e-6
      let reDf = (churchillFrictionFactor(reynolds: re * (1 + h), relativeRoughness: eps)
        - churchillFrictionFactor(reynolds: re * (1 - h), relativeRoughness: eps)) / (2 * h)  // Re·df/dRe
      let c = p.length / p.diameter * dynamic
      return (c * f * abs(q) * q + minor.drop, c * abs(q) * (2 * f + reDf) + minor.slope)
    case let .fitting(f):
      let area = Double.pi * f.diameter * f.diameter / 4
      return quadratic(f.lossCoefficient * rho / (2 * area * area), q)
    case let .valve(v):
      // ΔP = 1e5 Pa · (ρ/1000) · (Q·3600 / K_v)²: K_v in m³/h at 1 bar (IEC 60534-2-1).
      let kv = v.flowCoefficient * v.opening / 3600
      return quadratic(1e5 * rho / 1000 / (kv * kv), q)
    case let .component(c):
      let (a, b) = c.rescaled(density: rho, viscosity: mu)
      let power = powerLaw(b, q, c.exponent)
      return (a * q + power.drop, a + power.slope)
    case let .pump(p):
      guard let r = p.rise(flow: q) else { return nil }
      return (-r.rise, -r.slope)
    case let .tabulated(t):
      // Continued linearly below the regularisation flow, like the other laws, so the slope stays positive.
      let qe = HydraulicElement.Kind.regularisationFlow
      if abs(q) >= qe {
        let (dp, n) = t.drop(flow: abs(q))
        return (q < 0 ? -dp : dp, n * dp / abs(q))
      }
      let (dp, _) = t.drop(flow: qe)
      return (dp / qe * q, dp / qe)
    }
  }
}

/// c |Q| Q, continued linearly (c q_ε Q) below the regularisation flow q_ε.
private func quadratic(_ c: Double, _ q: Double) -> (drop: Double, slope: Double) {
  powerLaw(c, q, 2)
}

/// c |Q|^(n−1) Q, continued linearly below the regularisation flow so the slope stays positive at Q = 0.
private func powerLaw(_ c: Double, _ q: Double, _ n: Double) -> (drop: Double, slope: Double) {
  if c == 0 { return (0, 0) }
  let qe = HydraulicElement.Kind.regularisationFlow
  if abs(q) >= qe {
    let m = pow(abs(q), n - 1)
    return (c * m * q, n * c * m)
  }
  let m = pow(qe, n - 1)
  return (c * m * q, c * m)
}
