import Foundation
import RackTwinSweep
import XCTest

/// `racktwin sweep --slurm [--submit] [--resume]` without a cluster: a stand-in `sbatch` records what would be
/// submitted, and the test plays Slurm by running the written scripts with the variables Slurm sets
/// (docs/sweep-format.md, "On Slurm"). The real cluster is `SlurmClusterTests` (RACKTWIN_HEAVY=1).
final class SweepSlurmTests: XCTestCase {
  let sweep = """
    base: case.yaml
    axes:
      boundaries.zmin.h: {from: "5000 W/m^2/K", to: "20000 W/m^2/K", steps: 3, scale: log}
      components.chip*.power: ["10 W", "20 W"]
    """

  func makeSweep() throws -> URL {
    let dir = try temporaryDirectory(self)
    try write(smallMeshSpec, to: "mesh.yaml", in: dir)
    try write(smallCase, to: "case.yaml", in: dir)
    try write(sweep, to: "sweep.yaml", in: dir)
    let gen = try runRacktwin(["mesh", "generate", "mesh.yaml", "-o", "mesh.h5", "--quiet"], in: dir)
    XCTAssertEqual(gen.status, 0, gen.stderr)
    return dir
  }

  /// A stand-in `sbatch` in `dir/bin`: answers like `sbatch --parsable` with ids 101, 102, … and keeps each call's
  /// arguments in `bin/sbatch.call-<id>`.
  func installFakeSbatch(in dir: URL) throws -> [String: String] {
    let bin = dir.appendingPathComponent("bin")
    try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
    let path = bin.appendingPathComponent("sbatch").path
    try """
      #!/bin/bash
      n=$(( $(cat "$0.count" 2>/dev/null || echo 100) + 1 ))
      echo "$n" > "$0.count"
      printf '%s\\n' "$@" > "$0.call-$n"
      echo "$n;cluster"
      """.write(toFile: path, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
    return ["PATH": bin.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")]
  }

  func sbatchCall(_ id: Int, in dir: URL) throws -> [String] {
    try String(contentsOf: dir.appendingPathComponent("bin/sbatch.call-\(id)"), encoding: .utf8).split(separator: "\n").map(String.init)
  }

  /// Runs a batch script as Slurm would: bash with the job's variables.
  func runJob(_ script: String, environment: [String: String]) throws -> CLIResult {
    try runProcess("/bin/bash", [script], environment: environment.merging(["OPENBLAS_NUM_THREADS": "1"]) { $1 })
  }

  func testSubmittedScriptsReproduceALocalRunAndResubmissionRunsOnlyUnfinishedShards() throws {
    let dir = try makeSweep()
    let env = try installFakeSbatch(in: dir)
    let out = dir.appendingPathComponent("run dir/s.h5").path
    let slurm = ["sweep", "sweep.yaml", "-o", "run dir/s.h5", "--slurm", "--array-size", "4", "--cpus-per-task", "1"]
    let r = try runRacktwin(slurm + ["--submit"], in: dir, environment: env)
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertTrue(r.stdout.contains("submitted array job 101 (tasks 0-3)\nsubmitted merge job 102 (afterany:101)"), r.stdout)
    let scripts = dir.appendingPathComponent("run dir/s.slurm").path
    XCTAssertEqual(try sbatchCall(101, in: dir), ["--parsable", scripts + "/shards.sbatch"])
    XCTAssertEqual(try sbatchCall(102, in: dir), ["--parsable", "--dependency=afterany:101", scripts + "/merge.sbatch"])

    // Be Slurm: the four array tasks (one CPU each), then the merge.
    for i in 0..<4 {
      let task = try runJob(scripts + "/shards.sbatch", environment: ["SLURM_ARRAY_TASK_ID": "\(i)", "SLURM_CPUS_PER_TASK": "1"])
      XCTAssertEqual(task.status, 0, task.stderr)
      XCTAssertTrue(task.stdout.contains("on 1 jobs"), "SLURM_CPUS_PER_TASK=1 gives one point at a time: \(task.stdout)")
    }
    let merge = try runJob(scripts + "/merge.sbatch", environment: [:])
    XCTAssertEqual(merge.status, 0, merge.stderr)
    XCTAssertEqual(try runRacktwin(["sweep", "sweep.yaml", "-o", "local.h5", "-q"], in: dir).status, 0)
    assertSameApartFromTimings(try SweepTableFile.read(dir.appendingPathComponent("local.h5").path), try SweepTableFile.read(out))

    // Shard 2 lost: a fresh submission refuses the leftovers, --resume submits task 2 only.
    try FileManager.default.removeItem(atPath: dir.appendingPathComponent("run dir/s.shard-2-of-4.h5").path)
    let fresh = try runRacktwin(slurm + ["--submit"], in: dir, environment: env)
    XCTAssertEqual(fresh.status, 2)
    XCTAssertTrue(fresh.stderr.contains("expected no shard files or journals of an earlier run (--resume continues them"), fresh.stderr)
    let resumed = try runRacktwin(slurm + ["--submit", "--resume"], in: dir, environment: env)
    XCTAssertEqual(resumed.status, 0, resumed.stderr)
    XCTAssertTrue(resumed.stdout.contains("shards to run: 2\n"), resumed.stdout)
    XCTAssertEqual(try sbatchCall(103, in: dir), ["--parsable", "--array=2", scripts + "/shards.sbatch"])
    XCTAssertEqual(try sbatchCall(104, in: dir), ["--parsable", "--dependency=afterany:103", scripts + "/merge.sbatch"])
    // The merge job would fail with the shard missing, and say how to resubmit.
    let early = try runJob(scripts + "/merge.sbatch", environment: [:])
    XCTAssertEqual(early.status, 2)
    XCTAssertTrue(early.stderr.contains("s.shard-2-of-4.h5") && early.stderr.contains("--submit --resume"), early.stderr)

    // A resubmitted array runs every task again: the finished ones keep their files and solve nothing.
    let before = try FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent("run dir/s.shard-1-of-4.h5").path)
    let again = try runJob(scripts + "/shards.sbatch", environment: ["SLURM_ARRAY_TASK_ID": "1", "SLURM_CPUS_PER_TASK": "1"])
    XCTAssertEqual(again.status, 0, again.stderr)
    XCTAssertTrue(again.stdout.contains("already holds all 2 points of this sweep"), again.stdout)
    let after = try FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent("run dir/s.shard-1-of-4.h5").path)
    XCTAssertEqual(before[.modificationDate] as? Date, after[.modificationDate] as? Date)
    XCTAssertEqual(try runJob(scripts + "/shards.sbatch", environment: ["SLURM_ARRAY_TASK_ID": "2"]).status, 0)

    // Every shard finished: --resume submits the merge alone, with no dependency.
    let done = try runRacktwin(slurm + ["--submit", "--resume"], in: dir, environment: env)
    XCTAssertEqual(done.status, 0, done.stderr)
    XCTAssertTrue(done.stdout.contains("shards to run: none (all finished)\nsubmitted merge job 105\n"), done.stdout)
    XCTAssertEqual(try sbatchCall(105, in: dir), ["--parsable", scripts + "/merge.sbatch"])
  }

  func testWithoutSubmitTheScriptsAreWrittenAndTheCommandsPrinted() throws {
    let dir = try makeSweep()
    let r = try runRacktwin(["sweep", "sweep.yaml", "-o", "o.h5", "--slurm", "--partition", "short", "--time", "1:00:00"],
                            in: dir, environment: ["PATH": "/nonexistent"])
    XCTAssertEqual(r.status, 0, r.stderr)
    let scripts = dir.appendingPathComponent("o.slurm").path
    XCTAssertTrue(r.stdout.contains("wrote \(scripts)/shards.sbatch (6 array tasks, 6 points) and \(scripts)/merge.sbatch"), r.stdout)
    XCTAssertTrue(r.stdout.contains("jobid=$(sbatch --parsable \(scripts)/shards.sbatch)\n  sbatch --dependency=afterany:$jobid \(scripts)/merge.sbatch"),
                  r.stdout)
    let text = try String(contentsOfFile: scripts + "/shards.sbatch", encoding: .utf8)
    XCTAssertTrue(text.contains("#SBATCH --array=0-5\n") && text.contains("#SBATCH --partition=short\n#SBATCH --time=1:00:00\n"), text)
    // --submit with no sbatch on PATH: exit 2, scripts kept.
    let none = try runRacktwin(["sweep", "sweep.yaml", "-o", "o.h5", "--slurm", "--submit"], in: dir, environment: ["PATH": "/nonexistent"])
    XCTAssertEqual(none.status, 2)
    XCTAssertTrue(none.stderr.contains("expected Slurm's sbatch on PATH (for --submit)"), none.stderr)
  }

  func testSlurmOptionsAreCheckedBeforeAnythingIsWritten() throws {
    let dir = try makeSweep()
    for (args, message) in [
      (["--submit"], "--submit goes with --slurm"),
      (["--array-size", "2"], "--array-size goes with --slurm"),
      (["--slurm", "--jobs", "2"], "found --jobs"),
      (["--slurm", "--shard", "0/2"], "found --shard"),
      (["--slurm", "--array-size", "7"], "sweep.yaml: --array-size: expected 1 to 6 array tasks"),
    ] {
      let r = try runRacktwin(["sweep", "sweep.yaml", "-o", "o.h5"] + args, in: dir)
      XCTAssertEqual(r.status, 2, "\(args)")
      XCTAssertTrue(r.stderr.contains(message), "\(args): \(r.stderr)")
    }
    XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("o.slurm").path))
  }

  /// Inside an allocation the sweep solves SLURM_CPUS_PER_TASK points at a time (not one per core of the node).
  func testSweepInsideAnAllocationTakesSlurmCPUsPerTask() throws {
    let dir = try makeSweep()
    for cpus in [1, 2] {
      let r = try runRacktwin(["sweep", "sweep.yaml", "-o", "c\(cpus).h5"], in: dir, environment: ["SLURM_CPUS_PER_TASK": "\(cpus)"])
      XCTAssertEqual(r.status, 0, r.stderr)
      XCTAssertTrue(r.stdout.contains("on \(cpus) jobs"), r.stdout)
    }
    let explicit = try runRacktwin(["sweep", "sweep.yaml", "-o", "e.h5", "--jobs", "1"], in: dir, environment: ["SLURM_CPUS_PER_TASK": "2"])
    XCTAssertTrue(explicit.stdout.contains("on 1 jobs"), "--jobs wins: \(explicit.stdout)")
  }

  /// `--resume` on a complete file of this sweep solves nothing; on a file of another sweep it runs again.
  func testResumeKeepsACompleteFileOfThisSweepOnly() throws {
    let dir = try makeSweep()
    XCTAssertEqual(try runRacktwin(["sweep", "sweep.yaml", "-o", "s.h5", "--shard", "1/4", "-q"], in: dir).status, 0)
    let again = try runRacktwin(["sweep", "sweep.yaml", "-o", "s.h5", "--shard", "1/4", "--resume"], in: dir)
    XCTAssertEqual(again.status, 0, again.stderr)
    XCTAssertTrue(again.stdout.contains("s.shard-1-of-4.h5 already holds all 2 points of this sweep (2 ok, 0 failed): nothing to resume"),
                  again.stdout)
    try write(sweep.replacingOccurrences(of: "\"20 W\"", with: "\"25 W\""), to: "sweep.yaml", in: dir)
    let other = try runRacktwin(["sweep", "sweep.yaml", "-o", "s.h5", "--shard", "1/4", "--resume"], in: dir)
    XCTAssertEqual(other.status, 0, other.stderr)
    XCTAssertTrue(other.stdout.contains("sweep: 2 points: 2 ok"), other.stdout)
    guard case .numbers(let p) = try SweepTableFile.read(dir.appendingPathComponent("s.shard-1-of-4.h5").path).axes[1].pointValues
    else { return XCTFail("numeric axis expected") }
    XCTAssertEqual(p, [25, 25])
  }
}
