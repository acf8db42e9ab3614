import Foundation

/// The non-symmetric solver benchmark of `racktwin bench --advection` (a benchmark, not a test): BiCGSTAB and GMRES
/// with AMG or ILU(0) on a 7-point upwind advection–diffusion matrix, against AMG-CG on the pure diffusion matrix of
/// the same grid, each to the same relative residual from a zero start, right-hand side all ones.
public enum AdvectionBenchmark {
  /// One solve: method, iterations, preconditioner setup and solve seconds (wall).
  public struct Row: Sendable {
    public var method: String
    public var cellPeclet: Double
    public var iterations: Int
    public var setup: Double
    public var solve: Double
    public var line: String {
      String(format: "%-15@ %9.0f  %10d  %7.2f  %7.2f  %7.2f", method, cellPeclet, iterations, setup, solve, setup + solve)
    }
  }

  public static let header = "method          cell Pe  iterations  setup s  solve s  total s"

  /// The 7-point finite-volume operator of −∇²θ + ∇·(u θ) on a `side`³ grid of unit cells, unit diffusivity, Dirichlet
  /// walls half a cell away, uniform velocity with cell Péclet numbers `peclet` (u·h/D per axis, ≥ 0, flow towards
  /// +x, +y, +z), upwind: each cell's diagonal gains p per axis (outflow) and its upstream neighbour's entry is
  /// −(1 + p). x fastest. `peclet` zero gives `KernelBenchmarks.laplacian7`.
  public static func upwindMatrix(side: Int, peclet: SIMD3<Double>) -> CSRMatrix {
    let n = side * side * side
    var rowStart = [Int](repeating: 0, count: n + 1)
    var columns: [Int32] = []
    var values: [Double] = []
    columns.reserveCapacity(7 * n)
    values.reserveCapacity(7 * n)
    let s2 = side * side
    for c in 0..<n {
      let i = c % side, j = (c / side) % side, k = c / s2
      var diagonal = peclet.x + peclet.y + peclet.z
      for inside in [k > 0, j > 0, i > 0, i < side - 1, j < side - 1, k < side - 1] { diagonal += inside ? 1 : 2 }
      if k > 0 { columns.append(Int32(c - s2)); values.append(-1 - peclet.z) }
      if j > 0 { columns.append(Int32(c - side)); values.append(-1 - peclet.y) }
      if i > 0 { columns.append(Int32(c - 1)); values.append(-1 - peclet.x) }
      columns.append(Int32(c)); values.append(diagonal)
      if i < side - 1 { columns.append(Int32(c + 1)); values.append(-1) }
      if j < side - 1 { columns.append(Int32(c + side)); values.append(-1) }
      if k < side - 1 { columns.append(Int32(c + s2)); values.append(-1) }
      rowStart[c + 1] = columns.count
    }
    return CSRMatrix(rowCount: n, columnCount: n, rowStart: rowStart, columns: columns, values: values)
  }

  /// AMG-CG on the diffusion matrix, then BiCGSTAB and GMRES(30) with AMG and ILU(0) on the advection–diffusion
  /// matrix for each cell Péclet number (flow along (1, ½, ¼)·p). A solve that does not converge is reported with
  /// the iterations it took and a negative solve time.
  public static func run(side: Int, cellPeclets: [Double], tolerance: Double = 1e-8,
                         report: (Row) -> Void) throws {
    let n = side * side * side
    let b = [Double](repeating: 1, count: n)
    func timed(_ name: String, _ pe: Double, _ a: CSRMatrix, _ build: () throws -> any Preconditioner,
               _ solve: (inout [Double], any Preconditioner) throws -> SolverReport) throws {
      let t0 = ContinuousClock.now
      let p = try build()
      let setup = (ContinuousClock.now - t0).seconds
      var x = [Double](repeating: 0, count: n)
      do {
        let r = try solve(&x, p)
        report(Row(method: name, cellPeclet: pe, iterations: r.iterations, setup: setup, solve: r.solveTime))
      } catch LinearSolverError.notConverged(let r) {
        report(Row(method: name + " (nc)", cellPeclet: pe, iterations: r.iterations, setup: setup, solve: -r.solveTime))
      }
    }
    let maxIterations = 2000
    let diffusion = upwindMatrix(side: side, peclet: .zero)
    try timed("cg-amg", 0, diffusion, { try AMGPreconditioner(diffusion, symmetric: true) }) { x, p in
      try ConjugateGradient(tolerance: tolerance, maxIterations: maxIterations).solve(diffusion, b, x: &x, preconditioner: p)
    }
    try timed("cg-ic0", 0, diffusion, { try IncompleteCholeskyPreconditioner(diffusion) }) { x, p in
      try ConjugateGradient(tolerance: tolerance, maxIterations: maxIterations).solve(diffusion, b, x: &x, preconditioner: p)
    }
    if side <= 30 {
      let r = try BandedCholeskySolver().solve(diffusion, b).report
      report(Row(method: "banded-chol", cellPeclet: 0, iterations: 0, setup: r.setupTime, solve: r.solveTime))
    }
    for pe in cellPeclets {
      let a = upwindMatrix(side: side, peclet: SIMD3(1, 0.5, 0.25) * pe)
      if side <= 30 {
        let r = try BandedLUSolver().solve(a, b).report
        report(Row(method: "banded-lu", cellPeclet: pe, iterations: 0, setup: r.setupTime, solve: r.solveTime))
      }
      for (name, amg) in [("bicgstab-amg", true), ("bicgstab-ilu0", false), ("gmres-amg", true), ("gmres-ilu0", false)] {
        let build: () throws -> any Preconditioner = {
          amg ? try AMGPreconditioner(a, symmetric: false) : try IncompleteLUPreconditioner(a)
        }
        try timed(name, pe, a, build) { x, p in
          name.hasPrefix("gmres")
            ? try GMRES(tolerance: tolerance, maxIterations: maxIterations).solve(a, b, x: &x, preconditioner: p)
            : try BiCGSTAB(tolerance: tolerance, maxIterations: maxIterations).solve(a, b, x: &x, preconditioner: p)
        }
      }
    }
  }
}
