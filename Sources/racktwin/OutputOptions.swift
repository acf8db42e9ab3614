import ArgumentParser
import Foundation

/// `-q/--quiet` and `-v/--verbose`, the same two flags on every command that prints (docs/cli.md).
///
/// Quiet prints only errors and warnings (on stderr) and what an explicit option asked for (`--json`). Verbose adds, on
/// stderr, the files read, the stages' times and what a command can say of its work (a solve's residuals); the
/// summaries and data stay on stdout, so `racktwin solve … -v > summary.txt` keeps the log out of the file.
struct OutputOptions: ParsableArguments {
  @Flag(name: .shortAndLong, help: "Print only errors and warnings.") var quiet = false
  @Flag(name: .shortAndLong, help: ArgumentHelp("Also print, on stderr, the files read, the stages' times and the "
                                                + "command's details (see the discussion above; docs/cli.md)."))
  var verbose = false

  func validate() throws {
    if quiet && verbose { throw ValidationError("--quiet and --verbose exclude each other") }
  }

  /// Prints a summary or data line on stdout unless quiet.
  func say(_ text: @autoclosure () -> String) {
    if !quiet { print(text()) }
  }

  /// Prints a line on stderr when verbose.
  func detail(_ text: @autoclosure () -> String) {
    if verbose { standardError(text()) }
  }
}

/// Writes a line on stderr (progress, warnings, verbose details, errors).
func standardError(_ line: String) {
  FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// Wall-clock seconds of the stages of a command, for `--verbose`.
struct Stopwatch {
  private let clock = ContinuousClock()
  private var last: ContinuousClock.Instant
  private let start: ContinuousClock.Instant

  init() {
    start = clock.now
    last = start
  }

  /// Seconds since the previous lap (or the start), and restarts the lap.
  mutating func lap() -> Double {
    let now = clock.now
    defer { last = now }
    return Self.seconds(now - last)
  }

  /// Seconds since the start.
  var total: Double { Self.seconds(clock.now - start) }

  static func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
  }
}
