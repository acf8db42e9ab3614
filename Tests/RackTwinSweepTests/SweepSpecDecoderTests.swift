import Foundation
import RackTwinSweep
import XCTest

final class SweepSpecDecoderTests: XCTestCase {
  func withBase(_ sweep: String) throws -> SweepSpec {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("racktwin-spec-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
    try "mesh: mesh.h5\n".write(to: dir.appendingPathComponent("case.yaml"), atomically: true, encoding: .utf8)
    let path = dir.appendingPathComponent("sweep.yaml").path
    try sweep.write(toFile: path, atomically: true, encoding: .utf8)
    return try SweepSpecDecoder.decode(contentsOf: path)
  }

  /// Grid order is C order: the first axis varies slowest.
  func testGridOrderFirstAxisSlowest() throws {
    let s = try withBase("base: case.yaml\naxes:\n  a: [1, 2]\n  b.c*: [x, y, z]\n")
    XCTAssertEqual(s.pointCount, 6)
    XCTAssertEqual(s.overrides(ofPoint: 0), ["a=1", "b.c*=x"])
    XCTAssertEqual(s.overrides(ofPoint: 2), ["a=1", "b.c*=z"])
    XCTAssertEqual(s.overrides(ofPoint: 3), ["a=2", "b.c*=x"])
    XCTAssertEqual(s.points(shard: Shard(index: 1, count: 4)), [1, 5])
  }

  func testListModeZipsAndRejectsUnequalLengths() throws {
    let s = try withBase("base: case.yaml\nmode: list\naxes:\n  a: [1, 2]\n  b: [3, 4]\n")
    XCTAssertEqual(s.pointCount, 2)
    XCTAssertEqual(s.overrides(ofPoint: 1), ["a=2", "b=4"])
    XCTAssertThrowsError(try withBase("base: case.yaml\nmode: list\naxes:\n  a: [1, 2]\n  b: [3]\n")) { e in
      XCTAssertTrue("\(e)".contains("axes.b: expected 2 values, as many as axes.a (mode: list), found 1"), "\(e)")
    }
  }

  /// Linear: 20, 30, 40, 50 exactly; log: 1, 10, 100 (the middle to one rounding), ends exact.
  func testRangesLinearAndLogWithUnits() throws {
    let s = try withBase("""
      base: case.yaml
      axes:
        t: {from: "20 degC", to: "50 degC", steps: 4}
        h: {from: 1, to: 100, steps: 3, scale: log}
      """)
    XCTAssertEqual(s.axes[0].values, ["20.0 degC", "30.0 degC", "40.0 degC", "50.0 degC"])
    XCTAssertEqual(s.axes[1].values.first, "1.0")
    XCTAssertEqual(s.axes[1].values.last, "100.0")
    XCTAssertEqual(Double(s.axes[1].values[1])!, 10, accuracy: 1e-13)
    XCTAssertThrowsError(try withBase("base: case.yaml\naxes:\n  t: {from: \"20 degC\", to: \"300 K\", steps: 2}\n")) { e in
      XCTAssertTrue("\(e)".contains("axes.t.to: expected the same unit as from"), "\(e)")
    }
  }

  func testMissingBaseAndBadGoalAreErrors() throws {
    XCTAssertThrowsError(try withBase("base: nope.yaml\naxes:\n  a: [1]\n")) { e in
      XCTAssertTrue("\(e)".contains(":1: base: expected a readable case file"), "\(e)")
    }
    XCTAssertThrowsError(try withBase("""
      base: case.yaml
      axes: {a: [1]}
      objectives: [{metric: power, goal: minimise}, {metric: max_temperature, goal: minimize}]
      """)) { e in
      XCTAssertTrue("\(e)".contains("objectives.0.goal: expected one of [minimize, maximize] (did you mean \"minimize\"?)"), "\(e)")
    }
  }
}
