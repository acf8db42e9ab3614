import RackTwinCooling

extension CaseDocument {
  /// The tank of an `immersion:` section (`docs/case-format.md`), built and checked by the decoder.
  public enum ImmersionTank: Sendable {
    /// A single-phase tank with the copies of each surface (`surfaces[].count`).
    case singlePhase(SinglePhaseImmersionTank, counts: [Int])
    /// A two-phase tank with the copies of each boiling surface (`boiling[].count`).
    case twoPhase(TwoPhaseImmersionTank, counts: [Int])
  }

  /// `immersion:`: a single- or two-phase immersion tank cooling the case's components (DESIGN §3.3).
  public struct ImmersionSpec: Sendable, Equatable {
    public var tank: ImmersionTank
    public var origin: Origin
    public init(tank: ImmersionTank, origin: Origin) {
      self.tank = tank
      self.origin = origin
    }
    /// Devices are compared by their full description (they hold closures-free values but no Equatable conformance).
    public static func == (a: ImmersionSpec, b: ImmersionSpec) -> Bool {
      a.origin == b.origin && String(describing: a.tank) == String(describing: b.tank)
    }
  }

  /// `airCooling:`: the case's components as air-cooled servers taking room air.
  public struct AirCoolingSpec: Sendable, Equatable {
    /// The servers: IT power = Σ the case's component powers; airflow; heat sinks.
    public var servers: AirCooledServer
    /// K.
    public var roomTemperature: Double
    /// K; nil when not given (no condensation check).
    public var roomDewPoint: Double?
    public var origin: Origin
    public init(servers: AirCooledServer, roomTemperature: Double, roomDewPoint: Double?, origin: Origin) {
      self.servers = servers
      self.roomTemperature = roomTemperature
      self.roomDewPoint = roomDewPoint
      self.origin = origin
    }
    public static func == (a: AirCoolingSpec, b: AirCoolingSpec) -> Bool {
      a.origin == b.origin && a.roomTemperature == b.roomTemperature && a.roomDewPoint == b.roomDewPoint
        && String(describing: a.servers) == String(describing: b.servers)
    }
  }

  /// `rearDoor:`: a water coil on the rack's rear door, across the exhaust of the `airCooling` servers.
  public struct RearDoorSpec: Sendable, Equatable {
    public var door: RearDoorHeatExchanger
    /// K and kg/s.
    public var waterSupplyTemperature: Double
    public var waterFlow: Double
    public var origin: Origin
    public init(door: RearDoorHeatExchanger, waterSupplyTemperature: Double, waterFlow: Double, origin: Origin) {
      self.door = door
      self.waterSupplyTemperature = waterSupplyTemperature
      self.waterFlow = waterFlow
      self.origin = origin
    }
    public static func == (a: RearDoorSpec, b: RearDoorSpec) -> Bool {
      a.origin == b.origin && a.waterSupplyTemperature == b.waterSupplyTemperature && a.waterFlow == b.waterFlow
        && String(describing: a.door) == String(describing: b.door)
    }
  }

  /// Whether the case has a lumped cooling device (`immersion`, `rearDoor`, `airCooling`).
  public var hasDevices: Bool { immersion != nil || airCooling != nil || rearDoor != nil }
}
