import Foundation

/// An open cooling tower on wet bulb, feeding the facility water through a plate exchanger, fan speed modulated to
/// hold the leaving temperature; its water use is evaporation plus blowdown.
///
/// Counterflow tower effectiveness model of Braun, Klein & Mitchell (1989), "Effectiveness models for cooling towers
/// and cooling coils", *ASHRAE Transactions* 95(2): the tower as an exchanger between water and an equivalent
/// "saturated-air" stream, c_s = Δh_sat/ΔT_w, m* = ṁ_a c_s/(ṁ_w c_pw), ε_a = counterflow ε(NTU, m*) on the air side,
/// Q = ε_a ṁ_a (h_sat(T_w,in) − h_a,in). NTU is sized at the design point and scales as
/// NTU = NTU_d (ṁ_w/ṁ_a ÷ design)^(1+n) with the tower-characteristic exponent n = −0.6 (KaV/L ∝ (L/G)^n,
/// ASHRAE Handbook—HVAC Systems and Equipment (2016) ch. 40). Air leaves saturated at its leaving enthalpy (Braun's
/// assumption); evaporation E = ṁ_a (W_out − W_in) from the psychrometrics of ASHRAE Fundamentals ch. 1. Blowdown
/// B = E/(N − 1) for N cycles of concentration (dissolved-solids balance; US DOE FEMP, *Best Management Practice
/// #10: Cooling Tower Management*; default N = 5, drift neglected). Fan power P = P_d x³ at air fraction x.
public struct CoolingTower: Sendable, Equatable {
  /// Heat rejected at the design point (W).
  public private(set) var designHeat: Double
  /// Design wet bulb (K) and approach (tower leaving water − wet bulb, K).
  public let designWetBulb: Double
  public let designApproach: Double
  /// Tower water range at design (K): in − out.
  public let designRange: Double
  /// Plate-exchanger approach between the tower water and the facility water (K).
  public let exchangerApproach: Double
  /// Fan power at full speed (W).
  public private(set) var designFanPower: Double
  /// Cycles of concentration N (> 1).
  public let cycles: Double
  /// Design water and air mass flows (kg/s), sized NTU.
  public private(set) var designWaterFlow: Double
  public private(set) var designAirFlow: Double
  public let designNTU: Double
  public let minimumAirFraction: Double
  /// Specific heat of the tower water (J/kg/K), constant.
  public static let waterSpecificHeat = 4186.0
  static let exponent = -0.6

  /// Sizes the tower. `waterToAirRatio` is L/G at design (default 1.2).
  public init(designHeat: Double, designWetBulb: Double, designApproach: Double, designRange: Double,
              exchangerApproach: Double = 1.5, waterToAirRatio: Double = 1.2, designFanPower: Double,
              cycles: Double = 5, minimumAirFraction: Double = 0.1) throws {
    guard designHeat > 0, designApproach > 0, designRange > 0, exchangerApproach >= 0, waterToAirRatio > 0,
          designFanPower >= 0, cycles > 1 else {
      throw FacilityError.invalidInput(location: "coolingTower",
                                       expected: "heat, approach, range, L/G > 0, exchanger approach ≥ 0, cycles > 1",
                                       found: "\(designHeat) W, \(designApproach) K, \(designRange) K, "
                                         + "\(exchangerApproach) K, \(waterToAirRatio), \(cycles)")
    }
    self.designHeat = designHeat
    self.designWetBulb = designWetBulb
    self.designApproach = designApproach
    self.designRange = designRange
    self.exchangerApproach = exchangerApproach
    self.designFanPower = designFanPower
    self.cycles = cycles
    self.minimumAirFraction = minimumAirFraction
    let mw = designHeat / (Self.waterSpecificHeat * designRange), ma = mw / waterToAirRatio
    designWaterFlow = mw
    designAirFlow = ma
    // NTU that gives the design approach: bisection (leaving water falls monotonically as NTU grows).
    let p = 101_325.0
    let hIn = Psychrometrics.saturationEnthalpy(designWetBulb, pressure: p)
    let tIn = designWetBulb + designApproach + designRange, target = designWetBulb + designApproach
    var lo = 1e-3, hi = 30.0
    let at30 = Self.leaving(ntu: hi, waterFlow: mw, airFlow: ma, waterIn: tIn, airEnthalpy: hIn,
                            pressure: p)
    guard at30 < target else {
      throw FacilityError.invalidInput(
        location: "coolingTower", expected: "a design approach a tower of NTU ≤ 30 can reach at L/G \(waterToAirRatio)",
        found: "approach \(fmt(designApproach)) K (NTU 30 reaches \(fmt(at30 - designWetBulb)) K)")
    }
    for _ in 0..<80 {
      let mid = 0.5 * (lo + hi)
      if Self.leaving(ntu: mid, waterFlow: mw, airFlow: ma, waterIn: tIn, airEnthalpy: hIn, pressure: p)
        > target { lo = mid } else { hi = mid }
    }
    designNTU = 0.5 * (lo + hi)
  }

  /// Braun's effectiveness model: leaving water temperature (K).
  static func leaving(ntu: Double, waterFlow mw: Double, airFlow ma: Double, waterIn: Double, airEnthalpy hIn: Double,
                      pressure p: Double) -> Double {
    let cw = waterSpecificHeat
    let hsIn = Psychrometrics.saturationEnthalpy(waterIn, pressure: p)
    guard hsIn > hIn else { return waterIn }
    var tOut = waterIn - 1
    for _ in 0..<40 {
      let dt = max(waterIn - tOut, 1e-3)
      let cs = (hsIn - Psychrometrics.saturationEnthalpy(waterIn - dt, pressure: p)) / dt
      let mstar = ma * cs / (mw * cw)
      let epsA: Double
      if abs(1 - mstar) < 1e-6 {
        epsA = ntu / (1 + ntu)
      } else if mstar < 1 {
        let e = exp(-ntu * (1 - mstar))
        epsA = (1 - e) / (1 - mstar * e)
      } else {
        // The same relation divided through by e (no overflow when m* > 1): g = e^(−NTU(m* − 1)).
        let g = exp(-ntu * (mstar - 1))
        epsA = (1 - g) / (mstar - g)
      }
      let q = epsA * ma * (hsIn - hIn)
      let next = waterIn - q / (mw * cw)
      if abs(next - tOut) < 1e-9 { tOut = next; break }
      tOut = 0.5 * (tOut + next)
    }
    return tOut
  }

  /// Leaving tower water (K) at air fraction x, for tower water flow `mw` (kg/s) entering at `waterIn` (K), with
  /// ambient air of dry bulb `t` (K), humidity ratio `w` and pressure `p` (Pa).
  public func leavingWater(airFraction x: Double, waterFlow mw: Double, waterIn: Double, dryBulb t: Double,
                           humidityRatio w: Double, pressure p: Double) -> Double {
    let ma = designAirFlow * x
    let ntu = designNTU * pow((mw / ma) / (designWaterFlow / designAirFlow), 1 + Self.exponent)
    return Self.leaving(ntu: ntu, waterFlow: mw, airFlow: ma, waterIn: waterIn,
                        airEnthalpy: Psychrometrics.enthalpy(t, humidityRatio: w), pressure: p)
  }

  /// Cools the facility water, capacity rate `cw` (W/K), from `waterIn` toward `target` (K, facility side of the
  /// plate exchanger): the lowest fan speed that reaches it, or full speed (partial free cooling).
  public func operate(waterCapacity cw: Double, waterIn: Double, target: Double, dryBulb t: Double,
                      humidityRatio w: Double, pressure p: Double) -> RejectionState {
    guard waterIn > target else { return RejectionState(leaving: waterIn, fanPower: 0, airFraction: 0, water: 0) }
    let mw = cw / Self.waterSpecificHeat
    let towerIn = waterIn - exchangerApproach, towerTarget = target - exchangerApproach
    func leave(_ x: Double) -> Double {
      leavingWater(airFraction: x, waterFlow: mw, waterIn: towerIn, dryBulb: t, humidityRatio: w, pressure: p)
    }
    var x: Double
    let full = leave(1)
    if full >= towerIn { return RejectionState(leaving: waterIn, fanPower: 0, airFraction: 0, water: 0) }
    if full > towerTarget {
      x = 1
    } else if leave(minimumAirFraction) <= towerTarget {
      x = minimumAirFraction
    } else {
      var lo = minimumAirFraction, hi = 1.0
      for _ in 0..<50 {
        let mid = 0.5 * (lo + hi)
        if leave(mid) > towerTarget { lo = mid } else { hi = mid }
      }
      x = hi
    }
    let towerOut = max(leave(x), towerTarget)
    let heat = mw * Self.waterSpecificHeat * (towerIn - towerOut)
    return RejectionState(leaving: towerOut + exchangerApproach, fanPower: designFanPower * pow(x, 3), airFraction: x,
                          water: waterUse(heat: heat, airFraction: x, dryBulb: t, humidityRatio: w, pressure: p))
  }

  /// Evaporation (kg/s) when the tower rejects `heat` (W) at air fraction x: air leaves saturated at its enthalpy.
  public func evaporation(heat: Double, airFraction x: Double, dryBulb t: Double, humidityRatio w: Double,
                          pressure p: Double) -> Double {
    guard heat > 0, x > 0 else { return 0 }
    let ma = designAirFlow * x
    let hOut = Psychrometrics.enthalpy(t, humidityRatio: w) + heat / ma
    let tOut = Psychrometrics.saturationTemperature(enthalpy: hOut, pressure: p)
    return max(0, ma * (Psychrometrics.saturationHumidityRatio(tOut, pressure: p) - w))
  }

  /// Evaporation plus blowdown (kg/s): E + E/(N − 1).
  public func waterUse(heat: Double, airFraction x: Double, dryBulb t: Double, humidityRatio w: Double,
                       pressure p: Double) -> Double {
    let e = evaporation(heat: heat, airFraction: x, dryBulb: t, humidityRatio: w, pressure: p)
    return e * (1 + 1 / (cycles - 1))
  }

  /// The same tower scaled in size by `s` (heat, water and air flows, fan power alike; NTU at design unchanged).
  public func scaled(_ s: Double) -> CoolingTower {
    var c = self
    c.designHeat *= s
    c.designFanPower *= s
    c.designWaterFlow *= s
    c.designAirFlow *= s
    return c
  }

  /// Fan power per watt rejected at the design point (W/W).
  public var specificFanPower: Double { designFanPower / designHeat }
}
