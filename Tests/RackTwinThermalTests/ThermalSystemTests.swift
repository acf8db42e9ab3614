import RackTwinMesh
import RackTwinNumerics
import RackTwinThermal
import XCTest

final class ThermalSystemTests: XCTestCase {
  /// A 4 × 3 × 3 grid of unit cells, void where no box reaches (x > 2, z > 2), or its Kuhn split into tetrahedra.
  func mesh(_ split: GridSpec.Split) throws -> FVMesh {
    let spec = GridSpec(domainMin: .zero, domainMax: SIMD3(4, 3, 3),
                        axes: [GridSpec.Axis(maxCellSize: 1), GridSpec.Axis(maxCellSize: 1), GridSpec.Axis(maxCellSize: 1)],
                        regions: [RegionInfo(name: "a", id: 1, material: "a"), RegionInfo(name: "b", id: 2, material: "b")],
                        boxes: [GridSpec.Box(region: "a", min: .zero, max: SIMD3(4, 3, 2)),
                                GridSpec.Box(region: "b", min: SIMD3(0, 0, 2), max: SIMD3(2, 3, 3))],
                        split: split)
    return try FVMesh(try MeshGenerator.generate(spec))
  }

  func testPatternRowsAreEachCellAndItsFaceNeighboursAscending() throws {
    for split in [GridSpec.Split.none, .kuhn] {
      let m = try mesh(split)
      var rows = (0..<m.cellCount).map { [Int32($0)] }
      for f in 0..<m.internalFaceCount {
        rows[Int(m.faceOwner[f])].append(m.faceNeighbour[f])
        rows[Int(m.faceNeighbour[f])].append(m.faceOwner[f])
      }
      let pattern = ThermalSystem.Pattern(mesh: m)
      XCTAssertEqual(pattern.rowStart.count, m.cellCount + 1)
      for c in 0..<m.cellCount {
        XCTAssertEqual(Array(pattern.columns[pattern.rowStart[c]..<pattern.rowStart[c + 1]]), rows[c].sorted(), "\(split) row \(c)")
      }
    }
  }

  /// The matrix is Σ_faces G (e_P − e_N)(e_P − e_N)ᵀ plus boundary conductances on the diagonal, added in face
  /// order: rebuilt densely in the same order, every entry must match exactly.
  func testAssembledMatrixIsTheFaceConductancesInFaceOrder() throws {
    for split in [GridSpec.Split.none, .kuhn] {
      let m = try mesh(split)
      var model = try ThermalModel(mesh: m, regionMaterials: [1: material("a", k: 3), 2: material("b", k: 170)])
      try model.setBoundary("xmin") { _ in .temperature(300) }
      try model.setBoundary("zmax") { _ in .convection(h: 50, ambient: 320) }
      let s = ThermalSystem(model: model)
      let n = m.cellCount
      var dense = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
      for f in 0..<m.internalFaceCount {
        let p = Int(m.faceOwner[f]), q = Int(m.faceNeighbour[f]), g = s.faceConductance[f]
        dense[p][p] += g; dense[q][q] += g; dense[p][q] -= g; dense[q][p] -= g
      }
      for b in 0..<m.boundaryFaceCount { dense[Int(m.faceOwner[m.internalFaceCount + b])][Int(m.faceOwner[m.internalFaceCount + b])] += s.boundaryConductance[b] }
      let a = s.matrix
      for r in 0..<n {
        let cols = Set(a.columns[a.rowStart[r]..<a.rowStart[r + 1]].map(Int.init))
        for c in 0..<n where dense[r][c] != 0 { XCTAssertTrue(cols.contains(c), "\(split) (\(r), \(c)) missing") }
        for k in a.rowStart[r]..<a.rowStart[r + 1] {
          XCTAssertEqual(a.values[k], dense[r][Int(a.columns[k])], "\(split) (\(r), \(a.columns[k]))")
        }
      }
    }
  }
  /// Without stored face conductances the matrix, the right-hand side and the total source are the same bits, and
  /// `conductance(ofInternalFace:model:)` gives each face's stored value exactly; with contact resistance and an
  /// anisotropic material so that every term of G = A / (d_P/k_P + R'' + d_N/k_N) is exercised.
  func testFaceConductanceOnDemandEqualsStoredBits() throws {
    for split in [GridSpec.Split.none, .kuhn] {
      let m = try mesh(split)
      var b = material("b", k: 170)
      b.conductivity = SIMD3(170, 20, 3)
      var model = try ThermalModel(mesh: m, regionMaterials: [1: material("a", k: 3), 2: b])
      try model.addContactResistance(.init(regionA: 1, regionB: 2, resistance: 1e-3))
      try model.setBoundary("xmin") { _ in .temperature(300) }
      try model.addComponent(name: "c", regionIDs: [2], power: 7, limit: nil, distribution: .volume)
      let stored = ThermalSystem(model: model)
      let lean = ThermalSystem(model: model, storesFaceConductance: false)
      XCTAssertEqual(stored.faceConductance.count, m.internalFaceCount)
      XCTAssertTrue(lean.faceConductance.isEmpty)
      XCTAssertEqual(lean.matrix, stored.matrix)
      XCTAssertEqual(lean.rhs, stored.rhs)
      XCTAssertEqual(lean.totalSource, 7, accuracy: 1e-12)  // the component's power, summed over its cells
      XCTAssertEqual(lean.totalSource.bitPattern, stored.totalSource.bitPattern)
      for f in 0..<m.internalFaceCount {
        XCTAssertEqual(lean.conductance(ofInternalFace: f, model: model).bitPattern, stored.faceConductance[f].bitPattern)
        XCTAssertEqual(stored.conductance(ofInternalFace: f, model: model).bitPattern, stored.faceConductance[f].bitPattern)
      }
      for c in 0..<m.cellCount {
        XCTAssertEqual(stored.matrix.columns[Int(stored.diagonalIndex[c])], Int32(c))
      }
    }
  }
}
