import Foundation
import XCTest
import RackTwinIO
import RackTwinMesh
import RackTwinSweep

/// A sweep whose case couples a fluid region to the loop solves every point coupled (`CoupledCaseRunner` on the
/// shared mesh): the channel block of geometries/channel-block at its 2 mm refinement, over pump speed and supply
/// temperature.
final class SweepCoupledTests: XCTestCase {
  func testChannelBlockSweepCouplesEveryPoint() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("racktwin-sweepcoupled-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let geometry = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("geometries/channel-block")
    let meshSpec = try String(contentsOf: geometry.appendingPathComponent("mesh.yaml"), encoding: .utf8)
      .replacingOccurrences(of: "all: {maxSize: \"1 mm\"}", with: "all: {maxSize: \"2 mm\"}")
    XCTAssertTrue(meshSpec.contains("\"2 mm\"}"), "the geometry's mesh.yaml changed: update this test")
    let mesh = try MeshGenerator.generate(GridSpecDecoder.decode(text: meshSpec, path: "mesh.yaml"))
    try MeshFileWriter.write(mesh, to: dir.appendingPathComponent("mesh.h5").path)
    for name in ["case.yaml", "sweep.yaml"] {
      try FileManager.default.copyItem(at: geometry.appendingPathComponent(name), to: dir.appendingPathComponent(name))
    }
    let spec = try SweepSpecDecoder.decode(contentsOf: dir.appendingPathComponent("sweep.yaml").path)
    let out = dir.appendingPathComponent("sweep.h5").path
    let summary = try SweepRunner(spec: spec, options: .init(output: out, jobs: 2)).run()
    XCTAssertEqual(summary.ok, 4)
    let table = try SweepTableFile.read(out)
    func column(_ name: String) throws -> [Double] {
      try XCTUnwrap(table.outputs.first { $0.name == name }, "column \(name)").values
    }
    let liquid = try column("heat_to_liquid"), air = try column("heat_to_air")
    let regionHeat = try column("regions.block.heat_to_liquid"), outlet = try column("regions.block.outlet_temperature")
    let passes = try column("coupling_iterations")
    for p in 0..<4 {
      // The 50 W heater leaves to the water or the air; the water's share is the region's stream, counted once.
      XCTAssertEqual(liquid[p] + air[p], 50, accuracy: 50e-6, "point \(p)")
      XCTAssertEqual(regionHeat[p], liquid[p], accuracy: 50e-6, "point \(p)")
      XCTAssertGreaterThanOrEqual(passes[p], 1)
    }
    // Point order: speed is the first axis, supply temperature the second (points 0, 1 at 25 and 35 °C, speed 0.5).
    // 10 K warmer supply gives a ~10 K warmer outlet at the same speed; half the pump speed, a warmer outlet.
    XCTAssertEqual(outlet[1] - outlet[0], 10, accuracy: 0.2)
    XCTAssertGreaterThan(outlet[0], outlet[2])
  }
}
