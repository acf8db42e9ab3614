import Foundation
import RackTwinCooling

/// A CDU: a counterflow liquid-to-liquid exchanger between the TCS (rack loop) and the FWS, and the TCS pump.
///
/// UA is sized at the rated point by ε–NTU (Incropera et al. 2007, Tables 11.3–11.4, counterflow). Off design each
/// side's film conductance follows hA ∝ ṁ^0.8 (turbulent channel flow, Dittus–Boelter, Incropera eq. 8.60; the
/// exponent the Modelica Buildings CDU records use too), wall resistance neglected, and 1/UA = 1/hA_TCS + 1/hA_FWS.
/// The split of the rated resistance between the sides is `tcsResistanceShare` (default ½: equal films at the
/// rated point). Properties (c_p) at each stream's mean temperature; hA does not follow viscosity (a stated
/// simplification). Pump power follows the affinity laws on a quadratic system curve: P = P_rated (ṁ/ṁ_rated)³.
public struct CDU: Sendable {
  /// The rated point UA was sized at.
  public let design: CDUDesign
  /// UA at the rated flows (W/K).
  public let ratedUA: Double
  /// Film conductances at the rated flows (W/K).
  public let ratedTCSConductance: Double
  public let ratedFWSConductance: Double
  /// Exponent of hA ∝ ṁ^n on each side.
  public let flowExponent: Double

  /// Sizes UA at the rated point. Throws when the rated point is impossible (a temperature cross, ε ≥ 1).
  public init(design: CDUDesign, tcsResistanceShare share: Double = 0.5, flowExponent: Double = 0.8) throws {
    guard share > 0, share < 1 else {
      throw FacilityError.invalidInput(location: "cdu \(design.name): tcsResistanceShare", expected: "a number in (0, 1)",
                                       found: "\(share)")
    }
    guard design.heat > 0, design.approach > 0, design.tcsFlow > 0, design.fwsFlow > 0 else {
      throw FacilityError.invalidInput(location: "cdu \(design.name)",
                                       expected: "positive heat, approach and flows at the rated point",
                                       found: "heat \(design.heat) W, approach \(design.approach) K, flows "
                                         + "\(design.tcsFlow), \(design.fwsFlow) kg/s")
    }
    self.design = design
    self.flowExponent = flowExponent
    let tcsSupply = design.fwsSupply + design.approach
    let (ct, cf) = try Self.capacities(design: design, heat: design.heat, tcsSupply: tcsSupply,
                                       fwsSupply: design.fwsSupply, tcsFlow: design.tcsFlow, fwsFlow: design.fwsFlow)
    let tcsReturn = tcsSupply + design.heat / ct
    let cmin = min(ct, cf), cr = cmin / max(ct, cf)
    let eps = design.heat / (cmin * (tcsReturn - design.fwsSupply))
    let fwsReturn = design.fwsSupply + design.heat / cf
    guard eps < 1, fwsReturn < tcsReturn else {
      throw FacilityError.invalidInput(
        location: "cdu \(design.name)", expected: "a rated point a counterflow exchanger can reach (ε < 1, no cross)",
        found: "ε = \(fmt(eps, 3)), FWS return \(fmt(fwsReturn - 273.15)) °C vs TCS return \(fmt(tcsReturn - 273.15)) °C")
    }
    let ua = ExchangerEffectiveness.counterflowNTU(effectiveness: eps, capacityRatio: cr) * cmin
    ratedUA = ua
    ratedTCSConductance = ua / share
    ratedFWSConductance = ua / (1 - share)
  }

  /// UA (W/K) at the given flows: 1/UA = 1/[hA_t (ṁ_t/ṁ_t,r)^n] + 1/[hA_f (ṁ_f/ṁ_f,r)^n].
  public func ua(tcsFlow: Double, fwsFlow: Double) -> Double {
    let ht = ratedTCSConductance * pow(tcsFlow / design.tcsFlow, flowExponent)
    let hf = ratedFWSConductance * pow(fwsFlow / design.fwsFlow, flowExponent)
    return 1 / (1 / ht + 1 / hf)
  }

  /// Electrical power of the TCS pump at a mass flow (W): affinity laws, P ∝ ṁ³.
  public func pumpPower(tcsFlow: Double) -> Double {
    design.pumpPower * pow(tcsFlow / design.tcsFlow, 3)
  }

  /// The CDU's temperatures when it moves `heat` (W) from the TCS to the FWS, FWS entering at `fwsSupply` (K).
  public func operate(heat: Double, fwsSupply: Double, tcsFlow: Double, fwsFlow: Double) throws -> CDUState {
    guard tcsFlow > 0, fwsFlow > 0, heat >= 0 else {
      throw FacilityError.invalidInput(location: "cdu \(design.name)", expected: "positive flows and heat ≥ 0",
                                       found: "TCS \(tcsFlow) kg/s, FWS \(fwsFlow) kg/s, heat \(heat) W")
    }
    let ua = ua(tcsFlow: tcsFlow, fwsFlow: fwsFlow)
    var tcsSupply = fwsSupply + design.approach * heat / design.heat
    var state = CDUState(heat: heat, fwsSupply: fwsSupply, fwsReturn: fwsSupply, tcsSupply: tcsSupply,
                         tcsReturn: tcsSupply, ua: ua, effectiveness: 0, pumpPower: pumpPower(tcsFlow: tcsFlow))
    // Fixed point on the properties' temperatures: c_p varies by < 1 % over a few kelvin, 6 passes settle it to
    // rounding.
    for _ in 0..<6 {
      let (ct, cf) = try Self.capacities(design: design, heat: heat, tcsSupply: tcsSupply, fwsSupply: fwsSupply,
                                         tcsFlow: tcsFlow, fwsFlow: fwsFlow)
      let cmin = min(ct, cf), cr = cmin / max(ct, cf)
      let eps = ExchangerEffectiveness.counterflow(ntu: ua / cmin, capacityRatio: cr)
      let tcsReturn = fwsSupply + heat / (eps * cmin)
      tcsSupply = tcsReturn - heat / ct
      state = CDUState(heat: heat, fwsSupply: fwsSupply, fwsReturn: fwsSupply + heat / cf, tcsSupply: tcsSupply,
                       tcsReturn: tcsReturn, ua: ua, effectiveness: eps, pumpPower: pumpPower(tcsFlow: tcsFlow))
    }
    return state
  }

  /// Capacity rates ṁc_p (W/K) of both streams at their mean temperatures.
  static func capacities(design: CDUDesign, heat: Double, tcsSupply: Double, fwsSupply: Double, tcsFlow: Double,
                         fwsFlow: Double) throws -> (Double, Double) {
    let cpT0 = try design.tcsCoolant.specificHeat(at: tcsSupply)
    let tcsMean = tcsSupply + 0.5 * heat / (tcsFlow * cpT0)
    let cpF0 = try design.fwsCoolant.specificHeat(at: fwsSupply)
    let fwsMean = fwsSupply + 0.5 * heat / (fwsFlow * cpF0)
    let ct = tcsFlow * (try design.tcsCoolant.specificHeat(at: tcsMean))
    let cf = fwsFlow * (try design.fwsCoolant.specificHeat(at: fwsMean))
    return (ct, cf)
  }
}

/// The CDU at one operating point (temperatures in K, powers in W).
public struct CDUState: Sendable, Equatable {
  public var heat: Double
  public var fwsSupply: Double
  public var fwsReturn: Double
  /// TCS supply: what the rack sees at its inlet.
  public var tcsSupply: Double
  public var tcsReturn: Double
  public var ua: Double
  public var effectiveness: Double
  public var pumpPower: Double
  /// TCS supply − FWS supply (K).
  public var approach: Double { tcsSupply - fwsSupply }
}
