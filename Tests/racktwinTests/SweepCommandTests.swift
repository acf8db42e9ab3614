import Foundation
import RackTwinIO
import RackTwinSweep
import XCTest

/// `racktwin sweep` and `racktwin merge`, run as the built binary (DESIGN §4.3, §4.4; docs/sweep-format.md).
final class SweepCommandTests: XCTestCase {
  /// The small two-layer stack of `CLITestSupport` (400 cells) with a 3 × 2 sweep over h and power.
  let smallSweep = """
    base: case.yaml
    axes:
      boundaries.zmin.h: {from: "5000 W/m^2/K", to: "20000 W/m^2/K", steps: 3, scale: log}
      components.chip*.power: ["10 W", "20 W"]
    objectives:
      - {metric: max_temperature, goal: minimize}
      - {metric: power, goal: maximize}
    """

  func makeSweep(_ sweep: String? = nil, meshSpec: String = smallMeshSpec) throws -> URL {
    let dir = try temporaryDirectory(self)
    try write(meshSpec, to: "mesh.yaml", in: dir)
    try write(smallCase, to: "case.yaml", in: dir)
    try write(sweep ?? smallSweep, to: "sweep.yaml", in: dir)
    let gen = try runRacktwin(["mesh", "generate", "mesh.yaml", "-o", "mesh.h5", "--quiet"], in: dir)
    XCTAssertEqual(gen.status, 0, gen.stderr)
    return dir
  }

  func table(_ dir: URL, _ name: String) throws -> SweepTable {
    try SweepTableFile.read(dir.appendingPathComponent(name).path)
  }

  func testSweepWritesEveryPointParetoAndCSV() throws {
    let dir = try makeSweep()
    let r = try runRacktwin(["sweep", "sweep.yaml", "-o", "out/sweep.h5", "--jobs", "2"], in: dir)
    XCTAssertEqual(r.status, 0, r.stderr)
    let t = try table(dir, "out/sweep.h5")
    XCTAssertEqual(t.indices, [0, 1, 2, 3, 4, 5])
    XCTAssertEqual(t.status, [0, 0, 0, 0, 0, 0])
    // Grid order, first axis slowest; log spacing 5000, 10000, 20000 (the middle one to rounding).
    guard case .numbers(let h) = t.axes[0].pointValues, case .numbers(let p) = t.axes[1].pointValues else {
      return XCTFail("numeric axes expected")
    }
    XCTAssertEqual(t.axes[0].units, "W/m^2/K")
    XCTAssertEqual(h[0], 5000); XCTAssertEqual(h[1], 5000); XCTAssertEqual(h[2], 10000, accuracy: 1e-9); XCTAssertEqual(h[5], 20000)
    XCTAssertEqual(p, [10, 20, 10, 20, 10, 20])
    // All the power leaves through the bottom: heat_out = power (energy balance to 1e-8 W).
    let power = t.outputs.first { $0.name == "power" }!.values
    let out = t.outputs.first { $0.name == "heat_out" }!.values
    for (a, b) in zip(power, out) { XCTAssertEqual(a, b, accuracy: 1e-8) }
    XCTAssertEqual(t.outputs.first { $0.name == "components.chip.max_temperature" }?.units, "degC")
    // The coolest at 20 W is point 5 (highest h); the front is {4, 5}: 10 W at best h, 20 W at best h.
    XCTAssertEqual(t.pareto, [4, 5])
    let csv = try String(contentsOf: dir.appendingPathComponent("out/sweep.csv"), encoding: .utf8)
    let lines = csv.split(separator: "\n")
    XCTAssertEqual(lines.count, 7)
    XCTAssertTrue(lines[0].hasPrefix("index,boundaries.zmin.h[W/m^2/K],components.chip*.power[W],power[W],max_temperature[degC]"), String(lines[0]))
    XCTAssertTrue(lines[0].hasSuffix(",status,message"))
    XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/sweep.h5.journal").path))
  }

  func testJobsOneAndTwoGiveIdenticalFiles() throws {
    let dir = try makeSweep()
    XCTAssertEqual(try runRacktwin(["sweep", "sweep.yaml", "-o", "j1.h5", "--jobs", "1", "-q"], in: dir).status, 0)
    XCTAssertEqual(try runRacktwin(["sweep", "sweep.yaml", "-o", "j2.h5", "--jobs", "2", "-q"], in: dir).status, 0)
    assertSameApartFromTimings(try table(dir, "j1.h5"), try table(dir, "j2.h5"))
  }

  /// Point i's case is the base case with its overrides: `racktwin solve --set …` gives the same bits.
  func testSolveWithAPointsOverridesReproducesThePoint() throws {
    let dir = try makeSweep()
    XCTAssertEqual(try runRacktwin(["sweep", "sweep.yaml", "-o", "s.h5", "-q"], in: dir).status, 0)
    let t = try table(dir, "s.h5")
    let spec = try SweepSpecDecoder.decode(contentsOf: dir.appendingPathComponent("sweep.yaml").path)
    let sets = spec.overrides(ofPoint: 3).flatMap { ["--set", $0] }
    let r = try runRacktwin(["solve", "case.yaml", "-o", "p3.h5", "-q"] + sets, in: dir)
    XCTAssertEqual(r.status, 0, r.stderr)
    let f = try HDF5File.open(readingAt: dir.appendingPathComponent("p3.h5").path)
    for name in ["max_temperature", "power", "heat_out"] {
      let v = try f.read(Double.self, at: "/metrics/\(name)").values[0]
      XCTAssertEqual(v.bitPattern, t.outputs.first { $0.name == name }!.values[3].bitPattern, name)
    }
    let chip = try f.read(Double.self, at: "/components/max_temperature").values[0]
    XCTAssertEqual(chip.bitPattern, t.outputs.first { $0.name == "components.chip.max_temperature" }!.values[3].bitPattern)
  }

  func testMergedShardsEqualASingleRun() throws {
    let dir = try makeSweep()
    XCTAssertEqual(try runRacktwin(["sweep", "sweep.yaml", "-o", "single.h5", "-q"], in: dir).status, 0)
    for i in 0..<4 {  // 4 shards of 6 points: {0, 4}, {1, 5}, {2}, {3}
      let r = try runRacktwin(["sweep", "sweep.yaml", "-o", "sweep.h5", "--shard", "\(i)/4", "-q", "--jobs", "1"], in: dir)
      XCTAssertEqual(r.status, 0, r.stderr)
    }
    XCTAssertEqual(try table(dir, "sweep.shard-2-of-4.h5").indices, [2])
    let shards = (0..<4).map { "sweep.shard-\($0)-of-4.h5" }
    let m = try runRacktwin(["merge"] + shards + ["-o", "merged.h5"], in: dir)
    XCTAssertEqual(m.status, 0, m.stderr)
    assertSameApartFromTimings(try table(dir, "single.h5"), try table(dir, "merged.h5"))

    let missing = try runRacktwin(["merge"] + shards.dropLast() + ["-o", "bad.h5"], in: dir)
    XCTAssertEqual(missing.status, 2)
    XCTAssertTrue(missing.stderr.contains("1 missing: points 3"), missing.stderr)
    let twice = try runRacktwin(["merge"] + shards + [shards[1], "-o", "bad.h5"], in: dir)
    XCTAssertEqual(twice.status, 2)
    XCTAssertTrue(twice.stderr.contains("sweep.shard-1-of-4.h5: point 1: expected each point in one shard"), twice.stderr)
    try write(smallSweep.replacingOccurrences(of: "\"20 W\"", with: "\"25 W\""), to: "other.yaml", in: dir)
    XCTAssertEqual(try runRacktwin(["sweep", "other.yaml", "-o", "other.h5", "--shard", "3/4", "-q"], in: dir).status, 0)
    let foreign = try runRacktwin(["merge"] + shards.dropLast() + ["other.shard-3-of-4.h5", "-o", "bad.h5"], in: dir)
    XCTAssertEqual(foreign.status, 2)
    XCTAssertTrue(foreign.stderr.contains("other.shard-3-of-4.h5: /@sweep_hash: expected the sweep of"), foreign.stderr)
  }

  func testAFailingPointIsRecordedAndTheOthersFinish() throws {
    let dir = try makeSweep("""
      base: case.yaml
      axes:
        components.chip.power: ["10 W", "5 kg", "20 W"]
      """)
    let r = try runRacktwin(["sweep", "sweep.yaml", "-o", "f.h5", "-q"], in: dir)
    XCTAssertEqual(r.status, 1, r.stderr)
    let t = try table(dir, "f.h5")
    XCTAssertEqual(t.status, [0, 2, 0])
    XCTAssertTrue(t.messages[1].contains("components.chip.power: expected a power (W), found \"5 kg\""), t.messages[1])
    XCTAssertEqual(t.messages[0], "")
    XCTAssertTrue(t.outputs.first { $0.name == "max_temperature" }!.values[1].isNaN)
    XCTAssertFalse(t.outputs.first { $0.name == "max_temperature" }!.values[2].isNaN)
    guard case .strings(let values) = t.axes[0].pointValues else { return XCTFail("a string axis expected (\"5 kg\" is not a power)") }
    XCTAssertEqual(values, ["10 W", "5 kg", "20 W"])
  }

  /// Shards that hold failed points merge like any others: the merged file equals a single run (statuses, messages,
  /// NaN outputs, the string axis) and `merge` exits 1 because a point failed, as `sweep` does.
  func testMergingShardsWithFailedPointsEqualsASingleRun() throws {
    let dir = try makeSweep("""
      base: case.yaml
      axes:
        components.chip.power: ["10 W", "5 kg", "20 W", "kW"]
      """)
    XCTAssertEqual(try runRacktwin(["sweep", "sweep.yaml", "-o", "single.h5", "-q"], in: dir).status, 1)
    // Shard 0 of 2 holds points 0 and 2 (both ok, exit 0); shard 1 holds 1 and 3, both failed (exit 1): a shard with
    // no successful point at all, so no output columns of its own.
    for i in 0..<2 {
      let r = try runRacktwin(["sweep", "sweep.yaml", "-o", "s.h5", "--shard", "\(i)/2", "-q"], in: dir)
      XCTAssertEqual(r.status, Int32(i), r.stderr)
    }
    XCTAssertEqual(try table(dir, "s.shard-1-of-2.h5").status, [2, 2])
    let m = try runRacktwin(["merge", "s.shard-0-of-2.h5", "s.shard-1-of-2.h5", "-o", "merged.h5"], in: dir)
    XCTAssertEqual(m.status, 1, m.stderr)
    XCTAssertTrue(m.stdout.contains("merged 2 shards: 4 points, 2 failed"), m.stdout)
    let single = try table(dir, "single.h5"), merged = try table(dir, "merged.h5")
    assertSameApartFromTimings(single, merged)
    XCTAssertEqual(merged.status, [0, 2, 0, 2])
    XCTAssertTrue(merged.messages[1].contains("components.chip.power: expected a power (W), found \"5 kg\""), merged.messages[1])
    XCTAssertTrue(merged.outputs.first { $0.name == "max_temperature" }!.values[3].isNaN)
    let csv = try String(contentsOf: dir.appendingPathComponent("merged.csv"), encoding: .utf8)
    XCTAssertEqual(csv.split(separator: "\n").count, 5)   // header and four points
  }

  /// A damaged shard — cut short, not a sweep file, a column with a row too many, an index outside the sweep — is an
  /// error naming the shard and where in it, with exit code 2, and leaves no merged file, CSV or temporary behind.
  func testMergingACorruptShardExitsTwoAndWritesNothing() throws {
    let dir = try makeSweep()
    for i in 0..<2 {
      XCTAssertEqual(try runRacktwin(["sweep", "sweep.yaml", "-o", "s.h5", "--shard", "\(i)/2", "-q"], in: dir).status, 0)
    }
    let good = dir.appendingPathComponent("s.shard-1-of-2.h5")
    let bytes = try Data(contentsOf: good)
    try bytes.prefix(bytes.count / 2).write(to: dir.appendingPathComponent("cut.h5"))
    try Data("not an HDF5 file\n".utf8).write(to: dir.appendingPathComponent("text.h5"))
    XCTAssertEqual(try runRacktwin(["solve", "case.yaml", "-o", "result.h5", "-q"], in: dir).status, 0)
    var extra = try table(dir, "s.shard-1-of-2.h5")
    extra.messages.append("")
    try SweepTableFile.write(extra, to: dir.appendingPathComponent("extra.h5").path)
    var outside = try table(dir, "s.shard-1-of-2.h5")
    outside.indices[0] = 99
    try SweepTableFile.write(outside, to: dir.appendingPathComponent("outside.h5").path)
    let cases: [(String, [String])] = [
      ("cut.h5", ["cut.h5"]),
      ("text.h5", ["text.h5"]),
      ("result.h5", ["result.h5: /@format: expected \"racktwin.sweep\""]),
      ("extra.h5", ["extra.h5: /sweep/points/message: expected 3 rows, one per point as in /sweep/points/index, found 4"]),
      ("outside.h5", ["outside.h5: /sweep/points/index: expected point indices in 0..<6, found 99"]),
    ]
    for (shard, words) in cases {
      let before = directoryListing(dir)
      let r = try runRacktwin(["merge", "s.shard-0-of-2.h5", shard, "-o", "merged.h5"], in: dir)
      XCTAssertEqual(r.status, 2, "\(shard): \(r.stderr)")
      XCTAssertTrue(r.stderr.hasPrefix("error: "), "\(shard): \(r.stderr)")
      for w in words { XCTAssertTrue(r.stderr.contains(w), "\(shard): expected '\(w)' in \(r.stderr)") }
      XCTAssertEqual(directoryListing(dir), before, "\(shard): left \(directoryListing(dir).subtracting(before).sorted())")
    }
  }

  func testSweepFileErrorsExitTwoNamingTheKey() throws {
    let dir = try makeSweep("base: case.yaml\naxs:\n  components.chip.power: [\"10 W\"]\n")
    let r = try runRacktwin(["sweep", "sweep.yaml", "-o", "e.h5"], in: dir)
    XCTAssertEqual(r.status, 2)
    XCTAssertTrue(r.stderr.contains("sweep.yaml:2: axs: expected one of [base, mode, axes, objectives] (did you mean \"axes\"?)"), r.stderr)
    try write("base: case.yaml\naxes:\n  boundaries.zmin.h: {from: 1, to: 2, stpes: 3}\n", to: "sweep.yaml", in: dir)
    let r2 = try runRacktwin(["sweep", "sweep.yaml", "-o", "e.h5"], in: dir)
    XCTAssertEqual(r2.status, 2)
    XCTAssertTrue(r2.stderr.contains("axes.boundaries.zmin.h.stpes: expected one of [from, to, steps, scale] (did you mean \"steps\"?)"), r2.stderr)
    try write("base: case.yaml\naxes:\n  a: [1]\nobjectives:\n  - {metric: max_temprature, goal: minimize}\n  - {metric: power, goal: max}\n",
              to: "sweep.yaml", in: dir)
    let r3 = try runRacktwin(["sweep", "sweep.yaml", "-o", "e.h5"], in: dir)
    XCTAssertEqual(r3.status, 2)
    XCTAssertTrue(r3.stderr.contains("objectives.0.metric: expected an output column") && r3.stderr.contains("did you mean \"max_temperature\""), r3.stderr)
  }
}

/// Reuse of the base case's pattern and preconditioner (DESIGN §2): deterministic whatever the jobs, and equal to
/// per-point preconditioners (`--no-reuse`) within the linear solver's tolerance.
final class SweepReuseTests: XCTestCase {
  func testBaseCasePreconditionerIsDeterministicAndAgreesWithPerPointSolves() throws {
    let dir = try temporaryDirectory(self)
    try write(smallMeshSpec, to: "mesh.yaml", in: dir)
    try write(smallCase + "\nsolver: {method: cg-ic0, tolerance: 1e-12}\n", to: "case.yaml", in: dir)
    try write("""
      base: case.yaml
      axes:
        boundaries.zmin.h: ["2000 W/m^2/K", "10000 W/m^2/K", "50000 W/m^2/K"]
        components.chip.power: ["5 W", "40 W"]
      """, to: "sweep.yaml", in: dir)
    XCTAssertEqual(try runRacktwin(["mesh", "generate", "mesh.yaml", "-o", "mesh.h5", "--quiet"], in: dir).status, 0)
    for (out, extra) in [("j1.h5", ["--jobs", "1"]), ("j2.h5", ["--jobs", "2"]), ("fresh.h5", ["--no-reuse"])] {
      let r = try runRacktwin(["sweep", "sweep.yaml", "-o", out, "-q"] + extra, in: dir)
      XCTAssertEqual(r.status, 0, r.stderr)
    }
    let j1 = try SweepTableFile.read(dir.appendingPathComponent("j1.h5").path)
    assertSameApartFromTimings(j1, try SweepTableFile.read(dir.appendingPathComponent("j2.h5").path))
    let fresh = try SweepTableFile.read(dir.appendingPathComponent("fresh.h5").path)
    let a = j1.outputs.first { $0.name == "components.chip.max_temperature" }!.values
    let b = fresh.outputs.first { $0.name == "components.chip.max_temperature" }!.values
    // Both solves reach ‖r‖/‖b‖ ≤ 1e-12; the temperatures (≈ 30–200 °C) agree far inside 1e-6 K.
    for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: 1e-6) }
    // The reused preconditioner has no setup of its own.
    let setup = j1.outputs.first { $0.name == "setup_time" }!.values
    XCTAssertEqual(setup, [Double](repeating: 0, count: setup.count))
  }
}
