extension Units {
  /// Parses a unit expression: unit names joined by `*` (or `·`) and `/`, evaluated left to right
  /// (`W/m/K` = W·m⁻¹·K⁻¹), each optionally raised to an integer power with `^` (`m^2`, `s^-1`, also `m²`, `m³`),
  /// with parentheses for grouping (`W/(m*K)`) and `1` as a unit-less factor (`1/s`).
  ///
  /// - Parameter columnOffset: added to reported columns, so that errors point into the enclosing text.
  /// - Throws: `Units.SyntaxError` naming the token and its 1-based column.
  public static func parse(_ expression: String, columnOffset: Int = 0) throws -> Unit {
    var p = UnitsExpressionParser(chars: Array(expression), columnOffset: columnOffset)
    p.skipSpaces()
    if p.atEnd { throw SyntaxError(message: "empty unit", column: columnOffset + 1) }
    let (unit, isSingle) = try p.expression()
    p.skipSpaces()
    if !p.atEnd { throw p.error("unexpected \"\(p.chars[p.pos])\"", token: String(p.chars[p.pos])) }
    return isSingle ? unit : Unit(factor: unit.factor, dimension: unit.dimension)
  }
}

/// Recursive-descent parser behind `Units.parse`.
struct UnitsExpressionParser {
  let chars: [Character]
  let columnOffset: Int
  var pos = 0
  /// Open parentheses: bounded so that hostile input cannot exhaust the stack.
  var depth = 0
  static let maxDepth = 50
  /// Largest magnitude of a dimension exponent, so that exponent arithmetic cannot overflow.
  static let maxExponent = 1_000

  init(chars: [Character], columnOffset: Int) {
    self.chars = chars
    self.columnOffset = columnOffset
  }

  var atEnd: Bool { pos >= chars.count }

  mutating func skipSpaces() {
    while !atEnd, chars[pos].isWhitespace { pos += 1 }
  }

  func error(_ message: String, token: String? = nil, at position: Int? = nil, suggestion: String? = nil)
    -> Units.SyntaxError {
    Units.SyntaxError(message: message, column: columnOffset + (position ?? pos) + 1, token: token, suggestion: suggestion)
  }

  /// expression := term (('*' | '·' | '/') term)*. Returns the unit and whether it was a single bare unit name
  /// (which keeps an absolute-temperature offset).
  mutating func expression() throws -> (Units.Unit, Bool) {
    var (result, single) = try term()
    while true {
      skipSpaces()
      if atEnd || chars[pos] == ")" { return (result, single) }
      let op = chars[pos]
      guard op == "*" || op == "·" || op == "/" else {
        throw error("expected \"*\" or \"/\" between units, found \"\(op)\"", token: String(op))
      }
      pos += 1
      skipSpaces()
      let (rhs, _) = try term()
      try checkExponents(result.dimension + (op == "/" ? rhs.dimension.power(-1) : rhs.dimension), at: pos)
      result = result * (op == "/" ? rhs.power(-1) : rhs)
      single = false
    }
  }

  /// term := atom exponent?
  mutating func term() throws -> (Units.Unit, Bool) {
    var (unit, single) = try atom()
    if !atEnd, chars[pos] == "^" {
      let caret = pos
      pos += 1
      let start = pos
      if !atEnd, chars[pos] == "-" || chars[pos] == "+" { pos += 1 }
      while !atEnd, chars[pos].isASCII, chars[pos].isNumber { pos += 1 }
      guard let n = Int(String(chars[start..<pos])) else {
        throw error("expected an integer exponent after \"^\"", token: "^", at: caret)
      }
      guard abs(n) <= Self.maxExponent else {
        throw error("exponent \(n) out of range (±\(Self.maxExponent))", token: "^", at: caret)
      }
      if n != 1 {
        try checkExponents(unit.dimension, times: n, at: caret)
        unit = unit.power(n)
        single = false
      }
    } else if !atEnd, let n = ["²": 2, "³": 3][chars[pos]] {
      pos += 1
      unit = unit.power(n)
      single = false
    }
    return (unit, single)
  }

  /// atom := name | '1' | '(' expression ')'
  mutating func atom() throws -> (Units.Unit, Bool) {
    guard !atEnd else { throw error("expected a unit at the end") }
    let c = chars[pos]
    if c == "(" {
      let open = pos
      guard depth < Self.maxDepth else { throw error("more than \(Self.maxDepth) nested \"(\"", token: "(", at: open) }
      depth += 1
      defer { depth -= 1 }
      pos += 1
      skipSpaces()
      let (inner, _) = try expression()
      guard !atEnd, chars[pos] == ")" else { throw error("unclosed \"(\"", token: "(", at: open) }
      pos += 1
      return (inner, false)
    }
    if c == "1" {
      pos += 1
      return (Units.Unit(factor: 1, dimension: .none), false)
    }
    let start = pos
    while !atEnd, chars[pos].isLetter || chars[pos] == "_" || chars[pos] == "°" { pos += 1 }
    // Digits glued to a name (`m2`) would otherwise read as a separate token; report the whole word.
    var end = pos
    while end < chars.count, chars[end].isLetter || chars[end].isNumber || chars[end] == "_" { end += 1 }
    guard end > start else { throw error("expected a unit, found \"\(c)\"", token: String(c)) }
    let name = String(chars[start..<end])
    guard end == pos, let unit = Units.table[name] else {
      let suggestion = NearestKey.suggestion(for: name, among: Units.table.keys.sorted())
      throw error("unknown unit \"\(name)\"", token: name, at: start, suggestion: suggestion)
    }
    return (unit, true)
  }
}

extension UnitsExpressionParser {
  /// Throws unless every exponent of `dimension`·`n` stays within ±`maxExponent` (both factors are already
  /// bounded by it, so the products cannot overflow).
  func checkExponents(_ dimension: Units.Dimension, times n: Int = 1, at position: Int) throws {
    let d = dimension
    for e in [d.m, d.kg, d.s, d.K, d.A, d.mol] where abs(e * n) > Self.maxExponent {
      throw error("unit exponent \(e * n) out of range (±\(Self.maxExponent))", at: position)
    }
  }
}
