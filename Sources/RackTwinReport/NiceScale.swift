import Foundation

/// Axis ranges and tick marks at "nice" values (1, 2, 2.5 or 5 × 10ⁿ on a linear axis, decades on a log axis).
struct NiceScale: Sendable, Equatable {
  /// The axis runs from `lower` to `upper` (data units; both > 0 on a log axis).
  var lower: Double
  var upper: Double
  var ticks: [Double]
  var isLog: Bool
  /// Decimal places that show every tick distinctly (linear axes).
  var decimals: Int

  /// A scale covering `values` (NaN and infinities left out) with about `target` ticks.
  init(covering values: [Double], log: Bool = false, target: Int = 6) {
    let finite = values.filter { $0.isFinite && (!log || $0 > 0) }
    isLog = log && !finite.isEmpty
    if isLog {
      var lo = Foundation.log10(finite.min()!), hi = Foundation.log10(finite.max()!)
      if hi - lo < 1e-12 { lo -= 0.5; hi += 0.5 }
      let a = floor(lo), b = ceil(hi)
      lower = pow(10, a)
      upper = pow(10, b)
      let decades = Int(b - a)
      var t: [Double] = []
      let step = max(1, decades / target)
      for e in stride(from: Int(a), through: Int(b), by: step) {
        t.append(pow(10, Double(e)))
        if decades <= 2, e < Int(b) { t += [2, 5].map { $0 * pow(10, Double(e)) } }
      }
      ticks = t.sorted()
      decimals = 0
      return
    }
    var lo = finite.min() ?? 0, hi = finite.max() ?? 1
    if hi - lo <= 1e-12 * max(1, abs(hi)) {
      let pad = lo == 0 ? 1 : abs(lo) * 0.1
      lo -= pad
      hi += pad
    }
    let step = NiceScale.niceStep((hi - lo) / Double(max(1, target - 1)))
    lower = floor(lo / step + 1e-9) * step
    upper = ceil(hi / step - 1e-9) * step
    var t: [Double] = []
    var v = lower
    while v <= upper + step * 1e-6 {
      t.append(abs(v) < step * 1e-9 ? 0 : v)
      v += step
    }
    ticks = t
    decimals = max(0, -Int(floor(Foundation.log10(step) + 1e-9)) + (NiceScale.mantissa(step) == 2.5 ? 1 : 0))
  }

  /// The nice step at or above `raw`: 1, 2, 2.5 or 5 × 10ⁿ.
  static func niceStep(_ raw: Double) -> Double {
    guard raw.isFinite, raw > 0 else { return 1 }
    let e = floor(Foundation.log10(raw))
    let base = pow(10, e)
    for m in [1.0, 2, 2.5, 5, 10] where m * base >= raw * (1 - 1e-9) { return m * base }
    return 10 * base
  }

  private static func mantissa(_ step: Double) -> Double {
    let e = floor(Foundation.log10(step))
    return (step / pow(10, e) * 100).rounded() / 100
  }

  /// Position of `value` on the axis as a fraction 0…1 (may fall outside for out-of-range values).
  func fraction(_ value: Double) -> Double {
    if isLog { return (Foundation.log10(value) - Foundation.log10(lower)) / (Foundation.log10(upper) - Foundation.log10(lower)) }
    return (value - lower) / (upper - lower)
  }

  /// A tick's label.
  func label(_ value: Double) -> String {
    if isLog {
      let e = Foundation.log10(value)
      if abs(e - e.rounded()) < 1e-9, abs(e) >= 4 { return "1e\(Int(e.rounded()))" }
      return NumberText.format(value, significant: 3)
    }
    if abs(value) >= 1e6 || (abs(value) < 1e-4 && value != 0) { return NumberText.format(value, significant: 3) }
    return String(format: "%.\(decimals)f", value)
  }
}

/// Numbers as people read them in the report.
enum NumberText {
  /// `significant` significant digits, without trailing zeros; exponent form outside 1e-4 … 1e7; "–" for NaN.
  static func format(_ v: Double, significant: Int = 4) -> String {
    if v.isNaN { return "–" }
    if v.isInfinite { return v > 0 ? "∞" : "−∞" }
    if v == 0 { return "0" }
    let a = abs(v)
    if a >= 1e7 || a < 1e-4 {
      return String(format: "%.\(max(0, significant - 1))e", v)
    }
    let digits = max(0, significant - 1 - Int(floor(log10(a))))
    var s = String(format: "%.\(digits)f", v)
    if s.contains(".") {
      while s.hasSuffix("0") { s.removeLast() }
      if s.hasSuffix(".") { s.removeLast() }
    }
    return s
  }
}
