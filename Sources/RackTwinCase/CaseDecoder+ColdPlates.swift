import Foundation
import RackTwinCooling
import RackTwinIO
import Yams

/// The `coldPlates` section (`docs/case-format.md`): datasheet cold plates on boundary patches, fidelity (a) of
/// DESIGN §3.3. The datasheet is checked and fitted here (`ColdPlateDatasheet`, `ColdPlateCurve.fit`), so a bad
/// datasheet is an error at its key and line; the patch is checked against the mesh by `ModelBuilder`.
extension CaseDecoder {
  static let coldPlateKeys = ["model", "patch", "flowDirection", "segments", "flow", "inletTemperature", "datasheet",
                                     "upstream", "thermalMass"]
  static let coldPlateModels = ["datasheet"]
  static let coldPlateDatasheetKeys = ["coolant", "temperature", "resistance", "fit", "scaling", "pressureDrop"]
  static let coldPlateFits: [String: ColdPlateCurve.Form] = [
    "constant": .constant, "powerLaw": .powerLaw, "powerLawWithBase": .powerLawWithBase]
  static let coldPlatePressureDropKeys = ["flow", "pressureDrop", "exponent", "laminarFraction", "points"]
  /// More segments than this resolve nothing a mesh patch can show, and a typo (`segments: 1e9`) would exhaust memory.
  static let maxColdPlateSegments = 10_000

  /// The `coldPlates` section; `coolant` is the case's coolant (required: an error at `coolant` without one).
  static func coldPlates(_ node: Node, coolant: Coolant?, network: CaseDocument.NetworkSpec?, root: Node, _ r: Reader)
    throws -> [CaseDocument.ColdPlateSpec] {
    let section = try r.fields(node, "coldPlates", allowed: nil, what: "a mapping of cold plate name to settings")
    guard !section.entries.isEmpty else { return [] }
    guard let coolant else {
      throw r.fail("coolant", root, expected: "the cold plates' coolant with coldPlates: "
                     + NearestKey.expectedOneOf(Coolant.builtIn.map(\.name), suggestion: nil),
                   found: "no \"coolant\" key")
    }
    let plates = try section.entries.filter { !isFinColdPlate($0.value) }.map { e in
      try coldPlate(e.value, name: e.key, path: join("coldPlates", e.key), line: e.keyNode.mark?.line,
                    coolant: coolant, network: network, r)
    }
    // `upstream`: other plates of the section, each feeding at most one plate, without a loop.
    let names = plates.map(\.name)
    var fed: [String: String] = [:]
    for p in plates {
      let key = join(p.origin.keyPath, "upstream")
      for u in p.upstream {
        guard names.contains(u), u != p.name else {
          let s = NearestKey.suggestion(for: u, among: names.filter { $0 != p.name })
          throw CaseError(file: r.file, keyPath: key, line: p.upstreamLine,
                          expected: "other cold plates of the case" + (s.map { " (did you mean \"\($0)\"?)" } ?? ""),
                          found: "\"\(u)\"", suggestion: s)
        }
        if let other = fed[u] {
          throw CaseError(file: r.file, keyPath: key, line: p.upstreamLine,
                          expected: "a plate whose outlet feeds one plate only",
                          found: "\(u) listed by both \(other) and \(p.name)")
        }
        fed[u] = p.name
      }
    }
    for p in plates {
      var seen: Set<String> = [p.name], frontier = p.upstream
      while let u = frontier.popLast() {
        if u == p.name || !seen.insert(u).inserted {
          throw CaseError(file: r.file, keyPath: join(p.origin.keyPath, "upstream"), line: p.upstreamLine,
                          expected: "a series connection without a loop", found: "\(p.name) feeds itself through \(u)")
        }
        frontier += plates.first { $0.name == u }?.upstream ?? []
      }
    }
    return plates
  }

  static func coldPlate(_ node: Node, name: String, path: String, line: Int?, coolant: Coolant,
                        network: CaseDocument.NetworkSpec?, _ r: Reader) throws -> CaseDocument.ColdPlateSpec {
    // A given model first: a misspelt `model: porus` is about the model, not about the keys of a datasheet plate.
    let any = try r.fields(node, path, allowed: nil, what: "a cold plate mapping {model: datasheet, patch, …}")
    let all = coldPlateModels + finColdPlateModels
    if let modelNode = any["model"], !coldPlateModels.contains(modelNode.scalar?.string ?? "") {
      let s = modelNode.scalar == nil ? nil : NearestKey.suggestion(for: modelNode.scalar?.string ?? "", among: all)
      throw r.fail(any.path("model"), modelNode, expected: NearestKey.expectedOneOf(all, suggestion: s), suggestion: s)
    }
    let f = try r.fields(node, path, allowed: coldPlateKeys, what: "a cold plate mapping {model: datasheet, patch, …}")
    _ = try r.required(f, "model", expected: NearestKey.expectedOneOf(all, suggestion: nil))
    let patchNode = try r.required(f, "patch", expected: "a boundary patch name")
    let patch = try r.string(patchNode, f.path("patch"), expected: "a boundary patch name")
    let directionNode = try r.required(f, "flowDirection", expected: "a list of three values [x, y, z] (1)")
    let direction = try r.vector3(directionNode, f.path("flowDirection"), .dimensionless)
    let length = (direction * direction).sum().squareRoot()
    guard length > 0, length.isFinite else {
      throw r.fail(f.path("flowDirection"), directionNode, expected: "a non-zero, finite flow direction",
                   found: "[\(direction.x), \(direction.y), \(direction.z)]")
    }
    var segments = 20
    if let n = f["segments"] {
      segments = try r.integer(n, f.path("segments"), atLeast: 1)
      guard segments <= maxColdPlateSegments else {
        throw r.fail(f.path("segments"), n, expected: "at most \(maxColdPlateSegments) coolant path segments",
                     found: "\(segments)")
      }
    }

    // The flow: a fixed volume flow with its inlet temperature, or a network element's.
    let flowNode = try r.required(f, "flow", expected: "a volume flow (m^3/s) or {element: NAME}")
    let flow: CaseDocument.ColdPlateFlow
    var propertyTemperature: Double? = nil
    if flowNode.mapping != nil {
      let ef = try r.fields(flowNode, f.path("flow"), allowed: ["element"])
      let elementNode = try r.required(ef, "element", expected: "a network element name")
      let element = try r.string(elementNode, ef.path("element"), expected: "a network element name")
      guard let network else {
        throw r.fail(ef.path("element"), elementNode, expected: "a network section whose element this is",
                     found: "no \"network\" key")
      }
      let names = network.network.elements.map(\.name)
      guard names.contains(element) else {
        let s = NearestKey.suggestion(for: element, among: names)
        throw r.fail(ef.path("element"), elementNode,
                     expected: "an element of the network" + (s.map { " (did you mean \"\($0)\"?)" } ?? ""),
                     found: "\"\(element)\"", suggestion: s)
      }
      if let n = f["inletTemperature"] {
        throw r.fail(f.path("inletTemperature"), n, expected: "no inletTemperature with flow {element}: the network "
                       + "gives the element's inlet temperature", found: YAMLInput.describe(n))
      }
      flow = .element(element)
    } else {
      let q = try r.positive(flowNode, f.path("flow"), .volumeFlow)
      let tNode = try r.required(f, "inletTemperature", expected: QuantityKind.temperature.expected
                                   + " (required with a fixed flow)")
      let t = try r.quantity(tNode, f.path("inletTemperature"), .temperature)
      try checkRange(coolant, t, f.path("inletTemperature"), tNode, r)
      flow = .fixed(volumeFlow: q, inletTemperature: t)
      propertyTemperature = t
    }

    let sheetNode = try r.required(f, "datasheet", expected: "a datasheet mapping {temperature, resistance, …}")
    let curve = try coldPlateCurve(sheetNode, f.path("datasheet"), plate: name, caseCoolant: coolant,
                                   propertyTemperature: propertyTemperature, r)
    if case let .fixed(q, t) = flow {
      // The plate's law must stay representable at this flow (1e-300 L/min gives R = ∞ and UA_eff = NaN).
      let inlet = try coolantProperty(coolant, t, f.path("inletTemperature"), f["inletTemperature"], r)
      let massFlow = q * inlet.density
      let ua = curve.effectiveConductance(massFlow: massFlow)
      let rr = curve.resistance(massFlow: massFlow)
      guard ua.isFinite, ua > 0, rr.isFinite, rr > 0, massFlow.isNormal else {
        throw r.fail(f.path("flow"), flowNode, expected: "a flow at which the plate's law R(ṁ) is finite (a flow of "
                       + "ordinary size)", found: String(format: "%@: ṁ = %.3g kg/s, R = %.3g K/W, UA = %.3g W/K",
                                                         YAMLInput.describe(flowNode), massFlow, rr, ua))
      }
    }
    var spec = CaseDocument.ColdPlateSpec(
      name: name, patch: patch, flowDirection: direction, segments: segments, flow: flow, curve: curve,
      origin: CaseDocument.Origin(keyPath: path, line: line), patchLine: patchNode.mark?.line,
      flowLine: flowNode.mark?.line)
    if let n = f["upstream"] {
      let expected = "a non-empty list of cold plate names"
      let items = try r.sequence(n, f.path("upstream"), expected: expected)
      guard !items.isEmpty else { throw r.fail(f.path("upstream"), n, expected: expected, found: "[]") }
      spec.upstream = try items.enumerated().map { i, item in
        try r.string(item, join(f.path("upstream"), String(i)), expected: "a cold plate name")
      }
      guard Set(spec.upstream).count == spec.upstream.count else {
        throw r.fail(f.path("upstream"), n, expected: "distinct plate names", found: YAMLInput.describe(n))
      }
      guard case .fixed = flow else {
        throw r.fail(f.path("upstream"), n, expected: "no upstream with flow {element}: the network connects the "
                       + "plates", found: YAMLInput.describe(n))
      }
      spec.upstreamLine = n.mark?.line
    }
    if let n = f["thermalMass"], n.null == nil {
      spec.thermalMass = try coldPlateThermalMass(n, f.path("thermalMass"), coolant: coolant, flow: flow, r)
    }
    return spec
  }

  /// `thermalMass: {coolantVolume, metal: {mass, specificHeat}}`: ρc_p·volume (the coolant at the plate's inlet
  /// temperature, or 25 °C with `{element}`) + mass·specificHeat, J/K.
  static func coldPlateThermalMass(_ node: Node, _ path: String, coolant: Coolant, flow: CaseDocument.ColdPlateFlow,
                                   _ r: Reader) throws -> Double {
    let f = try r.fields(node, path, allowed: ["coolantVolume", "metal"],
                         what: "a mapping {coolantVolume, metal: {mass, specificHeat}}")
    var capacity = 0.0
    if let n = f["coolantVolume"] {
      let v = try r.positive(n, f.path("coolantVolume"), .volume, allowZero: true)
      var t = 298.15
      if case let .fixed(_, inlet) = flow { t = inlet }
      let p = try coolantProperty(coolant, t, f.path("coolantVolume"), n, r)
      capacity += p.density * p.specificHeat * v
    }
    if let n = f["metal"] {
      let g = try r.fields(n, f.path("metal"), allowed: ["mass", "specificHeat"])
      let m = try r.positive(r.required(g, "mass", expected: QuantityKind.mass.expected), g.path("mass"), .mass,
                             allowZero: true)
      let c = try r.positive(r.required(g, "specificHeat", expected: QuantityKind.specificHeat.expected),
                             g.path("specificHeat"), .specificHeat)
      capacity += m * c
    }
    guard capacity.isFinite else {
      throw r.fail(path, node, expected: "a heat capacity of ordinary size", found: "\(capacity) J/K")
    }
    return capacity
  }

  /// The datasheet, fitted, in the case's coolant (properties at `propertyTemperature`, else the datasheet's).
  static func coldPlateCurve(_ node: Node, _ path: String, plate: String, caseCoolant: Coolant,
                             propertyTemperature: Double?, _ r: Reader) throws -> ColdPlateCurve {
    let f = try r.fields(node, path, allowed: coldPlateDatasheetKeys,
                         what: "a datasheet mapping {temperature, resistance, …}")
    let sheetCoolant = try f["coolant"].map { try self.coolant($0, f.path("coolant"), r) } ?? caseCoolant
    let tNode = try r.required(f, "temperature", expected: QuantityKind.temperature.expected)
    let t = try r.quantity(tNode, f.path("temperature"), .temperature)
    try checkRange(sheetCoolant, t, f.path("temperature"), tNode, r)
    let pairsExpected = "a list of [VOLUME FLOW, THERMAL RESISTANCE] pairs"
    let rowsNode = try r.required(f, "resistance", expected: pairsExpected)
    let rows = try r.sequence(rowsNode, f.path("resistance"), expected: pairsExpected)
    let points = try rows.enumerated().map { i, row -> ColdPlateDatasheet.Point in
      let p = join(f.path("resistance"), String(i))
      let pair = try r.sequence(row, p, expected: "a pair [VOLUME FLOW, THERMAL RESISTANCE]")
      guard pair.count == 2 else { throw r.fail(p, row, expected: "a pair [VOLUME FLOW, THERMAL RESISTANCE]") }
      let q = try r.positive(pair[0], join(p, "0"), .volumeFlow)
      let rr = try r.positive(pair[1], join(p, "1"), .thermalResistance)
      return .init(volumeFlow: q, resistance: rr)
    }
    var form = ColdPlateCurve.Form.powerLawWithBase
    if let n = f["fit"] {
      let names = ["constant", "powerLaw", "powerLawWithBase"]
      let name = n.scalar?.string ?? ""
      guard let chosen = coldPlateFits[name] else {
        let s = n.scalar == nil ? nil : NearestKey.suggestion(for: name, among: names)
        throw r.fail(f.path("fit"), n, expected: NearestKey.expectedOneOf(names, suggestion: s), suggestion: s)
      }
      form = chosen
    }
    let scaling = try f["scaling"].map { try r.choice($0, f.path("scaling"), ColdPlateCurve.FluidScaling.allCases) }
      ?? .laminarGraetz
    let dp = try f["pressureDrop"].map { try coldPlatePressureDrop($0, f.path("pressureDrop"), plate: plate, r) }
    let sheet = try coldPlatePhysics(f.path("resistance"), rowsNode, r) {
      try ColdPlateDatasheet(name: plate, coolant: sheetCoolant, temperature: t, points: points, pressureDrop: dp)
    }
    let fitted = try coldPlatePhysics(f.path("resistance"), rowsNode, r) { try ColdPlateCurve.fit(sheet, form: form) }
    guard sheetCoolant != caseCoolant else { return fitted }
    let target = propertyTemperature ?? t
    return try coldPlatePhysics(f.path("coolant"), f["coolant"] ?? node, r) {
      try fitted.transferred(to: caseCoolant, temperature: target, scaling: scaling)
    }
  }

  /// `{flow, pressureDrop, exponent, laminarFraction}` (a rated point, as a network `component`) or
  /// `{points: [[FLOW, PRESSURE], …], exponent}` (ΔP = aQ + bQⁿ fitted, or bQⁿ from one point), in the datasheet fluid.
  static func coldPlatePressureDrop(_ node: Node, _ path: String, plate: String, _ r: Reader) throws
    -> GenericComponent {
    let f = try r.fields(node, path, allowed: coldPlatePressureDropKeys,
                         what: "{flow, pressureDrop, exponent, laminarFraction} or {points, exponent}")
    guard let pointsNode = f["points"] else {
      return try ratedComponent(r.fields(node, path, allowed: ["flow", "pressureDrop", "exponent", "laminarFraction"]), r)
    }
    let pf = try r.fields(node, path, allowed: ["points", "exponent"])
    var n = 2.0
    if let e = pf["exponent"] { n = try number(e, pf.path("exponent"), "an exponent in [1, 2]", r) { $0 >= 1 && $0 <= 2 } }
    let expected = "a list of [VOLUME FLOW, PRESSURE] pairs"
    let rows = try r.sequence(pointsNode, pf.path("points"), expected: expected)
    guard !rows.isEmpty else { throw r.fail(pf.path("points"), pointsNode, expected: "at least one [flow, pressure] pair") }
    let points = try rows.enumerated().map { i, row -> (volumeFlow: Double, pressureDrop: Double) in
      let p = join(pf.path("points"), String(i))
      let pair = try r.sequence(row, p, expected: "a pair [VOLUME FLOW, PRESSURE]")
      guard pair.count == 2 else { throw r.fail(p, row, expected: "a pair [VOLUME FLOW, PRESSURE]") }
      let q = try r.positive(pair[0], join(p, "0"), .volumeFlow)
      let dp = try r.positive(pair[1], join(p, "1"), .pressure)
      return (q, dp)
    }
    let law = try coldPlatePhysics(pf.path("points"), pointsNode, r) {
      try ColdPlateDatasheet.fitPressureDrop(device: plate, points: points, exponent: n, linear: points.count >= 2)
    }
    for c in [law.linear, law.coefficient] where !(c == 0 || (c.isNormal && c.isFinite)) {
      throw r.fail(pf.path("points"), pointsNode, expected: "points whose law ΔP = aQ + bQⁿ has representable "
                     + "coefficients (flow and pressure drop of ordinary size)",
                   found: String(format: "a = %.3g, b = %.3g (SI)", law.linear, law.coefficient))
    }
    return law
  }

  static func coolantProperty(_ coolant: Coolant, _ t: Double, _ path: String, _ node: Node?, _ r: Reader) throws
    -> CoolantProperties {
    do { return try coolant.properties(at: t) } catch {
      throw r.fail(path, node, expected: "a temperature within coolant \(coolant.name)'s data", found: "\(error)")
    }
  }

  /// Runs a step of the plate's physics, turning its `CoolingError` into a `CaseError` at `path` (the plate is named
  /// by the key path; the message is the physics').
  static func coldPlatePhysics<T>(_ path: String, _ node: Node, _ r: Reader, _ body: () throws -> T) throws -> T {
    do { return try body() } catch let e as CoolingError {
      if case let .invalidInput(_, expected, found) = e { throw r.fail(path, node, expected: expected, found: found) }
      throw r.fail(path, node, expected: "a cold plate within its coolant's data", found: e.description)
    }
  }
}
