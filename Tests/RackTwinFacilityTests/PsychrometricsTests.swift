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
  /// and air temperature", J. Appl. Meteor. Climatol. 50, 2267–2269, at 101.325 kPa, valid for RH 5–99 % and
  /// −20…50 °C with errors within −1…+0.65 K and a mean absolute error below 0.3 K. Same bounds asserted over a grid.
  func testWetBulbAgainstStull2011() {
    var sumAbs = 0.0, n = 0.0
    for t in stride(from: -10.0, through: 45.0, by: 5.0) {
      for rh in stride(from: 10.0, through: 95.0, by: 5.0) {
        let stull = t * atan(0.151977 * (rh + 8.313659).squareRoot()) + atan(t + rh) - atan(rh - 1.676331)
          + 0.00391838 * pow(rh, 1.5) * atan(0.023101 * rh) - 4.686035
        let td = Psychrometrics.dewPoint(dryBulb: 273.15 + t, relativeHumidity: rh / 100)
        let tw = Psychrometrics.wetBulb(dryBulb: 273.15 + t, dewPoint: td, pressure: 101_325) - 273.15
        if stull < -10 { continue }  // Stull's fit was made above the frost-bulb range
        XCTAssertLessThan(abs(tw - stull), 1.0, "t \(t) °C, RH \(rh) %: \(tw) vs Stull \(stull)")
        sumAbs += abs(tw - stull)
        n += 1
      }
    }
    XCTAssertLessThan(sumAbs / n, 0.3)
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
