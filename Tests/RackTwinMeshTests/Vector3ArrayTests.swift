import XCTest
import RackTwinMesh

final class Vector3ArrayTests: XCTestCase {
  let vectors: [SIMD3<Double>] = [SIMD3(1, 2, 3), SIMD3(-0.5, 0, 1e300), SIMD3(.pi, -.infinity, .leastNonzeroMagnitude)]

  func testVectorsRoundTripThroughPackedCoordinates() {
    let packed = Vector3Array(vectors)
    XCTAssertEqual(packed.count, 3)
    XCTAssertEqual(Array(packed), vectors, "iteration gives the vectors back bit for bit")
    for i in vectors.indices { XCTAssertEqual(packed[i], vectors[i]) }
    // Packed: x y z after one another, no padding (a [SIMD3<Double>] has a 32-byte stride).
    XCTAssertEqual(packed.coordinates, [1, 2, 3, -0.5, 0, 1e300, .pi, -.infinity, .leastNonzeroMagnitude])
    XCTAssertEqual(Vector3Array(coordinates: packed.coordinates), packed)
  }

  func testWritesOneElementOnly() {
    var packed = Vector3Array(vectors)
    packed[1] = SIMD3(7, 8, 9)
    XCTAssertEqual(Array(packed), [vectors[0], SIMD3(7, 8, 9), vectors[2]])
  }

  func testRepeatingAndAppendBuildTheSameArray() {
    var appended = Vector3Array()
    appended.reserveCapacity(4)
    for _ in 0..<4 { appended.append(SIMD3(1, -2, 3)) }
    XCTAssertEqual(appended, Vector3Array(repeating: SIMD3(1, -2, 3), count: 4))
    XCTAssertEqual(Vector3Array(count: 2).coordinates, [0, 0, 0, 0, 0, 0])
    XCTAssertTrue(Vector3Array().isEmpty)
  }

  func testIndicesAndReversedWalkTheCollection() {
    let packed = Vector3Array(vectors)
    XCTAssertEqual(packed.indices, 0..<3)
    XCTAssertEqual(Array(packed.reversed()), vectors.reversed())
    XCTAssertEqual(packed.map(\.x), [1, -0.5, .pi])
  }

  func testAxisDirectionsReadAsUnitVectorsWithPositiveZeros() {
    let axes = Vector3Array(axisDirections: [1, -1, 2, -2, 3, -3])
    let expected: [SIMD3<Double>] = [SIMD3(1, 0, 0), SIMD3(-1, 0, 0), SIMD3(0, 1, 0), SIMD3(0, -1, 0), SIMD3(0, 0, 1), SIMD3(0, 0, -1)]
    XCTAssertEqual(axes.count, 6)
    XCTAssertEqual(Array(axes), expected)
    XCTAssertEqual(axes, Vector3Array(expected), "equal to the same vectors stored as coordinates")
    // Bit for bit as SIMD3(sign, 0, 0) would be: the zeros are +0.
    XCTAssertEqual(axes.coordinates.map(\.bitPattern), Vector3Array(expected).coordinates.map(\.bitPattern))
    XCTAssertFalse(axes[1].y.sign == .minus)
  }

  func testWritingAnAxisArrayKeepsTheOtherElements() {
    var axes = Vector3Array(axisDirections: [3, -2])
    axes[0] = SIMD3(0.6, 0.8, 0)
    XCTAssertEqual(Array(axes), [SIMD3(0.6, 0.8, 0), SIMD3(0, -1, 0)])
    axes.append(SIMD3(1, 2, 3))
    XCTAssertEqual(axes.coordinates, [0.6, 0.8, 0, 0, -1, 0, 1, 2, 3])
  }

  func testPlanePointsReplaceTheAnchorsCoordinateAlongTheirAxis() {
    let anchors = Vector3Array([SIMD3(1, 2, 3), SIMD3(-4, 5, -6)])
    let planes = Vector3Array(anchors: anchors, indices: [0, 1, 1, 0], axisDirections: [1, -2, 3, -3],
                              planeCoordinates: [10, 20, 30, -0.0])
    let expected: [SIMD3<Double>] = [SIMD3(10, 2, 3), SIMD3(-4, 20, -6), SIMD3(-4, 5, 30), SIMD3(1, 2, -0.0)]
    XCTAssertEqual(planes.count, 4)
    XCTAssertEqual(Array(planes), expected)
    XCTAssertEqual(planes.coordinates.map(\.bitPattern), Vector3Array(expected).coordinates.map(\.bitPattern))
    XCTAssertEqual(planes, Vector3Array(expected))
    // A write materialises the vectors and changes only its own element.
    var written = planes
    written[2] = SIMD3(7, 8, 9)
    XCTAssertEqual(Array(written), [expected[0], expected[1], SIMD3(7, 8, 9), expected[3]])
    XCTAssertEqual(Array(planes), expected, "the original keeps its values")
    var appended = planes
    appended.append(SIMD3(0, 0, 1))
    XCTAssertEqual(Array(appended), expected + [SIMD3(0, 0, 1)])
    XCTAssertTrue(Vector3Array(anchors: anchors, indices: [], axisDirections: [], planeCoordinates: []).isEmpty)
  }
}
