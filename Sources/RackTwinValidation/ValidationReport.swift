import Foundation

/// The validation results as a plain table (one row per check) and as a Markdown report.
public enum ValidationReport {
  static let headers = ["case", "quantity", "value", "reference", "error", "tolerance", "result"]
  static let widths = [26, 34, 20, 20, 12, 12, 6]

  /// The table header and its rule.
  public static var header: String {
    line(headers) + "\n" + widths.map { String(repeating: "-", count: $0) }.joined(separator: " ")
  }

  /// One line per row of a case (a skipped case gets one SKIP line).
  public static func lines(_ result: ValidationCaseResult) -> [String] {
    if let skipped = result.skipped { return [line([result.name, "(all)", "", "", "", "", "SKIP"]) + "  (\(skipped))"] }
    return result.rows.map { r in
      r.tier == .error ? line([r.caseName, r.quantity, "", "", "", "", r.status]) + "  " + r.value
        : line([r.caseName, r.quantity, r.value, r.reference, r.error, r.tolerance, r.status])
    }
  }

  static func line(_ cells: [String]) -> String {
    zip(cells, widths).map { c, w in c.count >= w ? c : c + String(repeating: " ", count: w - c.count) }
      .joined(separator: " ").trimmingCharacters(in: .whitespaces)
  }

  /// `validate: N passed, M failed`, counting checks (rows), the last line CI reads.
  public static func summary(_ results: [ValidationCaseResult]) -> String {
    let passed = results.reduce(0) { $0 + $1.passed }, failed = results.reduce(0) { $0 + $1.failed }
    return "validate: \(passed) passed, \(failed) failed"
  }

  /// Cases run and skipped, and the wall time.
  public static func totals(_ results: [ValidationCaseResult], seconds: Double) -> String {
    let skipped = results.filter { $0.skipped != nil }.count
    return "\(results.count - skipped) case\(results.count - skipped == 1 ? "" : "s") run"
      + (skipped > 0 ? ", \(skipped) heavy skipped" : "") + String(format: " in %.1f s", seconds)
  }

  /// The Markdown report: one table of every check, then per case its title, meshes and wall time.
  public static func markdown(_ results: [ValidationCaseResult], totalSeconds: Double) -> String {
    var s = "# racktwin validation report\n\n"
    s += summary(results) + "; " + totals(results, seconds: totalSeconds) + ".\n\n"
    s += "| " + headers.joined(separator: " | ") + " |\n|" + String(repeating: "---|", count: headers.count) + "\n"
    for r in results {
      if let skipped = r.skipped { s += "| \(r.name) | (all) | | | | | SKIP (\(skipped)) |\n"; continue }
      for row in r.rows {
        let cells = [row.caseName, row.quantity, row.value, row.reference, row.error, row.tolerance,
                     row.passed ? "PASS" : "**FAIL**"]
        s += "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n"
      }
    }
    s += "\n## Cases\n\n"
    for r in results {
      s += "- **\(r.name)**: \(r.title.isEmpty ? "" : r.title + "; ")"
      if let skipped = r.skipped {
        s += "skipped (\(skipped)).\n"
      } else {
        let cells = r.cellCounts.isEmpty ? "no mesh (device case)"
          : "cells \(r.cellCounts.map(String.init).joined(separator: ", "))"
        s += "\(cells); \(String(format: "%.2f", r.seconds)) s.\n"
        for row in r.rows where !row.detail.isEmpty { s += "  - \(row.quantity): \(row.detail)\n" }
      }
    }
    return s
  }
}
