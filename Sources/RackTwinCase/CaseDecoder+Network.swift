import Foundation
import RackTwinCooling
import RackTwinIO
import Yams

/// The `coolant` and `network` sections (`docs/case-format.md`): the loop's fluid and its hydraulic network.
extension CaseDecoder {
  static let networkKeys = ["elements", "manifolds", "reference", "boundaries", "tolerance", "coupling"]
  static let elementTypes = ["pump", "pipe", "fitting", "quickDisconnect", "valve", "component", "exchanger",
                             "compactTray", "coldPlate"]
  static let endKeys = ["from", "to"]
  static let commonElementKeys = ["type", "heat", "fouling"]
  static let ratedKeys = ["flow", "pressureDrop", "exponent", "laminarFraction", "datasheetFluid", "datasheetTemperature"]
  static let elementKeys: [String: [String]] = [
    "pump": ["curve", "flow", "running", "standby", "speed", "efficiency"],
    "pipe": ["length", "diameter", "roughness", "minorLoss"],
    "fitting": ["K", "diameter"],
    "quickDisconnect": ["K", "diameter"],
    "valve": ["kv", "opening"],
    "component": ratedKeys,
    "exchanger": ratedKeys + ["supplyTemperature"],
    "compactTray": ["model", "powers", "air"],
    "coldPlate": [],
  ]
  static let curveKeys = ["shutoff", "maxFlow", "table"]
  static let manifoldKeys = ["layout", "supplySegment", "returnSegment", "branches", "count"]
  static let branchKeys = ["elements", "heat"]
  static let referenceKeys = ["node", "pressure"]
  static let networkBoundaryKeys = ["pressure", "temperature"]

  /// `coolant: NAME`, a built-in fluid (case-insensitive).
  static func coolant(_ node: Node, _ path: String, _ r: Reader) throws -> Coolant {
    let names = Coolant.builtIn.map(\.name)
    let name = node.scalar?.string ?? ""
    guard node.null == nil, node.scalar != nil, let c = Coolant.named(name) else {
      let s = node.scalar == nil ? nil : NearestKey.suggestion(for: name.lowercased(), among: names)
      throw r.fail(path, node, expected: "a coolant: " + NearestKey.expectedOneOf(names, suggestion: s), suggestion: s)
    }
    return c
  }

  /// One element: its law, heat, fouling, set point and (unless part of a manifold) its ends.
  struct ElementBody {
    var type: String
    var kind: HydraulicElement.Kind
    var heat: Double = 0
    var fouling: Double = 1
    var outletTemperature: Double?
    var from: String?
    var to: String?
    var tray: TrayBody?
  }

  /// A `compactTray` element before its model is read: the model's path and the case's inputs, with their keys.
  struct TrayBody {
    var model: String
    var modelPath: String
    var modelLine: Int?
    var powers: [(name: String, power: Double, path: String, line: Int?)]
    var air: Double
  }

  /// Reads each compact model once per decode and checks the element's inputs against it.
  struct TrayModels {
    var loaded: [String: CompactTray] = [:]

    mutating func spec(_ t: TrayBody, element: String, coolant: Coolant?, file: String) throws
      -> CaseDocument.CompactTraySpec {
      let model: CompactTray
      if let m = loaded[t.model] { model = m } else {
        do {
          model = try CompactTray.load(path: t.model)
        } catch let e as CaseError {
          // Name the case and its key first; the model file's own error (file, key, line) follows.
          throw CaseError(file: file, keyPath: t.modelPath, line: t.modelLine,
                          expected: "a compact tray model (racktwin-compact-tray v1)", found: "\(e)")
        }
        loaded[t.model] = model
      }
      if let coolant, Coolant.named(model.coolant)?.name != coolant.name {
        throw CaseError(file: file, keyPath: t.modelPath, line: t.modelLine,
                        expected: "a compact model built with the case's coolant \(coolant.name) (its ΔP and "
                          + "coefficients hold for that fluid only)", found: "\(t.model): coolant \(model.coolant)")
      }
      var powers = zip(model.powerInputs, model.powerInputs.map { n in model.nominal[model.inputs.firstIndex(of: n)!] })
        .map(\.1)
      for p in t.powers {
        guard let i = model.powerInputs.firstIndex(of: p.name) else {
          throw CaseError(file: file, keyPath: p.path, line: p.line,
                          expected: "a component of \(t.model): " + model.powerInputs.joined(separator: ", "),
                          found: "\"\(p.name)\"")
        }
        powers[i] = p.power
      }
      return CaseDocument.CompactTraySpec(element: element, model: model, powers: powers, air: t.air)
    }
  }

  /// The placeholder law of a compact tray until its model is read.
  static let trayPlaceholder = HydraulicElement.Kind.tabulated(TabulatedPressureDrop(flows: [1, 2], drops: [1, 1]))

  /// A plain number within bounds, e.g. an efficiency in (0, 1].
  static func number(_ node: Node, _ path: String, _ expected: String, _ r: Reader, _ ok: (Double) -> Bool) throws
    -> Double {
    let v = try r.quantity(node, path, .dimensionless)
    guard ok(v) else { throw r.fail(path, node, expected: expected) }
    return v
  }

  /// Decodes an element mapping. `ends`: whether `from`/`to` are required (case elements) or not allowed
  /// (manifold segments and branch elements). `extra` are keys allowed besides the type's own (`heat`, `fouling`).
  static func element(_ node: Node, _ path: String, coolant: Coolant?, ends: Bool, extra: [String], _ r: Reader) throws
    -> ElementBody {
    let all = Array(Set(elementKeys.values.flatMap { $0 } + commonElementKeys + (ends ? endKeys : [])))
    let loose = try r.fields(node, path, allowed: all.sorted(), what: "an element mapping {type: …}")
    let typeNode = try r.required(loose, "type", expected: NearestKey.expectedOneOf(elementTypes, suggestion: nil))
    let type = typeNode.scalar?.string ?? ""
    guard let own = elementKeys[type] else {
      let s = typeNode.scalar == nil ? nil : NearestKey.suggestion(for: type, among: elementTypes)
      throw r.fail(loose.path("type"), typeNode, expected: NearestKey.expectedOneOf(elementTypes, suggestion: s),
                   suggestion: s)
    }
    let f = try r.fields(node, path, allowed: ["type"] + (ends ? endKeys : []) + extra + own)
    func req(_ key: String, _ expected: String) throws -> Node { try r.required(f, key, expected: expected) }
    func positive(_ key: String, _ kind: QuantityKind, zero: Bool = false) throws -> Double {
      try r.positive(req(key, kind.expected), f.path(key), kind, allowZero: zero)
    }
    var body = ElementBody(type: type, kind: .fitting(Fitting(lossCoefficient: 1, diameter: 1)))
    if ends {
      body.from = try r.string(req("from", "a node name"), f.path("from"), expected: "a node name")
      body.to = try r.string(req("to", "a node name"), f.path("to"), expected: "a node name")
      if body.from == body.to {
        throw r.fail(f.path("to"), f["to"], expected: "a node other than from (\(body.from!))",
                     found: "the same node \"\(body.to!)\"")
      }
    }
    if let n = f["heat"] { body.heat = try r.quantity(n, f.path("heat"), .power) }
    if let n = f["fouling"] { body.fouling = try number(n, f.path("fouling"), "a fouling factor ≥ 1", r) { $0 >= 1 } }
    switch type {
    case "pump":
      body.kind = .pump(try pump(f, r))
    case "pipe":
      var p = PipeSegment(length: try positive("length", .length), diameter: try positive("diameter", .length))
      if let n = f["roughness"] { p.roughness = try r.positive(n, f.path("roughness"), .length, allowZero: true) }
      if let n = f["minorLoss"] {
        p.minorLoss = try number(n, f.path("minorLoss"), "a loss coefficient 0 or ≥ 1e-12 (a plain number)", r) {
          $0 == 0 || ($0 >= minLossCoefficient && $0.isFinite)
        }
      }
      body.kind = .pipe(p)
    case "fitting", "quickDisconnect":
      let k = try number(req("K", "a loss coefficient K ≥ 1e-12"), f.path("K"),
                         "a loss coefficient K ≥ 1e-12 (a plain number)", r) {
        $0 >= minLossCoefficient && $0.isFinite
      }
      body.kind = .fitting(Fitting(lossCoefficient: k, diameter: try positive("diameter", .length)))
    case "valve":
      // K_v is m³/h at 1 bar by definition (IEC 60534); the quantity arrives in m³/s.
      var v = Valve(flowCoefficient: try positive("kv", .volumeFlow) * 3600)
      if let n = f["opening"] { v.opening = try number(n, f.path("opening"), "an opening in (0, 1]", r) { $0 > 0 && $0 <= 1 } }
      body.kind = .valve(v)
    case "compactTray":
      if f["heat"] != nil {
        throw r.fail(f.path("heat"), f["heat"], expected: "no heat on a compactTray (its model gives it)")
      }
      let mn = try req("model", "a compact tray model file (racktwin-compact-tray)")
      let model = resolve(try r.string(mn, f.path("model"), expected: "a file path"), relativeTo: r.file)
      var t = TrayBody(model: model, modelPath: f.path("model"), modelLine: mn.mark?.line, powers: [],
                       air: 35 + 273.15)
      if let n = f["air"] { t.air = try r.quantity(n, f.path("air"), .temperature) }
      if let n = f["powers"] {
        for e in try r.fields(n, f.path("powers"), allowed: nil, what: "a mapping of component to power").entries {
          let p = join(f.path("powers"), e.key)
          t.powers.append((e.key, try r.positive(e.value, p, .power, allowZero: true), p, e.keyNode.mark?.line))
        }
      }
      body.kind = trayPlaceholder
      body.tray = t
    case "coldPlate":
      // The plate of `coldPlates` that names this element gives its law and heat (CaseDecoder+PlateElements).
      if f["heat"] != nil {
        throw r.fail(f.path("heat"), f["heat"], expected: "no heat on a coldPlate element (the 3-D solve of its plate "
                       + "gives it)")
      }
      body.kind = .component(GenericComponent(linear: 0, coefficient: 0, exponent: 2))
    default:  // component, exchanger
      body.kind = .component(try ratedComponent(f, r))
      if type == "exchanger" {
        let n = try req("supplyTemperature", QuantityKind.temperature.expected)
        let t = try r.quantity(n, f.path("supplyTemperature"), .temperature)
        if let coolant { try checkRange(coolant, t, f.path("supplyTemperature"), n, r) }
        body.outletTemperature = t
      }
    }
    return body
  }

  /// A temperature the coolant must be able to take (liquid, within its data), or an error at the key.
  static func checkRange(_ coolant: Coolant, _ t: Double, _ path: String, _ node: Node, _ r: Reader) throws {
    guard coolant.range.contains(t) else {
      throw r.fail(path, node, expected: String(format: "a temperature where coolant %@ is valid, %.2f °C…%.2f °C",
                                                coolant.name, coolant.range.lowerBound - 273.15,
                                                coolant.range.upperBound - 273.15),
                   found: String(format: "%@ (%.2f °C)", YAMLInput.describe(node), t - 273.15))
    }
  }

  static func pump(_ f: Fields, _ r: Reader) throws -> Pump {
    let curveNode = f["curve"], flowNode = f["flow"]
    guard (curveNode == nil) != (flowNode == nil) else {
      throw r.fail(f.path(curveNode == nil ? "curve" : "flow"), f.node,
                   expected: "either curve {shutoff, maxFlow} / {table} or a fixed flow",
                   found: curveNode == nil ? "neither" : "both curve and flow")
    }
    var p: Pump
    if let flowNode {
      p = Pump(curve: .fixedFlow(try r.positive(flowNode, f.path("flow"), .volumeFlow)))
    } else {
      p = Pump(curve: try pumpCurve(curveNode!, f.path("curve"), r))
    }
    if let n = f["running"] { p.running = try r.integer(n, f.path("running"), atLeast: 1) }
    if let n = f["standby"] { p.standby = try r.integer(n, f.path("standby"), atLeast: 0) }
    if let n = f["speed"] { p.speed = try number(n, f.path("speed"), "a speed ratio > 0 (a plain number)", r) { $0 > 0 } }
    if let n = f["efficiency"] {
      p.efficiency = try number(n, f.path("efficiency"), "a wire-to-water efficiency in (0, 1]", r) { $0 > 0 && $0 <= 1 }
    }
    return p
  }

  static func pumpCurve(_ node: Node, _ path: String, _ r: Reader) throws -> Pump.Curve {
    let expected = "a pump curve {shutoff: PRESSURE, maxFlow: VOLUME FLOW} or {table: [[FLOW, PRESSURE], …]}"
    guard node.mapping != nil else { throw r.fail(path, node, expected: expected) }
    let f = try r.fields(node, path, allowed: curveKeys)
    if let t = f["table"] {
      guard f["shutoff"] == nil, f["maxFlow"] == nil else {
        throw r.fail(path, node, expected: "either {table} or {shutoff, maxFlow}", found: "both")
      }
      let rows = try r.sequence(t, f.path("table"), expected: "a list of [flow, pressure] rows")
      guard rows.count >= 2 else { throw r.fail(f.path("table"), t, expected: "at least two [flow, pressure] rows") }
      var points: [Pump.Point] = []
      for (i, row) in rows.enumerated() {
        let rp = join(f.path("table"), String(i))
        let pair = try r.sequence(row, rp, expected: "a [flow, pressure] row")
        guard pair.count == 2 else { throw r.fail(rp, row, expected: "a [flow, pressure] row") }
        let q = try r.positive(pair[0], join(rp, "0"), .volumeFlow, allowZero: true)
        if let last = points.last, !(q > last.flow) {
          throw r.fail(join(rp, "0"), pair[0], expected: "flows rising row by row",
                       found: String(format: "%.6g m^3/s after %.6g m^3/s", q, last.flow))
        }
        points.append(Pump.Point(flow: q, pressure: try r.positive(pair[1], join(rp, "1"), .pressure, allowZero: true)))
      }
      return .table(points)
    }
    let p0 = try r.positive(r.required(f, "shutoff", expected: QuantityKind.pressure.expected), f.path("shutoff"), .pressure)
    let qMax = try r.positive(r.required(f, "maxFlow", expected: QuantityKind.volumeFlow.expected), f.path("maxFlow"),
                              .volumeFlow)
    let c2 = -p0 / (qMax * qMax)
    guard c2.isNormal && c2.isFinite else {
      throw r.fail(f.path("maxFlow"), f["maxFlow"], expected: "a curve whose coefficient shutoff/maxFlow² is "
                     + "representable (flow and pressure of ordinary size)", found: String(format: "%.3g Pa·s²/m⁶", c2))
    }
    return .quadratic(shutoff: p0, linear: 0, quadratic: c2)
  }

  /// The smallest nonzero loss coefficient (`K`, `minorLoss`): real fittings have K ≈ 0.05–10 (Idelchik, Handbook
  /// of Hydraulic Resistance), so 1e-12 is no fitting at all; a subnormal K (found by fuzzing: 1e-320) stalled the
  /// network's Newton with no heat.
  static let minLossCoefficient = 1e-12
  /// The largest rated flow of a component or exchanger, m³/s (60 000 L/min): a MW-class CDU moves about 0.05 m³/s,
  /// so more is no rack component; found by fuzzing: 1e20 L/min stalled the network's Newton with no heat.
  static let maxRatedFlow = 1.0

  /// ΔP = aQ + bQⁿ through a rated point, with an optional datasheet fluid for rescaling.
  static func ratedComponent(_ f: Fields, _ r: Reader) throws -> GenericComponent {
    let q = try r.positive(r.required(f, "flow", expected: QuantityKind.volumeFlow.expected), f.path("flow"), .volumeFlow)
    guard q <= maxRatedFlow else {
      throw r.fail(f.path("flow"), f["flow"],
                   expected: "a rated flow ≤ 1 m^3/s (60000 L/min: more is no rack component)",
                   found: String(format: "%@ (%.3g m^3/s)", YAMLInput.describe(f["flow"]!), q))
    }
    let dp = try r.positive(r.required(f, "pressureDrop", expected: QuantityKind.pressure.expected),
                            f.path("pressureDrop"), .pressure)
    var n = 2.0, laminar = 0.0
    if let e = f["exponent"] { n = try number(e, f.path("exponent"), "an exponent in [1, 2]", r) { $0 >= 1 && $0 <= 2 } }
    if let e = f["laminarFraction"] {
      laminar = try number(e, f.path("laminarFraction"), "a laminar fraction in [0, 1]", r) { $0 >= 0 && $0 <= 1 }
    }
    var datasheet: (density: Double, viscosity: Double)? = nil
    let fluidNode = f["datasheetFluid"], tNode = f["datasheetTemperature"]
    if fluidNode != nil || tNode != nil {
      guard let fluidNode, let tNode else {
        let missing = fluidNode == nil ? "datasheetFluid" : "datasheetTemperature"
        throw r.fail(f.path(missing), f.node, expected: "datasheetFluid and datasheetTemperature together",
                     found: "no \"\(missing)\" key")
      }
      let fluid = try coolant(fluidNode, f.path("datasheetFluid"), r)
      let t = try r.quantity(tNode, f.path("datasheetTemperature"), .temperature)
      try checkRange(fluid, t, f.path("datasheetTemperature"), tNode, r)
      let props = try fluid.properties(at: t)
      datasheet = (props.density, props.viscosity)
    }
    // Rated points at the ends of floating point give coefficients that underflow or overflow (found by fuzzing:
    // 1e-320 kPa made a subnormal b and a Newton iteration that stagnated); say so at the key.
    let a = laminar * dp / q, b = (1 - laminar) * dp / pow(q, n)
    for c in [a, b] where !(c == 0 || (c.isNormal && c.isFinite)) {
      throw r.fail(f.path("pressureDrop"), f["pressureDrop"], expected: "a rated point whose law ΔP = aQ + bQⁿ has "
                     + "representable coefficients (flow and pressure drop of ordinary size)",
                   found: String(format: "a = %.3g, b = %.3g (SI)", a, b))
    }
    return GenericComponent(linear: a, coefficient: b, exponent: n, datasheetFluid: datasheet)
  }

  /// The `network` section, with the case's coolant (nil when the case has none: then an error at `coolant`).
  static func network(_ node: Node, coolant: Coolant?, _ r: Reader) throws -> CaseDocument.NetworkSpec {
    let f = try r.fields(node, "network", allowed: networkKeys, what: "a mapping {elements, manifolds, …}")
    var elements: [HydraulicElement] = []
    var types: [String] = []
    var origins: [CaseDocument.Origin] = []
    var nodeOrigins: [String: CaseDocument.Origin] = [:]
    var names: [String: String] = [:]  // element or manifold name -> key path that gave it
    var regionSpecs: [CaseDocument.RegionElementSpec] = []
    var trayModels = TrayModels()
    var trays: [CaseDocument.CompactTraySpec] = []

    // Manifolds first: their names give the `NAME.inlet` / `NAME.outlet` nodes the elements connect to.
    var manifolds: [(Manifold, [ElementPatch], CaseDocument.Origin)] = []
    if let m = f["manifolds"] {
      for e in try r.fields(m, f.path("manifolds"), allowed: nil, what: "a mapping of manifold name to manifold").entries {
        let path = join(f.path("manifolds"), e.key)
        let (manifold, patches) = try manifold(e.value, name: e.key, path: path, coolant: coolant, r)
        names[e.key] = path
        manifolds.append((manifold, patches, CaseDocument.Origin(keyPath: path, line: e.keyNode.mark?.line)))
      }
    }
    func alias(_ node: String) -> String {
      for (m, _, _) in manifolds {
        if node == "\(m.name).inlet" { return m.inlet }
        if node == "\(m.name).outlet" { return m.outlet }
      }
      return node
    }
    let elementsNode = try r.required(f, "elements", expected: "a mapping of element name to element")
    let listed = try r.fields(elementsNode, f.path("elements"), allowed: nil, what: "a mapping of element name to element")
    for e in listed.entries {
      let path = join(f.path("elements"), e.key)
      if let other = names[e.key] {
        throw r.fail(path, e.keyNode, expected: "element and manifold names unique", found: "\"\(e.key)\" also at \(other)")
      }
      names[e.key] = path
      let b: ElementBody
      if isRegionElement(e.value) {
        let (body, spec) = try regionElement(e.value, name: e.key, path: path, line: e.keyNode.mark?.line, r)
        b = body
        regionSpecs.append(spec)
      } else {
        b = try element(e.value, path, coolant: coolant, ends: true, extra: ["heat", "fouling"], r)
      }
      let (from, to) = (alias(b.from!), alias(b.to!))
      guard from != to else {
        throw r.fail(join(path, "to"), e.value, expected: "a node other than from", found: "both ends at node \(from)")
      }
      for (end, n) in [("from", from), ("to", to)] where nodeOrigins[n] == nil {
        nodeOrigins[n] = CaseDocument.Origin(keyPath: join(path, end), line: e.value.mark?.line)
      }
      var kind = b.kind
      if let t = b.tray {
        let spec = try trayModels.spec(t, element: e.key, coolant: coolant, file: r.file)
        kind = .tabulated(spec.model.pressureDropLaw)
        trays.append(spec)
      }
      elements.append(HydraulicElement(name: e.key, from: from, to: to, kind: kind, heat: b.heat,
                                       outletTemperature: b.outletTemperature, foulingFactor: b.fouling))
      types.append(b.type)
      origins.append(CaseDocument.Origin(keyPath: path, line: e.keyNode.mark?.line))
    }
    var summaries: [CaseDocument.ManifoldSummary] = []
    for (m, patches, origin) in manifolds {
      for (k, var el) in m.elements().enumerated() {
        if let other = names[el.name] {
          throw r.fail(origin.keyPath, nil, expected: "element and manifold names unique",
                       found: "\"\(el.name)\" (made by manifold \(m.name)) also at \(other)")
        }
        let patch = patches[k]
        el.heat += patch.heat
        el.foulingFactor = patch.fouling
        el.outletTemperature = patch.outletTemperature
        if let t = patch.tray {
          guard el.heat == 0 else {
            throw r.fail(patch.origin.keyPath, nil, expected: "no branch heat on a compactTray (its model gives it)",
                         found: String(format: "%.6g W on element %@", el.heat, el.name))
          }
          let spec = try trayModels.spec(t, element: el.name, coolant: coolant, file: r.file)
          el.kind = .tabulated(spec.model.pressureDropLaw)
          trays.append(spec)
        }
        for n in [el.from, el.to] where nodeOrigins[n] == nil { nodeOrigins[n] = patch.origin }
        elements.append(el)
        types.append(patch.type)
        origins.append(patch.origin)
      }
      summaries.append(CaseDocument.ManifoldSummary(name: m.name, branchElements: m.branchNames))
    }

    var network = HydraulicNetwork(elements: elements)
    let known = Set(elements.flatMap { [$0.from, $0.to] })
    func existingNode(_ n: Node, _ path: String) throws -> String {
      let name = alias(try r.string(n, path, expected: "a node name"))
      guard known.contains(name) else {
        let s = NearestKey.suggestion(for: name, among: known.sorted())
        throw r.fail(path, n, expected: "a node an element connects" + (s.map { " (did you mean \"\($0)\"?)" } ?? ""),
                     found: "\"\(name)\", which no element names", suggestion: s)
      }
      return name
    }
    if let n = f["reference"] {
      let g = try r.fields(n, f.path("reference"), allowed: referenceKeys, what: "a mapping {node, pressure}")
      let node = try existingNode(try r.required(g, "node", expected: "a node name"), g.path("node"))
      let p = try r.quantity(r.required(g, "pressure", expected: QuantityKind.pressure.expected), g.path("pressure"),
                             .pressure)
      network.boundaries[node] = .init(pressure: p)
      nodeOrigins[node] = CaseDocument.Origin(keyPath: g.path("node"), line: g["node"]?.mark?.line)
    }
    if let n = f["boundaries"] {
      for e in try r.fields(n, f.path("boundaries"), allowed: nil, what: "a mapping of node to {pressure, temperature}")
        .entries {
        let path = join(f.path("boundaries"), e.key)
        let node = alias(e.key)
        guard known.contains(node) else { _ = try existingNode(e.keyNode, path); continue }
        guard network.boundaries[node] == nil else {
          throw r.fail(path, e.keyNode, expected: "each node held at one pressure", found: "node \(node) also in network.reference")
        }
        let g = try r.fields(e.value, path, allowed: networkBoundaryKeys, what: "a mapping {pressure, temperature}")
        let p = try r.quantity(r.required(g, "pressure", expected: QuantityKind.pressure.expected), g.path("pressure"),
                               .pressure)
        var t: Double? = nil
        if let tn = g["temperature"] {
          t = try r.quantity(tn, g.path("temperature"), .temperature)
          if let coolant { try checkRange(coolant, t!, g.path("temperature"), tn, r) }
        }
        network.boundaries[node] = .init(pressure: p, temperature: t)
        nodeOrigins[node] = CaseDocument.Origin(keyPath: path, line: e.keyNode.mark?.line)
      }
    }
    var tolerance = 1e-11
    if let n = f["tolerance"] {
      tolerance = try number(n, f.path("tolerance"), "a relative tolerance in (0, 1), e.g. 1e-11", r) { $0 > 0 && $0 < 1 }
    }
    var spec = CaseDocument.NetworkSpec(network: network, elementTypes: types, elementOrigins: origins,
                                        nodeOrigins: nodeOrigins, manifolds: summaries, tolerance: tolerance)
    spec.regions = regionSpecs
    spec.trays = trays
    if let n = f["coupling"] { spec.coupling = try coupling(n, f.path("coupling"), r) }
    return spec
  }

  /// What the builder's elements of a manifold take from their case keys: heat, fouling, set point, type, origin.
  struct ElementPatch {
    var type: String
    var heat: Double
    var fouling: Double
    var outletTemperature: Double?
    var origin: CaseDocument.Origin
    var tray: TrayBody? = nil
  }

  static func manifold(_ node: Node, name: String, path: String, coolant: Coolant?, _ r: Reader) throws
    -> (Manifold, [ElementPatch]) {
    let f = try r.fields(node, path, allowed: manifoldKeys, what: "a manifold mapping {layout, supplySegment, …}")
    var layout = Manifold.Layout.directReturn
    if let n = f["layout"] { layout = try r.choice(n, f.path("layout"), [Manifold.Layout.directReturn, .reverseReturn]) }
    func segment(_ key: String) throws -> (HydraulicElement.Kind, ElementPatch) {
      let n = try r.required(f, key, expected: "an element without from/to, e.g. {type: pipe, length, diameter}")
      let b = try element(n, f.path(key), coolant: coolant, ends: false, extra: ["fouling"], r)
      if b.tray != nil { throw r.fail(f.path(key), n, expected: "a header segment, not a compactTray") }
      return (b.kind, ElementPatch(type: b.type, heat: 0, fouling: b.fouling, outletTemperature: b.outletTemperature,
                                   origin: CaseDocument.Origin(keyPath: f.path(key), line: n.mark?.line)))
    }
    let (supply, supplyPatch) = try segment("supplySegment")
    let (ret, returnPatch) = try segment("returnSegment")
    let bn = try r.required(f, "branches", expected: "a list of branches {elements: […], heat}")
    let items = try r.sequence(bn, f.path("branches"), expected: "a list of branches {elements: […], heat}")
    guard !items.isEmpty else { throw r.fail(f.path("branches"), bn, expected: "at least one branch") }
    var branches: [Manifold.Branch] = []
    var branchPatches: [[ElementPatch]] = []
    for (i, item) in items.enumerated() {
      let bp = join(f.path("branches"), String(i))
      let g = try r.fields(item, bp, allowed: branchKeys, what: "a branch {elements: […], heat}")
      let en = try r.required(g, "elements", expected: "a list of elements without from/to")
      let list = try r.sequence(en, g.path("elements"), expected: "a list of elements without from/to")
      guard !list.isEmpty else { throw r.fail(g.path("elements"), en, expected: "at least one element") }
      var kinds: [HydraulicElement.Kind] = []
      var patches: [ElementPatch] = []
      for (j, e) in list.enumerated() {
        let ep = join(g.path("elements"), String(j))
        let b = try element(e, ep, coolant: coolant, ends: false, extra: ["heat", "fouling"], r)
        kinds.append(b.kind)
        patches.append(ElementPatch(type: b.type, heat: b.heat, fouling: b.fouling,
                                    outletTemperature: b.outletTemperature,
                                    origin: CaseDocument.Origin(keyPath: ep, line: e.mark?.line), tray: b.tray))
      }
      var heat = 0.0
      if let h = g["heat"] { heat = try r.quantity(h, g.path("heat"), .power) }
      branches.append(Manifold.Branch(elements: kinds, heat: heat))
      branchPatches.append(patches)
    }
    if let n = f["count"] {
      let count = try r.integer(n, f.path("count"), atLeast: 1)
      if branches.count == 1 {
        branches = Array(repeating: branches[0], count: count)
        branchPatches = Array(repeating: branchPatches[0], count: count)
      } else if count != branches.count {
        throw r.fail(f.path("count"), n, expected: "\(branches.count) (the number of listed branches), or one listed "
                       + "branch to repeat", found: "\(count)")
      }
    }
    let manifold = Manifold(name: name, layout: layout, supplySegment: supply, returnSegment: ret, branches: branches)
    // Patches in the builder's order: header segments (supply, return per gap), then branch elements; the branch's
    // own heat is already on its last element (the builder puts it there), so branch patches carry element heat only.
    var patches: [ElementPatch] = []
    if branches.count > 1 { for _ in 1..<branches.count { patches += [supplyPatch, returnPatch] } }
    for p in branchPatches { patches += p }
    return (manifold, patches)
  }
}
