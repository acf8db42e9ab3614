import Foundation
import RackTwinIO
@testable import RackTwinReport
import XCTest

final class ReportReaderTests: XCTestCase {
  /// A file that is not HDF5 is an HDF5Error at `/`, naming the file.
  func testNotHDF5NamesTheFile() throws {
    let dir = try temporaryDirectory(self)
    let path = dir.appendingPathComponent("notes.h5").path
    try "hello".write(toFile: path, atomically: true, encoding: .utf8)
    XCTAssertThrowsError(try ReportReader.read(path)) { error in
      XCTAssertTrue("\(error)".hasPrefix("\(path): /: expected an HDF5 file"), "\(error)")
    }
  }

  /// An HDF5 file of another kind (a mesh file) names `/@format` and what it found.
  func testAnotherFormatNamesTheAttribute() throws {
    let dir = try temporaryDirectory(self)
    let path = dir.appendingPathComponent("mesh.h5").path
    let f = try HDF5File.create(at: path)
    try f.setAttribute("format", to: "racktwin.mesh", on: "/")
    try f.close()
    XCTAssertThrowsError(try ReportReader.read(path)) { error in
      XCTAssertEqual((error as? ReportError)?.location, "/@format")
      XCTAssertTrue("\(error)".contains("found \"racktwin.mesh\""), "\(error)")
    }
  }

  /// A sweep file without its status column names the dataset.
  func testMissingDatasetIsNamed() throws {
    let dir = try temporaryDirectory(self)
    let path = dir.appendingPathComponent("s.h5").path
    let f = try HDF5File.create(at: path)
    try f.setAttribute("format", to: "racktwin.sweep", on: "/")
    try f.createGroup("/sweep/points")
    try f.write([Int64(0)], shape: [1], to: "/sweep/points/index", units: "1")
    try f.close()
    XCTAssertThrowsError(try ReportReader.read(path)) { error in
      XCTAssertEqual("\(error)", "\(path): /sweep/points/status: expected a dataset, found none")
    }
  }

  /// `--slice` parsing: metres, a length unit, and a clear error otherwise.
  func testSliceParsing() throws {
    XCTAssertEqual(try SliceSpec(parsing: "z=0.01"), SliceSpec(axis: 2, value: 0.01))
    let y = try SliceSpec(parsing: "y=20 mm")
    XCTAssertEqual(y.axis, 1)
    XCTAssertEqual(y.value, 0.02, accuracy: 1e-15)
    XCTAssertThrowsError(try SliceSpec(parsing: "w=1")) { XCTAssertEqual(($0 as? ReportError)?.location, "--slice") }
    XCTAssertThrowsError(try SliceSpec(parsing: "x=3 kg")) { XCTAssertTrue("\($0)".contains("not a length unit"), "\($0)") }
  }
}
