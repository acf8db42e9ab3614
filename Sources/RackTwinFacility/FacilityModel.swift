import Foundation

/// How the facility-water supply temperature is set.
public enum SupplyControl: Sendable, Equatable {
  /// A fixed FWS supply set point (K) — the default and what the W-class refers to.
  case fixed(Double)
  /// Reset with ambient: set point = heat-rejection reference (dry bulb for a dry cooler, wet bulb for a tower) +
  /// `offset`, clamped to `minimum…maximum` (K); the W-class is that of `maximum`.
  case ambientReset(offset: Double, minimum: Double, maximum: Double)
}

/// The heat-rejection unit that free-cools the facility water and takes the chiller's condenser heat.
public enum HeatRejection: Sendable, Equatable {
  case dryCooler(DryCooler)
  case coolingTower(CoolingTower)
}

/// The facility chain from the rack's heat to the utility meter: CDU → FWS → economiser (dry cooler or tower) →
/// trim chiller (optional) ; CRAHs for the room air; UPS and PDU.
///
/// Each hour: the CDU gives the TCS supply from the FWS supply; the FWS returns at T_s + Q/C; the economiser cools
/// it as far as the ambient allows at the lowest fan speed (full free cooling), or at full fan speed and the chiller
/// trims the rest (partial), or the chiller takes it all (no free cooling: ambient above the return). The chiller
/// lifts to a heat sink at the economiser's reachable temperature (dry bulb + the dry cooler's design approach, or
/// wet bulb + tower approach + exchanger approach), and its condenser heat (Q + P) is rejected at the unit's design
/// specific fan power (and, for a tower, evaporates water like the tower at full fan). The CRAH coils' chilled
/// water is a second stream through the same plant at its own supply temperature. Without a chiller the FWS supply
/// floats to where the economiser at full fan balances the load; at the design ambient that is an error.
public struct FacilityModel: Sendable {
  public var cdu: CDU
  /// TCS and FWS mass flows (kg/s).
  public var tcsFlow: Double
  public var fwsFlow: Double
  /// FWS pump electrical power at `fwsPumpDesignFlow` (W); affinity laws, P ∝ ṁ³.
  public var fwsPumpDesignPower: Double
  public var fwsPumpDesignFlow: Double
  public var heatRejection: HeatRejection
  /// nil: a chillerless plant.
  public var chiller: Chiller?
  public var crah: CRAH
  public var powerChain: PowerChain
  public var control: SupplyControl
  /// Room dew point (K) the facility pipes run through; nil: the outdoor dew point (an economised hall).
  public var roomDewPoint: Double?
  /// The economiser serving the CRAH coils' chilled water: the same kind of unit as `heatRejection`, scaled to the
  /// coils' design duty (same design approach and specific fan power).
  public private(set) var crahEconomiser: HeatRejection
  /// TCS pump electrical power (W) when it is known from a loop solve (the case's network, fixed-speed pumps: the
  /// same every hour); nil: the CDU's affinity law at `tcsFlow`.
  public var tcsPumpPower: Double?

  /// Builds the model and checks it at the design ambient with the design load: a chillerless plant that cannot
  /// cool the facility water to its set point there throws `FacilityError.cannotReachSupply`.
  public init(cdu: CDU, tcsFlow: Double, fwsFlow: Double, fwsPumpDesignPower: Double, fwsPumpDesignFlow: Double,
              heatRejection: HeatRejection, chiller: Chiller?, crah: CRAH, powerChain: PowerChain,
              control: SupplyControl, roomDewPoint: Double? = 273.15 + 15, designAmbient: Ambient,
              designLoad: RackLoad, tcsPumpPower: Double? = nil) throws {
    guard tcsFlow > 0, fwsFlow > 0, fwsPumpDesignFlow > 0, fwsPumpDesignPower >= 0 else {
      throw FacilityError.invalidInput(location: "facility", expected: "positive TCS and FWS flows",
                                       found: "\(tcsFlow), \(fwsFlow) kg/s")
    }
    self.cdu = cdu
    self.tcsFlow = tcsFlow
    self.fwsFlow = fwsFlow
    self.fwsPumpDesignPower = fwsPumpDesignPower
    self.fwsPumpDesignFlow = fwsPumpDesignFlow
    self.heatRejection = heatRejection
    self.chiller = chiller
    self.crah = crah
    self.powerChain = powerChain
    self.control = control
    self.roomDewPoint = roomDewPoint
    self.tcsPumpPower = tcsPumpPower
    let coilDesign = max(designLoad.heatToAir + crah.fanPower(airHeat: designLoad.heatToAir), 1e-3 * designLoad.itPower)
    switch heatRejection {
    case let .dryCooler(d): crahEconomiser = .dryCooler(d.scaled(coilDesign / d.designHeat))
    case let .coolingTower(t): crahEconomiser = .coolingTower(t.scaled(coilDesign / t.designHeat))
    }
    if chiller == nil {
      let point = try evaluate(load: designLoad, ambient: designAmbient)
      if point.fwsSupply > point.fwsSupplySetpoint + 0.05 {
        let name: String
        switch heatRejection {
        case .dryCooler: name = "dryCooler"
        case .coolingTower: name = "coolingTower"
        }
        throw FacilityError.cannotReachSupply(
          equipment: name, supplyC: point.fwsSupplySetpoint - 273.15, ambient: designAmbient.summary,
          reachableC: point.fwsSupply - 273.15,
          advice: "add a chiller, raise the supply temperature or size the heat rejection larger")
      }
    }
  }

  /// The FWS supply set point (K) at an ambient.
  public func supplySetpoint(ambient: Ambient) -> Double {
    switch control {
    case let .fixed(t): return t
    case let .ambientReset(offset, lo, hi):
      let ref: Double
      switch heatRejection {
      case .dryCooler: ref = ambient.dryBulb
      case .coolingTower: ref = ambient.wetBulb
      }
      return min(hi, max(lo, ref + offset))
    }
  }

  /// The W-class the control promises.
  public var waterClass: WaterClass {
    switch control {
    case let .fixed(t): WaterClass.forSupply(t)
    case let .ambientReset(_, _, hi): WaterClass.forSupply(hi)
    }
  }

  /// The facility at one hour.
  public func evaluate(load: RackLoad, ambient: Ambient) throws -> FacilityPoint {
    guard load.itPower > 0, load.heatToLiquid >= 0, load.heatToAir >= 0, load.serverFanPower >= 0,
          load.serverFanPower < load.itPower else {
      throw FacilityError.invalidInput(location: "facility load", expected: "IT power > 0, heat ≥ 0, 0 ≤ fans < IT",
                                       found: "IT \(load.itPower) W, fans \(load.serverFanPower) W, liquid "
                                         + "\(load.heatToLiquid) W, air \(load.heatToAir) W")
    }
    let setpoint = supplySetpoint(ambient: ambient)
    let tcsPump = tcsPumpPower ?? cdu.pumpPower(tcsFlow: tcsFlow)
    let fwsHeat = load.heatToLiquid + tcsPump
    let cpF = try cdu.design.fwsCoolant.specificHeat(at: setpoint)
    let liquid = serve(heat: fwsHeat, target: setpoint, capacity: fwsFlow * cpF, ambient: ambient, unit: heatRejection)
    let cduState = try cdu.operate(heat: fwsHeat, fwsSupply: liquid.supply, tcsFlow: tcsFlow, fwsFlow: fwsFlow)
    let crahFans = crah.fanPower(airHeat: load.heatToAir)
    let coilHeat = load.heatToAir + crahFans
    let air = serve(heat: coilHeat, target: crah.waterSupply, capacity: max(coilHeat, 1) / crah.waterRise,
                    ambient: ambient, unit: crahEconomiser)
    let losses = powerChain.losses(it: load.itPower)
    let cls = waterClass
    return FacilityPoint(
      itPower: load.itPower, serverFanPower: load.serverFanPower, tcsPumpPower: tcsPump,
      fwsPumpPower: fwsPumpDesignPower * pow(fwsFlow / fwsPumpDesignFlow, 3), crahFanPower: crahFans,
      chillerPower: liquid.chillerPower + air.chillerPower, heatRejectionFanPower: liquid.fanPower + air.fanPower,
      upsLoss: losses.ups, pduLoss: losses.pdu, heatToLiquid: load.heatToLiquid, heatToAir: load.heatToAir,
      fwsHeat: fwsHeat, chillerHeat: liquid.chillerHeat + air.chillerHeat, tcsSupply: cduState.tcsSupply,
      tcsReturn: cduState.tcsReturn, fwsSupplySetpoint: setpoint, fwsSupply: liquid.supply, fwsReturn: liquid.returnT,
      crahWaterSupply: air.supply, roomDewPoint: roomDewPoint ?? ambient.dewPoint,
      waterUse: liquid.water + air.water, waterClass: cls,
      outsideWaterClass: cls.limit.map { liquid.supply > $0 + 1e-9 } ?? false,
      chillerRunning: liquid.chillerHeat > 0 || air.chillerHeat > 0, fwsChillerRunning: liquid.chillerHeat > 0,
      fullFreeCooling: liquid.chillerHeat == 0 && air.chillerHeat == 0)
  }

  /// One stream through the plant.
  struct Stream {
    var supply: Double
    var returnT: Double
    var chillerHeat: Double
    var chillerPower: Double
    var fanPower: Double
    var water: Double
  }

  /// Temperature the chiller's condenser rejects to (K).
  func sinkTemperature(ambient: Ambient) -> Double {
    switch heatRejection {
    case let .dryCooler(d): ambient.dryBulb + (d.designWaterOut - d.designAmbient)
    case let .coolingTower(t): ambient.wetBulb + t.designApproach + t.exchangerApproach
    }
  }

  func economise(capacity c: Double, waterIn: Double, target: Double, ambient: Ambient,
                 unit: HeatRejection) -> RejectionState {
    switch unit {
    case let .dryCooler(d):
      d.operate(waterCapacity: c, waterIn: waterIn, target: target, ambient: ambient.dryBulb)
    case let .coolingTower(t):
      t.operate(waterCapacity: c, waterIn: waterIn, target: target, dryBulb: ambient.dryBulb,
                humidityRatio: ambient.humidityRatio, pressure: ambient.pressure)
    }
  }

  func serve(heat q: Double, target: Double, capacity c: Double, ambient: Ambient, unit: HeatRejection) -> Stream {
    guard q > 0 else { return Stream(supply: target, returnT: target, chillerHeat: 0, chillerPower: 0, fanPower: 0, water: 0) }
    let returnT = target + q / c
    let econ = economise(capacity: c, waterIn: returnT, target: target, ambient: ambient, unit: unit)
    if econ.leaving <= target + 1e-9 {
      return Stream(supply: target, returnT: returnT, chillerHeat: 0, chillerPower: 0, fanPower: econ.fanPower,
                    water: econ.water)
    }
    guard let chiller else {
      // Chillerless: the supply floats up until the economiser at full fan balances the load (bisection: the
      // leaving temperature rises more slowly than the entering one).
      var lo = target, hi = target + 80
      var last = econ
      for _ in 0..<60 {
        let mid = 0.5 * (lo + hi)
        let s = economise(capacity: c, waterIn: mid + q / c, target: mid, ambient: ambient, unit: unit)
        if s.leaving > mid + 1e-9 { lo = mid } else { hi = mid; last = s }
      }
      return Stream(supply: hi, returnT: hi + q / c, chillerHeat: 0, chillerPower: 0, fanPower: last.fanPower,
                    water: last.water)
    }
    let chillerHeat = c * (econ.leaving - target)
    let cop = chiller.cop(chilledWaterSupply: target, sinkTemperature: sinkTemperature(ambient: ambient))
    let power = chillerHeat / cop
    let condenser = chillerHeat + power
    var fans = econ.fanPower, water = econ.water
    switch unit {
    case let .dryCooler(d):
      fans += d.specificFanPower * condenser
    case let .coolingTower(t):
      fans += t.specificFanPower * condenser
      water += t.waterUse(heat: condenser, airFraction: 1, dryBulb: ambient.dryBulb,
                          humidityRatio: ambient.humidityRatio, pressure: ambient.pressure)
    }
    return Stream(supply: target, returnT: returnT, chillerHeat: chillerHeat, chillerPower: power, fanPower: fans,
                  water: water)
  }
}
