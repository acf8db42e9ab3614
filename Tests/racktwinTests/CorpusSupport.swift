import Foundation
import RackTwinIO
import RackTwinMesh
import XCTest

/// The malformed-input corpus (`Tests/racktwinTests/Corpus`), found from this file's path: tests run from the
/// source checkout, so no SwiftPM resources are needed.
let corpusRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Corpus")

/// The corpus inputs of one folder, sorted by name (`.expect` sidecars, scripts and READMEs are not inputs).
func corpusInputs(_ folder: String) -> [URL] {
  let dir = corpusRoot.appendingPathComponent(folder)
  let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
  return names.filter { !$0.hasPrefix(".") && !$0.hasSuffix(".expect") && !$0.hasSuffix(".py") && !$0.hasSuffix(".md") }
    .sorted().map { dir.appendingPathComponent($0) }
}

/// The text an input's error message must contain: a `# expect: TEXT` line in a text input, or an `.expect` sidecar.
func corpusExpectation(_ input: URL) -> String? {
  let sidecar = input.deletingPathExtension().appendingPathExtension("expect")
  if let text = try? String(contentsOf: sidecar, encoding: .utf8) {
    return text.trimmingCharacters(in: .whitespacesAndNewlines)
  }
  guard let data = try? Data(contentsOf: input), input.pathExtension != "h5" else { return nil }
  let text = String(decoding: data.prefix(200_000), as: UTF8.self)
  for line in text.split(separator: "\n", omittingEmptySubsequences: false) where line.hasPrefix("# expect:") {
    let value = line.dropFirst("# expect:".count).trimmingCharacters(in: .whitespaces)
    return value.isEmpty ? nil : value
  }
  return nil
}

/// Whether a text input says `# names-file: no`: its error is about the model, and the message need not name it.
func corpusNamesFileExempt(_ input: URL) -> Bool {
  guard input.pathExtension != "h5", let data = try? Data(contentsOf: input) else { return false }
  return String(decoding: data.prefix(2000), as: UTF8.self).contains("\n# names-file: no")
}

/// How a bounded CLI run ended.
struct BoundedRun {
  var status: Int32
  var signalled: Bool
  var timedOut: Bool
  var stdout: String
  var stderr: String
  var seconds: Double
}

/// Runs the `racktwin` binary in `directory`, killing it after `timeout` seconds (a hang); output goes to files so
/// that a chatty child cannot block on a full pipe.
func runRacktwinBounded(_ arguments: [String], in directory: URL, timeout: Double = 20) throws -> BoundedRun {
  let outURL = FileManager.default.temporaryDirectory.appendingPathComponent("rt-out-\(UUID().uuidString)")
  let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("rt-err-\(UUID().uuidString)")
  _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
  _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
  defer {
    try? FileManager.default.removeItem(at: outURL)
    try? FileManager.default.removeItem(at: errURL)
  }
  let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
  let process = Process()
  process.executableURL = racktwinBinary()
  process.arguments = arguments
  process.currentDirectoryURL = directory
  var env = ProcessInfo.processInfo.environment
  env["OPENBLAS_NUM_THREADS"] = "1"
  process.environment = env
  process.standardOutput = out
  process.standardError = err
  let done = DispatchSemaphore(value: 0)
  process.terminationHandler = { _ in done.signal() }
  let start = Date()
  try process.run()
  var timedOut = false
  if done.wait(timeout: .now() + timeout) == .timedOut {
    timedOut = true
    kill(process.processIdentifier, SIGKILL)
    done.wait()
  }
  try? out.close()
  try? err.close()
  let stdout = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
  let stderr = String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self)
  return BoundedRun(status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
                    timedOut: timedOut, stdout: stdout, stderr: stderr, seconds: Date().timeIntervalSince(start))
}

/// Names of the files in a directory (for "nothing left behind").
func directoryListing(_ dir: URL) -> Set<String> {
  Set((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [])
}

/// Writes the valid small mesh (`smallMeshSpec`) to `url` in-process.
func writeSmallMesh(to url: URL) throws {
  let spec = try GridSpecDecoder.decode(text: smallMeshSpec, path: "mesh.yaml")
  try MeshFileWriter.write(try MeshGenerator.generate(spec), to: url.path)
}

// MARK: Malformed mesh files built from recipes

/// A mesh file as raw objects, written without any checks so that recipes can break it in any way the API allows.
struct RawMeshFile {
  enum Attribute {
    case string(String), int64(Int64), int32(Int32), double(Double)
  }
  enum Dataset {
    case float64([Double], [Int]), int32([Int32], [Int]), int64([Int64], [Int]), uint8([UInt8], [Int])
  }
  /// Attributes by object path (`/` for the root).
  var attributes: [String: [String: Attribute]] = [:]
  var groups: Set<String> = []
  var datasets: [String: Dataset] = [:]

  /// A valid 3 × 2 × 2 rectilinear mesh: a copper plate (id 1) with a silicon die (id 2) in two cells.
  static var rectilinear: RawMeshFile {
    var m = RawMeshFile()
    m.attributes["/"] = ["format": .string("racktwin.mesh"), "version": .int64(1)]
    m.groups = ["/mesh", "/regions/plate", "/regions/die", "/patches/top"]
    m.attributes["/mesh"] = ["kind": .string("rectilinear")]
    m.datasets["/mesh/x"] = .float64([0, 1e-3, 2e-3, 3e-3], [4])
    m.datasets["/mesh/y"] = .float64([0, 1e-3, 2e-3], [3])
    m.datasets["/mesh/z"] = .float64([0, 1e-3, 2e-3], [3])
    m.datasets["/mesh/region"] = .int32([1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 2, 1], [2, 2, 3])
    m.datasets["/patches/top/faces"] = .int64([7, 5, 10, 5], [2, 2])
    m.attributes["/regions/plate"] = ["id": .int32(1), "kind": .string("solid"), "material": .string("copper")]
    m.attributes["/regions/die"] = ["id": .int32(2), "kind": .string("solid"), "material": .string("silicon"),
                                    "component": .string("chip")]
    return m
  }

  /// A valid unstructured mesh: two positively oriented tetrahedra sharing a face.
  static var unstructured: RawMeshFile {
    var m = RawMeshFile()
    m.attributes["/"] = ["format": .string("racktwin.mesh"), "version": .int64(1)]
    m.groups = ["/mesh", "/regions/plate", "/regions/die", "/patches/base"]
    m.attributes["/mesh"] = ["kind": .string("unstructured")]
    m.datasets["/mesh/points"] = .float64([0, 0, 0, 1e-3, 0, 0, 0, 1e-3, 0, 0, 0, 1e-3, 1e-3, 1e-3, 1e-3], [5, 3])
    m.datasets["/mesh/connectivity"] = .int64([0, 1, 2, 3, 1, 2, 3, 4], [8])
    m.datasets["/mesh/offsets"] = .int64([0, 4, 8], [3])
    m.datasets["/mesh/types"] = .uint8([10, 10], [2])
    m.datasets["/mesh/region"] = .int32([1, 2], [2])
    m.datasets["/patches/base/faces"] = .int64([0, 3], [1, 2])
    m.attributes["/regions/plate"] = ["id": .int32(1), "kind": .string("solid"), "material": .string("copper")]
    m.attributes["/regions/die"] = ["id": .int32(2), "kind": .string("solid"), "material": .string("silicon"),
                                    "component": .string("chip")]
    return m
  }

  func write(to path: String) throws {
    let f = try HDF5File.create(at: path)
    for g in groups.sorted() { try f.createGroup(g) }
    for (p, d) in datasets.sorted(by: { $0.key < $1.key }) {
      switch d {
      case .float64(let v, let s): try f.write(v, shape: s, to: p)
      case .int32(let v, let s): try f.write(v, shape: s, to: p)
      case .int64(let v, let s): try f.write(v, shape: s, to: p)
      case .uint8(let v, let s): try f.write(v, shape: s, to: p)
      }
    }
    for (p, attrs) in attributes.sorted(by: { $0.key < $1.key }) {
      if p != "/" && !f.exists(p) { try f.createGroup(p) }
      for (name, a) in attrs.sorted(by: { $0.key < $1.key }) {
        switch a {
        case .string(let v): try f.setAttribute(name, to: v, on: p)
        case .int64(let v): try f.setAttribute(name, to: v, on: p)
        case .int32(let v): try f.setAttribute(name, to: v, on: p)
        case .double(let v): try f.setAttribute(name, to: v, on: p)
        }
      }
    }
    try f.close()
  }
}

/// One malformed mesh file: a name for the corpus listing, the text its error must contain, and the change.
struct MeshRecipe {
  var name: String
  var expect: String
  var base: RawMeshFile
  var change: (inout RawMeshFile) -> Void

  init(_ name: String, _ expect: String, unstructured: Bool = false, _ change: @escaping (inout RawMeshFile) -> Void) {
    self.name = name
    self.expect = expect
    self.base = unstructured ? .unstructured : .rectilinear
    self.change = change
  }

  var file: RawMeshFile {
    var m = base
    change(&m)
    return m
  }
}

let big = Int64.max
var meshRecipes: [MeshRecipe] { [
  MeshRecipe("r01-no-format", "/@format") { $0.attributes["/"]!["format"] = nil },
  MeshRecipe("r02-format-results", "/@format") { $0.attributes["/"]!["format"] = .string("racktwin.results") },
  MeshRecipe("r03-version-2", "/@version") { $0.attributes["/"]!["version"] = .int64(2) },
  MeshRecipe("r04-version-string", "/@version") { $0.attributes["/"]!["version"] = .string("1") },
  MeshRecipe("r05-no-mesh-group", "/mesh") { m in
    m.groups.remove("/mesh"); m.attributes["/mesh"] = nil
    m.datasets = m.datasets.filter { !$0.key.hasPrefix("/mesh/") }
  },
  MeshRecipe("r06-mesh-is-a-dataset", "/mesh") { m in
    m.groups.remove("/mesh"); m.attributes["/mesh"] = nil
    m.datasets = m.datasets.filter { !$0.key.hasPrefix("/mesh/") }
    m.datasets["/mesh"] = .float64([1], [1])
  },
  MeshRecipe("r07-no-kind", "/mesh@kind") { $0.attributes["/mesh"] = [:] },
  MeshRecipe("r08-kind-tetra", "/mesh@kind") { $0.attributes["/mesh"] = ["kind": .string("tetra")] },
  MeshRecipe("r09-x-two-dimensional", "/mesh/x") { $0.datasets["/mesh/x"] = .float64([0, 1e-3, 2e-3, 3e-3], [2, 2]) },
  MeshRecipe("r10-x-decreasing", "/mesh/x") { $0.datasets["/mesh/x"] = .float64([0, 2e-3, 1e-3, 3e-3], [4]) },
  MeshRecipe("r11-x-nan", "/mesh/x") { $0.datasets["/mesh/x"] = .float64([0, .nan, 2e-3, 3e-3], [4]) },
  MeshRecipe("r12-x-one-node", "/mesh") { $0.datasets["/mesh/x"] = .float64([0], [1]) },
  MeshRecipe("r13-x-empty", "/mesh") { $0.datasets["/mesh/x"] = .float64([], [0]) },
  MeshRecipe("r14-region-float64", "/mesh/region") { $0.datasets["/mesh/region"] = .float64(Array(repeating: 1, count: 12), [2, 2, 3]) },
  MeshRecipe("r15-region-shape-transposed", "/mesh/region") {
    $0.datasets["/mesh/region"] = .int32(Array(repeating: 1, count: 12), [3, 2, 2])
  },
  MeshRecipe("r16-region-id-not-listed", "/mesh/region") {
    $0.datasets["/mesh/region"] = .int32([1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 7, 1], [2, 2, 3])
  },
  MeshRecipe("r17-region-id-negative", "/mesh/region") {
    $0.datasets["/mesh/region"] = .int32([1, 1, 1, 1, 1, 1, 1, 2, 1, 1, -3, 1], [2, 2, 3])
  },
  MeshRecipe("r18-region-id-zero-attribute", "/regions/plate@id") { $0.attributes["/regions/plate"]!["id"] = .int32(0) },
  MeshRecipe("r19-region-ids-duplicate", "/regions/plate@id") { $0.attributes["/regions/plate"]!["id"] = .int32(2) },
  MeshRecipe("r20-region-id-above-int32", "/regions/plate@id") { $0.attributes["/regions/plate"]!["id"] = .int64(1 << 40) },
  MeshRecipe("r21-region-kind-metal", "/regions/plate@kind") { $0.attributes["/regions/plate"]!["kind"] = .string("metal") },
  MeshRecipe("r22-material-empty", "/regions/plate@material") { $0.attributes["/regions/plate"]!["material"] = .string("") },
  MeshRecipe("r23-material-integer", "/regions/plate@material") { $0.attributes["/regions/plate"]!["material"] = .int32(3) },
  MeshRecipe("r24-region-without-id", "/regions/die@id") { $0.attributes["/regions/die"]!["id"] = nil },
  MeshRecipe("r25-regions-is-a-dataset", "/regions") { m in
    m.groups = m.groups.filter { !$0.hasPrefix("/regions") }
    m.attributes = m.attributes.filter { !$0.key.hasPrefix("/regions") }
    m.datasets["/regions"] = .int32([1], [1])
  },
  MeshRecipe("r26-patch-faces-three-columns", "/patches/top/faces") { $0.datasets["/patches/top/faces"] = .int64([7, 5, 0], [1, 3]) },
  MeshRecipe("r27-patch-cell-2^62", "/patches/top/faces") { $0.datasets["/patches/top/faces"] = .int64([1 << 62, 5], [1, 2]) },
  MeshRecipe("r28-patch-cell-int64-min", "/patches/top/faces") { $0.datasets["/patches/top/faces"] = .int64([Int64.min, 5], [1, 2]) },
  MeshRecipe("r29-patch-local-face-6", "/patches/top/faces") { $0.datasets["/patches/top/faces"] = .int64([7, 6], [1, 2]) },
  MeshRecipe("r30-patch-internal-face", "/patches/top/faces") { $0.datasets["/patches/top/faces"] = .int64([0, 1], [1, 2]) },
  MeshRecipe("r32-power-weight-wrong-shape", "/mesh/power_weight") { $0.datasets["/mesh/power_weight"] = .float64([1, 2], [2]) },
  MeshRecipe("r33-power-weight-negative", "/mesh/power_weight") {
    $0.datasets["/mesh/power_weight"] = .float64([1, 1, 1, 1, 1, 1, 1, -1, 1, 1, 1, 1], [2, 2, 3])
  },
  MeshRecipe("r34-power-weight-infinite", "/mesh/power_weight") {
    $0.datasets["/mesh/power_weight"] = .float64([1, 1, 1, 1, 1, 1, 1, .infinity, 1, 1, 1, 1], [2, 2, 3])
  },
  MeshRecipe("r35-all-void", "/mesh/region") { m in
    m.datasets["/mesh/region"] = .int32(Array(repeating: 0, count: 12), [2, 2, 3]); m.datasets["/patches/top/faces"] = .int64([], [0, 2])
  },
  MeshRecipe("r36-x-huge-coordinates", "/mesh/x") { $0.datasets["/mesh/x"] = .float64([-1e308, 0, 1e308, 1.7e308], [4]) },
  MeshRecipe("r37-x-denormal-spacing", "/mesh") { $0.datasets["/mesh/x"] = .float64([0, .leastNonzeroMagnitude, 2 * .leastNonzeroMagnitude, 3 * .leastNonzeroMagnitude], [4]) },
  MeshRecipe("u01-points-two-columns", "/mesh/points", unstructured: true) {
    $0.datasets["/mesh/points"] = .float64([0, 0, 1, 0, 0, 1, 1, 1, 1, 1], [5, 2])
  },
  MeshRecipe("u02-points-nan", "/mesh/points", unstructured: true) {
    $0.datasets["/mesh/points"] = .float64([0, 0, 0, 1e-3, 0, 0, 0, .nan, 0, 0, 0, 1e-3, 1e-3, 1e-3, 1e-3], [5, 3])
  },
  MeshRecipe("u03-offsets-count", "/mesh/offsets", unstructured: true) { $0.datasets["/mesh/offsets"] = .int64([0, 8], [2]) },
  MeshRecipe("u04-offsets-start-one", "/mesh/offsets", unstructured: true) { $0.datasets["/mesh/offsets"] = .int64([1, 4, 8], [3]) },
  MeshRecipe("u05-offsets-last-short", "/mesh/offsets", unstructured: true) { $0.datasets["/mesh/offsets"] = .int64([0, 4, 7], [3]) },
  MeshRecipe("u06-offsets-overflow", "/mesh/offsets", unstructured: true) {
    $0.datasets["/mesh/offsets"] = .int64([0, Int64.min + 2, 8], [3])
  },
  MeshRecipe("u07-offsets-decreasing", "/mesh/offsets", unstructured: true) {
    $0.datasets["/mesh/offsets"] = .int64([0, 4, 2, 8], [4]); $0.datasets["/mesh/types"] = .uint8([10, 10, 10], [3])
    $0.datasets["/mesh/region"] = .int32([1, 1, 1], [3])
  },
  MeshRecipe("u08-connectivity-negative", "/mesh/connectivity", unstructured: true) {
    $0.datasets["/mesh/connectivity"] = .int64([0, 1, 2, -1, 1, 2, 3, 4], [8])
  },
  MeshRecipe("u09-connectivity-past-points", "/mesh/connectivity", unstructured: true) {
    $0.datasets["/mesh/connectivity"] = .int64([0, 1, 2, 3, 1, 2, 3, big], [8])
  },
  MeshRecipe("u10-type-voxel", "/mesh/types", unstructured: true) { $0.datasets["/mesh/types"] = .uint8([10, 11], [2]) },
  MeshRecipe("u11-type-hexahedron-with-four-points", "/mesh/offsets", unstructured: true) {
    $0.datasets["/mesh/types"] = .uint8([12, 10], [2])
  },
  MeshRecipe("u12-types-int32", "/mesh/types", unstructured: true) { $0.datasets["/mesh/types"] = .int32([10, 10], [2]) },
  MeshRecipe("u13-region-count", "/mesh/region", unstructured: true) { $0.datasets["/mesh/region"] = .int32([1], [1]) },
  MeshRecipe("u14-inverted-tetra", "cell 0", unstructured: true) {
    $0.datasets["/mesh/connectivity"] = .int64([0, 2, 1, 3, 1, 2, 3, 4], [8])
  },
  MeshRecipe("u15-flat-tetra", "cell 0", unstructured: true) {
    $0.datasets["/mesh/points"] = .float64([0, 0, 0, 1e-3, 0, 0, 0, 1e-3, 0, 1e-3, 1e-3, 0, 1e-3, 1e-3, 1e-3], [5, 3])
  },
  MeshRecipe("u16-repeated-point-in-cell", "cell 0", unstructured: true) {
    $0.datasets["/mesh/connectivity"] = .int64([0, 1, 1, 3, 1, 2, 3, 4], [8])
  },
  MeshRecipe("u17-face-of-three-cells", "each face shared by at most two cells", unstructured: true) {
    $0.datasets["/mesh/connectivity"] = .int64([0, 1, 2, 3, 1, 2, 3, 4, 1, 2, 3, 4], [12])
    $0.datasets["/mesh/offsets"] = .int64([0, 4, 8, 12], [4]); $0.datasets["/mesh/types"] = .uint8([10, 10, 10], [3])
    $0.datasets["/mesh/region"] = .int32([1, 2, 2], [3])
  },
  MeshRecipe("u18-patch-local-face-4-of-tetra", "/patches/base/faces", unstructured: true) {
    $0.datasets["/patches/base/faces"] = .int64([0, 4], [1, 2])
  },
  MeshRecipe("u19-patch-internal-face", "/patches/base/faces", unstructured: true) {
    $0.datasets["/patches/base/faces"] = .int64([0, 1], [1, 2])
  },
  MeshRecipe("u20-no-cells", "", unstructured: true) {
    $0.datasets["/mesh/connectivity"] = .int64([], [0]); $0.datasets["/mesh/offsets"] = .int64([0], [1])
    $0.datasets["/mesh/types"] = .uint8([], [0]); $0.datasets["/mesh/region"] = .int32([], [0])
    $0.datasets["/patches/base/faces"] = .int64([], [0, 2])
  },
  MeshRecipe("u21-huge-coordinates", "", unstructured: true) {
    $0.datasets["/mesh/points"] = .float64([0, 0, 0, 1e300, 0, 0, 0, 1e300, 0, 0, 0, 1e300, 1e300, 1e300, 1e300], [5, 3])
  },
  MeshRecipe("u22-points-missing", "/mesh/points", unstructured: true) { $0.datasets["/mesh/points"] = nil },
  MeshRecipe("u23-offsets-two-dimensional", "/mesh/offsets", unstructured: true) {
    $0.datasets["/mesh/offsets"] = .int64([0, 4, 8, 8], [2, 2])
  },
] }
