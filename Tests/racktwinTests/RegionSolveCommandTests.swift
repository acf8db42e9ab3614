import Foundation
import RackTwinIO
import RackTwinMesh
import XCTest

/// `racktwin solve` of geometries/channel-block (3-D water channels in a pump loop) end to end: exit 0, `/loop`,
/// the region element's metrics and an energy balance that closes, on the coarse mesh (one cell across a channel).
final class RegionSolveCommandTests: XCTestCase {
  static let geometry = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("geometries/channel-block")

  func testChannelBlockSolvesWithLoopAndRegionMetrics() throws {
    let dir = try temporaryDirectory(self)
    let spec = try String(contentsOf: Self.geometry.appendingPathComponent("mesh.yaml"), encoding: .utf8)
      .replacingOccurrences(of: "all: {maxSize: \"1 mm\"}", with: "all: {maxSize: \"2 mm\"}")
    XCTAssertTrue(spec.contains("\"2 mm\"}"))
    let g = try GridSpecDecoder.decode(text: spec, path: "mesh.yaml")
    try MeshFileWriter.write(try MeshGenerator.generate(g), to: dir.appendingPathComponent("mesh.h5").path)
    try FileManager.default.copyItem(at: Self.geometry.appendingPathComponent("case.yaml"),
                                     to: dir.appendingPathComponent("case.yaml"))
    let r = try runRacktwin(["solve", "case.yaml", "-o", "out.h5"], in: dir)
    XCTAssertEqual(r.status, 0, r.stderr)
    let f = try HDF5File.open(readingAt: dir.appendingPathComponent("out.h5").path)
    let names = try f.readStrings(at: "/loop/elements/name")
    XCTAssertEqual(names, ["pump", "supply", "block", "return", "hx"])
    XCTAssertEqual(try f.readStrings(at: "/loop/elements/type")[2], "region")
    func metric(_ name: String) throws -> Double { try f.read(Double.self, at: "/metrics/" + name).values[0] }
    let power = try metric("power")
    XCTAssertEqual(power, 50, accuracy: 1e-9)
    // Every watt leaves once: into the water (the region's stream) or to the air over the top.
    XCTAssertLessThan(try metric("energy_balance_relative"), 1e-6)
    XCTAssertEqual(try metric("heat_to_liquid") + metric("heat_to_air"), power, accuracy: 1e-6 * power)
    XCTAssertEqual(try metric("heat_to_liquid"), try metric("regions.block.heat_to_liquid"), accuracy: 1e-12 * power)
    XCTAssertGreaterThan(try metric("heat_to_air"), 0)
    // The network carried the region's heat: the block element's heat and outlet temperature are the field's.
    let heat = try f.read(Double.self, at: "/loop/elements/heat").values
    XCTAssertEqual(heat[2], try metric("regions.block.heat_to_liquid"), accuracy: 1e-9 * power)
    let outlet = try f.read(Double.self, at: "/loop/elements/outlet_temperature").values
    // The loop's outlet is h_in + Q/ṁ inverted in the table, the metric the field's mixed cup: equal to well within
    // the coupling tolerance (1 mK; measured 2e-6 K apart).
    XCTAssertEqual(outlet[2], try metric("regions.block.outlet_temperature"), accuracy: 1e-4)
    XCTAssertEqual(try f.stringAttribute("units", of: "/metrics/regions.block.outlet_temperature"), "degC")
    XCTAssertEqual(try f.stringAttribute("units", of: "/metrics/regions.block.pressure_drop"), "Pa")
    XCTAssertEqual(try f.stringAttribute("units", of: "/metrics/heat_to_air"), "W")
    XCTAssertGreaterThan(try metric("regions.block.pressure_drop"), 0)
    XCTAssertLessThan(try metric("max_temperature"), 85)
    print("channel-block coarse: " + r.stdout.split(separator: "\n").prefix(6).joined(separator: " | "))
  }
}
