import Foundation
import RackTwinMesh
import RackTwinNumerics

/// How the linear system is solved. The solve first learns whether the assembled matrix is symmetric (exactly,
/// aᵢⱼ = aⱼᵢ; advection makes it not), and `auto` and `banded` choose by it (`SteadyThermalSolver.resolvedMethod`).
public enum LinearSolverMethod: String, Sendable, CaseIterable {
  /// Symmetric: banded Cholesky when the band fits comfortably, AMG-CG for large systems, IC(0)-CG between.
  /// Non-symmetric: banded LU when cheap, else BiCGSTAB with AMG (large) or ILU(0) (small).
  case auto
  /// A banded direct solve after RCM: LAPACK Cholesky when the matrix is symmetric, LU when it is not. After
  /// `resolvedMethod`, `banded` means Cholesky.
  case banded
  /// CG preconditioned by smoothed-aggregation algebraic multigrid.
  case cgAMG = "cg-amg"
  case cgIC0 = "cg-ic0"
  case cgJacobi = "cg-jacobi"
  /// Banded LU with partial pivoting (LAPACK dgbtrf/dgbtrs) after RCM, whatever the symmetry.
  case bandedLU = "banded-lu"
  /// BiCGSTAB preconditioned by an AMG V-cycle built on the (non-symmetric) matrix.
  case bicgstabAMG = "bicgstab-amg"
  /// BiCGSTAB preconditioned by ILU(0).
  case bicgstabILU0 = "bicgstab-ilu0"
  /// Restarted GMRES(30) preconditioned by an AMG V-cycle.
  case gmresAMG = "gmres-amg"
  /// Restarted GMRES(30) preconditioned by ILU(0).
  case gmresILU0 = "gmres-ilu0"

  /// Whether the method is conjugate gradient, which needs a symmetric matrix.
  public var isConjugateGradient: Bool { self == .cgAMG || self == .cgIC0 || self == .cgJacobi }
}

/// Settings of a steady solve.
public struct SolverOptions: Sendable, Equatable {
  public var method: LinearSolverMethod
  /// Relative residual ‖b − Aθ‖₂/‖b‖₂ for the iterative solvers.
  public var tolerance: Double
  public var maxIterations: Int
  /// Most deferred non-orthogonal correction passes (unstructured meshes only).
  public var maxCorrections: Int
  /// The correction passes stop when no cell temperature changes by more than this fraction of the temperature span.
  public var correctionTolerance: Double
  /// Picard iterations on temperature-dependent terms stop when no cell changes by more than this (K).
  public var nonlinearTolerance: Double
  public var maxNonlinearIterations: Int
  /// Keep the last linear system and its solution in `ThermalSolution.linearSystem` (for `--export-system`).
  public var keepsLinearSystem: Bool = false
  /// Columns of Anderson mixing in the correction passes (`CorrectionPasses`); 0 runs plain passes (tests compare).
  var correctionWindow: Int = CorrectionPasses.window
  public init(method: LinearSolverMethod = .auto, tolerance: Double = 1e-10, maxIterations: Int = 10_000,
              maxCorrections: Int = 100, correctionTolerance: Double = 1e-10, nonlinearTolerance: Double = 1e-6,
              maxNonlinearIterations: Int = 200) {
    self.nonlinearTolerance = nonlinearTolerance
    self.maxNonlinearIterations = maxNonlinearIterations
    self.method = method
    self.tolerance = tolerance
    self.maxIterations = maxIterations
    self.maxCorrections = maxCorrections
    self.correctionTolerance = correctionTolerance
  }
}

/// A solved steady conduction problem.
public struct ThermalSolution: Sendable {
  public struct ComponentResult: Sendable, Equatable {
    public var name: String
    /// W.
    public var power: Double
    /// K.
    public var maxTemperature: Double
    /// Volume-weighted mean, K.
    public var meanTemperature: Double
    /// K, if the component has a limit.
    public var limit: Double?
    /// Limit minus maximum, K.
    public var margin: Double? { limit.map { $0 - maxTemperature } }
    /// Mesh cell of the maximum.
    public var hottestCell: Int
  }

  public struct ProbeResult: Sendable, Equatable {
    public var name: String
    public var position: SIMD3<Double>
    /// K.
    public var temperature: Double
  }

  /// A boundary patch's face temperatures, as its boundary condition implies them.
  public struct PatchResult: Sendable, Equatable {
    public var name: String
    /// Area-weighted mean face temperature, K.
    public var meanTemperature: Double
    /// m².
    public var area: Double
  }

  /// Temperature per cell, K.
  public var temperature: [Double]
  /// Temperatures of the added terms' own unknowns (`ThermalTerm.unknownCount`), K, in system order.
  public var termTemperature: [Double] = []
  /// What the added terms report at the solution, each metric's name prefixed by its term's (`term.metric`).
  public var termMetrics: [TermMetric] = []
  public var energyBalance: EnergyBalance
  public var components: [ComponentResult]
  public var probes: [ProbeResult]
  /// One entry per boundary patch with faces, in the mesh's patch order.
  public var patches: [PatchResult] = []
  /// The last linear solve's report; `iterations` counts all linear iterations of the solve.
  public var report: SolverReport
  /// Seconds.
  public var assemblyTime: Double
  /// Deferred non-orthogonal correction passes (0 on orthogonal meshes).
  public var correctionIterations: Int = 0
  /// Picard iterations on temperature-dependent terms (0 for a linear model).
  public var nonlinearIterations: Int = 0
  /// The last system the linear solver saw, when `SolverOptions.keepsLinearSystem` asked for it.
  public var linearSystem: LinearSystemSnapshot? = nil
  /// Regions whose temperatures left their material's valid range, one message each.
  public var rangeWarnings: [String] = []
  /// The reference temperature the system was solved about, K.
  public var referenceTemperature: Double = 0
}

extension ThermalModel {
  /// A message per region whose cell temperatures (K) leave its material's `validRange`, naming the region, the
  /// material, the temperature reached and the range.
  public func rangeWarnings(temperature: [Double]) -> [String] {
    var lo: [Int32: Double] = [:], hi: [Int32: Double] = [:]
    // Over runs of cells of one region (one dictionary update per run, not per cell).
    var c = 0
    while c < mesh.cellCount {
      let r = mesh.cellRegion[c]
      var l = Double.infinity, h = -Double.infinity
      while c < mesh.cellCount && mesh.cellRegion[c] == r {
        l = min(l, temperature[c])
        h = max(h, temperature[c])
        c += 1
      }
      lo[r] = min(lo[r] ?? .infinity, l)
      hi[r] = max(hi[r] ?? -.infinity, h)
    }
    var messages: [String] = []
    for region in mesh.regions {
      guard let m = regionMaterials[region.id], let range = m.validRange, let l = lo[region.id], let h = hi[region.id]
      else { continue }
      let c = { (k: Double) in String(format: "%.1f °C", k - 273.15) }
      let span = "its valid range \(c(range.lowerBound)) … \(c(range.upperBound)): its properties do not hold there"
      if h > range.upperBound {
        messages.append("region \(region.name) (\(m.name)) reaches \(c(h)), above \(span)")
      } else if l < range.lowerBound {
        messages.append("region \(region.name) (\(m.name)) falls to \(c(l)), below \(span)")
      }
    }
    return messages
  }
}

/// A linear system A θ = b exactly as the linear solver saw it, with the solution it returned; θ = T − T_ref.
/// Rows and columns are in solver cell order (`FVMesh` cells, void cells excluded).
public struct LinearSystemSnapshot: Sendable {
  /// A, W/K.
  public var matrix: CSRMatrix
  /// b, W (sources, boundary terms and, on non-orthogonal meshes, the last deferred correction).
  public var rhs: [Double]
  /// θ, K.
  public var solution: [Double]
  /// T_ref, K.
  public var referenceTemperature: Double
}

/// Solves steady conduction: assembly, a connectivity check, the linear solve, and the post-processing
/// (energy balance, component maxima, probes).
public struct SteadyThermalSolver: Sendable {
  public var options: SolverOptions
  /// Pattern and preconditioner shared from a sweep's base case, if any.
  public var reuse: SolverReuse?
  public init(options: SolverOptions = SolverOptions(), reuse: SolverReuse? = nil) {
    self.options = options
    self.reuse = reuse
  }

  /// Solves the model; temperature-dependent terms (conductivity laws, radiation, leakage) by Picard iteration:
  /// re-evaluate them at the latest temperatures and solve again until no cell changes by more than
  /// `options.nonlinearTolerance`.
  /// - Throws: `ThermalError.thermalRunaway` when leakage power has no steady state (temperatures beyond 2000 K),
  ///   `.nonlinearNotConverged` after `maxNonlinearIterations` without settling.
  public func solve(_ model: ThermalModel) throws -> ThermalSolution {
    guard model.isNonlinear else {
      var solution = try solveLinearised(model)
      solution.rangeWarnings = model.rangeWarnings(temperature: solution.temperature)
      return solution
    }
    var current = model
    var solution = try solveLinearised(current)
    var linearIterations = solution.report.iterations
    var changes: [Double] = []
    for iteration in 1...max(1, options.maxNonlinearIterations) {
      try current.updateNonlinearTerms(temperature: solution.temperature + solution.termTemperature,
                                       referenceTemperature: solution.referenceTemperature)
      let next = try solveLinearised(current)
      linearIterations += next.report.iterations
      let change = zip(next.temperature + next.termTemperature, solution.temperature + solution.termTemperature)
        .reduce(0) { max($0, abs($1.0 - $1.1)) }
      changes.append(change)
      solution = next
      if let hottest = solution.temperature.max(), !(hottest < 2000) {
        throw ThermalError.thermalRunaway(components: current.components.filter { $0.leakage != nil }.map(\.name),
                                          temperature: hottest)
      }
      if change <= options.nonlinearTolerance {
        solution.nonlinearIterations = iteration
        solution.report.iterations = linearIterations
        solution.rangeWarnings = current.rangeWarnings(temperature: solution.temperature)
        return solution
      }
    }
    if current.components.contains(where: { $0.leakage != nil }), changes.count >= 2,
       changes[changes.count - 1] >= changes[changes.count - 2] {
      throw ThermalError.thermalRunaway(components: current.components.filter { $0.leakage != nil }.map(\.name),
                                        temperature: solution.temperature.max() ?? .nan)
    }
    throw ThermalError.nonlinearNotConverged(iterations: changes.count, changes: Array(changes.suffix(5)))
  }

  /// One linear solve of the model with its temperature-dependent terms frozen.
  func solveLinearised(_ model: ThermalModel) throws -> ThermalSolution {
    let clock = ContinuousClock()
    let t0 = clock.now
    try Self.checkThermalPaths(model)
    // Deferred correction (unstructured meshes only) reads every face's conductance; orthogonal meshes need a few.
    let system = ThermalSystem(model: model, pattern: reuse?.pattern, storesFaceConductance: model.mesh.grid == nil)
    let assemblyTime = (clock.now - t0).seconds
    let n = model.mesh.cellCount
    var theta = [Double](repeating: 0, count: system.matrix.rowCount)
    let correction = NonOrthogonalCorrection(model: model, system: system)
    // One preconditioner for the first solve and every correction pass: they change only the right-hand side.
    var cache = PreconditionerCache()
    cache.repeatedSolves = correction.isNeeded
    // With correction passes to follow, the first solve need not be exact: they start from it.
    var report = try solveLinear(system, system.rhs, &theta, cache: &cache,
                                 tolerance: correction.isNeeded
                                   ? max(options.tolerance, CorrectionPasses.loosestTolerance) : nil)
    var lastRHS: [Double]? = nil
    var temperature = theta[..<n].map { $0 + system.referenceTemperature }
    var gradients: [SIMD3<Double>]? = nil
    var corrections = 0
    if correction.isNeeded {
      // Deferred correction: re-solve with the explicit flux parts of the latest gradients until T settles.
      let span = max(1e-300, (temperature.max() ?? 0) - (temperature.min() ?? 0))
      let passes = CorrectionPasses(correction: correction, options: options, scale: span)
      let outcome = try passes.run(rhs: system.rhs, theta: &theta,
                                   gradients: [SIMD3<Double>](repeating: .zero, count: n),
                                   referenceTemperature: system.referenceTemperature,
                                   keepsRHS: options.keepsLinearSystem) { b, theta, tolerance in
        try solveLinear(system, b, &theta, cache: &cache, tolerance: tolerance)
      }
      let first = report
      report = outcome.lastReport ?? report
      report.iterations = first.iterations + outcome.iterations
      report.setupTime = first.setupTime + outcome.setupTime
      report.solveTime = first.solveTime + outcome.solveTime
      lastRHS = outcome.lastRHS
      corrections = outcome.passes
      temperature = theta[..<n].map { $0 + system.referenceTemperature }
      // Fluxes and probes use the gradients the last solve used.
      gradients = outcome.gradients
    }
    let termTemperature = theta[n...].map { $0 + system.referenceTemperature }
    let post = ThermalPostProcessor(model: model, system: system, temperature: temperature, gradients: gradients,
                                    correction: correction, termTemperature: termTemperature)
    var solution = ThermalSolution(temperature: temperature, termTemperature: termTemperature,
                                   termMetrics: post.termMetrics(), energyBalance: post.energyBalance(),
                                   components: post.componentResults(), probes: post.probeResults(),
                                   patches: post.patchResults(), report: report, assemblyTime: assemblyTime,
                                   correctionIterations: corrections)
    solution.referenceTemperature = system.referenceTemperature
    if options.keepsLinearSystem {
      solution.linearSystem = LinearSystemSnapshot(matrix: system.matrix, rhs: lastRHS ?? system.rhs, solution: theta,
                                                   referenceTemperature: system.referenceTemperature)
    }
    return solution
  }

  /// Whether correction passes stopped at their limit have settled for any practical purpose: they contract (the
  /// last three changes fall) and the geometric tail of what is left, change·ρ/(1 − ρ) with ρ the last ratio, is at
  /// most 1e-6 of the temperature span, far below the discretisation error. Slowly contracting passes (ρ ≈ 0.9 on
  /// stretched tetrahedra) end here; growing or stalled ones are an error.
  public static func correctionNearlySettled(_ changes: [Double], span: Double) -> Bool {
    guard changes.count >= 3, let last = changes.last, last.isFinite else { return false }
    let a = changes[changes.count - 3], b = changes[changes.count - 2]
    guard b < a, last < b else { return false }
    let rho = last / b
    return last * rho / (1 - rho) <= 1e-6 * span
  }

  /// Unknowns above which `auto` takes AMG-CG rather than IC(0)-CG. Setup plus solve of the heterogeneous bench block:
  /// 0.06 against 0.07 s at 40 k cells, 0.10 against 0.09 s at 64 k, 0.23 against 0.27 s at 135 k; the 117 k-cell GPU
  /// stack 0.35 against 0.39 s. In a sweep AMG wins by more, as every point reuses the base case's hierarchy (the
  /// GPU-stack sweep: 3.9 against 5.7 s).
  public static let autoAMGMinimumUnknowns = 100_000

  /// Widest band (after RCM) at which `auto` still takes banded Cholesky for a matrix solved many times (the deferred
  /// non-orthogonal correction passes of an unstructured mesh). Each pass then costs a back-substitution, 4·n·kd
  /// flops streamed through the band, against a few AMG-CG iterations: per cell and pass 1.9·4·kd ns against 1.2 µs
  /// measured (two shared cores under load) on the 8,630-tetrahedron stack of `Tests/RackTwinIOTests/Gmsh` (kd ≈ 325:
  /// banded 21 ms a pass, AMG-CG 10 ms; 78 passes), the two equal at kd ≈ 160. The 3,697-tetrahedron block (kd ≈ 100)
  /// stays banded: 0.08 against 0.15 s for its 46 passes.
  public static let autoBandedRepeatedMaximumBand = 150

  /// The method `auto` chooses for a symmetric system: banded when its factorisation is cheap (n·kd² ≤ 4·10⁹ flops
  /// and at most 2 GiB of band storage after RCM) and, when the matrix will be solved many times (`repeatedSolves`:
  /// non-orthogonal correction passes), its band is narrow (`autoBandedRepeatedMaximumBand`); otherwise AMG-CG above
  /// `autoAMGMinimumUnknowns` or when solved many times (AMG-CG needs a few iterations a pass, IC(0)-CG tens),
  /// IC(0)-CG below. On a non-symmetric system see `resolvedNonSymmetric`. `banded` resolves to `bandedLU` on a
  /// non-symmetric matrix; every other method is returned as given (a CG method on a non-symmetric matrix is refused
  /// by the solve).
  /// - Parameters:
  ///   - symmetric: whether `a` is symmetric; nil checks it (`CSRMatrix.isExactlySymmetric`) when `method` is `auto`
  ///     or `banded`.
  ///   - repeatedSolves: whether the matrix will be solved for many right-hand sides (deferred correction passes).
  public static func resolvedMethod(_ method: LinearSolverMethod, for a: CSRMatrix,
                                    symmetric: Bool? = nil, repeatedSolves: Bool = false) -> LinearSolverMethod {
    switch method {
    case .auto:
      guard symmetric ?? a.isExactlySymmetric else { return resolvedNonSymmetric(a) }
    case .banded:
      return symmetric ?? a.isExactlySymmetric ? .banded : .bandedLU
    default:
      return method
    }
    if a.rowCount <= 200_000 {
      let est = BandedCholeskySolver.storageEstimate(for: a)
      let flops = Double(a.rowCount) * Double(est.bandwidth) * Double(est.bandwidth)
      if flops <= 4e9 && est.bytes <= 2 << 30 && (!repeatedSolves || est.bandwidth <= autoBandedRepeatedMaximumBand) {
        return .banded
      }
    }
    return a.rowCount > autoAMGMinimumUnknowns || repeatedSolves ? .cgAMG : .cgIC0
  }

  /// Unknowns above which `auto` takes BiCGSTAB-AMG rather than BiCGSTAB-ILU(0) on a non-symmetric system: the
  /// conduction crossover, as a rack's matrix is mostly conduction. On homogeneous upwind advection–diffusion
  /// (docs/solvers.md) AMG overtakes ILU(0) between 125 k and 1 M cells at cell Péclet 1 (1 M: 9.9 against 13.0 s)
  /// and not at all up to 1 M at cell Péclet 10 with cells numbered along the flow (5.2 against 14.2 s).
  public static let autoNonSymmetricAMGMinimumUnknowns = 100_000

  /// `auto` on a non-symmetric system: banded LU when its factorisation is cheap (2·n·kl·(kl + ku) ≤ 8·10⁹ flops and
  /// at most 2 GiB of band storage after RCM), else BiCGSTAB-AMG above `autoNonSymmetricAMGMinimumUnknowns` unknowns
  /// unless advection dominates most rows (`CSRMatrix.skewDominantRowFraction` > ½), else BiCGSTAB-ILU(0).
  ///
  /// The advection rule, from `racktwin bench --advection-solve` on a 1 M-cell block with flow along x (docs/solvers.md):
  /// at cell Péclet 1 (no row skew-dominant) AMG 9.9 s against ILU(0) 10.8 s; at 10 (every row) 11.9 against 6.2 s;
  /// at 1000, 105 s (212 iterations) against 1.6 s (3).
  static func resolvedNonSymmetric(_ a: CSRMatrix) -> LinearSolverMethod {
    if a.rowCount <= 200_000 {
      let est = BandedLUSolver.storageEstimate(for: a)
      let flops = 2 * Double(a.rowCount) * Double(est.lower) * Double(est.lower + est.upper)
      if flops <= 8e9 && est.bytes <= 2 << 30 { return .bandedLU }
    }
    guard a.rowCount > autoNonSymmetricAMGMinimumUnknowns else { return .bicgstabILU0 }
    return a.skewDominantRowFraction > 0.5 ? .bicgstabILU0 : .bicgstabAMG
  }

  /// Solves one system to `options.tolerance`, or to `tolerance` when given (an early correction pass).
  func solveLinear(_ system: ThermalSystem, _ rhs: [Double], _ theta: inout [Double],
                   cache: inout PreconditionerCache, tolerance: Double? = nil) throws -> SolverReport {
    var options = options
    if let tolerance { options.tolerance = tolerance }
    guard let reuse else {
      return try Self.solveLinear(system.matrix, rhs, &theta, options: options, cache: &cache)
    }
    // A sweep point takes the base case's method and preconditioner, unless the base case chose CG (its matrix was
    // symmetric) and this point's is not: then `options.method` is resolved for this point alone (a CG method asked
    // for by name is refused there with the solve's error).
    if reuse.method.isConjugateGradient, !options.method.isConjugateGradient, !cache.isSymmetric(system.matrix) {
      return try Self.solveLinear(system.matrix, rhs, &theta, options: options, symmetric: false, cache: &cache)
    }
    var o = options
    o.method = reuse.method
    return try Self.solveLinear(system.matrix, rhs, &theta, options: o, preconditioner: reuse.preconditioner,
                                cache: &cache)
  }

  /// Solves A θ = b by `options.method`, starting iterative methods from `theta`; Krylov methods use `preconditioner`
  /// when one is given (a sweep's base-case preconditioner) instead of building their own.
  /// - Parameter symmetric: whether A is symmetric, when the caller knows; nil checks it.
  /// - Throws: as the variant with a cache, below.
  public static func solveLinear(_ a: CSRMatrix, _ b: [Double], _ theta: inout [Double], options: SolverOptions,
                                 preconditioner: (any Preconditioner)? = nil,
                                 symmetric: Bool? = nil) throws -> SolverReport {
    var cache = PreconditionerCache()
    return try solveLinear(a, b, &theta, options: options, preconditioner: preconditioner, symmetric: symmetric,
                           cache: &cache)
  }

  /// As above, taking the preconditioner from `cache` (built there when `a` differs from the cache's last matrix).
  /// The report's `setupTime` is the time spent building it in this call: 0 when it was kept. Whether `a` is
  /// symmetric is checked once per matrix and kept in `cache` with the preconditioner.
  /// - Throws: `ThermalError.invalidInput` at `solver.method` when a CG method meets a non-symmetric matrix;
  ///   `.notConverged`, `.solverFailed` from the linear solvers.
  static func solveLinear(_ a: CSRMatrix, _ b: [Double], _ theta: inout [Double], options: SolverOptions,
                          preconditioner: (any Preconditioner)? = nil, symmetric: Bool? = nil,
                          cache: inout PreconditionerCache) throws -> SolverReport {
    let symmetric = symmetric ?? cache.isSymmetric(a)
    let method = cache.resolvedMethod(options.method, for: a, symmetric: symmetric)
    if method.isConjugateGradient && !symmetric { throw nonSymmetricMatrixError(method) }
    do {
      let before = cache.setupTime
      switch method {
      case .banded:
        // Factored once per matrix; the correction passes and fixed-step transients only back-substitute.
        let factor = try cache.bandedCholeskyFactor(for: a)
        var (x, report) = try BandedCholeskySolver().solve(a, b, factor: factor)
        report.setupTime = cache.setupTime - before
        theta = x
        return report
      case .bandedLU:
        let factor = try cache.bandedLUFactor(for: a)
        var (x, report) = try BandedLUSolver().solve(a, b, factor: factor)
        report.setupTime = cache.setupTime - before
        theta = x
        return report
      default: break
      }
      let p = try preconditioner ?? cache.preconditioner(for: a, method: method, symmetric: symmetric)
      var report: SolverReport
      switch method {
      case .bicgstabAMG, .bicgstabILU0:
        report = try BiCGSTAB(tolerance: options.tolerance, maxIterations: options.maxIterations)
          .solve(a, b, x: &theta, preconditioner: p)
      case .gmresAMG, .gmresILU0:
        report = try GMRES(tolerance: options.tolerance, maxIterations: options.maxIterations)
          .solve(a, b, x: &theta, preconditioner: p)
      default:
        report = try ConjugateGradient(tolerance: options.tolerance, maxIterations: options.maxIterations)
          .solve(a, b, x: &theta, preconditioner: p)
      }
      report.setupTime = cache.setupTime - before
      return report
    } catch LinearSolverError.notConverged(let report) {
      throw ThermalError.notConverged(report)
    } catch let error as LinearSolverError {
      throw ThermalError.solverFailed(error.description)
    }
  }

  /// The error for a CG method asked to solve a non-symmetric matrix, naming the case key `solver.method`.
  static func nonSymmetricMatrixError(_ method: LinearSolverMethod) -> ThermalError {
    .invalidInput(location: "solver.method",
                  expected: "a method for a non-symmetric matrix (auto, banded, banded-lu, bicgstab-amg, bicgstab-ilu0, "
                    + "gmres-amg or gmres-ilu0)",
                  found: "\(method.rawValue), but conjugate gradient needs a symmetric matrix and the assembled one "
                    + "is not (advection makes aᵢⱼ ≠ aⱼᵢ)")
  }

  /// Throws `noThermalPath` when a connected set of cells touches nothing that fixes a temperature: no
  /// fixed-temperature, convective or radiating face, and no unknown a term anchors (`ThermalTerm.anchoredUnknowns`,
  /// a coolant inlet). Cells connect through internal faces and through the entries terms add.
  static func checkThermalPaths(_ model: ThermalModel) throws {
    let mesh = model.mesh
    let unknowns = model.unknownCount
    // A value type rather than nested functions over a captured array: captured, the array is boxed and every access
    // pays a dynamic exclusivity check (7 % of a 1 M-cell solve's set-up).
    var sets = DisjointSets(count: unknowns)
    for f in 0..<mesh.internalFaceCount { sets.union(Int(mesh.faceOwner[f]), Int(mesh.faceNeighbour[f])) }
    var anchoredUnknowns: [Int] = []
    for (term, first) in model.allTermsWithOffsets {
      let context = TermContext(mesh: mesh, firstUnknown: first, temperature: [], referenceTemperature: 0,
                                time: model.time)
      for e in term.matrixEntries(context) { sets.union(e.row, e.column) }
      anchoredUnknowns += term.anchoredUnknowns(context)
    }
    var anchored = Set<Int>()
    for u in anchoredUnknowns { anchored.insert(sets.find(u)) }
    var boundaryHeat = [Int: Double]()
    for (bi, bc) in model.faceConditions.enumerated() {
      if case .heatFlux(let q) = bc {
        let f = mesh.internalFaceCount + bi
        boundaryHeat[sets.find(Int(mesh.faceOwner[f])), default: 0] += q * mesh.faceArea[f]
      }
    }
    let sources = model.cellSources()
    var floating: [Int: (regions: Set<Int32>, power: Double)] = [:]
    var lastRoot = -1, lastAnchored = false  // one set look-up per run of cells with one root
    for c in 0..<mesh.cellCount {
      let root = sets.find(c)
      if root != lastRoot { lastRoot = root; lastAnchored = anchored.contains(root) }
      guard !lastAnchored else { continue }
      floating[root, default: ([], 0)].regions.insert(mesh.cellRegion[c])
      floating[root, default: ([], 0)].power += sources[c]
    }
    guard !floating.isEmpty else { return }
    for (root, heat) in boundaryHeat where floating[root] != nil { floating[root]!.power += heat }
    // Report the group with the most power (then the lowest cell), by region name.
    let worst = floating.sorted { ($0.value.power, -$0.key) > ($1.value.power, -$1.key) }[0].value
    let names = worst.regions.sorted().map { id in mesh.region(id: id)?.name ?? "id \(id)" }
    throw ThermalError.noThermalPath(regions: names, power: worst.power)
  }
}

extension Duration {
  /// The duration in seconds.
  var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}

/// Union–find over 0..<count with path compression; the smaller root wins a union.
struct DisjointSets {
  private var parent: [Int]
  init(count: Int) { parent = Array(0..<count) }

  mutating func find(_ x: Int) -> Int {
    var r = x
    while parent[r] != r { r = parent[r] }
    var y = x
    while parent[y] != r { let next = parent[y]; parent[y] = r; y = next }
    return r
  }

  mutating func union(_ x: Int, _ y: Int) {
    let a = find(x), b = find(y)
    if a != b { parent[max(a, b)] = min(a, b) }
  }
}
