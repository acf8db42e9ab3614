import Foundation
import RackTwinIO

/// The two batch scripts that run a sweep on Slurm (`racktwin sweep SWEEP -o OUT --slurm`): a job array whose task
/// *i* runs shard *i* of *N*, and a merge job that follows it with `afterany` (docs/sweep-format.md, "On Slurm").
///
/// N is written into the array script: `SLURM_ARRAY_TASK_COUNT` counts only the tasks of one submission, so it is
/// wrong when only the unfinished shards are resubmitted. Every task passes `--resume`, so a requeued or resubmitted
/// task continues its shard's journal and a finished shard is left as it is. The merge job runs whatever the tasks'
/// exit codes (`afterok` never fires once a shard has a failed point and exits 1); `racktwin merge` then checks that
/// every point of the sweep is there. Every path in the scripts is absolute, so they run from any directory.
public struct SlurmScript: Sendable, Equatable {
  /// What the user chose on the command line; relative paths are taken from the working directory.
  public struct Options: Sendable, Equatable {
    /// Array tasks (shards), N; default `min(points, defaultArraySize)`.
    public var arraySize: Int?
    public var partition: String?
    /// Time limit of each task and of the merge, in a form `sbatch --time` accepts (`02:00:00`, `1-00:00:00`).
    public var time: String?
    /// `--cpus-per-task` of each array task; omitted from the script when nil (Slurm's default, one CPU).
    public var cpusPerTask: Int?
    /// Where the scripts go; default `OUT` without its extension, plus `.slurm`.
    public var scriptDirectory: String?
    /// Where Slurm writes the jobs' output; default `<script directory>/logs`.
    public var logDirectory: String?
    /// Where the shard files go; default beside `OUT`.
    public var shardDirectory: String?

    public init(arraySize: Int? = nil, partition: String? = nil, time: String? = nil, cpusPerTask: Int? = nil,
                scriptDirectory: String? = nil, logDirectory: String? = nil, shardDirectory: String? = nil) {
      self.arraySize = arraySize
      self.partition = partition
      self.time = time
      self.cpusPerTask = cpusPerTask
      self.scriptDirectory = scriptDirectory
      self.logDirectory = logDirectory
      self.shardDirectory = shardDirectory
    }
  }

  /// Array tasks when `--array-size` is not given (fewer for smaller sweeps): well under Slurm's default
  /// `MaxArraySize` (1001), and few enough that each task's setup (reading the mesh) stays small beside its points.
  public static let defaultArraySize = 32

  /// The sweep file, the merged results file and the racktwin executable, absolute.
  public var sweepFile: String
  public var output: String
  public var executable: String
  /// N: shards, one per array task.
  public var arraySize: Int
  public var partition: String?
  public var time: String?
  public var cpusPerTask: Int?
  public var scriptDirectory: String
  public var logDirectory: String
  /// The `-o` of the array tasks: shard *i* writes `Shard(index: i, count: N).defaultOutput(for: shardOutput)`.
  public var shardOutput: String
  /// The Slurm job name of the array; the merge job's is this plus `-merge`.
  public var jobName: String

  /// Resolves paths and defaults and checks what Slurm's `#SBATCH` lines cannot carry.
  /// - Throws: `SweepError` for an array size outside 1...points, a path with a line break, a log directory with `"`
  ///   or `\` (they end or escape Slurm's quoted `--output` pattern), or a partition or time with spaces or quotes.
  public init(sweepFile: String, output: String, executable: String, pointCount: Int, options: Options = Options(),
              workingDirectory: String) throws {
    func absolute(_ p: String) -> String {
      ((p.hasPrefix("/") ? p : (workingDirectory as NSString).appendingPathComponent(p)) as NSString).standardizingPath
    }
    self.sweepFile = absolute(sweepFile)
    self.output = absolute(output)
    self.executable = absolute(executable)
    let n = options.arraySize ?? min(pointCount, Self.defaultArraySize)
    guard (1...max(1, pointCount)).contains(n) else {
      throw SweepError(file: self.sweepFile, keyPath: "--array-size",
                       expected: "1 to \(pointCount) array tasks (one shard each, for a sweep of \(pointCount) points)",
                       found: "\(n)")
    }
    arraySize = n
    let stem = (self.output as NSString).deletingPathExtension
    scriptDirectory = options.scriptDirectory.map(absolute) ?? stem + ".slurm"
    logDirectory = options.logDirectory.map(absolute) ?? (scriptDirectory as NSString).appendingPathComponent("logs")
    let shardDirectory = options.shardDirectory.map(absolute) ?? (self.output as NSString).deletingLastPathComponent
    shardOutput = (shardDirectory as NSString).appendingPathComponent((self.output as NSString).lastPathComponent)
    let name = ((self.output as NSString).lastPathComponent as NSString).deletingPathExtension
    jobName = "racktwin-" + String(name.map { $0.isLetter || $0.isNumber || "._-".contains($0) ? $0 : "_" })
    partition = options.partition
    time = options.time
    cpusPerTask = options.cpusPerTask

    for (key, path) in [("the sweep file", self.sweepFile), ("-o", self.output), ("the executable", self.executable),
                        ("--slurm-dir", scriptDirectory), ("--log-dir", logDirectory), ("--shard-dir", shardDirectory)]
    where path.contains(where: \.isNewline) {
      throw SweepError(file: path, keyPath: key, expected: "a path without line breaks (it goes into a batch script)",
                       found: "a line break")
    }
    if logDirectory.contains(where: { $0 == "\"" || $0 == "\\" }) {
      throw SweepError(file: logDirectory, keyPath: "--log-dir",
                       expected: "a directory without \" or \\ (Slurm's quoted #SBATCH --output pattern cannot hold them)",
                       found: logDirectory.contains("\"") ? "\"" : "\\")
    }
    for (key, value) in [("--partition", partition), ("--time", time)] {
      if let value, value.isEmpty || value.contains(where: { $0.isWhitespace || $0 == "\"" || $0 == "'" || $0 == "\\" }) {
        throw SweepError(file: self.sweepFile, keyPath: key, expected: "a value without spaces, quotes or backslashes",
                         found: "\"\(value)\"")
      }
    }
    if let c = cpusPerTask, c < 1 {
      throw SweepError(file: self.sweepFile, keyPath: "--cpus-per-task", expected: "at least 1", found: "\(c)")
    }
  }

  /// The array job's script.
  public var arrayScriptPath: String { (scriptDirectory as NSString).appendingPathComponent("shards.sbatch") }
  /// The merge job's script.
  public var mergeScriptPath: String { (scriptDirectory as NSString).appendingPathComponent("merge.sbatch") }

  /// Shard *i*'s results file.
  public func shardPath(_ i: Int) -> String { Shard(index: i, count: arraySize).defaultOutput(for: shardOutput) }

  /// The shard file name split around the shard index, for the merge script's loop.
  var shardPathPrefixAndSuffix: (String, String) {
    let marker = "\u{1}"
    let parts = Shard(index: 0, count: arraySize).defaultOutput(for: shardOutput)
      .replacingOccurrences(of: ".shard-0-of-", with: ".shard-\(marker)-of-").components(separatedBy: marker)
    return (parts[0], parts[1])
  }

  /// The `#SBATCH` lines both jobs share.
  func commonDirectives() -> [String] {
    var lines: [String] = []
    if let partition { lines.append("#SBATCH --partition=\(partition)") }
    if let time { lines.append("#SBATCH --time=\(time)") }
    return lines
  }

  /// The array job: task *i* runs `racktwin sweep SWEEP -o SHARDS --shard i/N --resume`.
  public func arrayScript() -> String {
    var s = ["#!/bin/bash", "#SBATCH --job-name=\(jobName)", "#SBATCH --array=0-\(arraySize - 1)"]
    if let cpusPerTask { s.append("#SBATCH --cpus-per-task=\(cpusPerTask)") }
    s += commonDirectives()
    s.append("#SBATCH --output=" + Self.sbatchQuoted((logDirectory as NSString).appendingPathComponent("shard-%a-%A.out")))
    s += [
      "#",
      "# A sweep as a Slurm job array, written by `racktwin sweep --slurm` (racktwin \(racktwinVersion)).",
      "# Task i runs shard i of \(arraySize): the points with index % \(arraySize) == i.",
      "# Submit with the merge job after it:",
      "#   jobid=$(sbatch --parsable \(Self.shellQuoted(arrayScriptPath)))",
      "#   sbatch --dependency=afterany:$jobid \(Self.shellQuoted(mergeScriptPath))",
      "# To rerun only some tasks (the unfinished ones): sbatch --array=1,3 ...",
      "set -eu",
      "racktwin=\(Self.shellQuoted(executable))",
      "sweep=\(Self.shellQuoted(sweepFile))",
      "# Shard i writes \(Self.shellQuoted(shardPath(0)).replacingOccurrences(of: ".shard-0-of-", with: ".shard-i-of-")).",
      "output=\(Self.shellQuoted(shardOutput))",
      "# N is fixed here: SLURM_ARRAY_TASK_COUNT counts only the tasks of one submission.",
      "shards=\(arraySize)",
      "# --resume: a requeued or resubmitted task continues its shard's journal; a finished shard is kept as it is.",
      "# No --jobs: racktwin takes SLURM_CPUS_PER_TASK for its parallel points and threads.",
      "exec \"$racktwin\" sweep \"$sweep\" -o \"$output\" --shard \"$SLURM_ARRAY_TASK_ID/$shards\" --resume",
    ]
    return s.joined(separator: "\n") + "\n"
  }

  /// The merge job: `racktwin merge` of the N shard files into `OUT`, which fails (exit 2) unless every point of the
  /// sweep is in them and finished.
  public func mergeScript() -> String {
    var s = ["#!/bin/bash", "#SBATCH --job-name=\(jobName)-merge", "#SBATCH --cpus-per-task=1"]
    s += commonDirectives()
    s.append("#SBATCH --output=" + Self.sbatchQuoted((logDirectory as NSString).appendingPathComponent("merge-%j.out")))
    let (prefix, suffix) = shardPathPrefixAndSuffix
    s += [
      "#",
      "# Merges the \(arraySize) shards of \(Self.shellQuoted(arrayScriptPath)), written by `racktwin sweep --slurm`.",
      "# Submitted with --dependency=afterany:<array job>: it runs even when a task failed, and racktwin merge checks",
      "# that every point of the sweep is in the shards (exit 2 if not, 1 if a point failed, 0 if all are ok).",
      "set -u",
      "racktwin=\(Self.shellQuoted(executable))",
      "output=\(Self.shellQuoted(output))",
      "shards=\(arraySize)",
      "files=()",
      "for ((i = 0; i < shards; i++)); do",
      "  files+=(\(Self.shellQuoted(prefix))\"$i\"\(Self.shellQuoted(suffix)))",
      "done",
      "status=0",
      "\"$racktwin\" merge \"${files[@]}\" -o \"$output\" || status=$?",
      "if [ \"$status\" = 2 ]; then",
      "  cat >&2 <<'RACKTWIN_RESUBMIT'",
      "Some shards are missing or unfinished. Resubmit them (and this merge) with:",
      "  " + resubmitCommand(),
      "RACKTWIN_RESUBMIT",
      "fi",
      "exit \"$status\"",
    ]
    return s.joined(separator: "\n") + "\n"
  }

  /// The command that resubmits the unfinished shards and the merge: these scripts' own options, `--submit --resume`.
  public func resubmitCommand() -> String {
    var words = [executable, "sweep", sweepFile, "-o", output, "--slurm", "--array-size", "\(arraySize)"]
    if let partition { words += ["--partition", partition] }
    if let time { words += ["--time", time] }
    if let cpusPerTask { words += ["--cpus-per-task", "\(cpusPerTask)"] }
    words += ["--slurm-dir", scriptDirectory, "--log-dir", logDirectory,
              "--shard-dir", (shardOutput as NSString).deletingLastPathComponent, "--submit", "--resume"]
    return words.map(Self.shellQuotedIfNeeded).joined(separator: " ")
  }

  /// Creates the script, log and shard directories and writes both scripts (executable).
  public func write() throws {
    let fm = FileManager.default
    for dir in [scriptDirectory, logDirectory, (shardOutput as NSString).deletingLastPathComponent] {
      try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }
    for (path, text) in [(arrayScriptPath, arrayScript()), (mergeScriptPath, mergeScript())] {
      try Durable.write(Data(text.utf8), to: path)
      try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
    }
  }

  /// Shard files and journals an earlier run left (a fresh submission without `--resume` refuses to use them).
  public func leftovers() -> [String] {
    (0..<arraySize).flatMap { [shardPath($0), SweepJournal(output: shardPath($0)).directory] }
      .filter { FileManager.default.fileExists(atPath: $0) }
  }

  /// The shards still to run: those without a complete file of this sweep (`SweepRunner.completeFile`).
  public func unfinishedShards(identity: SweepIdentity) -> [Int] {
    (0..<arraySize).filter { i in
      SweepRunner.completeFile(output: shardPath(i), identity: identity, shard: Shard(index: i, count: arraySize)) == nil
    }
  }

  /// `sbatch` arguments (after the program name) for the array with the given tasks; all tasks take the script's own
  /// `--array`, a subset an `--array` list of ranges (`0-2,5`).
  public func arraySubmitArguments(tasks: [Int]) -> [String] {
    let all = tasks == Array(0..<arraySize)
    return ["--parsable"] + (all ? [] : ["--array=" + Self.arrayRanges(tasks)]) + [arrayScriptPath]
  }

  /// `sbatch` arguments for the merge job, after the array job `arrayJob` (or at once, when no task was submitted).
  public func mergeSubmitArguments(afterArrayJob arrayJob: String?) -> [String] {
    ["--parsable"] + (arrayJob.map { ["--dependency=afterany:\($0)"] } ?? []) + [mergeScriptPath]
  }

  /// Sorted task ids as Slurm's `--array` list: runs of consecutive ids as `a-b`.
  public static func arrayRanges(_ tasks: [Int]) -> String {
    var parts: [String] = []
    var i = 0
    let t = tasks.sorted()
    while i < t.count {
      var j = i
      while j + 1 < t.count, t[j + 1] == t[j] + 1 { j += 1 }
      parts.append(i == j ? "\(t[i])" : "\(t[i])-\(t[j])")
      i = j + 1
    }
    return parts.joined(separator: ",")
  }

  /// A word for bash, in single quotes (a `'` inside becomes `'\''`).
  public static func shellQuoted(_ s: String) -> String {
    "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }

  /// `s` as it is when bash would read it as one plain word, else single-quoted.
  static func shellQuotedIfNeeded(_ s: String) -> String {
    let plain = !s.isEmpty && s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "/._-+=:,@%".contains($0)) }
    return plain ? s : shellQuoted(s)
  }

  /// A file name pattern for an `#SBATCH` line: in double quotes (sbatch splits the line at spaces otherwise), with a
  /// literal `%` doubled (`%%`) so Slurm does not read it as a substitution such as `%j`. `%a`, `%A`, `%j` in the
  /// pattern's own file name are kept; only the directory part is escaped.
  static func sbatchQuoted(_ pattern: String) -> String {
    let dir = (pattern as NSString).deletingLastPathComponent
    let name = (pattern as NSString).lastPathComponent
    return "\"" + dir.replacingOccurrences(of: "%", with: "%%") + "/" + name + "\""
  }
}
