import Foundation
import RackTwinMesh
import RackTwinNumerics
import RackTwinThermal

/// The response of each component's hottest cells to each uncertain input, for a model that is linear in its inputs:
/// T_c(x) = T_c⁰ + Σᵢ S_ci (xᵢ − xᵢ⁰).
///
/// Superposition is exact (to round-off and the linear solver's tolerance) only when the matrix does not depend on
/// the inputs or on temperature: constant properties (no k(T)), fixed flow, no leakage power, no radiation. Inputs
/// that enter the right-hand side (`UncertainInput`: component power, boundary and supply temperatures) give exact
/// columns, one linear solve each with the nominal matrix factored or preconditioned once. Inputs that change the
/// matrix (flow, a contact resistance) enter as finite-difference sensitivities (`addingSensitivity`), which are
/// linearisations, checked by re-solves. Meshes that need the deferred non-orthogonal correction (unstructured) are
/// refused for now: the correction is linear too, but is not part of the assembled matrix.
public struct InfluenceMatrix: Sendable {
  /// One input's column.
  public struct Input: Sendable, Equatable {
    public var name: String
    /// The model's value, SI.
    public var nominal: Double
    public var distribution: Distribution
    /// Whether the column is a finite-difference sensitivity of an input that changes the matrix (a linearisation).
    public var isLinearised: Bool
    public init(name: String, nominal: Double, distribution: Distribution, isLinearised: Bool) {
      self.name = name
      self.nominal = nominal
      self.distribution = distribution
      self.isLinearised = isLinearised
    }
  }

  /// A component's tracked cells and their responses.
  public struct Component: Sendable, Equatable {
    public var name: String
    /// K, if the component has a limit.
    public var limit: Double?
    /// The hottest cells at the nominal point (mesh numbering), hottest first.
    public var cells: [Int]
    /// Nominal temperature of each tracked cell, K.
    public var nominal: [Double]
    /// K per input unit, row-major: `sensitivity[c * inputCount + i]` is ∂T(cells[c])/∂xᵢ.
    public var sensitivity: [Double]
    public init(name: String, limit: Double?, cells: [Int], nominal: [Double], sensitivity: [Double]) {
      self.name = name
      self.limit = limit
      self.cells = cells
      self.nominal = nominal
      self.sensitivity = sensitivity
    }
  }

  /// How many hottest cells per component are tracked (4 by default).
  public let hottestCellCount: Int
  public internal(set) var inputs: [Input]
  public internal(set) var components: [Component]
  /// Linear solves made (the nominal and one per right-hand-side input; re-solves of sensitivities added).
  public internal(set) var solveCount: Int
  /// Seconds: factorisation or preconditioner, and all solves.
  public internal(set) var setupTime: Double
  public internal(set) var solveTime: Double
  /// The linear method used for the columns.
  public let method: String

  public var inputCount: Int { inputs.count }

  /// Builds the matrix for `model` at its nominal state.
  /// - Parameters:
  ///   - hottestCells: cells tracked per component (the hottest at the nominal point); the component temperature
  ///     of a sample is the maximum over them.
  ///   - tolerance: relative residual of the iterative path (large meshes); the banded path is direct.
  /// - Throws: `RiskError.notSuperposable` for a nonlinear model, an unstructured mesh, or an input that changes the
  ///   matrix; `.invalidInput` for an unknown component or patch or bad distribution.
  public init(model: ThermalModel, inputs: [UncertainInput], hottestCells: Int = 4, tolerance: Double = 1e-13) throws {
    guard !model.isNonlinear else {
      throw RiskError.notSuperposable(location: "model", reason: "a term depends on temperature (k(T), leakage or radiation)")
    }
    guard model.mesh.grid != nil else {
      throw RiskError.notSuperposable(location: "mesh",
                                      reason: "unstructured meshes need the deferred non-orthogonal correction")
    }
    guard hottestCells >= 1 else {
      throw RiskError.invalidInput(location: "uncertainty.hottest_cells", expected: "at least 1", found: "\(hottestCells)")
    }
    for input in inputs {
      if let why = input.distribution.invalidReason {
        throw RiskError.invalidInput(location: "uncertainty.\(input.name)", expected: why, found: "\(input.distribution)")
      }
    }
    let clock = ContinuousClock()
    let base = ThermalSystem(model: model, storesFaceConductance: false)
    let tRef = base.referenceTemperature
    let solver = try InfluenceSolver(matrix: base.matrix, symmetric: base.isSymmetric, tolerance: tolerance)
    let t0 = clock.now
    let theta = try solver.solve(base.rhs)
    let n = model.mesh.cellCount
    // Tracked cells: the hottest `hottestCells` of each component at the nominal point.
    var comps: [Component] = []
    for c in model.components {
      let order = c.cells.sorted { theta[$0] > theta[$1] || (theta[$0] == theta[$1] && $0 < $1) }
      let cells = Array(order.prefix(hottestCells))
      comps.append(Component(name: c.name, limit: c.limit, cells: cells, nominal: cells.map { theta[$0] + tRef },
                             sensitivity: []))
    }
    var columns: [[Double]] = []
    for input in inputs {
      let moved = try input.applied(to: model, delta: 1)
      let system = ThermalSystem(model: moved, referenceTemperature: tRef, storesFaceConductance: false)
      guard system.matrix.values == base.matrix.values else {
        throw RiskError.notSuperposable(location: "uncertainty.\(input.name)",
                                        reason: "it changes the matrix; enter it as a sensitivity")
      }
      var db = system.rhs
      for r in db.indices { db[r] -= base.rhs[r] }
      let x = try solver.solve(db)
      columns.append(Array(x[..<n]))
    }
    let m = inputs.count
    for j in comps.indices {
      var s = [Double](repeating: 0, count: comps[j].cells.count * m)
      for (ci, cell) in comps[j].cells.enumerated() {
        for i in 0..<m { s[ci * m + i] = columns[i][cell] }
      }
      comps[j].sensitivity = s
    }
    let d = clock.now - t0
    self.hottestCellCount = hottestCells
    self.inputs = inputs.map { Input(name: $0.name, nominal: $0.nominal, distribution: $0.distribution, isLinearised: false) }
    self.components = comps
    self.solveCount = 1 + inputs.count
    self.setupTime = solver.setupTime
    self.solveTime = Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    self.method = solver.name
  }

  /// Temperatures (K) of component j's tracked cells for input deviations δᵢ = xᵢ − xᵢ⁰.
  public func temperatures(component j: Int, deviations: [Double]) -> [Double] {
    precondition(deviations.count == inputCount, "\(deviations.count) deviations for \(inputCount) inputs")
    let c = components[j], m = inputCount
    return c.cells.indices.map { ci in
      var t = c.nominal[ci]
      for i in 0..<m { t += c.sensitivity[ci * m + i] * deviations[i] }
      return t
    }
  }

  /// The linear response of component j's hottest nominal cell: T⁰ and ∂T/∂xᵢ.
  public func hottestResponse(component j: Int) -> (nominal: Double, sensitivity: [Double]) {
    let c = components[j]
    return (c.nominal[0], Array(c.sensitivity[0..<inputCount]))
  }
}
