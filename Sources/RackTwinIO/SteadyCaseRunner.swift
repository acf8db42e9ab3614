import Foundation
import RackTwinMesh
import RackTwinThermal

/// The version written into every results file.
public let racktwinVersion = "0.1.0"

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
  }

  public var casePath: String
  public var overrides: [String]
  /// Where to write the linear system (`SystemExportWriter`), if anywhere.
  public var exportSystemPath: String?

  public init(casePath: String, overrides: [String] = [], exportSystemPath: String? = nil) {
    self.casePath = casePath
    self.overrides = overrides
    self.exportSystemPath = exportSystemPath
  }

  /// Reads, builds and solves; writes nothing.
  public func solve() throws -> Outcome {
    let clock = ContinuousClock()
    let t0 = clock.now
    let doc = try CaseDecoder.decode(contentsOf: casePath, overrides: overrides)
    let definition = try MeshFileReader.read(path: doc.meshPath)
    try MemoryEstimate.check(cells: definition.cellRegionIDs.reduce(0) { $0 + ($1 != 0 ? 1 : 0) },
                             unstructured: definition.isUnstructured,
                             method: doc.solver.method, file: casePath)
    let checksum = try SHA256.hexDigest(ofFileAt: doc.meshPath)
    let mesh = try FVMesh(definition, file: doc.meshPath)
    let model = try ModelBuilder.build(case: doc, mesh: mesh)
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
      try SystemExportWriter.write(system, cellToFile: mesh.cellToFile, to: exportSystemPath)
      solution.linearSystem = nil
    }
    let results = Self.resultsDocument(doc: doc, definition: definition, checksum: checksum, mesh: mesh, solution: solution)
    return Outcome(document: doc, mesh: mesh, solution: solution, results: results, readTime: readTime)
  }

  /// Solves and writes the results file (temporary file, then rename) with its XDMF sidecar.
  @discardableResult
  public func run(output: String) throws -> Outcome {
    let outcome = try solve()
    let directory = (output as NSString).deletingLastPathComponent
    if !directory.isEmpty && !FileManager.default.fileExists(atPath: directory) {
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }
    try ResultsWriter.write(outcome.results, to: output)
    return outcome
  }

  /// The results document of a solution (DESIGN §4.3): temperatures in °C in file cell order.
  public static func resultsDocument(doc: CaseDocument, definition: MeshDefinition, checksum: String, mesh: FVMesh,
                                     solution s: ThermalSolution) -> ResultsDocument {
    var field = [Double](repeating: .nan, count: mesh.fileCellCount)
    for c in 0..<mesh.cellCount { field[mesh.cellToFile[c]] = s.temperature[c] - 273.15 }
    let components = s.components.map { c in
      ResultsDocument.Component(name: c.name, power: c.power, maxTemperatureC: c.maxTemperature - 273.15,
                                meanTemperatureC: c.meanTemperature - 273.15, limitC: (c.limit ?? .nan) - 273.15,
                                margin: c.margin ?? .nan, hottestCell: Int64(mesh.cellToFile[c.hottestCell]))
    }
    let probes = s.probes.map { ResultsDocument.Probe(name: $0.name, position: $0.position, temperatureC: $0.temperature - 273.15) }
    let eb = s.energyBalance
    let tMax = s.temperature.max() ?? .nan
    let metrics: [ResultsDocument.Metric] = [
      .init(name: "power", value: eb.sources, units: "W"),
      .init(name: "max_temperature", value: tMax - 273.15, units: "degC"),
      .init(name: "heat_in", value: eb.heatIn, units: "W"),
      .init(name: "heat_out", value: eb.heatOut, units: "W"),
      .init(name: "energy_balance_error", value: eb.imbalance, units: "W"),
      .init(name: "energy_balance_relative", value: eb.relative, units: "1"),
      .init(name: "solver_iterations", value: Double(s.report.iterations), units: "1"),
      .init(name: "solver_residual", value: s.report.relativeResidual, units: "1"),
      .init(name: "nonlinear_iterations", value: Double(s.nonlinearIterations), units: "1"),
      .init(name: "correction_iterations", value: Double(s.correctionIterations), units: "1"),
      .init(name: "material_range_violations", value: Double(s.rangeWarnings.count), units: "1"),
      .init(name: "assembly_time", value: s.assemblyTime, units: "s"),
      .init(name: "setup_time", value: s.report.setupTime, units: "s"),
      .init(name: "solve_time", value: s.report.solveTime, units: "s"),
    ]
    var text = doc.text
    if !text.hasSuffix("\n") { text += "\n" }
    return ResultsDocument(caseText: text, meshSHA256: checksum, softwareVersion: racktwinVersion, mesh: definition,
                           fields: [.init(name: "temperature", values: field, units: "degC")],
                           probes: probes, components: components, metrics: metrics)
  }
}

extension Duration {
  /// The duration in seconds.
  var racktwinSeconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
