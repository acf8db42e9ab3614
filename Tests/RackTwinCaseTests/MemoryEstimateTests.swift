import XCTest
import RackTwinCase
import RackTwinIO

final class MemoryEstimateTests: XCTestCase {
  /// The estimate must cover the peaks measured at 1 M cells (docs/performance.md, `racktwin bench`): 501 MB with
  /// AMG-CG and 420 MB with IC(0)-CG on the heterogeneous box mesh, 825 MB with AMG-CG on 1,053,696 Kuhn tetrahedra.
  func testEstimateCoversTheMeasuredPeaks() {
    XCTAssertGreaterThan(MemoryEstimate.steadySolveBytes(cells: 1_000_000, method: .cgAMG, unstructured: false), 501_000_000)
    XCTAssertGreaterThan(MemoryEstimate.steadySolveBytes(cells: 1_000_000, method: .cgIC0, unstructured: false), 420_000_000)
    XCTAssertGreaterThan(MemoryEstimate.steadySolveBytes(cells: 1_053_696, method: .cgAMG, unstructured: true), 825_000_000)
    // … and not by more than half again, or it refuses runs that fit.
    XCTAssertLessThan(MemoryEstimate.steadySolveBytes(cells: 1_000_000, method: .cgAMG, unstructured: false), 751_000_000)
  }

  func testAutoMeansAMGAboveOneHundredThousandCells() {
    XCTAssertEqual(MemoryEstimate.steadySolveBytes(cells: 150_000, method: .auto, unstructured: false),
                   MemoryEstimate.steadySolveBytes(cells: 150_000, method: .cgAMG, unstructured: false))
    XCTAssertEqual(MemoryEstimate.steadySolveBytes(cells: 50_000, method: .auto, unstructured: false),
                   MemoryEstimate.steadySolveBytes(cells: 50_000, method: .cgIC0, unstructured: false))
  }

  func testRefusalNamesTheCaseAndBothAmounts() throws {
    setenv("RACKTWIN_MEMORY_LIMIT", "1000000", 1)
    defer { unsetenv("RACKTWIN_MEMORY_LIMIT") }
    XCTAssertThrowsError(try MemoryEstimate.check(cells: 2_000, unstructured: true, method: .cgAMG, file: "rack.yaml",
                                                  concurrent: 2)) { error in
      let text = "\(error)"
      XCTAssertTrue(text.hasPrefix("rack.yaml: not enough memory"), text)
      XCTAssertTrue(text.contains("2 points at once × 2000 cells × 950 bytes/cell with cg-amg on an unstructured mesh"), text)
    }
  }
}
