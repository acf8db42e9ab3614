import XCTest
import RackTwinMesh

final class MeshGeneratorTests: XCTestCase {
  func spec(z: GridSpec.Axis) -> GridSpec {
    GridSpec(domainMin: .zero, domainMax: SIMD3(0.01, 0.01, 0.004),
             axes: [GridSpec.Axis(maxCellSize: 0.002), GridSpec.Axis(maxCellSize: 0.002), z],
             regions: [RegionInfo(name: "board", id: 0, material: "fr4"),
                       RegionInfo(name: "tim", id: 0, material: "tim"),
                       RegionInfo(name: "die", id: 0, material: "silicon")],
             boxes: [GridSpec.Box(region: "board", min: .zero, max: SIMD3(0.01, 0.01, 0.002)),
                     GridSpec.Box(region: "die", min: SIMD3(0.002, 0.002, 0.002), max: SIMD3(0.008, 0.008, 0.00295)),
                     GridSpec.Box(region: "tim", min: SIMD3(0.002, 0.002, 0.00295), max: SIMD3(0.008, 0.008, 0.003)),
                     GridSpec.Box(region: "board", min: SIMD3(0.004, 0.004, 0.002), max: SIMD3(0.005, 0.005, 0.0025))])
  }

  func testBoxEdgesAreGridLinesAndGradingHolds() throws {
    let def = try MeshGenerator.generate(spec(z: GridSpec.Axis(maxCellSize: 0.0005, minCellSize: 0.00002, grading: 1.3,
                                                                minCellsPerLayer: 2)))
    guard case .rectilinear(let g) = def.geometry else { return XCTFail() }
    for v in [0.0, 0.002, 0.0025, 0.00295, 0.003, 0.004] {
      XCTAssertTrue(g.z.contains { abs($0 - v) < 1e-15 }, "z = \(v) is a grid line")
    }
    let h = zip(g.z.dropFirst(), g.z).map { $0 - $1 }
    XCTAssertLessThanOrEqual(h.max()!, 0.0005 * (1 + 1e-12))
    for (a, b) in zip(h, h.dropFirst()) {
      XCTAssertLessThanOrEqual(max(a, b) / min(a, b), 1.3 + 1e-9, "neighbouring cells grow by at most the grading")
    }
    // The 50 µm TIM layer gets at least two cells.
    let inTIM = zip(g.z, g.z.dropFirst()).filter { $0 >= 0.00295 - 1e-15 && $1 <= 0.003 + 1e-15 }.count
    XCTAssertGreaterThanOrEqual(inTIM, 2)
    XCTAssertEqual(def.regions.map(\.id), [1, 2, 3])
  }

  func testLaterBoxesOverwriteAndUncoveredCellsAreVoid() throws {
    let def = try MeshGenerator.generate(spec(z: GridSpec.Axis(maxCellSize: 0.0005)))
    guard case .rectilinear(let g) = def.geometry else { return XCTFail() }
    func regionAt(_ p: SIMD3<Double>) -> Int32 {
      let i = g.x.lastIndex { $0 <= p.x }!, j = g.y.lastIndex { $0 <= p.y }!, k = g.z.lastIndex { $0 <= p.z }!
      return g.region[g.index(i, j, k)]
    }
    XCTAssertEqual(regionAt(SIMD3(0.0045, 0.0045, 0.0022)), 1, "the last board box overwrote the die")
    XCTAssertEqual(regionAt(SIMD3(0.003, 0.003, 0.0022)), 3, "die")
    XCTAssertEqual(regionAt(SIMD3(0.001, 0.001, 0.0035)), 0, "above the board, outside the die: void")
    XCTAssertEqual(def.patches.map(\.name), ["xmin", "xmax", "ymin", "ymax", "zmin", "zmax"])
    let mesh = try FVMesh(def)
    XCTAssertEqual(mesh.cellVolume.reduce(0, +), 0.01 * 0.01 * 0.002 + 0.006 * 0.006 * 0.001, accuracy: 1e-18)
  }

  /// Named patches: a region's faces on one side that face void or the domain boundary. The TIM top (6 × 6 mm under
  /// void) and the board top outside the die's 6 × 6 mm footprint (10² − 6² mm²); a patch on a domain side takes
  /// those faces from the side's patch, which keeps the rest.
  func testNamedPatchesAreTheExposedFacesOfARegion() throws {
    var s = spec(z: GridSpec.Axis(maxCellSize: 0.0005))
    s.patches = [GridSpec.PatchSpec(name: "tim-top", region: "tim", side: 5),
                 GridSpec.PatchSpec(name: "board-top", region: "board", side: 5),
                 GridSpec.PatchSpec(name: "board-left", region: "board", side: 0)]
    let def = try MeshGenerator.generate(s)
    XCTAssertEqual(def.patches.map(\.name), ["tim-top", "board-top", "board-left", "xmin", "xmax", "ymin", "ymax",
                                             "zmin", "zmax"])
    let mesh = try FVMesh(def)
    func area(_ name: String) -> Double { mesh.patch(named: name)!.faces.reduce(0) { $0 + mesh.faceArea[$1] } }
    XCTAssertEqual(area("tim-top"), 36e-6, accuracy: 1e-15)
    XCTAssertEqual(area("board-top"), 100e-6 - 36e-6, accuracy: 1e-15)
    XCTAssertEqual(area("board-left"), 0.01 * 0.002, accuracy: 1e-15)
    XCTAssertEqual(area("xmin"), 0, "the board was all of xmin")
    XCTAssertEqual(area("zmax"), 0, "nothing reaches the domain top")
    s.patches = [GridSpec.PatchSpec(name: "die-bottom", region: "die", side: 4)]
    XCTAssertThrowsError(try MeshGenerator.generate(s), "the die sits on the board: no exposed face below")
  }

  func testUniformSpacingWithoutMinimumSize() throws {
    let nodes = try MeshGenerator.generate(spec(z: GridSpec.Axis(maxCellSize: 0.0005)))
    guard case .rectilinear(let g) = nodes.geometry else { return XCTFail() }
    // x breakpoints 0, 2, 4, 5, 8, 10 mm with 2 mm maximum: 1 + 1 + 1 + 2 + 1 cells.
    XCTAssertEqual(g.nx, 6)
  }
}
