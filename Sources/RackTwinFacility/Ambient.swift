/// Outdoor air at one hour: dry bulb and dew point (K), station pressure (Pa).
public struct Ambient: Sendable, Equatable {
  public var dryBulb: Double
  public var dewPoint: Double
  public var pressure: Double

  public init(dryBulb: Double, dewPoint: Double, pressure: Double = 101_325) {
    self.dryBulb = dryBulb
    self.dewPoint = min(dewPoint, dryBulb)
    self.pressure = pressure
  }

  /// Humidity ratio (kg/kg dry air).
  public var humidityRatio: Double {
    Psychrometrics.humidityRatio(dryBulb: dryBulb, dewPoint: dewPoint, pressure: pressure)
  }

  /// Thermodynamic wet bulb (K), ASHRAE Fundamentals ch. 1.
  public var wetBulb: Double { Psychrometrics.wetBulb(dryBulb: dryBulb, dewPoint: dewPoint, pressure: pressure) }

  /// A shorter text for messages: `dry bulb 35.0 °C, wet bulb 24.1 °C`.
  public var summary: String {
    "dry bulb \(fmt(dryBulb - 273.15)) °C, wet bulb \(fmt(wetBulb - 273.15)) °C"
  }
}

/// What the rack asks of the facility at one operating point (W): IT power including the servers' own fans, and
/// where its heat goes.
public struct RackLoad: Sendable, Equatable {
  /// Electrical power of the IT equipment, server fans included (server fans are IT).
  public var itPower: Double
  /// The server fans' share of `itPower` (for ITUE/TUE).
  public var serverFanPower: Double
  /// Heat the liquid (TCS) carries away.
  public var heatToLiquid: Double
  /// Heat left in the room air for the CRAHs.
  public var heatToAir: Double

  public init(itPower: Double, serverFanPower: Double, heatToLiquid: Double, heatToAir: Double) {
    self.itPower = itPower
    self.serverFanPower = serverFanPower
    self.heatToLiquid = heatToLiquid
    self.heatToAir = heatToAir
  }

  /// The same rack at a fraction of its load: every power scaled alike (a stated simplification: server fans and
  /// the split between liquid and air do not change with load).
  public func scaled(_ f: Double) -> RackLoad {
    RackLoad(itPower: itPower * f, serverFanPower: serverFanPower * f, heatToLiquid: heatToLiquid * f,
             heatToAir: heatToAir * f)
  }
}
