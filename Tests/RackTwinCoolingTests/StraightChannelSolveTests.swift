import Foundation
import RackTwinCooling
import XCTest

/// Shah & London (1978), *Laminar Flow Forced Convection in Ducts*, out of 3-D conjugate solves of long straight
/// channels (`StraightChannelSolve`: conduction + upwind advection of the resolved profile, no correlation), read far
/// from the inlet.
final class StraightChannelSolveTests: XCTestCase {
  /// Shah & London (1978) Table 44, rectangular ducts α = 1, 0.5, 0.25, 0.125 (as quoted in issue 13).
  static let alphas = [1.0, 0.5, 0.25, 0.125]
  static let fRe = [14.227, 15.548, 18.233, 20.585]
  static let nuH1 = [3.608, 4.123, 5.331, 6.490]
  static let nuT = [2.976, 3.391, 4.439, 5.597]

  private func report(_ label: String, _ r: StraightChannelSolve.Result, _ value: Double, _ reference: Double) {
    print(String(format: "SHAH-LONDON %@: %.4f vs %.4f (%+.2f %%), %d cells (%d in the section), z/Dh %.1f, "
                   + "wall spread %.1e, heat ratio %.5f, balance %.1e, %.2f s", label, value, reference,
                 100 * (value / reference - 1), r.cellCount, r.sectionCells, r.stationPosition,
                 r.wallTemperatureSpread, r.heatInputRatio, r.energyBalance, r.seconds))
  }

  /// Nu at the station against Nu two slices up and down the channel: fully developed where the values are read.
  private func assertDeveloped(_ r: StraightChannelSolve.Result, _ label: String, tolerance: Double,
                               file: StaticString = #filePath, line: UInt = #line) {
    guard let k = r.nusseltAlong.firstIndex(where: { $0.z == r.stationPosition }) else {
      return XCTFail("no station", file: file, line: line)
    }
    for j in [k - 2, k + 2] where r.nusseltAlong.indices.contains(j) {
      XCTAssertEqual(r.nusseltAlong[j].nusselt, r.nusselt, accuracy: tolerance * r.nusselt,
                     "\(label): Nu at z/Dh \(r.nusseltAlong[j].z) vs the station", file: file, line: line)
    }
  }

  func testRectangularDuctsH1AndFRe() throws {
    for (i, alpha) in Self.alphas.enumerated() {
      let r = try StraightChannelSolve(section: .rectangle(aspectRatio: alpha, cellsAcrossShortSide: 20),
                                       heating: .h1).run()
      report("α \(alpha) Nu_H1", r, r.nusselt, Self.nuH1[i])
      report("α \(alpha) fRe", r, r.fanningFRe, Self.fRe[i])
      XCTAssertEqual(r.nusselt, Self.nuH1[i], accuracy: 0.02 * Self.nuH1[i], "α \(alpha) Nu_H1")
      XCTAssertEqual(r.fanningFRe, Self.fRe[i], accuracy: 0.02 * Self.fRe[i], "α \(alpha) fRe")
      XCTAssertEqual(r.fanningFRe, r.fanningFReFromPressureDrop, accuracy: 1e-9 * r.fanningFRe,
                     "α \(alpha): wall shear vs pressure drop (the discrete force balance)")
      XCTAssertEqual(r.heatInputRatio, 1, accuracy: 1e-3, "α \(alpha): heat into the fluid = heat put in")
      XCTAssertLessThan(r.wallTemperatureSpread, 0.15, "α \(alpha): peripheral wall spread over T_w − T_b (measured 3.2e-3 … 0.127 with the 1e3 k_f wall)")
      XCTAssertLessThan(r.energyBalance, 1e-8)
      assertDeveloped(r, "α \(alpha) H1", tolerance: 2e-3)
    }
  }

  func testRectangularDuctsT() throws {
    for (i, alpha) in Self.alphas.enumerated() {
      let r = try StraightChannelSolve(section: .rectangle(aspectRatio: alpha, cellsAcrossShortSide: 20),
                                       heating: .t).run()
      report("α \(alpha) Nu_T", r, r.nusselt, Self.nuT[i])
      print("  along", r.nusseltAlong.map { String(format: "%.0f:%.4f", $0.z, $0.nusselt) }.joined(separator: " "))
      XCTAssertEqual(r.nusselt, Self.nuT[i], accuracy: 0.02 * Self.nuT[i], "α \(alpha) Nu_T")
      XCTAssertLessThan(r.energyBalance, 1e-8)
    }
  }

  func testCircularTube() throws {
    let r = try StraightChannelSolve(section: .circle(rings: 12, sectors: 48), heating: .h1).run()
    report("circle Nu_H", r, r.nusselt, 48.0 / 11)
    report("circle fRe", r, r.fanningFRe, 16)
    XCTAssertEqual(r.nusselt, 48.0 / 11, accuracy: 0.02 * 48 / 11)
    XCTAssertEqual(r.fanningFRe, 16, accuracy: 0.02 * 16)
  }
}
