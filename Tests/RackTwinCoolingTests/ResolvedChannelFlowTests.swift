import RackTwinCooling
import RackTwinMesh
import XCTest

final class ResolvedChannelFlowTests: XCTestCase {
  let solid = RegionInfo(name: "block", id: 1, kind: .solid, material: "copper")
  let fluid = RegionInfo(name: "channel", id: 2, kind: .fluid, material: "water")

  /// A 2 mm × 1 mm channel (α = 0.5) resolved by 40 × 20 cells, inside a copper block with one-cell walls, 12 slices
  /// along z (11 k cells). The pressure drop must be the fully developed laminar one of Shah & London (1978, Table
  /// 44): Fanning fRe = 15.548, ΔP = 2 fRe μ U L / D_h², within 1 % (the cross-section's discretisation error at 20
  /// cells across is −0.63 %, see `ChannelProfileTests`); the face fluxes carry ṁ through every slice and are divergence-free to
  /// rounding (1e-15 ṁ per cell), with nothing through the transverse faces.
  func testStraightChannelCarriesProfileAndShahLondonPressureDrop() throws {
    let h = 5e-5
    let x = nodes(42, 42 * h), y = nodes(22, 22 * h), z = nodes(12, 0.012)
    let mesh = try regionMesh(x: x, y: y, z: z, regions: [solid, fluid]) {
      $0.x > h && $0.x < 41 * h && $0.y > h && $0.y < 21 * h ? 2 : 1
    }
    let region = try FlowRegion(mesh: mesh, regions: ["channel"], inlet: "zmin", outlet: "zmax")
    let channel = try ResolvedChannelFlow(mesh: mesh, region: region, coolant: testCoolant)
    XCTAssertEqual(channel.columns.count, 800)
    XCTAssertEqual(channel.length, 0.012, accuracy: 1e-15)
    XCTAssertEqual(channel.profile.hydraulicDiameter, 4 * 2e-6 / 6e-3, accuracy: 1e-15)
    let rho = 997.0, mu = 8.9e-4, dh = 4 * 2e-6 / 6e-3, area = 2e-6
    let re = 300.0, u = re * mu / (rho * dh), mdot = rho * u * area
    let s = try channel.solve(massFlow: mdot, inletTemperature: 305)
    let expected = 2 * 15.548 * mu * u * 0.012 / (dh * dh)
    XCTAssertEqual(s.pressureDrop, expected, accuracy: 0.01 * expected)
    XCTAssertEqual(s.pressureDrop, 2 * channel.profile.fanningFRe() * mu * u * 0.012 / (dh * dh),
                   accuracy: 1e-12 * expected)
    XCTAssertEqual(s.reynolds, re, accuracy: 1e-9 * re)
    XCTAssertEqual(s.law.quadratic, 0)
    XCTAssertEqual(s.faceFlow.inflow(s.faceFlow.inlets[0]), mdot, accuracy: 1e-13 * mdot)
    XCTAssertEqual(s.faceFlow.outflow(s.faceFlow.outlets[0]), mdot, accuracy: 1e-13 * mdot)
    XCTAssertLessThanOrEqual(s.faceFlow.continuityError(on: mesh).map(abs).max()!, 1e-15 * mdot)
    // Each slice carries ṁ.
    for k in [0, 5, 11] {
      let zFace = z[k]
      var total = 0.0
      for f in 0..<mesh.faceCount where abs(mesh.faceNormal[f].z) == 1 && abs(mesh.faceCentroid[f].z - zFace) < 1e-12 {
        total += abs(s.faceFlow.massFlux[f])
      }
      XCTAssertEqual(total, mdot, accuracy: 1e-13 * mdot, "slice \(k)")
    }
    for f in 0..<mesh.faceCount where abs(mesh.faceNormal[f].z) < 0.5 { XCTAssertEqual(s.faceFlow.massFlux[f], 0) }
    // The peak velocity over the mean lies between the parallel plates' 3/2 and the square duct's 2.096
    // (Shah & London 1978, ch. VII).
    XCTAssertGreaterThan(s.velocity.max()! / u, 1.5)
    XCTAssertLessThan(s.velocity.max()! / u, 2.096)
  }

  /// A region that is not a straight channel along its inlet normal (an L-bend) is refused with its name.
  func testBentRegionIsNotAStraightChannel() throws {
    let mesh = try regionMesh(x: nodes(6, 6e-3), y: nodes(4, 4e-3), z: nodes(6, 6e-3), regions: [solid, fluid]) {
      ($0.x < 2e-3 || $0.z > 4e-3) && $0.y > 1e-3 && $0.y < 3e-3 ? 2 : 1
    }
    let region = try FlowRegion(mesh: mesh, regions: ["channel"], inlet: "zmin", outlet: "xmax")
    assertCoolingError(["region channel", "expected every column from inlet zmin to end on outlet xmax",
                        "closed boundary face"]) {
      _ = try ResolvedChannelFlow(mesh: mesh, region: region, coolant: testCoolant)
    }
  }
}
