import Foundation
import RackTwinCooling
import RackTwinIO
import RackTwinNumerics

/// Solves a case's hydraulic network (`network:`, `docs/case-format.md`) and reports it: the `/loop` tables, the
/// loop metrics, and errors placed at the case key of the element or node the physics names.
public enum NetworkRun {
  /// Solves the network of `doc` with its coolant.
  /// - Throws: `CaseRunError` naming the case file, the key and line of the element or node, and the underlying
  ///   `CoolingError` (exit 2; 1 when Newton did not converge).
  /// - Parameter trayFlows: compact trays' flows (m³/s) to start their coefficient iteration from (a nearby solve's).
  public static func solve(_ doc: CaseDocument, trayFlows: [Double]? = nil) throws -> NetworkSolution {
    guard let spec = doc.network, let coolant = doc.coolant else {
      preconditionFailure("NetworkRun.solve: the case has no network (the decoder requires a coolant with one)")
    }
    var options = HydraulicNetwork.SolveOptions()
    options.flowTolerance = spec.tolerance
    do {
      if !spec.trays.isEmpty {
        return try CompactTrayRun.solve(spec, coolant: coolant, options: options, initialFlows: trayFlows)
      }
      return try spec.network.solve(coolant: coolant, options: options)
    } catch let e as CoolingError {
      throw error(e, spec: spec, file: doc.path)
    } catch let e as LinearSolverError {
      throw CaseRunError(file: doc.path, underlying: e, keyPath: "network")
    }
  }

  /// A `CoolingError` placed at the case key of what it names: an element, a node, a pump's curve.
  public static func error(_ e: CoolingError, spec: CaseDocument.NetworkSpec, file: String) -> CaseRunError {
    let names = spec.network.elements.map(\.name)
    func longest(_ text: Substring, among candidates: [String]) -> String? {
      candidates.filter { n in
        guard text.hasPrefix(n) else { return false }
        let next = text.dropFirst(n.count).first
        return next == nil || next == " " || next == ":"
      }.max { $0.count < $1.count }
    }
    // Locations read "element NAME[ outlet|: key]", "node NAME[: key]", "pump NAME", or "network".
    func locate(_ location: String) -> CaseDocument.Origin? {
      for prefix in ["element ", "pump "] where location.hasPrefix(prefix) {
        if let n = longest(location.dropFirst(prefix.count), among: names) { return spec.origin(ofElement: n) }
      }
      if location.hasPrefix("node "), let n = longest(location.dropFirst(5), among: Array(spec.nodeOrigins.keys)) {
        return spec.nodeOrigins[n]
      }
      return nil
    }
    var origin: CaseDocument.Origin?
    switch e {
    case let .temperatureOutOfRange(_, _, _, context): origin = locate(context)
    case let .invalidInput(location, _, _): origin = locate(location)
    case let .noPump(elements): origin = elements.first.flatMap { spec.origin(ofElement: $0) }
    case let .disconnected(location, _): origin = locate(location)
    case let .pumpCannotMeetSystem(pump, _):
      origin = spec.origin(ofElement: pump).map { CaseDocument.Origin(keyPath: $0.keyPath + ".curve", line: $0.line) }
    case let .noHeatPath(location, _): origin = locate(location)
    case .notConverged: origin = CaseDocument.Origin(keyPath: "network.tolerance")
    case .pressureOutOfRange: origin = CaseDocument.Origin(keyPath: "coolant")
    }
    let where_ = origin ?? CaseDocument.Origin(keyPath: "network")
    return CaseRunError(file: file, underlying: e, keyPath: where_.keyPath, line: where_.line)
  }

  /// The `/loop` tables of a solution: elements in network order, nodes, pumps, manifolds; temperatures in °C.
  public static func loop(_ doc: CaseDocument, _ s: NetworkSolution) -> ResultsDocument.Loop {
    let spec = doc.network!
    let elements = spec.network.elements.enumerated().map { k, e in
      let st = s.elements[k]
      return ResultsDocument.Loop.Element(
        name: e.name, type: spec.elementTypes[k], from: e.from, to: e.to, massFlow: st.massFlow,
        volumeFlow: st.volumeFlow, pressureDrop: st.pressureDrop, inletTemperatureC: st.inletTemperature - 273.15,
        outletTemperatureC: st.outletTemperature - 273.15, heat: st.heat)
    }
    let nodes = s.nodes.map {
      ResultsDocument.Loop.Node(name: $0.name, pressure: $0.pressure, temperatureC: $0.temperature - 273.15)
    }
    let pumps = s.pumps.map {
      ResultsDocument.Loop.Pump(name: $0.name, flow: $0.flow, pressureRise: $0.pressureRise, head: $0.head,
                                hydraulicPower: $0.hydraulicPower, electricalPower: $0.electricalPower,
                                running: Int64($0.running), standby: Int64($0.standby))
    }
    let manifolds = spec.manifolds.map { m in
      let (lo, hi) = s.maldistribution(of: m.branchElements)
      return ResultsDocument.Loop.Manifold(name: m.name, minOverMean: lo, maxOverMean: hi)
    }
    return ResultsDocument.Loop(coolant: doc.coolant!.name, elements: elements, nodes: nodes, pumps: pumps,
                                manifolds: manifolds)
  }

  /// The loop metrics (`MetricCatalog`, runs `network`), in catalogue order.
  public static func metrics(_ doc: CaseDocument, _ s: NetworkSolution, loop: ResultsDocument.Loop)
    -> [ResultsDocument.Metric] {
    let elements = doc.network!.network.elements
    let exchanger = elements.indices.first { elements[$0].outletTemperature != nil }
    let values: [String: Double] = [
      "pump_power": s.pumpPower,
      "pump_hydraulic_power": s.pumps.reduce(0) { $0 + $1.hydraulicPower },
      "loop_flow": s.pumps.first?.flow ?? .nan,
      "loop_supply_temperature": exchanger.map { s.elements[$0].outletTemperature - 273.15 } ?? .nan,
      "loop_return_temperature": exchanger.map { s.elements[$0].inletTemperature - 273.15 } ?? .nan,
      "maldistribution_min": loop.manifolds.map(\.minOverMean).min() ?? .nan,
      "maldistribution_max": loop.manifolds.map(\.maxOverMean).max() ?? .nan,
      "network_iterations": Double(s.newtonIterations),
    ]
    return MetricCatalog.all.filter { $0.runs == .network }.map { d in
      guard let v = values[d.name] else { preconditionFailure("no value for metric \(d.name)") }
      return MetricCatalog.metric(d.name, v)
    }
  }

  /// Heat the network's own elements give the coolant (W): ṁ(h_out − h_in) over the elements without a set point,
  /// region and coldPlate elements left out (their heat is the mesh's advection or plate term's, counted there once).
  public static func elementHeat(_ doc: CaseDocument, _ s: NetworkSolution) -> Double {
    let spec = doc.network!
    let regionElements = Set(spec.regions.map(\.element)).union(
      spec.elementTypes.indices.filter { spec.elementTypes[$0] == "coldPlate" }.map { spec.network.elements[$0].name })
    return spec.network.elements.indices.filter {
      spec.network.elements[$0].outletTemperature == nil && !regionElements.contains(spec.network.elements[$0].name)
    }.reduce(0.0) { $0 + s.elements[$1].heat }
  }

  /// Adds the network's `/loop` and metrics to a results document; the elements' heat joins `heat_to_liquid` (the
  /// mesh's streams' when the document has a mesh solve, else a metric of its own before the loop metrics).
  public static func add(_ s: NetworkSolution, of doc: CaseDocument, to results: inout ResultsDocument) {
    let loop = loop(doc, s)
    results.loop = loop
    let heat = elementHeat(doc, s)
    if let i = results.metrics.firstIndex(where: { $0.name == "heat_to_liquid" }) {
      results.metrics[i].value += heat
    } else {
      results.metrics.append(MetricCatalog.metric("heat_to_liquid", heat))
    }
    results.metrics += metrics(doc, s, loop: loop)
    if let spec = doc.network, !spec.trays.isEmpty {
      CompactTrayRun.add(CompactTrayRun.states(spec, s), spec: spec, solution: s, to: &results)
    }
  }
}

/// Runs a case that is a network alone (no `mesh`): decode, solve the loop, write a results file without fields.
public struct NetworkCaseRunner {
  public struct Outcome: Sendable {
    public var document: CaseDocument
    public var solution: NetworkSolution
    public var results: ResultsDocument
    /// Seconds spent in the network solve.
    public var solveTime: Double
    /// The facility's design point and year, when the case has `facility:`.
    public var facility: FacilityOutcome? = nil
  }

  public var document: CaseDocument
  /// The sweep point's index: with `uncertainty.seed`, it keys the risk analysis's random stream.
  public var point: Int

  public init(document: CaseDocument, point: Int = 0) {
    self.document = document
    self.point = point
  }

  /// Solves; writes nothing.
  public func solve() throws -> Outcome {
    let clock = ContinuousClock()
    let t0 = clock.now
    // With a facility, the exchanger's set point follows the CDU (`FacilityRun.solveNetwork`).
    let (doc, solution, iterations, change) = try FacilityRun.solveNetwork(document)
    let solveTime = (clock.now - t0).racktwinSeconds
    var text = document.text
    if !text.hasSuffix("\n") { text += "\n" }
    var results = ResultsDocument(caseText: text, meshSHA256: "", softwareVersion: racktwinVersion, mesh: nil)
    NetworkRun.add(solution, of: doc, to: &results)
    var facility: FacilityOutcome? = nil
    if doc.facility != nil {
      var o = try FacilityRun.run(doc, rack: FacilityRun.rackHeat(doc, network: solution, meshHeatToAir: 0))
      o.tcsIterations = iterations
      o.tcsSupplyChange = change
      results.metrics += FacilityRun.metrics(o)
      facility = o
    }
    if doc.uncertainty != nil {
      // A network with compact trays (the decoder refuses `uncertainty` on other networks without a mesh).
      CaseRisk.add(try CaseRisk.analyseNetwork(doc: doc, solution: solution, point: point), to: &results)
    }
    return Outcome(document: doc, solution: solution, results: results, solveTime: solveTime, facility: facility)
  }

  /// Solves and writes the results file (temporary file, then rename); no XDMF sidecar, as there is no mesh.
  @discardableResult
  public func run(output: String) throws -> Outcome {
    let outcome = try solve()
    try ResultsOutput.write(outcome.results, to: output)
    return outcome
  }
}
