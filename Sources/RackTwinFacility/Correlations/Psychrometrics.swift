import Foundation

/// Moist-air properties for weather and evaporative heat rejection, SI units (K, Pa, J/kg, kg/kg dry air).
///
/// ASHRAE Handbook—Fundamentals (2017), ch. 1 "Psychrometrics": saturation pressure eqs. (5)–(6) (Hyland & Wexler
/// 1983), humidity ratio eq. (20), enthalpy eq. (32), wet bulb eqs. (33) and (35), pressure at altitude eq. (3).
public enum Psychrometrics {
  /// Saturation vapour pressure (Pa) over ice below 0 °C and over liquid water above, at T (K), 173…473 K.
  ///
  /// ASHRAE Fundamentals (2017) ch. 1 eqs. (5) and (6), Hyland & Wexler (1983).
  public static func saturationPressure(_ t: Double) -> Double {
    if t < 273.15 {
      let lnp = -5.6745359e3 / t + 6.3925247 - 9.6778430e-3 * t + 6.2215701e-7 * t * t + 2.0747825e-9 * t * t * t
        - 9.4840240e-13 * t * t * t * t + 4.1635019 * log(t)
      return exp(lnp)
    }
    let lnp = -5.8002206e3 / t + 1.3914993 - 4.8640239e-2 * t + 4.1764768e-5 * t * t - 1.4452093e-8 * t * t * t
      + 6.5459673 * log(t)
    return exp(lnp)
  }

  /// Dew-point temperature (K) whose saturation pressure is the vapour pressure `pw` (Pa): eqs. (5)–(6) inverted
  /// by Newton's method on ln p (converges in a few steps; exact to 1e-9 K).
  public static func dewPoint(vapourPressure pw: Double) -> Double {
    precondition(pw > 0, "vapour pressure \(pw) must be positive")
    var t = 273.15 + 20
    for _ in 0..<50 {
      let f = log(saturationPressure(t)) - log(pw)
      let h = 1e-4
      let df = (log(saturationPressure(t + h)) - log(saturationPressure(t - h))) / (2 * h)
      let step = f / df
      t -= step
      if abs(step) < 1e-10 { break }
    }
    return t
  }

  /// Humidity ratio W (kg water per kg dry air) at vapour pressure `pw` and total pressure `p` (Pa): eq. (20).
  public static func humidityRatio(vapourPressure pw: Double, pressure p: Double) -> Double {
    0.621945 * pw / (p - pw)
  }

  /// Vapour pressure (Pa) at humidity ratio W and total pressure p (Pa): eq. (20) inverted.
  public static func vapourPressure(humidityRatio w: Double, pressure p: Double) -> Double {
    p * w / (0.621945 + w)
  }

  /// Saturation humidity ratio (kg/kg) at T (K) and p (Pa).
  public static func saturationHumidityRatio(_ t: Double, pressure p: Double) -> Double {
    humidityRatio(vapourPressure: saturationPressure(t), pressure: p)
  }

  /// Specific enthalpy of moist air (J per kg dry air) at T (K) and humidity ratio W, from 0 °C dry air and liquid
  /// water: eq. (32), h = 1.006 t + W (2501 + 1.86 t) kJ/kg with t in °C.
  public static func enthalpy(_ t: Double, humidityRatio w: Double) -> Double {
    let c = t - 273.15
    return 1000 * (1.006 * c + w * (2501 + 1.86 * c))
  }

  /// Enthalpy of saturated air (J/kg dry air) at T (K) and p (Pa).
  public static func saturationEnthalpy(_ t: Double, pressure p: Double) -> Double {
    enthalpy(t, humidityRatio: saturationHumidityRatio(t, pressure: p))
  }

  /// Temperature (K) of saturated air with enthalpy h (J/kg dry air) at p (Pa), by bisection on 200…373 K.
  public static func saturationTemperature(enthalpy h: Double, pressure p: Double) -> Double {
    var lo = 200.0, hi = 373.0
    for _ in 0..<80 {
      let mid = 0.5 * (lo + hi)
      if saturationEnthalpy(mid, pressure: p) < h { lo = mid } else { hi = mid }
    }
    return 0.5 * (lo + hi)
  }

  /// Humidity ratio (kg/kg) from dry bulb and dew point (K) at p (Pa).
  public static func humidityRatio(dryBulb t: Double, dewPoint td: Double, pressure p: Double) -> Double {
    humidityRatio(vapourPressure: saturationPressure(min(td, t)), pressure: p)
  }

  /// Relative humidity (0…1) from dry bulb and dew point (K).
  public static func relativeHumidity(dryBulb t: Double, dewPoint td: Double) -> Double {
    saturationPressure(min(td, t)) / saturationPressure(t)
  }

  /// Dew point (K) from dry bulb (K) and relative humidity (0…1].
  public static func dewPoint(dryBulb t: Double, relativeHumidity rh: Double) -> Double {
    dewPoint(vapourPressure: max(rh, 1e-6) * saturationPressure(t))
  }

  /// Thermodynamic wet-bulb temperature (K) from dry bulb T (K), humidity ratio W and pressure p (Pa).
  ///
  /// Solves eq. (33) (wet bulb above freezing) or eq. (35) (below, over ice) for t* by bisection between the dew
  /// point and the dry bulb; exact to 1e-6 K.
  public static func wetBulb(dryBulb t: Double, humidityRatio w: Double, pressure p: Double) -> Double {
    let c = t - 273.15
    func residual(_ tw: Double) -> Double {
      let cs = tw - 273.15
      let ws = saturationHumidityRatio(tw, pressure: p)
      let wCalc = cs >= 0
        ? ((2501 - 2.326 * cs) * ws - 1.006 * (c - cs)) / (2501 + 1.86 * c - 4.186 * cs)
        : ((2830 - 0.24 * cs) * ws - 1.006 * (c - cs)) / (2830 + 1.86 * c - 2.1 * cs)
      return wCalc - w
    }
    var lo = dewPoint(vapourPressure: max(vapourPressure(humidityRatio: w, pressure: p), 1e-3)) - 1, hi = t
    if residual(hi) <= 0 { return t }  // saturated (or supersaturated input): wet bulb = dry bulb
    for _ in 0..<80 {
      let mid = 0.5 * (lo + hi)
      if residual(mid) < 0 { lo = mid } else { hi = mid }
      if hi - lo < 1e-7 { break }
    }
    return 0.5 * (lo + hi)
  }

  /// Wet bulb (K) from dry bulb and dew point (K) at p (Pa).
  public static func wetBulb(dryBulb t: Double, dewPoint td: Double, pressure p: Double) -> Double {
    wetBulb(dryBulb: t, humidityRatio: humidityRatio(dryBulb: t, dewPoint: td, pressure: p), pressure: p)
  }

  /// Standard atmospheric pressure (Pa) at an elevation z (m): eq. (3), p = 101.325 (1 − 2.25577e-5 z)^5.2559 kPa.
  public static func standardPressure(elevation z: Double) -> Double {
    101_325 * pow(1 - 2.25577e-5 * z, 5.2559)
  }

  /// Latent heat of vaporisation (J/kg) at T (K), consistent with eq. (32): h_g − h_f = 2501 + 1.86 t − 4.186 t kJ/kg.
  public static func latentHeat(_ t: Double) -> Double {
    let c = t - 273.15
    return 1000 * (2501 + 1.86 * c - 4.186 * c)
  }
}
