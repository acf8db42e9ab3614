import XCTest
import RackTwinMesh

final class UnstructuredMeshTests: XCTestCase {
  /// A 3 × 2 × 2 box of unit cells, one void cell, split as asked.
  func boxDefinition(_ split: GridSpec.Split) throws -> MeshDefinition {
    let spec = GridSpec(domainMin: .zero, domainMax: SIMD3(3, 2, 2), axes: Array(repeating: GridSpec.Axis(maxCellSize: 1), count: 3),
                        regions: [RegionInfo(name: "a", id: 1, material: "copper"), RegionInfo(name: "b", id: 2, material: "silicon")],
                        boxes: [GridSpec.Box(region: "a", min: .zero, max: SIMD3(3, 2, 1)),
                                GridSpec.Box(region: "b", min: SIMD3(0, 0, 1), max: SIMD3(2, 2, 2))],
                        split: split)
    return try MeshGenerator.generate(spec)
  }

  func testKuhnSplitGivesSixConformingTetrahedraPerHexahedron() throws {
    let def = try boxDefinition(.kuhn)
    let mesh = try FVMesh(def)
    // 6 + 4 = 10 non-void hexahedra → 60 tetrahedra; volume 10.
    XCTAssertEqual(mesh.cellCount, 60)
    XCTAssertEqual(mesh.cellVolume.reduce(0, +), 10, accuracy: 1e-12)
    for v in mesh.cellVolume { XCTAssertEqual(v, 1.0 / 6, accuracy: 1e-14) }
    // Conformity: every tetrahedron face is shared or on the boundary; Euler count 4·60 = 2·internal + boundary.
    XCTAssertEqual(2 * mesh.internalFaceCount + mesh.boundaryFaceCount, 4 * 60)
    // Boundary: the hexahedra's 30 boundary quads (6 + 6 on z, 4 + 2 on x, 2 towards the void cell, 10 on y), two
    // triangles each.
    XCTAssertEqual(mesh.boundaryFaceCount, 60)
    XCTAssertEqual(mesh.patch(named: "xmin")?.faces.count, 2 * 4)
    assertClosed(mesh)
  }

  func testMixedSplitHasHexahedraWedgesAndPyramids() throws {
    let def = try boxDefinition(.mixed)
    guard case .unstructured(let u) = def.geometry else { return XCTFail() }
    let counts = Dictionary(grouping: u.types, by: { $0 }).mapValues(\.count)
    // x < 1: 4 hexahedra; 1 ≤ x < 2: 4 cells → 8 wedges; x ≥ 2: 2 cells (region b stops at x = 2) → 12 pyramids.
    XCTAssertEqual(counts[VTKCellType.hexahedron.rawValue], 4)
    XCTAssertEqual(counts[VTKCellType.wedge.rawValue], 8)
    XCTAssertEqual(counts[VTKCellType.pyramid.rawValue], 12)
    let mesh = try FVMesh(def)
    XCTAssertEqual(mesh.cellVolume.reduce(0, +), 10, accuracy: 1e-12)
    assertClosed(mesh)
    // Between two pyramids of a unit cube the centre-to-centre line makes atan(1/2) = 26.57° with the face normal.
    XCTAssertEqual(mesh.quality().maxNonOrthogonality, atan(0.5) * 180 / .pi, accuracy: 1e-9)
    // Kuhn tetrahedra of a cube: every centroid line meets its face off the face centroid; the skewness is positive
    // but below OpenFOAM's default warning level of 4.
    let kuhn = try FVMesh(try boxDefinition(.kuhn)).quality()
    XCTAssertGreaterThan(kuhn.maxSkewness, 0.01)
    XCTAssertLessThan(kuhn.maxSkewness, 4)
  }

  func testPointLocationOnTetrahedra() throws {
    let mesh = try FVMesh(try boxDefinition(.kuhn))
    for p in [SIMD3(0.1, 0.2, 0.3), SIMD3(2.9, 1.9, 0.9), SIMD3(1.5, 1.0, 1.5), SIMD3(0, 0, 0)] {
      let c = try XCTUnwrap(mesh.cell(containing: p), "\(p)")
      // The point is inside the located tetrahedron: behind all its faces.
      for k in mesh.cellFaceStart[c]..<mesh.cellFaceStart[c + 1] {
        let f = Int(mesh.cellFaces[k])
        let n = Int(mesh.faceOwner[f]) == c ? mesh.faceNormal[f] : -mesh.faceNormal[f]
        XCTAssertLessThanOrEqual(((p - mesh.faceCentroid[f]) * n).sum(), 1e-9)
      }
    }
    XCTAssertNil(mesh.cell(containing: SIMD3(2.5, 1, 1.5)), "void cell")
    XCTAssertNil(mesh.cell(containing: SIMD3(4, 1, 1)), "outside")
  }

  func testInvertedAndBrokenCellsNameTheCell() throws {
    let pts: [SIMD3<Double>] = [.zero, SIMD3(1, 0, 0), SIMD3(0, 1, 0), SIMD3(0, 0, 1)]
    func mesh(_ conn: [Int64], type: UInt8 = 10, offsets: [Int64] = [0, 4]) -> MeshDefinition {
      MeshDefinition(geometry: .unstructured(UnstructuredCells(points: pts, connectivity: conn, offsets: offsets, types: [type], region: [1])),
                     regions: [RegionInfo(name: "r", id: 1, material: "copper")])
    }
    XCTAssertNoThrow(try FVMesh(mesh([0, 1, 2, 3])))
    XCTAssertThrowsError(try FVMesh(mesh([0, 2, 1, 3]), file: "t.h5")) { e in
      XCTAssertTrue("\(e)".contains("cell 0") && "\(e)".contains("inverted"), "\(e)")
    }
    XCTAssertThrowsError(try FVMesh(mesh([0, 1, 2, 2]))) { e in XCTAssertTrue("\(e)".contains("zero volume"), "\(e)") }
    XCTAssertThrowsError(try FVMesh(mesh([0, 1, 2, 7]))) { e in
      XCTAssertTrue("\(e)".contains("/mesh/connectivity") && "\(e)".contains("connectivity[3] = 7"), "\(e)")
    }
    XCTAssertThrowsError(try FVMesh(mesh([0, 1, 2, 3], type: 11))) { e in
      XCTAssertTrue("\(e)".contains("/mesh/types") && "\(e)".contains("type 11"), "\(e)")
    }
    XCTAssertThrowsError(try FVMesh(mesh([0, 1, 2, 3], offsets: [0, 3]))) { e in XCTAssertTrue("\(e)".contains("/mesh/offsets"), "\(e)") }
  }

  func testFilePatchesFindFacesByCellAndLocalFace() throws {
    var def = try boxDefinition(.kuhn)
    let mesh = try FVMesh(def)
    // A face against the void cell: owned by a tetrahedron, not in any patch of the file.
    let f = try XCTUnwrap(mesh.patch(named: "void")?.faces.first)
    let c = Int(mesh.faceOwner[f])
    let local = try XCTUnwrap((0..<4).first { Int(mesh.cellFaces[mesh.cellFaceStart[c] + $0]) == f })
    let internalLocal = try XCTUnwrap((0..<4).first { Int(mesh.cellFaces[mesh.cellFaceStart[c] + $0]) < mesh.internalFaceCount })
    let original = def.patches
    def.patches = original + [MeshPatch(name: "probe", faces: [CellFace(cell: mesh.cellToFile[c], localFace: local)])]
    let patched = try FVMesh(def)
    XCTAssertEqual(patched.patch(named: "probe")?.faces, [f])
    XCTAssertEqual(patched.patch(named: "void")?.faces.count, mesh.patch(named: "void")!.faces.count - 1)
    def.patches = original + [MeshPatch(name: "bad", faces: [CellFace(cell: mesh.cellToFile[c], localFace: internalLocal)])]
    XCTAssertThrowsError(try FVMesh(def, file: "k.h5")) { e in
      XCTAssertEqual("\(e)", "k.h5: /patches/bad/faces: expected boundary faces of non-void cells, found (\(mesh.cellToFile[c]), \(internalLocal)), an internal face")
    }
    // The generated file has no void cells: make the last one void.
    guard case .unstructured(var u) = def.geometry else { return XCTFail("a split mesh is unstructured") }
    let voidCell = u.cellCount - 1
    u.region[voidCell] = 0
    def = MeshDefinition(geometry: .unstructured(u), regions: def.regions,
                         patches: [MeshPatch(name: "bad", faces: [CellFace(cell: voidCell, localFace: 0)])])
    XCTAssertThrowsError(try FVMesh(def, file: "k.h5")) { e in
      XCTAssertEqual("\(e)", "k.h5: /patches/bad/faces: expected boundary faces of non-void cells, found (\(voidCell), 0), a face of a void cell")
    }
    def.patches = [MeshPatch(name: "bad", faces: [CellFace(cell: mesh.cellToFile[c], localFace: 4)])]
    XCTAssertThrowsError(try FVMesh(def, file: "k.h5")) { e in
      XCTAssertTrue("\(e)".hasSuffix("and a local face of that cell's type, found (\(mesh.cellToFile[c]), 4)"), "\(e)")
    }
  }

  func assertClosed(_ mesh: FVMesh, file: StaticString = #filePath, line: UInt = #line) {
    for c in 0..<mesh.cellCount {
      var sum = SIMD3<Double>.zero
      for k in mesh.cellFaceStart[c]..<mesh.cellFaceStart[c + 1] {
        let f = Int(mesh.cellFaces[k])
        sum += (Int(mesh.faceOwner[f]) == c ? 1.0 : -1.0) * mesh.faceArea[f] * mesh.faceNormal[f]
        // Normals point out of the owner.
        if Int(mesh.faceOwner[f]) == c {
          XCTAssertGreaterThan(((mesh.faceCentroid[f] - mesh.cellCentroid[c]) * mesh.faceNormal[f]).sum(), 0, file: file, line: line)
        }
      }
      XCTAssertLessThan((sum * sum).sum().squareRoot(), 1e-12, file: file, line: line)
    }
  }
}
