import ArgumentParser
import Foundation
import RackTwinCase
import RackTwinIO
import RackTwinThermal

struct Solve: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Solve a case and write its results file (HDF5, with an XDMF sidecar for ParaView).")

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

  @Flag(name: .shortAndLong, help: "Print only errors.")
  var quiet = false

  func run() throws {
    let cleanup = InterruptCleanup(outputs: [output, XdmfWriter.sidecarPath(forResultsAt: output)])
    defer { withExtendedLifetime(cleanup) {} }
    // A case with a `transient:` section runs the transient; steady otherwise.
    let doc = try CaseDecoder.decode(contentsOf: caseFile, overrides: overrides)
    if doc.hasDevices && doc.meshPath == nil {
      // Lumped devices (immersion, airCooling, rearDoor): their terms on a mesh without cells; no fields, no sidecar.
      if exportSystem != nil {
        throw ValidationError("--export-system applies to cases with a mesh; \(caseFile) has lumped devices")
      }
      let outcome = try DeviceCaseRunner(document: doc).run(output: output)
      if !quiet { print(DeviceSummary(outcome: outcome, output: output).text) }
      for w in outcome.warnings { FileHandle.standardError.write(Data("warning: \(w)\n".utf8)) }
      return
    }
    if doc.meshPath == nil {
      // A network alone (no mesh): the loop, its results file without fields, no sidecar.
      if exportSystem != nil {
        throw ValidationError("--export-system applies to cases with a mesh; \(caseFile) is a network alone")
      }
      let outcome = try NetworkCaseRunner(document: doc).run(output: output)
      if !quiet {
        print((["case: \(doc.path) (a network alone, no mesh)"]
               + LoopSummary(loop: outcome.results.loop!, metrics: outcome.results.metrics).lines
               + (outcome.facility?.summary ?? []) + ["", "wrote \(output)"]).joined(separator: "\n"))
      }
      for w in outcome.facility?.warnings ?? [] { FileHandle.standardError.write(Data("warning: \(w)\n".utf8)) }
      return
    }
    if doc.transient != nil {
      if exportSystem != nil {
        throw ValidationError("--export-system applies to steady cases; \(caseFile) has a transient section")
      }
      let outcome = try TransientCaseRunner(document: doc).run(output: output)
      if !quiet { print(TransientSummary(outcome: outcome, output: output).text) }
      return
    }
    let outcome = try SteadyCaseRunner(document: doc, exportSystemPath: exportSystem).run(output: output)
    if !quiet { print(SolveSummary(outcome: outcome, output: output).text) }
    if !quiet, let f = outcome.facility { print(f.summary.joined(separator: "\n")) }
    for w in outcome.solution.rangeWarnings { FileHandle.standardError.write(Data("warning: \(w)\n".utf8)) }
    for w in outcome.facility?.warnings ?? [] { FileHandle.standardError.write(Data("warning: \(w)\n".utf8)) }
  }
}
