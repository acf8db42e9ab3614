import Foundation
import RackTwinIO
import RackTwinSweep
import XCTest

/// Crash safety: SIGKILL at several moments then `--resume`, and SIGTERM's partial file (docs/sweep-format.md).
final class SweepResumeTests: XCTestCase {
  /// A finer mesh than the other CLI tests (≈ 40 × 40 × 12 cells) so a point takes long enough to kill between points.
  let finerMeshSpec = smallMeshSpec.replacingOccurrences(of: "all: {maxSize: \"1 mm\"}", with: "all: {maxSize: \"0.25 mm\"}")
  let sweep = """
    base: case.yaml
    mode: list
    axes:
      boundaries.zmin.ambient: ["20 degC", "25 degC", "30 degC", "35 degC", "40 degC", "45 degC", "50 degC", "55 degC"]
      components.chip.power: ["10 W", "12 W", "14 W", "16 W", "18 W", "20 W", "22 W", "24 W"]
    """

  func makeSweep() throws -> URL {
    let dir = try temporaryDirectory(self)
    try write(finerMeshSpec, to: "mesh.yaml", in: dir)
    try write(smallCase + "\nsolver: {method: cg-jacobi, tolerance: 1e-12}\n", to: "case.yaml", in: dir)
    try write(sweep, to: "sweep.yaml", in: dir)
    let gen = try runRacktwin(["mesh", "generate", "mesh.yaml", "-o", "mesh.h5", "--quiet"], in: dir)
    XCTAssertEqual(gen.status, 0, gen.stderr)
    return dir
  }

  func journaled(_ dir: URL, _ output: String) -> Int {
    let items = (try? FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent(output + ".journal").path)) ?? []
    return items.filter { $0.hasPrefix("point-") && $0.hasSuffix(".json") }.count
  }

  /// Starts a sweep, waits until `k` points are journaled, sends `signal`; returns the exit status.
  func interrupt(_ dir: URL, output: String, after k: Int, signal: Int32, extra: [String] = []) throws -> Int32 {
    let process = Process()
    process.executableURL = racktwinBinary()
    process.arguments = ["sweep", "sweep.yaml", "-o", output, "--jobs", "1", "-q"] + extra
    process.currentDirectoryURL = dir
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    let deadline = Date().addingTimeInterval(60)
    while process.isRunning, journaled(dir, output) < k, Date() < deadline { usleep(500) }
    if process.isRunning { kill(process.processIdentifier, signal) }
    process.waitUntilExit()
    return process.terminationStatus
  }

  func testSIGKILLAtSeveralMomentsThenResumeEqualsAnUninterruptedRun() throws {
    let dir = try makeSweep()
    XCTAssertEqual(try runRacktwin(["sweep", "sweep.yaml", "-o", "clean.h5", "-q"], in: dir).status, 0)
    let clean = try SweepTableFile.read(dir.appendingPathComponent("clean.h5").path)
    var killedMidway = 0
    for k in [0, 1, 3, 6] {
      let out = "killed-\(k).h5"
      _ = try interrupt(dir, output: out, after: k, signal: SIGKILL)
      let n = journaled(dir, out)
      if n < 8 { killedMidway += 1 }
      XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent(out).path), "no results file after SIGKILL")
      let r = try runRacktwin(["sweep", "sweep.yaml", "-o", out, "--resume", "-q"], in: dir)
      XCTAssertEqual(r.status, 0, r.stderr)
      let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains(".tmp-") }
      XCTAssertEqual(leftovers, [], "temporaries left after resume")
      let resumed = try SweepTableFile.read(dir.appendingPathComponent(out).path)
      assertSameApartFromTimings(clean, resumed)
    }
    XCTAssertGreaterThan(killedMidway, 1, "the sweep finished before most kills: make the points slower")
  }

  func testSIGTERMWritesAValidPartialFileAndResumeCompletesIt() throws {
    let dir = try makeSweep()
    let status = try interrupt(dir, output: "t.h5", after: 2, signal: SIGTERM)
    let partial = try SweepTableFile.read(dir.appendingPathComponent("t.h5").path)
    let done = partial.status.filter { $0 != 3 }.count
    XCTAssertLessThan(done, 8, "SIGTERM came after the last point: make the points slower")
    if done < 8 {
      XCTAssertEqual(status, 143)
      XCTAssertEqual(partial.status.filter { $0 == 3 }.count, 8 - done)
      XCTAssertEqual(partial.indices.count, 8)
    }
    let again = try runRacktwin(["sweep", "sweep.yaml", "-o", "t.h5", "-q"], in: dir)
    XCTAssertEqual(again.status, done < 8 ? 2 : 0, "an existing journal needs --resume: \(again.stderr)")
    let r = try runRacktwin(["sweep", "sweep.yaml", "-o", "t.h5", "--resume"], in: dir)
    XCTAssertEqual(r.status, 0, r.stderr)
    let full = try SweepTableFile.read(dir.appendingPathComponent("t.h5").path)
    XCTAssertEqual(full.status, [Int8](repeating: 0, count: 8))
    XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("t.h5.journal").path))
  }

  /// A journal damaged outside racktwin (points are written atomically, so racktwin never leaves one like this):
  /// `--resume` exits 2 naming the damaged file and what it expected, writes no results file and keeps the journal;
  /// with the damaged point file removed, `--resume` re-runs that point and equals an uninterrupted run.
  func testResumeFromACorruptJournalNamesTheFileAndWritesNothing() throws {
    let dir = try makeSweep()
    _ = try interrupt(dir, output: "j.h5", after: 2, signal: SIGKILL)
    let journal = dir.appendingPathComponent("j.h5.journal")
    let points = try FileManager.default.contentsOfDirectory(atPath: journal.path).filter { $0.hasPrefix("point-") }.sorted()
    guard points.count >= 2, points.count < 8 else {
      throw XCTSkip("the kill came at \(points.count) of 8 points: make the points slower")
    }
    func resumeFails(_ words: [String], _ label: String) throws {
      let before = directoryListing(journal)
      let r = try runRacktwin(["sweep", "sweep.yaml", "-o", "j.h5", "--resume", "-q"], in: dir)
      XCTAssertEqual(r.status, 2, "\(label): \(r.stderr)")
      for w in words { XCTAssertTrue(r.stderr.contains(w), "\(label): expected '\(w)' in \(r.stderr)") }
      XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("j.h5").path), label)
      XCTAssertEqual(directoryListing(journal), before, "\(label): the journal changed")
    }
    let first = journal.appendingPathComponent(points[0]), second = journal.appendingPathComponent(points[1])
    let kept = try Data(contentsOf: first)
    // A point file cut short.
    try kept.prefix(kept.count / 2).write(to: first)
    try resumeFails(["j.h5.journal/\(points[0]): expected a journaled sweep point"], "truncated point")
    // A valid point under another point's name.
    try Data(contentsOf: second).write(to: first)
    try resumeFails(["j.h5.journal/\(points[0]): index: expected"], "point under another name")
    // The header damaged.
    let header = journal.appendingPathComponent("sweep.json")
    let headerData = try Data(contentsOf: header)
    try Data("{\"format\": 1".utf8).write(to: header)
    try resumeFails(["j.h5.journal/sweep.json: expected a sweep journal header"], "damaged header")
    try headerData.write(to: header)

    // Removing the damaged point lets --resume finish, re-running that point.
    try FileManager.default.removeItem(at: first)
    let r = try runRacktwin(["sweep", "sweep.yaml", "-o", "j.h5", "--resume", "-q"], in: dir)
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertEqual(try runRacktwin(["sweep", "sweep.yaml", "-o", "clean.h5", "-q"], in: dir).status, 0)
    assertSameApartFromTimings(try SweepTableFile.read(dir.appendingPathComponent("clean.h5").path),
                               try SweepTableFile.read(dir.appendingPathComponent("j.h5").path))
  }

  func testResumeRejectsAJournalOfAnotherSweep() throws {
    let dir = try makeSweep()
    _ = try interrupt(dir, output: "x.h5", after: 1, signal: SIGKILL)
    try write(sweep.replacingOccurrences(of: "24 W", with: "30 W"), to: "sweep.yaml", in: dir)
    let r = try runRacktwin(["sweep", "sweep.yaml", "-o", "x.h5", "--resume"], in: dir)
    if journaled(dir, "x.h5") > 0 {
      XCTAssertEqual(r.status, 2)
      XCTAssertTrue(r.stderr.contains("expected the journal of this sweep"), r.stderr)
    }
  }
}

/// Two sweep tables equal bit for bit apart from the timing columns.
func assertSameApartFromTimings(_ a: SweepTable, _ b: SweepTable, file: StaticString = #filePath, line: UInt = #line) {
  func strip(_ t: SweepTable) -> SweepTable {
    var t = t
    // Values compared below by bit pattern (so NaN equals NaN); timing columns dropped.
    t.outputs = t.outputs.filter { !SweepTable.timingColumns.contains($0.name) }.map { var o = $0; o.values = []; return o }
    return t
  }
  for (x, y) in zip(a.outputs, b.outputs) where !SweepTable.timingColumns.contains(x.name) {
    XCTAssertEqual(x.values.map(\.bitPattern), y.values.map(\.bitPattern), x.name, file: file, line: line)
  }
  XCTAssertEqual(strip(a), strip(b), file: file, line: line)
  XCTAssertEqual(a.pareto, b.pareto, file: file, line: line)
}
