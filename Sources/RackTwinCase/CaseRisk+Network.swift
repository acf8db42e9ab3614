import Foundation
import RackTwinCooling
import RackTwinIO
import RackTwinRisk

extension CaseRisk {
  /// Hotspot risk of a network with compact trays (no mesh): each tray component with a limit is one tracked point,
  /// its `.max` output. Tray powers enter exactly: at the solved flows a tray's outputs are linear in its powers
  /// (the file's coefficients at that flow; in a parallel manifold a tray's power does not reach another tray's
  /// inlet). Supply temperature and pump flow enter by central differences of whole network solves (h = σ/10), each
  /// checked by two more solves at x⁰ ± 2σ (`risk_linearity_error`): four solves per such input.
  /// - Parameters:
  ///   - doc: the case as solved (with a facility, its exchanger already at the CDU's TCS supply).
  ///   - solution: its network solution.
  public static func analyseNetwork(doc: CaseDocument, solution: NetworkSolution, point: Int = 0,
                                    chunks: Int = 1) throws -> Outcome {
    guard let u = doc.uncertainty, let spec = doc.network else {
      preconditionFailure("CaseRisk.analyseNetwork on a case without an uncertainty section or a network")
    }
    let clock = ContinuousClock(), t0 = clock.now
    // Tracked points: every tray component with a limit and a `.max` row.
    struct Point { var tray: Int; var component: String; var row: Int; var limit: Double }
    var points: [Point] = []
    for (t, tray) in spec.trays.enumerated() {
      for c in tray.model.components {
        guard let row = tray.model.outputs.firstIndex(where: { $0.name == "\(c).max" }),
              let limit = tray.model.outputs[row].limit else { continue }
        points.append(Point(tray: t, component: c, row: row, limit: limit))
      }
    }
    func maxima(_ d: CaseDocument, _ s: NetworkSolution) -> [Double] {
      let states = CompactTrayRun.states(d.network!, s)
      return points.map { states[$0.tray].outputs[$0.row] }
    }
    let nominal = maxima(doc, solution)
    let trayFlows = spec.trays.map { abs(solution.element($0.element)!.volumeFlow) }
    let m = u.inputs.count
    var sensitivity = [[Double]](repeating: [Double](repeating: 0, count: m), count: points.count)
    var inputs: [InfluenceMatrix.Input] = []
    var checks: [LinearityCheck] = []
    var solves = 0
    for (i, input) in u.inputs.enumerated() {
      switch input.target {
      case let .trayPower(element, component):
        let t = spec.trays.firstIndex { $0.element == element }!
        let tray = spec.trays[t]
        let q = abs(solution.element(element)!.volumeFlow)
        let c = tray.model.coefficients(atFlow: q)
        let column = tray.model.inputs.firstIndex(of: component)!
        for (k, p) in points.enumerated() where p.tray == t { sensitivity[k][i] = c[p.row][column] }
        inputs.append(.init(name: input.key, nominal: input.nominal, distribution: input.distribution,
                            isLinearised: false))
      case let .networkValue(element, field):
        let k = spec.network.elements.firstIndex { $0.name == element }!
        // The solved value, which a facility's CDU may have moved from the case's (the exchanger's set point):
        // the distribution keeps its shape about it.
        var input = input
        if field == "supplyTemperature", let t = spec.network.elements[k].outletTemperature {
          input.distribution = shifted(input.distribution, by: t - input.nominal)
          input.nominal = t
        }
        func solved(at value: Double) throws -> [Double] {
          var d = doc
          switch field {
          case "supplyTemperature": d.network!.network.elements[k].outletTemperature = value
          default:
            guard case var .pump(p) = d.network!.network.elements[k].kind else { preconditionFailure("not a pump") }
            p.curve = .fixedFlow(value)
            d.network!.network.elements[k].kind = .pump(p)
          }
          solves += 1
          return maxima(d, try NetworkRun.solve(d, trayFlows: trayFlows))
        }
        let sigma = input.distribution.standardDeviation
        guard field != "flow" || input.nominal - 2 * sigma > 0 else {
          throw CaseError(file: doc.path, keyPath: input.entry, line: input.line,
                          expected: "a flow whose value minus 2σ stays > 0 (the linearisation is checked there)",
                          found: "\(input.key): \(input.nominal) − 2 × \(sigma) m^3/s")
        }
        let h = sigma / 10
        let plus = try solved(at: input.nominal + h), minus = try solved(at: input.nominal - h)
        for k in points.indices { sensitivity[k][i] = (plus[k] - minus[k]) / (2 * h) }
        var maxError = 0.0, maxChange = 0.0
        for sign in [-1.0, 1.0] {
          let at = try solved(at: input.nominal + sign * 2 * sigma)
          for k in points.indices {
            maxError = max(maxError, abs(at[k] - (nominal[k] + sensitivity[k][i] * sign * 2 * sigma)))
            maxChange = max(maxChange, abs(at[k] - nominal[k]))
          }
        }
        checks.append(LinearityCheck(input: input.key, step: h, checkOffset: 2 * sigma, maxError: maxError,
                                     maxChange: maxChange))
        inputs.append(.init(name: input.key, nominal: input.nominal, distribution: input.distribution,
                            isLinearised: true))
      default:
        preconditionFailure("CaseRisk.analyseNetwork: a mesh input in a network case (the decoder refuses it)")
      }
    }
    let components = points.enumerated().map { k, p in
      InfluenceMatrix.Component(name: "\(spec.trays[p.tray].element).\(p.component)", limit: p.limit, cells: [-1],
                                nominal: [nominal[k]], sensitivity: sensitivity[k])
    }
    let influence = InfluenceMatrix(inputs: inputs, components: components,
                                    method: "compact tray coefficients + network finite differences",
                                    solveCount: solves, solveTime: (clock.now - t0).racktwinSeconds)
    do {
      let analysis = try RiskAnalysis(influence: influence, samples: u.samples, seed: u.seed, point: UInt64(point),
                                      chunks: chunks, confidence: u.confidence)
      return Outcome(analysis: analysis, influence: influence, checks: checks, time: (clock.now - t0).racktwinSeconds)
    } catch let e as RiskError {
      throw caseError(e, doc: doc)
    }
  }

  /// A distribution moved by `d` (its mean and bounds).
  static func shifted(_ dist: Distribution, by d: Double) -> Distribution {
    switch dist {
    case let .normal(mean, sd): return .normal(mean: mean + d, standardDeviation: sd)
    case let .uniform(lower, upper): return .uniform(lower: lower + d, upper: upper + d)
    case let .truncatedNormal(mean, sd, lower, upper):
      return .truncatedNormal(mean: mean + d, standardDeviation: sd, lower: lower + d, upper: upper + d)
    }
  }
}
