import Foundation
import RackTwinSweep
import XCTest

/// `racktwin sweep --slurm --submit` on a real one-node Slurm cluster (`tools/slurm-one-node`): a 4-task array and the
/// merge job after it give the file a local run gives, bit for bit apart from timings. Heavy (RACKTWIN_HEAVY=1,
/// `tools/test --heavy`): it installs Debian's slurm-wlm and munge when missing and starts munged, slurmctld and
/// slurmd as root, and stops them by their process ids at the end.
final class SlurmClusterTests: XCTestCase {
  /// Polls squeue until the jobs have left the queue (10 minutes at most).
  func waitForJobs(_ ids: [String], environment: [String: String]) throws {
    let deadline = Date().addingTimeInterval(600)
    while Date() < deadline {
      let q = try runProcess("/usr/bin/squeue", ["-h", "-j", ids.joined(separator: ","), "-o", "%i %T"], environment: environment)
      if q.status == 0, q.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return }
      usleep(250_000)
    }
    XCTFail("jobs \(ids) still queued after 10 minutes")
  }

  func testFourTaskArrayAndMergeOnOneNodeSlurmEqualALocalRun() throws {
    guard ProcessInfo.processInfo.environment["RACKTWIN_HEAVY"] == "1" else {
      throw XCTSkip("heavy test: set RACKTWIN_HEAVY=1 (tools/test --heavy) to run a one-node Slurm cluster")
    }
    guard getuid() == 0 else { throw XCTSkip("the one-node Slurm cluster runs its daemons as root") }
    let started = Date()
    // A space in every path of the sweep: the scripts' quoting (shell and #SBATCH --output) is checked by Slurm
    // itself. The cluster's own files cannot have one (slurm.conf splits values at spaces).
    let dir = try temporaryDirectory(self).appendingPathComponent("slurm run")
    let cluster = try temporaryDirectory(self).appendingPathComponent("cluster").path
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let tool = repositoryRoot().appendingPathComponent("tools/slurm-one-node").path
    addTeardownBlock { [self] in
      let stop = try? runProcess(tool, ["stop", cluster])
      XCTAssertEqual(stop?.status, 0, stop?.stderr ?? "tools/slurm-one-node stop did not run")
    }
    let start = try runProcess(tool, ["start", cluster])
    XCTAssertEqual(start.status, 0, start.stdout + start.stderr)
    guard start.status == 0 else { return }
    let env = ["SLURM_CONF": cluster + "/slurm.conf"]
    let daemonsUp = Date().timeIntervalSince(started)

    try write(smallMeshSpec, to: "mesh.yaml", in: dir)
    try write(smallCase, to: "case.yaml", in: dir)
    try write("""
      base: case.yaml
      axes:
        boundaries.zmin.h: {from: "5000 W/m^2/K", to: "20000 W/m^2/K", steps: 3, scale: log}
        components.chip*.power: ["10 W", "20 W"]
      objectives:
        - {metric: max_temperature, goal: minimize}
        - {metric: power, goal: maximize}
      """, to: "sweep.yaml", in: dir)
    XCTAssertEqual(try runRacktwin(["mesh", "generate", "mesh.yaml", "-o", "mesh.h5", "-q"], in: dir).status, 0)
    let local = try runRacktwin(["sweep", "sweep.yaml", "-o", "local.h5", "-q"], in: dir)
    XCTAssertEqual(local.status, 0, local.stderr)

    let submitted = Date()
    let r = try runRacktwin(["sweep", "sweep.yaml", "-o", "results/sweep.h5", "--slurm", "--array-size", "4",
                             "--cpus-per-task", "1", "--time", "00:10:00", "--log-dir", "job logs", "--submit"],
                            in: dir, environment: env)
    XCTAssertEqual(r.status, 0, r.stderr)
    func id(after prefix: String) -> String? {
      r.stdout.components(separatedBy: "\n").first { $0.hasPrefix(prefix) }?.dropFirst(prefix.count).split(separator: " ").first.map(String.init)
    }
    guard let arrayJob = id(after: "submitted array job "), let mergeJob = id(after: "submitted merge job ") else {
      return XCTFail("no job ids in: \(r.stdout)")
    }

    try waitForJobs([arrayJob, mergeJob], environment: env)
    let jobsDone = Date()
    let state = try runProcess("/usr/bin/scontrol", ["show", "job", mergeJob], environment: env)
    XCTAssertTrue(state.stdout.contains("JobState=COMPLETED"), "merge job \(mergeJob): \(state.stdout)\(state.stderr)")

    // Logs where the user said: one per task and the merge's.
    let logs = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("job logs").path).sorted()
    XCTAssertEqual(logs, ["merge-\(mergeJob).out"] + (0..<4).map { "shard-\($0)-\(arrayJob).out" }, "\(logs)")
    let mergeLog = (try? String(contentsOf: dir.appendingPathComponent("job logs/merge-\(mergeJob).out"), encoding: .utf8)) ?? ""
    XCTAssertTrue(mergeLog.contains("merged 4 shards: 6 points, 0 failed"), mergeLog)
    for i in 0..<4 {
      let log = (try? String(contentsOf: dir.appendingPathComponent("job logs/shard-\(i)-\(arrayJob).out"), encoding: .utf8)) ?? ""
      XCTAssertTrue(log.contains("on 1 jobs"), "task \(i) takes SLURM_CPUS_PER_TASK=1: \(log)")
    }

    let merged = try SweepTableFile.read(dir.appendingPathComponent("results/sweep.h5").path)
    assertSameApartFromTimings(try SweepTableFile.read(dir.appendingPathComponent("local.h5").path), merged)
    XCTAssertEqual(merged.indices, [0, 1, 2, 3, 4, 5])

    // A re-submission with every shard finished runs the merge alone.
    let again = try runRacktwin(["sweep", "sweep.yaml", "-o", "results/sweep.h5", "--slurm", "--array-size", "4",
                                 "--cpus-per-task", "1", "--time", "00:10:00", "--log-dir", "job logs", "--submit", "--resume"],
                                in: dir, environment: env)
    XCTAssertEqual(again.status, 0, again.stderr)
    XCTAssertTrue(again.stdout.contains("shards to run: none (all finished)"), again.stdout)
    XCTAssertFalse(again.stdout.contains("submitted array job"), again.stdout)
    if let line = again.stdout.components(separatedBy: "\n").first(where: { $0.hasPrefix("submitted merge job ") }) {
      try waitForJobs([String(line.dropFirst("submitted merge job ".count))], environment: env)
    } else {
      XCTFail("no merge job in: \(again.stdout)")
    }
    print(String(format: "slurm: daemons up in %.1f s; sweep submitted to merged file in %.1f s; whole test %.1f s",
                 daemonsUp, jobsDone.timeIntervalSince(submitted), Date().timeIntervalSince(started)))
  }
}
