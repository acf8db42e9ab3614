import Foundation
import RackTwinCase
import RackTwinIO

/// Which array tasks of a `SlurmScript` to submit, and submitting them with `sbatch` (`racktwin sweep --slurm
/// --submit`): the array first, then the merge job with `--dependency=afterany:<array job>`.
public struct SlurmSubmission: Sendable, Equatable {
  /// Array tasks to submit (shard indices), ascending; empty when every shard is finished (only the merge runs).
  public var tasks: [Int]
  /// Shard files or journals of an earlier run found by a fresh (not `--resume`) plan; a fresh submission refuses them.
  public var leftovers: [String]

  public init(tasks: [Int], leftovers: [String]) {
    self.tasks = tasks
    self.leftovers = leftovers
  }

  /// All tasks for a fresh run; with `resume`, only the shards without a complete file of this sweep.
  public static func plan(_ script: SlurmScript, spec: SweepSpec, resume: Bool) throws -> SlurmSubmission {
    guard resume else { return SlurmSubmission(tasks: Array(0..<script.arraySize), leftovers: script.leftovers()) }
    let base = try CaseDecoder.decode(text: spec.baseText, path: spec.basePath)
    let identity = SweepIdentity(spec: spec, meshSHA256: try base.meshPath.map { try SHA256.hexDigest(ofFileAt: $0) } ?? "")
    return SlurmSubmission(tasks: script.unfinishedShards(identity: identity), leftovers: [])
  }

  /// The job ids `sbatch` gave.
  public struct JobIDs: Sendable, Equatable {
    /// The array job; nil when no task was left to submit.
    public var array: String?
    public var merge: String
  }

  /// The commands a person would type, for printing when not submitting.
  public func commands(_ script: SlurmScript) -> [String] {
    var lines: [String] = []
    if !tasks.isEmpty {
      lines.append("jobid=$(sbatch " + script.arraySubmitArguments(tasks: tasks).map(SlurmScript.shellQuotedIfNeeded)
        .joined(separator: " ") + ")")
    }
    lines.append("sbatch " + script.mergeSubmitArguments(afterArrayJob: tasks.isEmpty ? nil : "$jobid").dropFirst()
      .map { $0.hasSuffix("$jobid") ? $0 : SlurmScript.shellQuotedIfNeeded($0) }.joined(separator: " "))
    return lines
  }

  /// Submits the array (these tasks) and the merge after it.
  /// - Parameter environment: where `PATH` is searched for `sbatch`.
  /// - Throws: `SweepError` when `sbatch` is not on the path, fails, or prints no job id.
  public func submit(_ script: SlurmScript, environment: [String: String]) throws -> JobIDs {
    let sbatch = try Self.findSbatch(environment: environment)
    let arrayJob = tasks.isEmpty ? nil : try Self.run(sbatch, script.arraySubmitArguments(tasks: tasks), script: script.arrayScriptPath)
    let mergeJob = try Self.run(sbatch, script.mergeSubmitArguments(afterArrayJob: arrayJob), script: script.mergeScriptPath)
    return JobIDs(array: arrayJob, merge: mergeJob)
  }

  static func findSbatch(environment: [String: String]) throws -> String {
    for dir in (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
      let p = (String(dir) as NSString).appendingPathComponent("sbatch")
      if FileManager.default.isExecutableFile(atPath: p) { return p }
    }
    throw SweepError(file: "sbatch", keyPath: "", expected: "Slurm's sbatch on PATH (for --submit)",
                     found: "none; the scripts are written: submit them on a machine with Slurm")
  }

  /// Runs `sbatch --parsable …` and returns the job id (the part of its output before any `;cluster`).
  static func run(_ sbatch: String, _ arguments: [String], script: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: sbatch)
    process.arguments = arguments
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: outData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    let id = String(text.split(separator: ";").first ?? "")
    guard process.terminationStatus == 0, !id.isEmpty, id.allSatisfy(\.isNumber) else {
      let message = String(decoding: errData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
      throw SweepError(file: script, keyPath: "", expected: "sbatch to accept the job and print its id",
                       found: "exit \(process.terminationStatus): \(message.isEmpty ? text : message)")
    }
    return id
  }
}
