import Foundation

/// The CPUs Slurm gave this task, read from the job environment.
///
/// Inside an allocation made with `--cpus-per-task C`, Slurm sets `SLURM_CPUS_PER_TASK=C`. Without a CPU-binding task
/// plugin (`TaskPlugin=task/none`) the process still sees every core of the node, so the core count must come from
/// the environment, not from the processor count.
public struct SlurmAllocation: Sendable, Equatable {
  /// CPUs of this task (≥ 1).
  public var cpusPerTask: Int

  /// Reads `SLURM_CPUS_PER_TASK`; nil outside an allocation, without `--cpus-per-task`, or for a value that is not a
  /// positive integer.
  public init?(environment: [String: String]) {
    guard let text = environment["SLURM_CPUS_PER_TASK"], let n = Int(text.trimmingCharacters(in: .whitespaces)), n > 0
    else { return nil }
    cpusPerTask = n
  }
}

/// How a sweep shares its cores: points solved at a time (`--jobs`) and threads per solve.
public struct SweepParallelism: Sendable, Equatable {
  /// Points solved at a time.
  public var jobs: Int
  /// Threads of each point's solve: the cores left per point, at least 1.
  public var threadsPerPoint: Int
  /// The cores the sweep uses: the Slurm task's CPUs inside an allocation, else the machine's.
  public var cores: Int

  public init(jobs: Int, threadsPerPoint: Int, cores: Int) {
    self.jobs = jobs
    self.threadsPerPoint = threadsPerPoint
    self.cores = cores
  }

  /// `--jobs` when given, else one point per core; the cores are the allocation's when there is one, else
  /// `machineCores`.
  public init(jobs: Int?, allocation: SlurmAllocation?, machineCores: Int) {
    let cores = max(1, allocation?.cpusPerTask ?? machineCores)
    let jobs = max(1, jobs ?? cores)
    self.init(jobs: jobs, threadsPerPoint: max(1, cores / jobs), cores: cores)
  }
}
