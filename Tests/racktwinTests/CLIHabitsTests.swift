import Foundation
import RackTwinIO
import XCTest

/// The command line's habits (issue 19, "CLI habits"; docs/cli.md): an example in every command's help, shell
/// completion, -q/-v everywhere, progress on stderr, `--json`, `--units us`.
final class CLIHabitsTests: XCTestCase {
  /// Every command path (`["mesh", "inspect"]`) and its discussion, walked from argument-parser's own dump of the
  /// command configuration: a new subcommand appears here without anyone listing it. The generated `help` is not ours.
  func commandTree() throws -> [(path: [String], discussion: String, options: [String])] {
    let r = try runRacktwin(["--experimental-dump-help"], in: repositoryRoot())
    XCTAssertEqual(r.status, 0, r.stderr)
    let root = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    var out: [(path: [String], discussion: String, options: [String])] = []
    func walk(_ command: [String: Any], _ path: [String]) {
      let names = (command["arguments"] as? [[String: Any]] ?? []).flatMap { a in
        (a["names"] as? [[String: Any]] ?? []).compactMap { n -> String? in
          guard let name = n["name"] as? String, let kind = n["kind"] as? String else { return nil }
          return kind == "short" ? "-" + name : "--" + name
        }
      }
      out.append((path, command["discussion"] as? String ?? "", names))
      for sub in command["subcommands"] as? [[String: Any]] ?? [] {
        guard let name = sub["commandName"] as? String, name != "help" else { continue }
        walk(sub, path + [name])
      }
    }
    walk(try XCTUnwrap(root["command"] as? [String: Any]), [])
    return out
  }

  /// `racktwin help X` of every command (the root, groups and leaves) shows an `Example` heading and at least one
  /// line `racktwin X …`; every input an example names (an argument ending .yaml, .h5, .msh) exists in the repository,
  /// unless it is under results/ (the outputs of other examples; git ignores that directory).
  func testEveryCommandsHelpShowsAnExampleOnBundledFiles() throws {
    let root = repositoryRoot()
    let tree = try commandTree()
    XCTAssertGreaterThanOrEqual(tree.count, 12, "the dump should list solve, sweep, merge, report, mesh …")
    for (path, _, _) in tree {
      let r = try runRacktwin(["help"] + path, in: root)
      XCTAssertEqual(r.status, 0, "racktwin help \(path): \(r.stderr)")
      XCTAssertTrue(r.stdout.contains("Example"), "racktwin help \(path.joined(separator: " ")) has no example")
      let examples = exampleCommands(r.stdout, context: path)
      let own = examples.filter { $0.hasPrefix((["racktwin"] + path).joined(separator: " ") + " ") || path.isEmpty }
      XCTAssertFalse(own.isEmpty, "racktwin help \(path.joined(separator: " ")): no example line of its own")
      for line in examples {
        for word in line.split(separator: " ").map(String.init) {
          let file = word.trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
          guard [".yaml", ".h5", ".msh"].contains(where: file.hasSuffix), !file.hasPrefix("results/"),
                !file.hasPrefix("-") else { continue }
          // The tray's mesh is made by the example line before the compact build.
          if examples.contains(where: { $0.contains("-o \(file)") }) { continue }
          XCTAssertTrue(FileManager.default.fileExists(atPath: root.appendingPathComponent(file).path),
                        "racktwin help \(path.joined(separator: " ")): the example's \(file) is not in the repository")
        }
      }
    }
  }

  /// The example commands of a help text, continuation lines (`\\` at the end) joined. The help is wrapped at 80
  /// columns when not on a terminal: an example line wrapped by it would lose its indentation, so every line of an
  /// `Example` block must be indented (examples are written at most 76 characters wide, continued with `\\`).
  func exampleCommands(_ help: String, context: [String]) -> [String] {
    var commands: [String] = [], inBlock = false, continuing = false
    for raw in help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
      if raw.hasPrefix("Example") {
        inBlock = true
        continue
      }
      if raw.isEmpty {
        inBlock = false
        continue
      }
      guard inBlock else { continue }
      XCTAssertTrue(raw.hasPrefix("  "), "racktwin help \(context.joined(separator: " ")): the example line \"\(raw)\" is "
                      + "wrapped; shorten it or continue it with a backslash")
      let line = raw.trimmingCharacters(in: .whitespaces)
      let text = line.hasSuffix("\\") ? String(line.dropLast()).trimmingCharacters(in: .whitespaces) : line
      if continuing, let last = commands.popLast() {
        commands.append(last + " " + text)
      } else if line.hasPrefix("racktwin ") {
        commands.append(text)
      }
      continuing = line.hasSuffix("\\")
    }
    return commands
  }

  /// Every leaf command (one that runs) takes -q/--quiet and -v/--verbose.
  func testEveryCommandTakesQuietAndVerbose() throws {
    let tree = try commandTree()
    let groups: Set<[String]> = Set(tree.map(\.path).filter { p in tree.contains { $0.path.count == p.count + 1
                                                                                     && Array($0.path.prefix(p.count)) == p } })
    for (path, _, options) in tree where !groups.contains(path) {
      for flag in ["-q", "--quiet", "-v", "--verbose"] {
        XCTAssertTrue(options.contains(flag), "racktwin \(path.joined(separator: " ")) has no \(flag)")
      }
    }
    let both = try runRacktwin(["mesh", "inspect", "geometries/gpu-stack/mesh.h5", "-q", "-v"], in: repositoryRoot())
    XCTAssertEqual(both.status, 2, "quiet and verbose together are a usage error (bad input)")
  }

  /// The completion scripts argument-parser generates, for bash, zsh and fish, name every top-level subcommand.
  func testCompletionScriptsNameTheSubcommands() throws {
    let tree = try commandTree()
    let top = tree.filter { $0.path.count == 1 }.map { $0.path[0] }
    XCTAssertTrue(top.contains("solve") && top.contains("mesh"), "\(top)")
    for shell in ["bash", "zsh", "fish"] {
      let r = try runRacktwin(["--generate-completion-script", shell], in: repositoryRoot())
      XCTAssertEqual(r.status, 0, r.stderr)
      XCTAssertGreaterThan(r.stdout.count, 500, shell)
      for name in top + ["inspect", "import", "generate"] {
        XCTAssertTrue(r.stdout.contains(name), "the \(shell) completion script does not name \(name)")
      }
      // Options too (fish names a long option `-l 'units'`).
      XCTAssertTrue(r.stdout.contains(shell == "fish" ? "-l 'units'" : "--units"), "the \(shell) script completes options")
    }
    let help = try runRacktwin(["--help"], in: repositoryRoot())
    XCTAssertTrue(help.stdout.contains("--generate-completion-script bash"), "the root help shows how to install it")
  }

  /// A sweep with its stdout redirected to a file: the file holds the summary only; the progress lines are on stderr.
  func testSweepProgressGoesToStderrNotStdout() throws {
    let dir = try temporaryDirectory(self)
    try write(smallMeshSpec, to: "mesh.yaml", in: dir)
    try write(smallCase, to: "case.yaml", in: dir)
    try write("""
      base: case.yaml
      axes:
        components.chip.power: ["10 W", "20 W", "30 W"]
      objectives:
        - {metric: max_temperature, goal: minimize}
        - {metric: power, goal: maximize}
      """, to: "sweep.yaml", in: dir)
    XCTAssertEqual(try runRacktwin(["mesh", "generate", "mesh.yaml", "-o", "mesh.h5", "-q"], in: dir).status, 0)
    let r = try runRacktwin(["sweep", "sweep.yaml", "-o", "sweep.h5", "--jobs", "1"], in: dir)
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertTrue(r.stderr.contains("sweep: 3/3 points"), "progress on stderr: \(r.stderr)")
    XCTAssertFalse(r.stdout.contains("/3 points"), "no progress in stdout: \(r.stdout)")
    XCTAssertTrue(r.stdout.contains("sweep: 3 points: 3 ok, 0 failed"), r.stdout)
    // Verbose: a line per point, still on stderr; quiet: nothing on either.
    let v = try runRacktwin(["sweep", "sweep.yaml", "-o", "sweep-v.h5", "--jobs", "1", "-v"], in: dir)
    XCTAssertEqual(v.status, 0, v.stderr)
    for k in 1...3 { XCTAssertTrue(v.stderr.contains("sweep: \(k)/3 points"), v.stderr) }
    XCTAssertTrue(v.stderr.contains("read sweep.yaml: 3 points"), v.stderr)
    XCTAssertFalse(v.stdout.contains("/3 points"), v.stdout)
    let q = try runRacktwin(["sweep", "sweep.yaml", "-o", "sweep-q.h5", "--jobs", "1", "-q"], in: dir)
    XCTAssertEqual(q.status, 0, q.stderr)
    XCTAssertEqual(q.stdout + q.stderr, "")
  }

  /// `solve --json`: one JSON object whose metrics equal the results file's (HDF5 `/metrics/*` with their `units`),
  /// whose energy balance closes on the known 20 W, and which names the files written. `-v` adds the residuals and
  /// stage times on stderr; `-q` prints nothing.
  func testSolveJSONMatchesTheResultsFile() throws {
    let dir = try temporaryDirectory(self)
    try write(smallMeshSpec, to: "mesh.yaml", in: dir)
    try write(smallCase, to: "case.yaml", in: dir)
    XCTAssertEqual(try runRacktwin(["mesh", "generate", "mesh.yaml", "-o", "mesh.h5", "-q"], in: dir).status, 0)
    let r = try runRacktwin(["solve", "case.yaml", "-o", "r.h5", "--json"], in: dir)
    XCTAssertEqual(r.status, 0, r.stderr)
    let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], r.stdout)
    XCTAssertEqual(json["output"] as? String, "r.h5")
    XCTAssertEqual(json["sidecar"] as? String, "r.xdmf")
    XCTAssertEqual(json["kind"] as? String, "steady")
    // The plate's 10 × 10 × 4 cells and the die's 4 × 4 × 2; the rest of the top layer is void.
    XCTAssertEqual((json["mesh"] as? [String: Any])?["cells"] as? Int, 432)
    let file = try HDF5File.open(readingAt: dir.appendingPathComponent("r.h5").path)
    defer { try? file.close() }
    let metrics = try XCTUnwrap(json["metrics"] as? [String: [String: Any]])
    XCTAssertGreaterThanOrEqual(metrics.count, 10)
    for (name, m) in metrics {
      let value = try file.read(Double.self, at: "/metrics/\(name)").values[0]
      // The same double printed and parsed back: %.17g round-trips, so equality to 1e-12 relative.
      if value.isFinite {
        XCTAssertEqual(try XCTUnwrap(m["value"] as? Double), value, accuracy: 1e-12 * max(1, abs(value)), name)
      }
      XCTAssertEqual(m["units"] as? String, try file.stringAttribute("units", of: "/metrics/\(name)"), name)
    }
    // The energy balance: 20 W in the chip, all out through zmin (closed to the solver's 1e-10).
    let balance = try XCTUnwrap(json["energyBalance"] as? [String: [String: Any]])
    XCTAssertEqual(try XCTUnwrap(balance["sources"]?["value"] as? Double), 20, accuracy: 1e-12)
    XCTAssertEqual(try XCTUnwrap(balance["heatOut"]?["value"] as? Double), 20, accuracy: 1e-6)
    XCTAssertEqual(balance["heatOut"]?["units"] as? String, "W")
    let components = try XCTUnwrap(json["components"] as? [[String: Any]])
    XCTAssertEqual(components.first?["name"] as? String, "chip")
    let limit = try XCTUnwrap((components.first?["limit"] as? [String: Any])?["value"] as? Double)
    XCTAssertEqual(limit, 85, accuracy: 1e-12)

    // An iterative method, so there are residuals to show (auto may factorise a mesh this small).
    let v = try runRacktwin(["solve", "case.yaml", "-o", "r.h5", "-v", "--set", "solver.method=cg-ic0"], in: dir)
    XCTAssertEqual(v.status, 0, v.stderr)
    XCTAssertTrue(v.stderr.contains("iteration     0  relative residual 1.000e+00"), v.stderr)
    XCTAssertTrue(v.stderr.contains("times: read"), v.stderr)
    XCTAssertFalse(v.stdout.contains("times: read"), "verbose lines stay off stdout")
    let q = try runRacktwin(["solve", "case.yaml", "-o", "r.h5", "-q"], in: dir)
    XCTAssertEqual(q.status, 0, q.stderr)
    XCTAssertEqual(q.stdout, "")
  }

  /// `mesh inspect --json` of the small stack: cells and regions against the mesh (HDF5) and the spec's geometry:
  /// plate 10 × 10 × 1 mm = 100 mm³, die 4 × 4 × 0.5 mm = 8 mm³, in a 10 × 10 × 1.5 mm box whose top layer is void
  /// around the die; zmin is 10 × 10 mm.
  func testMeshInspectJSONMatchesTheMesh() throws {
    let dir = try temporaryDirectory(self)
    try write(smallMeshSpec, to: "mesh.yaml", in: dir)
    XCTAssertEqual(try runRacktwin(["mesh", "generate", "mesh.yaml", "-o", "mesh.h5", "-q"], in: dir).status, 0)
    let r = try runRacktwin(["mesh", "inspect", "mesh.h5", "--json"], in: dir)
    XCTAssertEqual(r.status, 0, r.stderr)
    let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], r.stdout)
    let file = try HDF5File.open(readingAt: dir.appendingPathComponent("mesh.h5").path)
    defer { try? file.close() }
    let regionIds = try file.read(Int32.self, at: "/mesh/region").values
    let cells = try XCTUnwrap(json["cells"] as? Int)
    XCTAssertEqual(cells + (json["voidCells"] as? Int ?? -1), regionIds.count)
    let regions = try XCTUnwrap(json["regions"] as? [[String: Any]])
    func region(_ name: String) throws -> [String: Any] { try XCTUnwrap(regions.first { $0["name"] as? String == name }) }
    for name in ["plate", "die"] {
      let r = try region(name)
      let id = try XCTUnwrap(r["id"] as? Int)
      XCTAssertEqual(r["cells"] as? Int, regionIds.filter { Int($0) == id }.count, name)
    }
    // Volumes: exact boxes on a grid that resolves them, so to rounding (1e-10 relative).
    let plate = try XCTUnwrap((try region("plate")["volume"] as? [String: Any])?["value"] as? Double)
    let die = try XCTUnwrap((try region("die")["volume"] as? [String: Any])?["value"] as? Double)
    XCTAssertEqual(plate, 10e-3 * 10e-3 * 1e-3, accuracy: 1e-10 * 1e-7)
    XCTAssertEqual(die, 4e-3 * 4e-3 * 0.5e-3, accuracy: 1e-10 * 8e-9)
    XCTAssertEqual((try region("die")["volume"] as? [String: Any])?["units"] as? String, "m^3")
    let box = try XCTUnwrap(json["boundingBox"] as? [String: Any])
    let top = try XCTUnwrap(box["max"] as? [Double])
    for (got, want) in zip(top, [10e-3, 10e-3, 1.5e-3]) { XCTAssertEqual(got, want, accuracy: 1e-15) }  // summed cell sizes
    let patches = try XCTUnwrap(json["patches"] as? [[String: Any]])
    let zmin = try XCTUnwrap(patches.first { $0["name"] as? String == "zmin" })
    XCTAssertEqual(try XCTUnwrap((zmin["area"] as? [String: Any])?["value"] as? Double), 1e-4, accuracy: 1e-15)
  }

  /// `--units us` against exact factors (NIST SP 811 (2008) App. B: 1 in = 0.0254 m, 1 Btu_IT = 1055.05585262 J,
  /// °F = °C · 9/5 + 32): the probe, the component's power and the zmin patch's heat of the small stack, printed in
  /// US units, against the SI values in the results file.
  func testUnitsUSPrintsTheSummaryInUSUnits() throws {
    let dir = try temporaryDirectory(self)
    try write(smallMeshSpec, to: "mesh.yaml", in: dir)
    try write(smallCase, to: "case.yaml", in: dir)
    XCTAssertEqual(try runRacktwin(["mesh", "generate", "mesh.yaml", "-o", "mesh.h5", "-q"], in: dir).status, 0)
    let r = try runRacktwin(["solve", "case.yaml", "-o", "r.h5", "--units", "us"], in: dir)
    XCTAssertEqual(r.status, 0, r.stderr)
    let file = try HDF5File.open(readingAt: dir.appendingPathComponent("r.h5").path)
    defer { try? file.close() }
    let lines = r.stdout.split(separator: "\n").map(String.init)
    func numbers(after prefix: String) throws -> [Double] {
      let line = try XCTUnwrap(lines.first { $0.hasPrefix(prefix) }, "no line \(prefix) in \(r.stdout)")
      return line.dropFirst(prefix.count).split(separator: " ").compactMap { Double($0) }
    }
    // Probe: printed %.3f °F, so to 5e-4 °F.
    let probeC = try file.read(Double.self, at: "/probes/temperature").values[0]
    XCTAssertEqual(try numbers(after: "plateBottom").first ?? .nan, probeC * 9 / 5 + 32, accuracy: 5.1e-4)
    // Power: 20 W = 68.24283 BTU/h (printed %.2f).
    XCTAssertTrue(r.stdout.contains("power BTU/h"), r.stdout)
    XCTAssertEqual(try numbers(after: "chip").first ?? .nan, 20 / (1055.05585262 / 3600), accuracy: 5.1e-3)
    XCTAssertTrue(r.stdout.contains("energy balance: sources 68.2428 BTU/h"), r.stdout)
    // Patch area in ft²: 1e-4 m² / 0.3048² = 1.07639e-3 ft² (printed %.4g: half a unit of the 4th digit, 5e-7).
    let zmin = try numbers(after: "zmin")
    XCTAssertEqual(zmin.count, 3, "heat, area, mean temperature")
    XCTAssertEqual(zmin[1], 1e-4 / (0.3048 * 0.3048), accuracy: 5e-7)
    XCTAssertTrue(r.stdout.contains("mean °F"), r.stdout)
    // The file stays SI.
    XCTAssertEqual(try file.stringAttribute("units", of: "/probes/temperature"), "degC")
  }
}
