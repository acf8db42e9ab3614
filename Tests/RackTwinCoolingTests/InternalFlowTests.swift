import RackTwinCooling
import XCTest

final class InternalFlowTests: XCTestCase {
  /// Issue 13 lists Churchill (1977) at ε/D = 1e-4: 0.128000, 0.0308409, 0.0407055, 0.0184626 at Re = 500, 2300,
  /// 4000, 1e5. These are Darcy values (64/500 = 0.128). Tolerance 5e-7: the values are given to 6 digits.
  func testChurchillMatchesIssue13DarcyValues() {
    let cases: [(Double, Double)] = [(500, 0.128000), (2300, 0.0308409), (4000, 0.0407055), (1e5, 0.0184626)]
    for (re, f) in cases {
      XCTAssertEqual(churchillFrictionFactor(reynolds: re, relativeRoughness: 1e-4), f, accuracy: 5e-7, "Re \(re)")
    }
  }

  /// Laminar limit: Hagen–Poiseuille f = 64/Re (Darcy). At Re = 100 Churchill's turbulent terms are below 1e-20.
  func testChurchillLaminarLimitIsHagenPoiseuille() {
    XCTAssertEqual(churchillFrictionFactor(reynolds: 100, relativeRoughness: 0), 0.64, accuracy: 1e-12)
  }

  /// Fully rough limit: von Kármán f = [2 log10(3.7 D/ε)]⁻² (Moody 1944). At Re = 1e8, ε/D = 0.01:
  /// 1/(2 log10 370)² = 0.03794; Churchill reproduces Colebrook within about 1 % (tolerance 2 %).
  func testChurchillFullyRoughLimitIsVonKarman() {
    let vonKarman = 1 / pow(2 * log10(3.7 / 0.01), 2)
    XCTAssertEqual(churchillFrictionFactor(reynolds: 1e8, relativeRoughness: 0.01), vonKarman,
                   accuracy: 0.02 * vonKarman)
  }

  /// Shah & London (1978) rectangular-duct table, as quoted in issue 13, at α = 1, 0.5, 0.25, 0.125:
  /// Nu_T 2.976, 3.391, 4.439, 5.597; Nu_H1 3.608, 4.123, 5.331, 6.490; Fanning fRe 14.227, 15.548, 18.233, 20.585.
  /// Tolerance 0.3 %: the polynomial fits are stated within 0.1–0.2 % of the table.
  func testShahLondonFitsMatchTheirTable() {
    let alpha = [1, 0.5, 0.25, 0.125]
    let nuT = [2.976, 3.391, 4.439, 5.597]
    let nuH1 = [3.608, 4.123, 5.331, 6.490]
    let fRe = [14.227, 15.548, 18.233, 20.585]
    for i in 0..<4 {
      XCTAssertEqual(nusseltLaminarRectangularT(aspectRatio: alpha[i]), nuT[i], accuracy: 0.003 * nuT[i])
      XCTAssertEqual(nusseltLaminarRectangularH1(aspectRatio: alpha[i]), nuH1[i], accuracy: 0.003 * nuH1[i])
      XCTAssertEqual(fanningFReLaminarRectangular(aspectRatio: alpha[i]), fRe[i], accuracy: 0.003 * fRe[i])
    }
    // Parallel plates (α → 0): Nu_T 7.541, Nu_H 8.235, fRe 24 (Shah & London 1978, exact solutions).
    XCTAssertEqual(nusseltLaminarRectangularT(aspectRatio: 0), 7.541, accuracy: 1e-12)
    XCTAssertEqual(fanningFReLaminarRectangular(aspectRatio: 0), 24, accuracy: 1e-12)
  }

  /// Gnielinski against Dittus–Boelter (Nu = 0.023 Re^0.8 Pr^0.4, heating; Incropera eq. 8.60): at Re = 1e4,
  /// Pr = 7 both give 79.4–79.5. Dittus–Boelter is itself ±25 %, so the tolerance is 5 % here, and 15 % at
  /// Re = 1e5, Pr = 0.7 where the two are known to differ by about 10 %.
  func testGnielinskiAgainstDittusBoelter() {
    let db = { (re: Double, pr: Double) in 0.023 * pow(re, 0.8) * pow(pr, 0.4) }
    XCTAssertEqual(nusseltGnielinski(reynolds: 1e4, prandtl: 7), db(1e4, 7), accuracy: 0.05 * db(1e4, 7))
    XCTAssertEqual(nusseltGnielinski(reynolds: 1e5, prandtl: 0.7), db(1e5, 0.7), accuracy: 0.15 * db(1e5, 0.7))
  }

  /// Thermally developing laminar flow: long ducts tend to Nu_∞ (3.66 for the tube; the superposition adds 0.7³,
  /// giving 3.668, 0.25 %), short ones to Lévêque's 1.077 Gz^(1/3) (VDI Heat Atlas G1): at Gz = 1e6 it is 107.7,
  /// the superposition within 1 %.
  func testDevelopingLaminarLimits() {
    XCTAssertEqual(nusseltLaminarDevelopingMean(fullyDeveloped: 3.66, graetz: 1e-6), 3.66, accuracy: 0.003 * 3.66)
    XCTAssertEqual(nusseltLaminarDevelopingMean(fullyDeveloped: 3.66, graetz: 1e6), 107.7, accuracy: 1.077)
    // Hausen's turbulent entrance factor at L/D = 10: 1 + 10^(−2/3) = 1.21544.
    XCTAssertEqual(turbulentEntranceFactor(hydraulicDiameter: 1, length: 10), 1.21544, accuracy: 1e-5)
  }
}
