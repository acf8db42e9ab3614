import RackTwinNumerics

/// The deferred non-orthogonal correction passes of one linear system (a steady solve, or one transient step),
/// accelerated by Anderson mixing (`AndersonMixing`) and with inexact early solves.
///
/// Each pass takes gradients from the latest temperatures, moves their explicit flux parts to the right-hand side
/// and solves again. Its change, the largest cell temperature change from the temperature θ(x) of the gradients x it
/// started from to the one it solved, is the plain passes' change; the passes have settled when a change is at most
/// `SolverOptions.correctionTolerance` × `scale` in a pass solved to the full `SolverOptions.tolerance`. Anderson
/// mixing only chooses the gradients each pass starts from, so what settles is the fixed point of the plain passes,
/// the same result to within the tolerance. Earlier passes solve to a looser relative residual,
/// 1e-2 × the last change/`scale`, at most 1e-6 and never below `SolverOptions.tolerance`: an error far below the
/// change still to come (Dembo, Eisenstat & Steihaug, SIAM J. Numer. Anal. 19 (1982) 400, on inexact inner solves).
struct CorrectionPasses {
  /// Anderson window: 5 columns (one 1 M-tetrahedron solve: 40 B per cell each, 200 MB in all).
  static let window = 5
  /// Loosest relative residual of an early pass.
  static let loosestTolerance = 1e-6

  let correction: NonOrthogonalCorrection
  let options: SolverOptions
  /// The temperature scale of the tolerance (K): the span of the steady field; in a transient step the larger of its
  /// field's span and 1e-4 of its largest |T − T_ref|.
  let scale: Double

  struct Outcome {
    /// The gradients the last solve used.
    var gradients: [SIMD3<Double>]
    var passes: Int
    /// Largest cell temperature change per pass (K).
    var changes: [Double]
    var settled: Bool
    var iterations = 0
    var setupTime = 0.0
    var solveTime = 0.0
    var lastReport: SolverReport?
    var lastRHS: [Double]?
  }

  /// The relative residual of a pass after one that changed the field by `lastChange` (K); the loosest for the
  /// first pass.
  func tolerance(after lastChange: Double?) -> Double {
    guard let lastChange else { return max(options.tolerance, Self.loosestTolerance) }
    return max(options.tolerance, min(Self.loosestTolerance, 1e-2 * lastChange / scale))
  }

  /// Runs the passes from `theta` (the system's unknowns, θ = T − T_ref, solved without correction or with
  /// `gradients`) and the gradients it was solved with; on return `theta` is the last solve's solution.
  /// - Parameters:
  ///   - rhs: the system's right-hand side without correction.
  ///   - solve: solves A θ = b to a relative residual, starting from θ.
  /// - Throws: `ThermalError.correctionNotConverged` when the passes neither settle nor nearly settle
  ///   (`SteadyThermalSolver.correctionNearlySettled`) within `maxCorrections`, or grow past 1000 × `scale`; what
  ///   `solve` throws.
  func run(rhs: [Double], theta: inout [Double], gradients start: [SIMD3<Double>], referenceTemperature: Double,
           keepsRHS: Bool = false,
           solve: (_ b: [Double], _ theta: inout [Double], _ tolerance: Double) throws -> SolverReport)
    throws -> Outcome {
    let n = correction.mesh.cellCount
    var outcome = Outcome(gradients: start, passes: 0, changes: [], settled: false)
    var mixing = AndersonMixing(window: max(1, options.correctionWindow))
    var x = start
    var best = Double.infinity
    var lastSolution = theta
    for _ in 0..<options.maxCorrections {
      let image = correction.gradients(theta[..<n].map { $0 + referenceTemperature }, previous: x)
      let extra = correction.rhsCorrection(image)
      var b = rhs
      for c in 0..<n { b[c] += extra[c] }
      let passTolerance = self.tolerance(after: outcome.changes.last)
      var solution = theta
      let report = try solve(b, &solution, passTolerance)
      outcome.iterations += report.iterations
      outcome.setupTime += report.setupTime
      outcome.solveTime += report.solveTime
      outcome.lastReport = report
      if keepsRHS { outcome.lastRHS = b }
      outcome.passes += 1
      var residual = solution
      var change = 0.0
      for i in residual.indices {
        residual[i] -= theta[i]
        change = max(change, abs(residual[i]))
      }
      if !change.isFinite { change = .infinity }
      outcome.changes.append(change)
      outcome.gradients = image
      lastSolution = solution
      if change <= options.correctionTolerance * scale && passTolerance == options.tolerance {
        theta = solution
        outcome.settled = true
        return outcome
      }
      // Diverging: a pass that moves some cell by more than a thousand spans never comes back.
      if !change.isFinite || change > 1e3 * scale { break }
      // A pass far worse than the best so far: the mixed history misleads; start again from this pass.
      if change > 10 * best { mixing.reset() }
      best = min(best, change)
      if options.correctionWindow > 0 {
        (x, theta) = mixing.mix(residual: residual, image: image, solution: solution)
      } else {
        (x, theta) = (image, solution)
      }
    }
    theta = lastSolution
    if outcome.settled || SteadyThermalSolver.correctionNearlySettled(outcome.changes, span: scale) {
      return outcome
    }
    throw ThermalError.correctionNotConverged(passes: outcome.passes, changes: Array(outcome.changes.suffix(5)),
                                              span: options.correctionTolerance * scale)
  }
}
