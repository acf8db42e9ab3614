import XCTest
import RackTwinNumerics

final class SplitMix64Tests: XCTestCase {
  /// The first outputs from seed 0 of the reference C implementation (Vigna, splitmix64.c, the generator that seeds
  /// xoshiro): 0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, 0x06C45D188009454F; and `mix` is the output of that step.
  func testReferenceSequenceFromSeedZero() {
    var g = SplitMix64(seed: 0)
    XCTAssertEqual(g.next(), 0xE220_A839_7B1D_CDAF)
    XCTAssertEqual(g.next(), 0x6E78_9E6A_A1B9_65F4)
    XCTAssertEqual(g.next(), 0x06C4_5D18_8009_454F)
    XCTAssertEqual(SplitMix64.mix(0), 0xE220_A839_7B1D_CDAF)
  }
}
