import RackTwinNumerics

/// What does not change between the points of a sweep, computed once from the base case (DESIGN §2): the mesh's
/// matrix pattern, and the preconditioner (AMG hierarchy or IC(0) factor) built on the base case's matrix.
///
/// Every point fills its own values into the pattern and preconditions its own matrix with the base-case
/// preconditioner — still symmetric positive definite, so CG reaches the same tolerance. Because it comes from the
/// base case, never from a neighbouring point, a point's result does not depend on which worker ran it or in which
/// order. The banded direct solver factors each point's own matrix (a factor cannot be reused across values).
/// One instance serves one solve at a time (an AMG V-cycle keeps work vectors): give each worker its own.
public struct SolverReuse: Sendable {
  public let pattern: ThermalSystem.Pattern
  /// The method the base case resolved to (`auto` resolved once, so every point uses the same).
  public let method: LinearSolverMethod
  let preconditioner: (any Preconditioner)?

  /// Assembles the base model once and builds its preconditioner.
  public init(baseModel: ThermalModel, options: SolverOptions) throws {
    let pattern = ThermalSystem.Pattern(mesh: baseModel.mesh)
    let system = ThermalSystem(model: baseModel, pattern: pattern)
    let method = SteadyThermalSolver.resolvedMethod(options.method, for: system.matrix)
    do {
      // Jacobi is rebuilt per point (its setup is one pass over the diagonal); banded factors every point's matrix.
      switch method {
      case .cgAMG, .cgIC0, .auto: preconditioner = try PreconditionerCache.build(method, for: system.matrix)
      case .banded, .cgJacobi: preconditioner = nil
      }
    } catch let error as LinearSolverError {
      throw ThermalError.solverFailed(error.description)
    }
    self.pattern = pattern
    self.method = method
  }
}
