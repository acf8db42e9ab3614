import XCTest
import RackTwinMesh

final class FVMeshTests: XCTestCase {
  /// 3×2×2 grid, non-uniform spacing, one void cell at file index 4 (i = 1, j = 1, k = 0).
  func makeDefinition(patches: [MeshPatch] = []) -> MeshDefinition {
    var region = [Int32](repeating: 1, count: 12)
    region[4] = 0
    region[6...11] = [2, 2, 2, 2, 2, 2]
    let grid = RectilinearGrid(x: [0, 1, 3, 4], y: [0, 2, 3], z: [0, 0.5, 2], region: region)
    return MeshDefinition(geometry: .rectilinear(grid),
                          regions: [RegionInfo(name: "a", id: 1, material: "copper"),
                                    RegionInfo(name: "b", id: 2, material: "silicon")],
                          patches: patches)
  }

  func testCountsAndVolumesMatchTheGrid() throws {
    let mesh = try FVMesh(makeDefinition())
    XCTAssertEqual(mesh.cellCount, 11)
    XCTAssertEqual(mesh.fileToCell[4], -1)
    // Total volume: 4 × 3 × 2 minus the void cell (1 × 2 × 0.5 = 1... x in [1,3] so 2 × 1 × 0.5).
    XCTAssertEqual(mesh.cellVolume.reduce(0, +), 24 - 2 * 1 * 0.5, accuracy: 1e-12)
    // Internal faces of a full 3×2×2 grid: 2·2·2 + 3·1·2 + 3·2·1 = 20; the void cell has 4 neighbours (x−, x+, y−, z+).
    XCTAssertEqual(mesh.internalFaceCount, 16)
    // Boundary: full grid has 2(2·2 + 3·2 + 3·2) = 32 faces; the void cell removes its 2 domain faces (ymax, zmin)
    // and adds 4 faces towards it: 32 − 2 + 4 = 34.
    XCTAssertEqual(mesh.boundaryFaceCount, 34)
    XCTAssertEqual(mesh.patch(named: "void")?.faces.count, 4)
    XCTAssertEqual(mesh.patch(named: "zmin")?.faces.count, 5)
    let patched = mesh.patches.reduce(0) { $0 + $1.faces.count }
    XCTAssertEqual(patched, mesh.boundaryFaceCount, "every boundary face is in exactly one patch")
  }

  func testEveryCellIsClosed() throws {
    // Divergence theorem: Σ over a closed cell's faces of A·n (outward) is zero.
    let mesh = try FVMesh(makeDefinition())
    for c in 0..<mesh.cellCount {
      var sum = SIMD3<Double>.zero
      for k in mesh.cellFaceStart[c]..<mesh.cellFaceStart[c + 1] {
        let f = Int(mesh.cellFaces[k])
        XCTAssertGreaterThanOrEqual(f, 0)
        let sign: Double = Int(mesh.faceOwner[f]) == c ? 1 : -1
        sum += sign * mesh.faceArea[f] * mesh.faceNormal[f]
      }
      XCTAssertLessThan((sum * sum).sum().squareRoot(), 1e-12)
    }
  }

  func testPointLocationSkipsVoidAndOutside() throws {
    let mesh = try FVMesh(makeDefinition())
    XCTAssertNil(mesh.cell(containing: SIMD3(2, 2.5, 0.25)), "inside the void cell")
    XCTAssertNil(mesh.cell(containing: SIMD3(5, 1, 1)), "outside the domain")
    let c = try XCTUnwrap(mesh.cell(containing: SIMD3(0.5, 1, 1)))
    XCTAssertEqual(mesh.cellToFile[c], 6)
    // On the plane z = 0.5 between k = 0 and k = 1: the lower cell.
    let d = try XCTUnwrap(mesh.cell(containing: SIMD3(0.5, 1, 0.5)))
    XCTAssertEqual(mesh.cellToFile[d], 0)
  }

  func testFilePatchTakesFacesFromTheDomainSide() throws {
    // Cell 0's x-min face goes into "inlet"; xmin keeps the other three.
    let mesh = try FVMesh(makeDefinition(patches: [MeshPatch(name: "inlet", faces: [CellFace(cell: 0, localFace: 0)])]))
    XCTAssertEqual(mesh.patch(named: "inlet")?.faces.count, 1)
    XCTAssertEqual(mesh.patch(named: "xmin")?.faces.count, 3)
  }

  func testPatchOnAnInternalFaceIsAnError() {
    XCTAssertThrowsError(try FVMesh(makeDefinition(patches: [MeshPatch(name: "bad", faces: [CellFace(cell: 0, localFace: 1)])]),
                                    file: "m.h5")) { error in
      let text = "\(error)"
      XCTAssertTrue(text.contains("m.h5") && text.contains("/patches/bad/faces") && text.contains("internal face"), text)
    }
  }

  func testRectilinearQualityIsOrthogonal() throws {
    let q = try FVMesh(makeDefinition()).quality()
    XCTAssertEqual(q.maxNonOrthogonality, 0, accuracy: 1e-9)
    XCTAssertEqual(q.maxSkewness, 0, accuracy: 1e-12)
    // Largest aspect ratio: cell x∈[0,1], y∈[0,2], z∈[0,0.5] → 2 / 0.5 = 4.
    XCTAssertEqual(q.maxAspectRatio, 4, accuracy: 1e-12)
  }
}
