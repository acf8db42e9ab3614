import ArgumentParser
import Foundation
import RackTwinCase
import RackTwinIO
import RackTwinThermal

struct Solve: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Solve a case and write its results file (HDF5, with an XDMF sidecar for ParaView).",
    discussion: """
      A case with a `transient:` section runs the transient; a case of lumped devices or a network alone has no \
      fields (and no sidecar). The summary goes to stdout, warnings and errors to stderr.

      Examples (from the repository's root):
        racktwin solve geometries/gpu-stack/case.yaml -o results/gpu-stack.h5
        racktwin solve geometries/gpu-stack/case.yaml -o results/gpu-stack.h5 \\
          --units us
        racktwin solve geometries/gpu-stack/case.yaml -o results/gpu-stack-40.h5 \\
          --set boundaries.zmax.ambient="40 degC" --json
        racktwin solve geometries/rack-loop/case.yaml -o results/rack-loop.h5 -v

      --verbose (stderr): the files read and the time to read them; the linear solver's relative residual by \
      iteration (at most 20 lines), the correction and Picard passes, and the time of each stage (read, assembly, \
      setup, solve, write); a transient's step counts and times.
      --json: one JSON object on stdout instead of the summary (docs/cli.md): the metrics with their units, the \
      energy balance, components, probes, the files written. Always SI.
      --units us: the summary in °F, BTU/h, gpm, psi, ft (the files and --json stay SI).
      """)

  @Argument(help: "The case file (YAML; see docs/case-format.md).")
  var caseFile: String

  @Option(name: .shortAndLong, help: "The results file to write.")
  var output: String

  @Option(name: .customLong("set"), help: ArgumentHelp("Override a case key: key.path=value (repeatable; * selects several).",
                                                        valueName: "key=value"))
  var overrides: [String] = []

  @Option(name: .customLong("export-system"),
          help: ArgumentHelp("Also write the linear system A θ = b and our θ (CSR, HDF5; steady cases only).",
                             valueName: "sys.h5"))
  var exportSystem: String?

  @Flag(help: "Print a JSON object of the results on stdout instead of the summary (SI; docs/cli.md).")
  var json = false

  @Option(help: "Units of the printed summary: si (°C, W, L/min, kPa) or us (°F, BTU/h, gpm, psi).")
  var units: UnitSystem = .si

  @OptionGroup var verbosity: OutputOptions

  var quiet: Bool { verbosity.quiet || json }

  func run() throws {
    let cleanup = InterruptCleanup(outputs: [output, XdmfWriter.sidecarPath(forResultsAt: output)])
    defer { withExtendedLifetime(cleanup) {} }
    var clock = Stopwatch()
    // A case with a `transient:` section runs the transient; steady otherwise.
    let doc = try CaseDecoder.decode(contentsOf: caseFile, overrides: overrides)
    verbosity.detail(String(format: "read %@ (%.3f s)", caseFile, clock.lap())
                 + (overrides.isEmpty ? "" : " with " + overrides.map { "--set \($0)" }.joined(separator: " ")))
    if doc.hasDevices && doc.meshPath == nil {
      // Lumped devices (immersion, airCooling, rearDoor): their terms on a mesh without cells; no fields, no sidecar.
      if exportSystem != nil {
        throw ValidationError("--export-system applies to cases with a mesh; \(caseFile) has lumped devices")
      }
      let outcome = try DeviceCaseRunner(document: doc).run(output: output)
      verbosity.detail(String(format: "solved and wrote %@ (%.3f s)", output, clock.lap()))
      if !quiet { print(DeviceSummary(outcome: outcome, output: output, units: units).text) }
      try printJSON(outcome.results, kind: "devices", mesh: nil, sidecar: nil, warnings: outcome.warnings)
      for w in outcome.warnings { standardError("warning: \(w)") }
      return
    }
    if doc.meshPath == nil {
      // A network alone (no mesh): the loop, its results file without fields, no sidecar.
      if exportSystem != nil {
        throw ValidationError("--export-system applies to cases with a mesh; \(caseFile) is a network alone")
      }
      let outcome = try NetworkCaseRunner(document: doc).run(output: output)
      verbosity.detail(String(format: "solved and wrote %@ (%.3f s)", output, clock.lap()))
      if !quiet {
        // The facility's lines come from RackTwinCase and stay SI.
        print((["case: \(doc.path) (a network alone, no mesh)"]
               + LoopSummary(loop: outcome.results.loop!, metrics: outcome.results.metrics, units: units).lines
               + (outcome.facility?.summary ?? []) + ["", "wrote \(output)"]).joined(separator: "\n"))
      }
      try printJSON(outcome.results, kind: "network", mesh: nil, sidecar: nil, warnings: outcome.facility?.warnings ?? [])
      for w in outcome.facility?.warnings ?? [] { standardError("warning: \(w)") }
      return
    }
    if doc.transient != nil {
      if exportSystem != nil {
        throw ValidationError("--export-system applies to steady cases; \(caseFile) has a transient section")
      }
      let outcome = try TransientCaseRunner(document: doc).run(output: output)
      let wall = clock.lap()
      if verbosity.verbose { SolveDetails.transient(outcome, wall: wall).forEach(standardError) }
      if !quiet { print(TransientSummary(outcome: outcome, output: output, units: units).text) }
      try printJSON(outcome.results, kind: "transient", mesh: (doc.meshPath ?? "", outcome.mesh.cellCount, outcome.mesh.regions.count),
                    sidecar: XdmfWriter.sidecarPath(forResultsAt: output), warnings: [])
      return
    }
    let outcome = try SteadyCaseRunner(document: doc, exportSystemPath: exportSystem).run(output: output)
    let wall = clock.lap()
    if verbosity.verbose { SolveDetails.steady(outcome, wall: wall, exportSystem: exportSystem).forEach(standardError) }
    if !quiet { print(SolveSummary(outcome: outcome, output: output, units: units).text) }
    // The facility's lines come from RackTwinCase and stay SI.
    if !quiet, let f = outcome.facility { print(f.summary.joined(separator: "\n")) }
    let warnings = outcome.solution.rangeWarnings + (outcome.facility?.warnings ?? [])
    try printJSON(outcome.results, kind: "steady", mesh: (doc.meshPath ?? "", outcome.mesh.cellCount, outcome.mesh.regions.count),
                  sidecar: XdmfWriter.sidecarPath(forResultsAt: output), warnings: warnings)
    for w in warnings { standardError("warning: \(w)") }
  }

  /// `--json`: the results as one JSON object on stdout.
  func printJSON(_ results: ResultsDocument, kind: String, mesh: (file: String, cells: Int, regions: Int)?, sidecar: String?,
                 warnings: [String]) throws {
    guard json else { return }
    print(try JSONOutput.text(JSONOutput.solve(results: results, casePath: caseFile, kind: kind, mesh: mesh,
                                                     output: output, sidecar: sidecar, warnings: warnings)))
  }
}
