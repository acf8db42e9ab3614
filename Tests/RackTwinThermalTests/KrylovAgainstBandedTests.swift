import Foundation
import RackTwinMesh
import RackTwinNumerics
import RackTwinThermal
import XCTest

/// Issue 4's solver tests: on assembled conduction systems of rectilinear and Kuhn-tetrahedral meshes (a 100:1
/// conductivity jump, a fixed-temperature face, a convective face and a volume source), AMG-CG, GMRES(30) and
/// BiCGSTAB (both preconditioned by the same AMG V-cycle) reach LAPACK's banded Cholesky solution to 1e-9 relative.
final class KrylovAgainstBandedTests: XCTestCase {
  func system(_ split: GridSpec.Split, n: Int) throws -> ThermalSystem {
    let spec = GridSpec(domainMin: .zero, domainMax: SIMD3(0.01, 0.01, 0.01),
                        axes: Array(repeating: GridSpec.Axis(maxCellSize: 0.01 / Double(n)), count: 3),
                        regions: [RegionInfo(name: "a", id: 1, material: "a"), RegionInfo(name: "b", id: 2, material: "b")],
                        boxes: [GridSpec.Box(region: "a", min: .zero, max: SIMD3(0.005, 0.01, 0.01)),
                                GridSpec.Box(region: "b", min: SIMD3(0.005, 0, 0), max: SIMD3(0.01, 0.01, 0.01))],
                        split: split)
    let mesh = try FVMesh(try MeshGenerator.generate(spec))
    var model = try ThermalModel(mesh: mesh, regionMaterials: [1: material("a", k: 1), 2: material("b", k: 100)])
    try model.setBoundary("xmin") { _ in .temperature(300) }
    try model.setBoundary("xmax") { _ in .convection(h: 5000, ambient: 320) }
    try model.addCellSource((0..<mesh.cellCount).map { 1e6 * mesh.cellVolume[$0] })
    return ThermalSystem(model: model)
  }

  func testAMGCGGMRESAndBiCGSTABMatchBandedCholeskyOnHexAndTetraMeshes() throws {
    for (split, n) in [(GridSpec.Split.none, 12), (.kuhn, 6)] {
      let s = try system(split, n: n)
      let a = s.matrix, b = s.rhs
      let (reference, _) = try BandedCholeskySolver().solve(a, b)
      let scale = reference.map(abs).max()!
      let amg = try AMGPreconditioner(a)
      // Documented range (docs/solvers.md): 1.0 ≤ operator complexity < 2 on these FV matrices.
      XCTAssertGreaterThanOrEqual(amg.operatorComplexity, 1.0)
      XCTAssertLessThan(amg.operatorComplexity, 2.0, "\(split)")
      var results: [(String, [Double])] = []
      var x = [Double](repeating: 0, count: a.rowCount)
      _ = try ConjugateGradient(tolerance: 1e-13).solve(a, b, x: &x, preconditioner: amg)
      results.append(("AMG-CG", x))
      x = [Double](repeating: 0, count: a.rowCount)
      _ = try GMRES(tolerance: 1e-13).solve(a, b, x: &x, preconditioner: amg)
      results.append(("GMRES", x))
      x = [Double](repeating: 0, count: a.rowCount)
      _ = try BiCGSTAB(tolerance: 1e-13).solve(a, b, x: &x, preconditioner: amg)
      results.append(("BiCGSTAB", x))
      for (name, x) in results {
        let error = zip(x, reference).map { abs($0 - $1) }.max()! / scale
        // Relative residual 1e-13 and a condition number below ~1e4 leave the error well under 1e-9.
        XCTAssertLessThanOrEqual(error, 1e-9, "\(name) on \(split): \(a.rowCount) unknowns")
      }
    }
  }

  /// The AMG coarse operators, formed by the blocked triple product Pᵀ A P, equal the two-step Pᵀ (A P) on the
  /// assembled Kuhn-tetrahedral system (100:1 jump): same pattern, values to 1e-14 of the level's largest entry
  /// (sums of the same terms in another order).
  func testGalerkinOperatorsMatchTwoStepProductOnTetraMesh() throws {
    let a = try system(.kuhn, n: 10).matrix
    let amg = try AMGPreconditioner(a, options: AMGOptions(coarsestSize: 50))
    XCTAssertGreaterThanOrEqual(amg.levels, 3)
    for l in 0..<(amg.levels - 1) {
      let p = amg.prolongator(l)
      let twoStep = p.transposed().multiplied(by: amg.levelOperator(l).multiplied(by: p))
      let coarse = amg.levelOperator(l + 1)
      XCTAssertEqual(coarse.rowStart, twoStep.rowStart, "level \(l + 1)")
      XCTAssertEqual(coarse.columns, twoStep.columns, "level \(l + 1)")
      let scale = twoStep.values.map(abs).max()!
      let worst = zip(coarse.values, twoStep.values).map { abs($0 - $1) }.max()!
      XCTAssertLessThan(worst, 1e-14 * scale, "level \(l + 1)")
    }
  }
}
