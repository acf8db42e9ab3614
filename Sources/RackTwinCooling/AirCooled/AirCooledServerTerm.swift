import Foundation
import RackTwinThermal

/// Air-cooled servers as a term of the energy equation: its own unknown is the servers' exhaust air temperature,
/// C_a (T_exhaust − T_room) = P_IT + P_fans, and the heat leaves in that air to the room.
///
/// The physics is `AirCooledServer`'s (fan curve against the system curve or a per-kW rule; fan power; heat-sink
/// R(airflow); see there): the airflow and fan power are fixed by the fan–system balance when the term is made,
/// C_a = ṁ c_p with air c_p at the inlet, so the equation is linear. The term owns the IT load and the fan power
/// (lumped: a rack sized from powers alone); heat streams: both in, the exhaust air's C_a (T_exhaust − T_room) out.
public struct AirCooledServerTerm: ThermalTerm {
  public let name: String
  public let servers: AirCooledServer
  /// Room air entering the servers (K).
  public let roomTemperature: Double
  /// The operating point at `roomTemperature`.
  public let state: AirCooledServer.State
  /// C_a = ṁ c_p (W/K).
  public let airCapacity: Double

  /// - Throws: `CoolingError` when the fans cannot move air or the room is outside air's data.
  public init(name: String = "airCooling", servers: AirCooledServer, roomTemperature: Double) throws {
    let state = try servers.state(inletTemperature: roomTemperature)
    self.name = name
    self.servers = servers
    self.roomTemperature = roomTemperature
    self.state = state
    self.airCapacity = state.massFlow * (try Coolant.air.specificHeat(at: roomTemperature))
  }

  public var unknownCount: Int { 1 }

  public func assemble(into a: inout SystemAssembly, _ context: TermContext) {
    a.addDiagonal(context.firstUnknown, airCapacity)
    a.addSource(context.firstUnknown, airCapacity * (roomTemperature - a.referenceTemperature) + servers.power
                  + state.fanPower)
  }

  /// Exhaust air temperature, K.
  public func exhaustTemperature(_ context: TermContext) -> Double {
    context.temperature.count > context.firstUnknown ? context.temperature[context.firstUnknown] : roomTemperature
  }

  public func heatStreams(_ context: TermContext) -> [HeatStream] {
    [HeatStream(name: "\(name) IT load", heatIn: servers.power),
     HeatStream(name: "\(name) server fans", heatIn: state.fanPower),
     HeatStream(name: "\(name) exhaust air", heatIn: -airCapacity * (exhaustTemperature(context) - roomTemperature))]
  }

  /// heat_to_air (W), heat_to_liquid (0), server_airflow (m³/s), exhaust_temperature (K), rack_fan_power (W); per
  /// heat-sunk component `COMPONENT.case_temperature` (K).
  public func metrics(_ context: TermContext) -> [TermMetric] {
    var m = [
      TermMetric(name: "heat_to_air", value: airCapacity * (exhaustTemperature(context) - roomTemperature), units: "W"),
      TermMetric(name: "heat_to_liquid", value: 0, units: "W"),
      TermMetric(name: "server_airflow", value: state.airflow, units: "m^3/s"),
      TermMetric(name: "server_exhaust_temperature", value: exhaustTemperature(context), units: "K"),
      TermMetric(name: "rack_fan_power", value: state.fanPower, units: "W"),
    ]
    for c in servers.components {
      m.append(TermMetric(name: "\(c.name).case_temperature", value: state.componentTemperatures[c.name] ?? .nan,
                          units: "K"))
    }
    return m
  }

  public func anchoredUnknowns(_ context: TermContext) -> [Int] { [context.firstUnknown] }
}
