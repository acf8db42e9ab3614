import ArgumentParser
import Foundation
import RackTwinIO
import RackTwinNumerics
import RackTwinSweep

struct Sweep: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run a parameter sweep: parallel, resumable, shardable (see docs/sweep-format.md).",
    discussion: "Exit codes: 0 every point ok; 1 a point failed; 2 bad input; 130/143 interrupted by SIGINT/SIGTERM "
      + "(a valid partial file is written and the journal kept for --resume).")

  @Argument(help: "The sweep file (YAML).") var sweepFile: String
  @Option(name: .shortAndLong, help: "The results file (HDF5; a CSV is written beside it).") var output: String
  @Option(help: "Points solved at a time (default: all cores).") var jobs: Int?
  @Option(help: "Run only shard i of N (0-based): points with index % N == i.") var shard: String?
  @Flag(help: "Continue an interrupted sweep from its journal.") var resume = false
  @Flag(help: "Re-read the mesh for every point (to measure what reuse saves).") var noReuse = false
  @Flag(name: .shortAndLong, help: "No progress, only errors.") var quiet = false

  func validate() throws {
    if let jobs, jobs < 1 { throw ValidationError("--jobs must be ≥ 1, found \(jobs)") }
    if let shard, Shard(parsing: shard) == nil { throw ValidationError("--shard expects i/N with 0 ≤ i < N, found \"\(shard)\"") }
  }

  func run() throws {
    SweepRunner.limitBLASThreads()
    let spec = try SweepSpecDecoder.decode(contentsOf: sweepFile)
    let shard = self.shard.flatMap(Shard.init(parsing:))
    let out = shard.map { $0.defaultOutput(for: output) } ?? output
    let runner = SweepRunner(spec: spec, options: .init(output: out, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount,
                                                       shard: shard, resume: resume, reuseMesh: !noReuse))
    // Points run in parallel: share the cores between them, so with as many jobs as cores each solve is serial.
    Parallel.threadCount = max(1, Parallel.defaultThreadCount / runner.options.jobs)
    let stop = StopSignals()
    let bar = ProgressPrinter(enabled: !quiet)
    let summary = try runner.run(shouldStop: { stop.received != nil }, progress: bar.show)
    bar.finish()
    if !quiet { print(SweepSummaryText(summary: summary, jobs: runner.options.jobs).text) }
    if let signal = stop.received { Foundation.exit(128 + signal) }
    if summary.failed > 0 { Foundation.exit(1) }
  }
}

struct Merge: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Merge the shard files of one sweep into the file a single run would have written.")
  @Argument(help: "The shard files (racktwin sweep --shard i/N).") var shards: [String]
  @Option(name: .shortAndLong, help: "The merged results file (HDF5; a CSV is written beside it).") var output: String
  @Flag(name: .shortAndLong, help: "Print only errors.") var quiet = false

  func run() throws {
    let table = try SweepMerger.merge(shards)
    try SweepTableFile.write(table, to: output)
    let failed = table.status.filter { $0 != 0 }.count
    if !quiet {
      print("merged \(shards.count) shards: \(table.indices.count) points, \(failed) failed; wrote \(output) and "
            + SweepTableFile.csvPath(for: output))
    }
    if failed > 0 { Foundation.exit(1) }
  }
}

/// SIGINT/SIGTERM: remembered, not fatal, so the running points finish and the file is written.
final class StopSignals: @unchecked Sendable {
  private let lock = NSLock()
  private var signal: Int32?
  private var sources: [DispatchSourceSignal] = []

  init() {
    for s in [SIGINT, SIGTERM] {
      Foundation.signal(s, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: s, queue: .global())
      source.setEventHandler { [weak self] in
        guard let self else { return }
        self.lock.lock()
        if self.signal == nil { self.signal = s }
        self.lock.unlock()
      }
      source.resume()
      sources.append(source)
    }
  }

  var received: Int32? {
    lock.lock()
    defer { lock.unlock() }
    return signal
  }
}

/// The progress bar on stderr: redrawn in place on a terminal, a line per tenth of the sweep otherwise.
final class ProgressPrinter: @unchecked Sendable {
  let enabled: Bool
  let tty = isatty(2) == 1
  private var lastDecile = -1
  private var drawn = false

  init(enabled: Bool) { self.enabled = enabled }

  func show(_ p: SweepRunner.Progress) {
    guard enabled else { return }
    let eta = p.eta.map { String(format: "ETA %.0f s", $0) } ?? "ETA –"
    let text = "\(p.done)/\(p.total) points, \(p.failed) failed, \(eta)"
    if tty {
      let width = 30, filled = p.total == 0 ? width : p.done * width / p.total
      let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
      FileHandle.standardError.write(Data("\r[\(bar)] \(text)\u{1B}[K".utf8))
      drawn = true
    } else {
      let decile = p.total == 0 ? 10 : p.done * 10 / p.total
      if decile != lastDecile {
        lastDecile = decile
        FileHandle.standardError.write(Data("sweep: \(text)\n".utf8))
      }
    }
  }

  func finish() {
    if drawn { FileHandle.standardError.write(Data("\n".utf8)) }
  }
}

struct SweepSummaryText {
  let summary: SweepRunner.Summary
  let jobs: Int

  var text: String {
    let s = summary
    var lines: [String] = []
    lines.append("sweep: \(s.total) points: \(s.ok) ok, \(s.failed) failed" + (s.notRun > 0 ? ", \(s.notRun) not run (interrupted; --resume continues)" : "")
                 + (s.resumed > 0 ? "; \(s.resumed) from the journal" : ""))
    if s.solvedHere > 0 {
      let n = Double(s.solvedHere)
      lines.append(String(format: "time: setup %.2f s; %d points in %.2f s on %d jobs: per point %.3f s (%.3f s CPU), "
                          + "%.3f s of wall time; journal %.2f ms per point; writing %.3f s",
                          s.setupTime, s.solvedHere, s.solveWallTime, jobs, s.pointTimeTotal / n, s.pointCPUTimeTotal / n,
                          s.solveWallTime / n, s.journalTime * 1e3 / n, s.writeTime))
    }
    lines.append("wrote \(s.output) and \(s.csv)")
    return lines.joined(separator: "\n")
  }
}
