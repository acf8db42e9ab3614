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
}
