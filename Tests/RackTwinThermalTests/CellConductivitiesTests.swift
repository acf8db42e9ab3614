import RackTwinThermal
import XCTest

final class CellConductivitiesTests: XCTestCase {
  /// Isotropic values read back as the vectors stored, bit for bit (−0 and NaN lanes included), until the first
  /// anisotropic value switches the storage; then every earlier and later value still reads back exactly.
  func testValuesReadBackExactlyAcrossTheSwitchToVectors() {
    var k = CellConductivities(repeating: SIMD3(repeating: 2.5), count: 4)
    XCTAssertTrue(k.isAllIsotropic)
    k[1] = SIMD3(repeating: 401)
    XCTAssertTrue(k.isAllIsotropic)
    XCTAssertEqual(Array(k), [SIMD3(repeating: 2.5), SIMD3(repeating: 401), SIMD3(repeating: 2.5), SIMD3(repeating: 2.5)])
    // Equal as numbers but not as bits: must not be stored as one value.
    k[2] = SIMD3(0.0, -0.0, 0.0)
    XCTAssertFalse(k.isAllIsotropic)
    XCTAssertEqual(k[2].y.bitPattern, (-0.0).bitPattern)
    k[3] = SIMD3(300, 300, 0.3)
    XCTAssertEqual(k[3], SIMD3(300, 300, 0.3))
    XCTAssertEqual(k[1], SIMD3(repeating: 401))
    XCTAssertEqual(k[0], SIMD3(repeating: 2.5))
    XCTAssertEqual(k.count, 4)
    XCTAssertEqual(k, CellConductivities(Array(k)))
  }

  /// Built from a sequence: isotropic only when every element is.
  func testSequenceInitialiserKeepsOneValuePerCellOnlyWhenAllIsotropic() {
    let iso = CellConductivities([SIMD3(repeating: 1), SIMD3(repeating: 3)])
    XCTAssertTrue(iso.isAllIsotropic)
    XCTAssertEqual(iso.map(\.z), [1, 3])
    let aniso = CellConductivities([SIMD3(repeating: 1), SIMD3(1, 2, 3), SIMD3(repeating: 4)])
    XCTAssertFalse(aniso.isAllIsotropic)
    XCTAssertEqual(Array(aniso), [SIMD3(repeating: 1), SIMD3(1, 2, 3), SIMD3(repeating: 4)])
    XCTAssertNotEqual(iso, CellConductivities([SIMD3(repeating: 1), SIMD3(repeating: 3.5)]))
  }
}
