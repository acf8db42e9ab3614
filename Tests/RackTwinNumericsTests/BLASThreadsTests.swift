import Foundation
import RackTwinNumerics
import XCTest

final class BLASThreadsTests: XCTestCase {
  /// `limitToOne` sets `OPENBLAS_NUM_THREADS=1` for children and brings a running OpenBLAS down to one thread, even
  /// after something raised it (tools/setup installs OpenBLAS, so it must be the loaded BLAS here).
  func testLimitToOneSetsTheVariableAndOpenBLASThreadCount() throws {
    unsetenv("OPENBLAS_NUM_THREADS")
    XCTAssertTrue(BLASThreads.set(2), "openblas_set_num_threads not found: is OpenBLAS the loaded BLAS?")
    XCTAssertEqual(BLASThreads.current, 2)
    BLASThreads.limitToOne()
    XCTAssertEqual(ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"], "1")
    XCTAssertEqual(BLASThreads.current, 1)
  }

}
