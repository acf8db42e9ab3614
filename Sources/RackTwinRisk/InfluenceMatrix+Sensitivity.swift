import Foundation
import RackTwinThermal

extension InfluenceMatrix {
  /// Adds a column for an input that changes the matrix: the central difference (T(x⁰ + h) − T(x⁰ − h))/2h at every
  /// tracked cell by two full re-solves, then two more re-solves at x⁰ ± 2σ to measure how far the linearisation
  /// is from the model there. Costs four steady solves.
  /// - Parameters:
  ///   - step: h; by default σ/10.
  ///   - options: of the re-solves (direct or tight tolerance, so that differences are not solver noise).
  /// - Returns: the agreement at ±2σ.
  @discardableResult
  public mutating func addSensitivity(_ input: MatrixInput, step: Double? = nil,
                                      options: SolverOptions = SolverOptions(tolerance: 1e-13)) throws -> LinearityCheck {
    if let why = input.distribution.invalidReason {
      throw RiskError.invalidInput(location: "uncertainty.\(input.name)", expected: why, found: "\(input.distribution)")
    }
    let sigma = input.distribution.standardDeviation
    let h = step ?? sigma / 10
    let clock = ContinuousClock(), t0 = clock.now
    let solver = SteadyThermalSolver(options: options)
    func tracked(at value: Double) throws -> [[Double]] {
      let model = try input.build(value)
      guard !model.isNonlinear else {
        throw RiskError.notSuperposable(location: "uncertainty.\(input.name)",
                                        reason: "the model built at \(value) depends on temperature")
      }
      let t = try solver.solve(model).temperature
      return components.map { $0.cells.map { t[$0] } }
    }
    let plus = try tracked(at: input.nominal + h), minus = try tracked(at: input.nominal - h)
    let m = inputCount
    for j in components.indices {
      var s: [Double] = []
      for ci in components[j].cells.indices {
        s += components[j].sensitivity[(ci * m)..<(ci * m + m)]
        s.append((plus[j][ci] - minus[j][ci]) / (2 * h))
      }
      components[j].sensitivity = s
    }
    inputs.append(Input(name: input.name, nominal: input.nominal, distribution: input.distribution, isLinearised: true))
    var maxError = 0.0, maxChange = 0.0
    for sign in [-1.0, 1.0] {
      let offset = sign * 2 * sigma
      let resolved = try tracked(at: input.nominal + offset)
      for j in components.indices {
        let c = components[j]
        for ci in c.cells.indices {
          let linear = c.nominal[ci] + c.sensitivity[ci * inputCount + inputCount - 1] * offset
          maxError = max(maxError, abs(resolved[j][ci] - linear))
          maxChange = max(maxChange, abs(resolved[j][ci] - c.nominal[ci]))
        }
      }
    }
    solveCount += 4
    let d = clock.now - t0
    solveTime += Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    return LinearityCheck(input: input.name, step: h, checkOffset: 2 * sigma, maxError: maxError, maxChange: maxChange)
  }
}
