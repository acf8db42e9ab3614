import RackTwinIO
import RackTwinThermal
import Yams

/// Varying values (expressions, time tables), `sources` and the `transient` section (`docs/case-format.md`).
extension CaseDecoder {
  static let tableKeys = ["table", "interpolation"]
  static let sourceKeys = ["density", "regions"]
  static let transientKeys = ["duration", "step", "scheme", "tolerance", "maxStep", "output", "initial", "events"]
  static let eventKeys = ["time", "set"]

  static func sources(_ node: Node, _ r: Reader) throws -> [CaseDocument.SourceSpec] {
    try r.fields(node, "sources", allowed: nil, what: "a mapping of source name to {density, regions}").entries.map { e in
      let f = try r.fields(e.value, join("sources", e.key), allowed: sourceKeys)
      let density = try r.varying(r.required(f, "density", expected: QuantityKind.powerDensity.expected),
                                  f.path("density"), .powerDensity)
      var spec = CaseDocument.SourceSpec(name: e.key, density: density)
      if let n = f["regions"] { spec.regions = try regionList(n, f.path("regions"), r) }
      return spec
    }
  }

  static func regionList(_ n: Node, _ path: String, _ r: Reader) throws -> [String] {
    let expected = "a list of region names"
    if case .scalar = n, n.null == nil { return [try r.string(n, path, expected: expected)] }
    let items = try r.sequence(n, path, expected: expected)
    guard !items.isEmpty else { throw r.fail(path, n, expected: "at least one region name") }
    return try items.enumerated().map { try r.string($1, join(path, String($0))) }
  }

  static func transient(_ node: Node, boundaries: [CaseDocument.BoundarySpec], _ r: Reader) throws
    -> CaseDocument.TransientSpec {
    let f = try r.fields(node, "transient", allowed: transientKeys)
    let timeExpected = QuantityKind.time.expected
    let duration = try r.positive(r.required(f, "duration", expected: timeExpected), f.path("duration"), .time)
    let step = try r.positive(r.required(f, "step", expected: timeExpected), f.path("step"), .time)
    let initialNode = try r.required(f, "initial", expected: "a temperature or {results: PATH}")
    let initial: CaseDocument.InitialTemperature
    if case .mapping = initialNode {
      let g = try r.fields(initialNode, f.path("initial"), allowed: ["results"])
      let path = try r.string(r.required(g, "results", expected: "a results file path"), g.path("results"),
                              expected: "a results file path")
      initial = .results(path: resolve(path, relativeTo: r.file))
    } else {
      initial = .value(try r.varying(initialNode, f.path("initial"), .temperature))
    }
    var spec = CaseDocument.TransientSpec(duration: duration, step: step, initial: initial)
    if let n = f["scheme"] { spec.scheme = try r.choice(n, f.path("scheme"), CaseDocument.TimeSchemeName.allCases) }
    if let n = f["tolerance"] { spec.tolerance = try r.positive(n, f.path("tolerance"), .temperatureDifference) }
    if let n = f["maxStep"] { spec.maxStep = try r.positive(n, f.path("maxStep"), .time) }
    if let n = f["output"] { spec.output = try r.positive(n, f.path("output"), .time) }
    if let n = f["events"], n.null == nil {
      let items = try r.sequence(n, f.path("events"), expected: "a list of {time, set}")
      var decoded: [(time: Double, node: Node, path: String, set: Fields)] = []
      for (i, item) in items.enumerated() {
        let path = join(f.path("events"), String(i))
        let g = try r.fields(item, path, allowed: eventKeys)
        let tNode = try r.required(g, "time", expected: timeExpected)
        let t = try r.positive(tNode, g.path("time"), .time)
        guard t <= duration else {
          throw r.fail(g.path("time"), tNode, expected: "a time in (0, duration] (duration \(duration) s)")
        }
        let set = try r.fields(r.required(g, "set", expected: "a mapping of key path to value"), g.path("set"),
                               allowed: nil)
        decoded.append((t, item, path, set))
      }
      // Boundary changes of one field need the patch's condition as it is at the event's time: walk in time order.
      var current = Dictionary(boundaries.map { ($0.patch, $0.condition) }, uniquingKeysWith: { _, b in b })
      var events = [CaseDocument.EventSpec?](repeating: nil, count: decoded.count)
      for i in decoded.indices.sorted(by: { (decoded[$0].time, $0) < (decoded[$1].time, $1) }) {
        var changes: [CaseDocument.EventChange] = []
        for e in decoded[i].set.entries {
          let key = decoded[i].set.path(e.key)
          let parts = e.key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
          let expected = "components.NAME.power, boundaries.PATCH or boundaries.PATCH.(value|h|ambient|surroundings)"
          if parts.count == 3, parts[0] == "components", parts[2] == "power" {
            changes.append(.componentPower(component: parts[1],
                                           power: try r.positive(e.value, key, .power, allowZero: true)))
          } else if parts.count == 2, parts[0] == "boundaries" {
            let condition = try boundaryCondition(e.value, key, r)
            current[parts[1]] = condition
            changes.append(.boundary(patch: parts[1], condition: condition))
          } else if parts.count == 3, parts[0] == "boundaries" {
            let patch = parts[1], field = parts[2]
            let old = current[patch] ?? .adiabatic
            let condition: CaseDocument.BoundaryCondition
            switch (old, field) {
            case (.temperature, "value"): condition = .temperature(try r.varying(e.value, key, .temperature))
            case (.heatFlux, "value"): condition = .heatFlux(try r.varying(e.value, key, .heatFlux))
            case (.convection(_, let a), "h"):
              condition = .convection(h: try r.positiveVarying(e.value, key, .heatTransferCoefficient), ambient: a)
            case (.convection(let h, _), "ambient"):
              condition = .convection(h: h, ambient: try r.varying(e.value, key, .temperature))
            case (.radiation(let em, _), "surroundings"):
              condition = .radiation(emissivity: em, surroundings: try r.varying(e.value, key, .temperature))
            default:
              let type: String
              switch old {
              case .adiabatic: type = "adiabatic"
              case .temperature: type = "temperature"
              case .heatFlux: type = "heatFlux"
              case .convection: type = "convection"
              case .radiation: type = "radiation"
              }
              throw r.fail(key, e.keyNode, expected: "a key of the patch's \(type) condition at that time ("
                             + (boundaryKeys[type]!.dropFirst().joined(separator: ", ").nonEmpty ?? "none")
                             + ") or boundaries.\(patch) with a whole condition",
                           found: "\"\(field)\"")
            }
            current[patch] = condition
            changes.append(.boundary(patch: patch, condition: condition))
          } else {
            throw r.fail(key, e.keyNode, expected: expected, found: "\"\(e.key)\"")
          }
        }
        events[i] = CaseDocument.EventSpec(time: decoded[i].time, changes: changes)
      }
      spec.events = events.compactMap { $0 }
    }
    return spec
  }
}

extension String {
  var nonEmpty: String? { isEmpty ? nil : self }
}

extension CaseDecoder.Reader {
  /// A varying value (`docs/case-format.md`, "Values that vary in space and time"): a quantity, an expression in
  /// x, y, z, t with an optional unit, or `{table: [[t, v], …], interpolation: linear|step}`.
  func varying(_ node: Node, _ path: String, _ kind: QuantityKind) throws -> VaryingValue {
    if case .mapping = node { return try table(node, path, kind) }
    guard let scalar = node.scalar, node.null == nil else { throw fail(path, node, expected: kind.expected) }
    let text = scalar.string
    let quantityError: Error
    do {
      return .constant(try quantity(node, path, kind))
    } catch {
      quantityError = error
    }
    let expression: Expression, end: Int
    do {
      (expression, end) = try Expression.parsePrefix(text)
    } catch {
      if Double(text.prefix(while: { !$0.isWhitespace })) != nil { throw quantityError }
      throw fail(path, node, expected: error.expected, found: "\(error.found) at column \(error.column)")
    }
    if expression.constantValue != nil { throw quantityError }
    let rest = String(String.UnicodeScalarView(text.unicodeScalars.dropFirst(end)))
    var scale = 1.0, offset = 0.0
    if !rest.allSatisfy(\.isWhitespace) {
      let unit: Units.Unit
      do {
        unit = try Units.parse(rest, columnOffset: end)
      } catch let e as Units.SyntaxError {
        var found = "\"\(text)\": \(e.message) at column \(e.column)"
        if let s = e.suggestion { found += " (did you mean \"\(s)\"?)" }
        throw fail(path, node, expected: kind.expected, found: found, suggestion: e.suggestion)
      }
      guard unit.dimension == kind.dimension else {
        throw fail(path, node, expected: kind.expected, found: "\"\(text)\" (\(QuantityKind.describe(unit.dimension)))")
      }
      scale = unit.factor
      switch kind {
      case .temperature:
        guard let o = unit.absoluteOffset else {
          throw fail(path, node, expected: kind.expected,
                     found: "\"\(text)\" (a temperature difference; write degC, degF or K for a temperature)")
        }
        offset = o
      case .temperatureDifference:
        if let o = unit.absoluteOffset, o != 0 {
          throw fail(path, node, expected: kind.expected,
                     found: "\"\(text)\" (an absolute temperature; write delta_degC, delta_degF or K)")
        }
      default: break
      }
    }
    return .expression(expression, scale: scale, offset: offset)
  }

  /// A varying value that must be > 0 where it is a constant (expressions are checked where they are evaluated).
  func positiveVarying(_ node: Node, _ path: String, _ kind: QuantityKind) throws -> VaryingValue {
    let v = try varying(node, path, kind)
    if let c = v.constantValue, !(c > 0) {
      throw fail(path, node, expected: "\(kind.name) > 0 (\(kind.siUnit))", found: "\(CaseDecoder.describe(node)) (\(c) \(kind.siUnit))")
    }
    if case .table(_, let values, _) = v.storage, let bad = values.first(where: { !($0 > 0) }) {
      throw fail(path, node, expected: "\(kind.name) > 0 (\(kind.siUnit)) in every row", found: "\(bad) \(kind.siUnit)")
    }
    return v
  }

  func table(_ node: Node, _ path: String, _ kind: QuantityKind) throws -> VaryingValue {
    let f = try fields(node, path, allowed: CaseDecoder.tableKeys, what: "a value or {table: [[t, v], …]}")
    let expected = "a list of rows [time, value]"
    let rowsNode = try required(f, "table", expected: expected)
    let rows = try sequence(rowsNode, f.path("table"), expected: expected)
    guard !rows.isEmpty else { throw fail(f.path("table"), rowsNode, expected: "at least one row [time, value]") }
    var times: [Double] = [], values: [Double] = []
    for (i, row) in rows.enumerated() {
      let rp = CaseDecoder.join(f.path("table"), String(i))
      let pair = try sequence(row, rp, expected: "a row [time, value]")
      guard pair.count == 2 else { throw fail(rp, row, expected: "a row [time, value]") }
      let t = try quantity(pair[0], CaseDecoder.join(rp, "0"), .time)
      if let last = times.last, !(t > last) {
        throw fail(CaseDecoder.join(rp, "0"), pair[0], expected: "times in strictly increasing order",
                   found: "\(t) s after \(last) s")
      }
      times.append(t)
      values.append(try quantity(pair[1], CaseDecoder.join(rp, "1"), kind))
    }
    var interpolation = VaryingValue.Interpolation.linear
    if let n = f["interpolation"] {
      interpolation = try choice(n, f.path("interpolation"), VaryingValue.Interpolation.allCases)
    }
    return .table(times: times, values: values, interpolation: interpolation)
  }
}
