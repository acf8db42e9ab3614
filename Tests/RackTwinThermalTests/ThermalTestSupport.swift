import XCTest
import RackTwinMesh
import RackTwinThermal

/// A rectilinear mesh of the box [0, size] with the given node coordinates per axis; `regionOf` maps a cell centre to
/// a region id (1-based index into `materials`).
func boxMesh(x: [Double], y: [Double], z: [Double], materials: [Material],
             regionOf: (SIMD3<Double>) -> Int32 = { _ in 1 }) throws -> (FVMesh, [Int32: Material]) {
  var region: [Int32] = []
  for k in 0..<(z.count - 1) {
    for j in 0..<(y.count - 1) {
      for i in 0..<(x.count - 1) {
        region.append(regionOf(SIMD3(0.5 * (x[i] + x[i + 1]), 0.5 * (y[j] + y[j + 1]), 0.5 * (z[k] + z[k + 1]))))
      }
    }
  }
  let regions = materials.enumerated().map { RegionInfo(name: "r\($0.offset + 1)", id: Int32($0.offset + 1), material: $0.element.name) }
  let mesh = try FVMesh(MeshDefinition(geometry: .rectilinear(RectilinearGrid(x: x, y: y, z: z, region: region)), regions: regions))
  var byID: [Int32: Material] = [:]
  for r in regions { byID[r.id] = materials[Int(r.id) - 1] }
  return (mesh, byID)
}

func uniform(_ n: Int, _ length: Double = 1) -> [Double] { (0...n).map { length * Double($0) / Double(n) } }

/// Nodes graded geometrically (ratio r per cell) from 0 to `length`, then each cell split `split` times in two:
/// nested grids for order tests.
func graded(_ n: Int, ratio r: Double, split: Int, _ length: Double = 1) -> [Double] {
  var h = (0..<n).map { pow(r, Double($0)) }
  let s = h.reduce(0, +)
  h = h.map { $0 * length / s }
  var nodes = [0.0]
  for v in h { nodes.append(nodes.last! + v) }
  nodes[n] = length
  for _ in 0..<split {
    var refined = [nodes[0]]
    for (a, b) in zip(nodes, nodes.dropFirst()) { refined.append(0.5 * (a + b)); refined.append(b) }
    nodes = refined
  }
  return nodes
}

func material(_ name: String, k: Double) -> Material {
  Material(name: name, conductivity: k, density: 1000, specificHeat: 1000, source: "test")
}

/// Solves and checks the energy balance every test solve must meet.
func solveChecked(_ model: ThermalModel, method: LinearSolverMethod = .auto, tolerance: Double = 1e-12,
                  file: StaticString = #filePath, line: UInt = #line) throws -> ThermalSolution {
  let s = try SteadyThermalSolver(options: SolverOptions(method: method, tolerance: tolerance)).solve(model)
  XCTAssertLessThanOrEqual(s.energyBalance.relative, 1e-10, "energy balance", file: file, line: line)
  return s
}

/// Volume-weighted L2 norm of the error against `exact` at cell centroids.
func l2Error(_ mesh: FVMesh, _ t: [Double], _ exact: (SIMD3<Double>) -> Double) -> Double {
  var e = 0.0, v = 0.0
  for c in 0..<mesh.cellCount {
    let d = t[c] - exact(mesh.cellCentroid[c])
    e += d * d * mesh.cellVolume[c]
    v += mesh.cellVolume[c]
  }
  return (e / v).squareRoot()
}
