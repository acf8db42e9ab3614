/// The facility at one operating point: every metered end use (W), the loops' temperatures (K), water and flags.
///
/// Power is metered at the utility side: `facilityPower` is the sum of the end uses below, so PUE is exact.
/// Definitions: PUE = facility/IT (The Green Grid WP #49, 2012); ITUE = IT/(IT − server fans) and TUE = ITUE·PUE
/// (Patterson et al. 2013, "TUE, a new energy-efficiency metric applied at ORNL's Jaguar", ISC 2013; here only
/// server fans are taken out of IT, PSU and regulator losses are not known to the facility); partial PUE of the
/// cooling chain = (IT + cooling)/IT (The Green Grid WP #42); capture ratio = liquid heat/(liquid + air heat).
public struct FacilityPoint: Sendable, Equatable {
  // End uses (W).
  public var itPower: Double
  public var serverFanPower: Double
  public var tcsPumpPower: Double
  public var fwsPumpPower: Double
  public var crahFanPower: Double
  public var chillerPower: Double
  public var heatRejectionFanPower: Double
  public var upsLoss: Double
  public var pduLoss: Double
  // Heat (W).
  public var heatToLiquid: Double
  public var heatToAir: Double
  /// Heat the facility water carries back to the plant: liquid heat plus the TCS pump's work.
  public var fwsHeat: Double
  /// Heat the chiller lifts (W), all streams.
  public var chillerHeat: Double
  // Temperatures (K).
  public var tcsSupply: Double
  public var tcsReturn: Double
  public var fwsSupplySetpoint: Double
  /// FWS supply actually reached (above the set point only when a chillerless plant cannot reach it).
  public var fwsSupply: Double
  public var fwsReturn: Double
  /// CRAH chilled-water supply reached (K).
  public var crahWaterSupply: Double
  /// Room dew point the pipes see (K).
  public var roomDewPoint: Double
  /// Water consumed by evaporative heat rejection (kg/s): evaporation plus blowdown.
  public var waterUse: Double
  /// The W-class of the set point, and whether the supply reached is outside it.
  public var waterClass: WaterClass
  public var outsideWaterClass: Bool
  /// The chiller runs (on either stream); it runs on the facility water (liquid) stream; all heat rejected without
  /// it (full free cooling).
  public var chillerRunning: Bool
  public var fwsChillerRunning: Bool
  public var fullFreeCooling: Bool

  /// Pumps, CRAH fans, chiller and heat-rejection fans (W).
  public var coolingPower: Double {
    tcsPumpPower + fwsPumpPower + crahFanPower + chillerPower + heatRejectionFanPower
  }
  /// Total facility power at the meter (W).
  public var facilityPower: Double { itPower + coolingPower + upsLoss + pduLoss }
  public var pue: Double { facilityPower / itPower }
  public var itue: Double { itPower / (itPower - serverFanPower) }
  public var tue: Double { itue * pue }
  public var coolingPartialPUE: Double { (itPower + coolingPower) / itPower }
  public var captureRatio: Double { heatToLiquid / (heatToLiquid + heatToAir) }
  /// FWS supply below the room's dew point: pipes and cold surfaces would sweat.
  public var condensationRisk: Bool { fwsSupply < roomDewPoint }
}
