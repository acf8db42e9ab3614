import Yams

/// Parses a quantity, `"<number> <unit expression>"` or a bare number (taken as SI), into SI units of `kind`.
///
/// `"40 degC"` and `"104 degF"` give 313.15 K as a `.temperature`; a bare `40` is 40 K. A temperature unit inside a
/// compound unit is a difference (`"5.678263 W/m^2/K"`, `"1 Btu/h/ft^2/degF"`). Absolute temperatures at or below
/// 0 K and non-finite numbers are rejected.
/// - Parameters:
///   - key: dotted key path used in errors (`components.gpu0.power`).
///   - file: file named in errors.
///   - line: 1-based line named in errors.
/// - Throws: `CaseError` for a malformed number, an unknown unit (naming it and its column) or a wrong dimension.
public func parseQuantity(_ text: String, as kind: QuantityKind, key: String, file: String = "", line: Int? = nil)
  throws -> Double {
  func fail(_ found: String, suggestion: String? = nil) -> CaseError {
    CaseError(file: file, keyPath: key, line: line, expected: kind.expected, found: found, suggestion: suggestion)
  }
  let chars = Array(text)
  var i = 0
  while i < chars.count, chars[i].isWhitespace { i += 1 }
  let numberStart = i
  func digits() -> Int {
    let s = i
    while i < chars.count, chars[i].isASCII, chars[i].isNumber { i += 1 }
    return i - s
  }
  if i < chars.count, chars[i] == "+" || chars[i] == "-" { i += 1 }
  var mantissaDigits = digits()
  if i < chars.count, chars[i] == "." { i += 1; mantissaDigits += digits() }
  guard mantissaDigits > 0 else {
    throw fail("\"\(text)\" (not a number)")
  }
  if i < chars.count, chars[i] == "e" || chars[i] == "E" {
    var j = i + 1
    if j < chars.count, chars[j] == "+" || chars[j] == "-" { j += 1 }
    if j < chars.count, chars[j].isASCII, chars[j].isNumber {
      i = j
      _ = digits()
    }
  }
  guard let number = Double(String(chars[numberStart..<i])), number.isFinite else {
    throw fail("\"\(text)\" (not a finite number)")
  }
  let rest = String(chars[i...])
  var value: Double
  if rest.allSatisfy(\.isWhitespace) {
    value = number
  } else {
    let unit: Units.Unit
    do {
      unit = try Units.parse(rest, columnOffset: i)
    } catch let e as Units.SyntaxError {
      var found = "\"\(text)\": \(e.message) at column \(e.column)"
      if let s = e.suggestion { found += " (did you mean \"\(s)\"?)" }
      throw fail(found, suggestion: e.suggestion)
    }
    guard unit.dimension == kind.dimension else {
      throw fail("\"\(text)\" (\(QuantityKind.describe(unit.dimension)))")
    }
    switch kind {
    case .temperature:
      guard let offset = unit.absoluteOffset else {
        throw fail("\"\(text)\" (a temperature difference; write degC, degF or K for a temperature)")
      }
      value = number * unit.factor + offset
    case .temperatureDifference:
      if let offset = unit.absoluteOffset, offset != 0 {
        throw fail("\"\(text)\" (an absolute temperature; write delta_degC, delta_degF or K for a difference)")
      }
      value = number * unit.factor
    default:
      value = number * unit.factor
    }
  }
  guard value.isFinite else {
    throw fail("\"\(text)\" (\(value) \(kind.siUnit) after conversion to SI)")
  }
  if kind == .temperature, !(value > 0) {
    throw CaseError(file: file, keyPath: key, line: line, expected: "a temperature above absolute zero",
                    found: "\"\(text)\" (\(value) K)")
  }
  return value
}

/// Parses a YAML scalar node as a quantity (see `parseQuantity(_:as:key:file:line:)`); the line comes from the node.
public func parseQuantity(_ node: Node, as kind: QuantityKind, key: String, file: String = "") throws -> Double {
  guard let scalar = node.scalar, node.null == nil else {
    throw CaseError(file: file, keyPath: key, line: node.mark?.line, expected: kind.expected,
                    found: YAMLInput.describe(node))
  }
  return try parseQuantity(scalar.string, as: kind, key: key, file: file, line: node.mark?.line)
}
