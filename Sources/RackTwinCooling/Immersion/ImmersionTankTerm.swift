import Foundation
import RackTwinThermal

/// A single-phase immersion tank as a term of the energy equation: its own unknowns are the temperatures of the
/// tank's layers (bottom to top), each a plug-flow stage C_i (T_i − T_(i−1)) = Q_i fed by the components whose
/// plumes reach it; the components' temperatures follow from their layer by mixed convection.
///
/// The physics is `SinglePhaseImmersionTank`'s (Duffie & Beckman 2013 §8.4 layered tank; Churchill–Chu and Churchill
/// 1977 mixed convection; see there). C_i = ṁ c̄_p with c̄_p = [h(T_i) − h(T_(i−1))]/(T_i − T_(i−1)) at the latest
/// iterate (Picard), so the heat to the liquid ṁ(h_out − h_in) equals the components' power at convergence. The term
/// owns its components' power (lumped: the tank is sized from powers alone, on a mesh without cells or beside one);
/// its heat streams are that power in and the liquid's ṁ(h_out − h_in) out, so the model's energy balance covers the
/// tank. Walls are adiabatic: heat to air is 0.
public struct ImmersionTankTerm: ThermalTerm {
  public let name: String
  public let tank: SinglePhaseImmersionTank
  /// Q_i, W: the components' power by the layer their plume tops out in.
  public let layerHeat: [Double]
  /// ṁ, kg/s.
  public let massFlow: Double
  /// How many identical copies of each of `tank.components` the tank holds (servers of one kind), ≥ 1.
  public let counts: [Int]
  /// C_i = ṁ c̄_p, W/K (updated by Picard).
  var layerCapacity: [Double]

  /// - Parameter counts: copies of each component (default one each); every copy sits at the component's elevation,
  ///   so the layers get count × power and each copy's temperature is the component's.
  /// - Throws: `temperatureOutOfRange` when the supply is outside the coolant's data; `invalidInput` for a count < 1
  ///   or a count list of the wrong length.
  public init(name: String = "immersion", tank: SinglePhaseImmersionTank, counts: [Int]? = nil) throws {
    let counts = counts ?? [Int](repeating: 1, count: tank.components.count)
    guard counts.count == tank.components.count, counts.allSatisfy({ $0 >= 1 }) else {
      throw CoolingError.invalidInput(location: "\(name).count", expected: "one count ≥ 1 per component",
                                      found: "\(counts)")
    }
    let inlet = try tank.coolant.properties(at: tank.supplyTemperature, context: "\(name) supply")
    var heat = [Double](repeating: 0, count: tank.layers)
    for (c, n) in zip(tank.components, counts) { heat[tank.topLayer(at: c.elevation + c.length)] += Double(n) * c.power }
    self.counts = counts
    self.name = name
    self.tank = tank
    self.layerHeat = heat
    self.massFlow = tank.flow * inlet.density
    self.layerCapacity = [Double](repeating: massFlow * inlet.specificHeat, count: tank.layers)
  }

  public var unknownCount: Int { tank.layers }
  public var isNonlinear: Bool { true }
  public var isSymmetric: Bool { false }

  public func matrixEntries(_ context: TermContext) -> [SystemEntry] {
    (1..<max(tank.layers, 1)).map { SystemEntry(row: context.firstUnknown + $0, column: context.firstUnknown + $0 - 1) }
  }

  public func assemble(into a: inout SystemAssembly, _ context: TermContext) {
    let first = context.firstUnknown
    for i in 0..<tank.layers {
      let c = layerCapacity[i]
      a.addDiagonal(first + i, c)
      a.addSource(first + i, layerHeat[i])
      if i == 0 { a.addSource(first, c * (tank.supplyTemperature - a.referenceTemperature)) } else {
        a.add(-c, row: first + i, column: first + i - 1)
      }
    }
  }

  /// Layer temperatures, bottom to top, K.
  public func layerTemperatures(_ context: TermContext) -> [Double] {
    guard context.temperature.count >= context.firstUnknown + tank.layers else {
      return [Double](repeating: tank.supplyTemperature, count: tank.layers)
    }
    return Array(context.temperature[context.firstUnknown..<(context.firstUnknown + tank.layers)])
  }

  public mutating func update(_ context: TermContext) throws {
    let t = layerTemperatures(context)
    var upstream = tank.supplyTemperature
    for i in 0..<tank.layers {
      let h1 = try tank.coolant.properties(at: t[i], context: "\(name) layer \(i + 1) of \(tank.layers)").enthalpy
      let h0 = try tank.coolant.enthalpy(at: upstream)
      let dt = t[i] - upstream
      layerCapacity[i] = massFlow * (abs(dt) > 1e-9 ? (h1 - h0) / dt : try tank.coolant.specificHeat(at: t[i]))
      upstream = t[i]
    }
  }

  /// Heat into the liquid, W: ṁ(h_out − h_in).
  public func heatToLiquid(_ context: TermContext) -> Double {
    let out = layerTemperatures(context)[tank.layers - 1]
    guard let h1 = try? tank.coolant.enthalpy(at: out), let h0 = try? tank.coolant.enthalpy(at: tank.supplyTemperature)
    else { return layerHeat.reduce(0, +) }
    return massFlow * (h1 - h0)
  }

  /// The components' states in their layers (mixed convection, `SinglePhaseImmersionTank.componentState`).
  public func componentStates(_ context: TermContext) throws -> [SinglePhaseImmersionTank.ComponentState] {
    let t = layerTemperatures(context)
    let v = tank.flow / tank.flowArea
    return try tank.components.map {
      try tank.componentState($0, fluidTemperature: t[tank.layer(at: $0.elevation + 0.5 * $0.length)], velocity: v)
    }
  }

  public func heatStreams(_ context: TermContext) -> [HeatStream] {
    [HeatStream(name: "\(name) components", heatIn: layerHeat.reduce(0, +)),
     HeatStream(name: "\(name) liquid", heatIn: -heatToLiquid(context))]
  }

  /// heat_to_liquid, heat_to_air (0: adiabatic walls) (W); tank inlet, outlet and top-layer temperatures (K); ΔP
  /// (Pa) and pump power (W); per component `COMPONENT.surface_temperature` and `.junction_temperature` (K; NaN when
  /// the surface leaves the fluid's data).
  public func metrics(_ context: TermContext) -> [TermMetric] {
    let t = layerTemperatures(context)
    let rho = (try? tank.coolant.properties(at: tank.supplyTemperature).density) ?? .nan
    let vPort = tank.flow / tank.portArea
    let dp = tank.portLossCoefficient * 0.5 * rho * vPort * vPort
    var m = [
      TermMetric(name: "heat_to_liquid", value: heatToLiquid(context), units: "W"),
      TermMetric(name: "heat_to_air", value: 0, units: "W"),
      TermMetric(name: "tank_inlet_temperature", value: tank.supplyTemperature, units: "K"),
      TermMetric(name: "tank_outlet_temperature", value: t[tank.layers - 1], units: "K"),
      TermMetric(name: "tank_top_temperature", value: t[tank.layers - 1], units: "K"),
      TermMetric(name: "tank_pressure_drop", value: dp, units: "Pa"),
      TermMetric(name: "tank_pump_power", value: tank.flow * dp / tank.pumpEfficiency, units: "W"),
    ]
    let states = try? componentStates(context)
    for (i, c) in tank.components.enumerated() {
      m.append(TermMetric(name: "\(c.name).surface_temperature", value: states?[i].surfaceTemperature ?? .nan, units: "K"))
      m.append(TermMetric(name: "\(c.name).junction_temperature", value: states?[i].junctionTemperature ?? .nan,
                          units: "K"))
    }
    return m
  }

  /// Every layer: the first is tied to the supply, each next one to the one below.
  public func anchoredUnknowns(_ context: TermContext) -> [Int] {
    Array(context.firstUnknown..<(context.firstUnknown + tank.layers))
  }
}
