import ArgumentParser
import Foundation
import RackTwinCase
import RackTwinIO
import RackTwinMesh
import RackTwinNumerics
import RackTwinReport
import RackTwinSweep
import RackTwinThermal

@main
struct Racktwin: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "racktwin",
    abstract: "Rack thermal and liquid-cooling digital twin: finite-volume conjugate heat transfer.",
    discussion: """
      Examples (from the repository's root; `racktwin help COMMAND` for more):
        racktwin solve geometries/gpu-stack/case.yaml -o results/gpu-stack.h5
        racktwin sweep geometries/gpu-stack/sweep.yaml -o results/gpu-stack-sweep.h5
        racktwin help mesh inspect

      Every command that prints takes -q/--quiet (only errors and warnings) and -v/--verbose (more, on stderr). \
      Progress, warnings and errors go to stderr; summaries and data to stdout or to files (docs/cli.md).

      Shell completion (bash, zsh, fish; docs/cli.md):
        racktwin --generate-completion-script bash \\
          > ~/.local/share/bash-completion/completions/racktwin
        racktwin --generate-completion-script zsh > ~/.zfunc/_racktwin
        racktwin --generate-completion-script fish \\
          > ~/.config/fish/completions/racktwin.fish

      Exit codes: 0 ok; 1 a failed check or a solve that did not converge; 2 bad input (a file, a key, a value, \
      impossible physics such as heat with no path to any boundary).
      """,
    version: racktwinVersion,
    subcommands: [Solve.self, Sweep.self, Merge.self, Report.self, MeshCommand.self, Validate.self, Bench.self,
                  Compact.self])

  /// Parses, runs, and maps errors to the exit codes of DESIGN §4.4 (usage errors are bad input: 2).
  static func main() {
    returnLargeFreedArraysToTheSystem()
    // Every command: OpenBLAS's threads would wait on cores our kernels or other processes use (issue 19).
    BLASThreads.limitToOne()
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      let code = exitCode(for: error)
      if code == .success || code.rawValue == 0 {
        exit(withError: error)
      }
      if let status = RacktwinFailure.exitStatus(for: error) {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        Foundation.exit(status)
      }
      // Argument-parser usage errors (its code 64) are bad input too.
      FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
      Foundation.exit(code == .validationFailure || code.rawValue == 64 ? 2 : code.rawValue)
    }
  }
}

/// Makes glibc map every allocation of 4 MiB or more on its own (M_MMAP_THRESHOLD), so freeing it returns its pages
/// at once. By default the threshold follows the largest block freed, up to 32 MiB: a 1 M-cell solve then keeps the
/// freed scratch arrays of assembly and multigrid setup (8–32 MB each) resident in the heap, and peaks 47 MB higher
/// (599 against 552 MB, measured in docs/performance.md) at the same wall time.
func returnLargeFreedArraysToTheSystem() {
  #if os(Linux)
  let mmapThreshold: Int32 = -3  // M_MMAP_THRESHOLD in glibc's <malloc.h>, which the Glibc module does not import
  _ = glibcMallopt(mmapThreshold, 4 << 20)
  #endif
}

#if os(Linux)
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif

/// Which of our errors mean bad input (2) and which a failed run (1).
enum RacktwinFailure {
  static func exitStatus(for error: Error) -> Int32? {
    switch error {
    case is CaseError, is MeshError, is HDF5Error, is SweepError, is ResourceError, is ReportError: return 2
    case let e as CaseRunError: return e.isNonConvergence ? 1 : 2
    case let e as ThermalError:
      if case .notConverged = e { return 1 }
      if case .nonlinearNotConverged = e { return 1 }
      if case .correctionNotConverged = e { return 1 }
      return 2
    case is LinearSolverError: return 2
    case let e as CocoaError where e.code == .fileReadNoSuchFile || e.code == .fileNoSuchFile: return 2
    default: return nil
    }
  }
}
