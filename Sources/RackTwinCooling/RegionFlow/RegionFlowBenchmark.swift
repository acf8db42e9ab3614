import Foundation
import RackTwinMesh
import RackTwinThermal

/// Benchmarks of the region flow solves (`racktwin bench --region-flow`): a Darcy–Forchheimer porous stack and a
/// resolved channel of about the given number of cells. Numbers depend on the machine and its load; not tests.
public enum RegionFlowBenchmark {
  /// One line per solve: what, cells, method, Picard and Krylov iterations, setup and total seconds, continuity error.
  public static func run(cells target: Int = 100_000, report: (String) -> Void) throws {
    // Porous stack: n × n × n/2.5 cells, anisotropic K (pin fins: 1e-9 across, 4e-9 along x), c_F = 0.55, inlet
    // xmin, outlet xmax, 1 L/min of water-like coolant.
    let n = Int((Double(target) * 2.5).squareRoot().squareRoot().rounded())
    let nz = max(1, Int((Double(target) / Double(n * n)).rounded()))
    let stack = RegionInfo(name: "stack", id: 1, kind: .porous, material: "copper")
    let mesh = try grid(nx: n, ny: n, nz: nz, size: SIMD3(0.06, 0.06, 0.004), regions: [stack]) { _, _, _ in 1 }
    let region = try FlowRegion(mesh: mesh, regions: ["stack"], inlet: "xmin", outlet: "xmax")
    let coolant = Coolant.constant(name: "water-25C", density: 997, viscosity: 8.9e-4, specificHeat: 4180,
                                   conductivity: 0.6)
    for method in [LinearSolverMethod.auto, .cgAMG, .cgIC0] {
      let flow = try DarcyFlow(mesh: mesh, region: region, coolant: coolant,
                               medium: .init(permeability: SIMD3(4e-9, 1e-9, 1e-9), forchheimer: 0.55),
                               options: .init(linearTolerance: 1e-10, picardTolerance: 1e-8, method: method))
      let s = try flow.solve(massFlow: 997 * 1e-3 / 60, inletTemperature: 298.15)
      let name = s.method.padding(toLength: 8, withPad: " ", startingAt: 0)
      report(String(format: "darcy-forchheimer %7d cells  ", mesh.cellCount) + name
               + String(format: "  picard %2d  krylov %5d  setup %7.3f s  total %7.3f s  ΔP %.4g Pa  "
                          + "max continuity %.1e of ṁ", s.picardIterations, s.linearIterations, s.setupTime,
                        s.totalTime, s.pressureDrop, s.maxContinuityError / (997 * 1e-3 / 60)))
    }
    // Resolved channel: a 4 × 1 mm channel, 80 × 20 cells across, inside a one-cell wall, slices to the target.
    let cx = 80, cy = 20, slices = max(1, target / (cx * cy))
    let solid = RegionInfo(name: "wall", id: 1, kind: .solid, material: "copper")
    let fluid = RegionInfo(name: "channel", id: 2, kind: .fluid, material: "water")
    let channelMesh = try grid(nx: cx + 2, ny: cy + 2, nz: slices, size: SIMD3(4.1e-3, 1.1e-3, 0.1),
                               regions: [solid, fluid]) { i, j, _ in i > 0 && i <= cx && j > 0 && j <= cy ? 2 : 1 }
    let start = ContinuousClock.now
    let channelRegion = try FlowRegion(mesh: channelMesh, regions: ["channel"], inlet: "zmin", outlet: "zmax")
    let channel = try ResolvedChannelFlow(mesh: channelMesh, region: channelRegion, coolant: coolant)
    let s = try channel.solve(massFlow: 1e-3, inletTemperature: 298.15)
    let total = regionFlowSeconds(since: start)
    let nuStart = ContinuousClock.now
    let nuT = try channel.profile.nusseltT(), nuH1 = try channel.profile.nusseltH1()
    let name = channel.profile.method.padding(toLength: 8, withPad: " ", startingAt: 0)
    report(String(format: "resolved channel  %7d cells  ", channelRegion.cells.count) + name
             + String(format: "  section %d cells  total %7.3f s  (Nu_T, Nu_H1 +%.3f s)  fRe %.3f  Nu_T %.3f  "
                        + "Nu_H1 %.3f  ΔP %.4g Pa", cx * cy, total, regionFlowSeconds(since: nuStart),
                      channel.profile.fanningFRe(), nuT, nuH1, s.pressureDrop))
  }

  /// A uniform grid of `size` (m) with region ids by cell index.
  static func grid(nx: Int, ny: Int, nz: Int, size: SIMD3<Double>, regions: [RegionInfo],
                   regionOf: (Int, Int, Int) -> Int32) throws -> FVMesh {
    func nodes(_ n: Int, _ l: Double) -> [Double] { (0...n).map { l * Double($0) / Double(n) } }
    var ids: [Int32] = []
    ids.reserveCapacity(nx * ny * nz)
    for k in 0..<nz { for j in 0..<ny { for i in 0..<nx { ids.append(regionOf(i, j, k)) } } }
    let g = RectilinearGrid(x: nodes(nx, size.x), y: nodes(ny, size.y), z: nodes(nz, size.z), region: ids)
    return try FVMesh(MeshDefinition(geometry: .rectilinear(g), regions: regions))
  }
}
