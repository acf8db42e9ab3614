import XCTest
import RackTwinCase
import RackTwinIO
import RackTwinMesh
import RackTwinSweep

final class SweepObjectiveTests: XCTestCase {
  /// Every column a steady solve writes into a sweep row (its `/metrics` and the per-component, probe and patch
  /// columns) may be named as an objective; transient-only metrics, which a sweep point never writes, are refused
  /// with the list of what is accepted.
  func testObjectivesMayNameEveryColumnASolveWrites() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("racktwin-objectives-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let spec = dir.appendingPathComponent("mesh.yaml").path
    try """
      domain: {min: [0, 0, 0], max: [0.02, 0.02, 0.004]}
      cells: {all: {maxSize: 0.002}}
      regions: {board: {material: fr4}, chip: {material: silicon}}
      boxes:
        - {region: board, min: [0, 0, 0], max: [0.02, 0.02, 0.002]}
        - {region: chip, min: [0.006, 0.006, 0.002], max: [0.014, 0.014, 0.004]}
      """.write(toFile: spec, atomically: true, encoding: .utf8)
    try MeshFileWriter.write(MeshGenerator.generate(GridSpecDecoder.decode(contentsOf: spec)),
                             to: dir.appendingPathComponent("mesh.h5").path)
    let casePath = dir.appendingPathComponent("case.yaml").path
    try """
      mesh: mesh.h5
      components:
        chip: {regions: [chip], power: "5 W", limit: "95 degC"}
      boundaries:
        zmin: {type: convection, h: "500 W/m^2/K", ambient: "30 degC"}
      probes:
        centre: [0.01, 0.01, 0.003]
      """.write(toFile: casePath, atomically: true, encoding: .utf8)
    let outcome = try SteadyCaseRunner(casePath: casePath).solve()
    let columns = SolutionMetrics.columns(of: outcome.results).map(\.name)
    // The walk covers the whole steady catalogue of a mesh case and every item family of one; the loop's metrics and
    // families (runs `network`) come with a network and are checked by NetworkSolveCommandTests; the risk ones with
    // `uncertainty` (SweepRiskTests, CaseRiskTests).
    let steady = MetricCatalog.all.filter { $0.runs == .all }.map(\.name)
    XCTAssertEqual(Array(columns.prefix(steady.count)), steady)
    XCTAssertEqual(outcome.results.metrics.map(\.name), steady)
    XCTAssertTrue(Set(steady).isSubset(of: SweepSpecDecoder.metricNames))
    for family in MetricCatalog.itemColumns where !["pumps", "manifolds", "risk"].contains(family.table) {
      XCTAssertTrue(columns.contains { $0.hasPrefix(family.table + ".") && $0.hasSuffix("." + family.field) }, family.field)
    }
    XCTAssertTrue(columns.contains("patches.zmin.heat_in"))
    func sweep(_ metric: String) -> String {
      """
      base: case.yaml
      axes:
        components.chip.power: ["5 W", "6 W"]
      objectives:
        - {metric: \(metric), goal: minimize}
        - {metric: power, goal: maximize}
      """
    }
    let path = dir.appendingPathComponent("sweep.yaml").path
    for column in columns {
      XCTAssertNoThrow(try SweepSpecDecoder.decode(text: sweep(column), path: path), column)
    }
    for m in MetricCatalog.all where m.runs == .transient {
      XCTAssertThrowsError(try SweepSpecDecoder.decode(text: sweep(m.name), path: path)) { error in
        XCTAssertTrue("\(error)".contains("objectives.0.metric"), "\(error)")
        XCTAssertTrue("\(error)".contains("nonlinear_iterations"), "\(error)")
      }
    }
  }
}
