import Foundation
import RackTwinIO
import XCTest

final class TransientSolveCommandTests: XCTestCase {
  /// A transient run of the small stack: 20 s at 1 s, snapshots every 5 s, a power step at 10 s and an ambient that
  /// rises with time. Checks the series layout, units, the temporal XDMF and the energy balance over all steps.
  func testTransientCaseWritesSeriesSnapshotsAndTemporalXdmf() throws {
    let dir = try temporaryDirectory(self)
    try write(smallMeshSpec, to: "mesh.yaml", in: dir)
    let text = smallCase.replacingOccurrences(of: "ambient: \"30 degC\"", with: "ambient: \"(30 + t/10) degC\"") + """

      transient:
        duration: "20 s"
        step: "1 s"
        output: "5 s"
        initial: "30 degC"
        events:
          - {time: "10 s", set: {components.chip.power: "40 W", boundaries.zmin.h: "20000 W/m^2/K"}}
      """
    try write(text, to: "case.yaml", in: dir)
    XCTAssertEqual(try runRacktwin(["mesh", "generate", "mesh.yaml", "-o", "mesh.h5"], in: dir).status, 0)
    let r = try runRacktwin(["solve", "case.yaml", "-o", "t.h5"], in: dir)
    XCTAssertEqual(r.status, 0, r.stderr)
    // 20 s at a fixed 1 s step: 20 steps, none rejected; snapshots at 0, 5, 10, 15, 20 s.
    XCTAssertTrue(r.stdout.contains("transient: 20 s in 20 steps (0 rejected), 5 snapshots;"), r.stdout)
    // The summary's imbalance (stored energy included, max over the steps) is the linear solve's residual only.
    let imbalanceLine = r.stdout.split(separator: "\n").first { $0.hasPrefix("energy balance incl. stored energy") }
    let imbalance = imbalanceLine.flatMap { $0.split(separator: " ").last }.flatMap { Double($0) }
    XCTAssertNotNil(imbalance, r.stdout)
    XCTAssertLessThan(imbalance ?? 1, 1e-9, r.stdout)
    let file = try HDF5File.open(readingAt: dir.appendingPathComponent("t.h5").path)
    let time = try file.read(Double.self, at: "/series/time")
    XCTAssertEqual(time.values.count, 21)
    XCTAssertEqual(time.values.last!, 20, accuracy: 1e-12)
    XCTAssertEqual(try file.stringAttribute("units", of: "/series/time"), "s")
    let tmax = try file.read(Double.self, at: "/series/components/max_temperature")
    XCTAssertEqual(tmax.shape, [21, 1])
    XCTAssertEqual(try file.stringAttribute("units", of: "/series/components/max_temperature"), "degC")
    XCTAssertEqual(tmax.values[0], 30, accuracy: 1e-9)
    let power = try file.read(Double.self, at: "/series/components/power").values
    XCTAssertEqual(power[10], 20)
    XCTAssertEqual(power[11], 40)
    XCTAssertEqual(try file.read(Double.self, at: "/series/probes/temperature").shape, [21, 1])
    XCTAssertEqual(try file.read(Double.self, at: "/series/snapshot_time").values, [0, 5, 10, 15, 20])
    XCTAssertEqual(try file.doubleAttribute("time", of: "/fields/temperature_4"), 20)
    XCTAssertEqual(try file.read(Double.self, at: "/fields/temperature_4").values.filter { !$0.isNaN },
                   try file.read(Double.self, at: "/fields/temperature").values.filter { !$0.isNaN })
    XCTAssertLessThan(try file.read(Double.self, at: "/metrics/energy_balance_relative").values[0], 1e-9)
    let xdmf = try String(contentsOf: dir.appendingPathComponent("t.xdmf"), encoding: .utf8)
    XCTAssertTrue(xdmf.contains("GridType=\"Collection\" CollectionType=\"Temporal\""))
    XCTAssertTrue(xdmf.contains("<Time Value=\"15.0\"/>"))
    XCTAssertTrue(xdmf.contains("t.h5:/fields/temperature_3"))
  }

  /// An expression with a syntax error names key, line and column; exit code 2.
  func testExpressionErrorNamesKeyLineAndColumn() throws {
    let dir = try temporaryDirectory(self)
    try write(smallMeshSpec, to: "mesh.yaml", in: dir)
    XCTAssertEqual(try runRacktwin(["mesh", "generate", "mesh.yaml", "-o", "mesh.h5"], in: dir).status, 0)
    let text = smallCase.replacingOccurrences(of: "ambient: \"30 degC\"", with: "ambient: \"300+sin(pi*)\"")
    try write(text, to: "bad.yaml", in: dir)
    let r = try runRacktwin(["solve", "bad.yaml", "-o", "b.h5"], in: dir)
    XCTAssertEqual(r.status, 2)
    XCTAssertTrue(r.stderr.contains("bad.yaml:5: boundaries.zmin.ambient: expected an expression, found unexpected ')' at column 12"),
                  r.stderr)
  }
}
