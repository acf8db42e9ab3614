import RackTwinFacility

extension CaseDocument {
  /// The `facility:` section (`docs/case-format.md`), every value in SI (temperatures in K). The equipment is built
  /// and checked when decoded; the chain (`FacilityModel`) is assembled after the rack's solve, which gives its load.
  public struct FacilitySpec: Sendable, Equatable {
    /// FWS supply set point (K).
    public var supplyTemperature: Double
    public var control: SupplyControl
    /// Identical racks the facility serves: the rack's powers and heats, and the network's TCS flow and pump power,
    /// are multiplied by it.
    public var racks: Int
    public var cdu: CDUDesign
    /// Mass flows (kg/s); nil: the TCS flow from the network × racks (else the rated flow); the FWS flow rated.
    public var tcsFlow: Double?
    public var fwsFlow: Double?
    public var tcsResistanceShare: Double
    /// FWS pump electrical power (W) at a mass flow (kg/s); nil: no FWS pump metered.
    public var fwsPump: (power: Double, flow: Double)?
    public var heatRejection: HeatRejection
    public var chiller: Chiller?
    public var crah: CRAH
    /// UPS and PDU curves with their ratings (W); nil: `PowerChain.typical` rated at the design IT power.
    public var ups: (curve: EfficiencyCurve, rating: Double)?
    public var pdu: (curve: EfficiencyCurve, rating: Double)?
    /// Room dew point (K); nil: the outdoor dew point.
    public var roomDewPoint: Double?
    public var designAmbient: Ambient
    /// The server fans' share of IT power, per rack (W); their heat goes to the room air.
    public var serverFanPower: Double

    public init(supplyTemperature: Double, control: SupplyControl, racks: Int = 1, cdu: CDUDesign,
                heatRejection: HeatRejection, chiller: Chiller?, crah: CRAH, designAmbient: Ambient) {
      self.supplyTemperature = supplyTemperature
      self.control = control
      self.racks = racks
      self.cdu = cdu
      self.tcsResistanceShare = 0.5
      self.heatRejection = heatRejection
      self.chiller = chiller
      self.crah = crah
      self.roomDewPoint = 273.15 + 15
      self.designAmbient = designAmbient
      self.serverFanPower = 0
    }

    public static func == (a: Self, b: Self) -> Bool {
      a.supplyTemperature == b.supplyTemperature && a.control == b.control && a.racks == b.racks && a.cdu == b.cdu
        && a.tcsFlow == b.tcsFlow && a.fwsFlow == b.fwsFlow && a.tcsResistanceShare == b.tcsResistanceShare
        && a.fwsPump?.power == b.fwsPump?.power && a.fwsPump?.flow == b.fwsPump?.flow
        && a.heatRejection == b.heatRejection && a.chiller == b.chiller && a.crah == b.crah
        && a.ups?.curve == b.ups?.curve && a.ups?.rating == b.ups?.rating && a.pdu?.curve == b.pdu?.curve
        && a.pdu?.rating == b.pdu?.rating && a.roomDewPoint == b.roomDewPoint && a.designAmbient == b.designAmbient
        && a.serverFanPower == b.serverFanPower
    }
  }

  /// `weather:` — an EPW file (path resolved against the case file) or a built-in climate.
  public enum WeatherSpec: Sendable, Equatable {
    case epw(path: String)
    case climate(name: String, seed: UInt64)
  }

  /// `loadProfile:` — the rack's load fraction hour by hour.
  public enum LoadProfileSpec: Sendable, Equatable {
    case constant(Double)
    /// A text file of 8,760 fractions, one per line (path resolved against the case file).
    case file(path: String)
  }
}
