import Foundation
import RackTwinCooling
import RackTwinMesh
import XCTest

/// The cross-section of a rectangular duct b × b/α (b the short side), n cells across the short side, one cell
/// thick along z: the whole mesh is the fluid section, its sides the walls.
func rectangularSection(aspectRatio alpha: Double, cellsAcrossShortSide n: Int) throws -> ChannelProfile {
  let b = 1e-3
  let fluid = RegionInfo(name: "duct", id: 1, kind: .fluid, material: "water")
  let mesh = try regionMesh(x: nodes(Int((Double(n) / alpha).rounded()), b / alpha), y: nodes(n, b),
                            z: nodes(1, 1e-4), regions: [fluid]) { _ in 1 }
  return try ChannelProfile(mesh: mesh, cells: Array(0..<mesh.cellCount), axis: SIMD3(0, 0, 1))
}

/// The staircase cross-section of a circular tube of radius R on an n × n grid over its bounding square: the cells
/// whose centres lie inside the circle are fluid, the others solid (the walls).
func circularSection(cellsAcross n: Int) throws -> (ChannelProfile, diameter: Double) {
  let r = 1e-3
  let solid = RegionInfo(name: "wall", id: 1, kind: .solid, material: "copper")
  let fluid = RegionInfo(name: "tube", id: 2, kind: .fluid, material: "water")
  let mesh = try regionMesh(x: nodes(n, r, from: -r), y: nodes(n, r, from: -r), z: nodes(1, 1e-4),
                            regions: [solid, fluid]) { $0.x * $0.x + $0.y * $0.y < r * r ? 2 : 1 }
  let cells = (0..<mesh.cellCount).filter { mesh.cellRegion[$0] == 2 }
  return (try ChannelProfile(mesh: mesh, cells: cells, axis: SIMD3(0, 0, 1)), 2 * r)
}

final class ChannelProfileTests: XCTestCase {
  /// Shah & London (1978), *Laminar Flow Forced Convection in Ducts*, Table 44 (rectangular ducts), as quoted in
  /// issue 13: at α = 1, 0.5, 0.25, 0.125 Fanning fRe 14.227, 15.548, 18.233, 20.585; Nu_H1 3.608, 4.123, 5.331,
  /// 6.490; Nu_T 2.976, 3.391, 4.439, 5.597. With 20 cells across the short side (20×20 … 160×20) each is within
  /// 1 % (the issue asks 2 %; measured −0.95 % … +0.87 %, largest for the square); the FV scheme is second order on
  /// walls that follow the grid, so 10, 20 and 40 across must show an observed order between 1.7 and 2.3 (measured
  /// 1.89–1.97), and the Richardson extrapolation from 20 and 40 must be within 0.1 % of the table (measured ≤ 0.06 %).
  func testRectangularDuctsMatchShahLondon() throws {
    let alphas = [1.0, 0.5, 0.25, 0.125]
    let fRe = [14.227, 15.548, 18.233, 20.585]
    let nuH1 = [3.608, 4.123, 5.331, 6.490]
    let nuT = [2.976, 3.391, 4.439, 5.597]
    for (i, alpha) in alphas.enumerated() {
      var values: [[Double]] = []
      for n in [10, 20, 40] {
        let p = try rectangularSection(aspectRatio: alpha, cellsAcrossShortSide: n)
        values.append([p.fanningFRe(), try p.nusseltH1(), try p.nusseltT()])
      }
      let reference = [fRe[i], nuH1[i], nuT[i]]
      for q in 0..<3 {
        let (coarse, medium, fine) = (values[0][q], values[1][q], values[2][q])
        let order = log2(abs(coarse - medium) / abs(medium - fine))
        let richardson = fine + (fine - medium) / 3
        XCTAssertEqual(richardson, reference[q], accuracy: 0.001 * reference[q], "α \(alpha) quantity \(q) extrapolated")
        XCTAssertEqual(medium, reference[q], accuracy: 0.01 * reference[q], "α \(alpha) quantity \(q) at 20 across")
        XCTAssertEqual(order, 2, accuracy: 0.3, "α \(alpha) quantity \(q) observed order")
      }
    }
  }

  /// Circular tube: Fanning fRe = 16 (Hagen–Poiseuille), Nu_H = 48/11 = 4.364, Nu_T = 3.657 (Shah & London 1978,
  /// ch. V; Graetz). On a staircase section (cells whose centres lie inside the circle) the wall moves by up to half a
  /// cell, so the error is first order and not monotone; the values are taken on the nominal diameter 2R (the
  /// staircase's own perimeter is 4/π too long). Measured: 40 cells across (1264 fluid cells) fRe +0.46 %,
  /// Nu_H −0.33 %, Nu_T −0.48 %; 160 across (20108) +0.29 %, +0.01 %, −0.01 %. Asserted within 2 % from 40 cells
  /// across up, and within 0.5 % at 160.
  func testCircularTubeOnStaircaseGrid() throws {
    for n in [40, 80, 160] {
      let (p, d) = try circularSection(cellsAcross: n)
      let f = p.fanningFRe(hydraulicDiameter: d), h = try p.nusseltH1(hydraulicDiameter: d)
      let t = try p.nusseltT(hydraulicDiameter: d)
      let tolerance = n == 160 ? 0.005 : 0.02
      XCTAssertEqual(f, 16, accuracy: tolerance * 16, "fRe, \(n) across")
      XCTAssertEqual(h, 48.0 / 11, accuracy: tolerance * 48 / 11, "Nu_H, \(n) across")
      XCTAssertEqual(t, 3.657, accuracy: tolerance * 3.657, "Nu_T, \(n) across")
    }
  }
}
