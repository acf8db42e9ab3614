import RackTwinNumerics
import XCTest

final class ReverseCuthillMcKeeTests: XCTestCase {
  /// A 15×40 grid Laplacian (natural bandwidth 15, the short side, x fastest) scrambled by a random permutation: RCM
  /// must give back a permutation whose bandwidth is at most 15 + 3. For a grid, RCM's level sets are anti-diagonals
  /// of at most 15 nodes, and a node's neighbours lie in the adjacent levels, so the bandwidth is about the grid
  /// width; the slack covers where the diagonal levels turn the grid's corners.
  func testScrambledGridRecoversGridWidthBandwidth() {
    let grid = laplacian(nx: 15, ny: 40)
    XCTAssertEqual(grid.bandwidth, 15)
    var rng = SplitMix64(seed: 2024)
    let scramble = Array(0..<grid.rowCount).shuffled(using: &rng)
    let scrambled = grid.permuted(by: scramble)
    XCTAssertGreaterThan(scrambled.bandwidth, 300)

    let perm = ReverseCuthillMcKee.ordering(of: scrambled)
    XCTAssertEqual(perm.sorted(), Array(0..<grid.rowCount), "not a permutation")
    let reordered = scrambled.permuted(by: perm)
    XCTAssertLessThanOrEqual(reordered.bandwidth, 15 + 3)
    print("RCM on scrambled 15×40 grid: bandwidth \(scrambled.bandwidth) → \(reordered.bandwidth)")
  }

  /// Two disconnected paths (0–2–4 and 1–3) plus an isolated node 5: every node appears once, and each path is
  /// numbered contiguously, so the bandwidth is 1.
  func testDisconnectedGraphNumbersEveryComponent() {
    var triplets: [(row: Int, column: Int, value: Double)] = (0..<6).map { ($0, $0, 2.0) }
    for (i, j) in [(0, 2), (2, 4), (1, 3)] {
      triplets.append((i, j, -1))
      triplets.append((j, i, -1))
    }
    let a = CSRMatrix(rowCount: 6, columnCount: 6, triplets: triplets)
    let perm = ReverseCuthillMcKee.ordering(of: a)
    XCTAssertEqual(perm.sorted(), Array(0..<6))
    XCTAssertEqual(a.permuted(by: perm).bandwidth, 1)
  }
}
