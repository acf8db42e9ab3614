import Foundation
import RackTwinIO
import RackTwinMesh
import XCTest

/// The committed Gmsh meshes (`Tests/RackTwinIOTests/Gmsh`, made by gmsh 4.8 from the `.geo` files beside them).
let gmshDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Gmsh")

func gmshPath(_ name: String) -> String { gmshDirectory.appendingPathComponent(name).path }

/// A one-tetrahedron MSH 4.1 file (unit right tetrahedron) with its z = 0 face in the physical surface "base";
/// `elements` replaces its `$Elements` section, `entities` its `$Entities`.
func oneTetMsh(names: String = "2\n2 2 \"base\"\n3 1 \"solid\"\n",
               entities: String = "0 0 1 1\n1 0 0 0 1 1 0 1 2 0\n1 0 0 0 1 1 1 1 1 1 1\n",
               elements: String = "2 2 1 2\n2 1 2 1\n1 1 3 2\n3 1 4 1\n2 1 2 3 4\n") -> String {
  """
  $MeshFormat
  4.1 0 8
  $EndMeshFormat
  $PhysicalNames
  \(names)$EndPhysicalNames
  $Entities
  \(entities)$EndEntities
  $Nodes
  1 4 1 4
  3 1 0 4
  1
  2
  3
  4
  0 0 0
  1 0 0
  0 1 0
  0 0 1
  $EndNodes
  $Elements
  \(elements)$EndElements

  """
}

/// The largest coordinate difference of two points.
func maxDifference(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> Double {
  let d = a - b
  return max(abs(d.x), abs(d.y), abs(d.z))
}

final class GmshReaderTests: XCTestCase {
  private func read(_ text: String, options: GmshImportOptions = .init()) throws -> GmshImport {
    try GmshReader.read(bytes: Array(text.utf8), path: "test.msh", options: options)
  }

  private func volumes(_ mesh: FVMesh) -> [String: Double] {
    var v: [String: Double] = [:]
    for c in 0..<mesh.cellCount { v[mesh.region(id: mesh.cellRegion[c])!.name, default: 0] += mesh.cellVolume[c] }
    return v
  }

  private func area(_ mesh: FVMesh, _ patch: String) -> Double {
    mesh.patch(named: patch)!.faces.reduce(0) { $0 + mesh.faceArea[$1] }
  }

  /// The die–lid–cold-plate stack (stack.geo): boxes 20 × 20 × 0.8, 40 × 40 × 2 and 60 × 60 × 4 mm. Volumes and patch
  /// areas are the boxes' own: flat-faced tetrahedra fill a box exactly, so only round-off (1e-9) separates them.
  func testStackRegionsVolumesAndPatchAreasAreTheBoxes() throws {
    let imported = try GmshReader.read(path: gmshPath("stack.msh"), options: GmshImportOptions(lengthScale: 1e-3,
                                       materials: ["die": "silicon", "lid": "copper", "coldplate": "copper"]))
    XCTAssertEqual(imported.encoding, "ASCII")
    XCTAssertEqual(imported.notes, [])
    let d = imported.definition
    XCTAssertEqual(d.regions.map(\.name), ["die", "lid", "coldplate"])
    XCTAssertEqual(d.regions.map(\.id), [1, 2, 3])
    XCTAssertEqual(d.regions.map(\.material), ["silicon", "copper", "copper"])
    XCTAssertEqual(d.patches.map(\.name), ["coldplate_top", "die_bottom"])
    guard case .unstructured(let u) = d.geometry else { return XCTFail("expected an unstructured mesh") }
    // gmsh 4.8.4's mesh of stack.geo (meshio 5.3 reads the same counts): 2,298 + 3,110 + 3,222 tetrahedra.
    XCTAssertEqual(u.cellCount, 8630)
    XCTAssertTrue(u.types.allSatisfy { $0 == VTKCellType.tetra.rawValue })
    let mesh = try FVMesh(d)
    let v = volumes(mesh)
    XCTAssertEqual(v["die"]!, 20 * 20 * 0.8e-9, accuracy: 1e-9 * 320e-9)
    XCTAssertEqual(v["lid"]!, 40 * 40 * 2e-9, accuracy: 1e-9 * 3200e-9)
    XCTAssertEqual(v["coldplate"]!, 60 * 60 * 4e-9, accuracy: 1e-9 * 14400e-9)
    XCTAssertEqual(area(mesh, "coldplate_top"), 3600e-6, accuracy: 1e-9 * 3600e-6)
    XCTAssertEqual(area(mesh, "die_bottom"), 400e-6, accuracy: 1e-9 * 400e-6)
    // Every other boundary face is in the automatic `void` patch: the sides of the three boxes and the exposed rims
    // of the lid's and plate's bottoms (1600 − 400 and 3600 − 1600 mm²).
    let rims: Double = (1600 - 400) + (3600 - 1600)
    let sides: Double = 4 * (20 * 0.8 + 40 * 2 + 60 * 4.0) + rims
    XCTAssertEqual(area(mesh, "void"), sides * 1e-6, accuracy: 1e-9 * sides * 1e-6)
    let bounds = mesh.bounds
    XCTAssertEqual(bounds.min.x, -0.03, accuracy: 1e-12)
    XCTAssertEqual(bounds.max.z, 6.8e-3, accuracy: 1e-12)
  }

  func testBinaryStackIsTheSameMeshAsTheASCIIOne() throws {
    let options = GmshImportOptions(lengthScale: 1e-3)
    let ascii = try GmshReader.read(path: gmshPath("stack.msh"), options: options)
    let binary = try GmshReader.read(path: gmshPath("stack-binary.msh"), options: options)
    XCTAssertEqual(binary.encoding, "binary")
    guard case .unstructured(let a) = ascii.definition.geometry, case .unstructured(let b) = binary.definition.geometry else {
      return XCTFail("expected unstructured meshes")
    }
    XCTAssertEqual(a.connectivity, b.connectivity)
    XCTAssertEqual(a.types, b.types)
    XCTAssertEqual(a.region, b.region)
    XCTAssertEqual(ascii.definition.patches, binary.definition.patches)
    XCTAssertEqual(ascii.definition.regions, binary.definition.regions)
    // ASCII coordinates are printed with 16 significant digits; binary ones are exact.
    XCTAssertEqual(a.points.count, b.points.count)
    let worst = zip(a.points, b.points).map { maxDifference($0, $1) }.max() ?? 0
    XCTAssertLessThan(worst, 1e-17)
  }

  /// mixed.geo: a 1 m cube of hexahedra under a cube of tetrahedra and pyramids under a cube of prisms.
  func testMixedElementTypesKeepTheirShapesAndOrientation() throws {
    let imported = try GmshReader.read(path: gmshPath("mixed.msh"))
    // No cell needed reorienting: the VTK orders chosen for Gmsh's tetrahedra, hexahedra, prisms and pyramids are right.
    XCTAssertEqual(imported.notes, [])
    guard case .unstructured(let u) = imported.definition.geometry else { return XCTFail("expected an unstructured mesh") }
    var counts: [VTKCellType: Int] = [:]
    for t in u.types { counts[VTKCellType(rawValue: t)!, default: 0] += 1 }
    // gmsh 4.8.4 (and meshio 5.3 on the same file): 3 × 3 × 3 hexahedra, 235 tetrahedra, 9 pyramids, 2 × 26 prisms.
    XCTAssertEqual(counts, [.hexahedron: 27, .tetra: 235, .pyramid: 9, .wedge: 52])
    let mesh = try FVMesh(imported.definition)
    let v = volumes(mesh)
    for name in ["hexes", "tets", "prisms"] { XCTAssertEqual(v[name]!, 1, accuracy: 1e-12, name) }
    XCTAssertEqual(area(mesh, "bottom"), 1, accuracy: 1e-12)
    XCTAssertEqual(area(mesh, "top"), 1, accuracy: 1e-12)
    XCTAssertEqual(area(mesh, "void"), 12, accuracy: 1e-12)
    XCTAssertEqual(mesh.patch(named: "bottom")!.faces.count, 9)  // quadrangles matched to hexahedron faces
    XCTAssertEqual(mesh.patch(named: "top")!.faces.count, 26)    // triangles matched to prism faces
  }

  func testBlockPatchesCoverItsSides() throws {
    let mesh = try FVMesh(try GmshReader.read(path: gmshPath("block.msh")).definition)
    XCTAssertEqual(volumes(mesh)["block"]!, 0.1 * 0.02 * 0.02, accuracy: 1e-9 * 4e-5)
    XCTAssertEqual(area(mesh, "hot"), 4e-4, accuracy: 1e-15)
    XCTAssertEqual(area(mesh, "cold"), 4e-4, accuracy: 1e-15)
    XCTAssertEqual(area(mesh, "sides"), 4 * 0.1 * 0.02, accuracy: 1e-14)
    XCTAssertTrue(mesh.patch(named: "void")!.faces.isEmpty)
  }

  func testOneTetrahedronWithItsBaseFace() throws {
    let imported = try read(oneTetMsh())
    let mesh = try FVMesh(imported.definition)
    XCTAssertEqual(mesh.cellVolume[0], 1.0 / 6, accuracy: 1e-15)
    XCTAssertEqual(mesh.patch(named: "base")!.faces.count, 1)
    XCTAssertEqual(imported.definition.patches, [MeshPatch(name: "base", faces: [CellFace(cell: 0, localFace: 3)])])
  }

  func testInvertedTetrahedronIsReorientedAndNoted() throws {
    let imported = try read(oneTetMsh(elements: "2 2 1 2\n2 1 2 1\n1 1 3 2\n3 1 4 1\n2 1 3 2 4\n"))
    XCTAssertEqual(imported.notes.count, 1)
    XCTAssertTrue(imported.notes[0].contains("1 of 1 cells"), imported.notes[0])
    let mesh = try FVMesh(imported.definition)
    XCTAssertEqual(mesh.cellVolume[0], 1.0 / 6, accuracy: 1e-15)
  }

  func testLengthScaleAndRegionOptions() throws {
    let imported = try read(oneTetMsh(), options: try GmshImportOptions(unit: "mm", materials: ["solid=copper"], kinds: ["solid=porous"]))
    XCTAssertEqual(imported.definition.regions, [RegionInfo(name: "solid", id: 1, kind: .porous, material: "copper")])
    XCTAssertEqual(try FVMesh(imported.definition).cellVolume[0], 1e-9 / 6, accuracy: 1e-24)
    assertThrows(MeshError.self, containing: ["\"lid\"", "physical volume group of test.msh", "solid"]) {
      _ = try self.read(oneTetMsh(), options: GmshImportOptions(materials: ["lid": "copper"]))
    }
    assertThrows(CaseError.self, containing: ["--kind", "solid, fluid or porous", "gas"]) {
      _ = try GmshImportOptions(unit: "m", materials: [], kinds: ["solid=gas"])
    }
    assertThrows(CaseError.self, containing: ["--material", "REGION=MATERIAL", "copper"]) {
      _ = try GmshImportOptions(unit: "m", materials: ["copper"], kinds: [])
    }
    assertThrows(CaseError.self, containing: ["--unit"]) { _ = try GmshImportOptions(unit: "furlongs", materials: [], kinds: []) }
  }

  func testInteriorSurfaceGroupIsLeftOutWithANote() throws {
    // Two tetrahedra, "a" and "b", sharing the face (2, 3, 4), which is the physical surface "interface".
    let text = """
      $MeshFormat
      4.1 0 8
      $EndMeshFormat
      $PhysicalNames
      3
      2 3 "interface"
      3 1 "a"
      3 2 "b"
      $EndPhysicalNames
      $Entities
      0 0 1 2
      1 0 0 0 1 1 1 1 3 0
      1 0 0 0 1 1 1 1 1 0
      2 0 0 0 1 1 1 1 2 0
      $EndEntities
      $Nodes
      1 5 1 5
      3 1 0 5
      1
      2
      3
      4
      5
      0 0 0
      1 0 0
      0 1 0
      0 0 1
      1 1 1
      $EndNodes
      $Elements
      3 3 1 3
      2 1 2 1
      1 2 3 4
      3 1 4 1
      2 1 2 3 4
      3 2 4 1
      3 2 3 4 5
      $EndElements

      """
    let imported = try read(text)
    XCTAssertEqual(imported.definition.patches, [])
    XCTAssertEqual(imported.notes.count, 1)
    XCTAssertTrue(imported.notes[0].contains("\"interface\" lies inside the mesh"), imported.notes[0])
    XCTAssertEqual(try FVMesh(imported.definition).internalFaceCount, 1)
  }

  func testWrongVersionNamesTheSectionAndTheFix() {
    let text = oneTetMsh().replacingOccurrences(of: "4.1 0 8", with: "2.2 0 8")
    assertThrows(MeshError.self, containing: ["test.msh", "$MeshFormat", "MSH version 4.1", "-format msh41", "2.2"]) {
      _ = try self.read(text)
    }
  }

  func testBigEndianBinaryIsRejected() {
    let bytes = Array("$MeshFormat\n4.1 1 8\n".utf8) + [0, 0, 0, 1] + Array("\n$EndMeshFormat\n".utf8)
    assertThrows(MeshError.self, containing: ["test.msh", "$MeshFormat", "little-endian", "big-endian"]) {
      _ = try GmshReader.read(bytes: bytes, path: "test.msh")
    }
  }

  func testSecondOrderTetrahedraAreAnErrorNamingTheType() {
    let text = oneTetMsh(elements: "1 1 1 1\n3 1 11 1\n1 1 2 3 4 1 2 3 4 1 2\n")
    assertThrows(MeshError.self, containing: ["test.msh", "$Elements, line", "first-order", "10-node second-order tetrahedron",
                                              "Mesh.ElementOrder = 1"]) {
      _ = try self.read(text)
    }
  }

  func testMissingPhysicalGroupsAreAnError() {
    let text = oneTetMsh(names: "0\n", entities: "0 0 1 1\n1 0 0 0 1 1 0 0 0\n1 0 0 0 1 1 1 0 1 1\n")
    assertThrows(MeshError.self, containing: ["test.msh", "$Entities", "physical volume groups", "found none"]) {
      _ = try self.read(text)
    }
  }

  func testVolumeWithoutAGroupIsAnError() {
    // Volume 1 is in "solid"; volume 2's single tetrahedron is in no group.
    let text = oneTetMsh(entities: "0 0 1 2\n1 0 0 0 1 1 0 1 2 0\n1 0 0 0 1 1 1 1 1 1 1\n2 0 0 0 1 1 1 0 0\n",
                         elements: "2 2 1 2\n3 1 4 1\n1 1 2 3 4\n3 2 4 1\n2 1 2 3 4\n")
    assertThrows(MeshError.self, containing: ["test.msh", "$Elements", "every meshed volume in a physical volume group",
                                              "volume 2 (1 cells) in none"]) {
      _ = try self.read(text)
    }
  }

  func testSurfaceElementOnNoCellFaceIsAnError() {
    // The triangle (1, 1, 2), with a repeated node, is no face of the tetrahedron.
    let text = oneTetMsh(elements: "2 2 1 2\n2 1 2 1\n7 1 1 2\n3 1 4 1\n2 1 2 3 4\n")
    assertThrows(MeshError.self, containing: ["test.msh", "$Elements", "surface elements on faces of volume cells",
                                              "element 7 of physical surface \"base\" (surface 1) on no cell face"]) {
      _ = try self.read(text)
    }
  }

  func testUnknownNodeTagAndTruncatedFileAreErrors() {
    assertThrows(MeshError.self, containing: ["$Elements", "node tags listed in $Nodes", "node tag 9"]) {
      _ = try self.read(oneTetMsh(elements: "1 1 1 1\n3 1 4 1\n1 1 2 3 9\n"))
    }
    let text = oneTetMsh()
    let cut = String(text[..<text.range(of: "$EndNodes")!.lowerBound].dropLast(8))
    assertThrows(MeshError.self, containing: ["test.msh", "$Nodes"]) { _ = try self.read(cut) }
    assertThrows(MeshError.self, containing: ["test.msh", "$Elements", "none"]) {
      _ = try self.read(String(text[..<text.range(of: "$Elements")!.lowerBound]))
    }
  }
}
