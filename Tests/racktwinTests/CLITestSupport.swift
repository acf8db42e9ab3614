import Foundation
import XCTest

/// Runs the built `racktwin` binary (next to the test bundle) and captures its output.
struct CLIResult {
  var status: Int32
  var stdout: String
  var stderr: String
}

func racktwinBinary() -> URL {
  var dir = Bundle.main.bundleURL
  if dir.pathExtension == "xctest" { dir = dir.deletingLastPathComponent() }
  let candidate = dir.appendingPathComponent("racktwin")
  if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
  return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("racktwin")
}

/// - Parameters:
///   - environment: variables set for the child on top of the test's own.
///   - unsetting: environment variables the child does not inherit (by default it runs with
///     `OPENBLAS_NUM_THREADS=1`; unsetting it checks that racktwin limits OpenBLAS itself).
@discardableResult
func runRacktwin(_ arguments: [String], in directory: URL, environment: [String: String] = [:],
                 unsetting: [String] = []) throws -> CLIResult {
  let process = Process()
  process.executableURL = racktwinBinary()
  process.arguments = arguments
  process.currentDirectoryURL = directory
  var env = ProcessInfo.processInfo.environment.merging(environment) { $1 }
  if environment["OPENBLAS_NUM_THREADS"] == nil { env["OPENBLAS_NUM_THREADS"] = "1" }
  for name in unsetting { env[name] = nil }
  process.environment = env
  return try capture(process)
}

/// The repository's root (three levels above this file): tools, geometries and validation cases live there.
func repositoryRoot() -> URL {
  URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}

/// Runs an outside program and captures its output. A bare name (`python3`) is looked up on PATH through
/// `/usr/bin/env`; a path runs as given.
func runProcess(_ executable: String, _ arguments: [String], in directory: URL? = nil,
                environment: [String: String] = [:]) throws -> CLIResult {
  let p = Process()
  if executable.hasPrefix("/") {
    p.executableURL = URL(fileURLWithPath: executable)
    p.arguments = arguments
  } else {
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = [executable] + arguments
  }
  if let directory { p.currentDirectoryURL = directory }
  p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
  return try capture(p)
}

/// Runs a configured process to its end and captures its status and output.
func capture(_ p: Process) throws -> CLIResult {
  let out = Pipe(), err = Pipe()
  p.standardOutput = out
  p.standardError = err
  try p.run()
  let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
  p.waitUntilExit()
  return CLIResult(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                   stderr: String(decoding: e, as: UTF8.self))
}

/// A fresh temporary directory, removed when the test ends.
func temporaryDirectory(_ test: XCTestCase) throws -> URL {
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent("racktwin-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  test.addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
  return dir
}

func write(_ text: String, to name: String, in dir: URL) throws {
  try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
}

/// A small two-layer stack: a 1 mm copper plate under a 0.5 mm silicon die, convection on top.
let smallMeshSpec = """
  domain: {min: [0, 0, 0], max: ["10 mm", "10 mm", "1.5 mm"]}
  cells:
    all: {maxSize: "1 mm"}
    z: {maxSize: "0.25 mm"}
  regions:
    plate: {material: copper}
    die: {material: silicon, component: chip}
  boxes:
    - {region: plate, min: [0, 0, 0], max: ["10 mm", "10 mm", "1 mm"]}
    - {region: die, min: ["3 mm", "3 mm", "1 mm"], max: ["7 mm", "7 mm", "1.5 mm"]}
  """

let smallCase = """
  mesh: mesh.h5
  components:
    chip: {regions: [die], power: "20 W", limit: "85 degC"}
  boundaries:
    zmin: {type: convection, h: "10000 W/m^2/K", ambient: "30 degC"}
  probes:
    plateBottom: ["5 mm", "5 mm", 0]
  """
