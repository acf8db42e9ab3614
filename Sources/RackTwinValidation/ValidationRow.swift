import RackTwinIO

/// One printed check: a quantity against its outside reference, against our gold value, or its observed order.
public struct ValidationRow: Sendable, Equatable {
  public enum Tier: String, Sendable {
    /// Against the outside reference (analytic, benchmark, published data, another code).
    case reference
    /// A consistency check (`kind: consistency`, e.g. an energy balance): the discrete equations against themselves,
    /// not against the outside world. Labelled `NAME [consistency]`.
    case consistency
    /// Against our own converged value, for non-regression.
    case gold
    /// Observed order of accuracy over the convergence levels.
    case order
    /// The case could not be run.
    case error
  }

  public var caseName: String
  public var quantity: String
  public var tier: Tier
  public var value: String
  public var reference: String
  public var error: String
  public var tolerance: String
  public var passed: Bool
  /// Full-precision SI value, for recording gold values.
  public var rawValue: Double
  /// Extra detail for the report (an order row's value on each mesh level).
  public var detail: String = ""

  public var status: String { passed ? "PASS" : "FAIL" }
}

/// Compares a value with a reference under a tolerance.
public enum ValidationComparison {
  /// The error in the tolerance's terms (absolute in SI, or relative) and whether it is within the tolerance.
  /// NaN values never pass.
  public static func check(value: Double, reference: Double, tolerance: ValidationReference.Tolerance)
    -> (error: Double, passed: Bool) {
    let diff = abs(value - reference)
    switch tolerance {
    case .absolute(let limit, _):
      return (diff, diff <= limit)
    case .relative(let limit):
      let error = reference == 0 ? (diff == 0 ? 0 : Double.infinity) : diff / abs(reference)
      return (error, error <= limit)
    }
  }

  /// A row for `value` against `reference` in `quantity`'s display unit.
  static func row(caseName: String, quantity q: ValidationReference.Quantity, label: String, tier: ValidationRow.Tier,
                  value: Double, reference: Double, tolerance: ValidationReference.Tolerance) -> ValidationRow {
    let unit = DisplayUnit(text: q.referenceText, kind: q.selector.quantityKind)
    let (error, passed) = check(value: value, reference: reference, tolerance: tolerance)
    let errorText: String, toleranceText: String
    switch tolerance {
    case .absolute(let limit, let text):
      let tolUnit = DisplayUnit(text: text, kind: q.selector.quantityKind == .temperature ? .temperatureDifference
                                  : q.selector.quantityKind)
      errorText = tolUnit.format(error, digits: 3)
      toleranceText = tolUnit.format(limit, digits: 3)
    case .relative(let limit):
      errorText = formatNumber(error, digits: 3) + " rel"
      toleranceText = formatNumber(limit, digits: 3) + " rel"
    }
    return ValidationRow(caseName: caseName, quantity: label, tier: tier, value: unit.format(value, digits: 8),
                         reference: unit.format(reference, digits: 8), error: errorText, tolerance: toleranceText,
                         passed: passed && value.isFinite, rawValue: value)
  }
}
