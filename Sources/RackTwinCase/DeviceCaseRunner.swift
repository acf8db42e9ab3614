import Foundation
import RackTwinCooling
import RackTwinIO
import RackTwinMesh
import RackTwinThermal

/// Runs a case of lumped cooling devices (`immersion`, `airCooling`, `rearDoor`; no mesh): each device is its term
/// (`ImmersionTankTerm`, `TwoPhaseTankTerm`, `AirCooledServerTerm`, `RearDoorTerm`) on a model whose mesh has no
/// cells, solved by the steady solver like any model, so its unknowns, energy balance and metrics come the same way.
///
/// Results: no `/geometry` or `/fields`; `/metrics` with the energy balance over the terms' heat streams,
/// `heat_to_liquid` and `heat_to_air`, the device metrics (`MetricCatalog` runs immersion, twoPhase, airCooling,
/// rearDoor) and every term metric as `TERM.NAME`; `/components` with each component's surface (mean) and junction
/// or case (max) temperature. `power` is the components' total and `max_temperature` the hottest component.
public struct DeviceCaseRunner {
  public struct Outcome: Sendable {
    public var document: CaseDocument
    public var solution: ThermalSolution
    public var results: ResultsDocument
    /// Seconds in the solve.
    public var solveTime: Double
    /// Warnings for people (condensation, vapour build-up, CHF exceeded).
    public var warnings: [String]
  }

  public var document: CaseDocument

  public init(document: CaseDocument) {
    self.document = document
  }

  /// The model: the empty mesh and the case's device terms.
  /// - Throws: `CaseRunError` at the device's key for a `CoolingError` (the decoder has checked what it can).
  public static func model(_ doc: CaseDocument) throws -> ThermalModel {
    var model = try ThermalModel(mesh: .empty, regionMaterials: [:])
    func at<T>(_ origin: CaseDocument.Origin, _ body: () throws -> T) throws -> T {
      do { return try body() } catch let e as CoolingError {
        throw CaseRunError(file: doc.path, underlying: e, keyPath: origin.keyPath, line: origin.line)
      }
    }
    if let spec = doc.immersion {
      switch spec.tank {
      case let .singlePhase(tank, counts):
        model.addTerm(try at(spec.origin) { try ImmersionTankTerm(tank: tank, counts: counts) })
      case let .twoPhase(tank, counts):
        model.addTerm(try at(spec.origin) { try TwoPhaseTankTerm(tank: tank, counts: counts) })
      }
    }
    if let air = doc.airCooling {
      if let door = doc.rearDoor {
        model.addTerm(try at(door.origin) {
          try RearDoorTerm(door: door.door, servers: air.servers, roomTemperature: air.roomTemperature,
                           roomDewPoint: air.roomDewPoint ?? -.infinity,
                           waterSupplyTemperature: door.waterSupplyTemperature, waterFlow: door.waterFlow)
        })
      } else {
        model.addTerm(try at(air.origin) {
          try AirCooledServerTerm(servers: air.servers, roomTemperature: air.roomTemperature)
        })
      }
    }
    return model
  }

  /// Solves; writes nothing.
  public func solve() throws -> Outcome {
    let doc = document
    let clock = ContinuousClock()
    let t0 = clock.now
    let model = try Self.model(doc)
    let solution = try CaseRunError.naming(doc.path) {
      try SteadyThermalSolver(options: ModelBuilder.solverOptions(doc)).solve(model)
    }
    let solveTime = (clock.now - t0).racktwinSeconds
    var text = doc.text
    if !text.hasSuffix("\n") { text += "\n" }
    let termMetrics = SolutionMetrics.terms(solution)
    // By name without the term's: `gpu0.junction_temperature`, `tank_outlet_temperature`.
    var byName: [String: Double] = [:]
    for m in termMetrics {
      guard let dot = m.name.firstIndex(of: ".") else { continue }
      byName[String(m.name[m.name.index(after: dot)...])] = byName[String(m.name[m.name.index(after: dot)...])] ?? m.value
    }
    func term(_ name: String) -> Double? { byName[name] }
    // Components: surface (mean) and junction or case (max) temperature, °C.
    let components = doc.components.map { c -> ResultsDocument.Component in
      let hot = term("\(c.name).junction_temperature") ?? term("\(c.name).case_temperature") ?? .nan
      let surface = term("\(c.name).surface_temperature") ?? hot
      let limit = c.limit.map { $0 - 273.15 } ?? .nan
      return ResultsDocument.Component(name: c.name, power: c.power, maxTemperatureC: hot, meanTemperatureC: surface,
                                       limitC: limit, margin: limit - hot, hottestCell: -1)
    }
    var metrics = SolutionMetrics.steady(solution)
    let power = solution.energyBalance.streams.filter { $0.heatIn > 0 }.reduce(0) { $0 + $1.heatIn }
    for i in metrics.indices {
      if metrics[i].name == "power" { metrics[i].value = power }
      if metrics[i].name == "max_temperature" {
        metrics[i].value = components.map(\.maxTemperatureC).filter { !$0.isNaN }.max() ?? .nan
      }
    }
    metrics += Self.catalogMetrics(doc, termMetrics: termMetrics) + termMetrics
    let results = ResultsDocument(caseText: text, meshSHA256: "", softwareVersion: racktwinVersion, mesh: nil,
                                  components: components, metrics: metrics)
    return Outcome(document: doc, solution: solution, results: results, solveTime: solveTime,
                   warnings: Self.warnings(doc, metrics: metrics))
  }

  /// The device metrics of `MetricCatalog` (runs immersion, twoPhase, airCooling, rearDoor) for the case's devices,
  /// from the terms' metrics (`SolutionMetrics.terms`, `TERM.NAME`), in catalogue order.
  public static func catalogMetrics(_ doc: CaseDocument, termMetrics: [ResultsDocument.Metric]) -> [ResultsDocument.Metric] {
    var runs: [MetricDefinition.Runs] = []
    if case .singlePhase = doc.immersion?.tank { runs.append(.immersion) }
    if case .twoPhase = doc.immersion?.tank { runs.append(.twoPhase) }
    if doc.airCooling != nil { runs.append(.airCooling) }
    if doc.rearDoor != nil { runs.append(.rearDoor) }
    let terms = ["immersion", "airCooling", "rearDoor"]
    return MetricCatalog.all.filter { runs.contains($0.runs) }.map { d in
      guard let m = termMetrics.first(where: { m in terms.contains { m.name == "\($0).\(d.name)" } }) else {
        preconditionFailure("no term metric for \(d.name)")
      }
      return MetricCatalog.metric(d.name, m.value)
    }
  }

  /// What people must see beside the numbers.
  static func warnings(_ doc: CaseDocument, metrics: [ResultsDocument.Metric]) -> [String] {
    func value(_ name: String) -> Double? { metrics.first { $0.name == name }?.value }
    var w: [String] = []
    if value("condensation_warning") == 1, let door = doc.rearDoor, let dew = doc.airCooling?.roomDewPoint {
      w.append(String(format: "rearDoor: the water supply %.1f °C is below the room dew point %.1f °C: the coil will "
                        + "condense (the model is sensible-only)", door.waterSupplyTemperature - 273.15, dew - 273.15))
    }
    if value("vapour_build_up") == 1 {
      w.append(String(format: "immersion: the load exceeds the condenser by %.0f W (%.1f %%): vapour builds up and the "
                        + "pressure rises (the condenser would hold the load at %.1f kPa)",
                      -(value("condenser_margin") ?? .nan), -100 * (value("condenser_margin_fraction") ?? .nan),
                      (value("holding_pressure") ?? .nan) / 1000))
    }
    if let chf = value("max_chf_ratio"), chf >= 1 {
      w.append(String(format: "immersion: a boiling surface is at %.2f × the critical heat flux (dry-out; its "
                        + "temperature is not valid): give it more boiling area", chf))
    }
    return w
  }

  /// Solves and writes the results file (temporary file, then rename); no XDMF sidecar, as there is no mesh.
  @discardableResult
  public func run(output: String) throws -> Outcome {
    let outcome = try solve()
    try ResultsOutput.write(outcome.results, to: output)
    return outcome
  }
}
