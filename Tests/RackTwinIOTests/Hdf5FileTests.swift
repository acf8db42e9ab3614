import Foundation
import XCTest
import RackTwinIO

final class Hdf5FileTests: XCTestCase {
  func testDatasetsRoundTripWithShapeAndUnits() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let path = dir.path("a.h5")
    do {
      let f = try HDF5File.create(at: path)
      try f.write([1.5, 2.5, 3.5, 4.5, 5.5, 6.5], shape: [2, 3], to: "/g/h/d", units: "m")
      try f.write([Int32(-1), 2], shape: [2], to: "/i32")
      try f.write([Int64.min, Int64.max], shape: [2], to: "/i64")
      try f.write([Int8(-3)], shape: [1], to: "/i8")
      try f.write([UInt8(200), 0, 1], shape: [3], to: "/u8")
      try f.writeScalar(7.25, to: "/scalar", units: "K")
      try f.writeStrings(["gpu0", "cpü", ""], to: "/names")
      try f.write([Double](), shape: [0, 2], to: "/empty")
      try f.close()
    }
    let f = try HDF5File.open(readingAt: path)
    let d = try f.read(Double.self, at: "/g/h/d")
    XCTAssertEqual(d.values, [1.5, 2.5, 3.5, 4.5, 5.5, 6.5])
    XCTAssertEqual(d.shape, [2, 3])
    XCTAssertEqual(try f.stringAttribute("units", of: "/g/h/d"), "m")
    XCTAssertEqual(try f.read(Int32.self, at: "/i32").values, [-1, 2])
    XCTAssertEqual(try f.read(Int64.self, at: "/i64").values, [Int64.min, Int64.max])
    XCTAssertEqual(try f.read(Int8.self, at: "/i8").values, [-3])
    XCTAssertEqual(try f.read(UInt8.self, at: "/u8").values, [200, 0, 1])
    let s = try f.read(Double.self, at: "/scalar")
    XCTAssertEqual(s.values, [7.25])
    XCTAssertEqual(s.shape, [])
    XCTAssertEqual(try f.readStrings(at: "/names"), ["gpu0", "cpü", ""])
    XCTAssertEqual(try f.read(Double.self, at: "/empty").shape, [0, 2])
    XCTAssertEqual(try f.childNames(ofGroup: "/"), ["empty", "g", "i32", "i64", "i8", "names", "scalar", "u8"])
    XCTAssertEqual(f.kind(of: "/g/h"), .group)
    XCTAssertEqual(f.kind(of: "/g/h/d"), .dataset)
    XCTAssertTrue(f.exists("/g/h/d"))
    XCTAssertFalse(f.exists("/nope/h/d"))
    XCTAssertFalse(f.exists("/i32/below"))
  }

  func testReadingTheWrongTypeNamesBothTypes() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let path = dir.path("t.h5")
    let f = try HDF5File.create(at: path)
    try f.write([1.0, 2.0], shape: [2], to: "/x")
    assertThrows(HDF5Error.self, containing: ["t.h5", "/x", "expected int32", "found float64"]) {
      _ = try f.read(Int32.self, at: "/x")
    }
    assertThrows(HDF5Error.self, containing: ["/y", "expected a dataset", "found nothing"]) {
      _ = try f.read(Double.self, at: "/y")
    }
  }

  func testFixedAndVariableLengthStringAttributesAreBothRead() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let path = dir.path("s.h5")
    do {
      let f = try HDF5File.create(at: path)
      try f.createGroup("/r")
      try f.setAttribute("vlen", to: "solid", on: "/r")
      try f.setFixedLengthAttribute("fixed", to: "copper", on: "/r")
      try f.setAttribute("i", to: Int32(12), on: "/r")
      try f.setAttribute("u", to: UInt8(250), on: "/r")
      try f.setAttribute("d", to: 0.5, on: "/")
      try f.close()
    }
    let f = try HDF5File.open(readingAt: path)
    XCTAssertEqual(try f.stringAttribute("vlen", of: "/r"), "solid")
    XCTAssertEqual(try f.stringAttribute("fixed", of: "/r"), "copper")
    XCTAssertEqual(try f.attributeTypeDescription("fixed", of: "/r"), "string (fixed-length, 7 bytes)")
    XCTAssertEqual(try f.integerAttribute("i", of: "/r"), 12)
    XCTAssertEqual(try f.integerAttribute("u", of: "/r"), 250)
    XCTAssertEqual(try f.doubleAttribute("d", of: "/"), 0.5)
    assertThrows(HDF5Error.self, containing: ["/r@vlen", "expected an integer", "\"solid\""]) {
      _ = try f.integerAttribute("vlen", of: "/r")
    }
    assertThrows(HDF5Error.self, containing: ["/r@missing", "expected an attribute"]) {
      _ = try f.stringAttribute("missing", of: "/r")
    }
  }

  func testOpeningSomethingThatIsNotHDF5NamesTheFile() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let path = dir.path("plain.txt")
    try Data("not hdf5".utf8).write(to: URL(fileURLWithPath: path))
    assertThrows(HDF5Error.self, containing: ["plain.txt", "expected an HDF5 file", "without an HDF5 signature"]) {
      _ = try HDF5File.open(readingAt: path)
    }
    assertThrows(HDF5Error.self, containing: ["gone.h5", "expected an HDF5 file", "no such file"]) {
      _ = try HDF5File.open(readingAt: dir.path("gone.h5"))
    }
  }
}
