import Foundation
import RackTwinNumerics

extension HydraulicNetwork {
  /// Settings of the network solve.
  public struct SolveOptions: Sendable, Equatable {
    /// Newton stops when no mass flow changes by more than this times the largest flow.
    public var flowTolerance: Double = 1e-11
    public var maxNewtonIterations: Int = 100
    /// Outer iterations (properties at branch temperatures) stop when no temperature changes by more (K).
    public var temperatureTolerance: Double = 1e-7
    public var maxTemperatureIterations: Int = 50
    /// Temperature (K) for properties before the first energy solve; default: the first set point or boundary
    /// temperature, else 25 °C.
    public var initialTemperature: Double?
    public init() {}
  }

  /// Solves flows, pressures and temperatures with the coolant's properties at each branch's mean temperature.
  ///
  /// - Throws: `CoolingError` for invalid elements or topology (`validate()`), a pump that cannot meet the system
  ///   curve, heat into a branch without flow, a loop where nothing fixes the temperature, a coolant temperature
  ///   outside the fluid's range (naming the element), or Newton not converging.
  public func solve(coolant: Coolant, options: SolveOptions = SolveOptions()) throws -> NetworkSolution {
    try validate()
    let nodeList = nodes
    let index = Dictionary(uniqueKeysWithValues: nodeList.enumerated().map { ($1, $0) })
    var fixedPressure = [Double?](repeating: nil, count: nodeList.count)
    for (n, b) in boundaries {
      guard b.pressure.isFinite else {
        throw CoolingError.invalidInput(location: "node \(n): pressure", expected: "a finite pressure",
                                        found: "\(b.pressure)")
      }
      fixedPressure[index[n]!] = b.pressure
    }
    if boundaries.isEmpty {
      let firstPump = elements.first { if case .pump = $0.kind { return true } else { return false } }!
      fixedPressure[index[firstPump.from]!] = 0
    }
    let start = options.initialTemperature
      ?? elements.compactMap(\.outletTemperature).first
      ?? boundaries.keys.sorted().compactMap { boundaries[$0]!.temperature }.first
      ?? Coolant.referenceTemperature
    var meanTemperature = [Double](repeating: start, count: elements.count)
    var flows: [Double]? = nil
    var last: (hydraulic: HydraulicState, energy: EnergyState)? = nil
    var outer = 0
    while outer < options.maxTemperatureIterations {
      outer += 1
      var props: [CoolantProperties] = []
      for (k, e) in elements.enumerated() {
        props.append(try coolant.properties(at: meanTemperature[k], context: "element \(e.name)"))
      }
      let hydraulic = try solveHydraulics(props: props, index: index, fixedPressure: fixedPressure,
                                          start: flows, options: options)
      if let residual = hydraulic.unconverged {
        // Newton stalled. If its flows are already close, the coolant those flows would carry may leave its range
        // (20 kW on 1 L/min of water, with a law whose tiny slope leaves the flows at round-off ~1e-8): that
        // impossible physics is the error to report (exit 2, naming the element and the temperature it would
        // reach), not the stall. Otherwise, or if the coolant stays in range, the stall is reported.
        if residual <= Self.closeEnoughForEnergy {
          _ = try solveEnergy(coolant: coolant, massFlow: hydraulic.massFlow, index: index,
                              nodeCount: nodeList.count, isothermalTemperature: start)
        }
        throw CoolingError.notConverged(iterations: hydraulic.iterations, residual: residual)
      }
      flows = hydraulic.massFlow
      let energy = try solveEnergy(coolant: coolant, massFlow: hydraulic.massFlow, index: index,
                                   nodeCount: nodeList.count, isothermalTemperature: start)
      var change = 0.0
      for k in elements.indices {
        let t = energy.inlet[k].isNaN ? meanTemperature[k] : 0.5 * (energy.inlet[k] + energy.outlet[k])
        change = max(change, abs(t - meanTemperature[k]))
        meanTemperature[k] = t
      }
      last = (hydraulic, energy)
      if change <= options.temperatureTolerance { break }
    }
    let (hydraulic, energy) = last!
    return try report(coolant: coolant, nodeList: nodeList, index: index, hydraulic: hydraulic, energy: energy,
                      meanTemperature: meanTemperature, outer: outer)
  }

  struct HydraulicState {
    var massFlow: [Double]
    var pressure: [Double]
    var density: [Double]
    var iterations: Int
    /// The last relative flow change when Newton stopped at its iteration limit; nil when it converged.
    var unconverged: Double? = nil
  }

  /// A stalled Newton whose last relative flow change is at most this has flows good to 0.1 %: enough to say the
  /// coolant leaves its range (an error in the flow moves a rise Q/(ṁc_p) by the same 0.1 %).
  static let closeEnoughForEnergy = 1e-3

  struct EnergyState {
    var nodeEnthalpy: [Double]
    var inlet: [Double]
    var outlet: [Double]
    var heat: [Double]
    var nodeTemperature: [Double]
  }

  /// Global gradient algorithm (Todini & Pilati 1988): Newton on [D −A; Aᵀ 0][Δm; p] with the flows eliminated,
  /// (Aᵀ D⁻¹ A) p = …, then the flow update m ← m + D⁻¹(A p − ΔP(m)). Unknowns are mass flows, so continuity holds
  /// in mass whatever the densities.
  func solveHydraulics(props: [CoolantProperties], index: [String: Int], fixedPressure: [Double?],
                       start: [Double]?, options: SolveOptions) throws -> HydraulicState {
    let nLinks = elements.count
    let from = elements.map { index[$0.from]! }
    let to = elements.map { index[$0.to]! }
    let rho = props.map(\.density)
    var row = [Int](repeating: -1, count: fixedPressure.count)
    var nUnknown = 0
    for n in fixedPressure.indices where fixedPressure[n] == nil { row[n] = nUnknown; nUnknown += 1 }
    var fixedFlow = [Double?](repeating: nil, count: nLinks)
    for (k, e) in elements.enumerated() {
      if case let .pump(p) = e.kind, case let .fixedFlow(q) = p.curve { fixedFlow[k] = rho[k] * q }
    }
    let pumpFlows = elements.compactMap { e -> Double? in
      if case let .pump(p) = e.kind { return p.maximumFlow.isFinite ? p.maximumFlow / 2 : nil } else { return nil }
    }
    let q0 = pumpFlows.min() ?? 1e-4
    var m = start ?? (0..<nLinks).map { rho[$0] * q0 }
    for k in 0..<nLinks { if let f = fixedFlow[k] { m[k] = f } }
    var p = fixedPressure.map { $0 ?? 0 }
    var iterations = 0
    var lastChange = Double.infinity
    while iterations < options.maxNewtonIterations {
      iterations += 1
      var drop = [Double](repeating: 0, count: nLinks)
      var d = [Double](repeating: 0, count: nLinks)
      for k in 0..<nLinks where fixedFlow[k] == nil {
        let e = elements[k]
        let law = e.kind.pressureDrop(flow: m[k] / rho[k], density: rho[k], viscosity: props[k].viscosity)!
        drop[k] = law.drop * e.foulingFactor
        d[k] = law.slope * e.foulingFactor / rho[k]
      }
      // A flat pump curve or a law at zero flow has no slope: floor it (EPANET floors at a small constant).
      let dMax = d.max() ?? 1
      for k in 0..<nLinks where fixedFlow[k] == nil { d[k] = max(d[k], 1e-8 * dMax, Double.leastNormalMagnitude) }
      var matrix = [Double](repeating: 0, count: nUnknown * nUnknown)
      var rhs = [Double](repeating: 0, count: nUnknown)
      for k in 0..<nLinks {
        let (i, j) = (from[k], to[k])
        if fixedFlow[k] != nil {
          if row[i] >= 0 { rhs[row[i]] -= m[k] }
          if row[j] >= 0 { rhs[row[j]] += m[k] }
          continue
        }
        let known = (fixedPressure[i] ?? 0) - (fixedPressure[j] ?? 0)
        let y = (drop[k] - known) / d[k]
        let w = 1 / d[k]
        if row[i] >= 0 { rhs[row[i]] += -m[k] + y; matrix[row[i] * nUnknown + row[i]] += w }
        if row[j] >= 0 { rhs[row[j]] += m[k] - y; matrix[row[j] * nUnknown + row[j]] += w }
        if row[i] >= 0 && row[j] >= 0 {
          matrix[row[i] * nUnknown + row[j]] -= w
          matrix[row[j] * nUnknown + row[i]] -= w
        }
      }
      let solved: [Double]
      do { solved = try DenseLinearAlgebra.solveCholesky(matrix, n: nUnknown, rhs) } catch {
        solved = try DenseLinearAlgebra.solveLU(matrix, n: nUnknown, rhs)
      }
      for n in fixedPressure.indices where row[n] >= 0 { p[n] = solved[row[n]] }
      var change = 0.0
      var scale = 0.0
      for k in 0..<nLinks where fixedFlow[k] == nil {
        let dm = (p[from[k]] - p[to[k]] - drop[k]) / d[k]
        m[k] += dm
        change = max(change, abs(dm))
      }
      for k in 0..<nLinks { scale = max(scale, abs(m[k])) }
      lastChange = change / max(scale, 1e-300)
      if change <= options.flowTolerance * scale { break }
      if iterations == options.maxNewtonIterations {
        return HydraulicState(massFlow: m, pressure: p, density: rho, iterations: iterations, unconverged: lastChange)
      }
    }
    return HydraulicState(massFlow: m, pressure: p, density: rho, iterations: iterations)
  }

  /// Carries enthalpy along the flow in topological order: a branch's outlet is its inlet plus heat/ṁ (or its set
  /// point), a node mixes what enters it, h = Σ ṁ h_out / Σ ṁ.
  func solveEnergy(coolant: Coolant, massFlow m: [Double], index: [String: Int], nodeCount: Int,
                   isothermalTemperature: Double) throws
    -> EnergyState {
    let scale = m.map(abs).max() ?? 0
    let flowing = m.map { abs($0) > 1e-12 * scale && scale > 0 }
    var upstream = [Int](repeating: 0, count: m.count)
    var downstream = [Int](repeating: 0, count: m.count)
    var entering = [[Int]](repeating: [], count: nodeCount)
    var leaving = [[Int]](repeating: [], count: nodeCount)
    for (k, e) in elements.enumerated() {
      guard flowing[k] else {
        if e.addsHeat {
          throw CoolingError.noHeatPath(location: "element \(e.name)",
                                        detail: "expected coolant flow to carry its heat away, found no flow "
                                          + "through it (no steady state)")
        }
        continue
      }
      (upstream[k], downstream[k]) = m[k] > 0 ? (index[e.from]!, index[e.to]!) : (index[e.to]!, index[e.from]!)
      entering[downstream[k]].append(k)
      leaving[upstream[k]].append(k)
    }
    // Coolant entering from outside at a fixed-pressure node: its temperature is the boundary's. A single
    // fixed-pressure node is an expansion tank on a closed loop: continuity at every other node makes its net flow
    // zero, and what the solve leaves there is rounding, not an inflow (found through the case layer: a reference
    // node on a 26-element loop showed a net 1e-11 of the flow and asked for an inflow temperature).
    var external = [Double](repeating: 0, count: nodeCount)
    var externalEnthalpy = [Double](repeating: 0, count: nodeCount)
    for (name, b) in boundaries where boundaries.count >= 2 {
      let n = index[name]!
      let net = leaving[n].reduce(0) { $0 + abs(m[$1]) } - entering[n].reduce(0) { $0 + abs(m[$1]) }
      guard net > 1e-12 * scale else { continue }
      guard let t = b.temperature else {
        throw CoolingError.invalidInput(location: "node \(name): temperature",
                                        expected: "the temperature of the coolant entering there", found: "none")
      }
      external[n] = net
      externalEnthalpy[n] = try coolant.enthalpy(at: t)
    }
    var waiting = [Int](repeating: 0, count: nodeCount)
    for n in 0..<nodeCount { waiting[n] = entering[n].filter { elements[$0].outletTemperature == nil }.count }
    var outletEnthalpy = [Double](repeating: .nan, count: m.count)
    for (k, e) in elements.enumerated() where flowing[k] {
      if let t = e.outletTemperature { outletEnthalpy[k] = try coolant.enthalpy(at: t) }
    }
    var h = [Double](repeating: .nan, count: nodeCount)
    var queue = (0..<nodeCount).filter { waiting[$0] == 0 }
    var done = 0
    while let n = queue.popLast() {
      done += 1
      var flow = external[n]
      var sum = external[n] * externalEnthalpy[n]
      for k in entering[n] { flow += abs(m[k]); sum += abs(m[k]) * outletEnthalpy[k] }
      h[n] = flow > 0 ? sum / flow : .nan
      for k in leaving[n] where elements[k].outletTemperature == nil {
        var q = elements[k].heat
        if elements[k].inletHeatCoefficient != 0, !h[n].isNaN {
          // A heat that depends on the inlet: q = q₀ + c·T_in, T_in known here (upstream is done).
          q += elements[k].inletHeatCoefficient
            * (try coolant.temperature(enthalpy: h[n], context: "element \(elements[k].name) inlet"))
        }
        outletEnthalpy[k] = h[n] + q / abs(m[k])
        waiting[downstream[k]] -= 1
        if waiting[downstream[k]] == 0 { queue.append(downstream[k]) }
      }
    }
    if done < nodeCount && elements.allSatisfy({ !$0.addsHeat && $0.outletTemperature == nil }) {
      // No heat anywhere and nothing fixing a temperature: the network is isothermal at the start temperature.
      let hStart = try coolant.enthalpy(at: isothermalTemperature)
      for n in 0..<nodeCount where h[n].isNaN { h[n] = hStart }
      for k in elements.indices where flowing[k] { outletEnthalpy[k] = hStart }
      done = nodeCount
    }
    if done < nodeCount {
      let stuck = elements.indices.filter { flowing[$0] && waiting[downstream[$0]] > 0 }.map { elements[$0].name }
      throw CoolingError.noHeatPath(location: "network",
                                    detail: "expected an element that fixes the coolant temperature (an exchanger's "
                                      + "outlet temperature or a boundary inflow) on every loop, found a loop without "
                                      + "one through elements \(stuck.joined(separator: ", ")): heat added with nothing "
                                      + "removing it has no steady state")
    }
    var inlet = [Double](repeating: .nan, count: m.count)
    var outlet = [Double](repeating: .nan, count: m.count)
    var heat = elements.map(\.heat)
    for (k, e) in elements.enumerated() where flowing[k] {
      inlet[k] = try coolant.temperature(enthalpy: h[upstream[k]], context: "element \(e.name) inlet")
      outlet[k] = try coolant.temperature(enthalpy: outletEnthalpy[k], context: "element \(e.name) outlet")
      if e.outletTemperature != nil || e.inletHeatCoefficient != 0 {
        heat[k] = abs(m[k]) * (outletEnthalpy[k] - h[upstream[k]])
      }
    }
    var nodeT = [Double](repeating: .nan, count: nodeCount)
    let names = nodes  // computed: once, not per node (it hashes every element's ends)
    for n in 0..<nodeCount where !h[n].isNaN {
      nodeT[n] = try coolant.temperature(enthalpy: h[n], context: "node \(names[n])")
    }
    return EnergyState(nodeEnthalpy: h, inlet: inlet, outlet: outlet, heat: heat, nodeTemperature: nodeT)
  }

  func report(coolant: Coolant, nodeList: [String], index: [String: Int], hydraulic: HydraulicState,
              energy: EnergyState, meanTemperature: [Double], outer: Int) throws -> NetworkSolution {
    var elementStates: [NetworkSolution.ElementState] = []
    var pumps: [NetworkSolution.PumpState] = []
    for (k, e) in elements.enumerated() {
      let m = hydraulic.massFlow[k]
      let rho = hydraulic.density[k]
      let dp = hydraulic.pressure[index[e.from]!] - hydraulic.pressure[index[e.to]!]
      elementStates.append(.init(name: e.name, massFlow: m, volumeFlow: m / rho, pressureDrop: dp,
                                 inletTemperature: energy.inlet[k], outletTemperature: energy.outlet[k],
                                 heat: energy.heat[k]))
      guard case let .pump(pump) = e.kind else { continue }
      let q = m / rho
      let rise = -dp
      if case .fixedFlow = pump.curve {} else {
        let shutoff = pump.rise(flow: 0)!.rise
        if q <= 0 {
          throw CoolingError.pumpCannotMeetSystem(
            pump: e.name, detail: String(format: "a system that needs more than the shut-off pressure %.4g kPa: the "
              + "solved flow through it is %.4g L/min (backwards)", shutoff / 1000, q * 60_000))
        }
        if rise < 0 || !pump.covers(flow: q) {
          throw CoolingError.pumpCannotMeetSystem(
            pump: e.name, detail: String(format: "a flow of %.4g L/min, beyond its curve (pressure rise %.4g kPa): "
              + "the system is driven by other pressures", q * 60_000, rise / 1000))
        }
      }
      let hydraulicPower = rise * q
      pumps.append(.init(name: e.name, flow: q, pressureRise: rise, head: rise / (rho * standardGravity),
                         hydraulicPower: hydraulicPower, electricalPower: hydraulicPower / pump.efficiency,
                         running: pump.running, standby: pump.standby, flowPerPump: q / Double(pump.running)))
    }
    let nodeStates = nodeList.enumerated().map {
      NetworkSolution.NodeState(name: $1, pressure: hydraulic.pressure[$0], temperature: energy.nodeTemperature[$0])
    }
    return NetworkSolution(elements: elementStates, nodes: nodeStates, pumps: pumps,
                           newtonIterations: hydraulic.iterations, temperatureIterations: outer)
  }
}
