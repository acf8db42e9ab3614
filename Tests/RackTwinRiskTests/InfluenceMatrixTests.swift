import XCTest
import RackTwinMesh
import RackTwinThermal
@testable import RackTwinRisk

final class InfluenceMatrixTests: XCTestCase {
  /// A 3-D block (24 × 12 × 6 cells) with two coupled components in different materials, fixed-temperature supply
  /// on xmin and convection to the same supply on xmax, a second convection patch (ymax) at its own ambient.
  func twoChipModel(powers: (Double, Double) = (300, 150), supply: Double = 308.15, ambient: Double = 318.15) throws
    -> ThermalModel {
    let (mesh, materials) = try riskMesh(x: nodes(24, to: 0.12), y: nodes(12, to: 0.06), z: nodes(6, to: 0.02),
                                         regions: 3) { p in
      if p.z > 0.012 && p.x > 0.02 && p.x < 0.05 && p.y > 0.02 && p.y < 0.04 { return 2 }
      if p.z > 0.012 && p.x > 0.07 && p.x < 0.1 && p.y > 0.02 && p.y < 0.04 { return 3 }
      return 1
    }
    var model = try ThermalModel(mesh: mesh, regionMaterials: materials)
    try model.setBoundary("xmin", .temperature(supply))
    try model.setBoundary("xmax", .convection(h: 500, ambient: supply))
    try model.setBoundary("ymax", .convection(h: 50, ambient: ambient))
    try model.addComponent(name: "gpu0", regionIDs: [2], power: powers.0, limit: 358.15, distribution: .volume)
    try model.addComponent(name: "gpu1", regionIDs: [3], power: powers.1, limit: 358.15, distribution: .volume)
    return model
  }

  func inputs() -> [UncertainInput] {
    [UncertainInput(name: "gpu0.power", kind: .componentPower(component: "gpu0"), nominal: 300,
                    distribution: .normal(mean: 300, standardDeviation: 15)),
     UncertainInput(name: "gpu1.power", kind: .componentPower(component: "gpu1"), nominal: 150,
                    distribution: .normal(mean: 150, standardDeviation: 10)),
     UncertainInput(name: "supply", kind: .boundaryTemperature(patches: ["xmin", "xmax"]), nominal: 308.15,
                    distribution: .normal(mean: 308.15, standardDeviation: 1)),
     UncertainInput(name: "room", kind: .boundaryTemperature(patches: ["ymax"]), nominal: 318.15,
                    distribution: .uniform(lower: 313.15, upper: 323.15))]
  }

  /// Superposition: nominal + Σ S·δ equals a direct solve of the model at the moved inputs (SteadyThermalSolver,
  /// banded Cholesky) at every tracked cell, to 1e-8 K: both are direct solves of the same matrix, so only round-off
  /// (~1e-12 K at 360 K) separates them.
  func testSuperpositionEqualsDirectSolve() throws {
    let model = try twoChipModel()
    let influence = try InfluenceMatrix(model: model, inputs: inputs(), hottestCells: 4)
    XCTAssertEqual(influence.components.map(\.cells.count), [4, 4])
    XCTAssertEqual(influence.solveCount, 5)
    // The nominal point against the project's solver.
    let nominal = try SteadyThermalSolver(options: SolverOptions(method: .banded)).solve(model)
    for c in influence.components {
      for (ci, cell) in c.cells.enumerated() { XCTAssertEqual(c.nominal[ci], nominal.temperature[cell], accuracy: 1e-9) }
    }
    XCTAssertEqual(influence.components[0].cells[0], nominal.components[0].hottestCell)
    let delta = [37.0, -22.0, 2.5, -4.0]
    let moved = try twoChipModel(powers: (300 + delta[0], 150 + delta[1]), supply: 308.15 + delta[2],
                                 ambient: 318.15 + delta[3])
    let direct = try SteadyThermalSolver(options: SolverOptions(method: .banded)).solve(moved)
    var worst = 0.0
    for j in influence.components.indices {
      let predicted = influence.temperatures(component: j, deviations: delta)
      for (ci, cell) in influence.components[j].cells.enumerated() {
        worst = max(worst, abs(predicted[ci] - direct.temperature[cell]))
      }
    }
    XCTAssertLessThan(worst, 1e-8, "superposition against direct solve, K")
    print("superposition: largest |nominal + S·δ − direct| = \(worst) K over \(2 * 4) tracked cells, 4 inputs")
    // The supply shifts every temperature when it is the only anchor: with ymax at its own ambient it is < 1 K/K.
    let s = influence.components[0].sensitivity
    XCTAssertGreaterThan(s[2], 0.5)
    XCTAssertLessThan(s[2], 1)
  }

  /// The iterative path (IC(0)-CG at 1e-13, taken for large meshes) gives the same columns as the banded factor,
  /// to 1e-8 K per W (the CG residual 1e-13 relative bounds the error far below that on this well-conditioned block).
  func testIterativeColumnsAgreeWithBanded() throws {
    let model = try twoChipModel()
    let system = ThermalSystem(model: model)
    let banded = try InfluenceSolver(matrix: system.matrix, symmetric: true, tolerance: 1e-13)
    let iterative = try InfluenceSolver(matrix: system.matrix, symmetric: true, tolerance: 1e-13, requested: .cgIC0)
    XCTAssertEqual(banded.name, "banded-cholesky")
    XCTAssertEqual(iterative.name, "cg-ic0")
    var unit = [Double](repeating: 0, count: system.rhs.count)
    for (c, f) in zip(model.components[0].cells, model.components[0].fractions) { unit[c] = f }
    let a = try banded.solve(unit), b = try iterative.solve(unit)
    XCTAssertLessThan(zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) }, 1e-8)
    XCTAssertGreaterThan(a.max()!, 0.01)  // a response worth comparing, K/W
  }

  /// An input that changes the matrix is refused with its name, and a nonlinear model is refused.
  func testMatrixChangingInputIsRefused() throws {
    let model = try twoChipModel()
    let h = UncertainInput(name: "htc", kind: .custom { m, d in try m.setBoundary("xmax", .convection(h: 500 + d, ambient: 308.15)) },
                           nominal: 500, distribution: .normal(mean: 500, standardDeviation: 50))
    XCTAssertThrowsError(try InfluenceMatrix(model: model, inputs: [h])) { error in
      guard case RiskError.notSuperposable(let location, _) = error else { return XCTFail("\(error)") }
      XCTAssertEqual(location, "uncertainty.htc")
    }
    var radiating = model
    try radiating.setBoundary("zmax", .radiation(emissivity: 0.9, surroundings: 300))
    XCTAssertThrowsError(try InfluenceMatrix(model: radiating, inputs: inputs()))
    let unknown = UncertainInput(name: "p", kind: .componentPower(component: "cpu9"), nominal: 1,
                                 distribution: .normal(mean: 1, standardDeviation: 1))
    XCTAssertThrowsError(try InfluenceMatrix(model: model, inputs: [unknown]))
  }
}
