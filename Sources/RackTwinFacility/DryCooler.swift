import Foundation

/// A dry cooler (closed-circuit finned coil with fans) cooling facility water with ambient air, fan speed
/// modulated to hold the water's leaving temperature.
///
/// Crossflow, both streams unmixed: ε–NTU of Incropera et al. (2007) Table 11.3. UA is sized at the design point
/// (capacity, design ambient dry bulb, water in/out, air temperature rise). Off design the air flow is a fraction x
/// of design, C_air = x C_air,d and UA = UA_d x^0.6: the air-side film dominates a finned coil and its coefficient
/// grows as Re^0.6 (Colburn j ∝ Re^−0.4, the typical slope of the finned-tube surfaces in Kays & London 1984,
/// *Compact Heat Exchangers*). Fan power P = P_d x³ (fan affinity laws, fixed system). Below `minimumAirFraction`
/// the fans stop modulating and the water is mixed back up to the set point (no saving below it).
public struct DryCooler: Sendable, Equatable {
  /// Heat rejected at the design point (W).
  public private(set) var designHeat: Double
  /// Ambient dry bulb at the design point (K).
  public let designAmbient: Double
  /// Water in and out at the design point (K).
  public let designWaterIn: Double
  public let designWaterOut: Double
  /// Fan electrical power at full speed (W).
  public private(set) var designFanPower: Double
  /// Air capacity rate ṁ c_p at full speed (W/K) and UA at full speed (W/K), sized.
  public private(set) var designAirCapacity: Double
  public private(set) var designUA: Double
  /// Smallest fan speed fraction (default 0.1).
  public let minimumAirFraction: Double

  /// Sizes the coil. `airRise` is the air's temperature rise at the design point (default 10 K).
  public init(designHeat: Double, designAmbient: Double, designWaterIn: Double, designWaterOut: Double,
              airRise: Double = 10, designFanPower: Double, minimumAirFraction: Double = 0.1) throws {
    guard designHeat > 0, airRise > 0, designFanPower >= 0, designWaterIn > designWaterOut,
          designWaterOut > designAmbient else {
      throw FacilityError.invalidInput(
        location: "dryCooler", expected: "heat > 0, air rise > 0, water in > water out > design ambient",
        found: "\(designHeat) W, \(airRise) K, water \(fmt(designWaterIn - 273.15))→\(fmt(designWaterOut - 273.15)) °C, "
          + "ambient \(fmt(designAmbient - 273.15)) °C")
    }
    let cw = designHeat / (designWaterIn - designWaterOut), ca = designHeat / airRise
    let cmin = min(cw, ca), cr = cmin / max(cw, ca)
    let eps = designHeat / (cmin * (designWaterIn - designAmbient))
    guard eps < 1, let ntu = ExchangerEffectiveness.crossflowUnmixedNTU(effectiveness: eps, capacityRatio: cr) else {
      throw FacilityError.invalidInput(
        location: "dryCooler", expected: "a design point a crossflow coil can reach",
        found: "effectiveness \(fmt(eps, 3)) (water out \(fmt(designWaterOut - 273.15)) °C with air in "
          + "\(fmt(designAmbient - 273.15)) °C rising \(fmt(airRise)) K)")
    }
    self.designHeat = designHeat
    self.designAmbient = designAmbient
    self.designWaterIn = designWaterIn
    self.designWaterOut = designWaterOut
    self.designFanPower = designFanPower
    self.designAirCapacity = ca
    self.designUA = ntu * cmin
    self.minimumAirFraction = minimumAirFraction
  }

  /// Leaving water temperature (K) at air fraction x, water capacity rate cw (W/K), water in and ambient (K).
  public func leavingWater(airFraction x: Double, waterCapacity cw: Double, waterIn: Double, ambient: Double) -> Double {
    guard waterIn > ambient else { return waterIn }
    let ca = designAirCapacity * x, ua = designUA * pow(x, 0.6)
    let cmin = min(cw, ca), cr = cmin / max(cw, ca)
    let eps = ExchangerEffectiveness.crossflowUnmixed(ntu: ua / cmin, capacityRatio: cr)
    return waterIn - eps * cmin * (waterIn - ambient) / cw
  }

  /// Cools water from `waterIn` toward `target` (K) at ambient dry bulb `ambient` (K): the lowest fan speed that
  /// reaches the target, or full speed when it cannot (partial free cooling).
  public func operate(waterCapacity cw: Double, waterIn: Double, target: Double, ambient: Double) -> RejectionState {
    let full = leavingWater(airFraction: 1, waterCapacity: cw, waterIn: waterIn, ambient: ambient)
    if waterIn <= target { return RejectionState(leaving: waterIn, fanPower: 0, airFraction: 0, water: 0) }
    if full >= waterIn { return RejectionState(leaving: waterIn, fanPower: 0, airFraction: 0, water: 0) }
    if full > target {
      return RejectionState(leaving: full, fanPower: designFanPower, airFraction: 1, water: 0)
    }
    var lo = minimumAirFraction, hi = 1.0
    if leavingWater(airFraction: lo, waterCapacity: cw, waterIn: waterIn, ambient: ambient) <= target {
      return RejectionState(leaving: target, fanPower: designFanPower * pow(lo, 3), airFraction: lo, water: 0)
    }
    for _ in 0..<60 {
      let mid = 0.5 * (lo + hi)
      if leavingWater(airFraction: mid, waterCapacity: cw, waterIn: waterIn, ambient: ambient) > target {
        lo = mid
      } else {
        hi = mid
      }
    }
    return RejectionState(leaving: target, fanPower: designFanPower * pow(hi, 3), airFraction: hi, water: 0)
  }

  /// The same coil and fans scaled in size by `s` (heat, air flow, UA and fan power alike): the same design
  /// approach and specific fan power for a smaller or larger duty.
  public func scaled(_ s: Double) -> DryCooler {
    var c = self
    c.designHeat *= s
    c.designFanPower *= s
    c.designAirCapacity *= s
    c.designUA *= s
    return c
  }

  /// Fan power per watt rejected at the design point (W/W): the cost of rejecting a chiller's condenser heat.
  public var specificFanPower: Double { designFanPower / designHeat }
}

/// What a heat-rejection unit does in one hour (K, W, kg/s).
public struct RejectionState: Sendable, Equatable {
  /// Water leaving the unit (K).
  public var leaving: Double
  /// Fan electrical power (W).
  public var fanPower: Double
  /// Air flow as a fraction of design.
  public var airFraction: Double
  /// Water consumed: evaporation plus blowdown (kg/s); 0 for dry units.
  public var water: Double
}
