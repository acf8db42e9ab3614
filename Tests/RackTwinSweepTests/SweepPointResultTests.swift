import Foundation
import RackTwinSweep
import XCTest

final class SweepPointResultTests: XCTestCase {
  /// The journal stores bit patterns: NaN, −0, subnormals and 0.1 + 0.2 come back exactly.
  func testJournalRecordRoundTripsEveryBit() throws {
    let values = [Double.nan, -0.0, .leastNonzeroMagnitude, 0.1 + 0.2, 85.58123456789012, -.infinity]
    let r = SweepPointResult(index: 7, status: .ok, message: "", outputs: values.enumerated().map {
      .init(name: "m\($0.offset)", units: "degC", value: $0.element)
    }, wallTime: 0.5, cpuTime: 0.4)
    let back = try JSONDecoder().decode(SweepPointResult.self, from: try JSONEncoder().encode(r))
    XCTAssertEqual(back.outputs.map(\.value.bitPattern), values.map(\.bitPattern))
    XCTAssertEqual(back.index, 7)
    XCTAssertEqual(back.status, .ok)
  }
}
