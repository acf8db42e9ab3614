import ArgumentParser
import Foundation
import RackTwinReport

struct Report: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Write one self-contained HTML page (inline SVG, no script, no network) of a results or sweep file.",
    discussion: """
      A sweep: its objectives with the Pareto front, maximum temperature and pump power against flow, and the table \
      of points. A solve: a temperature map of a slice, the component table and the heat split; a transient also its \
      time series. See docs/report.md.

      Examples:
        racktwin report sweep.h5 -o report.html
        racktwin report out.h5 -o out.html --slice z=0.0015 --title "GPU stack"

      Exit codes: 0 ok; 2 bad input (not HDF5, not a racktwin file, a missing dataset, a slice outside the mesh).
      """)

  @Argument(help: "The results file (racktwin solve) or sweep file (racktwin sweep).") var file: String
  @Option(name: .shortAndLong, help: "The HTML file to write.") var output: String
  @Option(help: "The plane of the temperature map, AXIS=VALUE in metres or with a unit (z=0.01, \"y=20 mm\"); default: horizontal through the hottest component's hottest cell.")
  var slice: String?
  @Option(help: "The page's title (default: racktwin report: FILE).") var title: String?

  func run() throws {
    let spec = try slice.map { try SliceSpec(parsing: $0) }
    let html = try HTMLReport.html(forFileAt: file, options: ReportOptions(title: title, slice: spec))
    try HTMLReport.write(html, to: output)
    print("wrote \(output)")
  }
}
