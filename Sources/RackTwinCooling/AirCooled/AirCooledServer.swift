import Foundation

/// Air-cooled servers (one server or a rack's worth): airflow from their fans against their system curve or from a
/// per-kW rule, fan power, exhaust temperature, and each heat-sunk component's temperature.
///
/// Airflow: the fan curve (`FanCurve`) meets the system curve ΔP = K V̇² plus any added resistance downstream (a
/// passive rear door), or V̇ = rule × P (the rule in m³/s per W; 120 CFM/kW = 5.66e-5 m³/s/W is a ΔT of about 15 K).
/// Exhaust: T_out = T_in + P/(ṁ c_p) (energy balance; air c_p at the inlet). Component case temperature:
/// T_case = T_in + P_c R_hs(V̇) (`PlateFinHeatSink`), the heat sink seeing room air (upstream preheat not modelled).
/// Fan power: V̇ ΔP/η, and it is IT power (it leaves in the exhaust: the exhaust carries P + fan power).
public struct AirCooledServer: Sendable {
  /// How the airflow is set.
  public enum Airflow: Sendable {
    /// Fans against the server's system curve ΔP = K V̇² (K in Pa·s²/m⁶).
    case fanCurve(FanCurve, systemCoefficient: Double)
    /// A fixed flow per watt of IT load (m³/s per W), fans of the given total efficiency against ΔP = K V̇².
    case perWatt(Double, systemCoefficient: Double, fanEfficiency: Double)
  }

  /// A heat-sunk component: its power (W) and heat sink.
  public struct Component: Sendable {
    public var name: String
    public var power: Double
    public var heatSink: PlateFinHeatSink
    public init(name: String, power: Double, heatSink: PlateFinHeatSink) {
      self.name = name
      self.power = power
      self.heatSink = heatSink
    }
  }

  /// The result of one operating point.
  public struct State: Sendable, Equatable {
    /// Airflow (m³/s at the inlet temperature) and mass flow (kg/s).
    public var airflow: Double
    public var massFlow: Double
    /// Pressure rise of the fans (Pa) and their electrical power (W).
    public var fanPressure: Double
    public var fanPower: Double
    /// Inlet and exhaust air temperatures (K): exhaust carries the IT load and the fan power.
    public var inletTemperature: Double
    public var exhaustTemperature: Double
    /// Heat given to the air (W): IT load + fan power.
    public var heatToAir: Double
    /// Case temperatures of the components (K), by name, in order.
    public var componentTemperatures: [String: Double]
  }

  public var name: String
  /// IT load (W) dissipated in the servers, fans excluded.
  public var power: Double
  public var airflow: Airflow
  public var components: [Component]

  public init(name: String, power: Double, airflow: Airflow, components: [Component] = []) throws {
    guard power >= 0, power.isFinite else {
      throw CoolingError.invalidInput(location: "\(name).power", expected: "a power ≥ 0 W", found: "\(power)")
    }
    switch airflow {
    case let .fanCurve(_, k) where !(k > 0), let .perWatt(_, k, _) where !(k >= 0):
      throw CoolingError.invalidInput(location: "\(name).systemCoefficient", expected: "K > 0 Pa·s²/m⁶", found: "\(k)")
    case let .perWatt(rule, _, eta) where !(rule > 0) || !(eta > 0 && eta <= 1):
      throw CoolingError.invalidInput(location: "\(name).airflow", expected: "a rule > 0 m³/s/W, fan efficiency in (0, 1]",
                                      found: "rule \(rule), efficiency \(eta)")
    default: break
    }
    self.name = name
    self.power = power
    self.airflow = airflow
    self.components = components
  }

  /// The operating point with room air at `inletTemperature` (K) and an added resistance downstream
  /// `extraPressureDrop(V̇)` (Pa; zero by default). With a per-watt rule the flow is fixed and the fans supply the
  /// extra pressure too. Throws when the fans cannot move air against the system.
  public func state(inletTemperature t: Double, extraPressureDrop: (Double) -> Double = { _ in 0 }) throws -> State {
    let air = try Coolant.air.properties(at: t, context: "\(name) inlet air")
    var v: Double, dp: Double, fanPower: Double
    switch airflow {
    case let .fanCurve(fan, k):
      guard let flow = fan.operatingFlow(system: { k * $0 * $0 + extraPressureDrop($0) }), flow > 0 else {
        throw CoolingError.pumpCannotMeetSystem(pump: "\(name) fans", detail: "no positive airflow against the server and added resistance")
      }
      v = flow
      dp = fan.pressure(flow: v)
      fanPower = fan.power(flow: v, pressure: dp)
    case let .perWatt(rule, k, eta):
      v = rule * power
      dp = k * v * v + extraPressureDrop(v)
      fanPower = v * dp / eta
    }
    let m = air.density * v
    let heat = power + fanPower
    let exhaust = m > 0 ? t + heat / (m * air.specificHeat) : t
    var temps: [String: Double] = [:]
    for c in components {
      temps[c.name] = v > 0 ? t + c.power * (try c.heatSink.resistance(airflow: v, airTemperature: t)) : .infinity
    }
    return State(airflow: v, massFlow: m, fanPressure: dp, fanPower: fanPower, inletTemperature: t,
                 exhaustTemperature: exhaust, heatToAir: heat, componentTemperatures: temps)
  }
}
