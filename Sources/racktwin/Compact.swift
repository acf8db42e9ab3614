import ArgumentParser
import Foundation
import RackTwinCase
import RackTwinIO

struct Compact: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "compact", abstract: "Compact (reduced) models built from detailed 3-D cases.",
    discussion: """
      Example (from the repository's root; see `racktwin help compact build`):
        racktwin compact build geometries/tray-coldplate-detail/case.yaml \\
          --flows "4 L/min, 8 L/min, 16 L/min" -o results/tray.compact.yaml
      """,
    subcommands: [Build.self])

  struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Build a flow-parametrised compact tray model from a 3-D tray with datasheet cold plates.",
      discussion: """
        Runs the case's linear 3-D model at each tray flow, one solve per input (inlet, air, each component's power), \
        and writes the coefficients (docs/file-formats.md, "Compact tray models"). Plates with `upstream:` get the \
        mixed outlet of their upstream plates as inlet.

        Examples (from the repository's root; the tray's mesh first, 170k cells):
          racktwin mesh generate geometries/tray-coldplate-detail/mesh.yaml \\
            -o geometries/tray-coldplate-detail/mesh.h5
          racktwin compact build geometries/tray-coldplate-detail/case.yaml \\
            --flows "4 L/min, 8 L/min, 16 L/min" -o results/tray.compact.yaml
          racktwin compact build geometries/tray-coldplate-detail/case.yaml \\
            --flows "4 L/min, 6 L/min, 8 L/min, 11 L/min, 16 L/min" \\
            -o results/tray.compact.yaml --check "9.5 L/min" --jobs 2

        The summary and the --check table go to stdout (the table even with --quiet: it was asked for). --verbose \
        (stderr): the case read, and the times to build the model, write it and run the check.
        """)
    @Argument(help: "The detailed tray case (YAML).") var caseFile: String
    @Option(help: ArgumentHelp("Tray coolant flows, increasing, at least 3, comma-separated.", valueName: "\"Q1, Q2, …\""))
    var flows: String
    @Option(name: .shortAndLong, help: "The compact model file to write (YAML).") var output: String
    @Option(help: "Flows built at the same time.") var jobs: Int = 1
    @Option(name: .customLong("coolant-volume"),
            help: ArgumentHelp("The tray's coolant volume, for the coolant's capacitance (datasheet plates have none "
                                 + "in the mesh).", valueName: "volume"))
    var coolantVolume: String = "0 m^3"
    @Option(name: .customLong("set"), help: ArgumentHelp("Override a case key (as in solve).", valueName: "key=value"))
    var overrides: [String] = []
    @Option(help: ArgumentHelp("Held-out tray flows: solve the 3-D tray there (series inlets iterated) and compare "
                                 + "each component's maximum with the model; exit 1 if a component with a limit misses "
                                 + "by more than --check-tolerance.", valueName: "\"Q1, Q2, …\""))
    var check: String?
    @Option(name: .customLong("check-tolerance"), help: "Largest error at the held-out flows.")
    var checkTolerance: String = "0.5 K"
    @OptionGroup var verbosity: OutputOptions

    func validate() throws {
      guard jobs >= 1 else { throw ValidationError("--jobs: expected an integer ≥ 1, found \(jobs)") }
    }

    func run() throws {
      let q = try flows.split(separator: ",").map {
        try parseQuantity(String($0).trimmingCharacters(in: .whitespaces), as: .volumeFlow, key: "--flows",
                          file: caseFile)
      }
      try CompactTrayBuilder.checkFlows(q, file: caseFile)
      let volume = try parseQuantity(coolantVolume, as: .volume, key: "--coolant-volume", file: caseFile)
      var clock = Stopwatch()
      let builder = try CompactTrayBuilder(casePath: caseFile, overrides: overrides)
      verbosity.detail(String(format: "read %@ (%.3f s)", caseFile, clock.lap()))
      let (model, report) = try builder.build(flows: q, jobs: jobs, coolantVolume: volume, outputPath: output)
      verbosity.detail(String(format: "built the model at %d flows (%.3f s)", q.count, clock.lap()))
      var command = "racktwin compact build \(caseFile) --flows \"\(flows)\" -o \(output)"
      if jobs > 1 { command += " --jobs \(jobs)" }
      if volume > 0 { command += " --coolant-volume \"\(coolantVolume)\"" }
      if !overrides.isEmpty { command += overrides.map { " --set \($0)" }.joined() }
      let header = ["Compact tray model (docs/file-formats.md, \"Compact tray models\"), built by", "  \(command)",
                    "Do not edit: rebuild. The plates' pressure drop is their datasheets' law (see the case)."]
      let tmp = output + ".tmp"
      try model.yaml(header: header).write(toFile: tmp, atomically: false, encoding: .utf8)
      if FileManager.default.fileExists(atPath: output) { try FileManager.default.removeItem(atPath: output) }
      try FileManager.default.moveItem(atPath: tmp, toPath: output)
      verbosity.detail(String(format: "wrote %@ (%.3f s)", output, clock.lap()))
      if !verbosity.quiet {
        var lines = ["case: \(caseFile) (\(model.source.cells) cells), \(q.count) flows, \(model.inputs.count) inputs, "
                       + "\(model.outputs.count) outputs"]
        for (f, r) in zip(q, report.perFlow) {
          lines.append(String(format: "  %.3f L/min: %ld solves (%@), %.1f s, superposition residual %.1e K, ΔP %.2f kPa",
                              f * 6e4, r.solves, r.method, r.time, r.superpositionError, r.pressureDrop / 1000))
        }
        lines.append(String(format: "inlet + air − 1: %.1e; energy rows: %.1e; wall %.1f s", report.shiftError,
                            report.energyError, report.time))
        lines.append("wrote \(output)")
        print(lines.joined(separator: "\n"))
      }
      try runCheck(builder: builder, model: model)
      if check != nil { verbosity.detail(String(format: "held-out check %.3f s; total %.3f s", clock.lap(), clock.total)) }
    }

    /// The held-out check (`--check`): the 3-D tray against the model at nominal powers, supply and air.
    func runCheck(builder: CompactTrayBuilder, model: CompactTray) throws {
      guard let check else { return }
      let flows = try check.split(separator: ",").map {
        try parseQuantity(String($0).trimmingCharacters(in: .whitespaces), as: .volumeFlow, key: "--check",
                          file: caseFile)
      }
      let tolerance = try parseQuantity(checkTolerance, as: .temperatureDifference, key: "--check-tolerance",
                                        file: caseFile)
      let x = model.nominalInputs(inlet: builder.supplyTemperature, air: builder.airTemperature)
      var worst = 0.0, failures: [String] = []
      print("held-out check (nominal powers, supply and air of the case):")
      print("  flow (L/min)  component  3-D max (°C)  compact (°C)  error (K)")
      for q in flows {
        let clock = ContinuousClock(), t0 = clock.now
        let (s, iterations) = try builder.detailedSolution(trayFlow: q)
        let y = model.evaluate(flow: q, inputs: x)
        for c in s.components where c.power > 0 {
          guard let o = model.outputIndex(c.name + ".max") else { continue }
          let e = y[o] - c.maxTemperature
          print(String(format: "  %12.2f  %-9@  %12.3f  %12.3f  %+9.3f", q * 6e4, c.name, c.maxTemperature - 273.15,
                       y[o] - 273.15, e))
          if c.limit != nil {
            worst = max(worst, abs(e))
            if abs(e) > tolerance { failures.append(String(format: "%@ at %.2f L/min: %+.3f K", c.name, q * 6e4, e)) }
          }
        }
        let d = clock.now - t0
        print(String(format: "  (%.2f L/min: %ld solves for the series inlets, %.1f s)", q * 6e4, iterations,
                     Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18))
      }
      print(String(format: "largest error on a component with a limit: %.3f K (tolerance %.3f K)", worst, tolerance))
      if !failures.isEmpty {
        FileHandle.standardError.write(Data(("error: held-out check failed: " + failures.joined(separator: "; ")
                                               + "\n").utf8))
        throw ExitCode(1)
      }
    }
  }
}
