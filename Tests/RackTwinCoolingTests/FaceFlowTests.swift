import RackTwinCooling
import RackTwinMesh
import XCTest

final class FaceFlowTests: XCTestCase {
  /// A uniform velocity u, given as face mass fluxes ρ u·S_f, is recovered exactly in every cell of a tetrahedral
  /// mesh: Σ_f (x_f − x_P)(u·S_f) = V_P u by the divergence theorem for any closed polyhedron with flat faces.
  /// Kuhn tetrahedra are far from orthogonal, so this is the mesh where a face-normal-only reconstruction would fail.
  /// Tolerance 1e-12 relative: sums of a dozen products of lengths ~1e-3 m, round-off only.
  func testUniformVelocityIsRecoveredExactlyOnTetrahedra() throws {
    let grid = RectilinearGrid(x: nodes(3, 0.006), y: nodes(2, 0.004), z: nodes(2, 0.002, from: 0),
                               region: [Int32](repeating: 1, count: 12))
    let definition = try MeshGenerator.split(
      MeshDefinition(geometry: .rectilinear(grid),
                     regions: [RegionInfo(name: "water", id: 1, kind: .fluid, material: "water")]), .kuhn)
    let mesh = try FVMesh(definition)
    XCTAssertEqual(mesh.cellCount, 72)
    let u = SIMD3<Double>(0.3, -0.2, 0.05), rho = 997.0
    let flux = (0..<mesh.faceCount).map { f in rho * mesh.faceArea[f] * (u * mesh.faceNormal[f]).sum() }
    let flow = FaceFlow(massFlux: flux, isFluidCell: [Bool](repeating: true, count: mesh.cellCount),
                        coolant: testCoolant, inlets: [], outlets: [])
    let v = flow.cellVelocity(on: mesh, density: rho)
    XCTAssertEqual(v.count, 3 * mesh.cellCount)
    for c in 0..<mesh.cellCount {
      for k in 0..<3 { XCTAssertEqual(v[3 * c + k], u[k], accuracy: 1e-12 * 0.3, "cell \(c) component \(k)") }
    }
  }

  /// Plug flow along x through a row of box cells: every cell's velocity is ṁ/(ρA) along x (mass conservation), the
  /// solid cells beside it zero.
  func testPlugFlowInAChannelGivesMassFlowOverDensityAndArea() throws {
    // Three cells along x at y in 0…1 mm (fluid), three more at y in 1…2 mm (solid): 1 mm × 1 mm cross-section.
    let mesh = try regionMesh(x: nodes(3, 0.003), y: nodes(2, 0.002), z: nodes(1, 0.001),
                              regions: [RegionInfo(name: "water", id: 1, kind: .fluid, material: "water"),
                                        RegionInfo(name: "wall", id: 2, kind: .solid, material: "copper")]) { p in
      p.y < 0.001 ? 1 : 2
    }
    let m = 2e-3, rho = 997.0
    var flux = [Double](repeating: 0, count: mesh.faceCount)
    var fluid = [Bool](repeating: false, count: mesh.cellCount)
    for c in 0..<mesh.cellCount where mesh.cellRegion[c] == 1 { fluid[c] = true }
    for f in 0..<mesh.faceCount {
      let n = mesh.faceNormal[f]
      guard abs(n.x) > 0.5 else { continue }
      let owner = Int(mesh.faceOwner[f])
      let bothFluid = fluid[owner] && (f >= mesh.internalFaceCount || fluid[Int(mesh.faceNeighbour[f])])
      if bothFluid { flux[f] = m * n.x }  // +x through every x-face of the channel
    }
    let flow = FaceFlow(massFlux: flux, isFluidCell: fluid, coolant: testCoolant, inlets: [], outlets: [])
    let v = flow.cellVelocity(on: mesh, density: rho)
    let expected = m / (rho * 1e-6)  // 2.006 m/s
    for c in 0..<mesh.cellCount {
      XCTAssertEqual(v[3 * c], fluid[c] ? expected : 0, accuracy: 1e-12 * expected, "cell \(c)")
      XCTAssertEqual(v[3 * c + 1], 0, accuracy: 1e-12 * expected)
      XCTAssertEqual(v[3 * c + 2], 0, accuracy: 1e-12 * expected)
    }
  }
}
