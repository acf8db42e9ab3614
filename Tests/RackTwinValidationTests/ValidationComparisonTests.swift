import RackTwinIO
import RackTwinMesh
import RackTwinValidation
import XCTest

final class ValidationComparisonTests: XCTestCase {
  func testAbsoluteAndRelativeTolerances() {
    XCTAssertTrue(ValidationComparison.check(value: 300.4, reference: 300, tolerance: .absolute(0.5, text: "0.5 K")).passed)
    XCTAssertFalse(ValidationComparison.check(value: 300.6, reference: 300, tolerance: .absolute(0.5, text: "0.5 K")).passed)
    let r = ValidationComparison.check(value: 1001, reference: 1000, tolerance: .relative(1e-3))
    XCTAssertEqual(r.error, 1e-3, accuracy: 1e-15)
    XCTAssertTrue(r.passed)
    XCTAssertFalse(ValidationComparison.check(value: 1002, reference: 1000, tolerance: .relative(1e-3)).passed)
    XCTAssertFalse(ValidationComparison.check(value: .nan, reference: 1000, tolerance: .relative(1e-3)).passed)
  }

  func testDisplayUnitFollowsTheReference() {
    let f = DisplayUnit(text: "416.48 degF", kind: .temperature)
    XCTAssertEqual(f.convert((416.48 - 32) * 5 / 9 + 273.15), 416.48, accuracy: 1e-9)
    XCTAssertEqual(DisplayUnit(text: "0.5 delta_degF", kind: .temperatureDifference).convert(5.0 / 9), 1, accuracy: 1e-12)
    XCTAssertEqual(DisplayUnit(text: "1000", kind: .power).name, "W")
  }

  func testGlobAndSubstringFilters() {
    XCTAssertTrue(ValidationSuite.matches("toptan-I1", "toptan-*"))
    XCTAssertFalse(ValidationSuite.matches("fin-convective-tip", "toptan-*"))
    XCTAssertTrue(ValidationSuite.matches("fin-convective-tip", "convective"))
  }

  func testSplitMeshKeepsRegionsAndPatches() throws {
    let coarse = try MeshGenerator.generate(GridSpecFixture.spec)
    let fine = ValidationCaseRunner.split(coarse, into: 2)
    guard case .rectilinear(let c) = coarse.geometry, case .rectilinear(let f) = fine.geometry else { return XCTFail() }
    XCTAssertEqual(f.nx, 2 * c.nx)
    XCTAssertEqual(f.x[1], c.x[1] / 2, accuracy: 1e-15)
    XCTAssertEqual(f.x.last, c.x.last)
    XCTAssertEqual(f.region.count, 8 * c.region.count)
    for (pc, pf) in zip(coarse.patches, fine.patches) {
      XCTAssertEqual(pf.name, pc.name)
      XCTAssertEqual(pf.faces.count, 4 * pc.faces.count)
      XCTAssertEqual(Set(pf.faces), Set(f.domainPatches().first { $0.name == pc.name }!.faces))
    }
  }
}

enum GridSpecFixture {
  static let spec = try! GridSpecDecoder.decode(text: """
    domain: {min: [0, 0, 0], max: [1, 1, 1]}
    cells: {all: {maxSize: 0.25}}
    regions: {block: {material: copper}}
    boxes: [{region: block, min: [0, 0, 0], max: [1, 1, 1]}]
    """, path: "spec.yaml")
}

final class ObservedOrderTests: XCTestCase {
  /// f(h) = 1 + 0.3·h², h = 1, 1/2, 1/4: Richardson's observed order is exactly 2.
  func testRichardsonOrderOfASecondOrderSequence() {
    let f = [1.0, 0.5, 0.25].map { 1 + 0.3 * $0 * $0 }
    XCTAssertEqual(ValidationCaseRunner.observedOrder(f, reference: 99, ratio: 2), 2, accuracy: 1e-9)
    XCTAssertEqual(ValidationCaseRunner.observedOrder(Array(f.suffix(2)), reference: 1, ratio: 2), 2, accuracy: 1e-9)
  }
}
