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
    // Bottom face temperatures from the bottom layer of cells (the first 10 × 10 values of the [nz][ny][nx] field,
    // all copper, 0.25 mm thick): h (T_f − T∞) = (2k/dz)(T_c − T_f), so T_f = (h T∞ + g T_c)/(h + g), g = 2k/dz.
    // The faces have equal areas, so their plain mean is the area-weighted mean the energy balance fixes at 50 °C.
    let field = try file.read(Double.self, at: "/fields/temperature")
    XCTAssertEqual(field.shape, [6, 10, 10])
    let h = 10_000.0, g = 2 * 401 / 0.25e-3   // W/m²K; copper k = 401 W/m/K (Incropera Table A.1)
    let faces = field.values.prefix(100).map { (h * 30 + g * $0) / (h + g) }
    let bottomMean = faces.reduce(0, +) / 100
    // Exact up to the linear solve (relative residual 1e-10 on temperatures of order 300 K): 1e-6 K.
    XCTAssertEqual(bottomMean, 50, accuracy: 1e-6)
    let probe = try file.read(Double.self, at: "/probes/temperature").values[0]
    // The centre of the bottom lies under the die, hotter than the face mean and than the coolest (corner) face, and
    // within the spread of the face temperatures it interpolates.
    XCTAssertGreaterThan(probe, bottomMean + 0.1)
    XCTAssertLessThanOrEqual(probe, faces.max()! + 1e-9)
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
                                                         with: "zmin: {type: adiabatic}"), ["bad.yaml: ", "die", "20 W", "no steady state"]),
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

final class NonlinearCaseTests: XCTestCase {
  /// Leakage, radiation and k(T) from the case file: decoded, solved by Picard, the solved power reported.
  func testLeakageRadiationAndConductivityLawFromTheCaseFile() throws {
    let dir = try temporaryDirectory(self)
    try write(smallMeshSpec, to: "mesh.yaml", in: dir)
    XCTAssertEqual(try runRacktwin(["mesh", "generate", "mesh.yaml", "-o", "mesh.h5", "--quiet"], in: dir).status, 0)
    let text = """
      mesh: mesh.h5
      materials:
        copper: {conductivity: {table: [["300 K", "401 W/m/K"], ["600 K", "379 W/m/K"]]}}
        silicon: {conductivity: {value: "148 W/m/K", reference: "300 K", slope: "-0.3 W/m/K^2"}}
      components:
        chip: {regions: [die], power: {dynamic: "15 W", leakage: "3 W", reference: "60 degC", doublingInterval: "20 K"}}
      boundaries:
        zmin: {type: convection, h: "10000 W/m^2/K", ambient: "30 degC"}
        zmax: {type: radiation, emissivity: 0.9, surroundings: "25 degC"}
      """
    try write(text, to: "case.yaml", in: dir)
    let r = try runRacktwin(["solve", "case.yaml", "-o", "r.h5"], in: dir)
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertTrue(r.stdout.contains("Picard"), r.stdout)
    let file = try HDF5File.open(readingAt: dir.appendingPathComponent("r.h5").path)
    let power = try file.read(Double.self, at: "/components/power").values[0]
    let mean = try file.read(Double.self, at: "/components/mean_temperature").values[0]
    // The reported power is the leakage law at the reported mean temperature (to the Picard tolerance).
    XCTAssertEqual(power, 15 + 3 * exp2((mean - 60) / 20), accuracy: 1e-6)
    XCTAssertGreaterThan(try file.read(Double.self, at: "/metrics/nonlinear_iterations").values[0], 1)
    XCTAssertLessThan(try file.read(Double.self, at: "/metrics/energy_balance_relative").values[0], 1e-9)
  }

  func testBadNonlinearKeysExitTwo() throws {
    let dir = try temporaryDirectory(self)
    try write(smallMeshSpec, to: "mesh.yaml", in: dir)
    XCTAssertEqual(try runRacktwin(["mesh", "generate", "mesh.yaml", "-o", "mesh.h5", "--quiet"], in: dir).status, 0)
    let cases: [(String, [String])] = [
      ("zmax: {type: radiation, emissivity: 1.5, surroundings: \"25 degC\"}", ["boundaries.zmax.emissivity", "(0, 1]"]),
      ("zmax: {type: radiation, surroundings: \"25 degC\"}", ["boundaries.zmax", "emissivity"]),
    ]
    for (line, words) in cases {
      try write(smallCase.replacingOccurrences(of: "boundaries:\n", with: "boundaries:\n  " + line + "\n"), to: "bad.yaml", in: dir)
      let r = try runRacktwin(["solve", "bad.yaml", "-o", "bad.h5"], in: dir)
      XCTAssertEqual(r.status, 2, r.stderr)
      for w in words { XCTAssertTrue(r.stderr.contains(w), "\(w) in \(r.stderr)") }
    }
    let table = smallCase + "\nmaterials:\n  copper: {conductivity: {table: [[\"400 K\", 390], [\"300 K\", 401]]}}\n"
    try write(table, to: "bad.yaml", in: dir)
    let r = try runRacktwin(["solve", "bad.yaml", "-o", "bad.h5"], in: dir)
    XCTAssertEqual(r.status, 2, r.stderr)
    XCTAssertTrue(r.stderr.contains("materials.copper.conductivity.table.1.0") && r.stderr.contains("increasing"), r.stderr)
  }
}

final class ResourceAndInterruptTests: XCTestCase {
  /// A run that cannot fit is refused before it starts, with needed against available, exit 2 and no file.
  func testRunThatCannotFitIsRefusedNamingNeededAndAvailable() throws {
    let dir = try temporaryDirectory(self)
    try write(smallMeshSpec, to: "mesh.yaml", in: dir)
    try write(smallCase, to: "case.yaml", in: dir)
    XCTAssertEqual(try runRacktwin(["mesh", "generate", "mesh.yaml", "-o", "mesh.h5", "--quiet"], in: dir).status, 0)
    let p = Process()
    p.executableURL = racktwinBinary()
    p.arguments = ["solve", "case.yaml", "-o", "r.h5"]
    p.currentDirectoryURL = dir
    var env = ProcessInfo.processInfo.environment
    env["RACKTWIN_MEMORY_LIMIT"] = "1000000"  // 1 MB: less than the 32 MiB floor of any run
    p.environment = env
    let err = Pipe()
    p.standardError = err
    p.standardOutput = Pipe()
    try p.run()
    let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    p.waitUntilExit()
    XCTAssertEqual(p.terminationStatus, 2, text)
    XCTAssertTrue(text.contains("not enough memory") && text.contains("needs about") && text.contains("available"), text)
    XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("r.h5").path))
  }

  /// SIGTERM during a solve: exit 143 and no results file, no temporary left behind.
  func testSigtermDuringASolveLeavesNoFile() throws {
    let dir = try temporaryDirectory(self)
    // 200 × 200 × 10 = 400,000 cells with a slow solver: seconds of work.
    try write("""
      domain: {min: [0, 0, 0], max: [1, 1, 0.05]}
      cells: {all: {maxSize: 0.005}}
      regions: {block: {material: copper}}
      boxes: [{region: block, min: [0, 0, 0], max: [1, 1, 0.05]}]
      """, to: "mesh.yaml", in: dir)
    XCTAssertEqual(try runRacktwin(["mesh", "generate", "mesh.yaml", "-o", "mesh.h5", "--quiet"], in: dir).status, 0)
    try write("""
      mesh: mesh.h5
      components: {c: {regions: [block], power: "100 W"}}
      boundaries: {xmin: {type: temperature, value: "20 degC"}}
      solver: {method: cg-jacobi, tolerance: 1e-14, maxIterations: 100000}
      """, to: "case.yaml", in: dir)
    let p = Process()
    p.executableURL = racktwinBinary()
    p.arguments = ["solve", "case.yaml", "-o", "r.h5"]
    p.currentDirectoryURL = dir
    p.standardOutput = Pipe()
    p.standardError = Pipe()
    try p.run()
    Thread.sleep(forTimeInterval: 1.0)
    XCTAssertTrue(p.isRunning, "the solve should still be running after 1 s")
    p.terminate()
    p.waitUntilExit()
    XCTAssertEqual(p.terminationStatus, 143)
    let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("r.") }
    XCTAssertEqual(left, [], "no results file or temporary")
  }
}

final class TransientOverflowTests: XCTestCase {
  /// 1e308 W in a transient run overflows the field: exit 2 naming the case, and no results file.
  func testTransientRunThatOverflowsWritesNothing() throws {
    let dir = try temporaryDirectory(self)
    try write(smallMeshSpec, to: "mesh.yaml", in: dir)
    XCTAssertEqual(try runRacktwin(["mesh", "generate", "mesh.yaml", "-o", "mesh.h5", "--quiet"], in: dir).status, 0)
    let text = smallCase.replacingOccurrences(of: "\"20 W\"", with: "1e308")
      + "\ntransient: {duration: \"10 s\", step: \"5 s\", initial: \"30 degC\"}\n"
    try write(text, to: "case.yaml", in: dir)
    let r = try runRacktwin(["solve", "case.yaml", "-o", "r.h5"], in: dir)
    XCTAssertEqual(r.status, 2, r.stderr)
    XCTAssertTrue(r.stderr.hasPrefix("error: case.yaml: transient: "), r.stderr)
    XCTAssertTrue(r.stderr.contains("overflow"), r.stderr)
    XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("r.h5").path))
  }
}
