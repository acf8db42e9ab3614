import Foundation
import XCTest
import RackTwinMesh
import RackTwinIO

/// A 3 × 2 × 2 grid: two regions, two void cells, two patches and a power weight.
func smallMesh() -> MeshDefinition {
  // Cells in file order (k, j, i): k = 0 is all "die" (1) except one void, k = 1 is "lid" (2) except one void.
  let region: [Int32] = [1, 1, 1, 1, 1, 0,
                         2, 2, 0, 2, 2, 2]
  let grid = RectilinearGrid(x: [0, 0.01, 0.02, 0.03], y: [0, 0.005, 0.01], z: [0, 0.001, 0.003], region: region)
  return MeshDefinition(
    geometry: .rectilinear(grid),
    regions: [
      RegionInfo(name: "die", id: 1, kind: .solid, material: "silicon", component: "tray01/gpu0"),
      RegionInfo(name: "lid", id: 2, kind: .solid, material: "copper"),
    ],
    patches: [
      MeshPatch(name: "bottom", faces: (0..<5).map { CellFace(cell: $0, localFace: 4) }),
      MeshPatch(name: "top", faces: [CellFace(cell: 6, localFace: 5), CellFace(cell: 11, localFace: 5)]),
    ],
    powerWeight: [1, 1, 2, 2, 0.5, 0, 0, 0, 0, 0, 0, 0])
}

/// Writes the layout of `smallMesh()` by hand, leaving out the items named in `omit` ("format", "kind", "x", "y",
/// "z", "region", "patches") and then calling `edit`, so tests can put malformed items in their place.
func writeHandMadeMesh(_ path: String, omit: Set<String> = [], edit: (HDF5File) throws -> Void = { _ in }) throws {
  let f = try HDF5File.create(at: path)
  if !omit.contains("format") { try f.setAttribute("format", to: "racktwin.mesh", on: "/") }
  try f.setAttribute("version", to: Int32(1), on: "/")  // any integer type is accepted
  try f.createGroup("/mesh")
  if !omit.contains("kind") { try f.setAttribute("kind", to: "rectilinear", on: "/mesh") }
  for (axis, nodes) in [("x", [0, 0.01, 0.02, 0.03]), ("y", [0, 0.005, 0.01]), ("z", [0, 0.001, 0.003])]
  where !omit.contains(axis) {
    try f.write(nodes, shape: [nodes.count], to: "/mesh/\(axis)", units: "m")
  }
  if !omit.contains("region") {
    try f.write([Int32](repeating: 1, count: 12), shape: [2, 2, 3], to: "/mesh/region")
  }
  try f.createGroup("/regions/die")
  try f.setAttribute("id", to: Int64(1), on: "/regions/die")
  try f.setFixedLengthAttribute("kind", to: "solid", on: "/regions/die")
  try f.setAttribute("material", to: "silicon", on: "/regions/die")
  if !omit.contains("patches") {
    try f.write([Int64(0), 4, 1, 4], shape: [2, 2], to: "/patches/bottom/faces")
  }
  try edit(f)
  try f.close()
}

final class MeshFileTests: XCTestCase {
  private var dir: TemporaryDirectory!

  override func setUpWithError() throws { dir = try TemporaryDirectory() }
  override func tearDown() { dir.remove() }

  func testRoundTripKeepsEverything() throws {
    let path = dir.path("stack.h5")
    let mesh = smallMesh()
    try MeshFileWriter.write(mesh, to: path)
    XCTAssertEqual(try MeshFileReader.read(path: path), mesh)
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.url.path), ["stack.h5"], "no temporary left")

    let f = try HDF5File.open(readingAt: path)
    XCTAssertEqual(try f.stringAttribute("units", of: "/mesh/x"), "m")
    XCTAssertEqual(try f.stringAttribute("units", of: "/mesh/region"), "1")
    XCTAssertEqual(try f.stringAttribute("units", of: "/mesh/power_weight"), "1")
    XCTAssertEqual(try f.read(Int32.self, at: "/mesh/region").shape, [2, 2, 3])
    XCTAssertEqual(try f.attributeTypeDescription("id", of: "/regions/die"), "int32")
  }

  func testHandMadeFileWithOtherIntegerAndStringTypesIsAccepted() throws {
    let path = dir.path("hand.h5")
    try writeHandMadeMesh(path)
    let mesh = try MeshFileReader.read(path: path)
    XCTAssertEqual(mesh.regions, [RegionInfo(name: "die", id: 1, kind: .solid, material: "silicon")])
    XCTAssertEqual(mesh.patches, [MeshPatch(name: "bottom", faces: [CellFace(cell: 0, localFace: 4), CellFace(cell: 1, localFace: 4)])])
    XCTAssertNil(mesh.powerWeight)
  }

  private func assertMeshError(_ path: String, _ fragments: [String], file: StaticString = #filePath, line: UInt = #line) {
    let name = URL(fileURLWithPath: path).lastPathComponent
    assertThrows(MeshError.self, containing: [name] + fragments, file: file, line: line) {
      _ = try MeshFileReader.read(path: path)
    }
  }

  func testNonIncreasingXIsRejected() throws {
    let path = dir.path("x.h5")
    try writeHandMadeMesh(path, omit: ["x"]) { try $0.write([0, 0.012, 0.01, 0.03], shape: [4], to: "/mesh/x") }
    assertMeshError(path, ["/mesh/x", "expected strictly increasing", "found x[2] = 0.01 ≤ x[1] = 0.012"])
  }

  func testFloatRegionIsRejected() throws {
    let path = dir.path("dtype.h5")
    try writeHandMadeMesh(path, omit: ["region"]) {
      try $0.write([Double](repeating: 1, count: 12), shape: [2, 2, 3], to: "/mesh/region")
    }
    assertMeshError(path, ["/mesh/region", "expected int32", "found float64"])
  }

  func testWrongRegionShapeIsRejected() throws {
    let path = dir.path("shape.h5")
    try writeHandMadeMesh(path, omit: ["region"]) {
      try $0.write([Int32](repeating: 1, count: 12), shape: [3, 2, 2], to: "/mesh/region")
    }
    assertMeshError(path, ["/mesh/region", "expected shape [nz, ny, nx] = [2, 2, 3]", "found [3, 2, 2]"])
  }

  func testMissingXIsRejected() throws {
    let path = dir.path("nox.h5")
    try writeHandMadeMesh(path, omit: ["x"])
    assertMeshError(path, ["/mesh/x", "expected a dataset", "found nothing"])
  }

  func testRegionIDWithoutRegionsEntryIsRejected() throws {
    let path = dir.path("id.h5")
    try writeHandMadeMesh(path, omit: ["region"]) {
      try $0.write([Int32](repeating: 1, count: 11) + [7], shape: [2, 2, 3], to: "/mesh/region")
    }
    assertMeshError(path, ["/mesh/region", "expected region ids that are 0 (void) or listed under /regions",
                           "found id 7 at cell 11", "no /regions entry"])
  }

  func testBadRegionKindIsRejected() throws {
    let path = dir.path("kind.h5")
    try writeHandMadeMesh(path) { try $0.setAttribute("kind", to: "metal", on: "/regions/die") }
    assertMeshError(path, ["/regions/die@kind", "expected solid, fluid or porous", "found \"metal\""])
  }

  func testMissingFileIsRejected() {
    assertMeshError(dir.path("absent.h5"), ["expected an HDF5 file", "found no such file"])
  }

  func testTruncatedFileIsRejected() throws {
    let path = dir.path("cut.h5")
    try MeshFileWriter.write(smallMesh(), to: path)
    let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
    try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: path))
    assertMeshError(path, ["expected an HDF5 file", "found a truncated or damaged HDF5 file"])
  }

  func testNotHDF5IsRejected() throws {
    let path = dir.path("text.h5")
    try Data("x, y, z\n".utf8).write(to: URL(fileURLWithPath: path))
    assertMeshError(path, ["expected an HDF5 file", "without an HDF5 signature"])
  }

  func testUnstructuredKindWithoutItsDatasetsNamesTheMissingOne() throws {
    let path = dir.path("unstructured.h5")
    try writeHandMadeMesh(path, omit: ["kind"]) { try $0.setAttribute("kind", to: "unstructured", on: "/mesh") }
    assertMeshError(path, ["/mesh/points: expected a dataset, found nothing"])
  }

  func testPatchLocalFaceOutOfRangeIsRejected() throws {
    let path = dir.path("face.h5")
    try writeHandMadeMesh(path, omit: ["patches"]) {
      try $0.write([Int64(0), 4, 1, 6], shape: [2, 2], to: "/patches/bottom/faces")
    }
    assertMeshError(path, ["/patches/bottom/faces", "expected local face indices in 0...5", "found faces[1] = (1, 6)"])
  }

  func testPatchOnVoidCellIsRejected() throws {
    let path = dir.path("void.h5")
    try writeHandMadeMesh(path, omit: ["region", "patches"]) {
      try $0.write([Int32](repeating: 1, count: 11) + [0], shape: [2, 2, 3], to: "/mesh/region")
      try $0.write([Int64(11), 5], shape: [1, 2], to: "/patches/top/faces")
    }
    assertMeshError(path, ["/patches/top/faces", "expected faces of non-void cells", "void cell 11"])
  }

  func testWrongFormatIsRejected() throws {
    let path = dir.path("format.h5")
    try writeHandMadeMesh(path, omit: ["format"]) { try $0.setAttribute("format", to: "racktwin.results", on: "/") }
    assertMeshError(path, ["/@format", "expected \"racktwin.mesh\"", "found \"racktwin.results\""])
  }

  func testDuplicateRegionIDIsRejected() throws {
    let path = dir.path("dup.h5")
    try writeHandMadeMesh(path) {
      try $0.createGroup("/regions/fin")
      try $0.setAttribute("id", to: Int32(1), on: "/regions/fin")
      try $0.setAttribute("kind", to: "solid", on: "/regions/fin")
      try $0.setAttribute("material", to: "aluminium", on: "/regions/fin")
    }
    assertMeshError(path, ["/regions/fin@id", "not used by another region", "also used by /regions/die"])
  }

  func testWriterRejectsAnInvalidMeshAndLeavesNoFile() throws {
    var mesh = smallMesh()
    mesh.patches[0].faces.append(CellFace(cell: 99, localFace: 0))
    let path = dir.path("bad.h5")
    assertThrows(MeshError.self, containing: ["bad.h5", "/patches/bottom/faces", "cell indices in 0..<12", "(99, 0)"]) {
      try MeshFileWriter.write(mesh, to: path)
    }
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.url.path), [])
  }
}

final class UnstructuredMeshFileTests: XCTestCase {
  func testUnstructuredRoundTripAndBadTypes() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rt-unstr-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let spec = GridSpec(domainMin: .zero, domainMax: SIMD3(1, 1, 1), axes: Array(repeating: GridSpec.Axis(maxCellSize: 0.5), count: 3),
                        regions: [RegionInfo(name: "a", id: 1, material: "copper")],
                        boxes: [GridSpec.Box(region: "a", min: .zero, max: SIMD3(1, 1, 1))], split: .mixed)
    let def = try MeshGenerator.generate(spec)
    let path = dir.appendingPathComponent("m.h5").path
    try MeshFileWriter.write(def, to: path)
    let back = try MeshFileReader.read(path: path)
    XCTAssertEqual(back.geometry, def.geometry)
    XCTAssertEqual(Set(back.patches.map(\.name)), ["xmin", "xmax", "ymin", "ymax", "zmin", "zmax"])

    // A cell type the reader does not know: exit-2 material, naming the dataset and the cell.
    let bad = dir.appendingPathComponent("bad.h5").path
    guard case .unstructured(var u) = def.geometry else { return XCTFail() }
    u.types[3] = 42
    let file = try HDF5File.create(at: bad)
    try file.setAttribute("format", to: "racktwin.mesh", on: "/")
    try file.setAttribute("version", to: Int64(1), on: "/")
    try file.createGroup("/mesh")
    try file.setAttribute("kind", to: "unstructured", on: "/mesh")
    try file.write(u.points.flatMap { [$0.x, $0.y, $0.z] }, shape: [u.points.count, 3], to: "/mesh/points")
    try file.write(u.connectivity, shape: [u.connectivity.count], to: "/mesh/connectivity")
    try file.write(u.offsets, shape: [u.offsets.count], to: "/mesh/offsets")
    try file.write(u.types, shape: [u.types.count], to: "/mesh/types")
    try file.write(u.region, shape: [u.region.count], to: "/mesh/region")
    try file.createGroup("/regions/a")
    try file.setAttribute("id", to: Int32(1), on: "/regions/a")
    try file.setAttribute("kind", to: "solid", on: "/regions/a")
    try file.setAttribute("material", to: "copper", on: "/regions/a")
    try file.close()
    XCTAssertThrowsError(try MeshFileReader.read(path: bad)) { e in
      XCTAssertTrue("\(e)".contains("bad.h5") && "\(e)".contains("/mesh/types") && "\(e)".contains("cell 3: type 42"), "\(e)")
    }
  }
}
