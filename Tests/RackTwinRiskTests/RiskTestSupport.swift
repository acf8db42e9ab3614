import Foundation
import RackTwinMesh
import RackTwinThermal

/// A rectilinear mesh with the given node coordinates; `regionOf` maps a cell centre to a region id (0: void).
func riskMesh(x: [Double], y: [Double], z: [Double], regions: Int,
              regionOf: (SIMD3<Double>) -> Int32) throws -> (FVMesh, [Int32: Material]) {
  var region: [Int32] = []
  for k in 0..<(z.count - 1) {
    for j in 0..<(y.count - 1) {
      for i in 0..<(x.count - 1) {
        region.append(regionOf(SIMD3(0.5 * (x[i] + x[i + 1]), 0.5 * (y[j] + y[j + 1]), 0.5 * (z[k] + z[k + 1]))))
      }
    }
  }
  let infos = (1...regions).map { RegionInfo(name: "r\($0)", id: Int32($0), material: "m\($0)") }
  let mesh = try FVMesh(MeshDefinition(geometry: .rectilinear(RectilinearGrid(x: x, y: y, z: z, region: region)),
                                       regions: infos))
  var byID: [Int32: Material] = [:]
  for r in infos { byID[r.id] = Material(name: r.material, conductivity: 10 * Double(r.id), density: 1000,
                                         specificHeat: 1000, source: "test") }
  return (mesh, byID)
}

func nodes(_ n: Int, from a: Double = 0, to b: Double = 1) -> [Double] {
  (0...n).map { a + (b - a) * Double($0) / Double(n) }
}

/// A slab x ∈ [0, L], cross-section A = 0.1 × 0.1 m², conductivity k = 10 W/(m·K), uniformly heated by one component
/// of power `power`, at `supply` K on xmin and adiabatic elsewhere. The finite-volume hottest cell (x = L − h/2) is
/// exactly T_s + P L/(2kA): the discrete solution is the exact quadratic plus q'''h²/(8k), which cancels there.
func slabModel(power: Double, supply: Double, limit: Double?, cells: Int = 20, length: Double = 1) throws -> ThermalModel {
  let (mesh, materials) = try riskMesh(x: nodes(cells, to: length), y: [0, 0.1], z: [0, 0.1], regions: 1) { _ in 1 }
  var model = try ThermalModel(mesh: mesh, regionMaterials: materials)
  try model.setBoundary("xmin", .temperature(supply))
  try model.addComponent(name: "chip", regionIDs: [1], power: power, limit: limit, distribution: .volume)
  return model
}
