import Foundation
import RackTwinCase
import RackTwinIO
import RackTwinMesh
import RackTwinNumerics
import RackTwinThermal

#if canImport(Glibc)
import Glibc
#endif

/// Runs a sweep: solves its points on worker threads, journals each finished point, and assembles the results file
/// and CSV from the journal (`docs/sweep-format.md`).
///
/// The mesh file is read, checksummed and built into an `FVMesh` once, from the base case; every point re-decodes
/// the base case text with its overrides (exactly as `racktwin solve --set` does) and builds its model on that
/// shared mesh. No point uses another point's result, so results do not depend on scheduling.
public final class SweepRunner: @unchecked Sendable {
  public struct Options: Sendable {
    public var output: String
    public var jobs: Int
    public var shard: Shard?
    public var resume: Bool
    /// Re-read the mesh for every point (for measuring what reuse saves).
    public var reuseMesh: Bool
    public init(output: String, jobs: Int, shard: Shard? = nil, resume: Bool = false, reuseMesh: Bool = true) {
      self.output = output
      self.jobs = jobs
      self.shard = shard
      self.resume = resume
      self.reuseMesh = reuseMesh
    }
  }

  public struct Progress: Sendable {
    /// Points of this run (shard), finished ones from the journal included.
    public var total: Int
    public var done: Int
    public var failed: Int
    /// Points solved by this process so far, and the seconds since it started solving.
    public var solvedHere: Int
    public var elapsed: Double
    /// Estimated seconds to go, nil before the first point.
    public var eta: Double?
  }

  public struct Summary: Sendable {
    public var output: String
    public var csv: String
    public var total: Int
    public var ok: Int
    public var failed: Int
    public var notRun: Int
    /// Points already in the journal at start.
    public var resumed: Int
    public var solvedHere: Int
    /// Seconds: setup (base case, mesh), solving, journal writes (summed over workers), assembling the file.
    public var setupTime: Double
    public var solveWallTime: Double
    public var pointTimeTotal: Double
    /// CPU seconds of the solving threads, summed over the points solved here.
    public var pointCPUTimeTotal: Double
    public var journalTime: Double
    public var writeTime: Double
    public var interrupted: Bool
    /// `--resume` found the output complete for this sweep (and no journal): nothing was run.
    public var upToDate: Bool
  }

  public let spec: SweepSpec
  public let options: Options
  private let hdf5Lock = NSLock()

  public init(spec: SweepSpec, options: Options) {
    self.spec = spec
    self.options = options
  }

  /// Runs the sweep. `shouldStop` is polled before each new point (SIGINT/SIGTERM); `progress` is called after each
  /// finished point, from a worker thread, one call at a time.
  public func run(shouldStop: @escaping @Sendable () -> Bool = { false },
                  progress: @escaping @Sendable (Progress) -> Void = { _ in }) throws -> Summary {
    let clock = ContinuousClock()
    let t0 = clock.now
    let base = try CaseDecoder.decode(text: spec.baseText, path: spec.basePath)
    // A network-only base case has no mesh: its points solve the loop alone.
    let caseMesh = try base.meshPath.map { _ in
      try CaseMesh.load(for: base, concurrent: max(1, min(options.jobs, spec.pointCount)), caseFile: spec.basePath)
    }
    let checksum = caseMesh?.checksum ?? ""
    let identity = SweepIdentity(spec: spec, meshSHA256: checksum)
    let journal = SweepJournal(output: options.output)
    // A resubmitted Slurm task whose shard already finished: keep the file, solve nothing.
    if options.resume, !journal.exists,
       let done = Self.completeFile(output: options.output, identity: identity, shard: options.shard) {
      let ok = done.status.filter { $0 == SweepPointResult.Status.ok.rawValue }.count
      return Summary(output: options.output, csv: SweepTableFile.csvPath(for: options.output), total: done.indices.count,
                     ok: ok, failed: done.indices.count - ok, notRun: 0, resumed: done.indices.count, solvedHere: 0,
                     setupTime: (clock.now - t0).sweepSeconds, solveWallTime: 0, pointTimeTotal: 0,
                     pointCPUTimeTotal: 0, journalTime: 0, writeTime: 0, interrupted: false, upToDate: true)
    }

    let header = SweepJournal.Header(sweepHash: identity.hash, pointCount: spec.pointCount,
                                     shard: options.shard?.description ?? "")
    if journal.exists {
      guard options.resume else {
        throw SweepError(file: journal.directory, keyPath: "", expected: "no journal (or --resume to continue it)",
                         found: "the journal of an earlier, unfinished run")
      }
      try journal.verify(header)
      journal.removeStaleTemporaries(output: options.output)
    } else {
      try journal.create(header)
    }
    let rows = spec.points(shard: options.shard)
    var results: [Int: SweepPointResult] = [:]
    for i in rows { if let r = try journal.read(i) { results[i] = r } }
    let resumed = results.count
    let todo = rows.filter { results[$0] == nil }
    let setupTime = (clock.now - t0).sweepSeconds

    // Workers: each takes the next point, solves it and journals it.
    let tSolve = clock.now
    let state = WorkState()
    state.results = results
    state.failed = results.values.filter { $0.status != .ok }.count
    let jobs = max(1, min(options.jobs, todo.count))
    // Reuse (DESIGN §2): each worker builds the base case's pattern and preconditioner once; points fill values.
    // A base case that cannot be built leaves each point to fail on its own, with its message.
    let baseModel: ThermalModel? = options.reuseMesh
      ? caseMesh.flatMap { try? ModelBuilder.build(case: base, mesh: $0.mesh) } : nil
    DispatchQueue.concurrentPerform(iterations: jobs) { _ in
      let reuse = baseModel.flatMap { try? SolverReuse(baseModel: $0, options: ModelBuilder.solverOptions(base)) }
      while true {
        state.lock.lock()
        guard state.next < todo.count, !shouldStop(), state.firstError == nil else { state.lock.unlock(); return }
        let i = todo[state.next]
        state.next += 1
        state.lock.unlock()
        let r = solve(point: i, base: base, shared: caseMesh, reuse: reuse)
        let tj = clock.now
        do {
          try journal.write(r)
        } catch {
          state.lock.lock(); state.firstError = state.firstError ?? error; state.lock.unlock()
          return
        }
        let jt = (clock.now - tj).sweepSeconds
        state.lock.lock()
        state.results[i] = r
        state.solvedHere += 1
        if r.status != .ok { state.failed += 1 }
        state.pointTime += r.wallTime
        state.pointCPUTime += r.cpuTime
        state.journalTime += jt
        let elapsed = (clock.now - tSolve).sweepSeconds
        let remaining = todo.count - state.solvedHere
        progress(Progress(total: rows.count, done: state.results.count, failed: state.failed, solvedHere: state.solvedHere,
                          elapsed: elapsed, eta: Double(remaining) * elapsed / Double(state.solvedHere)))
        state.lock.unlock()
      }
    }
    if let e = state.firstError { throw e }
    let (solvedHere, pointTime, journalTime) = (state.solvedHere, state.pointTime, state.journalTime)
    let solveWall = (clock.now - tSolve).sweepSeconds

    // Assemble from the journal, so a resumed run writes exactly what an uninterrupted one would.
    let tWrite = clock.now
    var journaled: [Int: SweepPointResult] = [:]
    for i in rows { if let r = try journal.read(i) { journaled[i] = r } }
    let table = SweepTable.assemble(spec: spec, identity: identity, shard: options.shard, rows: rows, results: journaled)
    try SweepTableFile.write(table, to: options.output)
    let complete = journaled.count == rows.count
    if complete { journal.remove() }
    let ok = journaled.values.filter { $0.status == .ok }.count
    return Summary(output: options.output, csv: SweepTableFile.csvPath(for: options.output), total: rows.count, ok: ok,
                   failed: journaled.count - ok, notRun: rows.count - journaled.count, resumed: resumed,
                   solvedHere: solvedHere, setupTime: setupTime, solveWallTime: solveWall, pointTimeTotal: pointTime,
                   pointCPUTimeTotal: state.pointCPUTime,
                   journalTime: journalTime, writeTime: (clock.now - tWrite).sweepSeconds, interrupted: !complete,
                   upToDate: false)
  }

  /// The results file at `output` when it is complete for this sweep and shard: same sweep hash, same shard, every
  /// point of the shard run (status 3 marks an interrupted run's unfinished points), and no journal beside it. Nil
  /// when it is missing, unreadable, of another sweep or unfinished.
  public static func completeFile(output: String, identity: SweepIdentity, shard: Shard?) -> SweepTable? {
    guard !SweepJournal(output: output).exists, FileManager.default.fileExists(atPath: output),
          let t = try? SweepTableFile.read(output), t.sweepHash == identity.hash, t.shard == (shard?.description ?? ""),
          t.indices.count == (shard.map { max(0, t.pointCount - $0.index + $0.count - 1) / $0.count } ?? t.pointCount),
          !t.status.contains(SweepPointResult.Status.notRun.rawValue)
    else { return nil }
    return t
  }

  /// What the workers share, guarded by `lock`.
  final class WorkState: @unchecked Sendable {
    let lock = NSLock()
    var next = 0, solvedHere = 0, failed = 0
    var pointTime = 0.0, pointCPUTime = 0.0, journalTime = 0.0
    var results: [Int: SweepPointResult] = [:]
    var firstError: Error?
  }

  /// Solves one point; every failure becomes a status and a message.
  func solve(point i: Int, base: CaseDocument, shared: CaseMesh?, reuse: SolverReuse?) -> SweepPointResult {
    let clock = ContinuousClock()
    let t0 = clock.now
    let cpu0 = threadCPUTime()
    func ok(_ results: ResultsDocument) -> SweepPointResult {
      let outputs = SolutionMetrics.columns(of: results).map {
        SweepPointResult.Output(name: $0.name, units: $0.units, value: $0.value)
      }
      return SweepPointResult(index: i, status: .ok, message: "", outputs: outputs, wallTime: (clock.now - t0).sweepSeconds,
                              cpuTime: threadCPUTime() - cpu0)
    }
    do {
      var doc = try CaseDecoder.decode(text: spec.baseText, path: spec.basePath, overrides: spec.overrides(ofPoint: i))
      guard doc.meshPath == shared?.path else {
        throw SweepError(file: spec.basePath, keyPath: "mesh",
                         expected: shared.map { "the base case's mesh \($0.path) (a sweep shares one mesh)" }
                           ?? "no mesh, as the base case (a network alone)",
                         found: doc.meshPath ?? "no mesh")
      }
      guard let sharedMesh = shared else { return ok(try NetworkCaseRunner(document: doc, point: i).solve().results) }
      var meshData = sharedMesh
      if !options.reuseMesh {
        // HDF5 is not thread-safe: one reader at a time.
        hdf5Lock.lock()
        defer { hdf5Lock.unlock() }
        meshData = try CaseMesh.load(for: doc, caseFile: spec.basePath)
      }
      // Fluid regions in the loop: the network and the 3-D solve iterate (CoupledCaseRunner), on the shared mesh.
      if let net = doc.network, !net.regions.isEmpty || doc.hasNetworkPlates {
        return ok(try CoupledCaseRunner(document: doc, casePath: spec.basePath, caseMesh: meshData).solve().results)
      }
      // With a facility the exchanger's set point follows the CDU (FacilityRun.solveNetwork).
      let solved = try doc.network.map { _ in try FacilityRun.solveNetwork(doc) }
      let network = solved?.solution
      if let solved { doc = solved.document }
      let model = try ModelBuilder.build(case: doc, mesh: meshData.mesh)
      // The base case's pattern and preconditioner serve every point that keeps the base case's solver method.
      let solverOptions = ModelBuilder.solverOptions(doc)
      let shared = solverOptions.method == ModelBuilder.solverOptions(base).method ? reuse : nil
      let solution = try SteadyThermalSolver(options: solverOptions, reuse: shared).solve(model)
      // The random stream is keyed by the point's index, never by the worker or the order points finish in.
      let results = try SteadyCaseRunner.results(
        doc: doc, caseMesh: meshData, model: model, solution: solution, network: network,
        tcs: (solved?.iterations ?? 0, solved?.change ?? 0), riskPoint: i).results
      return ok(results)
    } catch {
      var status = SweepPointResult.Status.badInput
      switch (error as? CaseRunError)?.underlying ?? error {
      case ThermalError.notConverged, ThermalError.nonlinearNotConverged, ThermalError.correctionNotConverged:
        status = .notConverged
      default: break
      }
      if (error as? CaseRunError)?.isNonConvergence == true { status = .notConverged }
      return SweepPointResult(index: i, status: status, message: "\(error)", outputs: [], wallTime: (clock.now - t0).sweepSeconds,
                              cpuTime: threadCPUTime() - cpu0)
    }
  }

  /// Tells OpenBLAS to use one thread (our workers are the parallelism): `BLASThreads.limitToOne()`.
  public static func limitBLASThreads() {
    BLASThreads.limitToOne()
  }
}

/// CPU time of the calling thread, seconds.
func threadCPUTime() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
  return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

extension Duration {
  var sweepSeconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
