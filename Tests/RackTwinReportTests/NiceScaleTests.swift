@testable import RackTwinReport
import XCTest

final class NiceScaleTests: XCTestCase {
  /// Ticks at 1, 2, 2.5 or 5 × 10ⁿ that cover the data: 0.13 … 0.87 with about 6 ticks steps by 0.2 from 0 to 1.
  func testLinearTicksAreNiceAndCoverTheData() {
    let s = NiceScale(covering: [0.13, 0.87], target: 6)
    XCTAssertEqual(s.lower, 0, accuracy: 1e-12)
    XCTAssertEqual(s.upper, 1, accuracy: 1e-12)
    XCTAssertEqual(s.ticks.count, 6)
    XCTAssertEqual(s.ticks[1], 0.2, accuracy: 1e-12)
    XCTAssertEqual(s.label(0.4), "0.4")
    let t = NiceScale(covering: [1.071, 1.094], target: 6)   // a PUE range
    XCTAssertLessThanOrEqual(t.lower, 1.071)
    XCTAssertGreaterThanOrEqual(t.upper, 1.094)
    XCTAssertEqual(t.ticks[1] - t.ticks[0], 0.005, accuracy: 1e-12)
    XCTAssertEqual(t.label(1.075), "1.075")
  }

  /// A log axis runs over whole decades: 3e-4 … 0.2 → 1e-4 … 1.
  func testLogTicksAreDecades() {
    let s = NiceScale(covering: [3e-4, 0.2], log: true)
    XCTAssertEqual(s.lower, 1e-4, accuracy: 1e-16)
    XCTAssertEqual(s.upper, 1, accuracy: 1e-12)
    XCTAssertEqual(s.ticks.count, 5)
    XCTAssertEqual(s.fraction(1e-2), 0.5, accuracy: 1e-12)
  }

  /// A constant column still gives an axis with some span.
  func testConstantDataGetsASpan() {
    let s = NiceScale(covering: [40, 40, 40])
    XCTAssertLessThan(s.lower, 40)
    XCTAssertGreaterThan(s.upper, 40)
  }
}
