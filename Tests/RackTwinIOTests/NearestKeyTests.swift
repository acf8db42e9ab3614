import XCTest
import RackTwinIO

final class NearestKeyTests: XCTestCase {
  func testLevenshteinTextbookValues() {
    XCTAssertEqual(NearestKey.distance("kitten", "sitting"), 3)  // the classic example
    XCTAssertEqual(NearestKey.distance("", "abc"), 3)
    XCTAssertEqual(NearestKey.distance("flaw", "lawn"), 2)
  }

  func testSuggestionThreshold() {
    let keys = ["conductivity", "density", "specificHeat"]
    XCTAssertEqual(NearestKey.suggestion(for: "conductivty", among: keys), "conductivity")
    XCTAssertEqual(NearestKey.suggestion(for: "Density", among: keys), "density")  // case-insensitive
    XCTAssertNil(NearestKey.suggestion(for: "colour", among: keys))
  }
}
