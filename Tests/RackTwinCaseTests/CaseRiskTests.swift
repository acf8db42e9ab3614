import Foundation
import XCTest
import RackTwinCase
import RackTwinIO
import RackTwinMesh
import RackTwinRisk

/// Hotspot risk through the case path (case file → `CaseDecoder` → `ModelBuilder` → `SteadyCaseRunner` →
/// `CaseRisk`), against closed forms and direct solves (issue 17).
final class CaseRiskTests: XCTestCase {
  /// Writes a box mesh from a mesh spec into `dir` and returns nothing; the case files name `mesh.h5`.
  func writeMesh(_ spec: String, in dir: TemporaryDirectory) throws {
    try spec.write(toFile: dir.path("mesh.yaml"), atomically: true, encoding: .utf8)
    try MeshFileWriter.write(MeshGenerator.generate(GridSpecDecoder.decode(contentsOf: dir.path("mesh.yaml"))),
                             to: dir.path("mesh.h5"))
  }

  func solve(_ text: String, in dir: TemporaryDirectory, overrides: [String] = []) throws -> SteadyCaseRunner.Outcome {
    try text.write(toFile: dir.path("case.yaml"), atomically: true, encoding: .utf8)
    return try SteadyCaseRunner(casePath: dir.path("case.yaml"), overrides: overrides).solve()
  }

  func metric(_ o: SteadyCaseRunner.Outcome, _ name: String) -> Double {
    o.results.metrics.first { $0.name == name }!.value
  }

  /// A 1-D slab heated uniformly (P in W over the whole bar, length L, section A, conductivity k), held at T_s at
  /// x = 0 and adiabatic elsewhere.
  static let slabMesh = """
    domain: {min: [0, 0, 0], max: [0.1, 0.01, 0.01]}
    cells: {x: {maxSize: 0.005}, y: {maxSize: 0.01}, z: {maxSize: 0.01}}
    regions: {bar: {material: slab}}
    boxes:
      - {region: bar, min: [0, 0, 0], max: [0.1, 0.01, 0.01]}
    """

  /// One component, two Gaussian inputs: the hottest cell of the slab is T_s + P L/(2kA) exactly on the mesh (cell
  /// centred FV with a uniform source: the face fluxes are the exact ones, q A (L − x_f), and the boundary half-cell
  /// plus the interior sum to q L²/(2k); the continuous solution T_s + q(Lx − x²/2)/k at x = L gives the same).
  /// Then T_hot ~ N(μ, σ²) with μ = T_s + P₀ L/(2kA), σ² = σ_T² + (σ_P L/(2kA))²; β = (limit − μ)/σ and
  /// P = 1 − Φ(β) = ½ erfc(β/√2) (Abramowitz & Stegun 26.2.29). Here P₀ = 10 W, L/(2kA) = 5 K/W, σ_P = 5 % = 0.5 W,
  /// σ_T = 0.5 K: μ = 70 °C, σ = 2.54951 K, limit 75 °C: β = 1.96116, P = 0.024931.
  func testOneGaussianComponentMatchesAnalyticProbability() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    try writeMesh(Self.slabMesh, in: dir)
    let o = try solve("""
      mesh: mesh.h5
      materials: {slab: {conductivity: "100 W/m/K", density: 1000, specificHeat: 1000}}
      components: {heater: {regions: [bar], power: "10 W", limit: "75 degC"}}
      boundaries: {xmin: {type: temperature, value: "20 degC"}}
      uncertainty:
        samples: 40000
        seed: 3
        inputs:
          - {key: components.heater.power, normal: {sd: "5 %"}}
          - {key: boundaries.xmin.value, normal: {sd: "0.5 K"}}
      """, in: dir)
    let l = 0.1, k = 100.0, a = 1e-4
    let mu = 293.15 + 10 * l / (2 * k * a), sigma = (0.25 + pow(0.5 * l / (2 * k * a), 2)).squareRoot()
    let beta = (348.15 - mu) / sigma
    let p = 0.5 * erfc(beta / 2.0.squareRoot())
    let risk = try XCTUnwrap(o.results.risk)
    XCTAssertEqual(risk.components.map(\.name), ["heater"])
    XCTAssertEqual(risk.components[0].method, "analytic")
    // Direct factorisation on 20 cells: round-off only (1e-9 leaves room for the K-scale sums).
    XCTAssertEqual(risk.components[0].reliabilityIndex, beta, accuracy: 1e-9)
    XCTAssertEqual(risk.components[0].probability, p, accuracy: 1e-9 * p)
    XCTAssertEqual(risk.components[0].meanTemperatureC, mu - 273.15, accuracy: 1e-9)
    XCTAssertEqual(risk.components[0].standardDeviation, sigma, accuracy: 1e-9)
    XCTAssertEqual(metric(o, "reliability_index"), beta, accuracy: 1e-9)
    // One component: "any exceeds" is its exceedance, Monte-Carlo within 4 standard errors.
    let mc = metric(o, "hotspot_risk"), se = metric(o, "hotspot_risk_standard_error")
    XCTAssertEqual(mc, p, accuracy: 4 * se)
    XCTAssertGreaterThan(metric(o, "hotspot_risk_upper"), mc)
    XCTAssertEqual(metric(o, "risk_samples"), 40000)
    XCTAssertEqual(metric(o, "risk_linearity_error"), 0)
    print("one Gaussian component: β = \(risk.components[0].reliabilityIndex) (exact \(beta)), "
            + "P = \(risk.components[0].probability) (exact \(p)); Monte-Carlo \(mc) ± \(se)")
  }

  /// Two slabs separated by void (no thermal coupling), each with its own power input: the components exceed
  /// independently, so P(any) = 1 − (1 − p₁)(1 − p₂) exactly, with pⱼ = ½ erfc(βⱼ/√2) from the closed form above.
  /// The Monte-Carlo estimate must lie within 4 standard errors (a false alarm once in ~16,000 seeds).
  func testAnyExceedsMatchesExactForIndependentUncoupledComponents() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    try writeMesh("""
      domain: {min: [0, 0, 0], max: [0.1, 0.03, 0.01]}
      cells: {x: {maxSize: 0.005}, y: {maxSize: 0.01}, z: {maxSize: 0.01}}
      regions: {a: {material: slab}, b: {material: slab}}
      boxes:
        - {region: a, min: [0, 0, 0], max: [0.1, 0.01, 0.01]}
        - {region: b, min: [0, 0.02, 0], max: [0.1, 0.03, 0.01]}
      """, in: dir)
    let o = try solve("""
      mesh: mesh.h5
      materials: {slab: {conductivity: "100 W/m/K", density: 1000, specificHeat: 1000}}
      components:
        ca: {regions: [a], power: "10 W", limit: "75 degC"}
        cb: {regions: [b], power: "12 W", limit: "83 degC"}
      boundaries: {xmin: {type: temperature, value: "20 degC"}}
      uncertainty:
        samples: 40000
        seed: 11
        inputs:
          - {key: "components.c*.power", normal: {sd: "0.5 W"}}
      """, in: dir)
    func exceed(power: Double, limitC: Double) -> Double {
      let beta = (limitC + 273.15 - (293.15 + power * 5)) / (0.5 * 5)
      return 0.5 * erfc(beta / 2.0.squareRoot())
    }
    let p1 = exceed(power: 10, limitC: 75), p2 = exceed(power: 12, limitC: 83)
    let exact = 1 - (1 - p1) * (1 - p2)
    let risk = try XCTUnwrap(o.results.risk)
    XCTAssertEqual(risk.inputs.map(\.name), ["components.ca.power", "components.cb.power"])
    XCTAssertEqual(risk.components[0].probability, p1, accuracy: 1e-9 * p1)
    XCTAssertEqual(risk.components[1].probability, p2, accuracy: 1e-9 * p2)
    let mc = metric(o, "hotspot_risk"), se = metric(o, "hotspot_risk_standard_error")
    XCTAssertEqual(mc, exact, accuracy: 4 * se)
    XCTAssertEqual(metric(o, "reliability_index"), min(risk.components[0].reliabilityIndex, risk.components[1].reliabilityIndex))
    print("any exceeds: Monte-Carlo \(mc) ± \(se) against exact \(exact) (p₁ = \(p1), p₂ = \(p2)); "
            + "upper \(metric(o, "hotspot_risk_upper"))")
  }

  /// A package-like block (die in a lid over a board, convection on top and bottom): the influence matrix built for
  /// the case predicts the tracked cells at a moved point (power +30 %, supply +3 K, board-side ambient −2 K), and a
  /// direct solve of the case with those values set by `--set` gives the same to 1e-8 K (superposition is exact for
  /// this linear model; the case solves by banded Cholesky, the columns by IC(0)-CG to 1e-13: round-off and that
  /// tolerance only).
  func testSuperpositionMatchesDirectSolveThroughCasePath() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    try writeMesh(Self.packageMesh, in: dir)
    let base = Self.packageCase + """
      uncertainty:
        inputs:
          - {key: components.die.power, normal: {sd: "10 %"}}
          - {key: boundaries.zmax.ambient, normal: {sd: "1 K"}}
          - {key: boundaries.zmin.ambient, uniform: {lower: "-3 K", upper: "+3 K"}}
      """
    let nominal = try solve(base, in: dir)
    try base.write(toFile: dir.path("case.yaml"), atomically: true, encoding: .utf8)
    let doc = try CaseDecoder.decode(contentsOf: dir.path("case.yaml"))
    let model = try ModelBuilder.build(case: doc, mesh: nominal.mesh)
    let risk = try CaseRisk.analyse(doc: doc, model: model, mesh: nominal.mesh)
    let moved = try solve(base, in: dir, overrides: ["components.die.power=52 W", "boundaries.zmax.ambient=33 degC",
                                                     "boundaries.zmin.ambient=38 degC"])
    var worst = 0.0
    for j in risk.influence.components.indices {
      let predicted = risk.influence.temperatures(component: j, deviations: [12, 3, -2])
      for (ci, cell) in risk.influence.components[j].cells.enumerated() {
        worst = max(worst, abs(predicted[ci] - moved.solution.temperature[cell]))
      }
      // The nominal tracked cells are the steady solve's too.
      for (ci, cell) in risk.influence.components[j].cells.enumerated() {
        XCTAssertEqual(risk.influence.components[j].nominal[ci], nominal.solution.temperature[cell], accuracy: 1e-8)
      }
    }
    XCTAssertLessThan(worst, 1e-8)
    XCTAssertGreaterThan(moved.solution.temperature.max()! - nominal.solution.temperature.max()!, 5)
    print("superposition vs direct solve at a moved point: \(worst) K")
  }

  static let packageMesh = """
    domain: {min: [0, 0, 0], max: [0.04, 0.04, 0.006]}
    cells: {all: {maxSize: 0.002}, z: {maxSize: 0.0005}}
    regions: {board: {material: fr4}, die: {material: silicon}, lid: {material: copper}}
    boxes:
      - {region: board, min: [0, 0, 0], max: [0.04, 0.04, 0.002]}
      - {region: die, min: [0.014, 0.014, 0.002], max: [0.026, 0.026, 0.003]}
      - {region: lid, min: [0.01, 0.01, 0.003], max: [0.03, 0.03, 0.006]}
    """
  static let packageCase = """
    mesh: mesh.h5
    components:
      die: {regions: [die], power: "40 W", limit: "85 degC"}
    interfaces:
      - {between: [die, lid], resistance: "2e-5 m^2*K/W"}
    boundaries:
      zmax: {type: convection, h: "5000 W/m^2/K", ambient: "30 degC"}
      zmin: {type: convection, h: "20 W/m^2/K", ambient: "40 degC"}
    solver: {method: banded}

    """

  /// TIM resistance enters by a central-difference sensitivity. In a 1-D stack (heater | R'' | sink held at T_s at
  /// the far end, adiabatic elsewhere) all of P crosses the interface, so ∂T_hot/∂R'' = P/A exactly (1e5 K per
  /// m²K/W here) and T is affine in R''; on the package block the slope is checked against re-solves of the case at
  /// R'' ± 2σ (via `--set`), which the linearisation must follow to within 1 % of the change.
  func testInterfaceResistanceSensitivityMatchesResolves() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    try writeMesh("""
      domain: {min: [0, 0, 0], max: [0.1, 0.01, 0.01]}
      cells: {x: {maxSize: 0.005}, y: {maxSize: 0.01}, z: {maxSize: 0.01}}
      regions: {hot: {material: slab}, cold: {material: slab}}
      boxes:
        - {region: hot, min: [0, 0, 0], max: [0.05, 0.01, 0.01]}
        - {region: cold, min: [0.05, 0, 0], max: [0.1, 0.01, 0.01]}
      """, in: dir)
    let stack = try solve("""
      mesh: mesh.h5
      materials: {slab: {conductivity: "100 W/m/K", density: 1000, specificHeat: 1000}}
      components: {heater: {regions: [hot], power: "10 W", limit: "100 degC"}}
      interfaces: [{between: [hot, cold], resistance: "1e-4 m^2*K/W"}]
      boundaries: {xmax: {type: temperature, value: "20 degC"}}
      uncertainty:
        inputs: [{key: "interfaces.*.resistance", normal: {sd: "20 %"}}]
      """, in: dir)
    let risk1 = try XCTUnwrap(stack.results.risk)
    XCTAssertEqual(risk1.inputs[0].linearised, 1)
    XCTAssertLessThan(risk1.inputs[0].linearityError, 1e-8)
    // The hottest cell's slope, from the analytic σ: σ_T = s σ_R, σ_R = 2e-5.
    XCTAssertEqual(risk1.components[0].standardDeviation / 2e-5, 10 / 1e-4, accuracy: 1e-6 * 1e5)

    try writeMesh(Self.packageMesh, in: dir)
    let text = Self.packageCase + """
      uncertainty:
        inputs: [{key: interfaces.0.resistance, normal: {sd: "25 %"}}]
      """
    let nominal = try solve(text, in: dir)
    let doc = try CaseDecoder.decode(contentsOf: dir.path("case.yaml"))
    let risk = try CaseRisk.analyse(doc: doc, model: ModelBuilder.build(case: doc, mesh: nominal.mesh), mesh: nominal.mesh)
    let c = risk.influence.components[0]
    var worstError = 0.0, worstChange = 0.0
    for offset in [-1e-5, 1e-5] {   // ±2σ, σ = 5e-6
      let resolved = try solve(text, in: dir, overrides: ["interfaces.0.resistance=\(2e-5 + offset)"])
      for (ci, cell) in c.cells.enumerated() {
        let linear = c.nominal[ci] + c.sensitivity[ci] * offset
        worstError = max(worstError, abs(resolved.solution.temperature[cell] - linear))
        worstChange = max(worstChange, abs(resolved.solution.temperature[cell] - c.nominal[ci]))
      }
    }
    XCTAssertGreaterThan(worstChange, 0.05)
    XCTAssertLessThan(worstError, 0.01 * worstChange)
    // The analysis's own check agrees with these re-solves.
    XCTAssertEqual(risk.checks[0].maxError, worstError, accuracy: 1e-9)
    XCTAssertEqual(nominal.results.risk?.inputs[0].linearityChange ?? .nan, worstChange, accuracy: 1e-9)
    print("TIM sensitivity: 1-D slope \(risk1.components[0].standardDeviation / 2e-5) (P/A = 1e5); package ±2σ "
            + "change \(worstChange) K, linearisation error \(worstError) K")
  }

  /// The results file holds `/risk` with units and the metrics; a sweep row gets the risk columns.
  func testResultsFileAndColumnsCarryRisk() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    try writeMesh(Self.packageMesh, in: dir)
    try (Self.packageCase + """
      uncertainty:
        samples: 1000
        inputs: [{key: components.die.power, normal: {sd: "10 %"}}]
      """).write(toFile: dir.path("case.yaml"), atomically: true, encoding: .utf8)
    let o = try SteadyCaseRunner(casePath: dir.path("case.yaml")).run(output: dir.path("out.h5"))
    let f = try HDF5File.open(readingAt: dir.path("out.h5"))
    XCTAssertEqual(try f.readStrings(at: "/risk/components/name"), ["die"])
    XCTAssertEqual(try f.stringAttribute("units", of: "/risk/components/probability"), "1")
    XCTAssertEqual(try f.stringAttribute("units", of: "/risk/inputs/linearity_error"), "K")
    XCTAssertEqual(try f.stringAttribute("units", of: "/metrics/hotspot_risk"), "1")
    let columns = SolutionMetrics.columns(of: o.results).map(\.name)
    XCTAssertTrue(columns.contains("risk.die.probability"))
    XCTAssertTrue(columns.contains("risk.die.reliability_index"))
    XCTAssertTrue(columns.contains("hotspot_risk_upper"))
  }
}
