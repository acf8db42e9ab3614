import RackTwinNumerics

/// What does not change between the points of a sweep, computed once from the base case (DESIGN §2): the mesh's
/// matrix pattern, and the preconditioner (AMG hierarchy, IC(0) or ILU(0) factor) built on the base case's matrix.
///
/// Every point fills its own values into the pattern and preconditions its own matrix with the base-case
/// preconditioner. For a symmetric base the point's matrix is still symmetric positive definite, so CG reaches the
/// same tolerance; for a non-symmetric base (advection) the base case's ILU(0) factor or AMG hierarchy preconditions
/// BiCGSTAB or GMRES on the point's matrix just as well. Should a point's matrix be non-symmetric where the base
/// case's was symmetric (CG chosen), that point resolves its method alone (`SteadyThermalSolver`). Because it comes
/// from the base case, never from a neighbouring point, a point's result does not depend on which worker ran it or in
/// which order. The banded direct solvers factor each point's own matrix (a factor cannot be reused across values).
/// One instance serves one solve at a time (an AMG V-cycle keeps work vectors): give each worker its own.
public struct SolverReuse: Sendable {
  public let pattern: ThermalSystem.Pattern
  /// The method the base case resolved to (`auto` resolved once, so every point uses the same).
  public let method: LinearSolverMethod
  /// The base case's preconditioner (nil for the banded direct methods and Jacobi).
  public let preconditioner: (any Preconditioner)?

  /// Assembles the base model once and builds its preconditioner.
  /// - Parameter symmetric: whether the base case's matrix is symmetric, when the caller knows; nil checks it.
  /// - Throws: `ThermalError.invalidInput` at `solver.method` for a CG method on a non-symmetric base matrix,
  ///   `.solverFailed` when the preconditioner cannot be built.
  public init(baseModel: ThermalModel, options: SolverOptions, symmetric: Bool? = nil) throws {
    let pattern = ThermalSystem.Pattern(model: baseModel)
    let system = ThermalSystem(model: baseModel, pattern: pattern)
    let symmetric = symmetric ?? system.matrix.isExactlySymmetric
    let method = SteadyThermalSolver.resolvedMethod(options.method, for: system.matrix, symmetric: symmetric,
                                                    repeatedSolves: NonOrthogonalCorrection(model: baseModel, system: system).isNeeded)
    if method.isConjugateGradient && !symmetric { throw SteadyThermalSolver.nonSymmetricMatrixError(method) }
    do {
      // Jacobi is rebuilt per point (its setup is one pass over the diagonal); banded factors every point's matrix.
      switch method {
      case .cgAMG, .cgIC0, .auto, .bicgstabAMG, .bicgstabILU0, .gmresAMG, .gmresILU0:
        preconditioner = try PreconditionerCache.build(method, for: system.matrix, symmetric: symmetric)
      case .banded, .bandedLU, .cgJacobi: preconditioner = nil
      }
    } catch let error as LinearSolverError {
      throw ThermalError.solverFailed(error.description)
    }
    self.pattern = pattern
    self.method = method
  }
}
