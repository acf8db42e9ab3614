import Foundation
import XCTest
import RackTwinCase
import RackTwinIO
import RackTwinMesh
import RackTwinSweep

/// The random stream of a sweep point's risk analysis is keyed by (seed, point index, sample, input), never by the
/// worker or the order points finish in: the same sweep at one and two jobs writes bit-identical risk columns.
final class SweepRiskTests: XCTestCase {
  func testRiskColumnsAreIdenticalAtOneAndTwoJobs() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("racktwin-sweeprisk-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
    try """
      domain: {min: [0, 0, 0], max: [0.02, 0.02, 0.004]}
      cells: {all: {maxSize: 0.002}, z: {maxSize: 0.0005}}
      regions: {board: {material: fr4}, chip: {material: silicon}}
      boxes:
        - {region: board, min: [0, 0, 0], max: [0.02, 0.02, 0.002]}
        - {region: chip, min: [0.006, 0.006, 0.002], max: [0.014, 0.014, 0.004]}
      """.write(toFile: path("mesh.yaml"), atomically: true, encoding: .utf8)
    try MeshFileWriter.write(MeshGenerator.generate(GridSpecDecoder.decode(contentsOf: path("mesh.yaml"))),
                             to: path("mesh.h5"))
    try """
      mesh: mesh.h5
      components:
        chip: {regions: [chip], power: "5 W", limit: "150 degC"}
      boundaries:
        zmax: {type: convection, h: "2000 W/m^2/K", ambient: "30 degC"}
      uncertainty:
        samples: 4000
        seed: 5
        inputs:
          - {key: components.chip.power, normal: {sd: "10 %"}}
          - {key: boundaries.zmax.ambient, uniform: {lower: "-2 K", upper: "+2 K"}}
      """.write(toFile: path("case.yaml"), atomically: true, encoding: .utf8)
    // Points 1 and 3 repeat points 0 and 2's operating point: the stream differs by point index, so their
    // Monte-Carlo estimates differ while their analytic columns agree.
    try """
      base: case.yaml
      mode: list
      axes:
        components.chip.power: ["14 W", "14 W", "16 W", "16 W"]
      """.write(toFile: path("sweep.yaml"), atomically: true, encoding: .utf8)
    let spec = try SweepSpecDecoder.decode(contentsOf: path("sweep.yaml"))
    var tables: [SweepTable] = []
    for jobs in [1, 2] {
      let out = path("sweep-\(jobs).h5")
      let summary = try SweepRunner(spec: spec, options: .init(output: out, jobs: jobs)).run()
      XCTAssertEqual(summary.ok, 4, "jobs \(jobs)")
      tables.append(try SweepTableFile.read(out))
    }
    let riskNames = ["hotspot_risk", "hotspot_risk_standard_error", "hotspot_risk_upper", "reliability_index",
                     "risk.chip.probability", "risk.chip.reliability_index"]
    for name in riskNames {
      let a = try XCTUnwrap(tables[0].outputs.first { $0.name == name }, name)
      let b = try XCTUnwrap(tables[1].outputs.first { $0.name == name }, name)
      XCTAssertEqual(a.values.map(\.bitPattern), b.values.map(\.bitPattern), name)
    }
    let risk = tables[0].outputs.first { $0.name == "hotspot_risk" }!.values
    let probability = tables[0].outputs.first { $0.name == "risk.chip.probability" }!.values
    XCTAssertEqual(probability[0], probability[1])
    XCTAssertNotEqual(risk[0], risk[1])
    XCTAssertGreaterThan(risk[0], 0)
    print("sweep risk columns, jobs 1 and 2: hotspot_risk \(risk), risk.chip.probability \(probability)")
  }
}
