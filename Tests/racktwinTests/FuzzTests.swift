import Foundation
import RackTwinCase
import RackTwinIO
import RackTwinMesh
import RackTwinNumerics
import RackTwinThermal
import XCTest

/// A seeded mutation fuzzer for the readers, in-process through the public APIs. Opt-in: set
/// `RACKTWIN_FUZZ_SECONDS` (per target; a normal test run skips it), optionally `RACKTWIN_FUZZ_SEED` and
/// `RACKTWIN_FUZZ_DIR` (default: a temporary directory, printed). Run it under a memory limit
/// (`ulimit -v 4000000`) so that an unbounded allocation shows as a crash.
///
/// Before each input the fuzzer writes it to `DIR/current-TARGET.*`; a crash leaves it there. A watchdog aborts
/// the process when one input takes longer than 10 s (after writing `DIR/hang-TARGET.*`). An error of a type
/// the CLI does not map to exit code 2, or a results file left after an error, is saved as `DIR/finding-*`.
final class FuzzTests: XCTestCase {
  private var seconds: Double { Double(ProcessInfo.processInfo.environment["RACKTWIN_FUZZ_SECONDS"] ?? "") ?? 0 }
  private var seed: UInt64 { UInt64(ProcessInfo.processInfo.environment["RACKTWIN_FUZZ_SEED"] ?? "") ?? 1 }

  private func fuzzDirectory() throws -> URL {
    let path = ProcessInfo.processInfo.environment["RACKTWIN_FUZZ_DIR"]
      ?? FileManager.default.temporaryDirectory.appendingPathComponent("racktwin-fuzz").path
    let dir = URL(fileURLWithPath: path)
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
  }

  /// Runs `body` on generated inputs until the time is up; returns (inputs run, errors thrown, findings).
  private func fuzz(_ target: String, ext: String, hangLimit: Double = 10, generate: (inout Mutator) -> [UInt8],
                    run: ([UInt8], URL) throws -> Void, acceptable: (Error) -> Bool,
                    afterError: ((URL, Error) -> String?)? = nil) throws {
    guard seconds > 0 else { throw XCTSkip("set RACKTWIN_FUZZ_SECONDS to fuzz") }
    let dir = try fuzzDirectory()
    let work = dir.appendingPathComponent("work-\(target)")
    try? FileManager.default.removeItem(at: work)
    try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    try writeSmallMesh(to: work.appendingPathComponent("mesh.h5"))
    var m = Mutator(seed: seed)
    m.state ^= UInt64(target.utf8.reduce(0) { $0 &* 31 &+ Int($1) }.magnitude)
    let current = dir.appendingPathComponent("current-\(target).\(ext)")
    let watchdog = Watchdog(hangFile: dir.appendingPathComponent("hang-\(target).\(ext)"), limit: hangLimit)
    let end = Date().addingTimeInterval(seconds)
    var runs = 0, errors = 0, findings = 0
    while Date() < end {
      let input = generate(&m)
      try Data(input).write(to: current)
      watchdog.start(input)
      do {
        try run(input, work)
      } catch {
        errors += 1
        var problem: String? = acceptable(error) ? nil : "unexpected error type \(type(of: error)): \(error)"
        if problem == nil, let check = afterError { problem = check(work, error) }
        if let problem {
          findings += 1
          let file = dir.appendingPathComponent("finding-\(target)-\(runs).\(ext)")
          try Data(input).write(to: file)
          try Data(problem.utf8).write(to: file.appendingPathExtension("txt"))
          if findings <= 20 { XCTFail("\(target): \(problem) (input saved as \(file.path))") }
        }
      }
      watchdog.stop()
      runs += 1
    }
    watchdog.finish()
    let line = "fuzz \(target): \(runs) inputs in \(seconds) s, \(errors) rejected, \(findings) findings, seed \(seed)\n"
    print(line, terminator: "")
    if let h = try? FileHandle(forWritingTo: dir.appendingPathComponent("log.txt")) {
      h.seekToEndOfFile(); h.write(Data(line.utf8)); try? h.close()
    } else {
      try Data(line.utf8).write(to: dir.appendingPathComponent("log.txt"))
    }
  }

  static func isBadInputError(_ error: Error) -> Bool {
    switch error {
    case is CaseError, is MeshError, is HDF5Error, is LinearSolverError: return true
    case let e as ThermalError: if case .notConverged = e { return false } else { return true }
    case let e as CaseRunError: return !e.isNonConvergence
    default: return false
    }
  }

  /// Why an error's message does not name what a person must fix — one of `files`, and the key path, line,
  /// `--set` value or dataset inside it — or nil when it does. The type alone is not enough: a `CaseError` with no
  /// key and no line, or a mesh error with no dataset, leaves the user searching.
  static func unnamed(_ error: Error, files: [String]) -> String? {
    let text = "\(error)"
    guard files.contains(where: { !$0.isEmpty && text.contains($0) }) else {
      return "message names none of \(files): \(text.prefix(300))"
    }
    let named: Bool
    switch error {
    case let e as CaseError: named = !e.keyPath.isEmpty || e.line != nil || e.override != nil
    case let e as MeshError: named = !e.location.isEmpty
    case let e as HDF5Error: named = !e.location.isEmpty
    default: named = true   // model-level errors (no thermal path, singular system) name the case file and the region
    }
    return named ? nil : "message names no key, line or dataset: \(text.prefix(300))"
  }

  private func seeds(_ folder: String, extra: [String]) -> [[UInt8]] {
    extra.map { Array($0.utf8) } + corpusInputs(folder).compactMap { try? [UInt8](Data(contentsOf: $0)) }
      .filter { $0.count < 20_000 }
  }

  func testFuzzCaseFiles() throws {
    let pool = seeds("case", extra: [smallCase, smallCase + "\ninterfaces:\n  - {between: [die, plate], resistance: 1e-5}\n"
      + "materials:\n  copper: {conductivity: [400, 400, 10]}\nsolver: {method: cg-ic0, tolerance: 1e-8}\n",
      smallNetworkCase, smallCase + smallNetworkCase, smallRegionCase, smallNetworkCase + smallFacilitySection, smallColdPlateCase,
      smallCase + "\nuncertainty: {samples: 1000, seed: 2, inputs: [{key: \"components.*.power\", normal: {sd: \"5 %\"}}, "
        + "{key: boundaries.zmin.ambient, truncatedNormal: {sd: \"1 K\", lower: \"-1 K\"}}]}\n"])
    try fuzz("case", ext: "yaml", generate: { m in m.mutateText(m.pick(pool)) }, run: { input, work in
      let path = work.appendingPathComponent("case.yaml")
      try Data(input).write(to: path)
      for name in directoryListing(work) where name != "mesh.h5" && name != "case.yaml" {
        try? FileManager.default.removeItem(at: work.appendingPathComponent(name))
      }
      // Decode first: only cases whose mesh is the small one are solved (others would read arbitrary paths).
      let doc = try CaseDecoder.decode(contentsOf: path.path)
      guard let mesh = doc.meshPath else {
        try NetworkCaseRunner(document: doc).run(output: work.appendingPathComponent("out.h5").path)
        return
      }
      guard mesh.hasSuffix("/mesh.h5") else { return }
      try SteadyCaseRunner(casePath: path.path).run(output: work.appendingPathComponent("out.h5").path)
    }, acceptable: Self.isBadInputError, afterError: { work, error in
      let left = directoryListing(work).subtracting(["mesh.h5", "case.yaml"])
      if !left.isEmpty { return "left \(left.sorted()) after an error" }
      // A mutated case may name another mesh file; a mesh error names whichever file it read.
      return Self.unnamed(error, files: ["case.yaml", ".h5"])
    })
  }

  func testFuzzOverrides() throws {
    try fuzz("overrides", ext: "txt", generate: { m in Array(m.override().utf8) }, run: { input, _ in
      _ = try CaseDecoder.decode(text: smallCase, path: "case.yaml", overrides: [String(decoding: input, as: UTF8.self)])
    }, acceptable: { $0 is CaseError }, afterError: { _, error in Self.unnamed(error, files: ["case.yaml"]) })
  }

  func testFuzzUnits() throws {
    try fuzz("units", ext: "txt", generate: { m in Array(m.quantity().utf8) }, run: { input, _ in
      let text = String(decoding: input, as: UTF8.self)
      for kind in [QuantityKind.power, .temperature, .heatTransferCoefficient, .length] {
        _ = try? parseQuantity(text, as: kind, key: "k")
      }
      _ = try parseQuantity(text, as: .conductivity, key: "materials.m.conductivity", file: "units.yaml", line: 3)
    }, acceptable: { $0 is CaseError }, afterError: { _, error in
      guard let e = error as? CaseError, e.keyPath == "materials.m.conductivity", "\(e)".contains("units.yaml:3:") else {
        return "message does not name units.yaml:3 and materials.m.conductivity: \(error)"
      }
      return nil
    })
  }

  func testFuzzMeshSpecs() throws {
    let pool = seeds("meshspec", extra: [smallMeshSpec, smallMeshSpec + "\nsplit: kuhn\n", smallMeshSpec + "\nsplit: mixed\n"])
    try fuzz("meshspec", ext: "yaml", generate: { m in m.mutateText(m.pick(pool)) }, run: { input, _ in
      let spec = try GridSpecDecoder.decode(text: String(decoding: input, as: UTF8.self), path: "spec.yaml")
      // Valid but big specs are slow, not wrong: only generate what stays small.
      var estimate = 1.0
      for a in 0..<3 {
        let h = min(spec.axes[a].maxCellSize, spec.axes[a].minCellSize ?? .infinity)
        estimate *= max(1, (spec.domainMax[a] - spec.domainMin[a]) / h) * Double(spec.boxes.count * 2 + 1)
      }
      guard estimate < 2e5, spec.axes.allSatisfy({ $0.minCellsPerLayer < 1000 }) else { return }
      _ = try FVMesh(MeshGenerator.generate(spec))
    }, acceptable: { $0 is CaseError || $0 is MeshError }, afterError: { _, error in
      // Spec errors name the spec; errors of the generated mesh (no file yet) name where in it (a cell, a box).
      if let e = error as? MeshError { return e.location.isEmpty ? "mesh error names no cell or box: \(e)" : nil }
      return Self.unnamed(error, files: ["spec.yaml"])
    })
  }

  func testFuzzMeshFiles() throws {
    let dir = try fuzzDirectory().appendingPathComponent("mesh-seeds")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    var pool: [[UInt8]] = []
    for (i, base) in [RawMeshFile.rectilinear, .unstructured].enumerated() {
      let url = dir.appendingPathComponent("base\(i).h5")
      try base.write(to: url.path)
      pool.append(try [UInt8](Data(contentsOf: url)))
    }
    let kuhn = dir.appendingPathComponent("kuhn.h5")
    let spec = try GridSpecDecoder.decode(text: smallMeshSpec + "\nsplit: mixed\n", path: "s.yaml")
    try MeshFileWriter.write(MeshGenerator.generate(spec), to: kuhn.path)
    pool.append(try [UInt8](Data(contentsOf: kuhn)))
    // Byte-level damage can crash libhdf5 itself (it trusts the file's B-trees): replayed through the CLI, whose
    // crash guard must turn that into exit code 2.
    try fuzz("mesh-bytes", ext: "h5", hangLimit: 40, generate: { m in m.mutateBytes(m.pick(pool)) }, run: { input, work in
      let path = work.appendingPathComponent("m.h5")
      try Data(input).write(to: path)
      let r = try runRacktwinBounded(["mesh", "inspect", "m.h5"], in: work, timeout: 25)
      if r.timedOut { throw FuzzFinding(message: "hang") }
      if r.signalled { throw FuzzFinding(message: "crash, signal \(r.status): \(r.stderr.prefix(300))") }
      // Exit 2 with a message naming the file and then where in it (a dataset, attribute or "/").
      let prefix = "error: m.h5: "
      if r.status != 0 && (r.status != 2 || !r.stderr.hasPrefix(prefix) || r.stderr.dropFirst(prefix.count).hasPrefix("expected")) {
        throw FuzzFinding(message: "exit \(r.status): \(r.stderr.prefix(300))")
      }
      if r.status == 2 { throw MeshError(file: "m.h5", location: "/", expected: "", found: "") }
    }, acceptable: { $0 is MeshError })
  }

  func testFuzzMeshStructure() throws {
    let dir = try fuzzDirectory().appendingPathComponent("mesh-seeds")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let recipes = meshRecipes
    try fuzz("mesh", ext: "h5", generate: { m in
      var raw = m.next() % 3 == 0 ? m.pick(recipes).file : (m.next() % 2 == 0 ? RawMeshFile.rectilinear : .unstructured)
      m.mutateRaw(&raw)
      let url = dir.appendingPathComponent("raw.h5")
      try? FileManager.default.removeItem(at: url)
      guard (try? raw.write(to: url.path)) != nil, let bytes = try? [UInt8](Data(contentsOf: url)) else { return [] }
      return bytes
    }, run: { input, work in
      let path = work.appendingPathComponent("m.h5").path
      try Data(input).write(to: URL(fileURLWithPath: path))
      let definition = try MeshFileReader.read(path: path)
      _ = try FVMesh(definition, file: path)
    }, acceptable: { $0 is MeshError || $0 is HDF5Error }, afterError: { _, error in Self.unnamed(error, files: ["m.h5"]) })
  }
}

/// A fuzzing result that is a finding whatever its message.
struct FuzzFinding: Error { var message: String }

/// Aborts the process when one input runs for more than `limit` seconds, leaving the input as `hangFile`.
final class Watchdog: @unchecked Sendable {
  private let lock = NSLock()
  private var started: Date?
  private var input: [UInt8] = []
  private var done = false
  private let hangFile: URL
  private let limit: Double

  init(hangFile: URL, limit: Double) {
    self.hangFile = hangFile
    self.limit = limit
    let thread = Thread { [self] in
      while true {
        Thread.sleep(forTimeInterval: 0.5)
        self.lock.lock()
        let finished = self.done, s = self.started, bytes = self.input
        self.lock.unlock()
        if finished { return }
        if let s, Date().timeIntervalSince(s) > self.limit {
          try? Data(bytes).write(to: self.hangFile)
          FileHandle.standardError.write(Data("fuzz: hang, input saved as \(self.hangFile.path)\n".utf8))
          abort()
        }
      }
    }
    thread.start()
  }

  func start(_ bytes: [UInt8]) { lock.lock(); started = Date(); input = bytes; lock.unlock() }
  func stop() { lock.lock(); started = nil; lock.unlock() }
  func finish() { lock.lock(); done = true; lock.unlock() }
}

/// Deterministic (SplitMix64) mutations of text, bytes and raw mesh files.
struct Mutator {
  var state: UInt64

  init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  mutating func below(_ n: Int) -> Int { n <= 0 ? 0 : Int(next() % UInt64(n)) }
  mutating func pick<T>(_ a: [T]) -> T { a[below(a.count)] }

  static let tokens = [
    "[", "]", "{", "}", ":", ",", "-", "&a", "*a", "!!binary ", "!!str ", "? ", "|", ">", "#", "'", "\"", "\n", "\t", " ",
    "~", "null", ".nan", ".inf", "-.inf", "0", "-0", "1e308", "1e-308", "-1", "99999999999999999999", "4294967296",
    "W", "kW", "mW", "degC", "degF", "K", "delta_degC", "m", "mm", "W/m/K", "W/m^2/K", "m^2*K/W", "L/min", "gpm", "psi",
    "^", "^-", "^99999", "(", ")", "*", "/", "·", "²", "µ", "mesh", "components", "power", "limit", "boundaries", "type",
    "convection", "temperature", "adiabatic", "heatFlux", "value", "h", "ambient", "materials", "conductivity",
    "interfaces", "between", "resistance", "probes", "solver", "method", "tolerance", "maxIterations", "regions",
    "die", "plate", "copper", "silicon", "zmin", "void", "domain", "cells", "all", "maxSize", "minSize", "grading",
    "minPerLayer", "boxes", "region", "min", "max", "split", "kuhn", "mixed", "id", "kind", "fluid", "---", "...",
    "\u{0}", "\u{FEFF}", "é", "\u{202E}",
    "coolant", "water", "pg25", "hfe7100", "network", "elements", "manifolds", "branches", "count", "reference",
    "pump", "pipe", "fitting", "quickDisconnect", "valve", "component", "exchanger", "from", "to", "curve", "shutoff",
    "maxFlow", "flow", "running", "standby", "speed", "efficiency", "length", "diameter", "K", "kv", "opening",
    "pressureDrop", "exponent", "laminarFraction", "datasheetFluid", "supplyTemperature", "fouling", "heat",
    "reverseReturn", "rack.inlet", "rack.outlet", "kPa", "L/min", "m^3/h",
    "coupling", "model", "plug", "porous", "resolved", "inlet", "outlet", "hydraulicDiameter", "shape", "rectangle",
    "circle", "permeability", "inertia", "porosity", "scheme", "upwind", "minmod", "van-leer", "xmin", "xmax", "mK",
  ]

  /// Text mutations: byte flips, token insertions, deletions, duplications, truncation, nesting, alias bombs.
  mutating func mutateText(_ seed: [UInt8]) -> [UInt8] {
    var t = seed
    for _ in 0...below(4) {
      let at = below(t.count + 1)
      switch below(11) {
      case 0 where !t.isEmpty: t[below(t.count)] ^= UInt8(1 << below(8))
      case 1, 2: t.insert(contentsOf: Array(pick(Self.tokens).utf8), at: at)
      case 3 where !t.isEmpty:
        let n = min(t.count - at, 1 + below(16))
        if n > 0 { t.removeSubrange(at..<(at + n)) }
      case 4 where !t.isEmpty:
        let s = below(t.count), n = min(t.count - s, 1 + below(64))
        t.insert(contentsOf: Array(t[s..<(s + n)]), at: at)
      case 5: t = Array(t.prefix(at))
      case 6:
        let d = 1 + below(3000)
        t.insert(contentsOf: Array(String(repeating: "[", count: d).utf8) + Array(String(repeating: "]", count: d).utf8), at: at)
      case 7:
        let bomb = "\nb0: &b0 [x, x, x, x, x, x, x, x]\n" + (1..<8).map { "b\($0): &b\($0) [" + Array(repeating: "*b\($0 - 1)", count: 8).joined(separator: ", ") + "]\n" }.joined()
        t.insert(contentsOf: Array(bomb.utf8), at: below(2) == 0 ? 0 : t.count)
      case 8:
        // Replace a number-like run with an extreme number.
        if let i = t.indices.dropFirst(below(max(1, t.count))).first(where: { (48...57).contains(t[$0]) }) {
          var j = i
          while j < t.count, (48...57).contains(t[j]) || t[j] == 46 { j += 1 }
          t.replaceSubrange(i..<j, with: Array(pick(["1e308", "0", "-1", "1e-320", "nan", "inf", "99999999999999999999", "4e9", "0.0"]).utf8))
        }
      case 9:
        // Swap two lines.
        var lines = t.split(separator: 10, omittingEmptySubsequences: false).map(Array.init)
        if lines.count > 1 { lines.swapAt(below(lines.count), below(lines.count)) }
        t = Array(lines.joined(separator: [10]))
      default:
        t.insert(contentsOf: Array(quantity().utf8), at: at)
      }
    }
    return t
  }

  /// A quantity string from numbers, units, operators and garbage.
  mutating func quantity() -> String {
    let numbers = ["1", "-1", "0", "1e308", "1e-320", "2.5", ".5", "1.", "1e", "-", "nan", "inf", "0x10", "1_000", "", "99999999999999999999"]
    var s = pick(numbers) + (below(3) == 0 ? "" : " ")
    for _ in 0..<below(8) {
      s += pick(["W", "m", "K", "degC", "degF", "delta_degC", "s", "kg", "L", "min", "gpm", "psi", "Btu", "h", "ft", "in",
                 "*", "/", "·", "^", "^2", "^-1", "^99999999", "^4611686018427387904", "²", "³", "(", ")", "1", " ", "_", "µ",
                 "°", "W/m^2/K", "\u{0}", "é"])
    }
    if below(20) == 0 { s += String(repeating: "(", count: below(200)) + "W" + String(repeating: ")", count: below(200)) }
    return s
  }

  /// A `--set` argument from key paths, wildcards and values.
  mutating func override() -> String {
    let segs = ["components", "chip", "power", "limit", "regions", "0", "1", "-1", "*", "c*", "*p", "**", "boundaries",
                "zmin", "type", "h", "ambient", "mesh", "solver", "method", "probes", "plateBottom", "2", "interfaces",
                "materials", "copper", "conductivity", "", " ", "x.y"]
    var path = (0...below(5)).map { _ in pick(segs) }.joined(separator: ".")
    if below(10) == 0 { path = "" }
    let values = ["20 W", "-1", "[1, 2, 3]", "{type: adiabatic}", "", "*a", "&a x", "[", "{", "~", "1e308 W", "0",
                  "{a: &a [1, 2], b: [*a, *a]}", quantity(), "\"", "a: b", "- x", String(repeating: "[", count: below(2000))]
    return path + (below(15) == 0 ? "" : "=") + pick(values)
  }

  /// Byte-level damage to a binary file: flips, overwrites with extreme integers, truncation, zeroed runs.
  mutating func mutateBytes(_ seed: [UInt8]) -> [UInt8] {
    var b = seed
    for _ in 0...below(6) {
      guard !b.isEmpty else { break }
      let at = below(b.count)
      switch below(6) {
      case 0: b[at] ^= UInt8(1 << below(8))
      case 1: b[at] = UInt8(truncatingIfNeeded: next())
      case 2:
        let v = pick([UInt64.max, 0, 1 << 40, UInt64(Int64.max), 0x8000_0000, 0xFFFF_FFFF, UInt64(b.count), 1 << 62])
        for k in 0..<8 where at + k < b.count { b[at + k] = UInt8(truncatingIfNeeded: v >> (8 * UInt64(k))) }
      case 3: b = Array(b.prefix(at))
      case 4:
        let n = min(b.count - at, 1 + below(64))
        for k in at..<(at + n) { b[k] = 0 }
      default:
        let n = min(b.count - at, 1 + below(32))
        for k in at..<(at + n) { b[k] = 0xFF }
      }
    }
    return b
  }

  /// Structured nonsense in a well-formed HDF5 file: extreme values, wrong counts and shapes, missing objects.
  mutating func mutateRaw(_ m: inout RawMeshFile) {
    let extremes: [Int64] = [0, -1, 1, 2, 3, 4, 5, 8, Int64.max, Int64.min, Int64(Int32.max), 1 << 40, -(1 << 40)]
    let doubles: [Double] = [0, -0.0, 1e-3, -1e-3, .nan, .infinity, -.infinity, 1e308, Double.leastNonzeroMagnitude, 1e-300]
    for _ in 0...below(3) {
      let keys = m.datasets.keys.sorted()
      guard !keys.isEmpty else { return }
      let key = pick(keys)
      switch below(7) {
      case 0: m.datasets[key] = nil
      case 1:
        switch m.datasets[key]! {
        case .float64(var v, let s): if !v.isEmpty { v[below(v.count)] = pick(doubles) }; m.datasets[key] = .float64(v, s)
        case .int64(var v, let s): if !v.isEmpty { v[below(v.count)] = pick(extremes) }; m.datasets[key] = .int64(v, s)
        case .int32(var v, let s): if !v.isEmpty { v[below(v.count)] = Int32(truncatingIfNeeded: pick(extremes)) }; m.datasets[key] = .int32(v, s)
        case .uint8(var v, let s): if !v.isEmpty { v[below(v.count)] = UInt8(truncatingIfNeeded: next()) }; m.datasets[key] = .uint8(v, s)
        }
      case 2:
        // Drop or repeat the last element (counts that disagree), keeping a 1-D shape.
        switch m.datasets[key]! {
        case .float64(let v, _): let w = below(2) == 0 ? Array(v.dropLast()) : v + v.suffix(1); m.datasets[key] = .float64(w, [w.count])
        case .int64(let v, _): let w = below(2) == 0 ? Array(v.dropLast()) : v + v.suffix(1); m.datasets[key] = .int64(w, [w.count])
        case .int32(let v, _): let w = below(2) == 0 ? Array(v.dropLast()) : v + v.suffix(1); m.datasets[key] = .int32(w, [w.count])
        case .uint8(let v, _): let w = below(2) == 0 ? Array(v.dropLast()) : v + v.suffix(1); m.datasets[key] = .uint8(w, [w.count])
        }
      case 3:
        // The same values under another element type.
        switch m.datasets[key]! {
        case .float64(let v, let s): m.datasets[key] = .int64(v.map { Int64(clamping: Int($0.isFinite ? max(-1e18, min(1e18, $0 * 1000)) : 0)) }, s)
        case .int64(let v, let s): m.datasets[key] = .int32(v.map { Int32(truncatingIfNeeded: $0) }, s)
        case .int32(let v, let s): m.datasets[key] = .float64(v.map(Double.init), s)
        case .uint8(let v, let s): m.datasets[key] = .int64(v.map(Int64.init), s)
        }
      case 4:
        let group = pick(m.attributes.keys.sorted())
        if let name = m.attributes[group]?.keys.sorted().first {
          m.attributes[group]![name] = pick([.string(""), .string("x"), .int64(Int64.min), .int32(-1), .double(.nan), .string("rectilinear"), .string("unstructured"), .int64(1)])
        }
      case 5:
        switch m.datasets[key]! {
        case .int64(let v, _): m.datasets[key] = .int64(v.map { _ in pick(extremes) }, [v.count])
        case .int32(let v, _): m.datasets[key] = .int32(v.map { _ in Int32(below(4)) }, [v.count])
        default: break
        }
      default:
        m.groups.insert("/patches/p\(below(3))")
        m.datasets["/patches/p\(below(3))/faces"] = .int64([pick(extremes), pick(extremes)], [1, 2])
      }
    }
  }
}

/// A loop through a 3-D region of the small mesh (docs/case-format.md, "3-D fluid regions in the loop"): a seed
/// for the region keys. The small mesh's regions are solid, so this seed itself is rejected at `region`; mutations
/// reach the decoder's checks of every key.
let smallRegionCase = """
  mesh: mesh.h5
  coolant: water
  components:
    chip: {regions: [die], power: "20 W"}
  network:
    coupling: {tolerance: "0.001 K", maxIterations: 20}
    elements:
      p: {type: pump, from: a, to: b, flow: "1 L/min"}
      block: {type: region, from: b, to: c, region: [plate], inlet: xmin, outlet: xmax, model: plug,
              hydraulicDiameter: "2 mm", shape: {rectangle: 0.5}, scheme: minmod}
      stack: {type: region, from: c, to: d, region: die, inlet: ymin, outlet: ymax, model: porous,
              permeability: ["1e-9 m^2", "1e-9 m^2", "1e-10 m^2"], inertia: 0.55, porosity: 0.4}
      x: {type: exchanger, from: d, to: a, flow: "1 L/min", pressureDrop: "10 kPa", supplyTemperature: "30 degC"}
  """

/// A facility on the small loop, with a year of generated weather (docs/case-format.md, "The facility"): a seed for the
/// case fuzzer.
let smallFacilitySection = """

  facility:
    supplyTemperature: "32 degC"
    control: {reset: {offset: "8 K", minimum: "20 degC", maximum: "40 degC"}}
    racks: 4
    cdu: {rated: xdu1350, tcsResistanceShare: 0.5}
    fwsPump: {power: "200 W", flow: "0.5 kg/s"}
    heatRejection:
      dryCooler: {heat: "8 kW", ambient: "35 degC", waterIn: "48 degC", waterOut: "40 degC", fanPower: "200 W"}
    chiller: {carnotFraction: 0.5, maximumCOP: 12}
    ups: {rating: "10 kW", efficiency: [[0.25, 0.94], [1.0, 0.96]]}
    roomDewPoint: outdoor
    designAmbient: {dryBulb: "33 degC", wetBulb: "23 degC"}
    serverFanPower: "50 W"
  weather: {climate: ashburn, seed: 2}
  loadProfile: {constant: 0.9}
  """

/// A small closed loop with a manifold (docs/case-format.md, "The coolant loop"): a seed for the case fuzzer.
let smallNetworkCase = """
  coolant: water
  network:
    elements:
      p: {type: pump, from: a, to: rack.inlet, curve: {shutoff: "80 kPa", maxFlow: "20 L/min"}, speed: 1}
      v: {type: valve, from: rack.outlet, to: c, kv: "2 m^3/h", opening: 0.8}
      x: {type: exchanger, from: c, to: a, flow: "6 L/min", pressureDrop: "10 kPa", supplyTemperature: "30 degC"}
    manifolds:
      rack:
        layout: reverseReturn
        supplySegment: {type: pipe, length: "44 mm", diameter: "20 mm"}
        returnSegment: {type: fitting, K: 0.5, diameter: "20 mm"}
        branches:
          - {elements: [{type: quickDisconnect, K: 2, diameter: "6 mm"}, {type: component, flow: "1.5 L/min",
             pressureDrop: "12 kPa", exponent: 1.8, laminarFraction: 0.4, datasheetFluid: pg25,
             datasheetTemperature: "25 degC"}], heat: "500 W"}
        count: 3
    reference: {node: a, pressure: "1 bar"}
  """

/// The small case with a datasheet cold plate on the plate's underside (a fuzz seed for the `coldPlates` keys).
let smallColdPlateCase = """
  mesh: mesh.h5
  coolant: water
  components:
    chip: {regions: [die], power: "20 W", limit: "85 degC"}
  coldPlates:
    plate:
      model: datasheet
      patch: zmin
      flowDirection: [1, 0.5, 0]
      segments: 8
      flow: "2.5 L/min"
      inletTemperature: "30 degC"
      datasheet:
        coolant: pg25
        temperature: "40 degC"
        fit: powerLaw
        scaling: turbulent-dittus-boelter
        pressureDrop: {points: [["2 L/min", "8 kPa"], ["4 L/min", "28 kPa"]], exponent: 1.85}
        resistance:
          - ["2 L/min", "0.0204 K/W"]
          - ["2.4 L/min", "0.0197 K/W"]
  """
