import Foundation
import RackTwinThermal

/// A single-phase immersion tank as a term of the energy equation: its own unknowns are the temperatures of the
/// tank's layers (bottom to top), each a plug-flow stage C_i (T_i − T_(i−1)) = Q_i fed by the components whose
/// plumes reach it; the components' temperatures follow from their layer by mixed convection.
///
/// The physics is `SinglePhaseImmersionTank`'s (Duffie & Beckman 2013 §8.4 layered tank; Churchill–Chu and Churchill
/// 1977 mixed convection; see there). C_i = ṁ c̄_p with c̄_p = [h(T_i) − h(T_(i−1))]/(T_i − T_(i−1)) at the latest
/// iterate (Picard), so the heat to the liquid ṁ(h_out − h_in) equals the components' power at convergence.
///
/// A component is either lumped — the term owns its power (count × P into its top layer), so a tank is sized from
/// powers alone on a mesh without cells — or coupled to the cells of a mesh (`Coupling`): its power is the mesh's
/// (a `SourceTerm`), and its cells exchange heat with the fluid of the layer at its mid-height through G = η_o h A,
/// shared by the cells' weights, h the same mixed-convection h at the cells' weighted mean temperature (Picard);
/// that heat joins the layer its plume tops out in. Heat streams: the lumped power in and the liquid's
/// ṁ(h_out − h_in) out, so the model's energy balance covers the tank. Walls are adiabatic: heat to air is 0.
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
  /// Components coupled to mesh cells, and each one's G = η_o h A (W/K, updated by Picard).
  public let couplings: [Coupling]
  var couplingConductance: [Double]

  /// A component of the tank coupled to cells of the mesh: `tank.components[component]`'s surface is those cells.
  public struct Coupling: Sendable, Equatable {
    public var component: Int
    /// Cells (mesh numbering) and their weights (summing to 1; the component's power fractions suit).
    public var cells: [Int]
    public var weights: [Double]
    public init(component: Int, cells: [Int], weights: [Double]) {
      self.component = component
      self.cells = cells
      self.weights = weights
    }
  }

  /// - Parameter counts: copies of each component (default one each); every copy sits at the component's elevation,
  ///   so the layers get count × power and each copy's temperature is the component's.
  /// - Throws: `temperatureOutOfRange` when the supply is outside the coolant's data; `invalidInput` for a count < 1
  ///   or a count list of the wrong length.
  ///   `couplings`: components whose surface is mesh cells (count 1 each; their power comes from the mesh).
  public init(name: String = "immersion", tank: SinglePhaseImmersionTank, counts: [Int]? = nil,
              couplings: [Coupling] = []) throws {
    let counts = counts ?? [Int](repeating: 1, count: tank.components.count)
    guard counts.count == tank.components.count, counts.allSatisfy({ $0 >= 1 }) else {
      throw CoolingError.invalidInput(location: "\(name).count", expected: "one count ≥ 1 per component",
                                      found: "\(counts)")
    }
    for k in couplings {
      guard tank.components.indices.contains(k.component), !k.cells.isEmpty, k.cells.count == k.weights.count,
            counts[k.component] == 1 else {
        throw CoolingError.invalidInput(location: "\(name).surfaces.\(k.component)",
                                        expected: "a component of the tank with cells, one copy (count 1: the mesh holds it)",
                                        found: "component \(k.component), \(k.cells.count) cells, count \(counts.indices.contains(k.component) ? counts[k.component] : 0)")
      }
    }
    let coupled = Set(couplings.map(\.component))
    let inlet = try tank.coolant.properties(at: tank.supplyTemperature, context: "\(name) supply")
    var heat = [Double](repeating: 0, count: tank.layers)
    for (i, (c, n)) in zip(tank.components, counts).enumerated() where !coupled.contains(i) {
      heat[tank.topLayer(at: c.elevation + c.length)] += Double(n) * c.power
    }
    // G of a coupled component at its lumped operating point in supply-temperature fluid: a start for Picard.
    let v = tank.flow / tank.flowArea
    self.couplingConductance = try couplings.map { k -> Double in
      let c = tank.components[k.component]
      let st = try tank.componentState(c, fluidTemperature: tank.supplyTemperature, velocity: v)
      return c.surfaceEfficiency * st.heatTransferCoefficient * c.area
    }
    self.couplings = couplings
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

  /// Layers of a coupled component: the fluid it sees (mid-height) and the one its plume tops out in.
  func couplingLayers(_ k: Coupling) -> (fluid: Int, top: Int) {
    let c = tank.components[k.component]
    return (tank.layer(at: c.elevation + 0.5 * c.length), tank.topLayer(at: c.elevation + c.length))
  }

  public func matrixEntries(_ context: TermContext) -> [SystemEntry] {
    let first = context.firstUnknown
    var entries = Set((1..<max(tank.layers, 1)).map { SystemEntry(row: first + $0, column: first + $0 - 1) })
    for k in couplings {
      let (f, t) = couplingLayers(k)
      if f != t { entries.insert(SystemEntry(row: first + t, column: first + f)) }
      for c in k.cells {
        entries.insert(SystemEntry(row: c, column: first + f))
        entries.insert(SystemEntry(row: first + t, column: c))
      }
    }
    return entries.sorted { ($0.row, $0.column) < ($1.row, $1.column) }
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
    // Coupled cells: g (θ_c − θ_f) leaves cell c and enters layer t.
    for (j, k) in couplings.enumerated() {
      let (f, t) = couplingLayers(k)
      for (c, w) in zip(k.cells, k.weights) {
        let g = w * couplingConductance[j]
        a.addDiagonal(c, g)
        a.add(-g, row: c, column: first + f)
        a.add(-g, row: first + t, column: c)
        if f == t { a.addDiagonal(first + t, g) } else { a.add(g, row: first + t, column: first + f) }
      }
    }
  }

  /// A coupled component's surface temperature: its cells' weighted mean (K).
  func surfaceTemperature(_ k: Coupling, _ context: TermContext) -> Double {
    guard context.temperature.count > (k.cells.max() ?? 0) else { return tank.supplyTemperature }
    return zip(k.cells, k.weights).reduce(0) { $0 + $1.1 * context.temperature[$1.0] }
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
    let v = tank.flow / tank.flowArea
    for (j, k) in couplings.enumerated() {
      let c = tank.components[k.component]
      let tf = t[couplingLayers(k).fluid]
      let ts = max(surfaceTemperature(k, context), tf + 1e-3)
      couplingConductance[j] = c.surfaceEfficiency * (try tank.convection(c, surface: ts, fluid: tf, velocity: v).h) * c.area
    }
  }

  /// Heat into the liquid, W: ṁ(h_out − h_in).
  public func heatToLiquid(_ context: TermContext) -> Double {
    let out = layerTemperatures(context)[tank.layers - 1]
    guard let h1 = try? tank.coolant.enthalpy(at: out), let h0 = try? tank.coolant.enthalpy(at: tank.supplyTemperature)
    else { return layerHeat.reduce(0, +) }
    return massFlow * (h1 - h0)
  }

  /// The lumped components' states in their layers (mixed convection, `SinglePhaseImmersionTank.componentState`;
  /// a coupled component's state is solved for its own power there too, for comparison with its cells).
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
    let coupled = Dictionary(couplings.enumerated().map { ($1.component, $0) }, uniquingKeysWith: { a, _ in a })
    for (i, c) in tank.components.enumerated() {
      if let j = coupled[i] {
        // Coupled: the cells' mean and the heat they give the fluid, G (T_s − T_f).
        let k = couplings[j]
        let ts = surfaceTemperature(k, context)
        m.append(TermMetric(name: "\(c.name).surface_temperature", value: ts, units: "K"))
        m.append(TermMetric(name: "\(c.name).heat_to_fluid", value: couplingConductance[j] * (ts - t[couplingLayers(k).fluid]),
                            units: "W"))
        continue
      }
      m.append(TermMetric(name: "\(c.name).surface_temperature", value: states?[i].surfaceTemperature ?? .nan, units: "K"))
      m.append(TermMetric(name: "\(c.name).junction_temperature", value: states?[i].junctionTemperature ?? .nan,
                          units: "K"))
    }
    return m
  }

  /// Every layer (the first is tied to the supply, each next one to the one below) and the coupled cells.
  public func anchoredUnknowns(_ context: TermContext) -> [Int] {
    Array(context.firstUnknown..<(context.firstUnknown + tank.layers)) + couplings.flatMap(\.cells)
  }
}
