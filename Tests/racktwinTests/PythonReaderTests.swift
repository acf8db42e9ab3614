import Foundation
import XCTest

/// Heavy (RACKTWIN_HEAVY=1, `tools/test --heavy`; needs python3 and pip): runs the Python reader's own test
/// (`tools/python/test_racktwin_results.py`) on a fresh sweep file, a fresh results file, a fresh network results
/// file and a coupled 3-D region file (with `/fields/velocity`) made here with the built binary. It compares the
/// reader's pandas tables with the HDF5 datasets read straight with h5py (shapes, values, `units` attributes) and
/// recomputes the sweep's Pareto front against `/sweep/pareto`.
/// Installs `tools/python/requirements.txt` with pip when h5py, pandas or matplotlib is missing.
final class PythonReaderTests: XCTestCase {
  func testPythonReaderMatchesFreshSweepAndResultsFiles() throws {
    guard ProcessInfo.processInfo.environment["RACKTWIN_HEAVY"] == "1" else {
      throw XCTSkip("heavy: needs python3 with h5py, pandas and matplotlib (pip); run tools/test --heavy")
    }
    let tools = repositoryRoot().appendingPathComponent("tools/python")
    let dir = try temporaryDirectory(self)
    try write(smallMeshSpec, to: "mesh.yaml", in: dir)
    try write(smallCase, to: "case.yaml", in: dir)
    // The small two-layer stack (400 cells) over 3 h values × 2 powers, as in SweepCommandTests.
    try write("""
      base: case.yaml
      axes:
        boundaries.zmin.h: {from: "5000 W/m^2/K", to: "20000 W/m^2/K", steps: 3, scale: log}
        components.chip*.power: ["10 W", "20 W"]
      objectives:
        - {metric: max_temperature, goal: minimize}
        - {metric: power, goal: maximize}
      """, to: "sweep.yaml", in: dir)
    let gen = try runRacktwin(["mesh", "generate", "mesh.yaml", "-o", "mesh.h5", "--quiet"], in: dir)
    XCTAssertEqual(gen.status, 0, gen.stderr)
    let sweep = try runRacktwin(["sweep", "sweep.yaml", "-o", "sweep.h5", "--jobs", "1", "--quiet"], in: dir)
    XCTAssertEqual(sweep.status, 0, sweep.stderr)
    let solve = try runRacktwin(["solve", "case.yaml", "-o", "r.h5", "--quiet"], in: dir)
    XCTAssertEqual(solve.status, 0, solve.stderr)
    let loopCase = repositoryRoot().appendingPathComponent("geometries/rack-loop/case.yaml").path
    let loop = try runRacktwin(["solve", loopCase, "-o", "loop.h5", "--quiet"], in: dir)
    XCTAssertEqual(loop.status, 0, loop.stderr)
    // A coupled 3-D region solve: its file has the vector field /fields/velocity ([cells][3], m/s).
    let channelCase = repositoryRoot().appendingPathComponent("geometries/channel-block/case.yaml").path
    let channels = try runRacktwin(["solve", channelCase, "-o", "channels.h5", "--quiet"], in: dir)
    XCTAssertEqual(channels.status, 0, channels.stderr)

    if try runProcess("python3", ["-c", "import h5py, pandas, matplotlib"], in: dir).status != 0 {
      let requirements = tools.appendingPathComponent("requirements.txt").path
      let pip = try runProcess("python3", ["-m", "pip", "install", "-q", "-r", requirements], in: dir)
      XCTAssertEqual(pip.status, 0, pip.stderr)
    }
    let files = ["r.h5", "loop.h5", "channels.h5"].map { dir.appendingPathComponent($0).path }.joined(separator: ":")
    let test = try runProcess("python3", [tools.appendingPathComponent("test_racktwin_results.py").path, "-v"], in: dir,
                       environment: ["RACKTWIN_SWEEP_FILE": dir.appendingPathComponent("sweep.h5").path,
                                     "RACKTWIN_RESULTS_FILE": files, "MPLBACKEND": "Agg"])
    XCTAssertEqual(test.status, 0, test.stdout + test.stderr)
    // unittest reports on stderr; every test ran (none skipped for want of a file).
    XCTAssertTrue(test.stderr.contains("Ran 5 tests"), test.stderr)
    XCTAssertFalse(test.stderr.contains("skipped"), test.stderr)
  }
}
