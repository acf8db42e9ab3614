import Foundation
import RackTwinIO
import RackTwinMesh
import RackTwinRisk
import RackTwinThermal

/// Hotspot risk of a case with an `uncertainty` section (DESIGN §3.5, `docs/risk.md`): the influence matrix of the
/// case's model for its right-hand-side inputs (component powers, boundary temperatures), finite-difference
/// sensitivities for inputs that change the matrix (interface resistances, each checked by re-solves at ±2σ), then
/// per component the analytic or FORM probability and β, and the Monte-Carlo probability that any exceeds.
public enum CaseRisk {
  /// What the analysis gives a results file, and the analysis itself for callers that want more.
  public struct Outcome: Sendable {
    public var analysis: RiskAnalysis
    public var influence: InfluenceMatrix
    public var checks: [LinearityCheck]
    /// Seconds for the whole analysis.
    public var time: Double
  }

  /// Relative residual of the influence columns and of the sensitivity re-solves.
  public static let linearTolerance = 1e-12

  /// Runs the analysis of `doc.uncertainty` on `model` (built from `doc` on `mesh`).
  /// - Parameters:
  ///   - point: the sweep point's index (0 for a single solve): with the seed, it keys the random stream.
  ///   - chunks: Monte-Carlo sample blocks run concurrently; the result does not depend on it.
  /// - Throws: `CaseError` naming the `uncertainty` key for inputs or models superposition cannot serve.
  public static func analyse(doc: CaseDocument, model: ThermalModel, mesh: FVMesh, point: Int = 0,
                             chunks: Int = 1) throws -> Outcome {
    guard let u = doc.uncertainty else {
      preconditionFailure("CaseRisk.analyse on a case without an uncertainty section")
    }
    let clock = ContinuousClock(), t0 = clock.now
    var exact: [UncertainInput] = []
    var linearised: [(spec: CaseDocument.UncertainInputSpec, input: MatrixInput)] = []
    for spec in u.inputs {
      switch spec.target {
      case .componentPower(let name):
        exact.append(UncertainInput(name: spec.key, kind: .componentPower(component: name), nominal: spec.nominal,
                                    distribution: spec.distribution))
      case .boundaryTemperature(let patch):
        exact.append(UncertainInput(name: spec.key, kind: .boundaryTemperature(patches: [patch]),
                                    nominal: spec.nominal, distribution: spec.distribution))
      case .interfaceResistance(let index):
        let base = doc
        let input = MatrixInput(name: spec.key, nominal: spec.nominal, distribution: spec.distribution) { value in
          var d = base
          d.interfaces[index].resistance = value
          return try ModelBuilder.build(case: d, mesh: mesh)
        }
        linearised.append((spec, input))
      case .trayPower, .networkValue:
        preconditionFailure("CaseRisk.analyse: network inputs on a mesh case (the decoder allows them without a mesh only)")
      }
    }
    do {
      // Columns and re-solves to 1e-12 relative residual: RackTwinRisk's default 1e-13 lies at the round-off floor of
      // IC(0)-CG on the 117 k-cell GPU stack (the recomputed residual stalled at 1.17e-13 there).
      var influence = try InfluenceMatrix(model: model, inputs: exact, hottestCells: u.hottestCells,
                                          tolerance: linearTolerance)
      var checks: [LinearityCheck] = []
      for (spec, input) in linearised {
        // The finite differences and the check re-solve the model at x⁰ ± σ/10 and x⁰ ± 2σ: all must be physical.
        let sigma = spec.distribution.standardDeviation
        guard spec.nominal - 2 * sigma >= 0 else {
          throw CaseError(file: doc.path, keyPath: spec.entry, line: spec.line,
                          expected: "a resistance whose value minus 2σ stays ≥ 0 (the linearisation is checked by a "
                            + "re-solve there)",
                          found: "\(spec.key): \(spec.nominal) − 2 × \(sigma) m^2*K/W")
        }
        checks.append(try influence.addSensitivity(input, options: SolverOptions(tolerance: linearTolerance)))
      }
      let analysis = try RiskAnalysis(influence: influence, samples: u.samples, seed: u.seed, point: UInt64(point),
                                      chunks: chunks, confidence: u.confidence)
      return Outcome(analysis: analysis, influence: influence, checks: checks, time: (clock.now - t0).racktwinSeconds)
    } catch let e as RiskError {
      throw caseError(e, doc: doc)
    } catch let e as ThermalError {
      throw CaseRunError(file: doc.path, underlying: e, keyPath: "uncertainty", line: u.line)
    }
  }

  /// Adds the analysis to a results document: `/risk` and the risk metrics.
  public static func add(_ o: Outcome, to results: inout ResultsDocument) {
    let a = o.analysis
    let components = a.components.map {
      ResultsDocument.Risk.Component(name: $0.name, probability: $0.probability, reliabilityIndex: $0.reliabilityIndex,
                                     meanTemperatureC: $0.mean - 273.15, standardDeviation: $0.standardDeviation,
                                     exceedingSamples: Int64($0.exceedingSamples), method: $0.method)
    }
    let inputs = o.influence.inputs.map { i in
      let check = o.checks.first { $0.input == i.name }
      return ResultsDocument.Risk.Input(name: i.name, distribution: distributionName(i.distribution),
                                        linearised: i.isLinearised ? 1 : 0, linearityError: check?.maxError ?? 0,
                                        linearityChange: check?.maxChange ?? 0)
    }
    results.risk = ResultsDocument.Risk(components: components, inputs: inputs)
    let values: [String: Double] = [
      "hotspot_risk": a.hotspotRisk,
      "hotspot_risk_standard_error": a.hotspotRiskStandardError,
      "hotspot_risk_upper": a.hotspotRiskUpper,
      "reliability_index": a.reliabilityIndex,
      "risk_samples": Double(a.samples),
      "risk_linearity_error": o.checks.map(\.maxError).max() ?? 0,
      "risk_time": o.time,
    ]
    results.metrics += MetricCatalog.all.filter { $0.runs == .uncertainty }.map { d in
      guard let v = values[d.name] else { preconditionFailure("no value for metric \(d.name)") }
      return MetricCatalog.metric(d.name, v)
    }
  }

  static func distributionName(_ d: Distribution) -> String {
    switch d {
    case .normal: return "normal"
    case .uniform: return "uniform"
    case .truncatedNormal: return "truncatedNormal"
    }
  }

  /// A `RiskError` at the case's key: `uncertainty.<input key>` for an input, `uncertainty` for the model.
  static func caseError(_ e: RiskError, doc: CaseDocument) -> CaseError {
    let line = doc.uncertainty?.line
    switch e {
    case let .invalidInput(location, expected, found):
      let spec = doc.uncertainty?.inputs.first { location.hasPrefix("uncertainty.\($0.key)") }
      return CaseError(file: doc.path, keyPath: spec?.entry ?? location,
                       line: spec?.line ?? line, expected: expected, found: spec.map { "\(found) for \($0.key)" } ?? found)
    case let .notSuperposable(location, reason):
      let spec = doc.uncertainty?.inputs.first { location == "uncertainty.\($0.key)" }
      return CaseError(file: doc.path, keyPath: spec?.entry ?? "uncertainty",
                       line: spec?.line ?? line,
                       expected: "a model linear in its inputs (superposition; docs/risk.md)",
                       found: "\(location): \(reason)")
    }
  }
}
