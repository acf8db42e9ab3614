import Foundation
import RackTwinMesh
import RackTwinNumerics
import RackTwinThermal

/// The full-solver advection benchmark of `racktwin bench --advection-solve` (a benchmark, not a test): one
/// rectilinear block of side³ cells of 1 mm solved by `SteadyThermalSolver` as conduction only, then with an
/// `AdvectionTerm` carrying a uniform coolant flow along x through every cell, same mesh, same heat and boundaries.
///
/// The block is a constant-property water-like fluid (k 0.6 W/m/K, c_p 4180 J/kg/K), 1 W/cm³ dissipated uniformly,
/// zmin held at 30 °C; with advection, water enters at 30 °C through xmin and leaves through xmax with the mass flux
/// that gives the asked cell Péclet number G c_p Δx / k. The solver runs to 1e-8 with `solver.method` auto unless
/// told otherwise.
public enum AdvectionSolveBenchmark {
  /// One solve: what, method, linear iterations, Picard iterations, and wall seconds.
  public struct Row: Sendable {
    public var label: String
    public var method: String
    /// Linear iterations summed over all solves (Picard iterations included).
    public var iterations: Int
    public var picard: Int
    /// Building the model and the term (mesh excluded).
    public var build: Double
    /// Assembly, preconditioner setup and solve of the last linear solve (of the last Picard iteration).
    public var assembly: Double
    public var setup: Double
    public var solve: Double
    /// The whole `SteadyThermalSolver.solve`, post-processing included.
    public var total: Double
    /// Relative energy balance.
    public var balance: Double

    public var line: String {
      label.padding(toLength: 26, withPad: " ", startingAt: 0) + " "
        + method.padding(toLength: 14, withPad: " ", startingAt: 0)
        + String(format: " %10d  %6d  %7.2f  %8.2f  %7.2f  %7.2f  %7.2f  %.1e", iterations, picard, build, assembly,
                 setup, solve, total, balance)
    }
  }

  public static let header =
    "case                       method         iterations  Picard  build s  assemb s  setup s  solve s  total s  balance"

  /// Solves conduction, then conduction + advection at each cell Péclet number with each scheme, reporting each.
  /// - Parameters:
  ///   - methods: linear methods for the advection solves (conduction always takes `auto`).
  public static func run(side: Int, cellPeclets: [Double], schemes: [AdvectionTerm.Scheme] = [.upwind],
                         methods: [LinearSolverMethod] = [.auto], report: (Row) -> Void) throws {
    let h = 0.001, k = 0.6, cp = 4180.0, inlet = 303.15
    let fluid = Material(name: "water", conductivity: k, density: 998, specificHeat: cp, source: "constant, bench")
    let nodes = (0...side).map { Double($0) * h }
    let grid = RectilinearGrid(x: nodes, y: nodes, z: nodes, region: [Int32](repeating: 1, count: side * side * side))
    let mesh = try FVMesh(MeshDefinition(geometry: .rectilinear(grid),
                                         regions: [RegionInfo(name: "fluid", id: 1, material: "water")]))
    let clock = ContinuousClock()
    func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18 }
    func base() throws -> ThermalModel {
      var model = try ThermalModel(mesh: mesh, regionMaterials: [1: fluid])
      try model.setBoundary("zmin", .temperature(inlet))
      try model.addVolumetricSource(name: "heat", regionIDs: nil, density: .constant(1e6))
      return model
    }
    func timed(_ label: String, _ method: LinearSolverMethod, _ build: () throws -> ThermalModel) throws {
      let t0 = clock.now
      let model = try build()
      let built = seconds(clock.now - t0)
      let options = SolverOptions(method: method, tolerance: 1e-8, nonlinearTolerance: 1e-6)
      let t1 = clock.now
      let s = try SteadyThermalSolver(options: options).solve(model)
      let total = seconds(clock.now - t1)
      report(Row(label: label, method: s.report.method, iterations: s.report.iterations, picard: s.nonlinearIterations,
                 build: built, assembly: s.assemblyTime, setup: s.report.setupTime, solve: s.report.solveTime,
                 total: total, balance: s.energyBalance.relative))
    }
    try timed("conduction", .auto) { try base() }
    let coolant = Coolant.constant(name: "water", density: 998, viscosity: 1e-3, specificHeat: cp, conductivity: k)
    for pe in cellPeclets {
      let g = pe * k / (cp * h)
      for scheme in schemes {
        for method in methods {
          try timed(String(format: "+ advection Pe %g %@", pe, scheme.rawValue), method) {
            var model = try base()
            var flux = [Double](repeating: 0, count: mesh.faceCount)
            for f in 0..<mesh.faceCount { flux[f] = g * mesh.faceArea[f] * mesh.faceNormal[f].x }
            // Only the x faces carry flow; on the boundary only xmin (in) and xmax (out).
            let inFaces = mesh.patch(named: "xmin")!.faces, outFaces = mesh.patch(named: "xmax")!.faces
            var open = [Bool](repeating: false, count: mesh.faceCount)
            for f in 0..<mesh.internalFaceCount { open[f] = true }
            for f in inFaces + outFaces { open[f] = true }
            for f in 0..<mesh.faceCount where !open[f] { flux[f] = 0 }
            let flow = FaceFlow(massFlux: flux, isFluidCell: [Bool](repeating: true, count: mesh.cellCount),
                                coolant: coolant, inlets: [.init(name: "in", faces: inFaces, temperature: inlet)],
                                outlets: [.init(name: "out", faces: outFaces)])
            model.addTerm(try AdvectionTerm(flow: flow, mesh: mesh, scheme: scheme))
            return model
          }
        }
      }
    }
  }
}
