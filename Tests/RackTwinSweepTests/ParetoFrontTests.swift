import RackTwinSweep
import XCTest

final class ParetoFrontTests: XCTestCase {
  /// Hand-computed: minimise a, maximise b over
  /// 0 (1, 1), 1 (2, 3), 2 (2, 2), 3 (3, 3), 4 (0.5, 0.5), 5 (4, 5), 6 (NaN, 9), 7 (2, 3).
  /// 2 is dominated by 1, 3 by 1; 1 and 7 tie (neither dominates), both stay; 6 is left out (NaN).
  func testHandComputedFrontMinimiseMaximise() {
    let a = [1, 2, 2, 3, 0.5, 4, .nan, 2.0]
    let b = [1, 3, 2, 3, 0.5, 5, 9, 3.0]
    XCTAssertEqual(ParetoFront.indices(a, b, minimizeA: true, minimizeB: false), [0, 1, 4, 5, 7])
  }

  func testBothMinimisedAndBothMaximised() {
    let a = [1.0, 2, 3], b = [3.0, 2, 1]
    XCTAssertEqual(ParetoFront.indices(a, b, minimizeA: true, minimizeB: true), [0, 1, 2])
    XCTAssertEqual(ParetoFront.indices(a, a, minimizeA: true, minimizeB: true), [0])
    XCTAssertEqual(ParetoFront.indices(a, a, minimizeA: false, minimizeB: false), [2])
  }
}
