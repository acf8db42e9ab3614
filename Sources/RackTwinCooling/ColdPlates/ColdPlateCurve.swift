import Foundation
import RackTwinNumerics

/// A cold plate's case-to-inlet resistance as a function of coolant flow, in exchanger form:
/// R(ṁ) = R_base + 1/[ṁc_p(1 − e^(−UA/ṁc_p))], UA(ṁ) = UA₀ (ṁ/ṁ₀)^m with m ≥ 0 and R_base ≥ 0.
///
/// DESIGN §3.3 (a). The exchanger term is the ε-NTU relation of a stream past an isothermal wall (Incropera et al.,
/// *Fundamentals of Heat and Mass Transfer*, 6th ed., Eq. 8.45b / 11.35 with C_r = 0): it never falls below the
/// floor 1/(ṁc_p) that a power law R₀(Q₀/Q)ⁿ crosses at low flow. m ≥ 0 keeps UA non-decreasing with flow (a
/// convective conductance rises with velocity); R_base ≥ 0 is a flow-independent base and interface resistance.
/// Coolant properties are those of `coolant` at `temperature`. Flows outside `validMassFlow` (the data's range)
/// are extrapolations: `isExtrapolated` says so, and a device reports it.
public struct ColdPlateCurve: Sendable, Equatable {
  /// Which parameters the fit may move (each needs one more datasheet point).
  public enum Form: Int, Sendable, CaseIterable {
    /// One constant UA (1 point at least).
    case constant = 1
    /// UA₀ (ṁ/ṁ₀)^m, m ≥ 0 (2 points).
    case powerLaw = 2
    /// UA₀ (ṁ/ṁ₀)^m plus R_base ≥ 0 (3 points).
    case powerLawWithBase = 3
  }

  /// How the convective conductance of a plate measured with one coolant is carried over to another.
  public enum FluidScaling: String, Sendable, CaseIterable {
    /// Laminar duct flow: Nu depends on Re and Pr only through the Graetz number Gz = Re·Pr·D_h/L ∝ ṁc_p/(kL)
    /// (thermally developing flow in a given duct; Shah & London 1978, *Laminar Flow Forced Convection in Ducts*,
    /// ch. III; Sieder & Tate 1936, Ind. Eng. Chem. 28, 1429, Nu = 1.86 Gz^(1/3); fully developed Nu constant).
    /// So h ∝ k at equal Gz: UA_new(ṁ) = (k_new/k_old) · UA_old(ṁ · c_p,new k_old / (c_p,old k_new)).
    case laminarGraetz = "laminar-graetz"
    /// Turbulent duct flow, Dittus & Boelter (1930), Nu = 0.023 Re^0.8 Pr^0.4 (Incropera 6th ed. Eq. 8.60): at equal
    /// Re ∝ ṁ/μ, h ∝ k Pr^0.4, so UA_new(ṁ) = (k_new/k_old)(Pr_new/Pr_old)^0.4 · UA_old(ṁ μ_old/μ_new); the flow
    /// dependence is the fitted m, not 0.8.
    case turbulentDittusBoelter = "turbulent-dittus-boelter"
  }

  /// Names the device in messages.
  public let name: String
  public let coolant: Coolant
  /// Temperature of the coolant properties (K).
  public let temperature: Double
  /// The coolant's properties at `temperature`.
  public let properties: CoolantProperties
  /// UA₀, W/K.
  public let referenceConductance: Double
  /// ṁ₀, kg/s: the geometric mean of the fitted flows.
  public let referenceMassFlow: Double
  /// m ≥ 0.
  public let exponent: Double
  /// R_base ≥ 0, K/W.
  public let baseResistance: Double
  /// The mass flows the law rests on (the data's, mapped to this coolant for a transferred curve), kg/s.
  public let validMassFlow: ClosedRange<Double>
  /// ΔP(Q) of the datasheet, with its fluid (for `GenericComponent.rescaled`), or nil.
  public let pressureDropLaw: GenericComponent?
  /// Where the law comes from, one line (the fit and its points, or the scaling from another coolant).
  public let origin: String

  /// A curve with given parameters (for hand-set laws and tests); see `fit` for fitting one to a datasheet.
  public init(name: String, coolant: Coolant, temperature: Double, referenceConductance: Double,
              referenceMassFlow: Double, exponent: Double = 0, baseResistance: Double = 0,
              validMassFlow: ClosedRange<Double>, pressureDropLaw: GenericComponent? = nil, origin: String) throws {
    let location = "cold plate \(name)"
    guard referenceConductance > 0, referenceMassFlow > 0, exponent >= 0, baseResistance >= 0,
          referenceConductance.isFinite, exponent.isFinite, baseResistance.isFinite, validMassFlow.lowerBound > 0 else {
      throw CoolingError.invalidInput(location: location, expected: "UA₀ > 0, ṁ₀ > 0, m ≥ 0, R_base ≥ 0",
                                      found: "UA₀ \(referenceConductance) W/K, ṁ₀ \(referenceMassFlow) kg/s, "
                                        + "m \(exponent), R_base \(baseResistance) K/W")
    }
    self.name = name
    self.coolant = coolant
    self.temperature = temperature
    self.properties = try coolant.properties(at: temperature, context: location)
    self.referenceConductance = referenceConductance
    self.referenceMassFlow = referenceMassFlow
    self.exponent = exponent
    self.baseResistance = baseResistance
    self.validMassFlow = validMassFlow
    self.pressureDropLaw = pressureDropLaw
    self.origin = origin
  }

  /// UA(ṁ), W/K.
  public func conductance(massFlow m: Double) -> Double {
    referenceConductance * pow(m / referenceMassFlow, exponent)
  }

  /// R(ṁ), K/W: R_base + 1/[ṁc_p(1 − e^(−UA/ṁc_p))].
  public func resistance(massFlow m: Double) -> Double {
    let c = m * properties.specificHeat
    return baseResistance + 1 / (c * -expm1(-conductance(massFlow: m) / c))
  }

  /// R at a volume flow (m³/s) of the coolant at `temperature`, K/W.
  public func resistance(volumeFlow q: Double) -> Double { resistance(massFlow: q * properties.density) }

  /// The single conductance UA_eff of an isothermal-wall exchanger with the whole resistance R(ṁ) (R_base folded
  /// in): 1/[ṁc_p(1 − e^(−UA_eff/ṁc_p))] = R(ṁ), so UA_eff = −ṁc_p ln(1 − 1/(ṁc_p R)), W/K. A plate spread over a
  /// patch uses it, so an isothermal patch reproduces R(ṁ) exactly.
  public func effectiveConductance(massFlow m: Double) -> Double {
    let c = m * properties.specificHeat
    return -c * log1p(-1 / (c * resistance(massFlow: m)))
  }

  /// Whether ṁ lies outside the flows the law rests on.
  public func isExtrapolated(massFlow m: Double) -> Bool { !validMassFlow.contains(m) }

  /// ΔP (Pa) at mass flow ṁ of `coolant` at `temperature` (the datasheet law rescaled to it), or nil.
  public func pressureDrop(massFlow m: Double) -> Double? {
    guard let law = pressureDropLaw else { return nil }
    let (a, b) = law.rescaled(density: properties.density, viscosity: properties.viscosity)
    let q = m / properties.density
    return a * q + b * pow(q, law.exponent)
  }

  /// Relative error (R_model − R_data)/R_data at each point of `datasheet`, in its flow order; the datasheet's coolant
  /// must be this curve's (its flows are volume flows at this curve's temperature).
  public func relativeErrors(on datasheet: ColdPlateDatasheet) -> [Double] {
    datasheet.points.map { (resistance(volumeFlow: $0.volumeFlow) - $0.resistance) / $0.resistance }
  }

  /// Fits the law to a datasheet by least squares on the relative errors of R (Levenberg–Marquardt, normal
  /// equations solved by LAPACK), with the bounds m ≥ 0, R_base ≥ 0 held by trying each set of bounds active and
  /// keeping the feasible optimum with the least squared error.
  /// - Throws: `CoolingError.invalidInput` naming the device when the datasheet has fewer points than `form` has
  ///   parameters.
  public static func fit(_ datasheet: ColdPlateDatasheet, form: Form = .powerLawWithBase) throws -> ColdPlateCurve {
    let location = "cold plate \(datasheet.name)"
    guard datasheet.points.count >= form.rawValue else {
      throw CoolingError.invalidInput(
        location: location, expected: "at least \(form.rawValue) (flow, R) points for the \(form) fit",
        found: "\(datasheet.points.count)")
    }
    let props = try datasheet.coolant.properties(at: datasheet.temperature, context: location)
    let mass = datasheet.points.map { $0.volumeFlow * props.density }
    let r = datasheet.points.map(\.resistance)
    let cp = props.specificHeat
    let m0 = exp(mass.map { log($0) }.reduce(0, +) / Double(mass.count))
    // Start from the median of the UA each point implies with R_base = 0.
    let implied = zip(mass, r).map { m, rr -> Double in let c = m * cp; return -c * log1p(-1 / (c * rr)) }.sorted()
    let ua0 = implied[implied.count / 2]
    let minMargin = zip(mass, r).map { $1 - 1 / ($0 * cp) }.min()!
    var freeSets: [[Parameter]] = [[.logUA]]
    if form != .constant { freeSets.append([.logUA, .exponent]) }
    if form == .powerLawWithBase { freeSets += [[.logUA, .base], [.logUA, .exponent, .base]] }
    var best: (sse: Double, p: [Double])?
    for free in freeSets {
      let start = [log(ua0), 0.2, 0.2 * minMargin]
      let p = levenbergMarquardt(start: start, free: free, mass: mass, r: r, cp: cp, m0: m0)
      guard p[1] >= 0, p[2] >= 0, p.allSatisfy(\.isFinite) else { continue }
      let sse = residuals(p, mass: mass, r: r, cp: cp, m0: m0).reduce(0) { $0 + $1 * $1 }
      if best == nil || sse < best!.sse { best = (sse, p) }
    }
    let p = best!.p
    let flows = datasheet.points.map { String(format: "%.4g", $0.volumeFlow * 60_000) }.joined(separator: ", ")
    return try ColdPlateCurve(
      name: datasheet.name, coolant: datasheet.coolant, temperature: datasheet.temperature,
      referenceConductance: exp(p[0]), referenceMassFlow: m0, exponent: p[1], baseResistance: p[2],
      validMassFlow: mass.first!...mass.last!,
      pressureDropLaw: datasheet.pressureDrop.map {
        GenericComponent(linear: $0.linear, coefficient: $0.coefficient, exponent: $0.exponent,
                         datasheetFluid: (props.density, props.viscosity))
      },
      origin: "\(form) fit to \(datasheet.points.count) points of \(datasheet.coolant.name) at [\(flows)] L/min")
  }

  /// The plate with another coolant at `temperature`: R_base kept (conduction), the convective UA carried over by
  /// `scaling`; the valid flows are the data's, mapped by the same rule.
  public func transferred(to other: Coolant, temperature t: Double, scaling: FluidScaling = .laminarGraetz) throws
    -> ColdPlateCurve {
    let new = try other.properties(at: t, context: "cold plate \(name)")
    let old = properties
    // UA_new(ṁ) = factor · UA_old(λ ṁ): with the power law, UA₀' = factor · UA₀ · λ^m.
    let factor: Double
    let lambda: Double
    switch scaling {
    case .laminarGraetz:
      factor = new.conductivity / old.conductivity
      lambda = new.specificHeat * old.conductivity / (old.specificHeat * new.conductivity)
    case .turbulentDittusBoelter:
      factor = new.conductivity / old.conductivity * pow(new.prandtl / old.prandtl, 0.4)
      lambda = old.viscosity / new.viscosity
    }
    return try ColdPlateCurve(
      name: name, coolant: other, temperature: t,
      referenceConductance: factor * referenceConductance * pow(lambda, exponent), referenceMassFlow: referenceMassFlow,
      exponent: exponent, baseResistance: baseResistance,
      validMassFlow: (validMassFlow.lowerBound / lambda)...(validMassFlow.upperBound / lambda),
      pressureDropLaw: pressureDropLaw,
      origin: "\(origin), carried to \(other.name) by the \(scaling.rawValue) rule")
  }

  enum Parameter { case logUA, exponent, base }

  /// Relative residuals for parameters p = (ln UA₀, m, R_base).
  static func residuals(_ p: [Double], mass: [Double], r: [Double], cp: Double, m0: Double) -> [Double] {
    zip(mass, r).map { m, rr in
      let c = m * cp
      let ua = exp(p[0]) * pow(m / m0, p[1])
      return (p[2] + 1 / (c * -expm1(-ua / c)) - rr) / rr
    }
  }

  /// Levenberg–Marquardt on the free parameters; the others stay at 0 (m, R_base) as the active bounds.
  static func levenbergMarquardt(start: [Double], free: [Parameter], mass: [Double], r: [Double], cp: Double,
                                 m0: Double) -> [Double] {
    var p = start
    if !free.contains(.exponent) { p[1] = 0 }
    if !free.contains(.base) { p[2] = 0 }
    let index: [Int] = free.map { switch $0 { case .logUA: 0; case .exponent: 1; case .base: 2 } }
    let n = index.count
    var res = residuals(p, mass: mass, r: r, cp: cp, m0: m0)
    var sse = res.reduce(0) { $0 + $1 * $1 }
    var lambda = 1e-3
    for _ in 0..<500 {
      // Jacobian of the relative residuals: ∂R/∂UA = −e^(−N)/[C²(1 − e^(−N))²], N = UA/C.
      var jac = [[Double]](repeating: [Double](repeating: 0, count: n), count: mass.count)
      for (i, m) in mass.enumerated() {
        let c = m * cp
        let ua = exp(p[0]) * pow(m / m0, p[1])
        let e = exp(-ua / c)
        let dRdUA = -e / (c * c * (1 - e) * (1 - e))
        for (j, k) in index.enumerated() {
          switch k {
          case 0: jac[i][j] = dRdUA * ua / r[i]
          case 1: jac[i][j] = dRdUA * ua * log(m / m0) / r[i]
          default: jac[i][j] = 1 / r[i]
          }
        }
      }
      var jtj = [Double](repeating: 0, count: n * n)
      var jtr = [Double](repeating: 0, count: n)
      for i in 0..<mass.count {
        for a in 0..<n {
          jtr[a] += jac[i][a] * res[i]
          for b in 0..<n { jtj[a * n + b] += jac[i][a] * jac[i][b] }
        }
      }
      var improved = false
      while lambda < 1e12 {
        var damped = jtj
        for a in 0..<n { damped[a * n + a] += lambda * max(jtj[a * n + a], 1e-300) }
        guard let step = try? DenseLinearAlgebra.solveLU(damped, n: n, jtr.map { -$0 }) else { lambda *= 10; continue }
        var trial = p
        for (j, k) in index.enumerated() { trial[k] += step[j] }
        let tr = residuals(trial, mass: mass, r: r, cp: cp, m0: m0)
        let tsse = tr.reduce(0) { $0 + $1 * $1 }
        if tsse.isFinite && tsse < sse {
          let gain = sse - tsse
          p = trial
          res = tr
          sse = tsse
          lambda = max(lambda / 3, 1e-12)
          improved = gain > 1e-15 * max(sse, 1e-30)
          break
        }
        lambda *= 4
      }
      if !improved { break }
    }
    return p
  }
}
