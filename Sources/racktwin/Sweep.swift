import ArgumentParser
import Foundation
import RackTwinIO
import RackTwinNumerics
import RackTwinSweep

struct Sweep: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run a parameter sweep: parallel, resumable, shardable (see docs/sweep-format.md).",
    discussion: """
      Examples (from the repository's root):
        racktwin sweep geometries/gpu-stack/sweep.yaml -o results/gpu-stack-sweep.h5
        racktwin sweep geometries/gpu-stack/sweep.yaml \\
          -o results/gpu-stack-sweep.h5 --shard 0/2
        racktwin sweep geometries/gpu-stack/sweep.yaml \\
          -o results/gpu-stack-sweep.h5 --slurm --array-size 4

      Progress goes to stderr (a bar on a terminal, a line per tenth of the sweep otherwise); the summary to stdout, \
      the data to the HDF5 and CSV files.
      --verbose (stderr): the sweep file, points, jobs and threads per point, and a progress line for every point.

      Exit codes: 0 every point ok; 1 a point failed; 2 bad input; 130/143 interrupted by SIGINT/SIGTERM \
      (a valid partial file is written and the journal kept for --resume).
      """)

  @Argument(help: "The sweep file (YAML).") var sweepFile: String
  @Option(name: .shortAndLong, help: "The results file (HDF5; a CSV is written beside it).") var output: String
  @Option(help: "Points solved at a time (default: all cores).") var jobs: Int?
  @Option(help: "Run only shard i of N (0-based): points with index % N == i.") var shard: String?
  @Flag(help: "Continue an interrupted sweep from its journal.") var resume = false
  @Flag(help: "Re-read the mesh for every point (to measure what reuse saves).") var noReuse = false
  @OptionGroup var verbosity: OutputOptions
  @OptionGroup(title: "Slurm") var cluster: SlurmOptions

  func validate() throws {
    if let jobs, jobs < 1 { throw ValidationError("--jobs must be ≥ 1, found \(jobs)") }
    if let shard, Shard(parsing: shard) == nil { throw ValidationError("--shard expects i/N with 0 ≤ i < N, found \"\(shard)\"") }
    try cluster.validate(shard: shard, jobs: jobs, noReuse: noReuse)
  }

  func run() throws {
    if cluster.slurm { return try cluster.run(sweepFile: sweepFile, output: output, resume: resume, verbosity: verbosity) }
    SweepRunner.limitBLASThreads()
    let spec = try SweepSpecDecoder.decode(contentsOf: sweepFile)
    let shard = self.shard.flatMap(Shard.init(parsing:))
    let out = shard.map { $0.defaultOutput(for: output) } ?? output
    // Points run in parallel and share the cores (the Slurm task's inside an allocation): with as many jobs as cores
    // each solve is serial.
    let parallel = SweepParallelism(jobs: jobs, allocation: SlurmAllocation(environment: ProcessInfo.processInfo.environment),
                                    machineCores: Parallel.defaultThreadCount)
    let runner = SweepRunner(spec: spec, options: .init(output: out, jobs: parallel.jobs, shard: shard, resume: resume,
                                                       reuseMesh: !noReuse))
    Parallel.threadCount = parallel.threadsPerPoint
    verbosity.detail("read \(sweepFile): \(spec.pointCount) points" + (shard.map { ", shard \($0.index)/\($0.count)" } ?? "")
                     + "; \(parallel.jobs) jobs, \(parallel.threadsPerPoint) threads per point; writing \(out)")
    let stop = StopSignals()
    let bar = ProgressPrinter(enabled: !verbosity.quiet, everyPoint: verbosity.verbose)
    let summary = try runner.run(shouldStop: { stop.received != nil }, progress: bar.show)
    bar.finish()
    verbosity.say(SweepSummaryText(summary: summary, jobs: runner.options.jobs).text)
    if let signal = stop.received { Foundation.exit(128 + signal) }
    if summary.failed > 0 { Foundation.exit(1) }
  }
}

/// `racktwin sweep --slurm`: writes the job-array and merge scripts, and with `--submit` submits them.
struct SlurmOptions: ParsableArguments {
  @Flag(help: "Write Slurm batch scripts instead of running: a job array of shards and a merge job after it.")
  var slurm = false
  @Option(help: "With --slurm: array tasks N, one shard each (default: the points, at most 32).") var arraySize: Int?
  @Option(help: "With --slurm: the partition of both jobs.") var partition: String?
  @Option(help: "With --slurm: the time limit of each task and of the merge (as sbatch --time).") var time: String?
  @Option(help: "With --slurm: CPUs per array task; a task solves that many points at a time.") var cpusPerTask: Int?
  @Option(help: "With --slurm: where the scripts go (default: OUT without its extension, plus .slurm).") var slurmDir: String?
  @Option(help: "With --slurm: where Slurm writes the jobs' output (default: SLURM_DIR/logs).") var logDir: String?
  @Option(help: "With --slurm: where the shard files go (default: beside OUT).") var shardDir: String?
  @Flag(help: "With --slurm: submit the array and the merge job (afterany) with sbatch and print their job ids; with --resume only the unfinished shards.")
  var submit = false

  func validate(shard: String?, jobs: Int?, noReuse: Bool) throws {
    let given = [("--array-size", arraySize != nil), ("--partition", partition != nil), ("--time", time != nil),
                 ("--cpus-per-task", cpusPerTask != nil), ("--slurm-dir", slurmDir != nil), ("--log-dir", logDir != nil),
                 ("--shard-dir", shardDir != nil), ("--submit", submit)].filter(\.1).map(\.0)
    if !slurm, let first = given.first { throw ValidationError("\(first) goes with --slurm") }
    if slurm, let other = [("--shard", shard != nil), ("--jobs", jobs != nil), ("--no-reuse", noReuse)].first(where: \.1) {
      throw ValidationError("--slurm writes its own --shard for each task and takes --jobs from --cpus-per-task; "
                            + "found \(other.0)")
    }
  }

  func run(sweepFile: String, output: String, resume: Bool, verbosity: OutputOptions) throws {
    let spec = try SweepSpecDecoder.decode(contentsOf: sweepFile)
    verbosity.detail("read \(sweepFile): \(spec.pointCount) points")
    let script = try SlurmScript(
      sweepFile: sweepFile, output: output, executable: URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path,
      pointCount: spec.pointCount,
      options: .init(arraySize: arraySize, partition: partition, time: time, cpusPerTask: cpusPerTask,
                     scriptDirectory: slurmDir, logDirectory: logDir, shardDirectory: shardDir),
      workingDirectory: FileManager.default.currentDirectoryPath)
    let plan = try SlurmSubmission.plan(script, spec: spec, resume: resume)
    if submit, let first = plan.leftovers.first {
      throw SweepError(file: first, keyPath: "", expected: "no shard files or journals of an earlier run (--resume continues "
                         + "them; or remove them)", found: "\(plan.leftovers.count) of them")
    }
    try script.write()
    verbosity.say("wrote \(script.arrayScriptPath) (\(script.arraySize) array tasks, \(spec.pointCount) points) and \(script.mergeScriptPath)")
    verbosity.detail("shard files: \(script.arraySize) beside \(output); commands:\n"
                     + plan.commands(script).map { "  " + $0 }.joined(separator: "\n"))
    if resume { verbosity.say("shards to run: " + (plan.tasks.isEmpty ? "none (all finished)" : SlurmScript.arrayRanges(plan.tasks))) }
    guard submit else {
      verbosity.say("submit with:\n" + plan.commands(script).map { "  " + $0 }.joined(separator: "\n"))
      return
    }
    let ids = try plan.submit(script, environment: ProcessInfo.processInfo.environment)
    // The job ids are the data of --submit: printed even with --quiet.
    if let array = ids.array { print("submitted array job \(array) (tasks \(SlurmScript.arrayRanges(plan.tasks)))") }
    print("submitted merge job \(ids.merge)" + (ids.array.map { " (afterany:\($0))" } ?? ""))
  }
}

struct Merge: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Merge the shard files of one sweep into the file a single run would have written.",
    discussion: """
      Example (after the sweep's shards 0/2 and 1/2; from the repository's root):
        racktwin merge results/gpu-stack-sweep.shard-0-of-2.h5 \\
          results/gpu-stack-sweep.shard-1-of-2.h5 -o results/gpu-stack-sweep.h5

      --verbose (stderr): each shard file read, and the times to read and merge them and to write.
      """)
  @Argument(help: "The shard files (racktwin sweep --shard i/N).") var shards: [String]
  @Option(name: .shortAndLong, help: "The merged results file (HDF5; a CSV is written beside it).") var output: String
  @OptionGroup var verbosity: OutputOptions

  func run() throws {
    var clock = Stopwatch()
    for shard in shards { verbosity.detail("reading \(shard)") }
    let table = try SweepMerger.merge(shards)
    verbosity.detail(String(format: "read and merged %d shards: %d points (%.3f s)", shards.count, table.indices.count,
                            clock.lap()))
    try SweepTableFile.write(table, to: output)
    verbosity.detail(String(format: "wrote %@ and %@ (%.3f s)", output, SweepTableFile.csvPath(for: output), clock.lap()))
    let failed = table.status.filter { $0 != 0 }.count
    verbosity.say("merged \(shards.count) shards: \(table.indices.count) points, \(failed) failed; wrote \(output) and "
                  + SweepTableFile.csvPath(for: output))
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

/// The progress bar on stderr: redrawn in place on a terminal, a line per tenth of the sweep otherwise (a line per
/// point with `everyPoint`, for --verbose).
final class ProgressPrinter: @unchecked Sendable {
  let enabled: Bool
  let everyPoint: Bool
  let tty = isatty(2) == 1
  private var lastDecile = -1
  private var drawn = false

  init(enabled: Bool, everyPoint: Bool = false) {
    self.enabled = enabled
    self.everyPoint = everyPoint
  }

  func show(_ p: SweepRunner.Progress) {
    guard enabled else { return }
    let eta = p.eta.map { String(format: "ETA %.0f s", $0) } ?? "ETA –"
    let text = "\(p.done)/\(p.total) points, \(p.failed) failed, \(eta)"
    if everyPoint {
      FileHandle.standardError.write(Data(((drawn ? "\r\u{1B}[K" : "") + String(format: "sweep: %@ (%.2f s)\n", text, p.elapsed)).utf8))
      drawn = false
    } else if tty {
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
    if s.upToDate {
      return "sweep: \(s.output) already holds all \(s.total) points of this sweep (\(s.ok) ok, \(s.failed) failed): "
        + "nothing to resume"
    }
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
