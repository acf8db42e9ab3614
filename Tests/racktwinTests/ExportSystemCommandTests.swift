import Foundation
import RackTwinIO
import XCTest

final class ExportSystemCommandTests: XCTestCase {
  /// `--export-system` writes the system the solver saw: valid 0-based CSR, A·θ = b to the solver's tolerance, and
  /// θ + T_ref equal to the results file's temperatures.
  func testExportedSystemReadsBackAndSolutionSatisfiesIt() throws {
    let dir = try temporaryDirectory(self)
    try write(smallMeshSpec, to: "mesh.yaml", in: dir)
    try write(smallCase + "\nsolver: {method: cg-amg, tolerance: 1e-10}\n", to: "case.yaml", in: dir)
    XCTAssertEqual(try runRacktwin(["mesh", "generate", "mesh.yaml", "-o", "mesh.h5"], in: dir).status, 0)
    let r = try runRacktwin(["solve", "case.yaml", "-o", "result.h5", "--export-system", "sys/sys.h5", "--quiet"], in: dir)
    XCTAssertEqual(r.status, 0, r.stderr)
    let file = try HDF5File.open(readingAt: dir.appendingPathComponent("sys/sys.h5").path)
    let indptr = try file.read(Int64.self, at: "/system/indptr").values
    let indices = try file.read(Int64.self, at: "/system/indices").values
    let data = try file.read(Double.self, at: "/system/data").values
    let rhs = try file.read(Double.self, at: "/system/rhs").values
    let theta = try file.read(Double.self, at: "/system/solution").values
    let tRef = try file.doubleAttribute("reference_temperature", of: "/system")
    XCTAssertEqual(try file.stringAttribute("units", of: "/system/data"), "W/K")
    XCTAssertEqual(try file.stringAttribute("units", of: "/system/solution"), "K")
    let n = rhs.count
    XCTAssertGreaterThan(n, 100)
    XCTAssertEqual(indptr.count, n + 1)
    XCTAssertEqual(indptr.first, 0)
    XCTAssertEqual(Int(indptr.last!), indices.count)
    XCTAssertEqual(indices.count, data.count)
    XCTAssertEqual(theta.count, n)
    var residual = 0.0, bNorm = 0.0
    for i in 0..<n {
      let lo = Int(indptr[i]), hi = Int(indptr[i + 1])
      XCTAssertLessThanOrEqual(lo, hi)
      var s = 0.0
      var previous: Int64 = -1
      for k in lo..<hi {
        XCTAssertGreaterThan(indices[k], previous, "row \(i) columns ascending")
        XCTAssertLessThan(indices[k], Int64(n))
        previous = indices[k]
        s += data[k] * theta[Int(indices[k])]
      }
      residual += (rhs[i] - s) * (rhs[i] - s)
      bNorm += rhs[i] * rhs[i]
    }
    // The solver stopped at ‖b − Aθ‖/‖b‖ ≤ 1e-10; allow rounding in the recomputation.
    XCTAssertLessThanOrEqual((residual / bNorm).squareRoot(), 1.1e-10)
    // θ + T_ref is the written temperature (°C in the results file), cell by cell through cell_to_file.
    let cellToFile = try file.read(Int64.self, at: "/system/cell_to_file").values
    let results = try HDF5File.open(readingAt: dir.appendingPathComponent("result.h5").path)
    let temperatureC = try results.read(Double.self, at: "/fields/temperature").values
    for i in stride(from: 0, to: n, by: 37) {
      XCTAssertEqual(theta[i] + tRef - 273.15, temperatureC[Int(cellToFile[i])], accuracy: 1e-9)
    }
  }
}
