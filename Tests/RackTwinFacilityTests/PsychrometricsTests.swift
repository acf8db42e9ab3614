import Foundation
import RackTwinFacility
import XCTest

final class PsychrometricsTests: XCTestCase {
  /// Saturation pressure over liquid water against IAPWS-95 (NIST Chemistry WebBook, saturation properties):
  /// 20 °C 2.3392 kPa, 40 °C 7.3849 kPa, 60 °C 19.946 kPa. Hyland–Wexler (ASHRAE eq. 6) agrees with IAPWS-95 to
  /// better than 0.05 % here; tolerance 0.1 %.
  func testSaturationPressureAgainstIAPWS95() {
    for (c, kpa) in [(20.0, 2.3392), (40.0, 7.3849), (60.0, 19.946)] {
      XCTAssertEqual(Psychrometrics.saturationPressure(273.15 + c), kpa * 1000, accuracy: 1e-3 * kpa * 1000, "\(c) °C")
    }
  }

  /// Wet bulb against an independent empirical formula: Stull (2011), "Wet-bulb temperature from relative humidity
  /// and air temperature", J. Appl. Meteor. Climatol. 50, 2267–2269, at 101.325 kPa, a fit with a mean absolute
  /// error below 0.3 K over its data. Over an even 0…45 °C × RH 10–95 % grid (which over-weights the hot, dry corners
  /// where the fit is worst) the mean difference must stay below 0.35 K and every point within
  /// 1.1 K: Stull's fit is worst at hot, dry corners (45 °C, 30 %: Stull 29.69 °C, while ASHRAE eq. 33 iterated by
  /// hand gives 28.70 °C, as a psychrometric chart does). Below 0 °C ASHRAE's wet bulb is over ice (eq. 35) and
  /// Stull's over water: not compared.
  func testWetBulbAgainstStull2011() {
    var sumAbs = 0.0, n = 0.0
    for t in stride(from: 0.0, through: 45.0, by: 5.0) {
      for rh in stride(from: 10.0, through: 95.0, by: 5.0) {
        let stull = t * atan(0.151977 * (rh + 8.313659).squareRoot()) + atan(t + rh) - atan(rh - 1.676331)
          + 0.00391838 * pow(rh, 1.5) * atan(0.023101 * rh) - 4.686035
        let td = Psychrometrics.dewPoint(dryBulb: 273.15 + t, relativeHumidity: rh / 100)
        let tw = Psychrometrics.wetBulb(dryBulb: 273.15 + t, dewPoint: td, pressure: 101_325) - 273.15
        XCTAssertLessThan(abs(tw - stull), 1.1, "t \(t) °C, RH \(rh) %: \(tw) vs Stull \(stull)")
        sumAbs += abs(tw - stull)
        n += 1
      }
    }
    XCTAssertLessThan(sumAbs / n, 0.35)
    let hot = Psychrometrics.wetBulb(dryBulb: 318.15, dewPoint: Psychrometrics.dewPoint(dryBulb: 318.15,
                                                                                        relativeHumidity: 0.3),
                                     pressure: 101_325)
    XCTAssertEqual(hot - 273.15, 28.70, accuracy: 0.02)
  }

  /// Round trips: dew point from vapour pressure inverts eq. (6) to 1e-6 K; saturated air has wet bulb = dew point
  /// = dry bulb (to the bisection's 1e-5 K).
  func testRoundTripsAndSaturation() {
    for c in [-20.0, 0.5, 18, 35] {
      let t = 273.15 + c
      XCTAssertEqual(Psychrometrics.dewPoint(vapourPressure: Psychrometrics.saturationPressure(t)), t, accuracy: 1e-6)
      XCTAssertEqual(Psychrometrics.wetBulb(dryBulb: t, dewPoint: t, pressure: 101_325), t, accuracy: 1e-5)
    }
  }

  /// ASHRAE Fundamentals (2017) ch. 1 Table 1: standard pressure at 1,000 m is 89.875 kPa, at 2,000 m 79.495 kPa.
  func testStandardAtmosphere() {
    XCTAssertEqual(Psychrometrics.standardPressure(elevation: 1000), 89_875, accuracy: 10)
    XCTAssertEqual(Psychrometrics.standardPressure(elevation: 2000), 79_495, accuracy: 10)
  }
}
