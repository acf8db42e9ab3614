import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import RackTwinIO
import XCTest

/// `racktwin report` end to end: a real sweep of geometries/channel-block (2 pump speeds × 2 supply temperatures,
/// the network and the 3-D channels coupled) and a solve of the small stack.
final class ReportCommandTests: XCTestCase {
  func repositoryRoot() -> URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  }

  /// Copies the channel block into `dir` and sweeps it: `sweep.h5`.
  func channelBlockSweep(in dir: URL) throws {
    let source = repositoryRoot().appendingPathComponent("geometries/channel-block")
    for name in ["case.yaml", "mesh.h5", "sweep.yaml"] {
      try FileManager.default.copyItem(at: source.appendingPathComponent(name), to: dir.appendingPathComponent(name))
    }
    let r = try runRacktwin(["sweep", "sweep.yaml", "-o", "sweep.h5", "--jobs", "2", "--quiet"], in: dir)
    XCTAssertEqual(r.status, 0, r.stderr)
  }

  /// The page of a real sweep parses as XML, has one SVG per plot, and rings exactly the points that brute-force
  /// dominance on the file's objectives (pump_power and max_temperature, both minimised) leaves, which are also
  /// the file's `/sweep/pareto`.
  func testReportOfChannelBlockSweep() throws {
    let dir = try temporaryDirectory(self)
    try channelBlockSweep(in: dir)
    let r = try runRacktwin(["report", "sweep.h5", "-o", "report.html", "--title", "Channel block"], in: dir)
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertFalse(try FileManager.default.contentsOfDirectory(atPath: dir.path).contains { $0.contains(".tmp-") },
                   "the temporary page was renamed into place")
    let html = try String(contentsOf: dir.appendingPathComponent("report.html"), encoding: .utf8)
    let parser = XMLParser(data: Data(html.utf8))
    XCTAssertTrue(parser.parse(), "\(String(describing: parser.parserError)) line \(parser.lineNumber)")
    XCTAssertEqual(html.components(separatedBy: "<svg ").count - 1, 3)
    XCTAssertFalse(html.contains("<script"))
    let file = try HDF5File.open(readingAt: dir.appendingPathComponent("sweep.h5").path)
    let pump = try file.read(Double.self, at: "/sweep/points/pump_power").values
    let tmax = try file.read(Double.self, at: "/sweep/points/max_temperature").values
    let status = try file.read(Int8.self, at: "/sweep/points/status").values
    let filePareto = try file.read(Int64.self, at: "/sweep/pareto").values.map(Int.init)
    var front: [Int] = []
    for i in pump.indices where status[i] == 0 {
      let dominated = pump.indices.contains { j in
        j != i && status[j] == 0 && pump[j] <= pump[i] && tmax[j] <= tmax[i] && (pump[j] < pump[i] || tmax[j] < tmax[i])
      }
      if !dominated { front.append(i) }
    }
    XCTAssertEqual(front, filePareto)
    let re = try NSRegularExpression(pattern: "class=\"pareto-point\" data-index=\"([0-9]+)\"")
    let marked = re.matches(in: html, range: NSRange(html.startIndex..., in: html)).map {
      Int(html[Range($0.range(at: 1), in: html)!])!
    }
    XCTAssertEqual(marked.sorted(), front)
  }

  /// Bad input exits 2 naming the file: not HDF5, and a mesh file (not a racktwin results or sweep file).
  func testBadInputExitsTwoNamingTheFile() throws {
    let dir = try temporaryDirectory(self)
    try write("not hdf5", to: "notes.h5", in: dir)
    let r = try runRacktwin(["report", "notes.h5", "-o", "r.html"], in: dir)
    XCTAssertEqual(r.status, 2)
    XCTAssertTrue(r.stderr.contains("error: notes.h5: /: expected an HDF5 file"), r.stderr)
    try write(smallMeshSpec, to: "mesh.yaml", in: dir)
    XCTAssertEqual(try runRacktwin(["mesh", "generate", "mesh.yaml", "-o", "mesh.h5"], in: dir).status, 0)
    let m = try runRacktwin(["report", "mesh.h5", "-o", "r.html"], in: dir)
    XCTAssertEqual(m.status, 2)
    XCTAssertTrue(m.stderr.contains("error: mesh.h5: /@format: expected \"racktwin.results\" or \"racktwin.sweep\""), m.stderr)
    let s = try runRacktwin(["report", "mesh.h5", "-o", "r.html", "--slice", "q=3"], in: dir)
    XCTAssertEqual(s.status, 2)
    XCTAssertTrue(s.stderr.contains("--slice: expected AXIS=VALUE"), s.stderr)
    XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("r.html").path))
  }

  /// Heavy: renders a sweep's and a solve's report with headless Chromium (Debian `chromium`) and checks that the
  /// PNGs exist, are 1200 × 1600, and are not blank: a blank page of that size is about 9 KB (measured), these are
  /// over 60 KB. Keeps the PNGs under RACKTWIN_REPORT_PNG_DIR when that is set, for a person to look at.
  func testHeavyChromiumRendersTheReports() throws {
    guard ProcessInfo.processInfo.environment["RACKTWIN_HEAVY"] == "1" else {
      throw XCTSkip("heavy: needs Chromium (Debian chromium); run tools/test --heavy")
    }
    let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    guard let chromium else { return XCTFail("chromium not installed: apt-get install -y chromium (tools/test --heavy does)") }
    let dir = try temporaryDirectory(self)
    try channelBlockSweep(in: dir)
    try write(smallMeshSpec, to: "mesh.yaml", in: dir)
    try write(smallCase, to: "case.yaml", in: dir)
    XCTAssertEqual(try runRacktwin(["mesh", "generate", "mesh.yaml", "-o", "stack.h5", "--quiet"], in: dir).status, 0)
    try write(smallCase.replacingOccurrences(of: "mesh: mesh.h5", with: "mesh: stack.h5"), to: "stack.yaml", in: dir)
    XCTAssertEqual(try runRacktwin(["solve", "stack.yaml", "-o", "solve.h5", "--quiet"], in: dir).status, 0)
    for name in ["sweep", "solve"] {
      XCTAssertEqual(try runRacktwin(["report", "\(name).h5", "-o", "\(name).html"], in: dir).status, 0)
      let png = dir.appendingPathComponent("\(name).png")
      let p = Process()
      p.executableURL = URL(fileURLWithPath: chromium)
      p.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--screenshot=\(png.path)",
                     "--window-size=1200,1600", dir.appendingPathComponent("\(name).html").absoluteString]
      p.standardOutput = FileHandle.nullDevice
      p.standardError = FileHandle.nullDevice
      try p.run()
      p.waitUntilExit()
      let data = try Data(contentsOf: png)
      XCTAssertEqual(Array(data.prefix(8)), [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "\(name): a PNG")
      let be32 = { (o: Int) in data[o..<o + 4].reduce(0) { $0 << 8 | Int($1) } }
      XCTAssertEqual(be32(16), 1200)
      XCTAssertEqual(be32(20), 1600)
      XCTAssertGreaterThan(data.count, 60_000, "\(name).png looks blank (\(data.count) bytes)")
      if let keep = ProcessInfo.processInfo.environment["RACKTWIN_REPORT_PNG_DIR"] {
        try? FileManager.default.removeItem(atPath: keep + "/\(name).png")
        try FileManager.default.copyItem(atPath: png.path, toPath: keep + "/\(name).png")
      }
    }
  }
}
