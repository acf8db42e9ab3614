import Foundation

/// A single-phase immersion tank: dielectric from the CDU enters at the bottom, rises through the tank and leaves at
/// the top; the servers' heat sinks and boards sit in it and lose heat by mixed convection; the tank stratifies
/// vertically in a zonal (layered) model.
///
/// Zonal model: the multi-node stratified-tank model of Duffie & Beckman (2013), *Solar Engineering of Thermal
/// Processes*, 4th ed., §8.4 (Kleinbach, Beckman & Klein 1993, Solar Energy 50(2), 155): N fully mixed horizontal
/// layers, plug flow upwards from the bottom inlet to the top outlet, each layer's heat added to its flow,
/// h_i = h_(i−1) + Q_i/ṁ (buoyant plumes carry a component's heat up to the highest layer it reaches). The top layer is
/// the outlet. Surfaces: forced h from the flat-plate (Incropera eq. 7.30/7.38) or plate-fin channel (Teertstra et
/// al. 2000) correlation at the tank's superficial velocity, natural h from Churchill & Chu (1975) on the vertical
/// length — the full-range form, Incropera eq. 9.26, by default, the laminar eq. 9.27 if chosen — combined by
/// Churchill (1977), Nu³ = Nu_F³ + Nu_N³ (upward flow assists buoyancy on a heated vertical surface), properties at
/// the film temperature. Hydraulics: ΔP = K ½ρ v_port² through the inlet and outlet ports, pump power V̇ ΔP/η.
/// Tank walls are adiabatic: every watt leaves in the liquid.
public struct SinglePhaseImmersionTank: Sendable {
  /// Which Churchill–Chu vertical-plate form gives the natural-convection part.
  public enum NaturalForm: String, Sendable, CaseIterable {
    /// Incropera eq. 9.26, all Ra.
    case fullRange
    /// Incropera eq. 9.27, Ra ≤ 10⁹.
    case laminar
  }

  /// An immersed heat-dissipating surface: a board or a heat sink.
  public struct Component: Sendable {
    public var name: String
    /// Heat (W).
    public var power: Double
    /// Height of the surface's bottom edge above the tank floor, and its vertical length L (m).
    public var elevation: Double
    public var length: Double
    /// Wetted area A (m²) and overall surface efficiency η_o (fins; 1 for a board).
    public var area: Double
    public var surfaceEfficiency: Double
    /// Fin spacing b (m) of a plate-fin heat sink with vertical fins; nil for a plain plate (board).
    public var finSpacing: Double?
    /// Junction-to-surface resistance (K/W), for the junction temperature.
    public var junctionResistance: Double

    public init(name: String, power: Double, elevation: Double, length: Double, area: Double,
                surfaceEfficiency: Double = 1, finSpacing: Double? = nil, junctionResistance: Double = 0) {
      self.name = name
      self.power = power
      self.elevation = elevation
      self.length = length
      self.area = area
      self.surfaceEfficiency = surfaceEfficiency
      self.finSpacing = finSpacing
      self.junctionResistance = junctionResistance
    }
  }

  /// A component's thermal state.
  public struct ComponentState: Sendable, Equatable {
    public var name: String
    /// Local fluid (its layer), surface and junction temperatures (K).
    public var fluidTemperature: Double
    public var surfaceTemperature: Double
    public var junctionTemperature: Double
    /// Forced, natural and combined Nusselt numbers on the vertical length L, and the combined h (W/m²K).
    public var forcedNusselt: Double
    public var naturalNusselt: Double
    public var mixedNusselt: Double
    public var heatTransferCoefficient: Double
    /// Richardson-like ratio (Nu_N/Nu_F)³: > 1 where buoyancy dominates.
    public var buoyancyRatio: Double
  }

  /// The tank's state.
  public struct State: Sendable, Equatable {
    /// Layer temperatures, bottom to top (K).
    public var layerTemperatures: [Double]
    /// Tank inlet, outlet and top-layer temperatures (K).
    public var inletTemperature: Double
    public var outletTemperature: Double
    public var topLayerTemperature: Double
    public var components: [ComponentState]
    /// Mass flow (kg/s), superficial velocity (m/s), ΔP (Pa), pump power (W).
    public var massFlow: Double
    public var superficialVelocity: Double
    public var pressureDrop: Double
    public var pumpPower: Double
    /// Heat to the liquid ṁ(h_out − h_in) (W), the heat the components give (W), and their difference (W).
    public var heatToLiquid: Double
    public var componentPower: Double
    public var energyImbalance: Double
  }

  public var name: String
  public var coolant: Coolant
  /// Volume flow from the CDU (m³/s at the supply temperature) and the supply temperature (K).
  public var flow: Double
  public var supplyTemperature: Double
  /// Liquid depth (m), the horizontal free area the flow rises through (m²), number of layers.
  public var depth: Double
  public var flowArea: Double
  public var layers: Int
  /// Inlet + outlet port area (m², each) and their total loss coefficient K (entry, exit, distributor).
  public var portArea: Double
  public var portLossCoefficient: Double
  public var pumpEfficiency: Double
  public var naturalForm: NaturalForm
  public var components: [Component]

  /// Throws `CoolingError.invalidInput` naming the key for a non-positive size or flow, or a component outside the tank.
  public init(name: String = "immersion", coolant: Coolant, flow: Double, supplyTemperature: Double, depth: Double,
              flowArea: Double, layers: Int = 10, portArea: Double, portLossCoefficient: Double = 3,
              pumpEfficiency: Double = 0.5, naturalForm: NaturalForm = .fullRange, components: [Component]) throws {
    func bad(_ key: String, _ expected: String, _ found: Any) -> CoolingError {
      .invalidInput(location: "\(name).\(key)", expected: expected, found: "\(found)")
    }
    guard flow > 0, flow.isFinite else { throw bad("flow", "a flow > 0 m³/s (the tank needs forced flow from the CDU)", flow) }
    guard depth > 0, flowArea > 0, portArea > 0 else { throw bad("geometry", "depth, flow area and port area > 0", [depth, flowArea, portArea]) }
    guard layers >= 1 else { throw bad("layers", "at least one layer", layers) }
    guard pumpEfficiency > 0, pumpEfficiency <= 1, portLossCoefficient >= 0 else {
      throw bad("pump", "a pump efficiency in (0, 1] and K ≥ 0", [pumpEfficiency, portLossCoefficient])
    }
    try coolant.check(supplyTemperature, context: "\(name).supplyTemperature")
    for (i, c) in components.enumerated() {
      guard c.power >= 0, c.area > 0, c.length > 0, c.elevation >= 0, c.elevation + c.length <= depth + 1e-12,
            c.surfaceEfficiency > 0, c.surfaceEfficiency <= 1, (c.finSpacing ?? 1) > 0, c.junctionResistance >= 0 else {
        throw bad("components.\(i)", "power ≥ 0, area and length > 0, η_o in (0, 1], the surface within the liquid depth \(depth) m",
                  "\(c.name): power \(c.power) W, area \(c.area) m², z \(c.elevation)…\(c.elevation + c.length) m, η_o \(c.surfaceEfficiency)")
      }
    }
    self.name = name
    self.coolant = coolant
    self.flow = flow
    self.supplyTemperature = supplyTemperature
    self.depth = depth
    self.flowArea = flowArea
    self.layers = layers
    self.portArea = portArea
    self.portLossCoefficient = portLossCoefficient
    self.pumpEfficiency = pumpEfficiency
    self.naturalForm = naturalForm
    self.components = components
  }

  /// The layer (0 = bottom) that holds height z (m).
  func layer(at z: Double) -> Int { min(max(Int(z / depth * Double(layers)), 0), layers - 1) }

  /// The highest layer a surface whose top edge is at z (m) reaches: a top edge on a layer boundary stays below it.
  func topLayer(at z: Double) -> Int {
    min(max(Int((z / depth * Double(layers) - 1e-9).rounded(.up)) - 1, 0), layers - 1)
  }

  /// Solves the layers and every component's temperature. Throws when a temperature leaves the coolant's range.
  public func state() throws -> State {
    let inlet = try coolant.properties(at: supplyTemperature, context: "\(name) supply")
    let m = flow * inlet.density
    var heat = [Double](repeating: 0, count: layers)
    for c in components { heat[topLayer(at: c.elevation + c.length)] += c.power }
    var h = inlet.enthalpy
    var temps: [Double] = []
    for i in 0..<layers {
      h += heat[i] / m
      temps.append(try coolant.temperature(enthalpy: h, context: "\(name) layer \(i)"))
    }
    let velocity = flow / flowArea
    let states = try components.map { c in
      try componentState(c, fluidTemperature: temps[layer(at: c.elevation + 0.5 * c.length)], velocity: velocity)
    }
    let out = temps[layers - 1]
    let heatToLiquid = m * (try coolant.enthalpy(at: out) - inlet.enthalpy)
    let power = components.reduce(0) { $0 + $1.power }
    let vPort = flow / portArea
    let dp = portLossCoefficient * 0.5 * inlet.density * vPort * vPort
    return State(layerTemperatures: temps, inletTemperature: supplyTemperature, outletTemperature: out,
                 topLayerTemperature: out, components: states, massFlow: m, superficialVelocity: velocity,
                 pressureDrop: dp, pumpPower: flow * dp / pumpEfficiency, heatToLiquid: heatToLiquid,
                 componentPower: power, energyImbalance: heatToLiquid - power)
  }

  /// Nusselt numbers and h (W/m²K) of a component at surface temperature ts in fluid at tf, velocity v.
  func convection(_ c: Component, surface ts: Double, fluid tf: Double, velocity v: Double) throws
    -> (forced: Double, natural: Double, mixed: Double, h: Double) {
    let film = 0.5 * (ts + tf)
    let p = try coolant.properties(at: film, context: "\(name) \(c.name) film")
    let nu = p.viscosity / p.density
    let pr = p.viscosity * p.specificHeat / p.conductivity
    let alpha = nu / pr
    // β from the density table: −(1/ρ) dρ/dT by a central difference of ±1 K within the range.
    let lo = max(film - 1, coolant.range.lowerBound), hi = min(film + 1, coolant.range.upperBound)
    let beta = -(try coolant.density(at: hi) - coolant.density(at: lo)) / ((hi - lo) * p.density)
    let ra = rayleighNumber(beta: beta, deltaT: ts - tf, length: c.length, kinematicViscosity: nu, diffusivity: alpha)
    let natL = naturalForm == .fullRange ? nusseltVerticalPlateChurchillChu(rayleigh: ra, prandtl: pr)
                                         : nusseltVerticalPlateChurchillChuLaminar(rayleigh: ra, prandtl: pr)
    let hNat = natL * p.conductivity / c.length
    let hForced: Double
    if let b = c.finSpacing {
      hForced = nusseltPlateFinChannel(channelReynolds: v * b / nu, prandtl: pr, spacing: b, length: c.length)
        * p.conductivity / b
    } else {
      hForced = nusseltFlatPlate(reynolds: v * c.length / nu, prandtl: pr) * p.conductivity / c.length
    }
    // Combine as h (same length scale on both sides, so Nu³ = Nu_F³ + Nu_N³ is h³ = h_F³ + h_N³).
    let h = nusseltMixedConvection(forced: hForced, natural: hNat)
    let scale = c.length / p.conductivity
    return (hForced * scale, natL, h * scale, h)
  }

  /// A component's state in fluid at `tf` (K) flowing up at superficial velocity `v` (m/s): the surface temperature
  /// solving P = η_o h(T_s) A (T_s − T_f) by bisection, its junction, and the Nusselt numbers.
  public func componentState(_ c: Component, fluidTemperature tf: Double, velocity v: Double) throws -> ComponentState {
    var ts = tf
    if c.power > 0 {
      // P = η_o h(T_s) A (T_s − T_f) rises monotonically with T_s: bisection while the film stays in the fluid's range.
      let top = coolant.range.upperBound
      func residual(_ t: Double) throws -> Double {
        let (_, _, _, h) = try convection(c, surface: t, fluid: tf, velocity: v)
        return c.surfaceEfficiency * h * c.area * (t - tf) - c.power
      }
      var lo = tf, hi = min(tf + 400, 2 * top - tf)
      guard try residual(hi) > 0 else {
        throw CoolingError.temperatureOutOfRange(fluid: coolant.name, temperature: hi, range: coolant.range,
                                                 context: "\(name) \(c.name) surface (film temperature)")
      }
      for _ in 0..<100 {
        let mid = 0.5 * (lo + hi)
        if try residual(mid) > 0 { hi = mid } else { lo = mid }
        if hi - lo < 1e-10 { break }
      }
      ts = 0.5 * (lo + hi)
    }
    let conv = try convection(c, surface: max(ts, tf + 1e-6), fluid: tf, velocity: v)
    return ComponentState(name: c.name, fluidTemperature: tf, surfaceTemperature: ts,
                          junctionTemperature: ts + c.power * c.junctionResistance, forcedNusselt: conv.forced,
                          naturalNusselt: conv.natural, mixedNusselt: conv.mixed, heatTransferCoefficient: conv.h,
                          buoyancyRatio: pow(conv.natural / max(conv.forced, 1e-300), 3))
  }
}
