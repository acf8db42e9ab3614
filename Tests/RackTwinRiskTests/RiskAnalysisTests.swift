import Foundation
import XCTest
import RackTwinMesh
import RackTwinThermal
@testable import RackTwinRisk

final class RiskAnalysisTests: XCTestCase {
  let area = 0.01, conductivity = 10.0, length = 1.0

  /// One uniformly heated slab: T_hot = T_s + P L/(2kA) = T_s + 5 K/W · P exactly on the mesh (see `slabModel`).
  /// With P ~ N(1000, 40²) W and T_s ~ N(308.15, 1²) K, T_hot ~ N(T_s + 5000, (5·40)² + 1²): reference β =
  /// (limit − μ)/σ and P = ½ erfc(β/√2) computed here from the closed form, not from the influence matrix.
  func testOneComponentGaussianAgainstClosedForm() throws {
    let kPerW = length / (2 * conductivity * area)  // 5 K/W
    let limit = 308.15 + kPerW * 1000 + 350  // 350 K margin at nominal, σ ≈ 200 K: β ≈ 1.75
    let model = try slabModel(power: 1000, supply: 308.15, limit: limit)
    let inputs = [
      UncertainInput(name: "chip.power", kind: .componentPower(component: "chip"), nominal: 1000,
                     distribution: .normal(mean: 1000, standardDeviation: 40)),
      UncertainInput(name: "supply", kind: .boundaryTemperature(patches: ["xmin"]), nominal: 308.15,
                     distribution: .normal(mean: 308.15, standardDeviation: 1)),
    ]
    let influence = try InfluenceMatrix(model: model, inputs: inputs)
    let (t0, s) = influence.hottestResponse(component: 0)
    XCTAssertEqual(t0, 308.15 + kPerW * 1000, accuracy: 1e-9)  // direct solve, round-off only
    XCTAssertEqual(s[0], kPerW, accuracy: 1e-12)
    XCTAssertEqual(s[1], 1, accuracy: 1e-12)
    let risk = try RiskAnalysis(influence: influence, samples: 20_000, seed: 7)
    let sigma = ((kPerW * 40) * (kPerW * 40) + 1).squareRoot()
    let beta = 350 / sigma
    let p = 0.5 * erfc(beta / 2.0.squareRoot())
    let c = risk.components[0]
    XCTAssertEqual(c.method, "analytic")
    XCTAssertEqual(c.reliabilityIndex, beta, accuracy: 1e-9)
    XCTAssertEqual(c.probability, p, accuracy: 1e-12)
    XCTAssertEqual(c.margin, 350, accuracy: 1e-9)
    XCTAssertEqual(risk.reliabilityIndex, beta, accuracy: 1e-9)
    // The Monte-Carlo count agrees with it within 4 standard errors (one component: "any" is this one).
    let se = (p * (1 - p) / 20_000).squareRoot()
    XCTAssertEqual(risk.hotspotRisk, p, accuracy: 4 * se)
    print("one component: β \(c.reliabilityIndex), P \(c.probability) (closed form \(p)), Monte-Carlo \(risk.hotspotRisk)")
    XCTAssertEqual(risk.hotspotRiskStandardError, se, accuracy: 0.1 * se)
  }

  /// Two components in separate slabs (a void gap between them, so no heat passes), powers independent:
  /// P(any exceeds) = 1 − (1 − p₁)(1 − p₂) exactly. Monte-Carlo within 4 standard errors of it; and the count is
  /// the same whatever the split into chunks (1, 2 or 7 concurrent blocks).
  func testAnyExceedsAgainstIndependentProduct() throws {
    let (mesh, materials) = try riskMesh(x: nodes(20), y: [0, 0.1, 0.15, 0.25], z: [0, 0.1], regions: 2) { p in
      p.y < 0.1 ? 1 : (p.y > 0.15 ? 2 : 0)
    }
    var model = try ThermalModel(mesh: mesh, regionMaterials: materials)
    try model.setBoundary("xmin", .temperature(300))
    // Slab 1: k = 10 → 5 K/W; slab 2: k = 20 → 2.5 K/W.
    try model.addComponent(name: "a", regionIDs: [1], power: 100, limit: 300 + 5 * 100 + 5 * 10 * 1.6449,
                           distribution: .volume)  // β ≈ 1.645, p ≈ 0.05
    try model.addComponent(name: "b", regionIDs: [2], power: 200, limit: 300 + 2.5 * 200 + 2.5 * 20 * 1.2816,
                           distribution: .volume)  // β ≈ 1.28, p ≈ 0.10
    let inputs = [
      UncertainInput(name: "a.power", kind: .componentPower(component: "a"), nominal: 100,
                     distribution: .normal(mean: 100, standardDeviation: 10)),
      UncertainInput(name: "b.power", kind: .componentPower(component: "b"), nominal: 200,
                     distribution: .normal(mean: 200, standardDeviation: 20)),
    ]
    let influence = try InfluenceMatrix(model: model, inputs: inputs)
    // Uncoupled: a's power does not reach b.
    XCTAssertEqual(influence.components[1].sensitivity[0], 0, accuracy: 1e-12)
    let n = 40_000
    let one = try RiskAnalysis(influence: influence, samples: n, seed: 2026, point: 3, chunks: 1)
    let pa = one.components[0].probability, pb = one.components[1].probability
    XCTAssertEqual(pa, 0.05, accuracy: 1e-4)
    XCTAssertEqual(pb, 0.10, accuracy: 1e-4)
    let exact = 1 - (1 - pa) * (1 - pb)
    let se = (exact * (1 - exact) / Double(n)).squareRoot()
    XCTAssertEqual(one.hotspotRisk, exact, accuracy: 4 * se)
    print("any exceeds: Monte-Carlo \(one.hotspotRisk) ± \(one.hotspotRiskStandardError) (N = \(n)), exact \(exact), "
          + "upper \(one.hotspotRiskUpper)")
    XCTAssertEqual(one.reliabilityIndex, one.components[1].reliabilityIndex)
    for chunks in [2, 7] {
      let split = try RiskAnalysis(influence: influence, samples: n, seed: 2026, point: 3, chunks: chunks)
      XCTAssertEqual(split.exceedingSamples, one.exceedingSamples, "chunks \(chunks)")
      XCTAssertEqual(split.components, one.components, "chunks \(chunks)")
      XCTAssertEqual(split.hotspotRiskUpper, one.hotspotRiskUpper)
    }
    // Another point draws another stream.
    let other = try RiskAnalysis(influence: influence, samples: n, seed: 2026, point: 4)
    XCTAssertNotEqual([other.exceedingSamples] + other.components.map(\.exceedingSamples),
                      [one.exceedingSamples] + one.components.map(\.exceedingSamples))
  }

  /// A safe design: no sample exceeds, so hotspot_risk = 0 and its 95 % upper bound is 1 − 0.05^(1/N) ≈ 3/N (the
  /// rule of three); β still ranks it.
  func testNoExceedanceGivesRuleOfThree() throws {
    let model = try slabModel(power: 1000, supply: 308.15, limit: 308.15 + 5000 + 600)
    let inputs = [UncertainInput(name: "chip.power", kind: .componentPower(component: "chip"), nominal: 1000,
                                 distribution: .normal(mean: 1000, standardDeviation: 20))]
    let risk = try RiskAnalysis(influence: try InfluenceMatrix(model: model, inputs: inputs), samples: 10_000, seed: 1)
    XCTAssertEqual(risk.exceedingSamples, 0)
    XCTAssertEqual(risk.hotspotRisk, 0)
    XCTAssertEqual(risk.hotspotRiskUpper, 2.9957e-4, accuracy: 1e-7)
    XCTAssertEqual(risk.reliabilityIndex, 6, accuracy: 1e-9)  // 600 K / (5 K/W · 20 W)
  }

  /// FORM with a uniform and with a truncated-normal power: one monotone input, so FORM is exact, and
  /// P = P(P > P*) with P* = (limit − T_s)/(5 K/W) from the distribution itself.
  func testFORMExactForOneNonGaussianInput() throws {
    let limit = 308.15 + 5 * 1060
    let model = try slabModel(power: 1000, supply: 308.15, limit: limit)
    let cases: [(Distribution, Double)] = [
      (.uniform(lower: 900, upper: 1100), (1100 - 1060) / 200.0),
      (.truncatedNormal(mean: 1000, standardDeviation: 50, lower: 950, upper: 1100),
       (StandardNormal.cdf(2) - StandardNormal.cdf(1.2)) / (StandardNormal.cdf(2) - StandardNormal.cdf(-1))),
    ]
    for (d, exact) in cases {
      let input = UncertainInput(name: "chip.power", kind: .componentPower(component: "chip"), nominal: 1000,
                                 distribution: d)
      let risk = try RiskAnalysis(influence: try InfluenceMatrix(model: model, inputs: [input]), samples: 40_000,
                                  seed: 11)
      XCTAssertEqual(risk.components[0].method, "form")
      XCTAssertEqual(risk.components[0].probability, exact, accuracy: 1e-9 * exact, "\(d)")
      let se = (exact * (1 - exact) / 40_000).squareRoot()
      XCTAssertEqual(risk.hotspotRisk, exact, accuracy: 4 * se, "\(d)")
      print("FORM \(d): P \(risk.components[0].probability), exact \(exact), Monte-Carlo \(risk.hotspotRisk)")
    }
  }

  /// FORM on Gaussian inputs lands on the analytic β = (limit − μ)/σ (to the iteration tolerance).
  func testFORMReducesToAnalyticForGaussians() {
    let s = [0.8, -0.3, 2.0], x0 = [10.0, 5.0, 1.0]
    let d: [Distribution] = [.normal(mean: 11, standardDeviation: 2), .normal(mean: 5, standardDeviation: 1),
                             .normal(mean: 0.5, standardDeviation: 0.4)]
    let capacity = 6.0
    let mu = 0.8 * 1 + 0 + 2.0 * -0.5
    let sigma = (0.64 * 4 + 0.09 * 1 + 4 * 0.16).squareRoot()
    let r = FORM().solve(capacity: capacity, sensitivity: s, nominal: x0, distributions: d)
    XCTAssertEqual(r.beta, (capacity - mu) / sigma, accuracy: 1e-9)
  }

  /// One-sided 95 % Clopper–Pearson upper bound for 1 success in 10 trials: 0.3942 (the two-sided 90 % interval's
  /// upper end in Clopper & Pearson's charts and standard tables, e.g. Hahn & Meeker, *Statistical Intervals* (1991),
  /// table A.16); and 1 − 0.05^(1/n) with none.
  func testClopperPearsonAgainstTable() {
    XCTAssertEqual(ClopperPearson.upperBound(successes: 1, trials: 10), 0.3942, accuracy: 1e-4)
    XCTAssertEqual(ClopperPearson.upperBound(successes: 0, trials: 1000), 1 - pow(0.05, 1e-3), accuracy: 1e-15)
    XCTAssertEqual(ClopperPearson.upperBound(successes: 10, trials: 10), 1)
  }
}
