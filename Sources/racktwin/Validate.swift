import ArgumentParser
import Foundation
import RackTwinIO
import RackTwinValidation

struct Validate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run the validation cases: every checked quantity against its reference and gold value.",
    discussion: """
      Examples (from the repository's root):
        racktwin validate
        racktwin validate validation --filter 'toptan-*' \\
          --report results/validation.md

      The table of checks goes to stdout, one line per check; --quiet prints only the failed checks and the last \
      line (`validate: N passed, M failed`). --verbose (stderr): the cases found, and each case's meshes' cell \
      counts and its time.

      Exit codes: 0 all checks pass; 1 a check failed; 2 a bad reference, case or mesh-spec file.
      """)

  @Argument(help: "The directory of cases (each DIR/<case>/reference.yaml; see docs/validation.md).")
  var directory = "validation"

  @Option(help: "Run only cases whose name matches (a glob such as 'toptan-*', or a substring).")
  var filter: String?

  @Option(help: "Also write a Markdown report to this file.")
  var report: String?

  @Flag(help: "Run heavy cases and heavy commands (other codes such as OpenFOAM).")
  var heavy = false

  @Flag(help: "Also print each value at full precision (SI), for recording gold values.")
  var printGold = false

  @OptionGroup var verbosity: OutputOptions

  func run() throws {
    let clock = ContinuousClock()
    let start = clock.now
    let references = try ValidationSuite.discover(in: directory, filter: filter)
    verbosity.detail("\(references.count) cases in \(directory)" + (filter.map { " matching \($0)" } ?? ""))
    let quiet = verbosity.quiet
    var headerPrinted = false
    if !quiet {
      print(ValidationReport.header)
      headerPrinted = true
    }
    var results: [ValidationCaseResult] = []
    for ref in references {
      let result = try ValidationCaseRunner(reference: ref, heavy: heavy).run()
      verbosity.detail(String(format: "%@: %@ cells, %.2f s", result.name,
                              result.cellCounts.map(String.init).joined(separator: ", "), result.seconds))
      // Quiet: the failed checks only (with the header before the first).
      var failedOnly = result
      failedOnly.rows = result.rows.filter { !$0.passed }
      failedOnly.skipped = nil
      let failedRows = quiet ? ValidationReport.lines(failedOnly) : []
      if quiet && !failedRows.isEmpty && !headerPrinted {
        print(ValidationReport.header)
        headerPrinted = true
      }
      (quiet ? failedRows : ValidationReport.lines(result)).forEach { print($0) }
      if printGold {
        for row in result.rows where row.tier == .reference || row.tier == .consistency {
          print("  gold \(row.quantity.replacingOccurrences(of: " [consistency]", with: "")): \(row.rawValue)")
        }
      }
      results.append(result)
    }
    let elapsed = clock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    if let report {
      try Data(ValidationReport.markdown(results, totalSeconds: seconds).utf8).write(to: URL(fileURLWithPath: report))
    }
    verbosity.say(ValidationReport.totals(results, seconds: seconds))
    print(ValidationReport.summary(results))
    if results.contains(where: { $0.failed > 0 }) { throw ExitCode(1) }
  }
}
