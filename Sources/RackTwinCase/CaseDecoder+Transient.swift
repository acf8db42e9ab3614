import RackTwinCooling
import RackTwinIO
import RackTwinThermal
import Yams

/// Varying values (expressions, time tables), `sources` and the `transient` section (`docs/case-format.md`).
extension CaseDecoder {
  static let tableKeys = ["table", "interpolation"]
  static let sourceKeys = ["density", "regions"]
  static let transientKeys = ["duration", "step", "scheme", "tolerance", "maxStep", "output", "initial", "events",
                               "loop"]
  static let eventActions = ["set", "pumpTrip", "flowChange", "supplyTemperatureStep", "cduTrip", "powerBurst"]
  static let eventKeys = ["time"] + eventActions
  static let loopMassKeys = ["volume", "metal"]

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

  static func transient(_ node: Node, boundaries: [CaseDocument.BoundarySpec],
                        components: [CaseDocument.ComponentSpec] = [], network: CaseDocument.NetworkSpec? = nil,
                        coolant: Coolant? = nil, coldPlates: Bool = false, _ r: Reader) throws
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
    if let n = f["loop"], n.null == nil { spec.loop = try loopMass(n, f.path("loop"), r) }
    if let n = f["events"], n.null == nil {
      let items = try r.sequence(n, f.path("events"), expected: "a list of {time, set} or {time, EVENT: {…}}")
      var decoded: [(time: Double, node: Node, path: String, set: Fields?, action: Fields?)] = []
      for (i, item) in items.enumerated() {
        let path = join(f.path("events"), String(i))
        let g = try r.fields(item, path, allowed: eventKeys)
        let tNode = try r.required(g, "time", expected: timeExpected)
        let t = try r.positive(tNode, g.path("time"), .time)
        guard t <= duration else {
          throw r.fail(g.path("time"), tNode, expected: "a time in (0, duration] (duration \(duration) s)")
        }
        let actions = g.entries.filter { $0.key != "time" }
        guard actions.count == 1, let action = actions.first else {
          throw r.fail(path, item, expected: "time and exactly one of " + eventActions.joined(separator: ", "),
                       found: actions.isEmpty ? "none" : actions.map(\.key).joined(separator: " and "))
        }
        if action.key == "set" {
          let set = try r.fields(action.value, g.path("set"), allowed: nil)
          decoded.append((t, item, path, set, nil))
        } else if action.key == "powerBurst" {
          let burst = try r.fields(action.value, g.path("powerBurst"), allowed: ["component", "power", "duration",
                                                                                   "profile"])
          decoded.append((t, item, path, nil, burst))
        } else {
          if coldPlates, network == nil {
            spec.loopEvents.append(try coldPlateEvent(action.key, action.value, time: t, path: g.path(action.key), r))
            continue
          }
          spec.loopEvents.append(try loopEvent(action.key, action.value, time: t, path: g.path(action.key),
                                               network: network, coolant: coolant, r))
        }
      }
      // Boundary changes of one field need the patch's condition as it is at the event's time: walk in time order.
      var current = Dictionary(boundaries.map { ($0.patch, $0.condition) }, uniquingKeysWith: { _, b in b })
      var currentPower = Dictionary(components.map { ($0.name, $0.power) }, uniquingKeysWith: { _, b in b })
      var events = [CaseDocument.EventSpec?](repeating: nil, count: decoded.count)
      var burstEvents: [CaseDocument.EventSpec] = []
      for i in decoded.indices.sorted(by: { (decoded[$0].time, $0) < (decoded[$1].time, $1) }) {
        if let burst = decoded[i].action {
          let (atTime, restore) = try powerBurst(burst, time: decoded[i].time, duration: duration,
                                                 components: components, currentPower: &currentPower, r)
          events[i] = atTime
          burstEvents += restore
          continue
        }
        let set = decoded[i].set!
        var changes: [CaseDocument.EventChange] = []
        for e in set.entries {
          let key = set.path(e.key)
          let parts = e.key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
          let expected = "components.NAME.power, boundaries.PATCH or boundaries.PATCH.(value|h|ambient|surroundings)"
          if parts.count == 3, parts[0] == "components", parts[2] == "power" {
            let power = try r.positive(e.value, key, .power, allowZero: true)
            currentPower[parts[1]] = power
            changes.append(.componentPower(component: parts[1], power: power))
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
      spec.events = events.compactMap { $0 } + burstEvents
    }
    return spec
  }

  /// `transient.loop`: `{volume, metal: {mass, specificHeat}}`.
  static func loopMass(_ node: Node, _ path: String, _ r: Reader) throws -> CaseDocument.LoopMassSpec {
    let f = try r.fields(node, path, allowed: loopMassKeys)
    var spec = CaseDocument.LoopMassSpec()
    if let n = f["volume"] { spec.volume = try r.positive(n, f.path("volume"), .volume, allowZero: true) }
    if let n = f["metal"] {
      let g = try r.fields(n, f.path("metal"), allowed: ["mass", "specificHeat"])
      spec.metalMass = try r.positive(r.required(g, "mass", expected: QuantityKind.mass.expected), g.path("mass"),
                                      .mass, allowZero: true)
      spec.metalSpecificHeat = try r.positive(r.required(g, "specificHeat", expected: QuantityKind.specificHeat.expected),
                                              g.path("specificHeat"), .specificHeat)
    }
    return spec
  }

  /// One of `pumpTrip`, `flowChange`, `supplyTemperatureStep`, `cduTrip`: its element must be a network element of
  /// the right type, in a network with 3-D region elements (the flow the event changes).
  static func loopEvent(_ name: String, _ node: Node, time: Double, path: String, network: CaseDocument.NetworkSpec?,
                        coolant: Coolant?, _ r: Reader) throws -> CaseDocument.LoopEventSpec {
    let allowed: [String]
    switch name {
    case "pumpTrip": allowed = ["element", "coastDown"]
    case "flowChange": allowed = ["element", "flow", "ramp"]
    case "supplyTemperatureStep": allowed = ["element", "temperature", "ramp"]
    default: allowed = ["element"]
    }
    let f = try r.fields(node, path, allowed: allowed)
    guard let network, !network.regions.isEmpty else {
      throw r.fail(path, node, expected: "a case whose coolant flows through the mesh (a network with elements of "
                     + "type region) for a \(name) event",
                   found: network == nil ? "no network" : "a network without region elements")
    }
    let wantedType = name == "pumpTrip" || name == "flowChange" ? "pump" : "exchanger"
    let article = wantedType == "pump" ? "a" : "an"
    let elementNode = try r.required(f, "element", expected: "the name of \(article) \(wantedType) element of the network")
    let element = try r.string(elementNode, f.path("element"))
    let names = network.network.elements.map(\.name)
    let ofType = names.indices.filter { network.elementTypes[$0] == wantedType }.map { names[$0] }
    guard let index = names.firstIndex(of: element) else {
      let hint = NearestKey.suggestion(for: element, among: ofType)
      throw r.fail(f.path("element"), elementNode,
                   expected: "\(article) \(wantedType) element of the network [\(ofType.joined(separator: ", "))]"
                     + (hint.map { " (did you mean \"\($0)\"?)" } ?? ""),
                   found: "\"\(element)\"", suggestion: hint)
    }
    guard network.elementTypes[index] == wantedType else {
      throw r.fail(f.path("element"), elementNode,
                   expected: "\(article) \(wantedType) element of the network [\(ofType.joined(separator: ", "))]",
                   found: "\"\(element)\", an element of type \(network.elementTypes[index])")
    }
    if wantedType == "pump" {
      let pumps = network.elementTypes.filter { $0 == "pump" }.count
      guard pumps == 1 else {
        throw r.fail(f.path("element"), elementNode, expected: "a loop with one pump element (its \(name) scales "
                       + "the whole loop's flow)", found: "\(pumps) pump elements")
      }
    }
    func ramp() throws -> Double {
      guard let n = f["ramp"] else { return 0 }
      return try r.positive(n, f.path("ramp"), .time, allowZero: true)
    }
    let kind: CaseDocument.LoopEventKind
    switch name {
    case "pumpTrip":
      let tau = try f["coastDown"].map { try r.positive($0, f.path("coastDown"), .time, allowZero: true) } ?? 1
      kind = .pumpTrip(element: element, coastDown: tau)
    case "flowChange":
      let flow = try r.positive(r.required(f, "flow", expected: QuantityKind.volumeFlow.expected), f.path("flow"),
                                .volumeFlow, allowZero: true)
      kind = .flowChange(element: element, flow: flow, ramp: try ramp())
    case "supplyTemperatureStep":
      let tNode = try r.required(f, "temperature", expected: QuantityKind.temperature.expected)
      let t = try r.quantity(tNode, f.path("temperature"), .temperature)
      if let coolant, !coolant.range.contains(t) {
        throw r.fail(f.path("temperature"), tNode,
                     expected: String(format: "a temperature within the coolant %@'s range %.2f °C…%.2f °C",
                                      coolant.name, coolant.range.lowerBound - 273.15, coolant.range.upperBound - 273.15))
      }
      kind = .supplyTemperatureStep(element: element, temperature: t, ramp: try ramp())
    default:
      kind = .cduTrip(element: element)
    }
    return CaseDocument.LoopEventSpec(time: time, kind: kind, origin: .init(keyPath: path, line: node.mark?.line))
  }

  /// `pumpTrip` or `flowChange` on a case whose coolant is its cold plates (`coldPlates`, no `network`): the event
  /// scales every plate's flow; `element` omitted or `coldPlates`; `flowChange` takes `factor` (of the flow at t = 0).
  static func coldPlateEvent(_ name: String, _ node: Node, time: Double, path: String, _ r: Reader) throws
    -> CaseDocument.LoopEventSpec {
    let target = CaseDocument.LoopEventKind.coldPlatesTarget
    guard name == "pumpTrip" || name == "flowChange" else {
      throw r.fail(path, node, expected: "pumpTrip or flowChange on a case whose coolant is its cold plates (each "
                     + "plate's inletTemperature is fixed; \(name) needs a network with region elements)",
                   found: "a \(name) event")
    }
    let f = try r.fields(node, path, allowed: name == "pumpTrip" ? ["element", "coastDown"]
                                                                 : ["element", "factor", "ramp"])
    if let n = f["element"] {
      let element = try r.string(n, f.path("element"))
      guard element == target else {
        throw r.fail(f.path("element"), n, expected: "\(target) or no element (the event acts on every cold plate)",
                     found: "\"\(element)\"")
      }
    }
    let origin = CaseDocument.Origin(keyPath: path, line: node.mark?.line)
    if name == "pumpTrip" {
      let tau = try f["coastDown"].map { try r.positive($0, f.path("coastDown"), .time, allowZero: true) } ?? 1
      return .init(time: time, kind: .pumpTrip(element: target, coastDown: tau), origin: origin)
    }
    let factorNode = try r.required(f, "factor", expected: "the plates' flow as a fraction of their flow at t = 0 "
                                      + "(a number ≥ 0)")
    let factor = try r.positive(factorNode, f.path("factor"), .dimensionless, allowZero: true)
    let ramp = try f["ramp"].map { try r.positive($0, f.path("ramp"), .time, allowZero: true) } ?? 0
    return .init(time: time, kind: .flowFactorChange(factor: factor, ramp: ramp), origin: origin)
  }

  /// A `powerBurst`: the change at its time (a step, or a profile's first row) and the later changes (the profile's
  /// rows, or the return to the power before the burst after `duration`) as their own events; times past the run's
  /// end are dropped.
  static func powerBurst(_ f: Fields, time: Double, duration: Double, components: [CaseDocument.ComponentSpec],
                         currentPower: inout [String: Double], _ r: Reader) throws
    -> (CaseDocument.EventSpec?, [CaseDocument.EventSpec]) {
    let cNode = try r.required(f, "component", expected: "a component name")
    let name = try r.string(cNode, f.path("component"))
    let names = components.map(\.name)
    guard let before = currentPower[name] else {
      let hint = NearestKey.suggestion(for: name, among: names)
      throw r.fail(f.path("component"), cNode,
                   expected: "a component of the case [\(names.joined(separator: ", "))]"
                     + (hint.map { " (did you mean \"\($0)\"?)" } ?? ""), found: "\"\(name)\"", suggestion: hint)
    }
    var rows: [(time: Double, power: Double)] = []
    switch (f["power"], f["profile"]) {
    case (let p?, nil):
      rows.append((0, try r.positive(p, f.path("power"), .power, allowZero: true)))
      if let d = f["duration"] { rows.append((try r.positive(d, f.path("duration"), .time), before)) }
    case (nil, let p?):
      if let d = f["duration"] {
        throw r.fail(f.path("duration"), d, expected: "duration with power only (a profile holds its last row)")
      }
      let expected = "a list of rows [TIME, POWER]"
      let items = try r.sequence(p, f.path("profile"), expected: expected)
      guard !items.isEmpty else { throw r.fail(f.path("profile"), p, expected: "at least one row [TIME, POWER]") }
      for (i, item) in items.enumerated() {
        let rp = join(f.path("profile"), String(i))
        let pair = try r.sequence(item, rp, expected: "a row [TIME, POWER]")
        guard pair.count == 2 else { throw r.fail(rp, item, expected: "a row [TIME, POWER]") }
        let t = try r.positive(pair[0], join(rp, "0"), .time, allowZero: true)
        if let last = rows.last, !(t > last.time) {
          throw r.fail(join(rp, "0"), pair[0], expected: "times in strictly increasing order",
                       found: "\(t) s after \(last.time) s")
        }
        rows.append((t, try r.positive(pair[1], join(rp, "1"), .power, allowZero: true)))
      }
    default:
      throw r.fail(f.path, f.node, expected: "exactly one of power and profile")
    }
    currentPower[name] = rows.last!.power
    let events = rows.filter { time + $0.time <= duration }.map {
      CaseDocument.EventSpec(time: time + $0.time, changes: [.componentPower(component: name, power: $0.power)])
    }
    guard let first = events.first, rows[0].time == 0 else { return (nil, events) }
    return (first, Array(events.dropFirst()))
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
