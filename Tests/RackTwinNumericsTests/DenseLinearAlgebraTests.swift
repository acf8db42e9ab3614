import RackTwinNumerics
import XCTest

final class DenseLinearAlgebraTests: XCTestCase {
  /// [[2 1 1] [1 3 2] [1 0 0]] x = (4, 5, 6): row 3 gives x₁ = 6, then x₂ + x₃ = −8 and 3x₂ + 2x₃ = −1, so
  /// x = (6, 15, −23) by hand. Tolerance 1e-13: LU with pivoting is backward stable and this matrix is well conditioned.
  func testLUOnHandSolvedNonsymmetric3x3() throws {
    let x = try DenseLinearAlgebra.solveLU([2, 1, 1, 1, 3, 2, 1, 0, 0], n: 3, [4, 5, 6])
    for (got, want) in zip(x, [6.0, 15, -23]) { XCTAssertEqual(got, want, accuracy: 1e-13 * 23) }
  }

  /// [[4 2 0] [2 5 2] [0 2 5]] (SPD) times (1, 2, 3) is (8, 18, 19) by hand; Cholesky must return (1, 2, 3).
  func testCholeskyOnHandSolvedSPD3x3() throws {
    let x = try DenseLinearAlgebra.solveCholesky([4, 2, 0, 2, 5, 2, 0, 2, 5], n: 3, [8, 18, 19])
    for (got, want) in zip(x, [1.0, 2, 3]) { XCTAssertEqual(got, want, accuracy: 1e-13 * 3) }
  }

  /// [[1 2] [2 1]] has eigenvalues 3 and −1: the order-2 leading minor is −3, so dposv reports info = 2.
  func testCholeskyRejectsIndefinite() {
    XCTAssertThrowsError(try DenseLinearAlgebra.solveCholesky([1, 2, 2, 1], n: 2, [1, 1])) { error in
      guard case LinearSolverError.notPositiveDefinite(let detail) = error else { return XCTFail("\(error)") }
      XCTAssertTrue(detail.contains("order 2"), detail)
    }
  }

  /// A singular matrix (two equal rows) and a size mismatch are invalid input.
  func testLURejectsSingularAndMismatchedInput() {
    XCTAssertThrowsError(try DenseLinearAlgebra.solveLU([1, 2, 1, 2], n: 2, [1, 1]))
    XCTAssertThrowsError(try DenseLinearAlgebra.solveLU([1, 2, 3], n: 2, [1, 1]))
  }
}
