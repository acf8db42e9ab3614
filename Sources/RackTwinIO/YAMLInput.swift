import Foundation
import Yams

/// Typed reading of YAML files (case files, mesh specs, validation references, overrides): every mismatch becomes a
/// `CaseError` with the file, the key path and the line.
public enum YAMLInput {
  /// How a node reads in an error's `found` part: `"5 kg"`, `a mapping`, `a list of 2 items`, `nothing`.
  public static func describe(_ node: Node) -> String {
    if node.null != nil { return "nothing (an empty value)" }
    switch node {
    case .scalar(let s): return "\"\(s.string)\""
    case .mapping: return "a mapping"
    case .sequence(let s): return "a list of \(s.count) item\(s.count == 1 ? "" : "s")"
    case .alias: return "an alias"
    }
  }

  /// `path.key`, or `key` at the root.
  public static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : path + "." + key }

  /// A mapping's entries with their key path, checked against the keys a section allows.
  public struct Fields {
    public let path: String
    public let node: Node
    public let entries: [(key: String, keyNode: Node, value: Node)]

    public subscript(key: String) -> Node? { entries.first(where: { $0.key == key })?.value }
    public func path(_ key: String) -> String { YAMLInput.join(path, key) }
  }

  /// Typed access to a composed YAML tree, turning every mismatch into a `CaseError` with key path and line.
  /// Composes the YAML of another input file (a sweep file) as case files are composed: the alias budget first, and
  /// syntax errors as one short `CaseError` naming `file` and the line. An empty document is an empty mapping.
  public static func composeYAML(_ text: String, file: String) throws -> Node {
    try Reader(file: file).compose(text)
  }

  public struct Reader {
    public let file: String
    public init(file: String) { self.file = file }

    public func fail(_ path: String, _ node: Node?, expected: String, found: String? = nil, suggestion: String? = nil)
      -> CaseError {
      CaseError(file: file, keyPath: path, line: node?.mark?.line, expected: expected,
                found: found ?? node.map(YAMLInput.describe) ?? "nothing", suggestion: suggestion)
    }

    /// Composes `text` into a node tree; an empty document is an empty mapping.
    public func compose(_ text: String) throws -> Node {
      do {
        try YAMLBudget.check(text, file: file)
        return try Yams.compose(yaml: text) ?? Node([(Node, Node)]())
      } catch let e as YamlError {
        throw yamlError(e, text: text)
      }
    }

    /// A YAML error as a `CaseError`; `withContext: false` leaves out libyaml's "while parsing … at line n"
    /// (whose line is meaningless for a one-line `--set` value).
    public func yamlError(_ e: YamlError, text: String, withContext: Bool = true) -> CaseError {
      func error(_ problem: String, _ context: YamlError.Context?, _ mark: Mark?) -> CaseError {
        var found = problem
        if withContext, let context { found += " (\(context.text) at line \(context.mark.line))" }
        return CaseError(file: file, keyPath: "", line: mark?.line, expected: "valid YAML", found: found)
      }
      switch e {
      case .scanner(let context, let problem, let mark, _),
           .parser(let context, let problem, let mark, _),
           .composer(let context, let problem, let mark, _):
        return error(problem, context, mark)
      case .duplicatedKeysInMapping(let duplicates, let context):
        return CaseError(file: file, keyPath: "", line: context.mark.line, expected: "each key once per mapping",
                         found: "duplicate key\(duplicates.count == 1 ? "" : "s") "
                           + duplicates.map { "\"\($0)\"" }.joined(separator: ", "))
      case .reader(let problem, let offset, _, _):
        let line = offset.map { o in text.prefix(o).filter { $0 == "\n" }.count + 1 }
        return CaseError(file: file, keyPath: "", line: line, expected: "valid UTF-8 YAML", found: problem)
      default:
        return CaseError(file: file, keyPath: "", line: nil, expected: "valid YAML", found: "\(e)")
      }
    }

    /// The entries of a mapping (an empty value counts as an empty mapping), every key checked against `allowed`
    /// unless `allowed` is nil (names chosen by the user, such as material names).
    public func fields(_ node: Node, _ path: String, allowed: [String]?, what: String = "a mapping") throws -> Fields {
      if node.null != nil { return Fields(path: path, node: node, entries: []) }
      guard case .mapping(let m) = node else { throw fail(path, node, expected: what) }
      var entries: [(key: String, keyNode: Node, value: Node)] = []
      for (k, v) in m {
        guard case .scalar(let s) = k else { throw fail(path, k, expected: "a plain key", found: describe(k)) }
        if let allowed, !allowed.contains(s.string) {
          let suggestion = NearestKey.suggestion(for: s.string, among: allowed)
          throw fail(join(path, s.string), k, expected: NearestKey.expectedOneOf(allowed, suggestion: suggestion),
                     found: "unknown key \"\(s.string)\"", suggestion: suggestion)
        }
        entries.append((s.string, k, v))
      }
      return Fields(path: path, node: node, entries: entries)
    }

    /// The value of a required key, or an error at the enclosing mapping's line.
    public func required(_ f: Fields, _ key: String, expected: String) throws -> Node {
      guard let n = f[key], n.null == nil else {
        throw fail(f.path(key), f[key] ?? f.node, expected: expected, found: f[key] == nil ? "no \"\(key)\" key" : nil)
      }
      return n
    }

    public func string(_ node: Node, _ path: String, expected: String = "a name") throws -> String {
      guard node.null == nil, case .scalar(let s) = node, !s.string.isEmpty else {
        throw fail(path, node, expected: expected)
      }
      return s.string
    }

    public func sequence(_ node: Node, _ path: String, expected: String) throws -> [Node] {
      guard case .sequence(let s) = node else { throw fail(path, node, expected: expected) }
      return Array(s)
    }

    public func quantity(_ node: Node, _ path: String, _ kind: QuantityKind) throws -> Double {
      try parseQuantity(node, as: kind, key: path, file: file)
    }

    /// A quantity that must be > 0 (or ≥ 0 when `allowZero`).
    public func positive(_ node: Node, _ path: String, _ kind: QuantityKind, allowZero: Bool = false) throws -> Double {
      let v = try quantity(node, path, kind)
      guard allowZero ? v >= 0 : v > 0 else {
        throw fail(path, node, expected: "\(kind.name) \(allowZero ? "≥" : ">") 0 (\(kind.siUnit))",
                   found: "\(describe(node)) (\(v) \(kind.siUnit))")
      }
      return v
    }

    public func integer(_ node: Node, _ path: String, atLeast minimum: Int) throws -> Int {
      // Integral floats (`1e4`) are accepted as well as integer literals.
      func parse(_ t: String) -> Int? {
        if let i = Int(t) { return i }
        guard let d = Double(t), d.rounded() == d, abs(d) < 1e15 else { return nil }
        return Int(d)
      }
      guard node.null == nil, case .scalar(let s) = node, let v = parse(s.string), v >= minimum else {
        throw fail(path, node, expected: "an integer ≥ \(minimum)")
      }
      return v
    }

    public func choice<T: RawRepresentable>(_ node: Node, _ path: String, _ cases: [T]) throws -> T
      where T.RawValue == String {
      let names = cases.map(\.rawValue)
      let name = node.scalar?.string ?? ""
      guard node.null == nil, let v = T(rawValue: name) else {
        let suggestion = node.scalar == nil ? nil : NearestKey.suggestion(for: name, among: names)
        throw fail(path, node, expected: NearestKey.expectedOneOf(names, suggestion: suggestion), suggestion: suggestion)
      }
      return v
    }

    /// Three quantities `[x, y, z]`.
    public func vector3(_ node: Node, _ path: String, _ kind: QuantityKind) throws -> SIMD3<Double> {
      let expected = "a list of three \(kind == .length ? "lengths" : "values") [x, y, z] (\(kind.siUnit))"
      let items = try sequence(node, path, expected: expected)
      guard items.count == 3 else { throw fail(path, node, expected: expected) }
      var v = SIMD3<Double>()
      for (i, n) in items.enumerated() { v[i] = try quantity(n, join(path, String(i)), kind) }
      return v
    }
  }

  /// The text of a file, or a `CaseError` naming it.
  public static func readText(_ path: String) throws -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
      let exists = FileManager.default.fileExists(atPath: path)
      throw CaseError(file: path, keyPath: "", expected: "a readable file",
                      found: exists ? "a file that cannot be read" : "no such file")
    }
    guard let text = String(data: data, encoding: .utf8) else {
      // Name where: the line and column of the first byte that is not UTF-8 (found by fuzzing: the message named
      // only the file).
      var line = 1, column = 1
      var bytes = data.makeIterator()
      var parser = Unicode.UTF8.ForwardParser()
      decoding: while true {
        switch parser.parseScalar(from: &bytes) {
        case .valid(let scalar):
          if scalar.count == 1 && scalar.first == 0x0A { line += 1; column = 1 } else { column += 1 }
        case .error, .emptyInput:
          break decoding
        }
      }
      throw CaseError(file: path, keyPath: "", line: line, expected: "UTF-8 text",
                      found: "bytes that are not UTF-8 at column \(column)")
    }
    return text
  }

  /// `path` relative to the directory of the file `relativeTo`; absolute paths are kept.
  public static func resolve(_ path: String, relativeTo file: String) -> String {
    if path.hasPrefix("/") { return path }
    let dir = (file as NSString).deletingLastPathComponent
    return dir.isEmpty ? path : (dir as NSString).appendingPathComponent(path)
  }
}
