import Yams

/// `--set key.path=value` overrides, applied to a composed YAML tree before it is decoded.
///
/// Segments are separated by `.`; a segment may contain `*` wildcards matching several mapping keys
/// (`components.gpu*.power`) or, alone, every list element; a number selects a list element (`interfaces.0.resistance`).
/// The value is parsed as YAML (`800 W`, `[0.01, 0.02, 0.003]`, `{type: adiabatic}`). A missing mapping key is
/// created (the decoder then rejects it if it is not a known key); a wildcard that matches nothing, an index out of
/// range, or a path through a scalar is a `CaseError` naming the override.
public enum YAMLOverrides {
  /// One concrete key path changed by an override.
  public struct Applied: Sendable, Equatable {
    /// The override as given.
    public var override: String
    /// The concrete key path it set (wildcards expanded), e.g. `components.gpu1.power`.
    public var path: String
  }

  /// Applies `overrides` in order to `root`; returns every concrete path set.
  public static func apply(_ overrides: [String], to root: inout Node, file: String) throws -> [Applied] {
    var applied: [Applied] = []
    for o in overrides {
      applied += try apply(o, to: &root, file: file).map { Applied(override: o, path: $0) }
    }
    return applied
  }

  /// Applies one `key.path=value` override to `root`; returns the concrete paths set.
  public static func apply(_ override: String, to root: inout Node, file: String) throws -> [String] {
    func fail(_ path: String, expected: String, found: String) -> CaseError {
      CaseError(file: file, keyPath: path, line: nil, expected: expected, found: found, override: override)
    }
    guard let eq = override.firstIndex(of: "=") else {
      throw fail("", expected: "an override of the form key.path=value", found: "no \"=\" in \"\(override)\"")
    }
    let keyPath = override[..<eq].trimmingCharacters(in: .whitespaces)
    let valueText = String(override[override.index(after: eq)...])
    let segments = keyPath.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    guard !keyPath.isEmpty, !segments.contains(where: \.isEmpty) else {
      throw fail(keyPath, expected: "a key path like components.gpu0.power", found: "\"\(keyPath)\"")
    }
    let value: Node
    do {
      try YAMLBudget.check(valueText, file: file, override: override)
      guard let v = try Yams.compose(yaml: valueText) else {
        throw fail(keyPath, expected: "a value after \"=\"", found: "nothing")
      }
      value = v
    } catch let e as YamlError {
      let found = YAMLInput.Reader(file: file).yamlError(e, text: valueText, withContext: false).found
      throw fail(keyPath, expected: "a YAML value after \"=\"", found: found)
    }
    var touched: [String] = []
    try set(&root, segments[...], walked: "", value: value, touched: &touched, fail: fail)
    return touched
  }

  /// True when `path` is `prefix` or lies under it.
  public static func covers(_ prefix: String, _ path: String) -> Bool {
    path == prefix || path.hasPrefix(prefix + ".")
  }

  /// `*`-glob match of a whole string.
  public static func matches(_ pattern: String, _ s: String) -> Bool {
    let parts = pattern.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
    if parts.count == 1 { return pattern == s }
    guard s.hasPrefix(parts[0]) else { return false }
    var rest = s.dropFirst(parts[0].count)
    for part in parts.dropFirst().dropLast() where !part.isEmpty {
      guard let r = rest.range(of: part) else { return false }
      rest = rest[r.upperBound...]
    }
    let last = parts[parts.count - 1]
    return rest.count >= last.count && rest.hasSuffix(last)
  }

  private static func set(_ node: inout Node, _ segments: ArraySlice<String>, walked: String, value: Node,
                          touched: inout [String], fail: (String, String, String) -> CaseError) throws {
    let seg = segments.first!
    let rest = segments.dropFirst()
    let here = YAMLInput.join(walked, seg)
    func descend(_ child: inout Node, _ path: String) throws {
      if rest.isEmpty {
        child = value
        touched.append(path)
      } else {
        try set(&child, rest, walked: path, value: value, touched: &touched, fail: fail)
      }
    }
    let wildcard = seg.contains("*")
    if node.null != nil, !wildcard { node = Node([(Node, Node)]()) }
    switch node {
    case .mapping(var m):
      let hits = m.indices.filter { i in
        guard let k = m[i].key.scalar?.string else { return false }
        return wildcard ? matches(seg, k) : k == seg
      }
      if hits.isEmpty {
        if wildcard {
          let keys = m.keys.compactMap { $0.scalar?.string }
          throw fail(here, "a key matching \"\(seg)\"",
                     keys.isEmpty ? "an empty mapping" : "only [\(keys.joined(separator: ", "))]")
        }
        var child = Node([(Node, Node)]())
        try descend(&child, here)
        m[Node(seg)] = child
      }
      for i in hits {
        let k = m[i].key.scalar!.string
        var child = m[i].value
        try descend(&child, YAMLInput.join(walked, k))
        m[i] = (m[i].key, child)
      }
      node = .mapping(m)
    case .sequence(var s):
      let hits: [Int]
      if seg == "*" {
        hits = Array(s.indices)
      } else if let i = Int(seg), s.indices.contains(i) {
        hits = [i]
      } else {
        hits = []
      }
      guard !hits.isEmpty else {
        throw fail(here, s.isEmpty ? "a non-empty list" : "a list index 0…\(s.count - 1) or *", "\"\(seg)\"")
      }
      for i in hits {
        var child = s[i]
        try descend(&child, YAMLInput.join(walked, String(i)))
        s[i] = child
      }
      node = .sequence(s)
    default:
      throw fail(here, "a mapping or list at \(walked.isEmpty ? "the top level" : walked)",
                 "\(YAMLInput.describe(node)), which has no \"\(seg)\"")
    }
  }
}
