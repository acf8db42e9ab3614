import Foundation
import RackTwinCase
import RackTwinIO
import Yams

/// Reads a sweep file (`docs/sweep-format.md`) into a `SweepSpec`, checking every key.
public enum SweepSpecDecoder {
  static let topKeys = ["base", "mode", "axes", "objectives"]
  static let rangeKeys = ["from", "to", "steps", "scale"]
  static let objectiveKeys = ["metric", "goal"]
  /// Points a sweep may have (and values a range may make): far more than a cluster runs, few enough that the point
  /// list and the results table fit in memory. Without it `steps: 1e12` or four 10⁵-step axes crashed the decoder
  /// (allocation, integer overflow) instead of reporting the file.
  public static let maxPoints = 10_000_000
  /// The `/metrics` names a steady solve writes (with a network: its loop metrics too), in order (`MetricCatalog`).
  public static var metricNames: [String] { MetricCatalog.all.filter { $0.runs != .transient }.map(\.name) }

  /// Reads and decodes the sweep file at `path`, and reads its base case's text.
  public static func decode(contentsOf path: String) throws -> SweepSpec {
    guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
      let found = FileManager.default.contents(atPath: path) != nil ? "a file that is not valid UTF-8"
        : FileManager.default.fileExists(atPath: path) ? "a file that cannot be read" : "no such file"
      throw SweepError(file: path, keyPath: "", expected: "a readable UTF-8 sweep file", found: found)
    }
    return try decode(text: text, path: path)
  }

  /// Decodes sweep-file text; `path` names it in errors and anchors the relative `base` path.
  public static func decode(text: String, path: String) throws -> SweepSpec {
    func fail(_ key: String, _ node: Node?, expected: String, found: String? = nil, suggestion: String? = nil) -> SweepError {
      SweepError(file: path, keyPath: key, line: node?.mark?.line, expected: expected,
                 found: found ?? node.map(describe) ?? "nothing", suggestion: suggestion)
    }
    func mapping(_ node: Node, _ key: String, allowed: [String]?, what: String) throws -> [(String, Node, Node)] {
      guard case .mapping(let m) = node else { throw fail(key, node, expected: what) }
      var out: [(String, Node, Node)] = []
      for (k, v) in m {
        guard let name = k.scalar?.string else { throw fail(key, k, expected: "a plain key") }
        let path = key.isEmpty ? name : key + "." + name
        if let allowed, !allowed.contains(name) {
          let s = NearestKey.suggestion(for: name, among: allowed)
          throw fail(path, k, expected: "one of [\(allowed.joined(separator: ", "))]" + (s.map { " (did you mean \"\($0)\"?)" } ?? ""),
                     found: "unknown key \"\(name)\"", suggestion: s)
        }
        out.append((name, k, v))
      }
      return out
    }
    // As case files: an alias budget (Yams's duplicate-key check would walk an alias bomb's 10⁹ expanded nodes) and
    // syntax errors as one short message with the line.
    let root: Node
    do {
      root = try YAMLInput.composeYAML(text, file: path)
    } catch let e as CaseError {
      throw SweepError(file: path, keyPath: e.keyPath, line: e.line, expected: e.expected, found: e.found)
    }
    if case .mapping(let m) = root, m.isEmpty,
       text.split(separator: "\n").allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty
         || $0.trimmingCharacters(in: .whitespaces).hasPrefix("#") }) {
      throw fail("", nil, expected: "a sweep file", found: "an empty file")
    }
    let top = try mapping(root, "", allowed: topKeys, what: "a mapping with base, axes (and mode, objectives)")
    func entry(_ k: String) -> Node? { top.first(where: { $0.0 == k })?.2 }

    guard let baseNode = entry("base"), let base = baseNode.scalar?.string, !base.isEmpty else {
      throw fail("base", entry("base") ?? root, expected: "the base case file (a path)",
                 found: entry("base") == nil ? "no \"base\" key" : nil)
    }
    let dir = (path as NSString).deletingLastPathComponent
    let basePath = base.hasPrefix("/") || dir.isEmpty ? base : (dir as NSString).appendingPathComponent(base)
    guard let baseData = FileManager.default.contents(atPath: basePath),
          let baseText = String(data: baseData, encoding: .utf8) else {
      throw fail("base", baseNode, expected: "a readable case file",
                 found: "\"\(base)\" (\(basePath): \(FileManager.default.fileExists(atPath: basePath) ? "unreadable" : "no such file"))")
    }

    var mode = SweepSpec.Mode.grid
    if let n = entry("mode") {
      let names = SweepSpec.Mode.allCases.map(\.rawValue)
      guard let m = n.scalar.flatMap({ SweepSpec.Mode(rawValue: $0.string) }) else {
        let s = n.scalar.flatMap { NearestKey.suggestion(for: $0.string, among: names) }
        throw fail("mode", n, expected: "one of [grid, list]" + (s.map { " (did you mean \"\($0)\"?)" } ?? ""), suggestion: s)
      }
      mode = m
    }

    guard let axesNode = entry("axes") else {
      throw fail("axes", root, expected: "a mapping of --set path to values", found: "no \"axes\" key")
    }
    var axes: [SweepSpec.Axis] = []
    for (key, _, value) in try mapping(axesNode, "axes", allowed: nil, what: "a mapping of --set path to values") {
      let where_ = "axes." + key
      switch value {
      case .sequence(let s):
        guard !s.isEmpty else { throw fail(where_, value, expected: "at least one value") }
        let values = try s.enumerated().map { i, n -> String in
          guard case .scalar(let sc) = n, n.null == nil, !sc.string.isEmpty else {
            throw fail("\(where_).\(i)", n, expected: "a scalar value (a number, a quantity such as \"800 W\", or a name)")
          }
          return sc.string
        }
        axes.append(.init(key: key, values: values))
      case .mapping:
        let f = try mapping(value, where_, allowed: rangeKeys, what: "{from, to, steps, scale}")
        func get(_ k: String) throws -> Node {
          guard let n = f.first(where: { $0.0 == k })?.2 else {
            throw fail("\(where_).\(k)", value, expected: "a value for \(k)", found: "no \"\(k)\" key")
          }
          return n
        }
        func quantity(_ k: String) throws -> (Double, String) {
          let n = try get(k)
          guard let s = n.scalar?.string, let q = AxisValue.split(s) else {
            throw fail("\(where_).\(k)", n, expected: "a number, optionally with a unit (\"20 degC\")")
          }
          return q
        }
        let (from, fromUnit) = try quantity("from"), (to, toUnit) = try quantity("to")
        guard fromUnit == toUnit else {
          throw fail("\(where_).to", try get("to"), expected: "the same unit as from (\"\(fromUnit)\")")
        }
        let stepsNode = try get("steps")
        guard let steps = stepsNode.scalar.flatMap({ Int($0.string) }), steps >= 2, steps <= maxPoints else {
          throw fail("\(where_).steps", stepsNode,
                     expected: "an integer from 2 to \(maxPoints) (the number of values, ends included)")
        }
        var log = false
        if let n = f.first(where: { $0.0 == "scale" })?.2 {
          guard let s = n.scalar?.string, s == "linear" || s == "log" else {
            let s = n.scalar.flatMap { NearestKey.suggestion(for: $0.string, among: ["linear", "log"]) }
            throw fail("\(where_).scale", n, expected: "one of [linear, log]" + (s.map { " (did you mean \"\($0)\"?)" } ?? ""))
          }
          log = s == "log"
        }
        if log && !(from > 0 && to > 0) {
          throw fail("\(where_).from", try get("from"), expected: "from and to > 0 for scale: log")
        }
        let numbers = AxisValue.range(from: from, to: to, steps: steps, log: log)
        axes.append(.init(key: key, values: numbers.map { AxisValue.format($0, unit: fromUnit) }))
      default:
        throw fail(where_, value, expected: "a list of values or {from, to, steps, scale}")
      }
    }
    guard !axes.isEmpty else { throw fail("axes", axesNode, expected: "at least one axis") }
    if mode == .grid {
      var count = 1
      for axis in axes {
        let (product, overflow) = count.multipliedReportingOverflow(by: axis.values.count)
        guard !overflow, product <= maxPoints else {
          throw fail("axes", axesNode, expected: "at most \(maxPoints) points (the product of the axes' lengths)",
                     found: "more: " + axes.map { "\($0.values.count)" }.joined(separator: " × "))
        }
        count = product
      }
    }
    if mode == .list, let bad = axes.first(where: { $0.values.count != axes[0].values.count }) {
      throw fail("axes.\(bad.key)", axesNode, expected: "\(axes[0].values.count) values, as many as axes.\(axes[0].key) (mode: list)",
                 found: "\(bad.values.count)")
    }

    var objectives: [SweepSpec.Objective] = []
    if let n = entry("objectives") {
      guard case .sequence(let s) = n, s.count == 2 else {
        throw fail("objectives", n, expected: "a list of exactly two {metric, goal}")
      }
      for (i, item) in s.enumerated() {
        let w = "objectives.\(i)"
        let f = try mapping(item, w, allowed: objectiveKeys, what: "{metric, goal}")
        guard let m = f.first(where: { $0.0 == "metric" })?.2, let metric = m.scalar?.string, !metric.isEmpty else {
          throw fail("\(w).metric", item, expected: "an output column name (e.g. max_temperature)", found: "none")
        }
        guard isOutputName(metric) else {
          let s = NearestKey.suggestion(for: metric, among: metricNames)
          throw fail("\(w).metric", m, expected: "an output column: one of [\(metricNames.joined(separator: ", "))], "
                       + MetricCatalog.itemPatterns
                       + (s.map { " (did you mean \"\($0)\"?)" } ?? ""), suggestion: s)
        }
        guard let g = f.first(where: { $0.0 == "goal" })?.2 else {
          throw fail("\(w).goal", item, expected: "minimize or maximize", found: "none")
        }
        guard let goal = g.scalar.flatMap({ SweepSpec.Goal(rawValue: $0.string) }) else {
          let s = g.scalar.flatMap { NearestKey.suggestion(for: $0.string, among: ["minimize", "maximize"]) }
          throw fail("\(w).goal", g, expected: "one of [minimize, maximize]" + (s.map { " (did you mean \"\($0)\"?)" } ?? ""),
                     suggestion: s)
        }
        objectives.append(.init(metric: metric, goal: goal))
      }
    }
    return SweepSpec(path: path, text: text, basePath: basePath, baseText: baseText, mode: mode, axes: axes,
                     objectives: objectives)
  }

  /// True for a name `SweepPoint` output columns can have.
  static func isOutputName(_ name: String) -> Bool {
    metricNames.contains(name) || (MetricCatalog.definition(named: name) == nil && MetricCatalog.isOutputColumn(name))
  }

  static func describe(_ node: Node) -> String {
    if node.null != nil { return "nothing (an empty value)" }
    switch node {
    case .scalar(let s): return "\"\(s.string)\""
    case .mapping: return "a mapping"
    case .sequence(let s): return "a list of \(s.count) item\(s.count == 1 ? "" : "s")"
    case .alias: return "an alias"
    }
  }
}

/// Axis values as text and as numbers.
enum AxisValue {
  /// `"20 degC"` → (20, "degC"); `"0.5"` → (0.5, ""); nil when the text does not start with a number.
  static func split(_ text: String) -> (Double, String)? {
    let t = text.trimmingCharacters(in: .whitespaces)
    if let v = Double(t), v.isFinite { return (v, "") }
    guard let space = t.firstIndex(where: { $0 == " " }), let v = Double(t[..<space]), v.isFinite else { return nil }
    let unit = t[space...].trimmingCharacters(in: .whitespaces)
    return unit.isEmpty ? nil : (v, unit)
  }

  /// `steps` values from `from` to `to`, both ends exact; geometric when `log`.
  static func range(from: Double, to: Double, steps: Int, log: Bool) -> [Double] {
    (0..<steps).map { k in
      if k == 0 { return from }
      if k == steps - 1 { return to }
      let t = Double(k) / Double(steps - 1)
      return log ? from * Foundation.pow(to / from, t) : from + t * (to - from)
    }
  }

  /// The override text of a number: Swift's shortest round-trip form, then the unit.
  static func format(_ v: Double, unit: String) -> String {
    unit.isEmpty ? "\(v)" : "\(v) \(unit)"
  }

  /// The numeric column of an axis: each value in the unit of the first (converted when units differ), or nil when
  /// a value is not a number with a unit racktwin knows.
  static func column(_ values: [String]) -> (numbers: [Double], units: String)? {
    guard let split = Optional(values.map(split)), split.allSatisfy({ $0 != nil }) else { return nil }
    let items = split.map { $0! }
    let unit0 = items[0].1
    if items.allSatisfy({ $0.1 == unit0 }) { return (items.map(\.0), unit0.isEmpty ? "SI" : unit0) }
    guard !unit0.isEmpty, let u0 = try? Units.parse(unit0) else { return nil }
    var out: [Double] = []
    for (v, unit) in items {
      guard !unit.isEmpty, let u = try? Units.parse(unit), u.dimension == u0.dimension else { return nil }
      let si = v * u.factor + (u.absoluteOffset ?? 0)
      out.append((si - (u0.absoluteOffset ?? 0)) / u0.factor)
    }
    return (out, unit0)
  }
}
