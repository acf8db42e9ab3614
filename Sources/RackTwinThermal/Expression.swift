import Foundation

/// A compiled arithmetic expression in x, y, z (metres) and t (seconds), as case files write varying values
/// (`100*sin(pi*t/40)`).
///
/// Grammar (recursive descent), precedence high to low: numbers, `pi`, variables, calls and parentheses; `^`
/// (right-associative); unary `-`/`+` (so `-2^2` = −4); `*` `/`; `+` `-` (left-associative). Functions: `sin cos tan
/// exp log sqrt abs` (one argument, `log` natural) and `min max` (two or more). Compiled into a flat node array with
/// constant sub-expressions folded; evaluation walks it recursively and allocates nothing.
public struct Expression: Sendable, Equatable, CustomStringConvertible {
  /// A syntax error: what was expected, what was found, and the 1-based column in the source text.
  public struct SyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public var expected: String
    public var found: String
    public var column: Int
    public var description: String { "expected \(expected), found \(found) at column \(column)" }
  }

  enum Op: UInt8, Sendable {
    case constant, x, y, z, t
    case add, subtract, multiply, divide, power, negate
    case sin, cos, tan, exp, log, sqrt, abs, min, max
  }

  struct Node: Sendable, Equatable {
    var op: Op
    var value: Double = 0
    /// Children: `a`, `b` for binary ops; for min/max a chain through `b` (node `a` holds the first argument and `b`
    /// the index of the node for the rest, or -1).
    var a: Int32 = -1
    var b: Int32 = -1
  }

  /// The source text.
  public let source: String
  var nodes: [Node]
  var root: Int32

  /// Which of x, y, z, t the expression uses.
  public let usesSpace: Bool
  public let usesTime: Bool

  public var description: String { source }
  /// The value when the expression uses no variable.
  public var constantValue: Double? { nodes[Int(root)].op == .constant ? nodes[Int(root)].value : nil }

  public static func == (a: Expression, b: Expression) -> Bool { a.source == b.source }

  /// Parses the whole of `text`.
  public init(_ text: String) throws(SyntaxError) {
    let (e, rest) = try Self.parsePrefix(text)
    if rest < Array(text.unicodeScalars).count {
      let scalars = Array(text.unicodeScalars)
      var i = rest
      while i < scalars.count, scalars[i] == " " { i += 1 }
      if i < scalars.count {
        throw SyntaxError(expected: "an operator or the end", found: "unexpected '\(Self.token(scalars, at: i))'",
                          column: i + 1)
      }
    }
    self = e
  }

  /// Parses the longest expression at the start of `text`; returns it and the offset (in Unicode scalars) where it
  /// ends — the expression stops at an identifier that follows a complete operand, so the rest can be a unit
  /// (`"(40 + 5*sin(t)) degC"`).
  public static func parsePrefix(_ text: String) throws(SyntaxError) -> (Expression, end: Int) {
    var p = Parser(text: Array(text.unicodeScalars))
    let root = try p.expression()
    p.skipSpaces()
    if p.i < p.text.count, !Parser.isIdentifierStart(p.text[p.i]) {
      throw SyntaxError(expected: "an operator or the end", found: "unexpected '\(token(p.text, at: p.i))'", column: p.i + 1)
    }
    let usesSpace = p.nodes.contains { $0.op == .x || $0.op == .y || $0.op == .z }
    let usesTime = p.nodes.contains { $0.op == .t }
    let end = p.i
    let consumed = String(String.UnicodeScalarView(p.text[..<end])).trimmingCharacters(in: .whitespaces)
    return (Expression(source: consumed, nodes: p.nodes, root: root, usesSpace: usesSpace, usesTime: usesTime), end)
  }

  init(source: String, nodes: [Node], root: Int32, usesSpace: Bool, usesTime: Bool) {
    self.source = source
    self.nodes = nodes
    self.root = root
    self.usesSpace = usesSpace
    self.usesTime = usesTime
  }

  static func token(_ s: [Unicode.Scalar], at i: Int) -> String {
    if Parser.isIdentifierStart(s[i]) {
      var j = i
      while j < s.count, Parser.isIdentifierPart(s[j]) { j += 1 }
      return String(String.UnicodeScalarView(s[i..<j]))
    }
    return String(s[i])
  }

  /// The value at point `p` (metres) and time `t` (seconds).
  public func evaluate(at p: SIMD3<Double>, time t: Double) -> Double {
    nodes.withUnsafeBufferPointer { eval($0, Int(root), p, t) }
  }

  private func eval(_ n: UnsafeBufferPointer<Node>, _ i: Int, _ p: SIMD3<Double>, _ t: Double) -> Double {
    let node = n[i]
    switch node.op {
    case .constant: return node.value
    case .x: return p.x
    case .y: return p.y
    case .z: return p.z
    case .t: return t
    case .negate: return -eval(n, Int(node.a), p, t)
    case .add: return eval(n, Int(node.a), p, t) + eval(n, Int(node.b), p, t)
    case .subtract: return eval(n, Int(node.a), p, t) - eval(n, Int(node.b), p, t)
    case .multiply: return eval(n, Int(node.a), p, t) * eval(n, Int(node.b), p, t)
    case .divide: return eval(n, Int(node.a), p, t) / eval(n, Int(node.b), p, t)
    case .power: return Foundation.pow(eval(n, Int(node.a), p, t), eval(n, Int(node.b), p, t))
    case .sin: return Foundation.sin(eval(n, Int(node.a), p, t))
    case .cos: return Foundation.cos(eval(n, Int(node.a), p, t))
    case .tan: return Foundation.tan(eval(n, Int(node.a), p, t))
    case .exp: return Foundation.exp(eval(n, Int(node.a), p, t))
    case .log: return Foundation.log(eval(n, Int(node.a), p, t))
    case .sqrt: return eval(n, Int(node.a), p, t).squareRoot()
    case .abs: return Swift.abs(eval(n, Int(node.a), p, t))
    case .min, .max:
      var v = eval(n, Int(node.a), p, t)
      var next = Int(node.b)
      while next >= 0 {
        let w = eval(n, Int(n[next].a), p, t)
        v = node.op == .min ? Swift.min(v, w) : Swift.max(v, w)
        next = Int(n[next].b)
      }
      return v
    }
  }

  struct Parser {
    let text: [Unicode.Scalar]
    var i = 0
    var nodes: [Node] = []
    /// Current nesting of parentheses, calls, signs and exponents (each passes through `unaryExpression`).
    var depth = 0
    /// Bounds that keep parsing and the recursive evaluation off the end of a thread's stack (a 20,000-deep nesting
    /// crashed the parser; a 100,000-term sum would crash evaluation) and constant folding cheap. Real case-file
    /// expressions hold a few dozen nodes and a handful of levels.
    static let maxDepth = 100
    static let maxNodes = 2000

    static let unary: [String: Op] = ["sin": .sin, "cos": .cos, "tan": .tan, "exp": .exp, "log": .log,
                                      "sqrt": .sqrt, "abs": .abs]
    static func isIdentifierStart(_ c: Unicode.Scalar) -> Bool { c == "_" || c.properties.isAlphabetic }
    static func isIdentifierPart(_ c: Unicode.Scalar) -> Bool {
      isIdentifierStart(c) || ("0"..."9").contains(c)
    }

    mutating func skipSpaces() { while i < text.count, text[i] == " " || text[i] == "\t" { i += 1 } }

    func fail(_ expected: String, at j: Int) -> SyntaxError {
      if j >= text.count { return SyntaxError(expected: expected, found: "the end of the text", column: j + 1) }
      return SyntaxError(expected: expected, found: "unexpected '\(Expression.token(text, at: j))'", column: j + 1)
    }

    mutating func add(_ node: Node) -> Int32 {
      // Fold constants: an operation whose operands are all constants becomes a constant.
      var n = node
      func const(_ k: Int32) -> Double? { k >= 0 && nodes[Int(k)].op == .constant ? nodes[Int(k)].value : nil }
      if n.op != .constant, n.op != .x, n.op != .y, n.op != .z, n.op != .t, n.op != .min, n.op != .max,
         const(n.a) != nil, n.b < 0 || const(n.b) != nil {
        let tmp = Expression(source: "", nodes: nodes + [n], root: Int32(nodes.count), usesSpace: false, usesTime: false)
        n = Node(op: .constant, value: tmp.evaluate(at: .zero, time: 0))
      }
      nodes.append(n)
      return Int32(nodes.count - 1)
    }

    // expression := term (('+' | '-') term)*
    mutating func expression() throws(SyntaxError) -> Int32 {
      var left = try term()
      while true {
        skipSpaces()
        guard i < text.count, text[i] == "+" || text[i] == "-" else { return left }
        let op: Op = text[i] == "+" ? .add : .subtract
        i += 1
        let right = try term()
        left = add(Node(op: op, a: left, b: right))
      }
    }

    // term := unary (('*' | '/') unary)*
    mutating func term() throws(SyntaxError) -> Int32 {
      var left = try unaryExpression()
      while true {
        skipSpaces()
        guard i < text.count, text[i] == "*" || text[i] == "/" else { return left }
        let op: Op = text[i] == "*" ? .multiply : .divide
        i += 1
        let right = try unaryExpression()
        left = add(Node(op: op, a: left, b: right))
      }
    }

    // unary := ('-' | '+') unary | power
    mutating func unaryExpression() throws(SyntaxError) -> Int32 {
      skipSpaces()
      guard depth < Self.maxDepth else {
        throw SyntaxError(expected: "at most \(Self.maxDepth) nested parentheses, calls, signs or exponents",
                          found: "more", column: i + 1)
      }
      guard nodes.count < Self.maxNodes else {
        throw SyntaxError(expected: "an expression of at most \(Self.maxNodes) operations", found: "a longer one",
                          column: i + 1)
      }
      depth += 1
      defer { depth -= 1 }
      if i < text.count, text[i] == "-" || text[i] == "+" {
        let negate = text[i] == "-"
        i += 1
        let operand = try unaryExpression()
        return negate ? add(Node(op: .negate, a: operand)) : operand
      }
      return try power()
    }

    // power := primary ('^' unary)?   (right-associative: the exponent is again a unary/power)
    mutating func power() throws(SyntaxError) -> Int32 {
      let base = try primary()
      skipSpaces()
      guard i < text.count, text[i] == "^" else { return base }
      i += 1
      let exponent = try unaryExpression()
      return add(Node(op: .power, a: base, b: exponent))
    }

    mutating func primary() throws(SyntaxError) -> Int32 {
      skipSpaces()
      guard i < text.count else { throw fail("an expression", at: i) }
      let c = text[i]
      if c == "(" {
        i += 1
        let inner = try expression()
        skipSpaces()
        guard i < text.count, text[i] == ")" else { throw fail("')'", at: i) }
        i += 1
        return inner
      }
      if ("0"..."9").contains(c) || c == "." { return try number() }
      if Self.isIdentifierStart(c) {
        let start = i
        while i < text.count, Self.isIdentifierPart(text[i]) { i += 1 }
        let name = String(String.UnicodeScalarView(text[start..<i]))
        switch name {
        case "x": return add(Node(op: .x))
        case "y": return add(Node(op: .y))
        case "z": return add(Node(op: .z))
        case "t": return add(Node(op: .t))
        case "pi": return add(Node(op: .constant, value: Double.pi))
        default: break
        }
        let isCall = { (s: inout Parser) -> Bool in
          s.skipSpaces()
          return s.i < s.text.count && s.text[s.i] == "("
        }
        if let op = Self.unary[name] {
          guard isCall(&self) else { throw fail("'(' after \(name)", at: i) }
          let args = try arguments(name)
          guard args.count == 1 else {
            throw SyntaxError(expected: "one argument to \(name)", found: "\(args.count)", column: start + 1)
          }
          return add(Node(op: op, a: args[0]))
        }
        if name == "min" || name == "max" {
          guard isCall(&self) else { throw fail("'(' after \(name)", at: i) }
          let args = try arguments(name)
          guard args.count >= 2 else {
            throw SyntaxError(expected: "at least two arguments to \(name)", found: "\(args.count)", column: start + 1)
          }
          // Chain: link nodes hold each further argument in `a` and the next link in `b`.
          var next: Int32 = -1
          for arg in args.dropFirst().reversed() {
            nodes.append(Node(op: .constant, a: arg, b: next))
            next = Int32(nodes.count - 1)
          }
          let allConstant = args.allSatisfy { nodes[Int($0)].op == .constant }
          nodes.append(Node(op: name == "min" ? .min : .max, a: args[0], b: next))
          let index = Int32(nodes.count - 1)
          if allConstant {
            let tmp = Expression(source: "", nodes: nodes, root: index, usesSpace: false, usesTime: false)
            return add(Node(op: .constant, value: tmp.evaluate(at: .zero, time: 0)))
          }
          return index
        }
        throw SyntaxError(expected: "a number, x, y, z, t, pi or a function (sin cos tan exp log sqrt abs min max)",
                          found: "unknown name '\(name)'", column: start + 1)
      }
      throw fail("an expression", at: i)
    }

    /// `( expr (, expr)* )`, starting at the '('.
    mutating func arguments(_ name: String) throws(SyntaxError) -> [Int32] {
      i += 1
      var args: [Int32] = []
      while true {
        args.append(try expression())
        skipSpaces()
        guard i < text.count else { throw fail("',' or ')' in \(name)(…)", at: i) }
        if text[i] == "," { i += 1; continue }
        if text[i] == ")" { i += 1; return args }
        throw fail("',' or ')' in \(name)(…)", at: i)
      }
    }

    mutating func number() throws(SyntaxError) -> Int32 {
      let start = i
      func digits(_ s: inout Parser) -> Int {
        let d = s.i
        while s.i < s.text.count, ("0"..."9").contains(s.text[s.i]) { s.i += 1 }
        return s.i - d
      }
      var mantissa = digits(&self)
      if i < text.count, text[i] == "." { i += 1; mantissa += digits(&self) }
      guard mantissa > 0 else { throw fail("a number", at: start) }
      if i < text.count, text[i] == "e" || text[i] == "E" {
        var j = i + 1
        if j < text.count, text[j] == "+" || text[j] == "-" { j += 1 }
        if j < text.count, ("0"..."9").contains(text[j]) {
          i = j
          _ = digits(&self)
        }
      }
      guard let v = Double(String(String.UnicodeScalarView(text[start..<i]))) else { throw fail("a number", at: start) }
      return add(Node(op: .constant, value: v))
    }
  }
}
