import Foundation

// Pool boiling: nucleate boiling (Rohsenow) and the critical heat flux (Zuber).

/// Nucleate pool-boiling heat flux at excess temperature ΔT_e = T_s − T_sat, Rohsenow (1952).
///
/// Rohsenow (1952), Trans. ASME 74, 969; Incropera et al. (2007), 6th ed., eq. 10.5:
/// q'' = μ_l h_fg [g(ρ_l − ρ_v)/σ]^(1/2) [c_p,l ΔT_e/(C_sf h_fg Pr_l^n)]³. C_sf and n depend on the surface–fluid pair
/// (Table 10.1: n = 1 for water, 1.7 for other fluids); about ±100 % in q'' (±30 % in ΔT_e) for a given pair.
public func rohsenowHeatFlux(excessTemperature dT: Double, liquid: BoilingFluidProperties, csf: Double,
                             n: Double, gravity g: Double = 9.80665) -> Double {
  precondition(dT >= 0 && csf > 0 && n > 0, "Rohsenow: ΔT_e \(dT), C_sf \(csf), n \(n)")
  let p = liquid
  let ratio = p.liquidSpecificHeat * dT / (csf * p.latentHeat * pow(p.liquidPrandtl, n))
  return p.liquidViscosity * p.latentHeat * (g * (p.liquidDensity - p.vapourDensity) / p.surfaceTension).squareRoot()
    * ratio * ratio * ratio
}

/// The excess temperature ΔT_e (K) at which Rohsenow's correlation carries heat flux q'' (W/m²): its inverse,
/// ΔT_e = (C_sf h_fg Pr_l^n / c_p,l) {q'' / (μ_l h_fg [g(ρ_l − ρ_v)/σ]^(1/2))}^(1/3) (Incropera eq. 10.5 solved for ΔT_e).
public func rohsenowSuperheat(heatFlux q: Double, liquid: BoilingFluidProperties, csf: Double, n: Double,
                              gravity g: Double = 9.80665) -> Double {
  precondition(q >= 0 && csf > 0 && n > 0, "Rohsenow: q'' \(q), C_sf \(csf), n \(n)")
  let p = liquid
  let scale = p.liquidViscosity * p.latentHeat * (g * (p.liquidDensity - p.vapourDensity) / p.surfaceTension).squareRoot()
  return csf * p.latentHeat * pow(p.liquidPrandtl, n) / p.liquidSpecificHeat * cbrt(q / scale)
}

/// Critical (maximum) heat flux of saturated pool boiling on a large horizontal surface, Zuber (1959).
///
/// Zuber (1959), AECU-4439; Incropera et al. (2007), 6th ed., eq. 10.6:
/// q''_max = C h_fg ρ_v [σ g (ρ_l − ρ_v)/ρ_v²]^(1/4), Zuber's C = π/24 ≈ 0.131 (Lienhard & Dhir 1973 give 0.149 for
/// large horizontal plates, the value of Incropera's eq. 10.6). Pass `constant` to choose.
public func zuberCriticalHeatFlux(_ p: BoilingFluidProperties, constant c: Double = Double.pi / 24,
                                  gravity g: Double = 9.80665) -> Double {
  precondition(c > 0, "Zuber: C \(c)")
  let group = p.surfaceTension * g * (p.liquidDensity - p.vapourDensity) / (p.vapourDensity * p.vapourDensity)
  return c * p.latentHeat * p.vapourDensity * pow(group, 0.25)
}

/// The saturated-liquid and vapour properties pool-boiling correlations need, SI.
public struct BoilingFluidProperties: Sendable, Equatable {
  /// ρ_l, ρ_v (kg/m³).
  public var liquidDensity: Double
  public var vapourDensity: Double
  /// μ_l (Pa·s), c_p,l (J/kg/K), Pr_l.
  public var liquidViscosity: Double
  public var liquidSpecificHeat: Double
  public var liquidPrandtl: Double
  /// h_fg (J/kg), σ (N/m).
  public var latentHeat: Double
  public var surfaceTension: Double

  public init(liquidDensity: Double, vapourDensity: Double, liquidViscosity: Double, liquidSpecificHeat: Double,
              liquidPrandtl: Double, latentHeat: Double, surfaceTension: Double) {
    self.liquidDensity = liquidDensity
    self.vapourDensity = vapourDensity
    self.liquidViscosity = liquidViscosity
    self.liquidSpecificHeat = liquidSpecificHeat
    self.liquidPrandtl = liquidPrandtl
    self.latentHeat = latentHeat
    self.surfaceTension = surfaceTension
  }

  /// A two-phase coolant's properties at saturation temperature T (K): liquid from its table, h_fg, σ and ρ_v from
  /// its saturation curve. The liquid table may end up to 0.5 K below T (hfe7100's ends at 61.0 °C, its vapour-pressure
  /// fit gives 61.3 °C at 1 atm): the end row is used there. Throws when the coolant has no saturation curve or T is
  /// outside its data by more.
  public init(coolant: Coolant, saturationTemperature t: Double) throws {
    guard let sat = coolant.saturation else {
      throw CoolingError.invalidInput(location: "coolant \(coolant.name)", expected: "a two-phase fluid with saturation data",
                                      found: "a single-phase fluid")
    }
    let top = coolant.range.upperBound
    let l = try coolant.properties(at: t > top && t <= top + 0.5 ? top : t, context: "boiling liquid at saturation")
    self.init(liquidDensity: l.density, vapourDensity: try sat.vapourDensity(at: t), liquidViscosity: l.viscosity,
              liquidSpecificHeat: l.specificHeat, liquidPrandtl: l.viscosity * l.specificHeat / l.conductivity,
              latentHeat: try sat.latentHeat(at: t), surfaceTension: try sat.surfaceTension(at: t))
  }
}
