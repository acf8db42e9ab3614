/// A value that may vary in space and time: a constant, an expression in x, y, z (m) and t (s), or a time table.
///
/// Expressions and tables yield SI through an affine map `scale·v + offset` (a unit written after an expression,
/// `"(40 + 5*sin(t)) degC"`, becomes scale 1 and offset 273.15).
public struct VaryingValue: Sendable, Equatable, CustomStringConvertible, ExpressibleByFloatLiteral,
  ExpressibleByIntegerLiteral {
  /// How a time table interpolates between its rows.
  public enum Interpolation: String, Sendable, Equatable, CaseIterable {
    case linear
    /// The value of the last row with tᵢ ≤ t.
    case step
  }

  public enum Storage: Sendable, Equatable {
    case constant(Double)
    case expression(Expression, scale: Double, offset: Double)
    /// Times (s, strictly increasing) and SI values; the end values hold outside the table.
    case table(times: [Double], values: [Double], interpolation: Interpolation)
  }

  public var storage: Storage

  public init(_ storage: Storage) { self.storage = storage }
  public init(floatLiteral value: Double) { storage = .constant(value) }
  public init(integerLiteral value: Int) { storage = .constant(Double(value)) }
  public static func constant(_ v: Double) -> VaryingValue { VaryingValue(.constant(v)) }

  /// An expression; folded to a constant when it uses no variable.
  public static func expression(_ e: Expression, scale: Double = 1, offset: Double = 0) -> VaryingValue {
    if let c = e.constantValue { return .constant(scale * c + offset) }
    return VaryingValue(.expression(e, scale: scale, offset: offset))
  }

  /// A time table (`times` strictly increasing, same count as `values`, at least one row).
  public static func table(times: [Double], values: [Double], interpolation: Interpolation = .linear) -> VaryingValue {
    precondition(!times.isEmpty && times.count == values.count, "a time table needs matching, non-empty columns")
    return VaryingValue(.table(times: times, values: values, interpolation: interpolation))
  }

  public var constantValue: Double? {
    if case .constant(let v) = storage { return v }
    return nil
  }

  public var dependsOnTime: Bool {
    switch storage {
    case .constant: return false
    case .expression(let e, _, _): return e.usesTime
    case .table(let times, _, _): return times.count > 1
    }
  }

  public var description: String {
    switch storage {
    case .constant(let v): return "\(v)"
    case .expression(let e, let scale, let offset):
      return scale == 1 && offset == 0 ? "\"\(e.source)\"" : "\"\(e.source)\" (×\(scale) + \(offset) to SI)"
    case .table(let times, _, let interpolation): return "a \(interpolation.rawValue) table of \(times.count) rows"
    }
  }

  /// The value (SI) at point `p` (metres) and time `t` (seconds).
  @inlinable
  public func value(at p: SIMD3<Double>, time t: Double) -> Double {
    switch storage {
    case .constant(let v): return v
    case .expression(let e, let scale, let offset): return scale * e.evaluate(at: p, time: t) + offset
    case .table(let times, let values, let interpolation): return Self.lookup(times, values, interpolation, t)
    }
  }

  @usableFromInline
  static func lookup(_ times: [Double], _ values: [Double], _ interpolation: Interpolation, _ t: Double) -> Double {
    if t <= times[0] { return values[0] }
    if t >= times[times.count - 1] { return values[values.count - 1] }
    var lo = 0, hi = times.count - 1
    while hi - lo > 1 {
      let mid = (lo + hi) / 2
      if times[mid] <= t { lo = mid } else { hi = mid }
    }
    if interpolation == .step { return values[lo] }
    let w = (t - times[lo]) / (times[hi] - times[lo])
    return values[lo] + w * (values[hi] - values[lo])
  }
}
