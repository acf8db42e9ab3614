import Foundation
import RackTwinSweep
import XCTest

/// Issue 7's audit: SIGKILL `racktwin sweep` at 20 random moments of a tiny sweep. Each time every journaled point is
/// complete (decodes, names its own index), no results file is half-written (either none or one that opens), and
/// `--resume` finishes with a file identical, apart from timings, to an uninterrupted run.
final class SweepKillAuditTests: XCTestCase {
  func testTwentyRandomSIGKILLsThenResumeAreIdenticalToACleanRun() throws {
    let dir = try temporaryDirectory(self)
    try write(smallMeshSpec.replacingOccurrences(of: "all: {maxSize: \"1 mm\"}", with: "all: {maxSize: \"0.25 mm\"}"),
              to: "mesh.yaml", in: dir)
    try write(smallCase + "\nsolver: {method: cg-jacobi, tolerance: 1e-12}\n", to: "case.yaml", in: dir)
    try write("""
      base: case.yaml
      mode: grid
      axes:
        boundaries.zmin.ambient: ["20 degC", "30 degC", "40 degC"]
        components.chip.power: ["10 W", "15 W", "20 W"]
      """, to: "sweep.yaml", in: dir)
    XCTAssertEqual(try runRacktwin(["mesh", "generate", "mesh.yaml", "-o", "mesh.h5", "--quiet"], in: dir).status, 0)
    let start = Date()
    XCTAssertEqual(try runRacktwin(["sweep", "sweep.yaml", "-o", "clean.h5", "-q"], in: dir).status, 0)
    let cleanTime = Date().timeIntervalSince(start)
    let clean = try SweepTableFile.read(dir.appendingPathComponent("clean.h5").path)

    var rng = SplitMix(seed: 2026)
    var midway = 0
    for i in 0..<20 {
      let out = "audit-\(i).h5"
      let p = Process()
      p.executableURL = racktwinBinary()
      p.arguments = ["sweep", "sweep.yaml", "-o", out, "-q"]
      p.currentDirectoryURL = dir
      p.standardOutput = FileHandle.nullDevice
      p.standardError = FileHandle.nullDevice
      try p.run()
      // Within the clean run's span (process start and mesh reading included): most kills land mid-sweep.
      usleep(UInt32(rng.unit() * cleanTime * 0.9 * 1e6))
      if p.isRunning { kill(p.processIdentifier, SIGKILL) }
      p.waitUntilExit()

      let journal = SweepJournal(output: dir.appendingPathComponent(out).path)
      let records = ((try? FileManager.default.contentsOfDirectory(atPath: journal.directory)) ?? [])
        .filter { $0.hasPrefix("point-") && $0.hasSuffix(".json") }
      if records.count < 9 && !FileManager.default.fileExists(atPath: dir.appendingPathComponent(out).path) { midway += 1 }
      for name in records {
        let data = try XCTUnwrap(FileManager.default.contents(atPath: journal.directory + "/" + name), name)
        let point = try JSONDecoder().decode(SweepPointResult.self, from: data)
        XCTAssertEqual(String(format: "point-%06d.json", point.index), name, "a journaled point names its own index")
      }
      if FileManager.default.fileExists(atPath: dir.appendingPathComponent(out).path) {
        XCTAssertNoThrow(try SweepTableFile.read(dir.appendingPathComponent(out).path), "a results file that exists opens")
      }
      let resumed = try runRacktwin(["sweep", "sweep.yaml", "-o", out, "--resume", "-q"], in: dir)
      if resumed.status == 2 && resumed.stderr.contains("no journal") { continue }  // killed after the final rename
      XCTAssertEqual(resumed.status, 0, "kill \(i): \(resumed.stderr)")
      assertSameApartFromTimings(clean, try SweepTableFile.read(dir.appendingPathComponent(out).path))
    }
    print("audit: \(midway) of 20 kills landed mid-sweep (clean run \(cleanTime) s)")
    XCTAssertGreaterThanOrEqual(midway, 5, "kills should land while points are still running")
  }
}

/// Deterministic random numbers for the audit (SplitMix64).
struct SplitMix {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
  mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
