import Foundation
import RackTwinIO
import XCTest

final class MeshCommandTests: XCTestCase {
  func testGenerateThenInspectReportsRegionsAndPatches() throws {
    let dir = try temporaryDirectory(self)
    try write(smallMeshSpec, to: "mesh.yaml", in: dir)
    let gen = try runRacktwin(["mesh", "generate", "mesh.yaml", "-o", "mesh.h5", "--quiet"], in: dir)
    XCTAssertEqual(gen.status, 0, gen.stderr)
    let r = try runRacktwin(["mesh", "inspect", "mesh.h5"], in: dir)
    XCTAssertEqual(r.status, 0, r.stderr)
    // 10 × 10 × (4 + 2) grid cells; above the plate only the 4 × 4 × 2 die cells are solid: 200 − 32 = 168 void.
    XCTAssertTrue(r.stdout.contains("cells: 432 (168 void)"), r.stdout)
    XCTAssertTrue(r.stdout.contains("die") && r.stdout.contains("silicon") && r.stdout.contains("chip"), r.stdout)
    XCTAssertTrue(r.stdout.contains("zmax") && r.stdout.contains("void"), r.stdout)
    XCTAssertTrue(r.stdout.contains("max non-orthogonality 0.0°"), r.stdout)
  }

  func testInspectOfAMissingFileExitsTwo() throws {
    let dir = try temporaryDirectory(self)
    let r = try runRacktwin(["mesh", "inspect", "nothing.h5"], in: dir)
    XCTAssertEqual(r.status, 2)
    XCTAssertTrue(r.stderr.contains("nothing.h5"), r.stderr)
  }

  func testBadSpecNamesTheKey() throws {
    let dir = try temporaryDirectory(self)
    try write(smallMeshSpec.replacingOccurrences(of: "region: die,", with: "region: dye,"), to: "mesh.yaml", in: dir)
    let r = try runRacktwin(["mesh", "generate", "mesh.yaml", "-o", "mesh.h5"], in: dir)
    XCTAssertEqual(r.status, 2, r.stderr)
    XCTAssertTrue(r.stderr.contains("dye") && r.stderr.contains("mesh.yaml"), r.stderr)
  }
}
