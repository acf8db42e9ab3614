import Foundation
@testable import RackTwinReport
import XCTest

final class SliceMapTests: XCTestCase {
  /// A 10 mm cube split into the six Kuhn tetrahedra along its diagonal: any horizontal plane inside cuts every
  /// tetrahedron, and the cut polygons tile the cube's cross-section, so their areas sum to (10 mm)² exactly
  /// (to round-off).
  func testTetraCutsTileTheCrossSection() {
    let h = 0.01
    let corners: [SIMD3<Double>] = [[0, 0, 0], [1, 0, 0], [1, 1, 0], [0, 1, 0], [0, 0, 1], [1, 0, 1], [1, 1, 1], [0, 1, 1]]
      .map { SIMD3($0[0], $0[1], $0[2]) * h }
    let tets = [[0, 1, 2, 6], [0, 3, 2, 6], [0, 1, 5, 6], [0, 4, 5, 6], [0, 3, 7, 6], [0, 4, 7, 6]]
    let geometry = ResultsData.Geometry.unstructured(points: corners, cells: tets)
    for z in [0.0013, 0.005, 0.0087] {
      let map = SliceMap(geometry: geometry, temperature: [40, 41, 42, 43, 44, 45], slice: SliceSpec(axis: 2, value: z))
      XCTAssertEqual(map.cuts.count, 6)
      let area = map.cuts.map { c in
        abs(c.outline.indices.reduce(0.0) { s, i in
          let a = c.outline[i], b = c.outline[(i + 1) % c.outline.count]
          return s + a.x * b.y - b.x * a.y
        }) / 2
      }.reduce(0, +)
      XCTAssertEqual(area, h * h, accuracy: 1e-12 * h * h, "z = \(z)")
    }
    // A vertical plane x = 2.5 mm likewise.
    let side = SliceMap(geometry: geometry, temperature: [Double](repeating: 40, count: 6), slice: SliceSpec(axis: 0, value: 0.0025))
    let sideArea = side.cuts.map { c in
      abs(c.outline.indices.reduce(0.0) { s, i in
        let a = c.outline[i], b = c.outline[(i + 1) % c.outline.count]
        return s + a.x * b.y - b.x * a.y
      }) / 2
    }.reduce(0, +)
    XCTAssertEqual(sideArea, h * h, accuracy: 1e-12 * h * h)
  }

  /// The hull of a square's corners and its centre is the square, counter-clockwise.
  func testConvexHullDropsInteriorPoints() {
    let hull = SliceMap.convexHull([SIMD2(0, 0), SIMD2(1, 0), SIMD2(0.5, 0.5), SIMD2(1, 1), SIMD2(0, 1)])
    XCTAssertEqual(hull.count, 4)
    XCTAssertFalse(hull.contains(SIMD2(0.5, 0.5)))
  }
}
