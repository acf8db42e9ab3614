import Foundation
import RackTwinSweep
import XCTest

/// The Slurm batch scripts of `racktwin sweep --slurm` (docs/sweep-format.md, "On Slurm"): what they say, and what
/// bash makes of their quoting, checked by running them against a stand-in racktwin that prints its arguments.
final class SlurmScriptTests: XCTestCase {
  /// Paths with spaces, a single quote and a `%` (a Slurm file-name substitution character).
  func makeScript(_ options: SlurmScript.Options = .init(arraySize: 4, partition: "short", time: "00:30:00", cpusPerTask: 2),
                  in dir: URL) throws -> SlurmScript {
    try SlurmScript(sweepFile: "my sweeps/o'brien.yaml", output: "res ults/50% load.h5",
                    executable: dir.appendingPathComponent("fake racktwin").path, pointCount: 6, options: options,
                    workingDirectory: dir.path)
  }

  func temporary() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("racktwin slurm \(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
    return dir
  }

  /// A stand-in for racktwin: prints each argument on its own line, and exits with `FAKE_STATUS` (default 0).
  func installFakeRacktwin(in dir: URL) throws {
    let path = dir.appendingPathComponent("fake racktwin").path
    try "#!/bin/bash\nprintf '%s\\n' \"$@\"\nexit ${FAKE_STATUS:-0}\n".write(toFile: path, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
  }

  /// Runs `bash SCRIPT` with extra environment; returns status, stdout, stderr.
  func bash(_ arguments: [String], environment: [String: String] = [:]) throws -> (Int32, String, String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/bin/bash")
    p.arguments = arguments
    p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
  }

  func testArrayScriptWritesNTheResumeFlagAndTheDirectives() throws {
    let dir = try temporary()
    let s = try makeScript(in: dir)
    let text = s.arrayScript()
    let lines = text.split(separator: "\n").map(String.init)
    XCTAssertEqual(lines[0], "#!/bin/bash")
    // sbatch reads #SBATCH lines only before the first command: all of them come first.
    let firstCommand = lines.firstIndex { !$0.hasPrefix("#") }!
    XCTAssertEqual(lines.filter { $0.hasPrefix("#SBATCH") }.count, lines[..<firstCommand].filter { $0.hasPrefix("#SBATCH") }.count)
    for d in ["#SBATCH --array=0-3", "#SBATCH --cpus-per-task=2", "#SBATCH --partition=short", "#SBATCH --time=00:30:00",
              "#SBATCH --job-name=racktwin-50__load"] {
      XCTAssertTrue(lines.contains(d), "\(d) missing from\n\(text)")
    }
    // The log pattern: quoted (the path has a space), the directory's % doubled, Slurm's %a and %A kept.
    XCTAssertTrue(lines.contains("#SBATCH --output=\"\(dir.path)/res ults/50%% load.slurm/logs/shard-%a-%A.out\""), text)
    // N is a literal in the script; the task count Slurm reports is never used.
    XCTAssertTrue(lines.contains("shards=4"), text)
    let commands = lines[firstCommand...].filter { !$0.hasPrefix("#") }.joined(separator: "\n")
    XCTAssertFalse(commands.contains("SLURM_ARRAY_TASK_COUNT"), text)
    XCTAssertTrue(commands.contains("--shard \"$SLURM_ARRAY_TASK_ID/$shards\" --resume"), text)
    XCTAssertFalse(commands.contains("--jobs"), "the task takes SLURM_CPUS_PER_TASK itself")
  }

  /// bash reads the array script's paths back exactly: task 2 runs shard 2/4 with `--resume`.
  func testArrayScriptRunsTheShardOfItsTaskWithExactPaths() throws {
    let dir = try temporary()
    try installFakeRacktwin(in: dir)
    let s = try makeScript(in: dir)
    try s.write()
    let (status, out, err) = try bash([s.arrayScriptPath], environment: ["SLURM_ARRAY_TASK_ID": "2"])
    XCTAssertEqual(status, 0, err)
    XCTAssertEqual(out.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init),
                   ["sweep", "\(dir.path)/my sweeps/o'brien.yaml", "-o", "\(dir.path)/res ults/50% load.h5",
                    "--shard", "2/4", "--resume"])
    // racktwin turns that -o into the shard file the merge script reads.
    XCTAssertEqual(s.shardPath(2), "\(dir.path)/res ults/50% load.shard-2-of-4.h5")
    var isDir: ObjCBool = false
    XCTAssertTrue(FileManager.default.fileExists(atPath: s.logDirectory, isDirectory: &isDir) && isDir.boolValue,
                  "Slurm does not create the log directory: write() must")
  }

  /// The merge script merges the N shard files into OUT; when points are missing (exit 2) it prints the command that
  /// resubmits the unfinished shards, and that command reads back as the script's own options.
  func testMergeScriptListsEveryShardAndPrintsTheResubmitCommand() throws {
    let dir = try temporary()
    try installFakeRacktwin(in: dir)
    let s = try makeScript(in: dir)
    try s.write()
    let text = s.mergeScript()
    XCTAssertTrue(text.contains("#SBATCH --output=\"\(dir.path)/res ults/50%% load.slurm/logs/merge-%j.out\""), text)
    XCTAssertTrue(text.contains("#SBATCH --partition=short\n#SBATCH --time=00:30:00"), text)
    let (status, out, err) = try bash([s.mergeScriptPath])
    XCTAssertEqual(status, 0, err)
    XCTAssertEqual(out.split(separator: "\n").map(String.init),
                   ["merge"] + (0..<4).map { "\(dir.path)/res ults/50% load.shard-\($0)-of-4.h5" }
                     + ["-o", "\(dir.path)/res ults/50% load.h5"])
    XCTAssertEqual(err, "")

    let (failed, _, message) = try bash([s.mergeScriptPath], environment: ["FAKE_STATUS": "2"])
    XCTAssertEqual(failed, 2, "the merge job fails when points are missing")
    XCTAssertTrue(message.contains("Resubmit them (and this merge) with:"), message)
    let command = message.split(separator: "\n").last!.trimmingCharacters(in: .whitespaces)
    XCTAssertEqual(command, s.resubmitCommand())
    let (_, words, _) = try bash(["-c", "eval \"set -- $1\"; printf '%s\\n' \"$@\"", "-", command])
    XCTAssertEqual(words.split(separator: "\n").map(String.init), [
      s.executable, "sweep", "\(dir.path)/my sweeps/o'brien.yaml", "-o", "\(dir.path)/res ults/50% load.h5", "--slurm",
      "--array-size", "4", "--partition", "short", "--time", "00:30:00", "--cpus-per-task", "2",
      "--slurm-dir", "\(dir.path)/res ults/50% load.slurm", "--log-dir", "\(dir.path)/res ults/50% load.slurm/logs",
      "--shard-dir", "\(dir.path)/res ults", "--submit", "--resume",
    ])
    // A failed point (exit 1) is the merge's own result, not a reason to resubmit.
    let (one, _, quiet) = try bash([s.mergeScriptPath], environment: ["FAKE_STATUS": "1"])
    XCTAssertEqual(one, 1)
    XCTAssertEqual(quiet, "")
  }

  func testSubmissionUsesAfteranyAndListsOnlyTheTasksToRun() throws {
    let s = try SlurmScript(sweepFile: "s.yaml", output: "out.h5", executable: "/bin/racktwin", pointCount: 40,
                            options: .init(arraySize: 10), workingDirectory: "/w")
    XCTAssertEqual(s.arraySubmitArguments(tasks: Array(0..<10)), ["--parsable", "/w/out.slurm/shards.sbatch"])
    XCTAssertEqual(s.arraySubmitArguments(tasks: [1, 2, 3, 7, 9]),
                   ["--parsable", "--array=1-3,7,9", "/w/out.slurm/shards.sbatch"])
    XCTAssertEqual(s.mergeSubmitArguments(afterArrayJob: "4711"),
                   ["--parsable", "--dependency=afterany:4711", "/w/out.slurm/merge.sbatch"])
    XCTAssertEqual(s.mergeSubmitArguments(afterArrayJob: nil), ["--parsable", "/w/out.slurm/merge.sbatch"])
    XCTAssertEqual(SlurmSubmission(tasks: [0, 1, 2, 5], leftovers: []).commands(s), [
      "jobid=$(sbatch --parsable --array=0-2,5 /w/out.slurm/shards.sbatch)",
      "sbatch --dependency=afterany:$jobid /w/out.slurm/merge.sbatch",
    ])
    XCTAssertEqual(SlurmScript.arrayRanges([8, 0, 1, 2, 5, 7]), "0-2,5,7-8")
    XCTAssertEqual(SlurmScript.arrayRanges([3]), "3")
  }

  func testDefaultsPutShardsBesideTheOutputAndScriptsAndLogsInOutDotSlurm() throws {
    let s = try SlurmScript(sweepFile: "../s.yaml", output: "r/./sweep.h5", executable: "/bin/racktwin", pointCount: 100,
                            workingDirectory: "/w/x")
    XCTAssertEqual(s.sweepFile, "/w/s.yaml")
    XCTAssertEqual(s.output, "/w/x/r/sweep.h5")
    XCTAssertEqual(s.arraySize, SlurmScript.defaultArraySize)
    XCTAssertEqual(s.scriptDirectory, "/w/x/r/sweep.slurm")
    XCTAssertEqual(s.logDirectory, "/w/x/r/sweep.slurm/logs")
    XCTAssertEqual(s.shardPath(5), "/w/x/r/sweep.shard-5-of-32.h5")
    XCTAssertNil(s.cpusPerTask)
    XCTAssertFalse(s.arrayScript().contains("--cpus-per-task"))
    XCTAssertFalse(s.arrayScript().contains("--partition"))
    XCTAssertEqual(try SlurmScript(sweepFile: "s.yaml", output: "o.h5", executable: "/r", pointCount: 6, workingDirectory: "/").arraySize, 6)
    let chosen = try SlurmScript(sweepFile: "s.yaml", output: "o.h5", executable: "/r", pointCount: 6,
                                 options: .init(arraySize: 3, scriptDirectory: "jobs", logDirectory: "/scratch/logs",
                                                shardDirectory: "/scratch/shards"),
                                 workingDirectory: "/home/u")
    XCTAssertEqual(chosen.arrayScriptPath, "/home/u/jobs/shards.sbatch")
    XCTAssertEqual(chosen.shardPath(1), "/scratch/shards/o.shard-1-of-3.h5")
    XCTAssertTrue(chosen.arrayScript().contains("#SBATCH --output=\"/scratch/logs/shard-%a-%A.out\""))
    XCTAssertTrue(chosen.mergeScript().contains("output='/home/u/o.h5'"))
  }

  func testBadOptionsNameTheOptionAndWhatWasFound() {
    func error(_ options: SlurmScript.Options, output: String = "o.h5") -> String {
      do {
        _ = try SlurmScript(sweepFile: "s.yaml", output: output, executable: "/r", pointCount: 6, options: options,
                            workingDirectory: "/w")
        return "no error"
      } catch { return "\(error)" }
    }
    XCTAssertEqual(error(.init(arraySize: 7)),
                   "/w/s.yaml: --array-size: expected 1 to 6 array tasks (one shard each, for a sweep of 6 points), found 7")
    XCTAssertTrue(error(.init(arraySize: 0)).hasSuffix("found 0"))
    XCTAssertTrue(error(.init(logDirectory: "/a\"b")).contains("--log-dir: expected a directory without \" or \\"))
    XCTAssertTrue(error(.init(partition: "a b")).contains("--partition: expected a value without spaces"))
    XCTAssertTrue(error(.init(cpusPerTask: 0)).contains("--cpus-per-task: expected at least 1, found 0"))
    XCTAssertTrue(error(.init(), output: "a\nb.h5").contains("-o: expected a path without line breaks"))
  }

  /// Inside an allocation the task's CPUs (SLURM_CPUS_PER_TASK) set the points at a time and the threads, not the
  /// machine's cores: without a CPU-binding task plugin the process sees every core of the node.
  func testSlurmCPUsPerTaskSetsJobsAndThreads() {
    let three = SlurmAllocation(environment: ["SLURM_CPUS_PER_TASK": "3", "SLURM_JOB_ID": "12"])
    XCTAssertEqual(three?.cpusPerTask, 3)
    XCTAssertEqual(SweepParallelism(jobs: nil, allocation: three, machineCores: 64),
                   SweepParallelism(jobs: 3, threadsPerPoint: 1, cores: 3))
    XCTAssertEqual(SweepParallelism(jobs: 1, allocation: three, machineCores: 64),
                   SweepParallelism(jobs: 1, threadsPerPoint: 3, cores: 3))
    XCTAssertEqual(SweepParallelism(jobs: 2, allocation: SlurmAllocation(environment: ["SLURM_CPUS_PER_TASK": "8"]),
                                    machineCores: 2),
                   SweepParallelism(jobs: 2, threadsPerPoint: 4, cores: 8))
    // --jobs above the CPUs: one thread per point, never zero.
    XCTAssertEqual(SweepParallelism(jobs: 5, allocation: three, machineCores: 64).threadsPerPoint, 1)
    // Outside an allocation: the machine's cores.
    XCTAssertNil(SlurmAllocation(environment: [:]))
    XCTAssertEqual(SweepParallelism(jobs: nil, allocation: nil, machineCores: 2),
                   SweepParallelism(jobs: 2, threadsPerPoint: 1, cores: 2))
    for bad in ["0", "-1", "two", ""] { XCTAssertNil(SlurmAllocation(environment: ["SLURM_CPUS_PER_TASK": bad]), bad) }
  }
}
