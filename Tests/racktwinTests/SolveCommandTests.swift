import Foundation
import RackTwinIO
import XCTest

final class SolveCommandTests: XCTestCase {
  func makeCase() throws -> URL {
    let dir = try temporaryDirectory(self)
    try write(smallMeshSpec, to: "mesh.yaml", in: dir)
    try write(smallCase, to: "case.yaml", in: dir)
    let gen = try runRacktwin(["mesh", "generate", "mesh.yaml", "-o", "mesh.h5"], in: dir)
    XCTAssertEqual(gen.status, 0, gen.stderr)
    return dir
  }

  /// All 20 W leave through the bottom: mean bottom temperature = 30 °C + 20 W / (10,000 W/m²K · 1e-4 m²) = 50 °C
  /// (energy balance), and the bottom-centre probe sits above that mean, below the die.
  func testSolveWritesResultsWithUnitsAndBalancesEnergy() throws {
    let dir = try makeCase()
    let r = try runRacktwin(["solve", "case.yaml", "-o", "out/result.h5"], in: dir)
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertTrue(r.stdout.contains("energy balance"), r.stdout)
    let file = try HDF5File.open(readingAt: dir.appendingPathComponent("out/result.h5").path)
    XCTAssertEqual(try file.stringAttribute("format", of: "/"), "racktwin.results")
    XCTAssertEqual(try file.stringAttribute("units", of: "/fields/temperature"), "degC")
    let rel = try file.read(Double.self, at: "/metrics/energy_balance_relative").values[0]
    XCTAssertLessThan(rel, 1e-10)
    let out = try file.read(Double.self, at: "/metrics/heat_out").values[0]
    XCTAssertEqual(out, 20, accuracy: 1e-8)
    let probe = try file.read(Double.self, at: "/probes/temperature").values[0]
    XCTAssertGreaterThan(probe, 50)
    let tmax = try file.read(Double.self, at: "/components/max_temperature").values[0]
    XCTAssertGreaterThan(tmax, probe)
    XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/result.xdmf").path))
    for name in ["power", "max_temperature", "mean_temperature", "limit", "margin", "hottest_cell"] {
      XCTAssertTrue(file.hasAttribute("units", on: "/components/\(name)"), name)
    }
  }

  func testSetOverridesAKey() throws {
    let dir = try makeCase()
    let r = try runRacktwin(["solve", "case.yaml", "-o", "r.h5", "--set", "components.chip.power=40 W"], in: dir)
    XCTAssertEqual(r.status, 0, r.stderr)
    let file = try HDF5File.open(readingAt: dir.appendingPathComponent("r.h5").path)
    XCTAssertEqual(try file.read(Double.self, at: "/metrics/heat_out").values[0], 40, accuracy: 1e-8)
    XCTAssertTrue(try file.stringAttribute("case_text", of: "/").contains("--set components.chip.power=40 W"))
  }

  /// Bad input exits 2 with one message naming the file, the key or dataset, what was expected and what was found,
  /// and leaves no results file.
  func testBadInputExitsTwoWithAMessageAndNoFile() throws {
    let dir = try makeCase()
    let cases: [(String, String, [String])] = [
      ("unknown key", smallCase.replacingOccurrences(of: "probes:", with: "probez:"), ["bad.yaml:", "probez", "did you mean \"probes\""]),
      ("wrong dimension", smallCase.replacingOccurrences(of: "\"20 W\"", with: "\"5 kg\""), ["components.chip.power", "5 kg"]),
      ("YAML syntax", smallCase + "\n  bad: [unclosed\n", ["bad.yaml:9", "valid YAML"]),
      ("unknown material", smallCase + "\nregions:\n  die: {material: silicn}\n", ["regions.die.material", "silicn", "did you mean \"silicon\""]),
      ("unknown region", smallCase.replacingOccurrences(of: "[die]", with: "[dye]"), ["components.chip.regions", "dye", "did you mean \"die\""]),
      ("unknown patch", smallCase.replacingOccurrences(of: "zmin:", with: "zmim:"), ["boundaries.zmim", "did you mean \"zmin\""]),
      ("negative conductivity", smallCase + "\nmaterials:\n  copper: {conductivity: \"-5 W/m/K\"}\n", ["materials.copper.conductivity", "-5"]),
      ("NaN conductivity", smallCase + "\nmaterials:\n  copper: {conductivity: .nan}\n", ["materials.copper.conductivity"]),
      ("missing mesh file", smallCase.replacingOccurrences(of: "mesh: mesh.h5", with: "mesh: nowhere.h5"), ["nowhere.h5"]),
      ("no thermal path", smallCase.replacingOccurrences(of: "zmin: {type: convection, h: \"10000 W/m^2/K\", ambient: \"30 degC\"}",
                                                         with: "zmin: {type: adiabatic}"), ["die", "20 W", "no steady state"]),
      ("probe outside", smallCase.replacingOccurrences(of: "[\"5 mm\", \"5 mm\", 0]", with: "[\"50 mm\", \"5 mm\", 0]"), ["probes.plateBottom", "outside"]),
    ]
    for (label, text, words) in cases {
      try write(text, to: "bad.yaml", in: dir)
      let r = try runRacktwin(["solve", "bad.yaml", "-o", "bad.h5"], in: dir)
      XCTAssertEqual(r.status, 2, "\(label): \(r.stderr)")
      XCTAssertTrue(r.stderr.hasPrefix("error: "), "\(label): \(r.stderr)")
      for w in words { XCTAssertTrue(r.stderr.contains(w), "\(label): expected '\(w)' in: \(r.stderr)") }
      XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("bad.h5").path), label)
    }
  }

  func testTruncatedMeshFileExitsTwo() throws {
    let dir = try makeCase()
    let mesh = dir.appendingPathComponent("mesh.h5")
    let data = try Data(contentsOf: mesh)
    try data.prefix(data.count / 2).write(to: mesh)
    let r = try runRacktwin(["solve", "case.yaml", "-o", "r.h5"], in: dir)
    XCTAssertEqual(r.status, 2, r.stderr)
    XCTAssertTrue(r.stderr.contains("mesh.h5"), r.stderr)
  }

  func testNonConvergenceExitsOneWithTheResidual() throws {
    let dir = try makeCase()
    let r = try runRacktwin(["solve", "case.yaml", "-o", "r.h5", "--set", "solver.method=cg-jacobi",
                             "--set", "solver.maxIterations=2"], in: dir)
    XCTAssertEqual(r.status, 1, r.stderr)
    XCTAssertTrue(r.stderr.contains("did not converge") && r.stderr.contains("relative residual"), r.stderr)
  }

  func testUsageErrorIsBadInput() throws {
    let dir = try temporaryDirectory(self)
    let r = try runRacktwin(["solve"], in: dir)
    XCTAssertEqual(r.status, 2, r.stderr)
  }
}
