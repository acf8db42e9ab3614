import Foundation

/// The first-order reliability method on a linear limit state in independent inputs, g(x) = a − Σ sᵢ (xᵢ − xᵢ⁰),
/// failure where g < 0.
///
/// Each input is mapped from a standard normal uᵢ by xᵢ = Fᵢ⁻¹(Φ(uᵢ)); the design point u* nearest the origin on
/// g = 0 is found by the Hasofer–Lind / Rackwitz–Fiessler iteration u ← [(∇g·u − g(u)) / |∇g|²] ∇g (Hasofer & Lind,
/// J. Eng. Mech. Div. ASCE 100, 1974; Rackwitz & Fiessler, Computers & Structures 9, 1978); β = ±|u*| (negative when
/// the nominal point already fails) and P_f ≈ Φ(−β). For Gaussian inputs the first step lands on u* and β is exact.
public struct FORM: Sendable {
  public var maxIterations: Int = 100
  /// The iteration stops when u moves by less than this (in standard deviations).
  public var tolerance: Double = 1e-10
  /// |β| beyond which the limit state is treated as unreachable (P_f < 1e-300).
  public var betaCap: Double = 37

  public init() {}

  /// β and P_f for g(x) = `capacity` − Σ sᵢ (xᵢ − xᵢ⁰).
  public func solve(capacity: Double, sensitivity s: [Double], nominal x0: [Double],
                    distributions: [Distribution]) -> (beta: Double, probability: Double, iterations: Int) {
    let m = s.count
    func g(_ u: [Double]) -> (value: Double, gradient: [Double]) {
      var v = capacity
      var grad = [Double](repeating: 0, count: m)
      for i in 0..<m {
        let (x, dx) = distributions[i].fromStandardNormal(u[i])
        v -= s[i] * (x - x0[i])
        grad[i] = -s[i] * dx
      }
      return (v, grad)
    }
    let g0 = g([Double](repeating: 0, count: m)).value
    var u = [Double](repeating: 0, count: m)
    for iteration in 1...maxIterations {
      let (v, grad) = g(u)
      let norm2 = grad.reduce(0) { $0 + $1 * $1 }
      // A zero gradient, or one that overflows deep in a truncated tail (dx/du = φ(u)/φ(z) with φ(z) → 0), ends the
      // search at the last finite iterate.
      guard norm2 > 0, norm2.isFinite else { break }
      let scale = (zip(grad, u).reduce(0) { $0 + $1.0 * $1.1 } - v) / norm2
      let next = grad.map { scale * $0 }
      guard next.allSatisfy(\.isFinite) else { break }
      let move = zip(next, u).reduce(0) { max($0, abs($1.0 - $1.1)) }
      u = next
      let r = u.reduce(0) { $0 + $1 * $1 }.squareRoot()
      if r > betaCap { return cap(g0, iteration) }
      if move <= tolerance * (1 + r) {
        let beta = (g0 >= 0 ? 1 : -1) * r
        return (beta, StandardNormal.survival(beta), iteration)
      }
    }
    // Not settled: the last iterate's distance, or (gradient zero) no design point within reach.
    let r = u.reduce(0) { $0 + $1 * $1 }.squareRoot()
    guard r > 0 else { return cap(g0, maxIterations) }
    let beta = (g0 >= 0 ? 1 : -1) * r
    return (beta, StandardNormal.survival(beta), maxIterations)
  }

  private func cap(_ g0: Double, _ iterations: Int) -> (beta: Double, probability: Double, iterations: Int) {
    g0 >= 0 ? (.infinity, 0, iterations) : (-.infinity, 1, iterations)
  }
}
