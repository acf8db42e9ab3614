import Foundation
import RackTwinCooling
import RackTwinIO

/// Compact trays (`type: compactTray`) in the network solve: their flow-dependent heat laws iterated with the
/// flows, and their outputs at the solved operating point.
public enum CompactTrayRun {
  /// A tray at its solved operating point. SI: m³/s, Pa, K, W.
  public struct State: Sendable, Equatable {
    public var name: String
    public var flow: Double
    public var pressureDrop: Double
    public var inletTemperature: Double
    public var outletTemperature: Double
    public var heatToLiquid: Double
    public var heatToAir: Double
    /// The flow lies outside the model's flows.
    public var extrapolated: Bool
    /// Every output of the model, in `model.outputs` order (K or W).
    public var outputs: [Double]
  }

  /// Outer iterations at most; they stop when the solved flows differ from those the trays' coefficients were taken
  /// at by no more than `tolerance` × the largest (the heat laws then hold at the solution to about that).
  static let maxIterations = 30
  static let tolerance = 1e-9

  /// Sets each tray element's heat law q = q₀ + c_inlet·T_in from its coefficients at flow `flows[t]`.
  static func apply(_ spec: CaseDocument.NetworkSpec, flows: [Double], indices: [Int],
                    to network: inout HydraulicNetwork) {
    for (t, tray) in spec.trays.enumerated() {
      let m = tray.model
      let row = m.coefficients(atFlow: flows[t])[m.heatToLiquidRow]
      let x = m.inputVector(inlet: 0, air: tray.air, powers: tray.powers)
      network.elements[indices[t]].heat = zip(row, x).reduce(0) { $0 + $1.0 * $1.1 }
      network.elements[indices[t]].inletHeatCoefficient = row[m.inletColumn]
    }
  }

  /// A tray must lie on a loop: with it removed, its two ends must still be joined by the other elements (else no
  /// flow passes through it). Open networks (two or more pressure boundaries) are left to the solve.
  static func checkConnected(_ spec: CaseDocument.NetworkSpec, indices: [Int]) throws {
    let net = spec.network
    guard net.boundaries.count < 2 else { return }
    var adjacency: [String: [(node: String, element: Int)]] = [:]
    for (k, e) in net.elements.enumerated() {
      adjacency[e.from, default: []].append((e.to, k))
      adjacency[e.to, default: []].append((e.from, k))
    }
    for (t, k) in indices.enumerated() {
      let e = net.elements[k]
      var seen: Set<String> = [e.from]
      var stack = [e.from]
      while let n = stack.popLast(), !seen.contains(e.to) {
        for (m, j) in adjacency[n] ?? [] where j != k && !seen.contains(m) {
          seen.insert(m)
          stack.append(m)
        }
      }
      if !seen.contains(e.to) {
        throw CoolingError.disconnected(
          location: "element \(spec.trays[t].element)",
          detail: "a compact tray with no loop through it: nothing but the tray joins its nodes \(e.from) and "
            + "\(e.to) (its supply or return is disconnected), so no coolant can flow through it")
      }
    }
  }

  /// Solves the network with its compact trays: coefficients at the trays' flows, re-solved until the heats settle.
  /// - Throws: `CoolingError` (a tray without flow names the tray), as `HydraulicNetwork.solve`.
  /// - Parameter initialFlows: the trays' flows (m³/s) to take the first coefficients at, e.g. a nearby solution's;
  ///   default the middle of each model's flows.
  public static func solve(_ spec: CaseDocument.NetworkSpec, coolant: Coolant,
                           options: HydraulicNetwork.SolveOptions, initialFlows: [Double]? = nil) throws
    -> NetworkSolution {
    let indices = spec.trays.map { t in spec.network.elements.firstIndex { $0.name == t.element }! }
    try checkConnected(spec, indices: indices)
    var network = spec.network
    var flows = initialFlows ?? spec.trays.map { $0.model.flows[$0.model.flows.count / 2] }
    precondition(flows.count == spec.trays.count, "CompactTrayRun.solve: one initial flow per tray")
    for iteration in 1...maxIterations {
      apply(spec, flows: flows, indices: indices, to: &network)
      var s = try network.solve(coolant: coolant, options: options)
      let used = flows
      for (t, k) in indices.enumerated() {
        let q = abs(s.elements[k].volumeFlow)
        guard q > 0, q.isFinite else {
          throw CoolingError.noHeatPath(location: "element \(spec.trays[t].element)",
                                        detail: "a compact tray: expected coolant flow through it, found "
                                          + "\(s.elements[k].volumeFlow) m^3/s")
        }
        flows[t] = q
      }
      let scale = flows.max() ?? 0
      if zip(flows, used).allSatisfy({ abs($0 - $1) <= tolerance * scale }) {
        s.outerIterations = iteration
        return s
      }
    }
    throw CoolingError.notConverged(iterations: maxIterations, residual: .nan)
  }

  /// Each tray's outputs at the solved operating point.
  public static func states(_ spec: CaseDocument.NetworkSpec, _ s: NetworkSolution) -> [State] {
    spec.trays.map { tray in
      let e = s.element(tray.element)!
      let m = tray.model
      let q = abs(e.volumeFlow)
      let y = m.evaluate(flow: q, inputs: m.inputVector(inlet: e.inletTemperature, air: tray.air, powers: tray.powers))
      return State(name: tray.element, flow: q, pressureDrop: e.pressureDrop, inletTemperature: e.inletTemperature,
                   outletTemperature: e.outletTemperature, heatToLiquid: y[m.heatToLiquidRow],
                   heatToAir: y[m.heatToAirRow], extrapolated: !m.covers(flow: q), outputs: y)
    }
  }

  /// Total heat the trays give the air (W).
  public static func heatToAir(_ doc: CaseDocument, _ s: NetworkSolution) -> Double {
    guard let spec = doc.network, !spec.trays.isEmpty else { return 0 }
    return states(spec, s).reduce(0) { $0 + $1.heatToAir }
  }

  /// `/components` rows `TRAY.COMPONENT` (°C), `/loop/trays`, and the `compactTrays` metrics with `heat_to_air`.
  public static func add(_ states: [State], spec: CaseDocument.NetworkSpec, solution s: NetworkSolution,
                         to results: inout ResultsDocument) {
    var gpuMax = -Double.infinity, trayMax = -Double.infinity, balance = 0.0
    for (tray, st) in zip(spec.trays, states) {
      let m = tray.model
      for c in m.components {
        let maxRow = m.outputs.firstIndex { $0.name == "\(c).max" }
        let meanRow = m.outputs.firstIndex { $0.name == "\(c).mean" }
        let tMax = maxRow.map { st.outputs[$0] } ?? .nan
        let limit = maxRow.flatMap { m.outputs[$0].limit } ?? .nan
        let power = m.powerInputs.firstIndex(of: c).map { tray.powers[$0] } ?? 0
        results.components.append(ResultsDocument.Component(
          name: "\(tray.element).\(c)", power: power, maxTemperatureC: tMax - 273.15,
          meanTemperatureC: (meanRow.map { st.outputs[$0] } ?? .nan) - 273.15, limitC: limit - 273.15,
          margin: limit - tMax, hottestCell: -1))
        if tMax.isFinite {
          trayMax = max(trayMax, tMax)
          if c.hasPrefix("gpu") { gpuMax = max(gpuMax, tMax) }
        }
      }
      let total = tray.powers.reduce(0, +)
      if total > 0 { balance = max(balance, abs(total - st.heatToLiquid - st.heatToAir) / total) }
    }
    // The loop: heat the elements add against what the set points remove (exact by the enthalpy march).
    let elements = spec.network.elements
    let added = elements.indices.filter { elements[$0].outletTemperature == nil }.reduce(0.0) { $0 + s.elements[$1].heat }
    let removed = elements.indices.filter { elements[$0].outletTemperature != nil }.reduce(0.0) { $0 + s.elements[$1].heat }
    if added > 0 { balance = max(balance, abs(added + removed) / added) }
    results.loop?.trays = states.map {
      ResultsDocument.Loop.Tray(name: $0.name, volumeFlow: $0.flow, pressureDrop: $0.pressureDrop,
                                inletTemperatureC: $0.inletTemperature - 273.15,
                                outletTemperatureC: $0.outletTemperature - 273.15, heatToLiquid: $0.heatToLiquid,
                                heatToAir: $0.heatToAir, extrapolated: $0.extrapolated ? 1 : 0)
    }
    let air = states.reduce(0) { $0 + $1.heatToAir }
    if let i = results.metrics.firstIndex(where: { $0.name == "heat_to_air" }) {
      results.metrics[i].value += air
    } else if let i = results.metrics.firstIndex(where: { $0.name == "heat_to_liquid" }) {
      results.metrics.insert(MetricCatalog.metric("heat_to_air", air), at: i + 1)
    }
    let values: [String: Double] = [
      "max_gpu_temperature": gpuMax.isFinite ? gpuMax - 273.15 : .nan,
      "tray_max_temperature": trayMax.isFinite ? trayMax - 273.15 : .nan,
      "tray_heat_to_air": air,
      "tray_extrapolated": Double(states.filter(\.extrapolated).count),
      "tray_energy_balance_relative": balance,
      "tray_iterations": Double(s.outerIterations),
    ]
    results.metrics += MetricCatalog.all.filter { $0.runs == .compactTrays }.map { d in
      MetricCatalog.metric(d.name, values[d.name]!)
    }
  }
}
