import Foundation
import XCTest

/// `racktwin` limits OpenBLAS to one thread itself, in every command (issue 19), so a solve needs no
/// `OPENBLAS_NUM_THREADS` in its environment.
final class BLASThreadsCommandTests: XCTestCase {
  /// A banded (LAPACK) solve on Kuhn tetrahedra, started without `OPENBLAS_NUM_THREADS`, succeeds and balances energy:
  /// the 20 W of the die leave through the convective bottom (relative imbalance under 1e-8, the deferred correction's
  /// tolerance 1e-10 of the span plus rounding).
  func testSolveWithoutOpenBLASVariableSucceeds() throws {
    let dir = try temporaryDirectory(self)
    try write("split: kuhn\n" + smallMeshSpec, to: "mesh.yaml", in: dir)
    try write(smallCase + "\nsolver: {method: banded}\n", to: "case.yaml", in: dir)
    XCTAssertEqual(try runRacktwin(["mesh", "generate", "mesh.yaml", "-o", "mesh.h5", "--quiet"], in: dir).status, 0)
    let r = try runRacktwin(["solve", "case.yaml", "-o", "out.h5"], in: dir, unsetting: ["OPENBLAS_NUM_THREADS"])
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out.h5").path))
    XCTAssertTrue(r.stdout.contains("banded"), r.stdout)
    // "energy balance: … (1.23e-12 relative)"
    let line = try XCTUnwrap(r.stdout.split(separator: "\n").first { $0.hasPrefix("energy balance") })
    let relative = try XCTUnwrap(Double(line.split(separator: "(").last!.split(separator: " ").first!))
    XCTAssertLessThan(relative, 1e-8, String(line))
  }

  /// OpenBLAS sizes its pool from OPENBLAS_NUM_THREADS (else the core count, 2 here) when it loads, before `main`;
  /// `main` then sets one thread in every command. `racktwin bench` prints OpenBLAS's own count
  /// (`openblas_get_num_threads`): one, whether the variable asked for 2 or was unset. (Every verb runs the same
  /// `main`, so what holds for `bench` holds for `solve`, `validate`, `mesh` and `sweep`.)
  func testEveryCommandRunsOpenBLASOnOneThread() throws {
    let dir = try temporaryDirectory(self)
    for (environment, unsetting) in [(["OPENBLAS_NUM_THREADS": "2"], [String]()), ([:], ["OPENBLAS_NUM_THREADS"])] {
      let r = try runRacktwin(["bench", "--no-kernels", "--no-conduction"], in: dir, environment: environment,
                              unsetting: unsetting)
      XCTAssertEqual(r.status, 0, r.stderr)
      XCTAssertTrue(r.stdout.contains("OpenBLAS 1 thread\n"), r.stdout)
    }
  }
}
