import XCTest
@testable import RackTwinThermal

/// Anderson mixing against closed forms on small affine maps: x ↦ G(x) = M x + c on two "gradients" (6 unknowns),
/// with "temperatures" θ(x) = S x + q, S invertible, so the residual θ(G(x)) − θ(x) vanishes only at the fixed point
/// x* = (I − M)⁻¹ c.
final class AndersonMixingTests: XCTestCase {
  /// M = ρ·(a rotation-free symmetric matrix with eigenvalues in [0.3, 1]) scaled to spectral radius ρ; plain passes
  /// shrink the residual by ρ per pass.
  struct AffineMap {
    let m: [[Double]], c: [Double], s: [[Double]], q: [Double]
    init(rho: Double) {
      // A fixed symmetric matrix with eigenvalues 1, 0.9, 0.75, 0.6, 0.45, 0.3 (Q diag Qᵀ, Q a Householder reflection).
      let eig = [1, 0.9, 0.75, 0.6, 0.45, 0.3].map { $0 * rho }
      let v = [1.0, -2, 0.5, 3, -1, 2]
      let vv = v.reduce(0) { $0 + $1 * $1 }
      var qm = [[Double]](repeating: [Double](repeating: 0, count: 6), count: 6)
      for i in 0..<6 { for j in 0..<6 { qm[i][j] = (i == j ? 1 : 0) - 2 * v[i] * v[j] / vv } }
      var mm = qm
      for i in 0..<6 { for j in 0..<6 { mm[i][j] = (0..<6).reduce(0) { $0 + qm[i][$1] * eig[$1] * qm[j][$1] } } }
      m = mm
      c = [1, 2, -1, 0.5, 3, -2]
      // S: upper triangular with unit-ish diagonal (invertible), q arbitrary.
      var ss = [[Double]](repeating: [Double](repeating: 0, count: 6), count: 6)
      for i in 0..<6 { for j in i..<6 { ss[i][j] = i == j ? 2 : 0.3 } }
      s = ss
      q = [300, 301, 302, 303, 304, 305]
    }
    func flat(_ x: [SIMD3<Double>]) -> [Double] { x.flatMap { [$0.x, $0.y, $0.z] } }
    func unflat(_ v: [Double]) -> [SIMD3<Double>] { [SIMD3(v[0], v[1], v[2]), SIMD3(v[3], v[4], v[5])] }
    func apply(_ a: [[Double]], _ v: [Double]) -> [Double] { a.map { row in zip(row, v).reduce(0) { $0 + $1.0 * $1.1 } } }
    func image(_ x: [SIMD3<Double>]) -> [SIMD3<Double>] { unflat(zip(apply(m, flat(x)), c).map(+)) }
    func theta(_ x: [SIMD3<Double>]) -> [Double] { zip(apply(s, flat(x)), q).map(+) }
    /// x* by Gaussian elimination of (I − M) x = c.
    var fixedPoint: [Double] {
      var a = (0..<6).map { i in (0..<6).map { j in (i == j ? 1 : 0) - m[i][j] } }
      var b = c
      for k in 0..<6 {
        for i in (k + 1)..<6 {
          let f = a[i][k] / a[k][k]
          for j in k..<6 { a[i][j] -= f * a[k][j] }
          b[i] -= f * b[k]
        }
      }
      var x = [Double](repeating: 0, count: 6)
      for k in stride(from: 5, through: 0, by: -1) {
        x[k] = (b[k] - ((k + 1)..<6).reduce(0) { $0 + a[k][$1] * x[$1] }) / a[k][k]
      }
      return x
    }

    /// Passes until the largest residual |θ(G(x)) − θ(x)| is below `tolerance`, with mixing or plain; the last x.
    func passes(window: Int?, tolerance: Double, limit: Int) -> (count: Int, x: [Double]) {
      var mixing = AndersonMixing(window: window ?? 1)
      var x = unflat([Double](repeating: 0, count: 6))
      var t = theta(x)
      for k in 1...limit {
        let g = image(x)
        let solved = theta(g)  // the pass's solve, exact
        let r = zip(solved, t).map(-)
        if r.map(abs).max()! <= tolerance { return (k, flat(g)) }
        if window != nil { (x, t) = mixing.mix(residual: r, image: g, solution: solved) } else { (x, t) = (g, solved) }
      }
      return (limit, flat(x))
    }
  }

  /// ρ = 0.95: plain passes need log(1e-10/≈10)/log(0.95) ≈ 500 passes (measured 474); Anderson with 5 columns on 6
  /// unknowns (nearly GMRES) reaches the same residual in under 30 (measured 20), at the closed-form fixed point to
  /// 1e-8 (the residual
  /// 1e-10 divided by the smallest singular value of S(I − M), ≥ 0.05 here).
  func testMixingReachesTheFixedPointFarSoonerThanPlainPasses() {
    let map = AffineMap(rho: 0.95)
    let plain = map.passes(window: nil, tolerance: 1e-10, limit: 2000)
    let mixed = map.passes(window: 5, tolerance: 1e-10, limit: 2000)
    print("Anderson test, ρ = 0.95: plain \(plain.count) passes, mixed \(mixed.count)")
    XCTAssertGreaterThan(plain.count, 300)
    XCTAssertLessThan(mixed.count, 30)
    for (a, b) in zip(mixed.x, map.fixedPoint) { XCTAssertEqual(a, b, accuracy: 1e-8) }
  }

  /// ρ = 1.2: plain passes grow without bound; mixing finds the fixed point of the affine map anyway (GMRES needs no
  /// contraction, only I − M nonsingular). So a mesh whose plain passes would grow can settle with mixing: the result
  /// is then the fixed point of the corrected scheme (docs/physics.md); passes that do not settle stay an error.
  func testMixingSolvesAMapWhosePlainPassesGrow() {
    let map = AffineMap(rho: 1.2)
    let plain = map.passes(window: nil, tolerance: 1e-10, limit: 200)
    let mixed = map.passes(window: 5, tolerance: 1e-10, limit: 200)
    XCTAssertEqual(plain.count, 200)
    XCTAssertLessThan(mixed.count, 30)
    for (a, b) in zip(mixed.x, map.fixedPoint) { XCTAssertEqual(a, b, accuracy: 1e-8) }
  }
}
