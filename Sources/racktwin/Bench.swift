import ArgumentParser
import Foundation
import RackTwinCooling
import RackTwinIO
import RackTwinMesh
import RackTwinNumerics
import RackTwinThermal

struct Bench: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Benchmarks: memory bandwidth (STREAM triad), SpMV, steady conduction of a rack-like block, advection.",
    discussion: """
      Conduction: the heterogeneous block of tools/bench/conduction-1m (copper, silicon, FR-4, air; 400 W; \
      convective top face) refined to each --cells size, solved to 1e-8 by a child `racktwin solve` so each size's \
      peak RSS is its own. Benchmarks, not tests: numbers depend on the machine and its load.

      Examples (from the repository's root):
        racktwin bench --cells 125k --no-kernels
        racktwin bench --no-conduction --advection-solve --advection-solve-side 40

      The tables are the data (stdout). --quiet keeps the tables and drops the machine line and the section titles; \
      --verbose (stderr) adds each child command run, its directory and its summary.
      """)

  @Option(help: "Conduction sizes, ascending (k = 10³, M = 10⁶; 8M takes minutes and ~6 GB).")
  var cells: [String] = ["125k", "1M"]
  @Option(help: "Linear solver for the conduction runs.") var method = "cg-amg"
  @Option(help: "Threads (default: RACKTWIN_THREADS, else all cores).") var threads: Int?
  @Flag(help: "Skip the triad and SpMV kernels.") var noKernels = false
  @Flag(help: "Skip the conduction runs.") var noConduction = false
  @Flag(help: "Also run the non-symmetric solvers on a 100³ upwind advection–diffusion matrix (cell Pe 1, 10).")
  var advection = false
  @Option(help: "Grid sides n (n³ cells) of the advection runs.") var advectionSides: [Int] = [100]
  @Flag(help: "Also run the region flow solves: a ~100k-cell Darcy–Forchheimer stack and a resolved channel.")
  var regionFlow = false
  @Flag(help: "Also run the full steady solver on an n³ block: conduction, then conduction + an advection term.")
  var advectionSolve = false
  @Option(help: "Side n (n³ cells of 1 mm) of the --advection-solve block.") var advectionSolveSide = 100
  @Option(help: "Cell Péclet numbers of the --advection-solve flow (comma-separated or repeated).")
  var advectionSolvePeclet: [String] = ["1,10"]
  @Option(help: "Schemes of the --advection-solve runs: upwind, minmod, van-leer (comma-separated or repeated).")
  var advectionSolveScheme: [String] = ["upwind"]
  @Option(help: "Linear methods of the --advection-solve runs, solver.method values (comma-separated or repeated).")
  var advectionSolveMethod: [String] = ["auto"]
  @OptionGroup var verbosity: OutputOptions

  func run() throws {
    if let threads { Parallel.threadCount = threads }
    let info = ProcessInfo.processInfo
    // OpenBLAS's own count too: `main` limits it to one in every command, whatever OPENBLAS_NUM_THREADS said.
    let blas = BLASThreads.current.map { "\($0) thread\($0 == 1 ? "" : "s")" } ?? "not loaded"
    verbosity.say(String(format: "machine: %d cores, %.0f GiB; %d threads", info.activeProcessorCount,
                         Double(info.physicalMemory) / 1_073_741_824, Parallel.threadCount) + "; OpenBLAS \(blas)")
    // Conduction first: a child spawned after the kernels would report their 270 MB as its own peak RSS (a child
    // started by posix_spawn shares the parent's memory until exec, and Linux carries that peak across exec).
    if !noConduction { try runConduction() }
    if !noKernels {
      if !noConduction { verbosity.say("") }
      Self.runKernels()
    }
    if advection {
      for side in advectionSides {
        verbosity.say("\nAdvection–diffusion, \(side)³ upwind (flow along (1, ½, ¼)), to 1e-8; cg-* and banded-chol on the "
          + "diffusion matrix:")
        print(AdvectionBenchmark.header)
        try AdvectionBenchmark.run(side: side, cellPeclets: [1, 10]) { print($0.line) }
      }
    }
    if regionFlow {
      verbosity.say("\nRegion flow (Darcy–Forchheimer to 1e-10, Picard to 1e-8; resolved channel profile):")
      try RegionFlowBenchmark.run(cells: 100_000) { print($0) }
    }
    if advectionSolve { try runAdvectionSolve() }
  }

  func runAdvectionSolve() throws {
    func list(_ values: [String]) -> [String] { values.flatMap { $0.split(separator: ",").map(String.init) } }
    let peclets = try list(advectionSolvePeclet).map { text in
      guard let pe = Double(text), pe >= 0 else {
        throw ValidationError("--advection-solve-peclet expects numbers ≥ 0; found \"\(text)\"")
      }
      return pe
    }
    let schemes = try list(advectionSolveScheme).map { name in
      guard let s = AdvectionTerm.Scheme(rawValue: name) else {
        throw ValidationError("--advection-solve-scheme expects upwind, minmod or van-leer; found \"\(name)\"")
      }
      return s
    }
    let methods = try list(advectionSolveMethod).map { name in
      guard let m = LinearSolverMethod(rawValue: name) else {
        throw ValidationError("--advection-solve-method expects a solver.method value; found \"\(name)\"")
      }
      return m
    }
    let n = advectionSolveSide
    verbosity.say("\nSteady solve, \(n)³ cells (\(n * n * n)): conduction, then + advection along x, to 1e-8:")
    print(AdvectionSolveBenchmark.header)
    try AdvectionSolveBenchmark.run(side: n, cellPeclets: peclets, schemes: schemes,
                                    methods: methods) { print($0.line) }
  }

  func runConduction() throws {
    let sizes = try cells.flatMap { $0.split(separator: ",") }.map { text -> Double in
      guard let n = ConductionBlock.parseCount(String(text)) else {
        throw ValidationError("--cells expects counts like 125k, 1M, 8M; found \"\(text)\"")
      }
      return n
    }.sorted()
    print((verbosity.quiet ? "" : "\n") + ConductionBlock.header)
    for target in sizes {
      print(try ConductionBlock(targetCells: target, method: method, threads: Parallel.threadCount,
                                verbose: verbosity.verbose).run().line)
    }
  }

  /// STREAM triad and the SpMV of a 100³ 7-point matrix, printed.
  static func runKernels() {
    let triad = KernelBenchmarks.triad()
    print(String(format: "STREAM triad (3 × 10 M doubles): %.2f GB/s (best of 20, %.1f ms)",
                 triad.bytesPerSecond / 1e9, triad.seconds * 1e3))
    let a = KernelBenchmarks.laplacian7(side: 100)
    let spmv = KernelBenchmarks.spmv(a)
    print(String(format: "SpMV, 7-point 100³ (n = %d, nnz = %d): %.2f ms, %.2f GB/s = %.0f %% of triad",
                 a.rowCount, a.nonzeroCount, spmv.seconds * 1e3, spmv.bytesPerSecond / 1e9,
                 100 * spmv.bytesPerSecond / triad.bytesPerSecond))
  }
}

/// The conduction benchmark: write a refined copy of the 1 M-cell block, solve it in a child process, read back its
/// numbers. The child's peak RSS is `RUSAGE_CHILDREN`'s maximum, exact for its size because sizes run ascending.
struct ConductionBlock {
  let targetCells: Double
  let method: String
  let threads: Int
  /// Print each child command, its directory and its output on stderr (`bench --verbose`).
  var verbose = false

  static let header = "cells       iterations  op.compl.  other s (read, assembly, write)  setup s  solve s  wall s  CPU s   peak RSS MB  B/cell"

  struct Row {
    var cells: Int, iterations: Int, complexity: String, assembly: Double, setup: Double, solve: Double
    var wall: Double, cpu: Double, peakRSS: Double
    var line: String {
      String(format: "%-11d %10d  %9@  %31.2f  %7.2f  %7.2f  %6.2f  %5.2f  %11.0f  %6.0f", cells, iterations,
             complexity, assembly, setup, solve, wall, cpu, peakRSS / 1e6, peakRSS / Double(cells))
    }
  }

  static func parseCount(_ text: String) -> Double? {
    let t = text.trimmingCharacters(in: .whitespaces)
    let scale: Double = t.hasSuffix("k") ? 1e3 : t.hasSuffix("M") ? 1e6 : 1
    guard let v = Double(scale == 1 ? t : String(t.dropLast())), v > 0 else { return nil }
    return v * scale
  }

  func run() throws -> Row {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("racktwin-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    // 100 × 100 × 100 cells at r = 1; r scales the cells per axis.
    let r = Foundation.cbrt(targetCells / 1e6)
    let h = 1 / r
    let spec = """
      domain: {min: [0, 0, 0], max: ["100 mm", "100 mm", "50 mm"]}
      cells:
        x: {maxSize: "\(h) mm"}
        y: {maxSize: "\(h) mm"}
        z: {maxSize: "\(h / 2) mm"}
      regions:
        air: {material: air}
        board: {material: fr4}
        die: {material: silicon, component: dies}
        spreader: {material: copper}
      boxes:
        - {region: air, min: [0, 0, 0], max: ["100 mm", "100 mm", "50 mm"]}
        - {region: board, min: [0, 0, 0], max: ["100 mm", "100 mm", "5 mm"]}
        - {region: die, min: ["10 mm", "10 mm", "5 mm"], max: ["40 mm", "40 mm", "10 mm"]}
        - {region: die, min: ["60 mm", "10 mm", "5 mm"], max: ["90 mm", "40 mm", "10 mm"]}
        - {region: die, min: ["10 mm", "60 mm", "5 mm"], max: ["40 mm", "90 mm", "10 mm"]}
        - {region: die, min: ["60 mm", "60 mm", "5 mm"], max: ["90 mm", "90 mm", "10 mm"]}
        - {region: spreader, min: ["5 mm", "5 mm", "10 mm"], max: ["95 mm", "95 mm", "50 mm"]}
      """
    let caseText = """
      mesh: mesh.h5
      components:
        dies: {power: "400 W", limit: "95 degC"}
      boundaries:
        zmax: {type: convection, h: "5000 W/m^2/K", ambient: "35 degC"}
      solver: {method: \(method), tolerance: 1e-8, maxIterations: 20000}
      """
    try spec.write(to: dir.appendingPathComponent("mesh.yaml"), atomically: true, encoding: .utf8)
    try caseText.write(to: dir.appendingPathComponent("case.yaml"), atomically: true, encoding: .utf8)
    try Self.child(["mesh", "generate", "mesh.yaml", "-o", "mesh.h5", "--quiet"], in: dir, verbose: verbose)
    let before = Self.childUsage()
    let t0 = ContinuousClock.now
    let out = try Self.child(["solve", "case.yaml", "-o", "result.h5"], in: dir, verbose: verbose)
    let elapsed = (ContinuousClock.now - t0).components
    let wall = Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18
    let after = Self.childUsage()
    let file = try HDF5File.open(readingAt: dir.appendingPathComponent("result.h5").path)
    defer { try? file.close() }
    func metric(_ name: String) throws -> Double { try file.read(Double.self, at: "/metrics/\(name)").values[0] }
    var complexity = "–"
    if let line = out.split(separator: "\n").first(where: { $0.hasPrefix("solver:") }),
       let range = line.range(of: "operator complexity ") {
      complexity = String(line[range.upperBound...].prefix(5))
    }
    let cellsLine = out.split(separator: "\n").first { $0.hasPrefix("case:") } ?? ""
    let cellCount = Int(cellsLine.split(separator: "(").last?.split(separator: " ").first?
      .replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "\u{202F}", with: "") ?? "") ?? Int(targetCells)
    return Row(cells: cellCount, iterations: Int(try metric("solver_iterations")), complexity: complexity,
               assembly: wall - (try metric("setup_time")) - (try metric("solve_time")),
               setup: try metric("setup_time"), solve: try metric("solve_time"), wall: wall,
               cpu: after.cpu - before.cpu, peakRSS: after.maxRSS)
  }

  /// CPU seconds and largest peak RSS (bytes) of the waited-for children so far.
  static func childUsage() -> (cpu: Double, maxRSS: Double) {
    var u = rusage()
    getrusage(RUSAGE_CHILDREN.rawValue, &u)
    let cpu = Double(u.ru_utime.tv_sec) + Double(u.ru_utime.tv_usec) * 1e-6 + Double(u.ru_stime.tv_sec)
      + Double(u.ru_stime.tv_usec) * 1e-6
    return (cpu, Double(u.ru_maxrss) * 1024)
  }

  /// Runs this racktwin binary with the arguments; returns its standard output, throws on a non-zero exit.
  @discardableResult
  static func child(_ arguments: [String], in dir: URL, verbose: Bool = false) throws -> String {
    if verbose { standardError("bench: racktwin \(arguments.joined(separator: " ")) (in \(dir.path))") }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    process.arguments = arguments
    process.currentDirectoryURL = dir
    var environment = ProcessInfo.processInfo.environment
    environment["RACKTWIN_THREADS"] = String(Parallel.threadCount)
    environment["OPENBLAS_NUM_THREADS"] = "1"
    process.environment = environment
    let out = Pipe()
    process.standardOutput = out
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw ValidationError("racktwin \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
    }
    let text = String(decoding: data, as: UTF8.self)
    if verbose && !text.isEmpty { standardError(text.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")) }
    return text
  }
}
