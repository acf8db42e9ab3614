import Foundation
import XCTest
import RackTwinCase
import RackTwinCooling
import RackTwinIO
import RackTwinMesh
import RackTwinThermal

/// A single-phase immersion tank in a case with a mesh (ModelBuilder+Devices): the heat sink is the mesh's copper
/// block, cooled by the fluid of its layer; the case runs through `SteadyCaseRunner`.
final class ModelBuilderDevicesTests: XCTestCase {
  /// A 100 × 100 × 20 mm copper block, component `sink`.
  func writeBlock(_ dir: TemporaryDirectory) throws {
    try """
      domain: {min: [0, 0, 0], max: ["100 mm", "100 mm", "20 mm"]}
      cells: {x: {maxSize: "10 mm"}, y: {maxSize: "10 mm"}, z: {maxSize: "5 mm"}}
      regions: {block: {material: copper, component: sink}}
      boxes:
        - {region: block, min: [0, 0, 0], max: ["100 mm", "100 mm", "20 mm"]}
      """.write(toFile: dir.path("mesh.yaml"), atomically: true, encoding: .utf8)
    try MeshFileWriter.write(MeshGenerator.generate(GridSpecDecoder.decode(contentsOf: dir.path("mesh.yaml"))),
                             to: dir.path("mesh.h5"))
  }

  /// 500 W in the block, PAO-6 at 35 °C and 6 L/s. References: the energy balance (500 W in, ṁ(h_out − h_in) out,
  /// 1e-6 relative, issue 15), the outlet from the enthalpy table (h(35 °C) + 500/ṁ, 1e-6 K: Picard), and the
  /// surface the device model gives the same sink in the same fluid (bisection of P = η_o h A ΔT): the block's mean
  /// within 0.05 K (copper conduction across 20 mm at 500 W over 1e-2 m² is ~0.01 K; Picard 1e-6).
  func testMeshedHeatSinkIsCooledByTheTank() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    try writeBlock(dir)
    let text = """
      mesh: mesh.h5
      coolant: pao6
      components:
        sink: {power: "500 W", limit: "85 degC"}
      immersion:
        type: singlePhase
        flow: "6 L/s"
        supplyTemperature: "35 degC"
        depth: "0.8 m"
        flowArea: "0.6 m^2"
        layers: 8
        ports: {area: "50 cm^2"}
        surfaces:
          - {component: sink, elevation: "0.3 m", length: "0.1 m", area: "0.3 m^2", surfaceEfficiency: 0.8,
             finSpacing: "2 mm"}
      """
    try text.write(toFile: dir.path("case.yaml"), atomically: true, encoding: .utf8)
    let o = try SteadyCaseRunner(casePath: dir.path("case.yaml")).solve()
    let eb = o.solution.energyBalance
    XCTAssertEqual(eb.sources, 500, accuracy: 1e-9)
    XCTAssertLessThan(eb.relative, 1e-6)
    func metric(_ n: String) -> Double { o.results.metrics.first { $0.name == n }?.value ?? .nan }
    XCTAssertEqual(metric("heat_to_liquid"), 500, accuracy: 1e-6 * 500)
    let rho = try Coolant.pao6.density(at: 308.15)
    let tOut = try Coolant.pao6.temperature(enthalpy: Coolant.pao6.enthalpy(at: 308.15) + 500 / (6e-3 * rho))
    XCTAssertEqual(metric("tank_outlet_temperature"), tOut - 273.15, accuracy: 1e-6)
    guard case let .singlePhase(tank, _)? = o.document.immersion?.tank else { return XCTFail("no tank") }
    let lumped = try tank.componentState(tank.components[0], fluidTemperature: tOut, velocity: 6e-3 / 0.6)
    let sink = try XCTUnwrap(o.solution.components.first { $0.name == "sink" })
    XCTAssertEqual(sink.meanTemperature, lumped.surfaceTemperature, accuracy: 0.05)
  }
}
