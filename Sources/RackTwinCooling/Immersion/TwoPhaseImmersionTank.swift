import Foundation

/// A two-phase immersion tank: components boil a dielectric at its saturation temperature T_sat(p); a water-cooled
/// condenser coil in the vapour space returns the vapour as liquid.
///
/// Components: T_surface = T_sat(p) + ΔT_e, the Rohsenow (1952) superheat at the surface's heat flux P/A_b
/// (Incropera et al. 2007, 6th ed., eq. 10.5; `rohsenowSuperheat`) with the surface–fluid constant C_sf and
/// exponent n given per surface (defaults in `BoilingSurface`). The heat sink or boiling-enhancement coating sets the
/// boiling area A_b; q''/q''_CHF against Zuber's (1959) critical heat flux (Incropera eq. 10.6, C = π/24) is reported
/// as the risk quantity — a bare die at hundreds of watts exceeds it (dry-out; the Rohsenow temperature is then not
/// valid and is flagged). Condenser: the condensing side has C_r = 0, so its capacity at T_sat is
/// Q = (1 − e^(−UA/ṁ_w c_p)) ṁ_w c_p (T_sat − T_w,in) (Incropera eq. 11.35a). A load above it is a reported state:
/// vapour builds up, with the margin and the pressure at which the condenser would hold the load. A bath asked to
/// run below T_sat(p) while its components boil is an error: that is subcooled boiling, not this model.
public struct TwoPhaseImmersionTank: Sendable {
  /// A boiling surface and its Rohsenow constants.
  public struct BoilingSurface: Sendable {
    public var name: String
    /// Heat (W), boiling area A_b (m²), junction-to-surface resistance (K/W).
    public var power: Double
    public var area: Double
    public var junctionResistance: Double
    /// Rohsenow C_sf and n. Defaults C_sf = 0.005, n = 1.7: n = 1.7 is Rohsenow's value for fluids other than
    /// water (Incropera Table 10.1); C_sf = 0.005 is an assumption within the 0.0025–0.015 Table 10.1 lists for
    /// organic fluids on metals (isopropanol–copper 0.0025, n-pentane–copper 0.0154) — no fitted value for HFE-7100
    /// is built in, and ΔT_e ∝ C_sf, so calibrate it to the surface's data.
    public var csf: Double
    public var n: Double

    public init(name: String, power: Double, area: Double, junctionResistance: Double = 0, csf: Double = 0.005,
                n: Double = 1.7) {
      self.name = name
      self.power = power
      self.area = area
      self.junctionResistance = junctionResistance
      self.csf = csf
      self.n = n
    }
  }

  /// The condenser coil: UA (W/K), water mass flow (kg/s) and supply temperature (K).
  public struct Condenser: Sendable, Equatable {
    public var ua: Double
    public var waterFlow: Double
    public var waterSupplyTemperature: Double
    public init(ua: Double, waterFlow: Double, waterSupplyTemperature: Double) {
      self.ua = ua
      self.waterFlow = waterFlow
      self.waterSupplyTemperature = waterSupplyTemperature
    }
  }

  /// A surface's boiling state.
  public struct SurfaceState: Sendable, Equatable {
    public var name: String
    /// Heat flux q'' (W/m²), superheat ΔT_e (K), surface and junction temperatures (K).
    public var heatFlux: Double
    public var superheat: Double
    public var surfaceTemperature: Double
    public var junctionTemperature: Double
    /// q''/q''_CHF and whether it is ≥ 1 (the temperatures are then not valid: film boiling, dry-out).
    public var chfRatio: Double
    public var exceedsCHF: Bool
  }

  /// The tank's state.
  public struct State: Sendable, Equatable {
    /// Vapour-space pressure (Pa) and its saturation temperature (K).
    public var pressure: Double
    public var saturationTemperature: Double
    /// Zuber's q''_CHF (W/m²) at this pressure.
    public var criticalHeatFlux: Double
    public var surfaces: [SurfaceState]
    /// Load (W), vapour generated (kg/s), condenser capacity at T_sat (W), margin = capacity − load (W) and over load.
    public var load: Double
    public var vapourGeneration: Double
    public var condenserCapacity: Double
    public var condenserMargin: Double
    public var condenserMarginFraction: Double
    /// The load exceeds the condenser: vapour accumulates and the pressure rises.
    public var vapourBuildUp: Bool
    /// The pressure (Pa) at which the condenser would hold the load, and its T_sat (K); nil beyond the fluid's data.
    public var holdingPressure: Double?
    public var holdingSaturationTemperature: Double?
    /// Heat the condenser water takes (W: the load, or the capacity when vapour builds up) and its return (K).
    public var heatToWater: Double
    public var waterReturnTemperature: Double
  }

  public var name: String
  public var coolant: Coolant
  public var saturation: SaturationCurve
  public var pressure: Double
  public var surfaces: [BoilingSurface]
  public var condenser: Condenser
  /// Zuber constant (π/24; 0.149 for Lienhard & Dhir's large-plate value).
  public var chfConstant: Double

  /// Throws when the coolant has no saturation data, the pressure is outside it, a surface has no area, the condenser
  /// has no water, or `liquidTemperature` (K, when given) is more than 0.5 K below T_sat(p): a bath below saturation
  /// cannot boil at T_sat.
  public init(name: String = "twoPhase", coolant: Coolant, pressure: Double, liquidTemperature: Double? = nil,
              surfaces: [BoilingSurface], condenser: Condenser, chfConstant: Double = Double.pi / 24) throws {
    guard let sat = coolant.saturation else {
      throw CoolingError.invalidInput(location: "\(name).coolant", expected: "a two-phase fluid with saturation data (hfe7100)",
                                      found: "\(coolant.name), a single-phase fluid")
    }
    let tSat = try sat.saturationTemperature(at: pressure)
    if let t = liquidTemperature, t < tSat - 0.5 {
      throw CoolingError.invalidInput(location: "\(name).liquidTemperature",
        expected: "the bath at its saturation temperature \(celsius(tSat)) at \(kPa(pressure)) (components boil there; "
          + "a subcooled bath is not a two-phase tank: raise the bath temperature, lower the pressure, or model it single-phase)",
        found: "\(celsius(t)), \(String(format: "%.2f", tSat - t)) K below saturation")
    }
    for (i, s) in surfaces.enumerated() {
      guard s.power >= 0, s.area > 0, s.csf > 0, s.n > 0, s.junctionResistance >= 0 else {
        throw CoolingError.invalidInput(location: "\(name).surfaces.\(i)", expected: "power ≥ 0, boiling area > 0, C_sf and n > 0",
                                        found: "\(s.name): \(s.power) W on \(s.area) m², C_sf \(s.csf), n \(s.n)")
      }
    }
    guard condenser.waterFlow > 0, condenser.ua > 0 else {
      throw CoolingError.invalidInput(location: "\(name).condenser", expected: "a water flow > 0 kg/s and UA > 0 W/K",
                                      found: "\(condenser.waterFlow) kg/s, \(condenser.ua) W/K")
    }
    self.name = name
    self.coolant = coolant
    self.saturation = sat
    self.pressure = pressure
    self.surfaces = surfaces
    self.condenser = condenser
    self.chfConstant = chfConstant
  }

  /// Condenser capacity (W) with the vapour at T_sat (K).
  public func condenserCapacity(saturationTemperature t: Double) throws -> Double {
    let cw = condenser.waterFlow * (try Coolant.water.specificHeat(at: condenser.waterSupplyTemperature))
    return (1 - exp(-condenser.ua / cw)) * cw * max(t - condenser.waterSupplyTemperature, 0)
  }

  public func state() throws -> State {
    let tSat = try saturation.saturationTemperature(at: pressure)
    let props = try BoilingFluidProperties(coolant: coolant, saturationTemperature: tSat)
    let chf = zuberCriticalHeatFlux(props, constant: chfConstant)
    let states = surfaces.map { s -> SurfaceState in
      let q = s.power / s.area
      let dt = rohsenowSuperheat(heatFlux: q, liquid: props, csf: s.csf, n: s.n)
      return SurfaceState(name: s.name, heatFlux: q, superheat: dt, surfaceTemperature: tSat + dt,
                          junctionTemperature: tSat + dt + s.power * s.junctionResistance, chfRatio: q / chf,
                          exceedsCHF: q >= chf)
    }
    let load = surfaces.reduce(0) { $0 + $1.power }
    let capacity = try condenserCapacity(saturationTemperature: tSat)
    let cw = condenser.waterFlow * (try Coolant.water.specificHeat(at: condenser.waterSupplyTemperature))
    let eps = 1 - exp(-condenser.ua / cw)
    // T_sat at which capacity = load, and its pressure if the fluid's data reach it.
    let tHold = condenser.waterSupplyTemperature + load / (eps * cw)
    var pHold: Double?
    if saturation.temperatureRange.contains(tHold) { pHold = try saturation.saturationPressure(at: tHold) }
    let toWater = min(load, capacity)
    return State(pressure: pressure, saturationTemperature: tSat, criticalHeatFlux: chf, surfaces: states, load: load,
                 vapourGeneration: load / props.latentHeat, condenserCapacity: capacity,
                 condenserMargin: capacity - load, condenserMarginFraction: load > 0 ? (capacity - load) / load : .infinity,
                 vapourBuildUp: load > capacity, holdingPressure: pHold, holdingSaturationTemperature: pHold == nil ? nil : tHold,
                 heatToWater: toWater, waterReturnTemperature: condenser.waterSupplyTemperature + toWater / cw)
  }
}
