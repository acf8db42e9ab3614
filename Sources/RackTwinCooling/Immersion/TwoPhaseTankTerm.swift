import Foundation
import RackTwinThermal

/// A two-phase immersion tank as a term of the energy equation: its own unknown is the pool temperature, tied to the
/// saturation temperature T_sat(p) of the vapour space; its components boil there and the condenser coil takes the
/// vapour's heat to its water.
///
/// The physics is `TwoPhaseImmersionTank`'s (Rohsenow superheat, Zuber CHF, condenser capacity
/// (1 − e^(−UA/ṁ_w c_p)) ṁ_w c_p (T_sat − T_w,in); see there). Heat streams: the components' power in, the condenser
/// water's heat out, and — when the load exceeds the condenser (vapour build-up, a reported state) — the excess as
/// heat stored in the accumulating vapour, so the balance of a tank that cannot hold its load still closes and says
/// where the heat goes. The term owns its components' power (lumped, as `ImmersionTankTerm`).
public struct TwoPhaseTankTerm: ThermalTerm {
  public let name: String
  public let tank: TwoPhaseImmersionTank
  /// Copies of each boiling surface (servers of one kind), ≥ 1.
  public let counts: [Int]
  /// The tank's state at its pressure, per single surface (the copies are identical).
  public let state: TwoPhaseImmersionTank.State
  /// Total load Σ count × power (W), condenser capacity at T_sat (W), and the heat its water takes (W).
  public let load: Double
  public let condenserCapacity: Double
  public let heatToWater: Double
  /// T_sat at which the condenser would hold the load (K) and its pressure (Pa); nil beyond the fluid's data.
  public let holdingSaturationTemperature: Double?
  public let holdingPressure: Double?

  /// - Throws: `CoolingError` from the tank's properties, `invalidInput` for a count < 1.
  public init(name: String = "immersion", tank: TwoPhaseImmersionTank, counts: [Int]? = nil) throws {
    let counts = counts ?? [Int](repeating: 1, count: tank.surfaces.count)
    guard counts.count == tank.surfaces.count, counts.allSatisfy({ $0 >= 1 }) else {
      throw CoolingError.invalidInput(location: "\(name).count", expected: "one count ≥ 1 per boiling surface",
                                      found: "\(counts)")
    }
    let state = try tank.state()
    let load = zip(tank.surfaces, counts).reduce(0) { $0 + Double($1.1) * $1.0.power }
    let capacity = state.condenserCapacity
    let cw = tank.condenser.waterFlow * (try Coolant.water.specificHeat(at: tank.condenser.waterSupplyTemperature))
    let eps = -expm1(-tank.condenser.ua / cw)
    let tHold = tank.condenser.waterSupplyTemperature + load / (eps * cw)
    if tank.saturation.temperatureRange.contains(tHold) {
      holdingPressure = try tank.saturation.saturationPressure(at: tHold)
      holdingSaturationTemperature = tHold
    } else {
      holdingPressure = nil
      holdingSaturationTemperature = nil
    }
    self.name = name
    self.tank = tank
    self.counts = counts
    self.state = state
    self.load = load
    self.condenserCapacity = capacity
    self.heatToWater = min(load, capacity)
  }

  public var unknownCount: Int { 1 }

  /// The conductance that ties the pool to T_sat, W/K: the load per kelvin (any positive value gives T_sat exactly).
  var tie: Double { max(load, 1) }

  public func assemble(into a: inout SystemAssembly, _ context: TermContext) {
    a.addDiagonal(context.firstUnknown, tie)
    a.addSource(context.firstUnknown, tie * (state.saturationTemperature - a.referenceTemperature))
  }

  /// The load exceeds the condenser's capacity: vapour accumulates and the pressure rises.
  public var vapourBuildUp: Bool { load > condenserCapacity }

  public func heatStreams(_ context: TermContext) -> [HeatStream] {
    var s = [HeatStream(name: "\(name) components", heatIn: load),
             HeatStream(name: "\(name) condenser water", heatIn: -heatToWater)]
    if vapourBuildUp { s.append(HeatStream(name: "\(name) vapour build-up (stored)", heatIn: -(load - heatToWater))) }
    return s
  }

  /// heat_to_liquid (the condenser water's, W), heat_to_air (0), saturation_temperature (K), condenser_capacity,
  /// condenser_margin (capacity − load, W), condenser_margin_fraction (1), vapour_build_up (0/1), vapour_stored_heat
  /// (W), holding_pressure (Pa, NaN beyond the data), condenser_water_return_temperature (K), max_chf_ratio (1); per
  /// surface `SURFACE.chf_ratio`, `.surface_temperature` and `.junction_temperature` (K).
  public func metrics(_ context: TermContext) -> [TermMetric] {
    let cw = tank.condenser.waterFlow * ((try? Coolant.water.specificHeat(at: tank.condenser.waterSupplyTemperature)) ?? .nan)
    var m = [
      TermMetric(name: "heat_to_liquid", value: heatToWater, units: "W"),
      TermMetric(name: "heat_to_air", value: 0, units: "W"),
      TermMetric(name: "saturation_temperature", value: state.saturationTemperature, units: "K"),
      TermMetric(name: "condenser_capacity", value: condenserCapacity, units: "W"),
      TermMetric(name: "condenser_margin", value: condenserCapacity - load, units: "W"),
      TermMetric(name: "condenser_margin_fraction", value: load > 0 ? (condenserCapacity - load) / load : .infinity,
                 units: "1"),
      TermMetric(name: "vapour_build_up", value: vapourBuildUp ? 1 : 0, units: "1"),
      TermMetric(name: "vapour_stored_heat", value: load - heatToWater, units: "W"),
      TermMetric(name: "holding_pressure", value: holdingPressure ?? .nan, units: "Pa"),
      TermMetric(name: "condenser_water_return_temperature",
                 value: tank.condenser.waterSupplyTemperature + heatToWater / cw, units: "K"),
      TermMetric(name: "max_chf_ratio", value: state.surfaces.map(\.chfRatio).max() ?? 0, units: "1"),
    ]
    for s in state.surfaces {
      m.append(TermMetric(name: "\(s.name).chf_ratio", value: s.chfRatio, units: "1"))
      m.append(TermMetric(name: "\(s.name).surface_temperature", value: s.surfaceTemperature, units: "K"))
      m.append(TermMetric(name: "\(s.name).junction_temperature", value: s.junctionTemperature, units: "K"))
    }
    return m
  }

  public func anchoredUnknowns(_ context: TermContext) -> [Int] { [context.firstUnknown] }
}
