import RackTwinCooling
import RackTwinIO
import Foundation
import RackTwinMesh
import RackTwinThermal

/// Runs a transient case end to end: case file → mesh → model → time integration → results file with `/series`
/// and snapshot fields `/fields/temperature_<n>` (`docs/file-formats.md`).
public struct TransientCaseRunner {
  public struct Outcome: Sendable {
    public var document: CaseDocument
    public var mesh: FVMesh
    public var solution: TransientSolution
    public var results: ResultsDocument
    /// Seconds spent reading the case, the mesh and any initial results file.
    public var readTime: Double
    /// Lines for the run's summary (a transient with coolant flow: the ride-through and the loop).
    public var notes: [String] = []
    /// A transient with coolant flow: the temperature entering the mesh (K) and the flow factor at each time.
    public var supplyTemperature: [Double] = []
    public var flowFactor: [Double] = []
  }

  public var casePath: String
  public var overrides: [String]
  /// The case, when already decoded.
  public var document: CaseDocument?

  public init(casePath: String, overrides: [String] = []) {
    self.casePath = casePath
    self.overrides = overrides
  }

  /// A runner for a case already decoded.
  public init(document: CaseDocument) {
    self.casePath = document.path
    self.overrides = []
    self.document = document
  }

  /// Reads, builds and integrates; writes nothing.
  public func solve() throws -> Outcome {
    try Self.solve(document ?? CaseDecoder.decode(contentsOf: casePath, overrides: overrides))
  }

  /// Integrates an already decoded case (which must have a `transient` section).
  public static func solve(_ doc: CaseDocument) throws -> Outcome {
    let clock = ContinuousClock()
    let t0 = clock.now
    guard let spec = doc.transient, let options = ModelBuilder.transientOptions(doc) else {
      throw CaseError(file: doc.path, keyPath: "transient", expected: "a transient section", found: "none")
    }
    // Coolant flowing through the mesh: the loop transient (flows, supply temperature, cooling-system events).
    if let net = doc.network, !net.regions.isEmpty { return try LoopTransientRunner.solve(doc) }
    let caseMesh = try CaseMesh.load(for: doc)
    let mesh = caseMesh.mesh
    let model = try ModelBuilder.build(case: doc, mesh: mesh)
    let events = try ModelBuilder.events(doc, model: model)
    let initial = try initialTemperature(spec.initial, doc: doc, mesh: mesh)
    let readTime = (clock.now - t0).racktwinSeconds
    let solution: TransientSolution
    do {
      solution = try CaseRunError.naming(doc.path) {
        try TransientThermalSolver(options: options).solve(model, initial: initial, events: events)
      }
    } catch let e as CaseRunError {
      guard case let .invalidInput(location, expected, found) = e.underlying as? ThermalError else { throw e }
      throw CaseError(file: doc.path, keyPath: location, expected: expected, found: found)
    }
    // As for steady solves: inputs within their ranges can still overflow together; never write such a field.
    if let c = solution.final.temperature.firstIndex(where: { !$0.isFinite }) {
      throw ThermalError.invalidInput(
        location: doc.path, expected: "a finite temperature field (inputs whose combination stays within floating point)",
        found: "temperature \(solution.final.temperature[c]) in cell \(mesh.cellToFile[c]) at the end of the run")
    }
    var results = resultsDocument(doc: doc, caseMesh: caseMesh, solution: solution)
    var outcome = Outcome(document: doc, mesh: mesh, solution: solution, results: results, readTime: readTime)
    if !doc.coldPlates.isEmpty, !spec.loopEvents.isEmpty {
      // Cold plates with flow events (docs/case-format.md, "Cold plates in a transient"): the ride-through, the flow
      // factor at each time, and the plates that ran below their datasheet's flow range.
      let ride = RideThrough(doc: doc, solution: solution)
      results.metrics.append(MetricCatalog.metric("ride_through_time", ride.time))
      outcome.results = results
      outcome.notes.append(ride.note)
      let law = spec.coldPlateFlowFactor
      outcome.flowFactor = solution.times.map { max(law($0), ColdPlateTerm.minimumFlowFraction) }
      let fMin = outcome.flowFactor.min() ?? 1
      let below = doc.coldPlates.filter { p in
        guard case let .fixed(q, t) = p.flow, let rho = try? p.curve.coolant.density(at: t) else { return false }
        return p.curve.isExtrapolated(massFlow: fMin * q * rho)
      }.map(\.name)
      outcome.notes.append(String(format: "cold plates: flow factor %.3g at the end (min %.3g)", outcome.flowFactor.last!,
                                  fMin) + (below.isEmpty ? "" : "; below the datasheet's flow range (R(ṁ) extrapolated) "
                                             + "during the run: " + below.joined(separator: ", ")))
    }
    return outcome
  }

  /// Integrates and writes the results file with its XDMF sidecar (a temporal collection of the snapshots).
  @discardableResult
  public func run(output: String) throws -> Outcome {
    let outcome = try solve()
    try Self.write(outcome, to: output)
    return outcome
  }

  static func write(_ outcome: Outcome, to output: String) throws {
    try ResultsOutput.write(outcome.results, to: output)
  }

  /// K per cell: a varying value at the centroids at t = 0, or `/fields/temperature` (degC) of a results file.
  static func initialTemperature(_ initial: CaseDocument.InitialTemperature, doc: CaseDocument, mesh: FVMesh) throws
    -> [Double] {
    switch initial {
    case .value(let v):
      let t = (0..<mesh.cellCount).map { v.value(at: mesh.cellCentroid[$0], time: 0) }
      if let bad = t.firstIndex(where: { !($0 > 0 && $0.isFinite) }) {
        let p = mesh.cellCentroid[bad]
        throw CaseError(file: doc.path, keyPath: "transient.initial", expected: "a temperature above 0 K",
                        found: "\(t[bad]) K at (\(p.x), \(p.y), \(p.z)) m")
      }
      return t
    case .results(let path):
      let file = try HDF5File.open(readingAt: path)
      defer { try? file.close() }
      let (values, _) = try file.read(Double.self, at: "/fields/temperature")
      guard values.count == mesh.fileCellCount else {
        throw CaseError(file: doc.path, keyPath: "transient.initial.results",
                        expected: "a results file on the same mesh (\(mesh.fileCellCount) cells)",
                        found: "\(path) with \(values.count) cells")
      }
      let t = (0..<mesh.cellCount).map { values[mesh.cellToFile[$0]] + 273.15 }
      guard t.allSatisfy({ $0 > 0 && $0.isFinite }) else {
        throw CaseError(file: doc.path, keyPath: "transient.initial.results",
                        expected: "finite temperatures in every non-void cell", found: "NaN or ≤ 0 K in \(path)")
      }
      return t
    }
  }

  /// The results document: the final state as a steady run writes it, plus `/series` and snapshot fields.
  public static func resultsDocument(doc: CaseDocument, caseMesh: CaseMesh, solution s: TransientSolution)
    -> ResultsDocument {
    let mesh = caseMesh.mesh
    var r = SteadyCaseRunner.resultsDocument(doc: doc, caseMesh: caseMesh, solution: s.final)
    for (n, snap) in s.snapshots.enumerated() {
      var field = [Double](repeating: .nan, count: mesh.fileCellCount)
      for c in 0..<mesh.cellCount { field[mesh.cellToFile[c]] = snap.temperature[c] - 273.15 }
      r.fields.append(.init(name: "temperature_\(n)", values: field, units: "degC"))
    }
    let nt = s.times.count
    func matrix(_ rows: [[Double]], _ transform: (Double) -> Double) -> [Double] {
      var m = [Double](repeating: 0, count: nt * rows.count)
      for (j, row) in rows.enumerated() { for i in 0..<nt { m[i * rows.count + j] = transform(row[i]) } }
      return m
    }
    r.series = ResultsDocument.Series(
      time: s.times, componentNames: s.final.components.map(\.name),
      componentMaxTemperatureC: matrix(s.componentMaxTemperature) { $0 - 273.15 },
      componentPower: matrix(s.componentPower) { $0 },
      probeNames: s.final.probes.map(\.name), probeTemperatureC: matrix(s.probeTemperature) { $0 - 273.15 },
      energyBalanceRelative: [0] + s.energyBalanceRelativeSeries, snapshotTimes: s.snapshots.map(\.time))
    r.metrics = SolutionMetrics.transient(s)
    return r
  }
}
