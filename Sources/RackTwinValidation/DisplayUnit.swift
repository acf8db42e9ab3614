import Foundation
import RackTwinIO

/// The unit a value is printed in: the unit written after the number in a reference value (`"416.48 degF"` prints
/// values in degF), or the SI unit of the quantity when the number is bare.
public struct DisplayUnit: Sendable, Equatable {
  public var name: String
  public var factor: Double
  public var offset: Double

  /// The unit of `text` (a quantity as written) for a value of `kind`.
  public init(text: String, kind: QuantityKind) {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    let unitText: String
    if let space = trimmed.firstIndex(where: \.isWhitespace) {
      unitText = trimmed[space...].trimmingCharacters(in: .whitespaces)
    } else {
      unitText = ""
    }
    if !unitText.isEmpty, let unit = try? Units.parse(unitText) {
      name = unitText
      factor = unit.factor
      offset = kind == .temperature ? (unit.absoluteOffset ?? 0) : 0
    } else {
      name = kind == .dimensionless ? "" : kind.siUnit
      factor = 1
      offset = 0
    }
  }

  /// `value` (SI) in this unit.
  public func convert(_ value: Double) -> Double { (value - offset) / factor }

  /// `value` (SI) in this unit, printed with its unit.
  public func format(_ value: Double, digits: Int = 6) -> String {
    let number = formatNumber(convert(value), digits: digits)
    return name.isEmpty ? number : "\(number) \(name)"
  }
}

/// A number with `digits` significant digits, plain where short enough, else in exponent form.
public func formatNumber(_ x: Double, digits: Int = 6) -> String {
  guard x.isFinite else { return "\(x)" }
  if x == 0 { return "0" }
  let a = abs(x)
  if a >= 1e-3 && a < 1e7 { return String(format: "%.\(digits)g", x) }
  return String(format: "%.\(max(digits - 1, 1))e", x)
}
