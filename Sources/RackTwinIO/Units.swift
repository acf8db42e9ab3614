import Foundation

/// Units of measure accepted in case files: a table of named units and a parser for unit expressions such as
/// `W/m^2/K`, `m^2*K/W`, `Btu/h/ft/degF` or `L/min` (see `docs/case-format.md`).
///
/// Every unit is a factor to SI and a `Dimension`. Absolute temperature units carry an offset as well, which applies
/// only when the whole expression is that single unit (`40 degC` → 313.15 K); inside a compound unit a temperature
/// unit is a temperature difference (`W/m^2/degC` has no offset).
public enum Units {
  /// A unit expression resolved to SI.
  public struct Unit: Sendable, Equatable {
    /// SI value of one of this unit (for `degF`, 5/9).
    public var factor: Double
    /// Exponents over the SI base units.
    public var dimension: Dimension
    /// For an expression that is a single absolute temperature unit (`K`, `degC`, `degF`): the offset added after
    /// scaling to get kelvin (0, 273.15, 459.67·5/9). Nil for every other expression, `delta_degC` included.
    public var absoluteOffset: Double?

    public init(factor: Double, dimension: Dimension, absoluteOffset: Double? = nil) {
      self.factor = factor
      self.dimension = dimension
      self.absoluteOffset = absoluteOffset
    }

    /// This unit raised to an integer power (drops any absolute-temperature offset).
    public func power(_ n: Int) -> Unit {
      Unit(factor: Foundation.pow(factor, Double(n)), dimension: dimension.power(n))
    }

    /// The product of two units (drops any absolute-temperature offset).
    public static func * (a: Unit, b: Unit) -> Unit {
      Unit(factor: a.factor * b.factor, dimension: a.dimension + b.dimension)
    }
  }

  /// A unit expression that could not be parsed.
  public struct SyntaxError: Error, Sendable, Equatable {
    /// What went wrong, e.g. `unknown unit "furlong"`.
    public var message: String
    /// 1-based column (in characters) within the expression.
    public var column: Int
    /// The offending token, when there is one.
    public var token: String?
    /// The nearest known unit name, for unknown units.
    public var suggestion: String?
  }
}
