import Foundation
import RackTwinThermal

/// A rack of air-cooled servers behind a rear-door heat exchanger, as a term of the energy equation: its own unknowns
/// are the servers' exhaust air (entering the coil), the air leaving the door and the door's water return.
///
/// The physics is `RearDoorHeatExchanger`'s and `AirCooledServer`'s (crossflow ε–NTU, UA scaled from the rating,
/// passive doors loading the server fans, active doors with their fans; see there). The operating point (airflow,
/// fan powers, UA, ε) is fixed when the term is made; then, with C_a = ṁ_a c_p,a, C_w = ṁ_w c_p,w, q = ε C_min
/// (T_exhaust − T_w,in):
///   C_a (T_exhaust − T_room) = P_IT + P_server fans
///   C_a T_leaving = C_a T_exhaust − q + P_door fans      (door fans downstream of the coil)
///   C_w (T_return − T_w,in) = q
/// Heat streams: IT load, server and door fans in; the water's C_w (T_return − T_w,in) out (heat to liquid) and the
/// air's C_a (T_leaving − T_room) out to the room (heat to air; negative when the door over-cools the air).
public struct RearDoorTerm: ThermalTerm {
  public let name: String
  public let door: RearDoorHeatExchanger
  public let servers: AirCooledServer
  /// Room air (K) and its dew point (K); water supply (K) and mass flow (kg/s).
  public let roomTemperature: Double
  public let roomDewPoint: Double
  public let waterSupplyTemperature: Double
  public let waterFlow: Double
  /// The door's operating state from the device model.
  public let state: RearDoorHeatExchanger.State
  /// C_a, C_w and ε C_min (W/K).
  public let airCapacity: Double
  public let waterCapacity: Double
  public let coilConductance: Double

  /// - Throws: `CoolingError.invalidInput` for zero water flow (naming `NAME.waterFlow`), or when the fans cannot
  ///   move air through servers and door.
  public init(name: String = "rearDoor", door: RearDoorHeatExchanger, servers: AirCooledServer,
              roomTemperature: Double, roomDewPoint: Double, waterSupplyTemperature: Double, waterFlow: Double) throws {
    let state = try door.state(servers: servers, roomTemperature: roomTemperature, roomDewPoint: roomDewPoint,
                               waterSupplyTemperature: waterSupplyTemperature, waterFlow: waterFlow)
    let cAir = state.airMassFlow * (try Coolant.air.specificHeat(at: state.serverExhaustTemperature))
    let cWater = waterFlow * (try Coolant.water.specificHeat(at: waterSupplyTemperature))
    self.name = name
    self.door = door
    self.servers = servers
    self.roomTemperature = roomTemperature
    self.roomDewPoint = roomDewPoint
    self.waterSupplyTemperature = waterSupplyTemperature
    self.waterFlow = waterFlow
    self.state = state
    self.airCapacity = cAir
    self.waterCapacity = cWater
    self.coilConductance = state.effectiveness * min(cAir, cWater)
  }

  public var unknownCount: Int { 3 }
  public var isSymmetric: Bool { false }

  public func matrixEntries(_ context: TermContext) -> [SystemEntry] {
    let e = context.firstUnknown
    return [SystemEntry(row: e + 1, column: e), SystemEntry(row: e + 2, column: e)]
  }

  public func assemble(into a: inout SystemAssembly, _ context: TermContext) {
    let e = context.firstUnknown, l = e + 1, r = e + 2
    let tRef = a.referenceTemperature
    let g = coilConductance
    // Exhaust: C_a θ_e = C_a (T_room − T_ref) + P_IT + P_server fans. The server's own energy balance uses air c_p
    // at the inlet; C_a here is at the exhaust, as the coil sees it: the exhaust is set by the power either way.
    a.addDiagonal(e, airCapacity)
    a.addSource(e, airCapacity * (roomTemperature - tRef) + servers.power + state.serverFanPower)
    // Leaving air: C_a θ_l − (C_a − g) θ_e = g (T_w − T_ref) + P_door fans.
    a.addDiagonal(l, airCapacity)
    a.add(-(airCapacity - g), row: l, column: e)
    a.addSource(l, g * (waterSupplyTemperature - tRef) + state.doorFanPower)
    // Water return: C_w θ_r − g θ_e = (C_w − g)(T_w − T_ref).
    a.addDiagonal(r, waterCapacity)
    a.add(-g, row: r, column: e)
    a.addSource(r, (waterCapacity - g) * (waterSupplyTemperature - tRef))
  }

  /// Exhaust, leaving-air and water-return temperatures, K.
  public func temperatures(_ context: TermContext) -> (exhaust: Double, leaving: Double, waterReturn: Double) {
    let e = context.firstUnknown
    guard context.temperature.count >= e + 3 else {
      return (state.serverExhaustTemperature, state.leavingAirTemperature, state.waterReturnTemperature)
    }
    return (context.temperature[e], context.temperature[e + 1], context.temperature[e + 2])
  }

  public func heatStreams(_ context: TermContext) -> [HeatStream] {
    let t = temperatures(context)
    return [HeatStream(name: "\(name) IT load", heatIn: servers.power),
            HeatStream(name: "\(name) server fans", heatIn: state.serverFanPower),
            HeatStream(name: "\(name) door fans", heatIn: state.doorFanPower),
            HeatStream(name: "\(name) water", heatIn: -waterCapacity * (t.waterReturn - waterSupplyTemperature)),
            HeatStream(name: "\(name) air to room", heatIn: -airCapacity * (t.leaving - roomTemperature))]
  }

  /// heat_to_liquid = door_captured_heat, heat_to_air (to the room), door_leaving_air_temperature,
  /// door_water_return_temperature, server_exhaust_temperature (K), room_neutral, condensation_warning (0/1),
  /// door_fan_power, rack_fan_power (W), server_airflow (m³/s), door_capture_ratio (1), door_pressure_drop (Pa),
  /// door_effectiveness (1); per heat-sunk component `COMPONENT.case_temperature` (K).
  public func metrics(_ context: TermContext) -> [TermMetric] {
    let t = temperatures(context)
    let captured = waterCapacity * (t.waterReturn - waterSupplyTemperature)
    let toRoom = airCapacity * (t.leaving - roomTemperature)
    let heatToAir = servers.power + state.serverFanPower + state.doorFanPower
    var m = [
      TermMetric(name: "heat_to_liquid", value: captured, units: "W"),
      TermMetric(name: "heat_to_air", value: toRoom, units: "W"),
      TermMetric(name: "door_captured_heat", value: captured, units: "W"),
      TermMetric(name: "door_capture_ratio", value: heatToAir > 0 ? captured / heatToAir : 0, units: "1"),
      TermMetric(name: "door_leaving_air_temperature", value: t.leaving, units: "K"),
      TermMetric(name: "door_water_return_temperature", value: t.waterReturn, units: "K"),
      TermMetric(name: "server_exhaust_temperature", value: t.exhaust, units: "K"),
      TermMetric(name: "room_neutral", value: t.leaving <= roomTemperature + door.neutralTolerance ? 1 : 0, units: "1"),
      TermMetric(name: "condensation_warning", value: waterSupplyTemperature < roomDewPoint ? 1 : 0, units: "1"),
      TermMetric(name: "door_fan_power", value: state.doorFanPower, units: "W"),
      TermMetric(name: "rack_fan_power", value: state.serverFanPower, units: "W"),
      TermMetric(name: "server_airflow", value: state.airflow, units: "m^3/s"),
      TermMetric(name: "door_pressure_drop", value: state.doorPressureDrop, units: "Pa"),
      TermMetric(name: "door_effectiveness", value: state.effectiveness, units: "1"),
    ]
    if !servers.components.isEmpty {
      // The heat sinks see room air at the airflow the door leaves the servers.
      let v = state.airflow
      for c in servers.components {
        let r = (try? c.heatSink.resistance(airflow: v, airTemperature: roomTemperature)) ?? .nan
        m.append(TermMetric(name: "\(c.name).case_temperature", value: roomTemperature + c.power * r, units: "K"))
      }
    }
    return m
  }

  public func anchoredUnknowns(_ context: TermContext) -> [Int] {
    Array(context.firstUnknown..<(context.firstUnknown + 3))
  }
}
