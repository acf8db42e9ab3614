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

  /// Grid of `makeDefinition`: x nodes 0, 1, 3, 4; y 0, 2, 3; z 0, 0.5, 2. Cells 0–3 are file cells 0–3, cells 4–10
  /// file cells 5–11 (file cell 4 is void). All values below are exact in binary, so compared exactly.
  func testInternalFacesAreNumberedByOwnerThenAxisWithHandComputedGeometry() throws {
    let mesh = try FVMesh(makeDefinition())
    // (owner, neighbour, area, normal, centroid) of the first five internal faces: cell 0 → +x, +y, +z; cell 1 → +x,
    // +z (its +y neighbour is void).
    let expected: [(Int32, Int32, Double, SIMD3<Double>, SIMD3<Double>)] = [
      (0, 1, 2 * 0.5, SIMD3(1, 0, 0), SIMD3(1, 1, 0.25)),
      (0, 3, 1 * 0.5, SIMD3(0, 1, 0), SIMD3(0.5, 2, 0.25)),
      (0, 5, 1 * 2, SIMD3(0, 0, 1), SIMD3(0.5, 1, 0.5)),
      (1, 2, 2 * 0.5, SIMD3(1, 0, 0), SIMD3(3, 1, 0.25)),
      (1, 6, 2 * 2, SIMD3(0, 0, 1), SIMD3(2, 1, 0.5)),
    ]
    for (f, e) in expected.enumerated() {
      XCTAssertEqual(mesh.faceOwner[f], e.0, "face \(f)")
      XCTAssertEqual(mesh.faceNeighbour[f], e.1, "face \(f)")
      XCTAssertEqual(mesh.faceArea[f], e.2, "face \(f)")
      XCTAssertEqual(mesh.faceNormal[f], e.3, "face \(f)")
      XCTAssertEqual(mesh.faceCentroid[f], e.4, "face \(f)")
    }
    // Owners never decrease over the internal faces, and each owner's neighbours are its +x, +y, +z cells in order.
    for f in 1..<mesh.internalFaceCount {
      XCTAssertLessThanOrEqual(mesh.faceOwner[f - 1], mesh.faceOwner[f])
      if mesh.faceOwner[f - 1] == mesh.faceOwner[f] { XCTAssertLessThan(mesh.faceNeighbour[f - 1], mesh.faceNeighbour[f]) }
    }
    // Cell 9 is file cell 10: i = 1, j = 1, k = 1.
    XCTAssertEqual(mesh.cellCentroid[9], SIMD3(2, 2.5, 1.25))
    XCTAssertEqual(mesh.cellVolume[9], 2 * 1 * 1.5)
    XCTAssertEqual(mesh.cellFaceStart, (0...11).map { 6 * $0 })
    // Cell 1's faces in VTK local order: x−, x+ internal; y− domain; y+ against void; z− domain; z+ internal.
    let b = mesh.internalFaceCount
    XCTAssertEqual(Array(mesh.cellFaces[6..<12]), [0, 3, Int32(b + 3), Int32(b + 4), Int32(b + 5), 4])
  }

  func testBoundaryFacesFollowInCellThenLocalFaceOrder() throws {
    let mesh = try FVMesh(makeDefinition())
    let b = mesh.internalFaceCount
    // Cell 0's x−, y−, z− faces come first.
    XCTAssertEqual(Array(mesh.faceOwner[b..<b + 3]), [0, 0, 0])
    XCTAssertEqual(Array(mesh.faceArea[b..<b + 3]), [2 * 0.5, 1 * 0.5, 1 * 2])
    XCTAssertEqual(Array(mesh.faceNormal[b..<b + 3]), [SIMD3(-1, 0, 0), SIMD3(0, -1, 0), SIMD3(0, 0, -1)])
    XCTAssertEqual(Array(mesh.faceCentroid[b..<b + 3]), [SIMD3(0, 1, 0.25), SIMD3(0.5, 0, 0.25), SIMD3(0.5, 1, 0)])
    XCTAssertEqual(mesh.patch(named: "xmin")?.faces.first, b)
    // The void patch: the faces of cells 1 (y+), 3 (x+), 4 (x−) and 9 (z−) towards file cell 4.
    let void = try XCTUnwrap(mesh.patch(named: "void")).faces
    XCTAssertEqual(void.map { mesh.faceOwner[$0] }, [1, 3, 4, 9])
    XCTAssertEqual(void.map { mesh.faceArea[$0] }, [2 * 0.5, 1 * 0.5, 1 * 0.5, 2 * 1])
    XCTAssertEqual(void.map { mesh.faceNormal[$0] }, [SIMD3(0, 1, 0), SIMD3(1, 0, 0), SIMD3(-1, 0, 0), SIMD3(0, 0, -1)])
    XCTAssertEqual(void.map { mesh.faceCentroid[$0] }, [SIMD3(2, 2, 0.25), SIMD3(1, 2.5, 0.25), SIMD3(3, 2.5, 0.25), SIMD3(2, 2.5, 0.5)])
  }

  func testPatchErrorsNameTheFaceAndWhyItIsRefused() {
    func message(_ patches: [MeshPatch]) -> String? {
      do { _ = try FVMesh(makeDefinition(patches: patches), file: "m.h5"); return nil } catch { return "\(error)" }
    }
    let bad = { (cell: Int, face: Int) in [MeshPatch(name: "bad", faces: [CellFace(cell: cell, localFace: face)])] }
    XCTAssertEqual(message(bad(4, 0)), "m.h5: /patches/bad/faces: expected boundary faces of non-void cells, found (4, 0), a face of a void cell")
    XCTAssertEqual(message(bad(0, 1)), "m.h5: /patches/bad/faces: expected boundary faces of non-void cells, found (0, 1), an internal face")
    XCTAssertEqual(message(bad(0, 6)), "m.h5: /patches/bad/faces: expected (cell, local face) with cell in 0..<12 and face in 0...5, found (0, 6)")
    XCTAssertEqual(message(bad(12, 0)), "m.h5: /patches/bad/faces: expected (cell, local face) with cell in 0..<12 and face in 0...5, found (12, 0)")
    XCTAssertEqual(message([MeshPatch(name: "p", faces: [CellFace(cell: 0, localFace: 0)]),
                            MeshPatch(name: "q", faces: [CellFace(cell: 0, localFace: 0)])]),
                   "m.h5: /patches/q/faces: expected faces in one patch only, found (0, 0) also in patch p")
    XCTAssertEqual(message([MeshPatch(name: "void", faces: [CellFace(cell: 1, localFace: 3)])]),
                   "m.h5: /patches/void: expected the automatic void patch to be left to the reader, found a patch named void that leaves 3 faces against void unassigned")
    // A face listed twice in one patch, and a face against void, are accepted.
    XCTAssertNil(message([MeshPatch(name: "p", faces: [CellFace(cell: 1, localFace: 3), CellFace(cell: 1, localFace: 3)])]))
  }
}
