import Foundation

/// A year of the facility: the hourly points over a weather series and an IT load profile, summed as energies.
///
/// Annual PUE is energy-weighted, Σ facility energy / Σ IT energy (The Green Grid WP #49), never the mean of hourly
/// PUEs (reported beside it, `meanHourlyPUE`, to show the difference). Each hour is one steady point (the plant's
/// thermal inertia over an hour is neglected).
public struct AnnualFacility: Sendable, Equatable {
  public var hours: Int
  /// Energies (J) by end use.
  public var itEnergy = 0.0
  public var serverFanEnergy = 0.0
  public var pumpEnergy = 0.0
  public var crahFanEnergy = 0.0
  public var chillerEnergy = 0.0
  public var heatRejectionFanEnergy = 0.0
  public var upsLossEnergy = 0.0
  public var pduLossEnergy = 0.0
  public var liquidHeat = 0.0
  public var airHeat = 0.0
  /// Heat returned in the facility water (J): reusable heat, and its heat-weighted mean return temperature (K).
  public var reusableHeat = 0.0
  public var meanReturnTemperature = 0.0
  /// Water used by evaporative heat rejection (kg; 1 kg ≈ 1 L).
  public var water = 0.0
  /// Hours with the chiller on (either stream); with it on for the facility water (the liquid's share); with all
  /// heat rejected free; with the FWS supply outside its W-class; with the
  /// FWS supply below the room dew point (condensation warning).
  public var chillerHours = 0
  public var fwsChillerHours = 0
  public var fullFreeCoolingHours = 0
  public var hoursOutsideWaterClass = 0
  public var condensationHours = 0
  public var meanHourlyPUE = 0.0

  public var facilityEnergy: Double {
    itEnergy + pumpEnergy + crahFanEnergy + chillerEnergy + heatRejectionFanEnergy + upsLossEnergy + pduLossEnergy
  }
  public var coolingEnergy: Double { pumpEnergy + crahFanEnergy + chillerEnergy + heatRejectionFanEnergy }
  public var pue: Double { facilityEnergy / itEnergy }
  public var itue: Double { itEnergy / (itEnergy - serverFanEnergy) }
  public var tue: Double { facilityEnergy / (itEnergy - serverFanEnergy) }
  public var coolingPartialPUE: Double { (itEnergy + coolingEnergy) / itEnergy }
  public var captureRatio: Double { liquidHeat / (liquidHeat + airHeat) }
  /// Water usage effectiveness, L per kWh of IT energy (The Green Grid WP #35, site water).
  public var wue: Double { water / (itEnergy / 3.6e6) }

  /// Runs the model over every hour: `loadFraction[i]` scales `designLoad` at hour i (same length as the weather).
  public static func run(model: FacilityModel, weather: WeatherSeries, designLoad: RackLoad,
                         loadFraction: [Double]) throws -> AnnualFacility {
    guard loadFraction.count == weather.count else {
      throw FacilityError.invalidInput(location: "annual load profile", expected: "\(weather.count) hourly values",
                                       found: "\(loadFraction.count)")
    }
    if let bad = loadFraction.firstIndex(where: { !($0 > 0 && $0.isFinite) }) {
      throw FacilityError.invalidInput(location: "annual load profile, hour \(bad + 1)", expected: "a fraction > 0",
                                       found: "\(loadFraction[bad])")
    }
    var a = AnnualFacility(hours: weather.count)
    var returnWeighted = 0.0, pueSum = 0.0
    let dt = 3600.0
    for i in 0..<weather.count {
      let p = try model.evaluate(load: designLoad.scaled(loadFraction[i]), ambient: weather.ambient(i))
      a.itEnergy += p.itPower * dt
      a.serverFanEnergy += p.serverFanPower * dt
      a.pumpEnergy += (p.tcsPumpPower + p.fwsPumpPower) * dt
      a.crahFanEnergy += p.crahFanPower * dt
      a.chillerEnergy += p.chillerPower * dt
      a.heatRejectionFanEnergy += p.heatRejectionFanPower * dt
      a.upsLossEnergy += p.upsLoss * dt
      a.pduLossEnergy += p.pduLoss * dt
      a.liquidHeat += p.heatToLiquid * dt
      a.airHeat += p.heatToAir * dt
      a.reusableHeat += p.fwsHeat * dt
      returnWeighted += p.fwsHeat * dt * p.fwsReturn
      a.water += p.waterUse * dt
      if p.chillerRunning { a.chillerHours += 1 }
      if p.fwsChillerRunning { a.fwsChillerHours += 1 }
      if p.fullFreeCooling { a.fullFreeCoolingHours += 1 }
      if p.outsideWaterClass { a.hoursOutsideWaterClass += 1 }
      if p.condensationRisk { a.condensationHours += 1 }
      pueSum += p.pue
    }
    a.meanReturnTemperature = returnWeighted / a.reusableHeat
    a.meanHourlyPUE = pueSum / Double(weather.count)
    return a
  }
}
