import Foundation
import RackTwinIO

/// Options of `racktwin report`.
public struct ReportOptions: Sendable {
  /// The page's title; nil: "racktwin report: FILE".
  public var title: String?
  /// The plane of the temperature map; nil: horizontal through the hottest component's hottest cell.
  public var slice: SliceSpec?
  /// The date printed on the page.
  public var date: Date

  public init(title: String? = nil, slice: SliceSpec? = nil, date: Date = Date()) {
    self.title = title
    self.slice = slice
    self.date = date
  }
}

/// One self-contained HTML page for a sweep or a solve: inline CSS and SVG, no script, nothing fetched.
///
/// The page is well-formed XML (every element closed, no named entities but XML's), so an XML parser reads it.
public enum HTMLReport {
  /// Reads `path` and builds its page.
  public static func html(forFileAt path: String, options: ReportOptions) throws -> String {
    try html(for: try ReportReader.read(path), options: options)
  }

  public static func html(for input: ReportInput, options: ReportOptions) throws -> String {
    let file: String, kind: String, caseText: String, fileVersion: String, body: String
    var extra = ""
    switch input {
    case .sweep(let s):
      file = s.file
      kind = "sweep, \(s.rowCount) points (\(s.status.filter { $0 == 0 }.count) ok)"
      caseText = s.caseText
      fileVersion = s.softwareVersion
      if options.slice != nil {
        throw ReportError(file: s.file, location: "--slice", expected: "a results file (racktwin solve) for a slice",
                          found: "a sweep file, which has no fields")
      }
      body = SweepReport(data: s).html()
      if !s.sweepText.isEmpty {
        extra = "<details><summary>Sweep file</summary><pre>\(xmlEscaped(s.sweepText))</pre></details>\n"
      }
    case .results(let r):
      file = r.file
      kind = r.series != nil ? "transient solve" : "steady solve"
      caseText = r.caseText
      fileVersion = r.softwareVersion
      body = try ResultsReport(data: r, slice: options.slice).html()
    }
    let name = URL(fileURLWithPath: file).lastPathComponent
    let title = options.title ?? "racktwin report: \(name)"
    let dateFormat = ISO8601DateFormatter()
    dateFormat.formatOptions = [.withInternetDateTime]
    var o = """
      <!DOCTYPE html>
      <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
      <head>
      <meta charset="utf-8"/>
      <meta name="viewport" content="width=device-width, initial-scale=1"/>
      <meta name="generator" content="racktwin \(racktwinVersion)"/>
      <title>\(xmlEscaped(title))</title>
      <style>\(css)</style>
      </head>
      <body>
      <h1>\(xmlEscaped(title))</h1>

      """
    o += "<table class=\"meta\"><tbody>\n"
    for (k, v) in [("file", name + " (" + kind + ")"), ("case", caseSummary(caseText)),
                   ("date", dateFormat.string(from: options.date)),
                   ("racktwin", "\(racktwinVersion) (report); file written by \(fileVersion.isEmpty ? "unknown" : fileVersion)")] {
      o += "<tr><th>\(k)</th><td>\(xmlEscaped(v))</td></tr>\n"
    }
    o += "</tbody></table>\n"
    o += body
    o += extra
    if !caseText.isEmpty { o += "<details><summary>Case file as run</summary><pre>\(xmlEscaped(caseText))</pre></details>\n" }
    o += "<p class=\"foot\">Written by racktwin report; self-contained: no script, nothing loaded from elsewhere.</p>\n"
    o += "</body>\n</html>\n"
    return o
  }

  /// The case's first block of comment lines (at most 400 characters), else its mesh line, else "–".
  static func caseSummary(_ text: String) -> String {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
    if let first = lines.firstIndex(where: { $0.hasPrefix("#") && $0.count > 2 }) {
      let block = lines[first...].prefix { $0.hasPrefix("#") }.map { String($0.drop { $0 == "#" || $0 == " " }) }
      let joined = block.joined(separator: " ")
      return joined.count > 400 ? String(joined.prefix(399)) + "…" : joined
    }
    if let m = lines.first(where: { $0.hasPrefix("mesh:") }) { return m }
    return "–"
  }

  /// Writes `html` to `path` through a temporary file in the same directory, renamed into place.
  public static func write(_ html: String, to path: String) throws {
    let tmp = "\(path).tmp-\(ProcessInfo.processInfo.processIdentifier)"
    func fail(_ reason: String) -> ReportError {
      ReportError(file: path, location: "output", expected: "a file that can be written", found: reason)
    }
    do {
      try Data(html.utf8).write(to: URL(fileURLWithPath: tmp))
    } catch {
      unlink(tmp)
      throw fail(error.localizedDescription)
    }
    if rename(tmp, path) != 0 {
      let reason = String(cString: strerror(errno))
      unlink(tmp)
      throw fail("rename from \(tmp) failed: \(reason)")
    }
  }

  static let css = """
    body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; margin: 24px auto; max-width: 1100px; color: #1a1a1a; padding: 0 16px; }
    h1 { font-size: 24px; margin-bottom: 8px; }
    h2 { font-size: 19px; margin-top: 32px; border-bottom: 1px solid #cccccc; padding-bottom: 4px; }
    table { border-collapse: collapse; font-size: 13px; }
    th, td { border: 1px solid #d0d0d0; padding: 3px 7px; text-align: right; white-space: nowrap; }
    th { background: #f0f0f0; }
    td:first-child, th:first-child { text-align: left; }
    table.meta th { text-align: left; }
    table.meta td { text-align: left; white-space: normal; }
    tr.pareto td { background: #fde8e8; font-weight: bold; }
    tr.failed td { color: #999999; }
    tr.over td { background: #fbd5d5; }
    .table-wrap { overflow-x: auto; max-width: 100%; }
    figure { margin: 8px 0; }
    svg.plot { max-width: 100%; height: auto; font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; }
    svg .tick { font-size: 13px; fill: #333333; }
    svg .axis-title { font-size: 15px; fill: #111111; }
    svg .legend { font-size: 13px; fill: #222222; }
    p.how { font-size: 13px; color: #444444; max-width: 780px; }
    p.note { font-size: 13px; color: #7a4b00; }
    p.foot { font-size: 12px; color: #777777; margin-top: 40px; }
    pre { font-size: 12px; background: #f6f6f6; padding: 8px; overflow-x: auto; }
    """
}
