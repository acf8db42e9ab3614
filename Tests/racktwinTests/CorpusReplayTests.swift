import Foundation
import RackTwinCase
import RackTwinIO
import RackTwinMesh
import XCTest

/// Replays the malformed-input corpus (`Corpus/`, see its README) through the real CLI: every input must end with
/// exit code 2, one `error: ` message naming the input file (and the key or dataset its `expect` names), no results
/// or mesh file left behind, and within a time limit (a kill after the limit is reported as a hang).
final class CorpusReplayTests: XCTestCase {
  /// How each corpus folder is replayed: the arguments, with `INPUT` replaced by the input's file name (the input
  /// is copied into a fresh directory that also holds the valid `mesh.h5` and `case.yaml`), or for text folders
  /// whose inputs are values, `VALUE` by the input's first line.
  static let commands: [String: [String]] = [
    "case": ["solve", "INPUT", "-o", "out.h5"],
    "meshspec": ["mesh", "generate", "INPUT", "-o", "out.h5"],
    "overrides": ["solve", "case.yaml", "-o", "out.h5", "--set", "VALUE"],
    "sweep": ["sweep", "INPUT", "-o", "out.h5"],
    // A key that takes varying values (docs/case-format.md), so the value is parsed as an expression.
    "expression": ["solve", "case.yaml", "-o", "out.h5", "--set", "boundaries.zmin.ambient=VALUE"],
  ]

  /// Seconds after which an input counts as a hang.
  static let timeLimit = 20.0

  private var fixture: URL!

  override func setUpWithError() throws {
    fixture = try temporaryDirectory(self)
    try writeSmallMesh(to: fixture.appendingPathComponent("mesh.h5"))
    try write(smallCase, to: "case.yaml", in: fixture)
  }

  /// A fresh directory holding the valid mesh and case, plus `input` copied in when given.
  private func workDirectory(with input: URL?) throws -> URL {
    let dir = try temporaryDirectory(self)
    for name in ["mesh.h5", "case.yaml"] {
      try FileManager.default.copyItem(at: fixture.appendingPathComponent(name), to: dir.appendingPathComponent(name))
    }
    if let input { try FileManager.default.copyItem(at: input, to: dir.appendingPathComponent(input.lastPathComponent)) }
    return dir
  }

  /// Runs `arguments` in `dir` and checks the bad-input contract; `names` must all appear in the message.
  private func expectBadInput(_ arguments: [String], in dir: URL, label: String, names: [String], file: StaticString = #filePath,
                              line: UInt = #line) throws {
    let before = directoryListing(dir)
    let r = try runRacktwinBounded(arguments, in: dir, timeout: Self.timeLimit)
    let shown = String(r.stderr.prefix(600))
    XCTAssertFalse(r.timedOut, "\(label): hang (killed after \(Self.timeLimit) s)", file: file, line: line)
    XCTAssertFalse(r.signalled, "\(label): crashed with signal \(r.status): \(shown)", file: file, line: line)
    XCTAssertEqual(r.status, 2, "\(label): exit code \(r.status), stderr: \(shown)", file: file, line: line)
    XCTAssertTrue(r.stderr.hasPrefix("error: "), "\(label): stderr does not start with \"error: \": \(shown)", file: file, line: line)
    XCTAssertEqual(r.stderr.components(separatedBy: "error: ").count - 1, 1, "\(label): not one message: \(shown)",
                   file: file, line: line)
    XCTAssertLessThanOrEqual(r.stderr.count, 4000, "\(label): message of \(r.stderr.count) characters", file: file, line: line)
    for name in names where !name.isEmpty {
      XCTAssertTrue(r.stderr.contains(name), "\(label): message does not name \"\(name)\": \(shown)", file: file, line: line)
    }
    let left = directoryListing(dir).subtracting(before)
    XCTAssertTrue(left.isEmpty, "\(label): left behind \(left.sorted())", file: file, line: line)
  }

  /// Inputs each replayed folder must hold at least (a folder that empties silently tests nothing).
  static let minimumInputs = ["case": 50, "meshspec": 20, "overrides": 20, "sweep": 20, "expression": 20]

  func testTextCorpusExitsTwoWithOneMessageNamingTheFile() throws {
    var count = 0
    for (folder, command) in Self.commands.sorted(by: { $0.key < $1.key }) {
      let inputs = corpusInputs(folder)
      XCTAssertGreaterThanOrEqual(inputs.count, Self.minimumInputs[folder] ?? 1, "\(folder)/ shrank")
      for input in inputs {
        let dir = try workDirectory(with: command.contains("INPUT") ? input : nil)
        let expect = corpusExpectation(input)
        // Every input says what its message must name, so a message that stops naming it fails.
        XCTAssertNotNil(expect, "\(folder)/\(input.lastPathComponent): no \"# expect:\" line")
        var names = [expect ?? ""]
        var arguments = command.map { $0 == "INPUT" ? input.lastPathComponent : $0 }
        if command.contains(where: { $0.contains("VALUE") }) {
          let text = try String(contentsOf: input, encoding: .utf8)
          let value = String(text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)[0])
          arguments = arguments.map { $0.replacingOccurrences(of: "VALUE", with: value) }
          names.append("case.yaml")
        } else if !corpusNamesFileExempt(input) {
          names.append(input.lastPathComponent)
        }
        try expectBadInput(arguments, in: dir, label: "\(folder)/\(input.lastPathComponent)", names: names)
        count += 1
      }
    }
    XCTAssertGreaterThanOrEqual(count, 160, "corpus shrank")
  }

  func testMeshCorpusExitsTwoForInspectAndSolve() throws {
    let dir = try workDirectory(with: nil)
    var inputs: [(name: String, expect: String)] = []
    // Recipes: the valid base files first (they must read), then each malformed variant.
    for (name, base) in [("base-rectilinear.h5", RawMeshFile.rectilinear), ("base-unstructured.h5", .unstructured)] {
      try base.write(to: dir.appendingPathComponent(name).path)
      let r = try runRacktwinBounded(["mesh", "inspect", name], in: dir)
      XCTAssertEqual(r.status, 0, "\(name) should be valid: \(r.stderr)")
      // Truncations of a valid file at fixed lengths: all must be reported, none may crash.
      let bytes = try Data(contentsOf: dir.appendingPathComponent(name))
      for length in [0, 7, 96, 512, 2048, bytes.count / 2, bytes.count - 1] where length < bytes.count {
        let cut = "cut-\(length)-" + name
        try bytes.prefix(length).write(to: dir.appendingPathComponent(cut))
        inputs.append((cut, "/"))
      }
    }
    for recipe in meshRecipes {
      let name = recipe.name + ".h5"
      try recipe.file.write(to: dir.appendingPathComponent(name).path)
      inputs.append((name, recipe.expect))
    }
    for input in corpusInputs("mesh") {
      try FileManager.default.copyItem(at: input, to: dir.appendingPathComponent(input.lastPathComponent))
      inputs.append((input.lastPathComponent, corpusExpectation(input) ?? ""))
    }
    for (name, expect) in inputs {
      try expectBadInput(["mesh", "inspect", name], in: dir, label: "mesh inspect \(name)", names: [name, expect])
      let caseName = "case-\(name).yaml"
      try write("mesh: \(name)\nboundaries:\n  void: {type: temperature, value: \"20 degC\"}\n", to: caseName, in: dir)
      try expectBadInput(["solve", caseName, "-o", "out.h5"], in: dir, label: "solve with \(name)", names: [name, expect])
    }
    XCTAssertGreaterThanOrEqual(inputs.count, 60, "corpus shrank")
  }

  /// Found by fuzzing: a patch that lists one face twice indexed the patch table past its end (a crash). Listing a
  /// face twice in one patch is harmless and reads.
  func testPatchListingAFaceTwiceReads() throws {
    let dir = try workDirectory(with: nil)
    var rect = RawMeshFile.rectilinear
    rect.datasets["/patches/top/faces"] = .int64([7, 5, 10, 5, 7, 5], [3, 2])
    var tets = RawMeshFile.unstructured
    tets.datasets["/patches/base/faces"] = .int64([0, 3, 0, 3], [2, 2])
    for (name, file) in [("rect.h5", rect), ("tets.h5", tets)] {
      try file.write(to: dir.appendingPathComponent(name).path)
      let r = try runRacktwinBounded(["mesh", "inspect", name], in: dir)
      XCTAssertEqual(r.status, 0, "\(name): \(r.stderr.prefix(300))")
    }
  }

  /// Units are replayed in-process: every corpus quantity must be a `CaseError`, never a crash.
  func testUnitsCorpusThrowsCaseErrors() throws {
    let inputs = corpusInputs("units")
    XCTAssertGreaterThanOrEqual(inputs.count, 15)
    for input in inputs {
      let text = String(decoding: try Data(contentsOf: input), as: UTF8.self)
      XCTAssertThrowsError(try parseQuantity(text, as: .power, key: "p", file: input.lastPathComponent)) { error in
        XCTAssertTrue(error is CaseError, "\(input.lastPathComponent): \(type(of: error)) \(error)")
      }
    }
  }

  /// Decoder-level replay of the case and spec corpora: whatever is thrown is a `CaseError` (the CLI test covers
  /// the errors that only reading the mesh or building the model finds).
  func testDecodersThrowOnlyCaseErrors() throws {
    for input in corpusInputs("case") {
      guard let data = FileManager.default.contents(atPath: input.path), let text = String(data: data, encoding: .utf8) else { continue }
      do { _ = try CaseDecoder.decode(text: text, path: input.lastPathComponent) } catch {
        XCTAssertTrue(error is CaseError, "\(input.lastPathComponent): \(type(of: error)) \(error)")
      }
    }
    for input in corpusInputs("meshspec") {
      let text = try String(contentsOf: input, encoding: .utf8)
      do { _ = try FVMesh(MeshGenerator.generate(GridSpecDecoder.decode(text: text, path: input.lastPathComponent))) } catch {
        XCTAssertTrue(error is CaseError || error is MeshError, "\(input.lastPathComponent): \(type(of: error)) \(error)")
      }
    }
  }
}
