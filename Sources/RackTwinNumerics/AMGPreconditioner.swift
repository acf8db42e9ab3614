import CLAPACKE
import Foundation

/// Settings of the smoothed-aggregation hierarchy built by `AMGPreconditioner`.
public struct AMGOptions: Sendable, Equatable {
  /// θ in the strength test |aᵢⱼ| ≥ θ·√|aᵢᵢ aⱼⱼ| on the finest level (θ/10ˡ on level l). Couplings below it are
  /// weak: no aggregate crosses them, and they are lumped onto the diagonal of the filtered matrix that smooths P.
  public var strengthThreshold: Double
  /// Largest number of levels, the finest included (≥ 1).
  public var maxLevels: Int
  /// Coarsening stops once a level has at most this many unknowns; that level is solved directly.
  public var coarsestSize: Int
  /// Gauss–Seidel sweeps before (forward) and after (backward) the coarse correction on each level (≥ 1).
  public var smootherSweeps: Int
  /// Numerator of the prolongator-smoothing weight: P = (I − ω D_F⁻¹ A_F) P̂ with ω = this / ρ(D_F⁻¹ A_F).
  /// Vaněk, Mandel & Brezina recommend 4/3.
  public var prolongatorWeight: Double

  /// Creates options; the defaults follow Vaněk, Mandel & Brezina (1996): θ = 0.08 on the finest level (it is
  /// reduced on coarser levels), ω numerator 4/3.
  public init(strengthThreshold: Double = 0.08, maxLevels: Int = 20, coarsestSize: Int = 500,
              smootherSweeps: Int = 1, prolongatorWeight: Double = 4.0 / 3.0) {
    self.strengthThreshold = strengthThreshold
    self.maxLevels = maxLevels
    self.coarsestSize = coarsestSize
    self.smootherSweeps = smootherSweeps
    self.prolongatorWeight = prolongatorWeight
  }
}

/// Algebraic multigrid by smoothed aggregation, one symmetric V-cycle per application, as a CG preconditioner.
///
/// Vaněk, Mandel & Brezina (1996), *Algebraic multigrid by smoothed aggregation for second and fourth order elliptic
/// problems*, Computing 56, 179–196:
/// - strong couplings |aᵢⱼ| ≥ θ_l·√|aᵢᵢ aⱼⱼ|, θ_l = θ·10⁻ˡ on level l (the paper halves θ per level; a tenth
///   converged better here, see `thetaFactor`);
/// - greedy aggregation in three passes (roots whose strong neighbours are all free; attach the rest to a neighbouring
///   pass-1 aggregate; aggregate the leftovers); nodes with no strong neighbour stay out of every aggregate (the
///   smoother alone handles them, their equation being dominated by the diagonal);
/// - tentative prolongator P̂ of ones per aggregate (constant near-null space), each column scaled to unit norm;
/// - P = (I − ω D_F⁻¹ A_F) P̂, with A_F the filtered matrix (weak couplings dropped and added to the diagonal, so
///   A_F keeps A's row sums) and ω = 4/3 / ρ(D_F⁻¹ A_F), ρ from Gershgorin's bound where all strong couplings are
///   non-positive, else the smaller of that bound and 15 power iterations;
/// - Galerkin coarse operators A_c = Pᵀ A P by sparse products.
///
/// Coarsening stops at `coarsestSize` unknowns or `maxLevels` levels, or when aggregation no longer reduces the size
/// by 10 %. The coarsest level is factorised once: dense Cholesky (LAPACK dpotrf, dpotrs per application), or dense LU
/// with partial pivoting (dgetrf/dgetrs) when A is not symmetric (see `init`) or Cholesky meets a non-positive pivot — e.g. a semidefinite pure-Neumann
/// coarse matrix that rounding has made slightly indefinite. A coarsest level above 4000 unknowns (coarsening stalled)
/// is not factorised but smoothed with 10 forward and 10 backward Gauss–Seidel sweeps.
///
/// The V-cycle smooths with forward Gauss–Seidel before and backward Gauss–Seidel after the coarse correction, so the
/// preconditioner is symmetric and, for SPD A, positive definite — as CG needs.
///
/// Concurrency: `apply` writes into per-level work vectors that are allocated once and shared by copies of this
/// value. One preconditioner (and its copies) must serve one solve at a time; build one per concurrent solve.
public struct AMGPreconditioner: Preconditioner {
  /// How the coarsest level is solved.
  public enum CoarseSolver: String, Sendable {
    /// Dense Cholesky factor (dpotrf/dpotrs).
    case cholesky
    /// Dense LU with partial pivoting (dgetrf/dgetrs), used when A is not symmetric or Cholesky fails.
    case lu
    /// Symmetric Gauss–Seidel sweeps, when the coarsest level is too large to factorise densely.
    case smoother
  }

  /// The options the hierarchy was built with.
  public let options: AMGOptions
  public let setupTime: Double
  /// Unknowns per level, finest first.
  public let levelSizes: [Int]
  /// Stored nonzeros of A on each level, finest first.
  public let levelNonzeros: [Int]
  /// Σ nnz(A_l) / nnz(A_0): the cost of one V-cycle relative to a fine-level sweep, and the memory of the hierarchy.
  public let operatorComplexity: Double
  /// Σ n_l / n_0.
  public let gridComplexity: Double
  /// How the coarsest level is solved.
  public let coarseSolver: CoarseSolver
  /// Number of levels, the finest included.
  public var levels: Int { levelSizes.count }
  public var name: String { "amg" }

  let operators: [CSRMatrix]
  let inverseDiagonals: [[Double]]
  /// Prolongators P_l (n_l × n_{l+1}), for l = 0 ..< levels − 1. Restriction by P_lᵀ scatters through P_l's rows.
  let prolongators: [CSRMatrix]
  /// Per level: the largest j − i over A_l's stored entries (its upper bandwidth), the lag of the fused forward sweep
  /// and restriction (`smoothAndRestrictFromZero`).
  let upperBandwidths: [Int]
  /// Dense coarsest-level factor, column-major, and LU pivots (empty for Cholesky).
  let coarseFactor: [Double]
  let coarsePivots: [Int32]
  let workspace: AMGWorkspace

  /// A_l, the operator of level l (0 is the matrix the hierarchy was built from), for inspection and tests.
  public func levelOperator(_ level: Int) -> CSRMatrix { operators[level] }

  /// P_l, the prolongator from level l + 1 to level l (n_l × n_{l+1}), for l in 0 ..< levels − 1.
  public func prolongator(_ level: Int) -> CSRMatrix { prolongators[level] }

  /// Largest coarsest level that is factorised densely (4000² doubles = 128 MB).
  static let denseLimit = 4000

  /// Builds the hierarchy for A.
  ///
  /// A symmetric A gives a symmetric V-cycle, as CG needs. A non-symmetric A (upwind advection) gives a non-symmetric
  /// one, for BiCGSTAB or GMRES: the strength test already uses |aᵢⱼ|, aggregation reads row i's strong couplings,
  /// P is smoothed with A's rows, and the coarse operators are Pᵀ A P (restriction by Pᵀ, as for symmetric A); only
  /// the coarsest level changes, factorised by LU with partial pivoting instead of Cholesky, since dpotrf would read
  /// only its lower triangle. A positive diagonal is still required (the smoother divides by it).
  /// - Parameter symmetric: whether A is symmetric; nil checks it exactly (`CSRMatrix.isExactlySymmetric`, one pass).
  /// - Throws: `.invalidInput` for a non-square matrix, NaN/infinity, invalid options or a singular coarsest matrix;
  ///   `.notPositiveDefinite` for a missing or non-positive diagonal entry.
  public init(_ a: CSRMatrix, options: AMGOptions = AMGOptions(), symmetric: Bool? = nil) throws {
    let start = ContinuousClock.now
    guard a.rowCount == a.columnCount else {
      throw LinearSolverError.invalidInput("AMG needs a square matrix, got \(a.rowCount)×\(a.columnCount)")
    }
    guard Vector.allFinite(a.values) else { throw LinearSolverError.invalidInput("matrix has NaN or infinite entries") }
    guard options.maxLevels >= 1, options.smootherSweeps >= 1, options.coarsestSize >= 1,
          options.strengthThreshold >= 0, options.prolongatorWeight > 0
    else { throw LinearSolverError.invalidInput("invalid AMG options \(options)") }
    self.options = options

    var operators: [CSRMatrix] = [a]
    var inverseDiagonals: [[Double]] = []
    var prolongators: [CSRMatrix] = []
    while true {
      let current = operators[operators.count - 1]
      let diagonal = current.diagonal()
      let inverse = try AMGPreconditioner.inverseDiagonal(diagonal, level: operators.count - 1)
      inverseDiagonals.append(inverse)
      let n = current.rowCount
      if n <= options.coarsestSize || operators.count >= options.maxLevels { break }
      // Galerkin operators couple more nodes, each more weakly, so θ falls with the level (Vaněk, Mandel & Brezina
      // halve it; `thetaFactor` says why a tenth is used).
      let theta = options.strengthThreshold * pow(AMGPreconditioner.thetaFactor, Double(operators.count - 1))
      let strong = AMGPreconditioner.strongCouplings(current, diagonal: diagonal, theta: theta)
      let (aggregateOf, aggregateCount) = AMGPreconditioner.aggregate(current, strong: strong)
      if aggregateCount == 0 || Double(aggregateCount) > 0.9 * Double(n) { break }
      let p = AMGPreconditioner.smoothedProlongator(current, diagonal: diagonal, strong: strong,
                                                    aggregateOf: aggregateOf, aggregateCount: aggregateCount,
                                                    weight: options.prolongatorWeight)
      let coarse = CSRMatrix.galerkinProduct(operator: current, prolongator: p)
      prolongators.append(p)
      operators.append(coarse)
    }

    // Coarsest level: factorise once.
    let coarsest = operators[operators.count - 1]
    let nc = coarsest.rowCount
    var factor: [Double] = []
    var pivots: [Int32] = []
    var solver = CoarseSolver.cholesky
    if nc > AMGPreconditioner.denseLimit {
      solver = .smoother
    } else if nc > 0, !(symmetric ?? a.isExactlySymmetric) {
      solver = .lu
      (factor, pivots) = try AMGPreconditioner.denseLU(coarsest, level: operators.count - 1)
    } else if nc > 0 {
      factor = AMGPreconditioner.denseColumnMajor(coarsest)
      let lower = CChar(UInt8(ascii: "L"))
      let info = LAPACKE_dpotrf_work(rt_LAPACK_COL_MAJOR(), lower, Int32(nc), &factor, Int32(nc))
      precondition(info >= 0, "LAPACKE_dpotrf argument \(-info) illegal")
      if info > 0 {
        solver = .lu
        (factor, pivots) = try AMGPreconditioner.denseLU(coarsest, level: operators.count - 1)
      }
    }

    self.operators = operators
    self.inverseDiagonals = inverseDiagonals
    self.prolongators = prolongators
    upperBandwidths = operators.map(AMGPreconditioner.upperBandwidth)
    coarseFactor = factor
    coarsePivots = pivots
    coarseSolver = solver
    levelSizes = operators.map(\.rowCount)
    levelNonzeros = operators.map(\.nonzeroCount)
    let nnz0 = Swift.max(levelNonzeros[0], 1), n0 = Swift.max(levelSizes[0], 1)
    operatorComplexity = Double(levelNonzeros.reduce(0, +)) / Double(nnz0)
    gridComplexity = Double(levelSizes.reduce(0, +)) / Double(n0)
    workspace = AMGWorkspace(sizes: levelSizes)
    setupTime = (ContinuousClock.now - start).seconds
  }

  /// z = M⁻¹ r: one V-cycle from a zero initial guess.
  public func apply(_ r: [Double], into z: inout [Double]) {
    let n = levelSizes[0]
    precondition(r.count == n, "r has \(r.count) elements, expected \(n)")
    if z.count != n { z = [Double](repeating: 0, count: n) }
    r.withUnsafeBufferPointer { rs in
      z.withUnsafeMutableBufferPointer { zs in cycle(0, rs, zs) }
    }
  }

  /// Approximately solves A_l x = b from x = 0.
  private func cycle(_ level: Int, _ b: UnsafeBufferPointer<Double>, _ x: UnsafeMutableBufferPointer<Double>) {
    let a = operators[level]
    let invD = inverseDiagonals[level]
    if level == operators.count - 1 {
      coarseSolve(a, invD, b, x)
      return
    }
    let coarseB = workspace.rightHandSide[level + 1], coarseX = workspace.solution[level + 1]
    if options.smootherSweeps == 1 {
      AMGPreconditioner.smoothAndRestrictFromZero(a, invD, prolongators[level], lag: upperBandwidths[level], b, x,
                                                  coarseB)
    } else {
      AMGPreconditioner.gaussSeidelFromZero(a, invD, b, x)
      for _ in 1..<options.smootherSweeps { AMGPreconditioner.gaussSeidel(a, invD, b, x, forward: true) }
      AMGPreconditioner.restrictResidual(a, prolongators[level], b, UnsafeBufferPointer(x), coarseB)
    }
    cycle(level + 1, UnsafeBufferPointer(coarseB), coarseX)
    AMGPreconditioner.multiply(prolongators[level], UnsafeBufferPointer(coarseX), x, add: true)
    for _ in 0..<options.smootherSweeps { AMGPreconditioner.gaussSeidel(a, invD, b, x, forward: false) }
  }

  private func coarseSolve(_ a: CSRMatrix, _ invD: [Double], _ b: UnsafeBufferPointer<Double>,
                           _ x: UnsafeMutableBufferPointer<Double>) {
    let n = a.rowCount
    if n == 0 { return }
    switch coarseSolver {
    case .smoother:
      x.update(repeating: 0)
      for _ in 0..<10 { AMGPreconditioner.gaussSeidel(a, invD, b, x, forward: true) }
      for _ in 0..<10 { AMGPreconditioner.gaussSeidel(a, invD, b, x, forward: false) }
    case .cholesky:
      _ = x.update(fromContentsOf: b)
      coarseFactor.withUnsafeBufferPointer { f in
        let info = LAPACKE_dpotrs_work(rt_LAPACK_COL_MAJOR(), CChar(UInt8(ascii: "L")), Int32(n), 1,
                                       f.baseAddress, Int32(n), x.baseAddress, Int32(n))
        precondition(info == 0, "LAPACKE_dpotrs argument \(-info) illegal")
      }
    case .lu:
      _ = x.update(fromContentsOf: b)
      coarseFactor.withUnsafeBufferPointer { f in
        coarsePivots.withUnsafeBufferPointer { p in
          let info = LAPACKE_dgetrs_work(rt_LAPACK_COL_MAJOR(), CChar(UInt8(ascii: "N")), Int32(n), 1,
                                         f.baseAddress, Int32(n), p.baseAddress, x.baseAddress, Int32(n))
          precondition(info == 0, "LAPACKE_dgetrs argument \(-info) illegal")
        }
      }
    }
  }

  // MARK: Kernels

  /// One Gauss–Seidel sweep x ← x + D⁻¹(b − A x), row by row with the newest x, in increasing or decreasing order.
  @inline(never) static func gaussSeidel(_ a: CSRMatrix, _ invD: [Double], _ b: UnsafeBufferPointer<Double>,
                          _ x: UnsafeMutableBufferPointer<Double>, forward: Bool) {
    let n = a.rowCount
    a.rowStart.withUnsafeBufferPointer { rs in
      a.columns.withUnsafeBufferPointer { cs in
        a.values.withUnsafeBufferPointer { vs in
          invD.withUnsafeBufferPointer { d in
            // Unchecked: the matrix structure was validated when built, b and x have n elements (workspace sizes).
            var i = forward ? 0 : n - 1
            let step = forward ? 1 : -1
            for _ in 0..<n {
              var s = b[i]
              for k in rs[i]..<rs[i + 1] { s -= vs[k] * x[Int(cs[k])] }
              x[i] += s * d[i]
              i += step
            }
          }
        }
      }
    }
  }

  /// The first forward Gauss–Seidel sweep from x = 0: xᵢ = (bᵢ − Σ_{j<i} aᵢⱼ xⱼ) / aᵢᵢ. Reads only the strictly lower
  /// entries (columns are sorted) and needs no zeroing of x first.
  @inline(never) static func gaussSeidelFromZero(_ a: CSRMatrix, _ invD: [Double], _ b: UnsafeBufferPointer<Double>,
                                  _ x: UnsafeMutableBufferPointer<Double>) {
    let n = a.rowCount
    a.rowStart.withUnsafeBufferPointer { rs in
      a.columns.withUnsafeBufferPointer { cs in
        a.values.withUnsafeBufferPointer { vs in
          invD.withUnsafeBufferPointer { d in
            // Unchecked: as in gaussSeidel; only xⱼ with j < i, already written in this sweep, are read.
            for i in 0..<n {
              var s = b[i]
              var k = rs[i]
              let end = rs[i + 1]
              while k < end {
                let j = Int(cs[k])
                if j >= i { break }
                s -= vs[k] * x[j]
                k += 1
              }
              x[i] = s * d[i]
            }
          }
        }
      }
    }
  }

  /// b_c = Pᵀ (b − A x), fused: each residual entry rᵢ is scattered through row i of P as soon as it is computed, so r
  /// is never stored and Pᵀ need not be. The scatter visits rows in order, so sums are formed in a fixed order.
  static func restrictResidual(_ a: CSRMatrix, _ p: CSRMatrix, _ b: UnsafeBufferPointer<Double>,
                               _ x: UnsafeBufferPointer<Double>, _ coarseB: UnsafeMutableBufferPointer<Double>) {
    let n = a.rowCount
    coarseB.update(repeating: 0)
    a.rowStart.withUnsafeBufferPointer { rs in
      a.columns.withUnsafeBufferPointer { cs in
        a.values.withUnsafeBufferPointer { vs in
          p.rowStart.withUnsafeBufferPointer { prs in
            p.columns.withUnsafeBufferPointer { pcs in
              p.values.withUnsafeBufferPointer { pvs in
                // Unchecked: A is n×n and P is n×n_c by construction; b, x have n and coarseB n_c elements.
                for i in 0..<n {
                  var s = b[i]
                  for k in rs[i]..<rs[i + 1] { s -= vs[k] * x[Int(cs[k])] }
                  for k in prs[i]..<prs[i + 1] { coarseB[Int(pcs[k])] += pvs[k] * s }
                }
              }
            }
          }
        }
      }
    }
  }

  /// b_c = Pᵀ r after one forward Gauss–Seidel sweep from x = 0. That sweep leaves row i's equation satisfied by the x
  /// it had seen, bᵢ − Σ_{j≤i} aᵢⱼ xⱼ = 0 up to rounding, so rᵢ = −Σ_{j>i} aᵢⱼ xⱼ: the strictly upper part only, about
  /// half the flops and gathers of the full residual. Scattered through P as in `restrictResidual`.
  @inline(never) static func restrictUpperResidual(_ a: CSRMatrix, _ p: CSRMatrix, _ x: UnsafeBufferPointer<Double>,
                                    _ coarseB: UnsafeMutableBufferPointer<Double>) {
    let n = a.rowCount
    coarseB.update(repeating: 0)
    a.rowStart.withUnsafeBufferPointer { rs in
      a.columns.withUnsafeBufferPointer { cs in
        a.values.withUnsafeBufferPointer { vs in
          p.rowStart.withUnsafeBufferPointer { prs in
            p.columns.withUnsafeBufferPointer { pcs in
              p.values.withUnsafeBufferPointer { pvs in
                // Unchecked: as in restrictResidual. Columns are sorted, so row i's upper entries are its last ones.
                for i in 0..<n {
                  var s = 0.0
                  var k = rs[i + 1] - 1
                  let lo = rs[i]
                  while k >= lo {
                    let j = Int(cs[k])
                    if j <= i { break }
                    s -= vs[k] * x[j]
                    k -= 1
                  }
                  for q in prs[i]..<prs[i + 1] { coarseB[Int(pcs[q])] += pvs[q] * s }
                }
              }
            }
          }
        }
      }
    }
  }

  /// One forward Gauss–Seidel sweep from x = 0 (as `gaussSeidelFromZero`) fused with b_c = Pᵀ r, r = −U x (as
  /// `restrictUpperResidual`). Row r's upper residual needs xⱼ up to j = r + lag, so it is formed `lag` rows behind
  /// the sweep, while row r's entries of A are still in cache: A is streamed from memory once instead of twice. Rows
  /// are restricted in increasing order, as in `restrictUpperResidual`, so b_c has the same bits.
  @inline(never) static func smoothAndRestrictFromZero(
    _ a: CSRMatrix, _ invD: [Double], _ p: CSRMatrix, lag: Int, _ b: UnsafeBufferPointer<Double>,
    _ x: UnsafeMutableBufferPointer<Double>, _ coarseB: UnsafeMutableBufferPointer<Double>
  ) {
    let n = a.rowCount
    coarseB.update(repeating: 0)
    a.rowStart.withUnsafeBufferPointer { rs in
      a.columns.withUnsafeBufferPointer { cs in
        a.values.withUnsafeBufferPointer { vs in
          invD.withUnsafeBufferPointer { d in
            p.rowStart.withUnsafeBufferPointer { prs in
              p.columns.withUnsafeBufferPointer { pcs in
                p.values.withUnsafeBufferPointer { pvs in
                  // Unchecked: as in gaussSeidelFromZero and restrictUpperResidual; row r − lag is restricted only
                  // once every xⱼ it reads (j ≤ r, since lag is A's upper bandwidth) has been written.
                  @inline(__always) func restrictRow(_ r: Int) {
                    var s = 0.0
                    var k = rs[r + 1] - 1
                    let lo = rs[r]
                    while k >= lo {
                      let j = Int(cs[k])
                      if j <= r { break }
                      s -= vs[k] * x[j]
                      k -= 1
                    }
                    for q in prs[r]..<prs[r + 1] { coarseB[Int(pcs[q])] += pvs[q] * s }
                  }
                  for i in 0..<n {
                    var s = b[i]
                    var k = rs[i]
                    let end = rs[i + 1]
                    while k < end {
                      let j = Int(cs[k])
                      if j >= i { break }
                      s -= vs[k] * x[j]
                      k += 1
                    }
                    x[i] = s * d[i]
                    if i >= lag { restrictRow(i - lag) }
                  }
                  for r in Swift.max(0, n - lag)..<n { restrictRow(r) }
                }
              }
            }
          }
        }
      }
    }
  }

  /// Largest j − i over the stored entries (0 for a diagonal or empty matrix), over `Parallel` chunks.
  static func upperBandwidth(_ a: CSRMatrix) -> Int {
    let n = a.rowCount
    var chunkMax = [Int](repeating: 0, count: Swift.max(Parallel.chunkCount(n), 1))
    a.rowStart.withUnsafeBufferPointer { rs in
      a.columns.withUnsafeBufferPointer { cs in
        chunkMax.withUnsafeMutableBufferPointer { cm in
          Parallel.forEachChunk(n) { rows in
            var m = 0
            for i in rows where rs[i + 1] > rs[i] { m = Swift.max(m, Int(cs[rs[i + 1] - 1]) - i) }
            cm[rows.lowerBound / Parallel.chunkSize] = m
          }
        }
      }
    }
    return chunkMax.max() ?? 0
  }

  /// y = M x, or y += M x when `add`.
  @inline(never) static func multiply(_ m: CSRMatrix, _ x: UnsafeBufferPointer<Double>, _ y: UnsafeMutableBufferPointer<Double>,
                       add: Bool) {
    let n = m.rowCount
    m.rowStart.withUnsafeBufferPointer { rs in
      m.columns.withUnsafeBufferPointer { cs in
        m.values.withUnsafeBufferPointer { vs in
          // Row-parallel over `Parallel` chunks: each yᵢ is written by one thread, in a fixed order.
          Parallel.forEachChunk(n) { rows in
            for i in rows {
              var s = add ? y[i] : 0
              for k in rs[i]..<rs[i + 1] { s += vs[k] * x[Int(cs[k])] }
              y[i] = s
            }
          }
        }
      }
    }
  }

  // MARK: Setup

  /// Per stored entry: 1 when it is an off-diagonal strong coupling |aᵢⱼ| ≥ θ·√|aᵢᵢ aⱼⱼ|, else 0.
  static func strongCouplings(_ a: CSRMatrix, diagonal: [Double], theta: Double) -> [UInt8] {
    let n = a.rowCount
    return [UInt8](unsafeUninitializedCapacity: a.nonzeroCount) { st, initialized in
      a.rowStart.withUnsafeBufferPointer { rs in
        a.columns.withUnsafeBufferPointer { cs in
          a.values.withUnsafeBufferPointer { vs in
            diagonal.withUnsafeBufferPointer { d in
              // Row-parallel over `Parallel` chunks: row i writes only its own entries rs[i]..<rs[i + 1].
              Parallel.forEachChunk(n) { rows in
                for i in rows {
                  let di = abs(d[i])
                  for k in rs[i]..<rs[i + 1] {
                    let j = Int(cs[k])
                    st[k] = j != i && abs(vs[k]) >= theta * (di * abs(d[j])).squareRoot() ? 1 : 0
                  }
                }
              }
            }
          }
        }
      }
      initialized = a.nonzeroCount
    }
  }

  /// 1 / aᵢᵢ for every row, over `Parallel` chunks.
  /// - Throws: `.notPositiveDefinite` naming the first row whose diagonal entry is not positive.
  static func inverseDiagonal(_ diagonal: [Double], level: Int) throws -> [Double] {
    let n = diagonal.count
    var firstBad = [Int](repeating: Int.max, count: Swift.max(Parallel.chunkCount(n), 1))
    let inverse = [Double](unsafeUninitializedCapacity: n) { inv, initialized in
      diagonal.withUnsafeBufferPointer { d in
        firstBad.withUnsafeMutableBufferPointer { bad in
          Parallel.forEachChunk(n) { rows in
            for i in rows {
              if !(d[i] > 0) && bad[rows.lowerBound / Parallel.chunkSize] == Int.max {
                bad[rows.lowerBound / Parallel.chunkSize] = i
              }
              inv[i] = 1 / d[i]
            }
          }
        }
      }
      initialized = n
    }
    if let i = firstBad.first(where: { $0 != Int.max }) {
      throw LinearSolverError.notPositiveDefinite(
        detail: "diagonal entry \(i) of AMG level \(level) is \(diagonal[i])\(level == 0 ? "" : " (Galerkin product)")")
    }
    return inverse
  }

  /// Greedy three-pass aggregation on the strong graph. Returns each node's aggregate (−1: no strong neighbour, left
  /// out) and the number of aggregates. Nodes are visited in index order, so the result is deterministic.
  static func aggregate(_ a: CSRMatrix, strong: [UInt8]) -> (aggregateOf: [Int32], count: Int) {
    let n = a.rowCount
    let free: Int32 = -2, isolated: Int32 = -1
    var aggregateOf = [Int32](repeating: free, count: n)
    var count: Int32 = 0
    a.rowStart.withUnsafeBufferPointer { rs in
      a.columns.withUnsafeBufferPointer { cs in
        strong.withUnsafeBufferPointer { st in
          aggregateOf.withUnsafeMutableBufferPointer { agg in
            // Pass 1: a free node whose strong neighbours are all free becomes a root; it and they form an aggregate.
            for i in 0..<n where agg[i] == free {
              var hasNeighbour = false, neighbourTaken = false
              for k in rs[i]..<rs[i + 1] where st[k] != 0 {
                hasNeighbour = true
                if agg[Int(cs[k])] != free { neighbourTaken = true; break }
              }
              if !hasNeighbour {
                agg[i] = isolated
              } else if !neighbourTaken {
                agg[i] = count
                for k in rs[i]..<rs[i + 1] where st[k] != 0 { agg[Int(cs[k])] = count }
                count += 1
              }
            }
            let pass1Count = count
            // Pass 2: attach each remaining node to the aggregate of its first strong neighbour from pass 1.
            // Pass-2 assignments are recorded as −3 − aggregate so they do not propagate within this pass.
            for i in 0..<n where agg[i] == free {
              for k in rs[i]..<rs[i + 1] where st[k] != 0 {
                let g = agg[Int(cs[k])]
                if g >= 0 && g < pass1Count { agg[i] = -3 - g; break }
              }
            }
            for i in 0..<n where agg[i] <= -3 { agg[i] = -3 - agg[i] }
            // Pass 3: the rest form aggregates with their free strong neighbours.
            for i in 0..<n where agg[i] == free {
              agg[i] = count
              for k in rs[i]..<rs[i + 1] where st[k] != 0 && agg[Int(cs[k])] == free { agg[Int(cs[k])] = count }
              count += 1
            }
          }
        }
      }
    }
    return (aggregateOf, Int(count))
  }

  /// P = (I − ω D_F⁻¹ A_F) P̂, with P̂ the unit-norm aggregate indicator columns and ω = weight / ρ, ρ the smaller of
  /// the Gershgorin bound max_i Σⱼ |a^F_ij| / a^F_ii and a power-iteration estimate of ρ(D_F⁻¹ A_F).
  static func smoothedProlongator(_ a: CSRMatrix, diagonal: [Double], strong: [UInt8], aggregateOf: [Int32],
                                  aggregateCount: Int, weight: Double) -> CSRMatrix {
    let n = a.rowCount
    var size = [Int](repeating: 0, count: aggregateCount)
    for g in aggregateOf where g >= 0 { size[Int(g)] += 1 }
    let chunks = Swift.max(Parallel.chunkCount(n), 1)
    let tentative = [Double](unsafeUninitializedCapacity: n) { pt, initialized in
      aggregateOf.withUnsafeBufferPointer { agg in
        size.withUnsafeBufferPointer { sz in
          Parallel.forEachChunk(n) { rows in
            for i in rows { pt[i] = agg[i] >= 0 ? 1 / Double(sz[Int(agg[i])]).squareRoot() : 0 }
          }
        }
      }
      initialized = n
    }

    // Filtered diagonal: weak off-diagonal couplings lumped onto the diagonal (row sums kept); falls back to aᵢᵢ if
    // lumping would make it non-positive (positive off-diagonals). Per chunk: the largest Gershgorin row bound and
    // whether a strong coupling is positive; a maximum and an "or" do not depend on the order chunks are combined.
    var chunkRho = [Double](repeating: 0, count: chunks)
    var chunkPositive = [Bool](repeating: false, count: chunks)
    let filteredDiagonal = [Double](unsafeUninitializedCapacity: n) { fd, initialized in
      a.rowStart.withUnsafeBufferPointer { rs in
        a.columns.withUnsafeBufferPointer { cs in
          a.values.withUnsafeBufferPointer { vs in
            strong.withUnsafeBufferPointer { st in
              diagonal.withUnsafeBufferPointer { d in
                chunkRho.withUnsafeMutableBufferPointer { cr in
                  chunkPositive.withUnsafeMutableBufferPointer { cp in
                    Parallel.forEachChunk(n) { rows in
                      var rho = 0.0
                      var positive = false
                      for i in rows {
                        var weak = 0.0, strongSum = 0.0
                        for k in rs[i]..<rs[i + 1] where Int(cs[k]) != i {
                          if st[k] != 0 {
                            strongSum += abs(vs[k])
                            if vs[k] > 0 { positive = true }
                          } else {
                            weak += vs[k]
                          }
                        }
                        let lumped = d[i] - weak
                        fd[i] = lumped > 0 ? lumped : d[i]
                        rho = Swift.max(rho, 1 + strongSum / fd[i])
                      }
                      let c = rows.lowerBound / Parallel.chunkSize
                      cr[c] = rho
                      cp[c] = positive
                    }
                  }
                }
              }
            }
          }
        }
      }
      initialized = n
    }
    var rho = chunkRho.max() ?? 0
    // Gershgorin is pessimistic on Galerkin levels (off-diagonals of both signs): ω too small, P barely smoothed —
    // 15 CG iterations instead of 11 at 64³. There the power-iteration estimate is used (the smaller of the two).
    // With only non-positive strong couplings (an FV diffusion matrix, the finest level) Gershgorin is within a few
    // per cent of ρ (≤ 2, attained by the oscillating mode) and costs one pass instead of fifteen.
    if chunkPositive.contains(true) {
      rho = Swift.min(rho, powerIterationRadius(a, strong: strong, filteredDiagonal: filteredDiagonal))
    }
    let omega = weight / rho

    // Rows over `Parallel` chunks. Each chunk appends its rows to its own arrays (row i has at most as many entries as
    // A's row i), then the chunks are copied in order into exact-size arrays: only P's own entries become resident,
    // and the result does not depend on the thread count (each row is formed by one thread, in A's entry order).
    var start = [Int](repeating: 0, count: n + 1)
    let workers = Parallel.workerCount(n)
    let width = Swift.max(aggregateCount, 1)
    let markers = UnsafeMutableBufferPointer<Int>.allocate(capacity: workers * width)
    let accumulators = UnsafeMutableBufferPointer<Double>.allocate(capacity: workers * width)
    let chunkColumns = UnsafeMutableBufferPointer<[Int32]>.allocate(capacity: chunks)
    let chunkValues = UnsafeMutableBufferPointer<[Double]>.allocate(capacity: chunks)
    markers.initialize(repeating: -1)
    chunkColumns.initialize(repeating: [])
    chunkValues.initialize(repeating: [])
    defer {
      markers.deallocate()
      accumulators.deallocate()
      chunkColumns.deinitialize().deallocate()
      chunkValues.deinitialize().deallocate()
    }
    a.rowStart.withUnsafeBufferPointer { rs in
      a.columns.withUnsafeBufferPointer { cs in
        a.values.withUnsafeBufferPointer { vs in
          strong.withUnsafeBufferPointer { st in
            aggregateOf.withUnsafeBufferPointer { agg in
              tentative.withUnsafeBufferPointer { pt in
                filteredDiagonal.withUnsafeBufferPointer { fd in
                  start.withUnsafeMutableBufferPointer { ss in
                    // Unchecked: aggregate numbers are in 0..<aggregateCount; worker w uses only its slices of the
                    // scratch arrays; chunk c writes only chunkColumns[c], chunkValues[c] and ss[i + 1] for its rows.
                    Parallel.forEachChunk(n) { w, rows in
                      let mk = markers.baseAddress! + w * width
                      let acc = accumulators.baseAddress! + w * width
                      let capacity = rs[rows.upperBound] - rs[rows.lowerBound]
                      var count = 0
                      var values: [Double] = []
                      let columns = [Int32](unsafeUninitializedCapacity: capacity) { oc, initializedColumns in
                        values = [Double](unsafeUninitializedCapacity: capacity) { ov, initializedValues in
                          for i in rows {
                            let lo = count
                            let scale = omega / fd[i]
                            for k in rs[i]..<rs[i + 1] {
                              let j = Int(cs[k])
                              let g = Int(agg[j])
                              if g < 0 { continue }
                              let v: Double
                              if j == i {
                                v = pt[j] * (1 - scale * fd[i])
                              } else if st[k] != 0 {
                                v = -scale * vs[k] * pt[j]
                              } else {
                                continue
                              }
                              if mk[g] != i {
                                mk[g] = i
                                acc[g] = v
                                oc[count] = Int32(g)
                                count += 1
                              } else {
                                acc[g] += v
                              }
                            }
                            sortColumns(oc, lo, count)
                            for q in lo..<count { ov[q] = acc[Int(oc[q])] }
                            ss[i + 1] = count - lo
                          }
                          initializedValues = count
                        }
                        initializedColumns = count
                      }
                      let c = rows.lowerBound / Parallel.chunkSize
                      chunkColumns[c] = columns
                      chunkValues[c] = values
                    }
                    for i in 0..<n { ss[i + 1] += ss[i] }
                  }
                }
              }
            }
          }
        }
      }
    }
    let total = start[n]
    let columns = [Int32](unsafeUninitializedCapacity: total) { oc, initialized in
      start.withUnsafeBufferPointer { ss in
        Parallel.forEachChunk(n) { rows in
          let c = rows.lowerBound / Parallel.chunkSize
          _ = UnsafeMutableBufferPointer(rebasing: oc[ss[rows.lowerBound]...]).initialize(fromContentsOf: chunkColumns[c])
          chunkColumns[c] = []
        }
      }
      initialized = total
    }
    let values = [Double](unsafeUninitializedCapacity: total) { ov, initialized in
      start.withUnsafeBufferPointer { ss in
        Parallel.forEachChunk(n) { rows in
          let c = rows.lowerBound / Parallel.chunkSize
          _ = UnsafeMutableBufferPointer(rebasing: ov[ss[rows.lowerBound]...]).initialize(fromContentsOf: chunkValues[c])
          chunkValues[c] = []
        }
      }
      initialized = total
    }
    return CSRMatrix(trustedRowCount: n, columnCount: aggregateCount, rowStart: start, columns: columns,
                     values: values)
  }

  /// θ_l = θ·thetaFactor^l. Vaněk et al. halve θ per level. Measured (CG to 1e-8, power-iteration ρ): on 7-point
  /// Laplacians halving took 9, 11, 13, 19 iterations at 16³, 32³, 48³, 64³, a quarter 9, 9, –, 11; on copper
  /// columns in air (AMGBenchmark) at 16³, 32³, 64³ a half took 22, 35, 64, a quarter 21, 27, 37, a tenth 19, 25, 35
  /// and zero 26, 29, 41. A tenth it is.
  static let thetaFactor = 0.1

  /// Rayleigh quotient after 15 power iterations on D_F^{-1/2} A_F D_F^{-1/2} (same spectrum as D_F⁻¹ A_F), from a
  /// fixed pseudo-random start: a lower bound on ρ that is close for these matrices.
  ///
  /// The scaled filtered matrix is formed once, on A's pattern (weak entries 0, the diagonal fd·s²), so each
  /// iteration is a plain SpMV: testing the strength flag and gathering the scale per entry in all 15 iterations cost
  /// about twice as much (level 1 at 100³). It lives only during this call (8 bytes per entry of A; A's row starts and
  /// columns are shared, not copied).
  static func powerIterationRadius(_ a: CSRMatrix, strong: [UInt8], filteredDiagonal: [Double]) -> Double {
    let n = a.rowCount
    if n == 0 { return 1 }
    let s = [Double](unsafeUninitializedCapacity: n) { sc, initialized in
      filteredDiagonal.withUnsafeBufferPointer { fd in
        Parallel.forEachChunk(n) { rows in
          for i in rows { sc[i] = 1 / fd[i].squareRoot() }
        }
      }
      initialized = n
    }
    let scaled = [Double](unsafeUninitializedCapacity: a.nonzeroCount) { u, initialized in
      a.rowStart.withUnsafeBufferPointer { rs in
        a.columns.withUnsafeBufferPointer { cs in
          a.values.withUnsafeBufferPointer { vs in
            strong.withUnsafeBufferPointer { st in
              s.withUnsafeBufferPointer { sc in
                filteredDiagonal.withUnsafeBufferPointer { fd in
                  // Row-parallel over `Parallel` chunks: row i writes only its own entries rs[i]..<rs[i + 1].
                  Parallel.forEachChunk(n) { rows in
                    for i in rows {
                      for k in rs[i]..<rs[i + 1] {
                        let j = Int(cs[k])
                        u[k] = j == i ? fd[i] * sc[i] * sc[i] : st[k] != 0 ? vs[k] * sc[i] * sc[j] : 0
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
      initialized = a.nonzeroCount
    }
    let b = CSRMatrix(trustedRowCount: n, columnCount: n, rowStart: a.rowStart, columns: a.columns, values: scaled)
    var v = [Double](unsafeUninitializedCapacity: n) { vv, initialized in
      for i in 0..<n { vv[i] = 0.5 + Double((UInt64(i) &* 0x9E37_79B9_7F4A_7C15) >> 40) / Double(1 << 24) }
      initialized = n
    }
    var w = [Double](repeating: 0, count: n)
    var lambda = 0.0
    for _ in 0..<15 {
      Vector.scale(1 / Vector.norm2(v), &v)
      b.multiply(v, into: &w)
      lambda = Vector.dot(v, w)
      swap(&v, &w)
    }
    return lambda
  }

  /// Dense LU with partial pivoting (dgetrf) of a small square matrix: the column-major factors and the pivots.
  /// - Throws: `.invalidInput` when U has an exactly zero pivot.
  static func denseLU(_ a: CSRMatrix, level: Int) throws -> (factor: [Double], pivots: [Int32]) {
    let n = a.rowCount
    var factor = denseColumnMajor(a)
    var pivots = [Int32](repeating: 0, count: n)
    let info = LAPACKE_dgetrf_work(rt_LAPACK_COL_MAJOR(), Int32(n), Int32(n), &factor, Int32(n), &pivots)
    precondition(info >= 0, "LAPACKE_dgetrf argument \(-info) illegal")
    if info > 0 {
      throw LinearSolverError.invalidInput(
        "AMG coarsest matrix (level \(level), \(n) unknowns) is singular: U(\(info), \(info)) = 0 in dgetrf")
    }
    return (factor, pivots)
  }

  /// Dense column-major copy (aᵢⱼ at i + j·n) of a small square matrix.
  static func denseColumnMajor(_ a: CSRMatrix) -> [Double] {
    let n = a.rowCount
    var d = [Double](repeating: 0, count: n * n)
    for i in 0..<n {
      for k in a.rowStart[i]..<a.rowStart[i + 1] { d[i + Int(a.columns[k]) * n] = a.values[k] }
    }
    return d
  }
}

/// Per-level work vectors of one `AMGPreconditioner`, allocated once so that `apply` does not allocate.
///
/// `@unchecked Sendable`: the buffers are mutated by `apply`, which is safe because one preconditioner instance (and
/// its copies, which share this object) is used by one solve at a time, as `AMGPreconditioner` documents.
final class AMGWorkspace: @unchecked Sendable {
  /// Coarse right-hand sides and solutions (index 0 unused: the caller's r and z serve there).
  let rightHandSide: [UnsafeMutableBufferPointer<Double>]
  let solution: [UnsafeMutableBufferPointer<Double>]

  init(sizes: [Int]) {
    func buffer(_ n: Int) -> UnsafeMutableBufferPointer<Double> {
      let b = UnsafeMutableBufferPointer<Double>.allocate(capacity: n)
      b.initialize(repeating: 0)
      return b
    }
    rightHandSide = sizes.enumerated().map { buffer($0.offset == 0 ? 0 : $0.element) }
    solution = sizes.enumerated().map { buffer($0.offset == 0 ? 0 : $0.element) }
  }

  deinit {
    for b in rightHandSide { b.deallocate() }
    for b in solution { b.deallocate() }
  }
}
