import Foundation
import RackTwinCase
import RackTwinNumerics

/// What `racktwin solve --verbose` adds on stderr: the files read, the stages' times, the solver's residuals.
enum SolveDetails {
  /// A steady solve: mesh read, stages, linear residual history (at most `maxResidualLines` lines), passes.
  static func steady(_ o: SteadyCaseRunner.Outcome, wall: Double, exportSystem: String?,
                     maxResidualLines: Int = 20) -> [String] {
    let s = o.solution, r = s.report
    var lines = [String(format: "read %@: %d cells, %d faces, %d regions (case and mesh %.3f s)",
                        o.document.meshPath ?? "no mesh", o.mesh.cellCount, o.mesh.faceCount, o.mesh.regions.count,
                        o.readTime)]
    lines.append("linear solver: \(r.method), \(r.iterations) iterations, "
                 + (r.tolerance.map { String(format: "tolerance %.1e, ", $0) } ?? "direct, ")
                 + String(format: "true relative residual %.3e, ", r.relativeResidual)
                 + (r.converged ? "converged" : "NOT converged"))
    lines += residualLines(r.residualHistory, maxLines: maxResidualLines)
    if s.nonlinearIterations > 0 { lines.append("Picard passes (temperature-dependent terms): \(s.nonlinearIterations)") }
    if s.correctionIterations > 0 { lines.append("non-orthogonal correction passes: \(s.correctionIterations)") }
    let other = wall - o.readTime - s.assemblyTime - r.setupTime - r.solveTime
    lines.append(String(format: "times: read %.3f s, assembly %.3f s, setup %.3f s, solve %.3f s, write and other %.3f s; "
                          + "total %.3f s", o.readTime, s.assemblyTime, r.setupTime, r.solveTime, max(0, other), wall))
    if let exportSystem { lines.append("wrote the linear system to \(exportSystem)") }
    return lines
  }

  /// A transient: mesh read, steps, linear iterations, times.
  static func transient(_ o: TransientCaseRunner.Outcome, wall: Double) -> [String] {
    let s = o.solution
    return [
      String(format: "read %@: %d cells, %d faces, %d regions (case and mesh %.3f s)", o.document.meshPath ?? "no mesh",
             o.mesh.cellCount, o.mesh.faceCount, o.mesh.regions.count, o.readTime),
      "steps: \(s.acceptedSteps) accepted, \(s.rejectedSteps) rejected; \(s.linearIterations) linear iterations, "
        + "\(s.nonlinearIterations) Picard passes; \(s.snapshots.count) snapshots",
      String(format: "times: read %.3f s, assembly %.3f s, solve %.3f s, write and other %.3f s; total %.3f s", o.readTime,
             s.assemblyTime, s.solveTime, max(0, wall - o.readTime - s.assemblyTime - s.solveTime), wall),
    ]
  }

  /// The residual history, thinned to at most `maxLines` lines (always the first and the last).
  static func residualLines(_ history: [Double], maxLines: Int) -> [String] {
    guard !history.isEmpty else { return [] }
    let stride = max(1, (history.count + maxLines - 2) / max(1, maxLines - 1))
    var picked = Array(Swift.stride(from: 0, to: history.count, by: stride))
    if picked.last != history.count - 1 { picked.append(history.count - 1) }
    return picked.map { String(format: "  iteration %5d  relative residual %.3e", $0, history[$0]) }
  }
}
