import ArgumentParser
import Foundation
import RackTwinIO
import RackTwinValidation

struct Validate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run the validation cases: every checked quantity against its reference and gold value.",
    discussion: "Exit codes: 0 all checks pass; 1 a check failed; 2 a bad reference, case or mesh-spec file.")

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

  func run() throws {
    let clock = ContinuousClock()
    let start = clock.now
    let references = try ValidationSuite.discover(in: directory, filter: filter)
    print(ValidationReport.header)
    var results: [ValidationCaseResult] = []
    for ref in references {
      let result = try ValidationCaseRunner(reference: ref, heavy: heavy).run()
      ValidationReport.lines(result).forEach { print($0) }
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
    print(ValidationReport.totals(results, seconds: seconds))
    print(ValidationReport.summary(results))
    if results.contains(where: { $0.failed > 0 }) { throw ExitCode(1) }
  }
}
