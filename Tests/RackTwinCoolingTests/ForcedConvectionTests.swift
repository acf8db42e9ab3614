import RackTwinCooling
import XCTest

final class ForcedConvectionTests: XCTestCase {
  /// Hand values of Incropera 6th ed. eq. 7.30 and 7.38 at Pr = 1: laminar at Re = 5·10⁵, 0.664·√(5·10⁵) = 469.52;
  /// mixed at Re = 10⁶, 0.037·(10⁶)^0.8 − 871 = 1463.54. Tolerance 0.01: hand values to 2 decimals.
  func testFlatPlateMatchesHandValues() {
    XCTAssertEqual(nusseltFlatPlate(reynolds: 5e5, prandtl: 1), 469.52, accuracy: 0.01)
    XCTAssertEqual(nusseltFlatPlate(reynolds: 1e6, prandtl: 1), 1463.54, accuracy: 0.01)
    XCTAssertEqual(nusseltFlatPlate(reynolds: 1e4, prandtl: 8), 0.664 * 100 * 2, accuracy: 1e-9)  // Pr^(1/3) = 2
  }

  /// Teertstra et al. (2000) composite: at small Re*_b it is the fully developed parallel-plate limit Re*_b Pr/2
  /// (their eq. 8); at large Re*_b the
  /// developing flat-plate limit 0.664 √Re* Pr^(1/3) √(1 + 3.65/√Re*) (their eq. 11). Tolerance 1 %: the composite
  /// differs from each limit by < 1 % an order of magnitude beyond the crossover (Re* ≈ 1–10 for Pr = 0.7).
  func testPlateFinCompositeTendsToItsLimits() {
    let pr = 0.7, b = 0.002, l = 0.1
    let low = nusseltPlateFinChannel(channelReynolds: 0.05 * l / b, prandtl: pr, spacing: b, length: l)  // Re* = 0.05
    XCTAssertEqual(low, 0.05 * pr / 2, accuracy: 0.01 * 0.05 * pr / 2)
    let reStar = 1000.0
    let high = nusseltPlateFinChannel(channelReynolds: reStar * l / b, prandtl: pr, spacing: b, length: l)
    let developing = 0.664 * reStar.squareRoot() * pow(pr, 1.0 / 3) * (1 + 3.65 / reStar.squareRoot()).squareRoot()
    XCTAssertEqual(high, developing, accuracy: 0.01 * developing)
  }

  /// Fin efficiency tanh(mL)/mL (Incropera 6th ed. eq. 3.89), hand value: aluminium fin k = 180 W/m/K, t = 1 mm,
  /// L = 20 mm, h = 50 W/m²K: m = √(2·50/(180·0.001)) = 23.570 m⁻¹, mL = 0.47140, η = tanh(0.47140)/0.47140 = 0.9320.
  /// Tolerance 1e-4: 4 decimals.
  func testFinEfficiencyHandValue() {
    XCTAssertEqual(finEfficiencyStraight(h: 50, conductivity: 180, thickness: 0.001, height: 0.02), 0.9320, accuracy: 1e-4)
  }
}
