import RackTwinCooling
import RackTwinMesh
import XCTest

/// A rectilinear mesh with node coordinates per axis; `regionOf` gives each cell's region id from its centre
/// (an index into `regions`, 1-based; 0 = void).
func regionMesh(x: [Double], y: [Double], z: [Double], regions: [RegionInfo],
                regionOf: (SIMD3<Double>) -> Int32) throws -> FVMesh {
  var ids: [Int32] = []
  for k in 0..<(z.count - 1) {
    for j in 0..<(y.count - 1) {
      for i in 0..<(x.count - 1) {
        ids.append(regionOf(SIMD3(0.5 * (x[i] + x[i + 1]), 0.5 * (y[j] + y[j + 1]), 0.5 * (z[k] + z[k + 1]))))
      }
    }
  }
  return try FVMesh(MeshDefinition(geometry: .rectilinear(RectilinearGrid(x: x, y: y, z: z, region: ids)),
                                   regions: regions))
}

/// n + 1 equally spaced nodes from `from` to `to`.
func nodes(_ n: Int, _ to: Double, from: Double = 0) -> [Double] {
  (0...n).map { from + (to - from) * Double($0) / Double(n) }
}

/// Water-like coolant with constant properties (exact hand calculations).
let testCoolant = Coolant.constant(name: "testwater", density: 997, viscosity: 8.9e-4, specificHeat: 4180,
                                   conductivity: 0.6)

/// Asserts that `body` throws a `CoolingError` whose message contains every fragment.
func assertCoolingError(_ fragments: [String], file: StaticString = #filePath, line: UInt = #line,
                        _ body: () throws -> Void) {
  do {
    try body()
    XCTFail("expected a CoolingError containing \(fragments)", file: file, line: line)
  } catch let error as CoolingError {
    let text = error.description
    for f in fragments { XCTAssertTrue(text.contains(f), "'\(text)' lacks '\(f)'", file: file, line: line) }
  } catch {
    XCTFail("expected a CoolingError, got \(error)", file: file, line: line)
  }
}
