import RackTwinCooling
import XCTest

final class MixedConvectionTests: XCTestCase {
  /// Churchill (1977) / Incropera 6th ed. eq. 9.64 with n = 3: Nu_F = 30, Nu_N = 40 gives (27000 + 64000)^(1/3) =
  /// 44.979 assisting and (64000 − 27000)^(1/3) = 33.322 opposing; either limit alone returns itself. Tolerance 1e-3:
  /// hand values to 5 figures.
  func testChurchillCombinationHandValues() {
    XCTAssertEqual(nusseltMixedConvection(forced: 30, natural: 40), 44.979, accuracy: 1e-3)
    XCTAssertEqual(nusseltMixedConvection(forced: 30, natural: 40, assisting: false), 33.322, accuracy: 1e-3)
    XCTAssertEqual(nusseltMixedConvection(forced: 30, natural: 0), 30, accuracy: 1e-12)
    XCTAssertEqual(nusseltMixedConvection(forced: 0, natural: 40), 40, accuracy: 1e-12)
  }
}
