import Foundation
import XCTest
import RackTwinCase
import RackTwinIO
import RackTwinMesh
import RackTwinThermal

/// The shipped cold-plate geometries (`geometries/gpu-stack/coldplate.yaml`, `geometries/tray-coldplate-detail/`):
/// their meshes generated from the specs in the repository, their cases solved as shipped.
final class ColdPlateGeometryTests: XCTestCase {
  static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// Generates `spec` (relative to the repository) as `meshName` in `dir` and copies the case there.
  func prepare(spec: String, case casePath: String, meshName: String, in dir: TemporaryDirectory) throws -> String {
    let root = Self.repository
    try MeshFileWriter.write(MeshGenerator.generate(GridSpecDecoder.decode(contentsOf: root.appendingPathComponent(spec).path)),
                             to: dir.path(meshName))
    let target = dir.path("case.yaml")
    try FileManager.default.copyItem(atPath: root.appendingPathComponent(casePath).path, toPath: target)
    return target
  }

  func metric(_ s: ThermalSolution, _ name: String) -> Double {
    s.termMetrics.first { $0.name == name }?.value ?? .nan
  }

  /// Heat out through the boundary conditions (W, positive out): the patches' heat flows.
  func boundaryLoss(_ s: ThermalSolution) -> Double { -s.energyBalance.perPatch.reduce(0) { $0 + $1.heatIn } }

  /// The gpu-stack with the OCP plate on its lid: the balance closes, the coolant takes the source minus what the
  /// board loses to air, and the lid top runs hotter at the outlet end than at the inlet end.
  func testGPUStackWithDatasheetPlate() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let path = try prepare(spec: "geometries/gpu-stack/coldplate-mesh.yaml", case: "geometries/gpu-stack/coldplate.yaml",
                           meshName: "coldplate-mesh.h5", in: dir)
    let out = try SteadyCaseRunner(casePath: path).solve()
    let s = out.solution
    XCTAssertLessThan(s.energyBalance.relative, 1e-6)
    let liquid = metric(s, "plate.heat_to_liquid")
    // Independent of the plate: what the source gives minus what leaves through the boundary conditions.
    XCTAssertEqual(liquid, s.energyBalance.sources - boundaryLoss(s), accuracy: 1e-6 * s.energyBalance.sources)
    XCTAssertGreaterThan(liquid, 950)  // the board's 10 W/m²K underside takes a few W at most
    let probe = Dictionary(uniqueKeysWithValues: s.probes.map { ($0.name, $0.temperature) })
    let up = probe["lidTopUpstream"]!, down = probe["lidTopDownstream"]!
    let rise = metric(s, "plate.outlet_temperature") - metric(s, "plate.inlet_temperature")
    XCTAssertGreaterThan(down - up, 0.2 * rise, "lid top upstream \(up - 273.15) °C, downstream \(down - 273.15) °C")
    // R from the 3-D lid top is the datasheet's within its fit (+1.2 % at 2 L/min) and the lid's non-isothermality.
    let r = metric(s, "plate.resistance")
    XCTAssertEqual(r, 0.0172, accuracy: 0.03 * 0.0172)
    let die = s.components.first { $0.name == "gpu0" }!
    print(String(format: "gpu-stack/coldplate: %ld cells, die max %.2f °C, lid top up/centre/down %.2f/%.2f/%.2f °C, "
                   + "coolant %.2f → %.2f °C, heat to liquid %.2f W, R %.5f K/W (datasheet fit %.5f), balance %.1e, "
                   + "solve %.2f s", out.mesh.cellCount, die.maxTemperature - 273.15, up - 273.15,
                 probe["lidTopCentre"]! - 273.15, down - 273.15, metric(s, "plate.inlet_temperature") - 273.15,
                 metric(s, "plate.outlet_temperature") - 273.15, liquid, r, metric(s, "plate.datasheet_resistance"),
                 s.energyBalance.relative, s.report.solveTime + s.report.setupTime + s.assemblyTime))
  }

  /// The detailed tray: balance, heat to liquid = power − boundary losses, the liquid share that follows from the
  /// listed parts (5.4 kW of 6.09 kW is on plates), every GPU
  /// below its limit, and the CPU plates' inlet (set in the case from the GPUs' rated power) within 0.5 K of the
  /// GPU plates' mixed outlet the solve gives.
  func testDetailedTray() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let path = try prepare(spec: "geometries/tray-coldplate-detail/mesh.yaml",
                           case: "geometries/tray-coldplate-detail/case.yaml", meshName: "mesh.h5", in: dir)
    let clock = ContinuousClock()
    let start = clock.now
    let out = try SteadyCaseRunner(casePath: path).solve()
    let wall = clock.now - start
    let s = out.solution
    XCTAssertLessThan(s.energyBalance.relative, 1e-6)
    XCTAssertLessThan(out.mesh.cellCount, 300_000)
    let plates = ["gpu0", "gpu1", "gpu2", "gpu3", "cpu0", "cpu1"]
    let liquid = plates.map { metric(s, "\($0)-plate.heat_to_liquid") }.reduce(0, +)
    let power = s.energyBalance.sources
    XCTAssertEqual(power, 6090, accuracy: 1e-6)
    XCTAssertEqual(liquid, power - boundaryLoss(s), accuracy: 1e-6 * power)
    let share = liquid / power
    // 5400 / 6090 = 88.7 % of the power is on plates; packages lose some to air, and air-cooled parts beside them
    // (VRMs) give some to the plates through the board: the share must stay near it, not be set.
    XCTAssertGreaterThan(share, 0.80)
    XCTAssertLessThan(share, 0.95)
    for g in ["gpu0", "gpu1", "gpu2", "gpu3"] {
      let c = s.components.first { $0.name == g }!
      XCTAssertLessThan(c.maxTemperature, c.limit!, g)
    }
    // The series CPU plate's inlet: the two GPU plates' outlets mixed (equal flows, so the mean of their enthalpy
    // rises; c_p varies < 0.1 % over these 9 K).
    for (m, gpus) in [(0, ["gpu0", "gpu1"]), (1, ["gpu2", "gpu3"])] {
      let mixed = gpus.map { metric(s, "\($0)-plate.outlet_temperature") }.reduce(0, +) / 2
      XCTAssertEqual(metric(s, "cpu\(m)-plate.inlet_temperature"), mixed, accuracy: 0.5)
    }
    var lines = [String(format: "tray-coldplate-detail: %ld cells, wall %.2f s (solve %.2f s, setup %.2f s, assembly "
                          + "%.2f s, %@), balance %.1e, power %.1f W, heat to liquid %.1f W (%.2f %%), to air %.1f W",
                        out.mesh.cellCount, wall.racktwinTestSeconds, s.report.solveTime, s.report.setupTime,
                        s.assemblyTime, s.report.method, s.energyBalance.relative, power, liquid, 100 * share,
                        boundaryLoss(s))]
    for c in s.components where c.power > 0 {
      lines.append(String(format: "  %@: %.0f W, max %.2f °C, mean %.2f °C", c.name, c.power, c.maxTemperature - 273.15,
                          c.meanTemperature - 273.15))
    }
    for p in plates {
      lines.append(String(format: "  %@-plate: %.1f W to liquid, %.2f → %.2f °C, case %.2f °C, R %.5f K/W, extrapolated %.0f",
                          p, metric(s, "\(p)-plate.heat_to_liquid"), metric(s, "\(p)-plate.inlet_temperature") - 273.15,
                          metric(s, "\(p)-plate.outlet_temperature") - 273.15,
                          metric(s, "\(p)-plate.case_temperature") - 273.15, metric(s, "\(p)-plate.resistance"),
                          metric(s, "\(p)-plate.extrapolated")))
    }
    for p in s.energyBalance.perPatch where abs(p.heatIn) > 1e-9 {
      lines.append(String(format: "  patch %@: %.1f W out", p.patch, -p.heatIn))
    }
    print(lines.joined(separator: "\n"))
  }
}

extension Duration {
  var racktwinTestSeconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
