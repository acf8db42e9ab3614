import RackTwinNumerics

/// Anderson mixing of the deferred correction passes' fixed-point map (Anderson, J. ACM 12 (1965) 547; Walker & Ni,
/// SIAM J. Numer. Anal. 49 (2011) 1715, "type II" with mixing parameter 1).
///
/// A pass maps gradients x to G(x) (least-squares gradients of the temperature θ(x) the last solve gave) and solves
/// for θ̃ = θ(G(x)); the pass's residual is r = θ̃ − θ(x), in kelvin, the change the plain passes test. Plain passes
/// take x ← G(x). Anderson takes the affine combination of the last `window` + 1 images G(xᵢ) whose residuals combine
/// to the least 2-norm: with ΔR, ΔG, Δθ̃ the differences of consecutive residuals, images and solutions, γ minimises
/// ‖r_k − ΔR γ‖₂ and x ← G(x_k) − ΔG γ. Because θ is affine in x, θ(x) of the new iterate is the same combination of
/// the solutions already computed, θ ← θ̃_k − Δθ̃ γ: no extra solve. On a linear map Anderson mixing with an unlimited
/// window is GMRES on the residual (Walker & Ni, Theorem 2.2); the short window keeps memory to 5 vectors per cell
/// per column (40 B/cell with one value per cell and three per gradient).
struct AndersonMixing {
  /// Columns of differences kept.
  let window: Int
  private var dR: [[Double]] = []
  private var dG: [[SIMD3<Double>]] = []
  private var dT: [[Double]] = []
  /// dRᵢᵀ dRⱼ, updated as columns come and go.
  private var gram: [[Double]] = []
  private var last: (r: [Double], g: [SIMD3<Double>], t: [Double])?

  init(window: Int) {
    precondition(window >= 1, "Anderson window \(window)")
    self.window = window
  }

  /// Forgets the history: the next `mix` is a plain pass.
  mutating func reset() {
    dR = []; dG = []; dT = []; gram = []; last = nil
  }

  /// The next iterate from the pass at x_k: its residual `r` = θ̃_k − θ(x_k), its image `image` = G(x_k) and its
  /// solution `solution` = θ̃_k. Returns the next gradients x_{k+1} and θ(x_{k+1}).
  mutating func mix(residual r: [Double], image: [SIMD3<Double>],
                    solution: [Double]) -> (x: [SIMD3<Double>], theta: [Double]) {
    if let last {
      var d = r
      for i in d.indices { d[i] -= last.r[i] }
      var dg = image
      for i in dg.indices { dg[i] -= last.g[i] }
      var dt = solution
      for i in dt.indices { dt[i] -= last.t[i] }
      if dR.count == window {
        dR.removeFirst(); dG.removeFirst(); dT.removeFirst()
        gram.removeFirst()
        for i in gram.indices { gram[i].removeFirst() }
      }
      var row = dR.map { Vector.dot($0, d) }
      row.append(Vector.dot(d, d))
      for i in gram.indices { gram[i].append(row[i]) }
      gram.append(row)
      dR.append(d); dG.append(dg); dT.append(dt)
    }
    last = (r, image, solution)
    guard !dR.isEmpty, let gamma = leastSquares(r) else {
      if !dR.isEmpty { reset(); last = (r, image, solution) }
      return (image, solution)
    }
    var x = image
    var theta = solution
    for (j, c) in gamma.enumerated() where c != 0 {
      let g = dG[j], t = dT[j]
      for i in x.indices { x[i] -= c * g[i] }
      for i in theta.indices { theta[i] -= c * t[i] }
    }
    return (x, theta)
  }

  /// γ minimising ‖r − ΔR γ‖₂ from the normal equations (ΔRᵀΔR + λI) γ = ΔRᵀ r, λ = 1e-12 of the largest diagonal
  /// (columns that are nearly dependent get a small γ instead of a huge one); nil when they are singular anyway.
  private func leastSquares(_ r: [Double]) -> [Double]? {
    let m = dR.count
    let lambda = 1e-12 * (gram.indices.map { gram[$0][$0] }.max() ?? 0)
    var a = gram
    for i in 0..<m { a[i][i] += lambda }
    var b = dR.map { Vector.dot($0, r) }
    // Gaussian elimination with partial pivoting on at most `window` unknowns.
    for k in 0..<m {
      guard let p = (k..<m).max(by: { abs(a[$0][k]) < abs(a[$1][k]) }), abs(a[p][k]) > 0, a[p][k].isFinite
      else { return nil }
      a.swapAt(k, p); b.swapAt(k, p)
      for i in (k + 1)..<m {
        let f = a[i][k] / a[k][k]
        for j in k..<m { a[i][j] -= f * a[k][j] }
        b[i] -= f * b[k]
      }
    }
    var gamma = [Double](repeating: 0, count: m)
    for k in stride(from: m - 1, through: 0, by: -1) {
      var s = b[k]
      for j in (k + 1)..<m { s -= a[k][j] * gamma[j] }
      gamma[k] = s / a[k][k]
    }
    return gamma.allSatisfy(\.isFinite) ? gamma : nil
  }
}
