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
    let definition = try MeshGenerator.generate(g)
    try MeshFileWriter.write(definition, to: dir.appendingPathComponent("mesh.h5").path)
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
    try checkVelocity(f, definition: definition, volumeFlow: try f.read(Double.self, at: "/loop/elements/volume_flow")
      .values[2], sidecar: dir.appendingPathComponent("out.xdmf"))
    print("channel-block coarse: " + r.stdout.split(separator: "\n").prefix(6).joined(separator: " | "))
  }

  /// Issue 19: `/fields/velocity` holds the coolant velocity per cell in m/s, and the sidecar shows it as a `Vector`.
  /// Reference: mass conservation. The five identical straight 2 × 2 mm channels (one 2 mm cell across each) share
  /// the element's volume flow Q equally, so every channel cell moves at Q / (5 · 4 mm²) along +x, and no cell moves
  /// across. Tolerance 1e-3 relative: the loop's volume flow is at the loop's own water temperature, the field's at
  /// the region's inlet temperature, which differ by a fraction of a kelvin (water: ∂ρ/∂T / ρ ≈ 3e-4 /K).
  func checkVelocity(_ f: HDF5File, definition: MeshDefinition, volumeFlow q: Double, sidecar: URL) throws {
    let u = try f.read(Double.self, at: "/fields/velocity")
    let region = try f.read(Int32.self, at: "/fields/region")
    XCTAssertEqual(u.shape, region.shape + [3])
    XCTAssertEqual(try f.stringAttribute("units", of: "/fields/velocity"), "m/s")
    let channels = try XCTUnwrap(definition.regions.first { $0.name == "channels" }?.id)
    let expected = q / (5 * 4e-6)
    XCTAssertGreaterThan(expected, 0.1, "about 1 L/min through 20 mm²: 0.8 m/s")
    var fluidCells = 0
    for (c, id) in region.values.enumerated() {
      let v = SIMD3(u.values[3 * c], u.values[3 * c + 1], u.values[3 * c + 2])
      if id == channels {
        fluidCells += 1
        XCTAssertEqual(v.x, expected, accuracy: 1e-3 * expected, "channel cell \(c)")
        XCTAssertEqual(v.y, 0, accuracy: 1e-9 * expected)
        XCTAssertEqual(v.z, 0, accuracy: 1e-9 * expected)
      } else {
        XCTAssertEqual(v, .zero, "solid cell \(c)")
      }
    }
    XCTAssertEqual(fluidCells, 5 * 20, "five channels of twenty 2 mm cells")
    let xml = try String(contentsOf: sidecar, encoding: .utf8)
    XCTAssertTrue(xml.contains("<Attribute Name=\"velocity\" AttributeType=\"Vector\" Center=\"Cell\">"), xml)
    let dims = u.shape.map(String.init).joined(separator: " ")
    XCTAssertTrue(xml.contains("Dimensions=\"\(dims)\" NumberType=\"Float\" Precision=\"8\" Format=\"HDF\">out.h5:/fields/velocity<"))
  }
}
