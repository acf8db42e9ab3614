import RackTwinMesh
import RackTwinThermal
import XCTest

final class ThermalModelTests: XCTestCase {
  /// Conductivities come per cell from its region's material, through runs of cells of one region; a cell of a
  /// region id the mesh does not declare is an error naming the first such cell.
  func testCellConductivityFollowsInterleavedRegionsAndNamesTheFirstUndeclaredCell() throws {
    let a = material("a", k: 2), b = material("b", k: 300)
    // Regions 1 and 2 alternate along x (8 cells).
    let (mesh, mats) = try boxMesh(x: uniform(8), y: uniform(1), z: uniform(1), materials: [a, b]) { p in Int32(Int(p.x * 8) % 2 + 1) }
    let model = try ThermalModel(mesh: mesh, regionMaterials: mats)
    XCTAssertEqual(model.cellConductivity.map(\.x), [2, 300, 2, 300, 2, 300, 2, 300])
    // Region id 3 from x index 5 on, not among the mesh's regions.
    let (bad, badMats) = try boxMesh(x: uniform(8), y: uniform(1), z: uniform(1), materials: [a]) { p in p.x > 5.0 / 8 ? 3 : 1 }
    XCTAssertThrowsError(try ThermalModel(mesh: bad, regionMaterials: badMats)) { e in
      XCTAssertTrue("\(e)".contains("region id 3") && "\(e)".contains("cell 5 in an undeclared region"), "\(e)")
    }
  }
}
