import Foundation
import RackTwinMesh
import RackTwinNumerics

/// How the linear system is solved.
public enum LinearSolverMethod: String, Sendable, CaseIterable {
  /// Banded Cholesky (LAPACK) when the band fits comfortably, IC(0)-preconditioned CG otherwise.
  case auto
  case banded
  case cgIC0 = "cg-ic0"
  case cgJacobi = "cg-jacobi"
}

/// Settings of a steady solve.
public struct SolverOptions: Sendable, Equatable {
  public var method: LinearSolverMethod
  /// Relative residual ‖b − Aθ‖₂/‖b‖₂ for the iterative solvers.
  public var tolerance: Double
  public var maxIterations: Int
  public init(method: LinearSolverMethod = .auto, tolerance: Double = 1e-10, maxIterations: Int = 10_000) {
    self.method = method
    self.tolerance = tolerance
    self.maxIterations = maxIterations
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

  /// Temperature per cell, K.
  public var temperature: [Double]
  public var energyBalance: EnergyBalance
  public var components: [ComponentResult]
  public var probes: [ProbeResult]
  public var report: SolverReport
  /// Seconds.
  public var assemblyTime: Double
}

/// Solves steady conduction: assembly, a connectivity check, the linear solve, and the post-processing
/// (energy balance, component maxima, probes).
public struct SteadyThermalSolver: Sendable {
  public var options: SolverOptions
  public init(options: SolverOptions = SolverOptions()) {
    self.options = options
  }

  public func solve(_ model: ThermalModel) throws -> ThermalSolution {
    let clock = ContinuousClock()
    let t0 = clock.now
    try Self.checkThermalPaths(model)
    let system = ThermalSystem(model: model)
    let assemblyTime = (clock.now - t0).seconds
    var theta = [Double](repeating: 0, count: model.mesh.cellCount)
    let report = try solveLinear(system, &theta)
    let temperature = theta.map { $0 + system.referenceTemperature }
    let post = ThermalPostProcessor(model: model, system: system, temperature: temperature)
    return ThermalSolution(temperature: temperature, energyBalance: post.energyBalance(),
                           components: post.componentResults(), probes: post.probeResults(),
                           report: report, assemblyTime: assemblyTime)
  }

  /// The method `auto` chooses for a system: banded when its factorisation is cheap (n·kd² ≤ 4·10⁹ flops and at
  /// most 2 GiB of band storage after RCM), IC(0)-CG otherwise.
  public static func resolvedMethod(_ method: LinearSolverMethod, for a: CSRMatrix) -> LinearSolverMethod {
    guard method == .auto else { return method }
    if a.rowCount > 200_000 { return .cgIC0 }
    let est = BandedCholeskySolver.storageEstimate(for: a)
    let flops = Double(a.rowCount) * Double(est.bandwidth) * Double(est.bandwidth)
    return flops <= 4e9 && est.bytes <= 2 << 30 ? .banded : .cgIC0
  }

  func solveLinear(_ system: ThermalSystem, _ theta: inout [Double]) throws -> SolverReport {
    try Self.solveLinear(system.matrix, system.rhs, &theta, options: options)
  }

  /// Solves A θ = b by `options.method`, starting iterative methods from `theta`.
  static func solveLinear(_ a: CSRMatrix, _ b: [Double], _ theta: inout [Double], options: SolverOptions) throws
    -> SolverReport {
    let method = Self.resolvedMethod(options.method, for: a)
    do {
      switch method {
      case .banded:
        let (x, report) = try BandedCholeskySolver().solve(a, b)
        theta = x
        return report
      case .cgJacobi:
        let cg = ConjugateGradient(tolerance: options.tolerance, maxIterations: options.maxIterations)
        return try cg.solve(a, b, x: &theta, preconditioner: try JacobiPreconditioner(a))
      case .cgIC0, .auto:
        let cg = ConjugateGradient(tolerance: options.tolerance, maxIterations: options.maxIterations)
        return try cg.solve(a, b, x: &theta, preconditioner: try IncompleteCholeskyPreconditioner(a))
      }
    } catch LinearSolverError.notConverged(let report) {
      throw ThermalError.notConverged(report)
    } catch let error as LinearSolverError {
      throw ThermalError.solverFailed(error.description)
    }
  }

  /// Throws `noThermalPath` when a connected set of cells touches no fixed-temperature or convective boundary.
  static func checkThermalPaths(_ model: ThermalModel) throws {
    let mesh = model.mesh
    var parent = Array(0..<mesh.cellCount)
    func find(_ x: Int) -> Int {
      var r = x
      while parent[r] != r { r = parent[r] }
      var y = x
      while parent[y] != r { let next = parent[y]; parent[y] = r; y = next }
      return r
    }
    for f in 0..<mesh.internalFaceCount {
      let a = find(Int(mesh.faceOwner[f])), b = find(Int(mesh.faceNeighbour[f]))
      if a != b { parent[max(a, b)] = min(a, b) }
    }
    var anchored = Set<Int>()
    var boundaryHeat = [Int: Double]()
    for (bi, bc) in model.faceConditions.enumerated() {
      let f = mesh.internalFaceCount + bi
      switch bc {
      case .temperature, .convection: anchored.insert(find(Int(mesh.faceOwner[f])))
      case .heatFlux(let q): boundaryHeat[find(Int(mesh.faceOwner[f])), default: 0] += q * mesh.faceArea[f]
      case .adiabatic: break
      }
    }
    let sources = model.cellSources()
    var floating: [Int: (regions: Set<Int32>, power: Double)] = [:]
    for c in 0..<mesh.cellCount {
      let root = find(c)
      guard !anchored.contains(root) else { continue }
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
