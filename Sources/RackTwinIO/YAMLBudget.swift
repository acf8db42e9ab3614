import CYaml

/// A bound on the size of a YAML document once its aliases are expanded, checked on libyaml's event stream before
/// Yams composes the document.
///
/// Yams shares aliased nodes, so composing an alias bomb ("billion laughs": ten aliases of ten aliases of …) is
/// cheap, but anything that walks the tree — Yams's own duplicate-key check hashes every mapping key, a `--set`
/// wildcard visits every match — costs the expanded size: 10⁹ nodes from a 1 kB file. Counting expanded nodes per
/// anchor on the event stream costs one pass over the text, and rejects such documents with a `CaseError`.
enum YAMLBudget {
  /// Nodes a document may hold with its aliases expanded. The largest real case files hold a few thousand.
  static let maxExpandedNodes = 1_000_000

  /// Throws a `CaseError` naming `file` (and `override`, for a `--set` value) when `text` expands past the budget.
  /// Syntax errors are left to the composer, which reports them with more context.
  static func check(_ text: String, file: String, override: String? = nil) throws {
    var parser = yaml_parser_t()
    guard yaml_parser_initialize(&parser) == 1 else { return }
    defer { yaml_parser_delete(&parser) }
    var bytes = Array(text.utf8)
    try bytes.withUnsafeMutableBufferPointer { buffer throws in
      yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
      yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
      var sizes: [String: Int] = [:]
      // Open collections: expanded size so far and anchor.
      var open: [(size: Int, anchor: String?)] = []
      var total = 0
      func add(_ n: Int, line: Int) throws {
        if open.isEmpty {
          total = total.addingSaturating(n)
        } else {
          open[open.count - 1].size = open[open.count - 1].size.addingSaturating(n)
        }
        if total > maxExpandedNodes || (open.last?.size ?? 0) > maxExpandedNodes {
          throw CaseError(file: file, keyPath: "", line: override == nil ? line : nil,
                          expected: "a document of at most \(maxExpandedNodes) values with its aliases expanded",
                          found: "more (aliases of aliases, as in a \"billion laughs\" alias bomb)", override: override)
        }
      }
      func name(_ p: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        p.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
      }
      while true {
        var event = yaml_event_t()
        guard yaml_parser_parse(&parser, &event) == 1 else { return }
        defer { yaml_event_delete(&event) }
        let line = Int(event.start_mark.line) + 1
        switch event.type {
        case YAML_STREAM_END_EVENT:
          return
        case YAML_SCALAR_EVENT:
          if let a = name(event.data.scalar.anchor) { sizes[a] = 1 }
          try add(1, line: line)
        case YAML_ALIAS_EVENT:
          // An undefined alias is the composer's error to report.
          try add(name(event.data.alias.anchor).flatMap { sizes[$0] } ?? 1, line: line)
        case YAML_SEQUENCE_START_EVENT:
          open.append((1, name(event.data.sequence_start.anchor)))
        case YAML_MAPPING_START_EVENT:
          open.append((1, name(event.data.mapping_start.anchor)))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
          guard let closed = open.popLast() else { return }
          if let a = closed.anchor { sizes[a] = closed.size }
          try add(closed.size, line: line)
        default:
          continue
        }
      }
    }
  }
}

extension Int {
  fileprivate func addingSaturating(_ other: Int) -> Int {
    let (sum, overflow) = addingReportingOverflow(other)
    return overflow ? .max : sum
  }
}
