import Foundation
import RackTwinNumerics

/// An hourly weather year generated from monthly normals, deterministic for a seed.
///
/// - Daily mean dry bulb: a smooth annual cycle, piecewise linear through mid-month knots adjusted until every
///   month's mean equals its normal, plus a day-to-day anomaly, AR(1) with lag-one correlation 0.7 (a stated
///   persistence), its sample mean removed month by month (so each month keeps its normal exactly), with monthly
///   standard deviation σ_m chosen so that the month's hourly distribution (anomaly plus diurnal cycle) exceeds the
///   month's 5 % design dry bulb in exactly 5 % of hours.
/// - Diurnal cycle: T = T_day + (f̄ − f_h) R_m, with f_h the fraction of the daily range below the daily maximum at
///   hour h from ASHRAE Handbook—Fundamentals (2009) ch. 14 Table 6 (f̄ its daily mean, R_m the month's mean daily
///   range; the range does not vary from day to day).
/// - Dew point: the monthly normals through the same smooth cycle, a flat diurnal course (as the normals' hourly
///   statistics show), and a daily anomaly with the dry bulb's σ_m, correlated 0.3 with the dry-bulb anomaly (a
///   stated assumption); capped at the dry bulb (saturation).
/// - Pressure: the standard atmosphere at the elevation (ASHRAE Fundamentals ch. 1 eq. 3).
public enum ClimateGenerator {
  /// Fraction of the daily range below the daily maximum, hours 1…24 (ASHRAE Fundamentals 2009, ch. 14, Table 6).
  public static let diurnalFraction: [Double] = [
    0.88, 0.92, 0.95, 0.98, 1.00, 0.98, 0.91, 0.74, 0.55, 0.38, 0.23, 0.13,
    0.05, 0.00, 0.00, 0.06, 0.14, 0.24, 0.39, 0.50, 0.59, 0.68, 0.75, 0.82,
  ]
  static let daysInMonth = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
  static let persistence = 0.7
  static let dewPointCorrelation = 0.3

  /// 8,760 hours from `normals`; the same seed gives the same year.
  public static func year(_ normals: ClimateNormals, seed: UInt64 = 1) -> WeatherSeries {
    var rng = SplitMix64(seed: seed)
    let monthOfDay = daysInMonth.enumerated().flatMap { m, n in Array(repeating: m, count: n) }
    let dbCycle = smoothCycle(normals.dryBulbMean, monthOfDay: monthOfDay)
    let dpCycle = smoothCycle(normals.dewPointMean, monthOfDay: monthOfDay)
    let fbar = diurnalFraction.reduce(0, +) / 24
    let sigma = (0..<12).map { m in
      anomalySigma(exceedance5: normals.dryBulb5Percent[m] - normals.dryBulbMean[m], range: normals.dailyRange[m],
                   fbar: fbar)
    }
    let pressure = Psychrometrics.standardPressure(elevation: normals.elevation)
    // Daily anomalies, standardised AR(1); each month's sample mean is removed so that every month keeps its
    // normal exactly (the anomaly shapes the spread, not the mean).
    var a = [Double](), b = [Double]()
    var x = 0.0, y = 0.0  // standardised AR(1) states of dry bulb and of the dew point's own part
    let phi = persistence, rho = dewPointCorrelation
    for _ in monthOfDay {
      x = phi * x + (1 - phi * phi).squareRoot() * rng.gaussian()
      y = phi * y + (1 - phi * phi).squareRoot() * rng.gaussian()
      a.append(x)
      b.append(rho * x + (1 - rho * rho).squareRoot() * y)
    }
    for m in 0..<12 {
      let days = monthOfDay.indices.filter { monthOfDay[$0] == m }
      let ma = days.map { a[$0] }.reduce(0, +) / Double(days.count)
      let mb = days.map { b[$0] }.reduce(0, +) / Double(days.count)
      for d in days { a[d] -= ma; b[d] -= mb }
    }
    var db = [Double](), dp = [Double]()
    db.reserveCapacity(8760)
    dp.reserveCapacity(8760)
    for (d, m) in monthOfDay.enumerated() {
      let dayDB = dbCycle[d] + sigma[m] * a[d]
      let dayDP = dpCycle[d] + sigma[m] * b[d]
      for h in 0..<24 {
        let t = dayDB + (fbar - diurnalFraction[h]) * normals.dailyRange[m]
        db.append(t + 273.15)
        dp.append(min(dayDP, t) + 273.15)
      }
    }
    return WeatherSeries(name: "\(normals.name) (generated from \(normals.source), seed \(seed))", dryBulb: db,
                         dewPoint: dp, pressure: Array(repeating: pressure, count: db.count))
  }

  /// Daily values (365) through mid-month knots, knots adjusted until each month's mean equals `monthly`.
  static func smoothCycle(_ monthly: [Double], monthOfDay: [Int]) -> [Double] {
    var start = [Int](), s = 0
    for n in daysInMonth { start.append(s); s += n }
    let mid = (0..<12).map { Double(start[$0]) + Double(daysInMonth[$0] - 1) / 2 }
    var knots = monthly
    var daily = [Double](repeating: 0, count: 365)
    for _ in 0..<30 {
      for d in 0..<365 {
        let x = Double(d)
        // Periodic piecewise-linear interpolation between the knots.
        var i = 11, x0 = mid[11] - 365, x1 = mid[0]
        if x >= mid[0] {
          i = mid.lastIndex { $0 <= x } ?? 11
          x0 = mid[i]
          x1 = i == 11 ? mid[0] + 365 : mid[i + 1]
        }
        let j = (i + 1) % 12
        daily[d] = knots[i] + (knots[j] - knots[i]) * (x - x0) / (x1 - x0)
      }
      for m in 0..<12 {
        let mean = (start[m]..<(start[m] + daysInMonth[m])).map { daily[$0] }.reduce(0, +) / Double(daysInMonth[m])
        knots[m] += monthly[m] - mean
      }
    }
    return daily
  }

  /// σ (K) of the daily anomaly such that P(anomaly + diurnal > excess) = 5 %, the diurnal deviations taking the 24
  /// table values with equal weight: (1/24) Σ_h [1 − Φ((excess − d_h)/σ)] = 0.05, by bisection; at least 0.5 K.
  static func anomalySigma(exceedance5 excess: Double, range: Double, fbar: Double) -> Double {
    let dev = diurnalFraction.map { (fbar - $0) * range }
    func exceed(_ s: Double) -> Double {
      dev.map { 0.5 * erfc((excess - $0) / (s * 2.0.squareRoot())) }.reduce(0, +) / 24
    }
    guard exceed(0.5) < 0.05 else { return 0.5 }
    var lo = 0.5, hi = 30.0
    for _ in 0..<80 {
      let mid = 0.5 * (lo + hi)
      if exceed(mid) < 0.05 { lo = mid } else { hi = mid }
    }
    return 0.5 * (lo + hi)
  }
}
