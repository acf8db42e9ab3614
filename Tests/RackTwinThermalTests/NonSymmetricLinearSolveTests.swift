import Foundation
import RackTwinNumerics
import RackTwinThermal
import XCTest

/// The thermal solve's choice of linear method by symmetry (issue 11): every method for non-symmetric systems on 1-D
/// and 3-D upwind advection–diffusion matrices against the closed form, `auto`'s choices, the error for CG on a
/// non-symmetric matrix, and the unchanged path for symmetric matrices.
final class NonSymmetricLinearSolveTests: XCTestCase {
  static let nonSymmetricMethods: [LinearSolverMethod] =
    [.auto, .banded, .bandedLU, .bicgstabILU0, .bicgstabAMG, .gmresILU0, .gmresAMG]

  /// −θ'' + Pe θ' = 0 on x ∈ (0, 1), θ(0) = 0, θ(1) = 1, on `nodes` intervals (h = 1/nodes) with upwind advection, on
  /// ny × nz copies side by side coupled by diffusion (zero flux on their outer sides; ny = nz = 1 is the 1-D
  /// problem). Unknowns are the interior nodes i = 1 … nodes − 1, x fastest; rows are scaled by h²:
  /// (2 + P + c)θ_i − (1 + P)θ_{i−1} − θ_{i+1} − Σ_side θ_side = 0, P = Pe·h, c the number of side neighbours. The
  /// side terms cancel for a field that is the same in every copy, so the discrete solution is the 1-D one,
  /// θ_i = (r^i − 1)/(r^N − 1) with r = 1 + P, in every copy.
  static func upwind(pe: Double, nodes: Int, ny: Int = 1, nz: Int = 1) -> (CSRMatrix, [Double]) {
    let nx = nodes - 1, p = pe / Double(nodes)
    let n = nx * ny * nz
    var t: [(row: Int, column: Int, value: Double)] = []
    var b = [Double](repeating: 0, count: n)
    for k in 0..<nz {
      for j in 0..<ny {
        for i in 0..<nx {
          let r = i + nx * (j + ny * k)
          var diagonal = 2 + p
          if i > 0 { t.append((r, r - 1, -(1 + p))) }
          if i < nx - 1 { t.append((r, r + 1, -1)) } else { b[r] = 1 }
          for (inside, offset) in [(j > 0, -nx), (j < ny - 1, nx), (k > 0, -nx * ny), (k < nz - 1, nx * ny)] where inside {
            t.append((r, r + offset, -1))
            diagonal += 1
          }
          t.append((r, r, diagonal))
        }
      }
    }
    return (CSRMatrix(rowCount: n, columnCount: n, triplets: t), b)
  }

  static func discrete(pe: Double, nodes: Int, node i: Int) -> Double {
    let r = 1 + pe / Double(nodes)
    return (pow(r, Double(i)) - 1) / (pow(r, Double(nodes)) - 1)
  }

  static func closedForm(pe: Double, x: Double) -> Double { (exp(pe * x) - 1) / (exp(pe) - 1) }

  func solve(_ a: CSRMatrix, _ b: [Double], _ method: LinearSolverMethod) throws -> ([Double], SolverReport) {
    var x = [Double](repeating: 0, count: a.rowCount)
    let report = try SteadyThermalSolver.solveLinear(a, b, &x, options: SolverOptions(method: method, tolerance: 1e-12))
    return (x, report)
  }

  /// 1-D, Pe = 1 and 10, every method for non-symmetric systems: the discrete solution to 1e-9, and first-order
  /// convergence to the closed form θ = (e^{Pe·x} − 1)/(e^{Pe} − 1): the error halves (ratio 1.9–2.1) from h = 1/100
  /// to 1/200. The errors themselves, from the exact discrete form, are 6.0e-4 and 3.0e-4 at Pe = 1, 1.8e-2 and
  /// 9.0e-3 at Pe = 10 (upwind's numerical diffusion Pe·h/2).
  func testOneDimensionalUpwindAgainstClosedForm() throws {
    for pe in [1.0, 10.0] {
      for method in Self.nonSymmetricMethods {
        var errors: [Double] = []
        for nodes in [100, 200] {
          let (a, b) = Self.upwind(pe: pe, nodes: nodes)
          let (x, report) = try solve(a, b, method)
          XCTAssertLessThanOrEqual(report.relativeResidual, 1e-12, "\(method) Pe \(pe)")
          var discreteError = 0.0, error = 0.0
          for i in 1..<nodes {
            discreteError = max(discreteError, abs(x[i - 1] - Self.discrete(pe: pe, nodes: nodes, node: i)))
            error = max(error, abs(x[i - 1] - Self.closedForm(pe: pe, x: Double(i) / Double(nodes))))
          }
          // Residual 1e-12 with a condition number below ~10⁵ (h = 1/200).
          XCTAssertLessThan(discreteError, 1e-9, "\(method) Pe \(pe) h = 1/\(nodes)")
          errors.append(error)
        }
        let ratio = errors[0] / errors[1]
        XCTAssertTrue((1.9...2.1).contains(ratio), "\(method) Pe \(pe): error ratio \(ratio), errors \(errors)")
        XCTAssertLessThan(errors[1], pe == 1 ? 4e-4 : 1.1e-2, "\(method) Pe \(pe)")
      }
    }
  }

  /// 3-D (39 × 12 × 10 interior nodes, 4 680 unknowns, Pe = 10): every method gives the 1-D discrete solution in each
  /// copy to 1e-8, and the methods agree with banded LU to 1e-9.
  func testThreeDimensionalUpwindMethodsAgree() throws {
    let (nodes, ny, nz, pe) = (40, 12, 10, 10.0)
    let (a, b) = Self.upwind(pe: pe, nodes: nodes, ny: ny, nz: nz)
    let (reference, _) = try solve(a, b, .bandedLU)
    for method in Self.nonSymmetricMethods {
      let (x, report) = try solve(a, b, method)
      var worst = 0.0
      for (r, value) in x.enumerated() {
        worst = max(worst, abs(value - Self.discrete(pe: pe, nodes: nodes, node: r % (nodes - 1) + 1)))
      }
      XCTAssertLessThan(worst, 1e-8, "\(method)")
      let difference = zip(x, reference).map { abs($0 - $1) }.max()!
      XCTAssertLessThan(difference, 1e-9, "\(method) against banded LU")
      print("3-D upwind \(a.rowCount) unknowns, \(method.rawValue): \(report.method), \(report.iterations) iterations")
    }
  }

  /// `auto` by symmetry and size: banded (Cholesky) or banded LU for small systems, IC(0)-CG or BiCGSTAB-ILU(0) in
  /// between (the band too wide), AMG-CG or BiCGSTAB-AMG above 100 000 unknowns. `banded` follows the symmetry.
  func testAutoChoosesBySymmetryAndSize() {
    let sizes: [(nodes: Int, side: Int, symmetric: LinearSolverMethod, nonSymmetric: LinearSolverMethod)] = [
      (200, 1, .banded, .bandedLU),            // 199 unknowns, band 1
      (41, 40, .cgIC0, .bicgstabILU0),         // 64 000 unknowns, band 1 600 after RCM: n·kd² ≈ 1.6e11
      (61, 60, .cgAMG, .bicgstabAMG),          // 216 000 unknowns
    ]
    for s in sizes {
      let (nonSymmetric, _) = Self.upwind(pe: 10, nodes: s.nodes, ny: s.side, nz: s.side)
      let (symmetric, _) = Self.upwind(pe: 0, nodes: s.nodes, ny: s.side, nz: s.side)
      XCTAssertTrue(symmetric.isExactlySymmetric)
      XCTAssertFalse(nonSymmetric.isExactlySymmetric)
      XCTAssertEqual(SteadyThermalSolver.resolvedMethod(.auto, for: symmetric), s.symmetric, "\(symmetric.rowCount)")
      XCTAssertEqual(SteadyThermalSolver.resolvedMethod(.auto, for: nonSymmetric), s.nonSymmetric, "\(nonSymmetric.rowCount)")
      // The caller's word is taken without a check.
      XCTAssertEqual(SteadyThermalSolver.resolvedMethod(.auto, for: nonSymmetric, symmetric: true), s.symmetric)
    }
    // Advection-dominated (cell Péclet 10 along x: an interior row's skew 20 > half its symmetric 32; the first and
    // last x-planes, with one x-neighbour, sit at 10 against 10 and do not count, 2/60): ILU(0) at any size.
    let (dominated, _) = Self.upwind(pe: 600, nodes: 61, ny: 60, nz: 60)
    XCTAssertGreaterThan(dominated.skewDominantRowFraction, 58.0 / 60.0)
    XCTAssertEqual(SteadyThermalSolver.resolvedMethod(.auto, for: dominated), .bicgstabILU0)
    let (a, _) = Self.upwind(pe: 10, nodes: 20)
    XCTAssertEqual(SteadyThermalSolver.resolvedMethod(.banded, for: a), .bandedLU)
    XCTAssertEqual(SteadyThermalSolver.resolvedMethod(.banded, for: Self.upwind(pe: 0, nodes: 20).0), .banded)
    XCTAssertEqual(SteadyThermalSolver.resolvedMethod(.gmresAMG, for: a), .gmresAMG)
  }

  /// A CG method on a non-symmetric matrix is bad input naming `solver.method`, not a silent wrong answer.
  func testConjugateGradientOnNonSymmetricMatrixIsAnErrorNamingTheKey() {
    let (a, b) = Self.upwind(pe: 10, nodes: 50)
    for method in [LinearSolverMethod.cgAMG, .cgIC0, .cgJacobi] {
      XCTAssertThrowsError(try solve(a, b, method)) { e in
        guard case let ThermalError.invalidInput(location, expected, found) = e else { return XCTFail("\(e)") }
        XCTAssertEqual(location, "solver.method")
        XCTAssertTrue(expected.contains("bicgstab-amg"), expected)
        XCTAssertTrue(found.hasPrefix(method.rawValue) && found.contains("symmetric"), found)
      }
    }
  }

  /// Symmetric matrices take the old path: `auto` gives bit for bit what banded Cholesky and AMG-CG (the hierarchy
  /// built as before, symmetric) give when called directly.
  func testSymmetricMatricesTakeTheOldPathBitForBit() throws {
    let (small, b1) = Self.upwind(pe: 0, nodes: 30, ny: 4, nz: 3)
    let (x1, r1) = try solve(small, b1, .auto)
    XCTAssertEqual(r1.method, "banded-cholesky")
    XCTAssertEqual(x1, try BandedCholeskySolver().solve(small, b1).x)
    let (a, b) = Self.upwind(pe: 0, nodes: 21, ny: 20, nz: 20)
    let (x2, r2) = try solve(a, b, .cgAMG)
    var direct = [Double](repeating: 0, count: a.rowCount)
    _ = try ConjugateGradient(tolerance: 1e-12).solve(a, b, x: &direct, preconditioner: try AMGPreconditioner(a))
    XCTAssertEqual(r2.method, "cg-amg")
    XCTAssertEqual(x2, direct)
  }
}
