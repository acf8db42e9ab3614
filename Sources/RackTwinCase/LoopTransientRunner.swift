import Foundation
import RackTwinCooling
import RackTwinIO
import RackTwinMesh
import RackTwinThermal

/// Runs a transient case whose coolant flows through the mesh (a network with `type: region` elements) with the
/// cooling system's events: pump trips with coast-down, flow changes, supply-temperature steps, CDU trips
/// (`docs/case-format.md`, "Events of the cooling system"; issue 18).
///
/// The network is solved once at t = 0 (region laws refitted at the network's flows, heats zero); its region mass
/// flows and face fluxes are then scaled by the events' flow factor f(t). Each fixed step (implicit Euler, the
/// step's end values) rebuilds the regions' advection terms and wall films on the base model with that step's flow
/// and inlet temperature and integrates one step (`TransientThermalSolver`). The loop outside the mesh is a plug-flow
/// supply line (the pipes from the exchanger's outlet to the first region element: coolant reaches the block when
/// the volume pumped since it left the CDU equals the line's volume) and one well-mixed node of capacity C_loop
/// (other pipes, `transient.loop.volume`, `transient.loop.metal`): held at the set point while the CDU runs,
/// C_loop dT/dt = Q after a `cduTrip` (Q the heat the region streams carry out plus the elements' own `heat`, taken
/// from the previous step: explicit in Q, its error O(h·Q/C_loop) per step).
public enum LoopTransientRunner {
  /// Integrates the case (which must have a `transient` section and a network with region elements).
  public static func solve(_ doc: CaseDocument, caseMesh given: CaseMesh? = nil) throws -> TransientCaseRunner.Outcome {
    let clock = ContinuousClock()
    let t0 = clock.now
    guard let spec = doc.transient, let net = doc.network, let coolant = doc.coolant, !net.regions.isEmpty else {
      preconditionFailure("LoopTransientRunner: the case has no transient section or no region elements")
    }
    let caseMesh = try given ?? CaseMesh.load(for: doc)
    let mesh = caseMesh.mesh
    let coupled = CoupledCaseRunner(document: doc, caseMesh: caseMesh)
    let regions = try coupled.setUp(net, coolant: coolant, mesh: mesh)

    // The network at t = 0: laws at a nominal 1 g/s, then refitted at the network's flows (heats zero).
    let start = CoupledCaseRunner.startTemperature(net, coolant)
    var laws = try regions.map { try coupled.flowState($0, massFlow: 1e-3, inletTemperature: start).law }
    let zero = [Double](repeating: 0, count: regions.count)
    var network = try coupled.solveNetwork(net, coolant, regions, laws: laws, heats: zero)
    for _ in 0..<2 {
      laws = try regions.map {
        let e = network.elements[$0.elementIndex]
        return try coupled.flowState($0, massFlow: max(e.massFlow, 1e-9), inletTemperature: e.inletTemperature).law
      }
      network = try coupled.solveNetwork(net, coolant, regions, laws: laws, heats: zero)
    }
    let inlet0 = regions.map { network.elements[$0.elementIndex].inletTemperature }
    let massFlow0 = regions.map { network.elements[$0.elementIndex].massFlow }
    for (k, region) in regions.enumerated() where !(massFlow0[k] > 1e-12) {
      throw CaseError(file: doc.path, keyPath: region.spec.origin.keyPath, line: region.spec.origin.line,
                      expected: "coolant flowing through region element \(region.spec.element) at t = 0 (events "
                        + "change the flow from there)", found: String(format: "a mass flow of %.3g kg/s", massFlow0[k]))
    }
    let states0 = try regions.enumerated().map {
      try coupled.flowState($1, massFlow: massFlow0[$0], inletTemperature: inlet0[$0])
    }
    var base = try coupled.baseModel(doc, coolant: coolant, at: inlet0.reduce(0, +) / Double(inlet0.count),
                                     regions: regions, mesh: mesh)
    if base.dependsOnTime {
      throw CaseError(file: doc.path, keyPath: "transient",
                      expected: "boundary values and sources constant in time in a transient with coolant flow "
                        + "(change them with events)", found: "a value that varies with t")
    }
    let thermalEvents = try ModelBuilder.events(doc, model: base).sorted { $0.time < $1.time }
    let loop = try LoopState(doc: doc, network: network, coolant: coolant)
    let initial = try TransientCaseRunner.initialTemperature(spec.initial, doc: doc, mesh: mesh)
    let readTime = (clock.now - t0).racktwinSeconds

    // Stops: every step, landing on event and output times.
    var outputTimes = Set<Double>()
    if let dt = spec.output {
      var k = 1
      while Double(k) * dt < spec.duration * (1 - 1e-12) { outputTimes.insert(Double(k) * dt); k += 1 }
    }
    let stops = outputTimes.union(spec.events.map(\.time) + spec.loopEvents.map(\.time))
    let sortedStops = stops.filter { $0 > 0 && $0 < spec.duration }.sorted() + [spec.duration]
    let eps = 1e-9 * min(spec.step, spec.duration)
    let options = ModelBuilder.solverOptions(doc)

    var theta = initial
    var t = 0.0
    var nextEvent = 0
    var combined: TransientSolution? = nil
    var supply = [loop.inletTemperature()]
    var factors = [1.0]
    var heat = 0.0  // W the loop gathered in the last step
    while t < spec.duration - eps {
      while nextEvent < thermalEvents.count, thermalEvents[nextEvent].time <= t + eps {
        try thermalEvents[nextEvent].apply(&base)
        nextEvent += 1
      }
      let stop = sortedStops.first { $0 > t + eps } ?? spec.duration
      let h = min(spec.step, stop - t)
      var t1 = t + h
      let f = loop.flowFactor(at: t1)
      // Nothing in the loop changes until the next stop: one solve of several steps (the step's scheme).
      let quiet = loop.isQuiet(from: t1, to: stop, factor: f)
      if quiet { t1 = stop }
      // Without flow no stream carries the block's heat to the loop: only the elements' own heat reaches it.
      loop.advance(to: t1, step: t1 - t, factor: f, heat: f > 0 ? heat : loop.elementHeat)
      let tIn = loop.inletTemperature()
      var model = base
      for (k, region) in regions.enumerated() {
        let m = massFlow0[k] * f
        do {
          if let film = region.film {
            let props = try coolant.properties(at: tIn, context: "region element \(region.spec.element)")
            try ChannelWallFilm.apply(coefficient: film.coefficient(massFlow: max(m, 1e-9), properties: props).h,
                                      to: &model, region: region.flowRegion)
          }
          if m > 1e-12 {
            var flow = states0[k].faceFlow
            for i in flow.massFlux.indices { flow.massFlux[i] *= f }
            for i in flow.inlets.indices { flow.inlets[i].temperature = tIn }
            model.addTerm(try AdvectionTerm(name: "regions.\(region.spec.element)", flow: flow, mesh: mesh,
                                            scheme: region.spec.scheme))
          }
        } catch let e as CoolingError {
          throw coupled.place(e, region.spec)
        }
      }
      let scheme: TimeScheme = quiet && spec.scheme == .bdf2 ? .bdf2 : .euler
      let stepOptions = TransientOptions(scheme: scheme, duration: t1 - t, step: h, linear: options)
      let s = try CaseRunError.naming(doc.path) {
        try TransientThermalSolver(options: stepOptions).solve(model, initial: theta)
      }
      theta = s.final.temperature
      heat = loop.elementHeat + regions.reduce(0) { q, region in
        q + (s.final.termMetrics.first { $0.name == "regions.\(region.spec.element).heat_to_liquid" }?.value ?? 0)
      }
      let segmentStart = t
      t = t1
      if var c = combined {
        c.times += s.times.dropFirst().map { $0 + segmentStart }
        for i in c.componentMaxTemperature.indices {
          c.componentMaxTemperature[i] += s.componentMaxTemperature[i].dropFirst()
          c.componentPower[i] += s.componentPower[i].dropFirst()
        }
        for i in c.probeTemperature.indices { c.probeTemperature[i] += s.probeTemperature[i].dropFirst() }
        c.energyBalanceRelativeSeries += s.energyBalanceRelativeSeries
        c.energyBalanceRelative = max(c.energyBalanceRelative, s.energyBalanceRelative)
        c.acceptedSteps += s.acceptedSteps
        c.linearIterations += s.linearIterations
        c.nonlinearIterations += s.nonlinearIterations
        c.assemblyTime += s.assemblyTime
        c.solveTime += s.solveTime
        c.final = s.final
        c.storageRate = s.storageRate
        combined = c
      } else {
        var c = s
        c.snapshots = [c.snapshots[0]]
        combined = c
      }
      if outputTimes.contains(where: { abs($0 - t) <= eps }) || t >= spec.duration - eps {
        var snap = s.snapshots.last!  // the segment's end, at its own clock
        snap.time = t
        combined!.snapshots.append(snap)
      }
      supply += [Double](repeating: tIn, count: s.times.count - 1)
      factors += [Double](repeating: f, count: s.times.count - 1)
    }
    let solution = combined!
    if let c = solution.final.temperature.firstIndex(where: { !$0.isFinite }) {
      throw ThermalError.invalidInput(
        location: doc.path, expected: "a finite temperature field (inputs whose combination stays within floating point)",
        found: "temperature \(solution.final.temperature[c]) in cell \(mesh.cellToFile[c]) at the end of the run")
    }
    var results = TransientCaseRunner.resultsDocument(doc: doc, caseMesh: caseMesh, solution: solution)
    let ride = RideThrough(doc: doc, solution: solution)
    results.metrics.append(MetricCatalog.metric("ride_through_time", ride.time))
    var outcome = TransientCaseRunner.Outcome(document: doc, mesh: mesh, solution: solution, results: results,
                                              readTime: readTime)
    outcome.notes.append(ride.note)
    outcome.notes.append(String(format: "loop: supply %.2f → %.2f °C (max %.2f °C), flow factor %.3g at the end; "
                                  + "C_loop %.4g J/K, supply line %.4g L",
                                supply.first! - 273.15, supply.last! - 273.15, supply.max()! - 273.15, factors.last!,
                                loop.capacity, loop.supplyVolume * 1000))
    outcome.supplyTemperature = supply
    outcome.flowFactor = factors
    return outcome
  }
}

/// The loop outside the mesh over time: the flow factor and set point from the events, the mixed node and the
/// plug-flow supply line.
final class LoopState {
  /// Flow events (pump trips, flow changes) and set-point events in time order.
  let flowEvents: [CaseDocument.LoopEventSpec]
  let setPointEvents: [CaseDocument.LoopEventSpec]
  /// s; nil: the CDU runs throughout.
  let cduTripTime: Double?
  /// m³/s through the pump at t = 0.
  let pumpFlow0: Double
  /// K.
  let setPoint0: Double
  /// J/K of the mixed node.
  let capacity: Double
  /// m³ of the plug-flow supply line.
  let supplyVolume: Double
  /// W: heat of the network's own elements (`heat` keys), besides the region elements'.
  let elementHeat: Double
  /// Node temperature (K) against the cumulative volume pumped (m³), for the delay.
  private var history: [(volume: Double, temperature: Double)]
  private var node: Double
  private var pumped = 0.0

  init(doc: CaseDocument, network: NetworkSolution, coolant: Coolant) throws {
    let spec = doc.transient!, net = doc.network!
    let elements = net.network.elements
    flowEvents = spec.loopEvents.filter {
      if case .pumpTrip = $0.kind { return true }
      if case .flowChange = $0.kind { return true }
      return false
    }.sorted { $0.time < $1.time }
    setPointEvents = spec.loopEvents.filter {
      if case .supplyTemperatureStep = $0.kind { return true }
      return false
    }.sorted { $0.time < $1.time }
    cduTripTime = spec.loopEvents.filter { if case .cduTrip = $0.kind { return true } else { return false } }
      .map(\.time).min()
    let pump = elements.firstIndex { if case .pump = $0.kind { return true } else { return false } }
    pumpFlow0 = pump.map { network.elements[$0].volumeFlow } ?? 0
    // The exchanger: the one the CDU events name, else the first with a set point.
    let named = spec.loopEvents.first { e in
      if case .supplyTemperatureStep = e.kind { return true }
      if case .cduTrip = e.kind { return true }
      return false
    }?.kind.element
    let hx = named.flatMap { n in elements.firstIndex { $0.name == n } }
      ?? elements.firstIndex { $0.outletTemperature != nil }
    let regionNames = Set(net.regions.map(\.element))
    setPoint0 = hx.flatMap { elements[$0].outletTemperature }
      ?? network.elements[elements.firstIndex { regionNames.contains($0.name) }!].inletTemperature
    func volume(_ e: HydraulicElement) -> Double {
      if case .pipe(let p) = e.kind { return Double.pi * p.diameter * p.diameter / 4 * p.length }
      return 0
    }
    // The supply line: pipes from the exchanger's outlet, following from → to, up to the first region element.
    var line = 0.0
    var onLine = Set<Int>()
    if let hx {
      var node = elements[hx].to
      while let next = elements.indices.first(where: { elements[$0].from == node && !onLine.contains($0) }),
            !regionNames.contains(elements[next].name), next != hx {
        onLine.insert(next)
        line += volume(elements[next])
        node = elements[next].to
      }
    }
    supplyVolume = line
    let other = elements.indices.filter { !onLine.contains($0) }.reduce(0) { $0 + volume(elements[$1]) }
    let props = try coolant.properties(at: setPoint0, context: "transient.loop")
    let mass = spec.loop ?? CaseDocument.LoopMassSpec()
    capacity = props.density * props.specificHeat * (other + mass.volume) + mass.metalMass * mass.metalSpecificHeat
    elementHeat = elements.enumerated().reduce(0) { q, e in
      regionNames.contains(e.element.name) || e.element.outletTemperature != nil ? q : q + e.element.heat
    }
    if cduTripTime != nil, !(capacity > 0) {
      throw CaseError(file: doc.path, keyPath: "transient.loop",
                      expected: "a loop thermal mass > 0 for a cduTrip (pipes off the supply line, loop.volume or "
                        + "loop.metal)", found: "C_loop = 0 J/K")
    }
    node = setPoint0
    history = [(0, setPoint0)]
  }

  /// The flow factor at t (events apply for t > their time; each starts from the factor the earlier left).
  func flowFactor(at t: Double) -> Double {
    var law: (Double) -> Double = { _ in 1 }
    for e in flowEvents where e.time < t {
      let f0 = law(e.time), te = e.time
      switch e.kind {
      case .pumpTrip(_, let tau):
        law = { tau > 0 ? f0 / (1 + ($0 - te) / tau) : 0 }
      case .flowChange(_, let flow, let ramp):
        let target = pumpFlow0 > 0 ? flow / pumpFlow0 : 0
        law = { ramp > 0 ? f0 + (target - f0) * min(1, ($0 - te) / ramp) : target }
      default: break
      }
    }
    return max(0, law(t))
  }

  /// Whether the flow and the temperature entering the mesh stay as they are at `t1` until `stop`: the flow factor
  /// is constant (its laws are monotone: equal ends) and either nothing flows (the inlet holds) or no set-point step
  /// and no CDU trip has happened by `stop`.
  func isQuiet(from t1: Double, to stop: Double, factor f: Double) -> Bool {
    guard stop > t1, flowFactor(at: stop) == f else { return false }
    return f == 0 || (setPointEvents.allSatisfy { $0.time >= stop } && (cduTripTime.map { $0 >= stop } ?? true))
  }

  /// The CDU's set point at t, K.
  func setPoint(at t: Double) -> Double {
    var law: (Double) -> Double = { [setPoint0] _ in setPoint0 }
    for e in setPointEvents where e.time < t {
      guard case .supplyTemperatureStep(_, let target, let ramp) = e.kind else { continue }
      let v0 = law(e.time), te = e.time
      law = { ramp > 0 ? v0 + (target - v0) * min(1, ($0 - te) / ramp) : target }
    }
    return law(t)
  }

  /// Moves the node to t: the set point while the CDU runs, else C dT/dt = `heat` (W, of the step before).
  func advance(to t: Double, step h: Double, factor: Double, heat: Double) {
    if let trip = cduTripTime, t > trip {
      node += min(h, t - trip) * heat / capacity
    } else {
      node = setPoint(at: t)
    }
    pumped += h * pumpFlow0 * factor
    // Coolant leaves the node only when it moves: without flow the line keeps what it holds.
    if pumped > history.last!.volume { history.append((pumped, node)) }
  }

  /// The temperature entering the mesh now: the node's when the coolant now arriving left it (plug flow); coolant
  /// in the line at t = 0 is at the initial set point.
  func inletTemperature() -> Double {
    let v = pumped - supplyVolume
    guard supplyVolume > 0 else { return node }
    guard v > 0 else { return setPoint0 }
    // The last entry at or below v, interpolated linearly in pumped volume.
    var lo = 0, hi = history.count - 1
    if v >= history[hi].volume { return history[hi].temperature }
    while hi - lo > 1 {
      let mid = (lo + hi) / 2
      if history[mid].volume <= v { lo = mid } else { hi = mid }
    }
    let a = history[lo], b = history[hi]
    return a.temperature + (b.temperature - a.temperature) * (v - a.volume) / (b.volume - a.volume)
  }
}

/// `ride_through_time`: from the first trip to the first component at its limit, with the reason when NaN.
struct RideThrough {
  var time: Double
  var note: String

  init(doc: CaseDocument, solution s: TransientSolution) {
    guard let trip = doc.transient?.loopEvents.filter(\.kind.isTrip).map(\.time).min() else {
      time = .nan
      note = "ride-through: NaN (no pumpTrip or cduTrip event)"
      return
    }
    let limits = doc.components.compactMap { c in c.limit.map { (c.name, $0) } }
    guard !limits.isEmpty else {
      time = .nan
      note = "ride-through: NaN (no component has a limit)"
      return
    }
    let names = s.final.components.map(\.name)
    var best: (time: Double, name: String)? = nil
    for (name, limit) in limits {
      guard let i = names.firstIndex(of: name) else { continue }
      let series = s.componentMaxTemperature[i]
      for j in s.times.indices where s.times[j] >= trip && series[j] >= limit {
        var at = s.times[j]
        if j > 0, s.times[j - 1] >= trip, series[j - 1] < limit {
          at = s.times[j - 1] + (limit - series[j - 1]) / (series[j] - series[j - 1]) * (s.times[j] - s.times[j - 1])
        }
        if best == nil || at < best!.time { best = (at, name) }
        break
      }
    }
    guard let best else {
      time = .nan
      note = String(format: "ride-through: NaN (no component reached its limit within the run, %.6g s after the trip "
                      + "at %.6g s)", (s.times.last ?? trip) - trip, trip)
      return
    }
    time = best.time - trip
    note = String(format: "ride-through: %.4g s (trip at %.6g s; %@ reaches its limit first)", time, trip, best.name)
  }
}
