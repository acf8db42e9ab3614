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

      Examples (from the repository's root, after the solve and sweep examples):
        racktwin report results/gpu-stack-sweep.h5 -o results/gpu-stack-sweep.html
        racktwin report results/gpu-stack.h5 -o results/gpu-stack.html \\
          --slice z=0.0015 --title "GPU stack"

      --verbose (stderr): the file read, the page's size, and the times to build and to write it.

      Exit codes: 0 ok; 2 bad input (not HDF5, not a racktwin file, a missing dataset, a slice outside the mesh).
      """)

  @Argument(help: "The results file (racktwin solve) or sweep file (racktwin sweep).") var file: String
  @Option(name: .shortAndLong, help: "The HTML file to write.") var output: String
  @Option(help: "The plane of the temperature map, AXIS=VALUE in metres or with a unit (z=0.01, \"y=20 mm\"); default: horizontal through the hottest component's hottest cell.")
  var slice: String?
  @Option(help: "The page's title (default: racktwin report: FILE).") var title: String?
  @OptionGroup var verbosity: OutputOptions

  func run() throws {
    var clock = Stopwatch()
    let spec = try slice.map { try SliceSpec(parsing: $0) }
    let html = try HTMLReport.html(forFileAt: file, options: ReportOptions(title: title, slice: spec))
    verbosity.detail(String(format: "read %@ and built the page: %d bytes (%.3f s)", file, html.utf8.count, clock.lap()))
    try HTMLReport.write(html, to: output)
    verbosity.detail(String(format: "wrote %@ (%.3f s)", output, clock.lap()))
    verbosity.say("wrote \(output)")
  }
}
