import Foundation
import RackTwinIO
import XCTest

/// The committed Gmsh meshes and their `.geo` files (`Tests/RackTwinIOTests/Gmsh`).
private let gmshDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .appendingPathComponent("RackTwinIOTests/Gmsh")

/// `racktwin mesh import`: Gmsh meshes in, solved end to end.
final class MeshImportCommandTests: XCTestCase {
  private func gmsh(_ name: String) -> String { gmshDirectory.appendingPathComponent(name).path }

  private func value(_ file: HDF5File, _ path: String, _ index: Int = 0) throws -> Double {
    try file.read(Double.self, at: path).values[index]
  }

  func testImportWritesAMeshThatInspectReads() throws {
    let dir = try temporaryDirectory(self)
    let r = try runRacktwin(["mesh", "import", gmsh("mixed.msh"), "-o", "mixed.h5", "--material", "hexes=copper"], in: dir)
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertTrue(r.stdout.contains("27 hexahedron") && r.stdout.contains("235 tetra") && r.stdout.contains("9 pyramid")
                  && r.stdout.contains("52 wedge"), r.stdout)
    let inspect = try runRacktwin(["mesh", "inspect", "mixed.h5"], in: dir)
    XCTAssertEqual(inspect.status, 0, inspect.stderr)
    XCTAssertTrue(inspect.stdout.contains("hexes") && inspect.stdout.contains("copper"), inspect.stdout)
    XCTAssertTrue(inspect.stdout.contains("prisms") && inspect.stdout.contains("bottom") && inspect.stdout.contains("top"),
                  inspect.stdout)
  }

  /// The die–lid–cold-plate stack (stack.geo: 300 W in a 20 × 20 × 0.8 mm silicon die under a copper lid and a
  /// 60 × 60 × 4 mm copper plate, 10,000 W/m²K to 30 °C on the plate's top) imported from Gmsh agrees with the same
  /// boxes from `racktwin mesh generate` (stack-boxes.yaml). Measured: die mean 55.18 °C (8,630 tetrahedra) against
  /// 54.78 °C (11,111 hexahedra); die maximum 59.48 against 59.17 °C. Tolerance 3 % of the 25 K rise (0.75 K), the
  /// sum of the two meshes' discretisation errors estimated from refining each by 2 (second order): the tetrahedra's
  /// mean moves 0.32 K at 47 k cells (error ≈ 0.43 K), the boxes' 0.23 K at 48 k cells (error ≈ 0.31 K).
  func testImportedStackAgreesWithGeneratedBoxes() throws {
    let dir = try temporaryDirectory(self)
    let imported = try runRacktwin(["mesh", "import", gmsh("stack.msh"), "-o", "stack.h5", "--unit", "mm", "--quiet",
                                    "--material", "die=silicon", "--material", "lid=copper", "--material", "coldplate=copper"],
                                   in: dir)
    XCTAssertEqual(imported.status, 0, imported.stderr)
    let generated = try runRacktwin(["mesh", "generate", gmsh("stack-boxes.yaml"), "-o", "boxes.h5", "--quiet"], in: dir)
    XCTAssertEqual(generated.status, 0, generated.stderr)
    var results: [String: (mean: Double, max: Double, probe: Double)] = [:]
    for (mesh, top) in [("stack.h5", "coldplate_top"), ("boxes.h5", "zmax")] {
      try write("""
        mesh: \(mesh)
        components:
          chip: {regions: [die], power: "300 W", limit: "95 degC"}
        boundaries:
          \(top): {type: convection, h: "10000 W/m^2/K", ambient: "30 degC"}
        probes:
          dieCentre: [0, 0, "0.4 mm"]
        solver: {method: auto, tolerance: 1e-10}
        """, to: "case.yaml", in: dir)
      let r = try runRacktwin(["solve", "case.yaml", "-o", "\(mesh).out.h5"], in: dir)
      XCTAssertEqual(r.status, 0, r.stderr)
      let file = try HDF5File.open(readingAt: dir.appendingPathComponent("\(mesh).out.h5").path)
      XCTAssertEqual(try value(file, "/metrics/heat_out"), 300, accuracy: 1e-6)
      results[mesh] = (try value(file, "/components/mean_temperature"), try value(file, "/components/max_temperature"),
                       try value(file, "/probes/temperature"))
    }
    let tets = results["stack.h5"]!, boxes = results["boxes.h5"]!
    XCTAssertEqual(tets.mean, boxes.mean, accuracy: 0.75)
    XCTAssertEqual(tets.max, boxes.max, accuracy: 0.75)
    XCTAssertEqual(tets.probe, boxes.probe, accuracy: 0.75)
    // Not the same number by construction: the two meshes share no cell.
    XCTAssertNotEqual(tets.mean, boxes.mean)
  }

  /// The 3,697-tetrahedron block (block.geo, 100 × 20 × 20 mm, stainless 304, k = 14.9 W/m/K, Incropera Table A.1)
  /// with 50 °C at x = 0, 20 °C at x = L and 2 W spread over its volume (q = 5·10⁴ W/m³), sides adiabatic: 1-D
  /// conduction, T(x) = T₀ + (T₁ − T₀) x/L + q x (L − x)/(2k). Heat in at x = 0: A [k (T₀ − T₁)/L − qL/2]
  /// = 0.788 W, out at x = L 2.788 W. Probes within 0.05 K (1.2 % of the 4.2 K source bump: second-order FV on ~4 mm
  /// tetrahedra; measured ≤ 0.017 K); patch heat within 1 mW (the linear part is exact on any mesh). `auto` picks the
  /// banded factor here (band ≈ 100 after RCM, 46 correction passes).
  func testTetrahedralBlockMatchesOneDimensionalConduction() throws {
    let dir = try temporaryDirectory(self)
    let imported = try runRacktwin(["mesh", "import", gmsh("block.msh"), "-o", "block.h5", "--material", "block=stainless304"],
                                   in: dir)
    XCTAssertEqual(imported.status, 0, imported.stderr)
    try write("""
      mesh: block.h5
      components:
        block: {regions: [block], power: "2 W"}
      boundaries:
        hot: {type: temperature, value: "50 degC"}
        cold: {type: temperature, value: "20 degC"}
      probes:
        x25: ["25 mm", "10 mm", "10 mm"]
        x50: ["50 mm", "10 mm", "10 mm"]
        x75: ["75 mm", "10 mm", "10 mm"]
      solver: {method: auto, tolerance: 1e-10}
      """, to: "case.yaml", in: dir)
    let r = try runRacktwin(["solve", "case.yaml", "-o", "out.h5"], in: dir)
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertTrue(r.stdout.contains("solver: banded-cholesky"), r.stdout)
    let file = try HDF5File.open(readingAt: dir.appendingPathComponent("out.h5").path)
    let k = 14.9, q = 2 / 4e-5, l = 0.1, a = 4e-4
    for (i, x) in [0.025, 0.05, 0.075].enumerated() {
      let exact = 50 + (20 - 50) * x / l + q * x * (l - x) / (2 * k)
      XCTAssertEqual(try value(file, "/probes/temperature", i), exact, accuracy: 0.05, "x = \(x) m")
    }
    let names = try file.readStrings(at: "/patches/name")
    let heat = try file.read(Double.self, at: "/patches/heat_in").values
    let heatIn = Dictionary(uniqueKeysWithValues: zip(names, heat))
    XCTAssertEqual(heatIn["hot"]!, a * (k * 30 / l - q * l / 2), accuracy: 1e-3)
    XCTAssertEqual(heatIn["cold"]!, -a * (k * 30 / l + q * l / 2), accuracy: 1e-3)
  }

  /// The stack's band is wide (≈ 325 after RCM) and its 78 correction passes each back-substitute through it: `auto`
  /// takes AMG-CG (`SteadyThermalSolver.autoBandedRepeatedMaximumBand`).
  func testAutoTakesAMGForTheWideBandedStack() throws {
    let dir = try temporaryDirectory(self)
    XCTAssertEqual(try runRacktwin(["mesh", "import", gmsh("stack-binary.msh"), "-o", "stack.h5", "--unit", "mm", "-q",
                                    "--material", "die=silicon", "--material", "lid=copper", "--material", "coldplate=copper"],
                                   in: dir).status, 0)
    try write("""
      mesh: stack.h5
      components:
        chip: {regions: [die], power: "300 W"}
      boundaries:
        coldplate_top: {type: convection, h: "10000 W/m^2/K", ambient: "30 degC"}
      """, to: "case.yaml", in: dir)
    let r = try runRacktwin(["solve", "case.yaml", "-o", "out.h5"], in: dir)
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertTrue(r.stdout.contains("solver: cg-amg"), r.stdout)
  }

  func testBadInputExitsTwoNamingTheFile() throws {
    let dir = try temporaryDirectory(self)
    try write(oneTetText.replacingOccurrences(of: "4.1 0 8", with: "2.2 0 8"), to: "old.msh", in: dir)
    let r = try runRacktwin(["mesh", "import", "old.msh", "-o", "m.h5"], in: dir)
    XCTAssertEqual(r.status, 2)
    XCTAssertTrue(r.stderr.contains("old.msh: $MeshFormat") && r.stderr.contains("MSH version 4.1"), r.stderr)
    XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("m.h5").path))
    let unit = try runRacktwin(["mesh", "import", gmsh("block.msh"), "-o", "m.h5", "--unit", "parsec"], in: dir)
    XCTAssertEqual(unit.status, 2)
    XCTAssertTrue(unit.stderr.contains("--unit"), unit.stderr)
    let region = try runRacktwin(["mesh", "import", gmsh("block.msh"), "-o", "m.h5", "--material", "blok=copper"], in: dir)
    XCTAssertEqual(region.status, 2)
    XCTAssertTrue(region.stderr.contains("\"blok\"") && region.stderr.contains("block"), region.stderr)
  }
}

/// A one-tetrahedron MSH 4.1 mesh (region "solid", patch "base").
private let oneTetText = """
  $MeshFormat
  4.1 0 8
  $EndMeshFormat
  $PhysicalNames
  2
  2 2 "base"
  3 1 "solid"
  $EndPhysicalNames
  $Entities
  0 0 1 1
  1 0 0 0 1 1 0 1 2 0
  1 0 0 0 1 1 1 1 1 1 1
  $EndEntities
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
  2 2 1 2
  2 1 2 1
  1 1 3 2
  3 1 4 1
  2 1 2 3 4
  $EndElements

  """
