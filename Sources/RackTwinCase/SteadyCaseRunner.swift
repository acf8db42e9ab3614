import RackTwinIO
import Foundation
import RackTwinCooling
import RackTwinMesh
import RackTwinThermal

/// Runs a steady case end to end: case file → mesh file → model → solve → results file.
public struct SteadyCaseRunner {
  /// What a run produced, for printing.
  public struct Outcome: Sendable {
    public var document: CaseDocument
    public var mesh: FVMesh
    public var solution: ThermalSolution
    public var results: ResultsDocument
    /// Seconds spent reading the case and the mesh.
    public var readTime: Double
    /// The hydraulic network's solution when the case has a network (coupled to the mesh through its region
    /// elements, `CoupledCaseRunner`; else solved beside it).
    public var network: NetworkSolution? = nil
    /// The facility's design point and year, when the case has `facility:`.
    public var facility: FacilityOutcome? = nil
  }

  /// The case file as the user named it.
  public var casePath: String
  public var overrides: [String]
  /// The case, when already decoded (`racktwin solve` decodes once to choose steady or transient).
  public var document: CaseDocument?
  /// Where to write the linear system (`SystemExportWriter`), if anywhere.
  public var exportSystemPath: String?
  /// Terms added to the model the case builds, after its own (a device built by code, a test's term).
  public var additionalTerms: [any ThermalTerm] = []

  public init(casePath: String, overrides: [String] = [], exportSystemPath: String? = nil) {
    self.casePath = casePath
    self.overrides = overrides
    self.exportSystemPath = exportSystemPath
  }

  /// A runner for a case already decoded.
  public init(document: CaseDocument, exportSystemPath: String? = nil, additionalTerms: [any ThermalTerm] = []) {
    self.casePath = document.path
    self.overrides = []
    self.document = document
    self.exportSystemPath = exportSystemPath
    self.additionalTerms = additionalTerms
  }

  /// Reads, builds and solves; writes nothing.
  public func solve() throws -> Outcome {
    let clock = ContinuousClock()
    let t0 = clock.now
    var doc = try document ?? CaseDecoder.decode(contentsOf: casePath, overrides: overrides)
    // 3-D fluid regions or plates in the loop: the network and the mesh are solved together.
    if doc.network?.regions.isEmpty == false || doc.hasNetworkPlates {
      return try CoupledCaseRunner(document: doc, casePath: casePath).solve()
    }
    // Otherwise the network is solved first (it is fast, and its errors need no mesh), beside the mesh. With a
    // facility its exchanger's set point follows the CDU (the TCS supply does not depend on the air's heat).
    var network: NetworkSolution? = nil
    var tcs = (iterations: 0, change: 0.0)
    if doc.network != nil {
      let r = try FacilityRun.solveNetwork(doc)
      doc = r.document
      network = r.solution
      tcs = (r.iterations, r.change)
    }
    let caseMesh = try CaseMesh.load(for: doc, caseFile: casePath)
    let mesh = caseMesh.mesh
    var model = try ModelBuilder.build(case: doc, mesh: mesh)
    for term in additionalTerms { model.addTerm(term) }
    let readTime = (clock.now - t0).racktwinSeconds
    var options = ModelBuilder.solverOptions(doc)
    options.keepsLinearSystem = exportSystemPath != nil
    var solution = try CaseRunError.naming(casePath) { try SteadyThermalSolver(options: options).solve(model) }
    // Inputs within their ranges can still overflow together (1e308 W in a small die): never write such a field.
    if let c = solution.temperature.firstIndex(where: { !$0.isFinite }) {
      throw ThermalError.invalidInput(
        location: casePath, expected: "a finite temperature field (inputs whose combination stays within floating point)",
        found: "temperature \(solution.temperature[c]) in cell \(mesh.cellToFile[c]) (total power \(solution.energyBalance.sources) W)")
    }
    if let exportSystemPath, let system = solution.linearSystem {
      try SystemExportWriter.write(matrix: system.matrix, rhs: system.rhs, solution: system.solution,
                                    referenceTemperature: system.referenceTemperature, cellToFile: mesh.cellToFile,
                                    to: exportSystemPath)
      solution.linearSystem = nil
    }
    let (results, facility) = try Self.results(doc: doc, caseMesh: caseMesh, model: model, solution: solution,
                                               network: network, tcs: tcs, riskPoint: 0,
                                               riskChunks: ProcessInfo.processInfo.activeProcessorCount)
    return Outcome(document: doc, mesh: mesh, solution: solution, results: results, readTime: readTime, network: network,
                   facility: facility)
  }

  /// Solves and writes the results file (temporary file, then rename) with its XDMF sidecar.
  @discardableResult
  public func run(output: String) throws -> Outcome {
    let outcome = try solve()
    try ResultsOutput.write(outcome.results, to: output)
    return outcome
  }

  /// The steps after a steady mesh solve, shared by `solve()` and a sweep's points: the results document, the
  /// network's tables (`NetworkRun.add`), hotspot risk when the case has `uncertainty` (its random stream keyed by
  /// `riskPoint`), and the facility when it has `facility` (the rack's heat from the network and the boundaries).
  /// - Parameter tcs: the CDU set point's iterations and last change (`FacilityRun.solveNetwork`).
  public static func results(doc: CaseDocument, caseMesh: CaseMesh, model: ThermalModel, solution: ThermalSolution,
                             network: NetworkSolution?, tcs: (iterations: Int, change: Double), riskPoint: Int,
                             riskChunks: Int = 1) throws -> (results: ResultsDocument, facility: FacilityOutcome?) {
    var results = resultsDocument(doc: doc, caseMesh: caseMesh, solution: solution)
    if let network { NetworkRun.add(network, of: doc, to: &results) }
    if doc.uncertainty != nil {
      let risk = try CaseRisk.analyse(doc: doc, model: model, mesh: caseMesh.mesh, point: riskPoint, chunks: riskChunks)
      CaseRisk.add(risk, to: &results)
    }
    var facility: FacilityOutcome? = nil
    if doc.facility != nil {
      var o = try FacilityRun.run(doc, rack: FacilityRun.rackHeat(doc, network: network,
                                                                  meshHeatToAir: FacilityRun.boundaryHeat(solution)))
      (o.tcsIterations, o.tcsSupplyChange) = tcs
      results.metrics += FacilityRun.metrics(o)
      facility = o
    }
    return (results, facility)
  }

  /// The results document of a solution (DESIGN §4.3): temperatures in °C in file cell order, the component,
  /// probe and patch tables, and the metrics of `SolutionMetrics`.
  public static func resultsDocument(doc: CaseDocument, caseMesh: CaseMesh, solution s: ThermalSolution) -> ResultsDocument {
    let mesh = caseMesh.mesh
    var field = [Double](repeating: .nan, count: mesh.fileCellCount)
    for c in 0..<mesh.cellCount { field[mesh.cellToFile[c]] = s.temperature[c] - 273.15 }
    let components = s.components.map { c in
      ResultsDocument.Component(name: c.name, power: c.power, maxTemperatureC: c.maxTemperature - 273.15,
                                meanTemperatureC: c.meanTemperature - 273.15, limitC: (c.limit ?? .nan) - 273.15,
                                margin: c.margin ?? .nan, hottestCell: Int64(mesh.cellToFile[c.hottestCell]))
    }
    let probes = s.probes.map { ResultsDocument.Probe(name: $0.name, position: $0.position, temperatureC: $0.temperature - 273.15) }
    var text = doc.text
    if !text.hasSuffix("\n") { text += "\n" }
    var r = ResultsDocument(caseText: text, meshSHA256: caseMesh.checksum, softwareVersion: racktwinVersion,
                            mesh: caseMesh.definition, fields: [.init(name: "temperature", values: field, units: "degC")],
                            probes: probes, components: components,
                            metrics: SolutionMetrics.steady(s)
                              + DeviceCaseRunner.catalogMetrics(doc, termMetrics: SolutionMetrics.terms(s))
                              + SolutionMetrics.terms(s) + SolutionMetrics.finColdPlates(doc, s))
    r.patches = SolutionMetrics.patches(s)
    return r
  }
}

extension Duration {
  /// The duration in seconds.
  var racktwinSeconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
