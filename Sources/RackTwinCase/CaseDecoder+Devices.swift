import Foundation
import RackTwinCooling
import RackTwinIO
import Yams

/// The `immersion`, `airCooling` and `rearDoor` sections (`docs/case-format.md`, issue 15): the devices are built
/// here from the case's components and checked, so a bad value or impossible physics (a two-phase bath below
/// saturation, a door with no water, a rating with ε ≥ 1) is an error at its key and line.
extension CaseDecoder {
  static let immersionCommonKeys = ["type"]
  static let singlePhaseKeys = ["flow", "supplyTemperature", "depth", "flowArea", "layers", "ports", "pumpEfficiency",
                                "naturalConvection", "surfaces"]
  static let twoPhaseKeys = ["pressure", "liquidTemperature", "chfConstant", "boiling", "condenser"]
  static let immersionSurfaceKeys = ["component", "elevation", "length", "area", "surfaceEfficiency", "finSpacing",
                                     "junctionResistance", "count"]
  static let boilingKeys = ["component", "area", "csf", "n", "junctionResistance", "count"]
  static let condenserKeys = ["ua", "waterFlow", "waterSupplyTemperature"]
  static let portKeys = ["area", "lossCoefficient"]
  static let airCoolingKeys = ["roomTemperature", "roomDewPoint", "airflow", "heatSinks"]
  static let airflowKeys = ["fans", "systemCoefficient", "perKilowatt", "fanEfficiency"]
  static let fanKeys = ["shutOffPressure", "freeDelivery", "count", "speed", "efficiency"]
  static let heatSinkKeys = ["component", "width", "length", "finHeight", "finThickness", "fins", "conductivity",
                             "baseResistance", "flowFraction"]
  static let rearDoorKeys = ["kind", "fanEfficiency", "rating", "airSideResistanceFraction", "exponents",
                             "waterSupplyTemperature", "waterFlow"]
  static let ratingKeys = ["airFlow", "waterFlow", "airInletTemperature", "waterInletTemperature", "capturedHeat",
                           "airPressureDrop"]
  static let exponentKeys = ["air", "water", "pressureDrop"]
  /// More layers than this resolve nothing a zonal model can, and a typo would exhaust memory.
  static let maxLayers = 10_000

  /// Decodes the three sections into `doc` (components and coolant already decoded).
  static func decodeDevices(_ top: Fields, _ root: Node, into doc: inout CaseDocument, _ r: Reader) throws {
    let immersionNode = top["immersion"].flatMap { $0.null == nil ? $0 : nil }
    let airNode = top["airCooling"].flatMap { $0.null == nil ? $0 : nil }
    let doorNode = top["rearDoor"].flatMap { $0.null == nil ? $0 : nil }
    guard immersionNode != nil || airNode != nil || doorNode != nil else { return }
    if let n = immersionNode, let other = airNode ?? doorNode {
      let key = airNode != nil ? "airCooling" : "rearDoor"
      throw r.fail(key, other, expected: "either immersion or air cooling (airCooling, rearDoor) in one case, not both",
                   found: "immersion (line \((n.mark?.line).map(String.init) ?? "?")) and \(key)")
    }
    if doc.meshPath != nil {
      // A single-phase tank couples to the mesh's component cells; the others run lumped only.
      let twoPhase = immersionNode.flatMap { $0.mapping?["type"]?.scalar?.string } == "twoPhase"
      if immersionNode == nil || twoPhase {
        let (key, n) = immersionNode.map { ("immersion", $0) } ?? airNode.map { ("airCooling", $0) } ?? ("rearDoor", doorNode!)
        throw r.fail(key, n, expected: "a case without mesh for \(twoPhase ? "a twoPhase immersion tank" : key) (it runs "
                       + "lumped, from the components' powers; coupling it to mesh cells is not implemented yet)",
                     found: "\(key) and a \"mesh\" key")
      }
    }
    if let n = top["network"], n.null == nil {
      let key = immersionNode != nil ? "immersion" : (airNode != nil ? "airCooling" : "rearDoor")
      throw r.fail("network", n, expected: "no network with \(key) (the device states its own flows)",
                   found: "a network section and \(key)")
    }
    for key in ["facility", "weather", "loadProfile", "uncertainty", "coldPlates"] {
      if let n = top[key], n.null == nil {
        let device = immersionNode != nil ? "immersion" : (airNode != nil ? "airCooling" : "rearDoor")
        throw r.fail(key, n, expected: "no \(key) section with \(device) (not implemented for lumped devices yet)",
                     found: "\(key) and \(device)")
      }
    }
    guard !doc.components.isEmpty else {
      throw r.fail("components", top["components"] ?? root,
                   expected: "components with their powers: the heat the devices remove",
                   found: top["components"] == nil ? "no \"components\" key" : "no components")
    }
    if let n = immersionNode {
      doc.immersion = try immersion(n, doc: doc, root: root, r)
    }
    if let n = airNode { doc.airCooling = try airCooling(n, doc: doc, r) }
    if let n = doorNode {
      guard let air = doc.airCooling else {
        throw r.fail("airCooling", root, expected: "an airCooling section with rearDoor (the servers whose exhaust the "
                       + "door cools)", found: "no \"airCooling\" key")
      }
      doc.rearDoor = try rearDoor(n, air: air, r)
    }
  }

  /// The case's component by name, or an error at `path` suggesting the nearest.
  static func deviceComponent(_ node: Node, _ path: String, _ doc: CaseDocument, _ r: Reader) throws
    -> CaseDocument.ComponentSpec {
    let name = try r.string(node, path, expected: "a component name")
    let names = doc.components.map(\.name)
    guard let c = doc.components.first(where: { $0.name == name }) else {
      let s = NearestKey.suggestion(for: name, among: names)
      throw r.fail(path, node, expected: "a component of the case, one of [\(names.joined(separator: ", "))]"
                     + (s.map { " (did you mean \"\($0)\"?)" } ?? ""), found: "\"\(name)\"", suggestion: s)
    }
    return c
  }

  /// A plain number within bounds, with a default.
  static func deviceNumber(_ f: Fields, _ key: String, _ expected: String, default d: Double, _ r: Reader,
                           _ ok: (Double) -> Bool) throws -> Double {
    guard let n = f[key] else { return d }
    return try number(n, f.path(key), expected, r, ok)
  }

  /// Runs a device's constructor or state, turning its `CoolingError` into a `CaseError` at `path`.
  static func devicePhysics<T>(_ path: String, _ node: Node, _ r: Reader, _ body: () throws -> T) throws -> T {
    do { return try body() } catch let e as CoolingError {
      if case let .invalidInput(_, expected, found) = e { throw r.fail(path, node, expected: expected, found: found) }
      throw r.fail(path, node, expected: "a device state within its fluids' data", found: e.description)
    }
  }

  static func immersion(_ node: Node, doc: CaseDocument, root: Node, _ r: Reader) throws -> CaseDocument.ImmersionSpec {
    let loose = try r.fields(node, "immersion", allowed: immersionCommonKeys + singlePhaseKeys + twoPhaseKeys,
                             what: "an immersion mapping {type: singlePhase | twoPhase, …}")
    let typeNode = try r.required(loose, "type", expected: NearestKey.expectedOneOf(["singlePhase", "twoPhase"], suggestion: nil))
    let type = typeNode.scalar?.string ?? ""
    let origin = CaseDocument.Origin(keyPath: "immersion", line: node.mark?.line)
    guard let coolant = doc.coolant else {
      throw r.fail("coolant", root, expected: "the tank's fluid with immersion: "
                     + (type == "twoPhase" ? "hfe7100 (a fluid with saturation data)" : "pao6, mineralOil, …"),
                   found: "no \"coolant\" key")
    }
    switch type {
    case "singlePhase":
      let f = try r.fields(node, "immersion", allowed: immersionCommonKeys + singlePhaseKeys)
      return CaseDocument.ImmersionSpec(tank: try singlePhase(f, coolant: coolant, doc: doc, r), origin: origin)
    case "twoPhase":
      let f = try r.fields(node, "immersion", allowed: immersionCommonKeys + twoPhaseKeys)
      return CaseDocument.ImmersionSpec(tank: try twoPhase(f, coolant: coolant, doc: doc, root: root, r), origin: origin)
    default:
      let s = typeNode.scalar == nil ? nil : NearestKey.suggestion(for: type, among: ["singlePhase", "twoPhase"])
      throw r.fail(loose.path("type"), typeNode, expected: NearestKey.expectedOneOf(["singlePhase", "twoPhase"], suggestion: s),
                   suggestion: s)
    }
  }

  static func singlePhase(_ f: Fields, coolant: Coolant, doc: CaseDocument, _ r: Reader) throws
    -> CaseDocument.ImmersionTank {
    func req(_ key: String, _ kind: QuantityKind) throws -> (Double, Node) {
      let n = try r.required(f, key, expected: kind.expected)
      return (try r.positive(n, f.path(key), kind), n)
    }
    let (flow, flowNode) = try req("flow", .volumeFlow)
    let tNode = try r.required(f, "supplyTemperature", expected: QuantityKind.temperature.expected)
    let supply = try r.quantity(tNode, f.path("supplyTemperature"), .temperature)
    try checkRange(coolant, supply, f.path("supplyTemperature"), tNode, r)
    let (depth, depthNode) = try req("depth", .length)
    let (flowArea, _) = try req("flowArea", .area)
    var layers = 10
    if let n = f["layers"] {
      layers = try r.integer(n, f.path("layers"), atLeast: 1)
      guard layers <= maxLayers else { throw r.fail(f.path("layers"), n, expected: "at most \(maxLayers) layers", found: "\(layers)") }
    }
    let portsNode = try r.required(f, "ports", expected: "{area, lossCoefficient}")
    let pf = try r.fields(portsNode, f.path("ports"), allowed: portKeys, what: "{area, lossCoefficient}")
    let portArea = try r.positive(r.required(pf, "area", expected: QuantityKind.area.expected), pf.path("area"), .area)
    let k = try deviceNumber(pf, "lossCoefficient", "a loss coefficient K ≥ 0", default: 3, r) { $0 >= 0 && $0.isFinite }
    let eta = try deviceNumber(f, "pumpEfficiency", "a pump efficiency in (0, 1]", default: 0.5, r) { $0 > 0 && $0 <= 1 }
    let form = try f["naturalConvection"].map {
      try r.choice($0, f.path("naturalConvection"), SinglePhaseImmersionTank.NaturalForm.allCases)
    } ?? .fullRange
    let surfacesNode = try r.required(f, "surfaces", expected: "a list of {component, elevation, length, area, …}")
    let items = try r.sequence(surfacesNode, f.path("surfaces"), expected: "a list of {component, elevation, length, area, …}")
    guard !items.isEmpty else { throw r.fail(f.path("surfaces"), surfacesNode, expected: "at least one surface") }
    var components: [SinglePhaseImmersionTank.Component] = []
    var counts: [Int] = []
    var seen: [String: Int] = [:]
    for (i, item) in items.enumerated() {
      let p = join(f.path("surfaces"), String(i))
      let sf = try r.fields(item, p, allowed: immersionSurfaceKeys, what: "a surface {component, elevation, length, area, …}")
      let cNode = try r.required(sf, "component", expected: "a component name")
      let c = try deviceComponent(cNode, sf.path("component"), doc, r)
      if let j = seen[c.name] {
        throw r.fail(sf.path("component"), cNode, expected: "each component on one surface (its power goes there)",
                     found: "\"\(c.name)\" again (first at surfaces.\(j))")
      }
      seen[c.name] = i
      let elevationNode = try r.required(sf, "elevation", expected: QuantityKind.length.expected)
      let elevation = try r.positive(elevationNode, sf.path("elevation"), .length, allowZero: true)
      let length = try r.positive(r.required(sf, "length", expected: QuantityKind.length.expected), sf.path("length"), .length)
      guard elevation + length <= depth * (1 + 1e-12) else {
        throw r.fail(sf.path("elevation"), elevationNode, expected: String(format: "a surface within the liquid depth %.4g m "
                       + "(immersion.depth, line %@)", depth, (depthNode.mark?.line).map(String.init) ?? "?"),
                     found: String(format: "%.4g m … %.4g m", elevation, elevation + length))
      }
      let area = try r.positive(r.required(sf, "area", expected: QuantityKind.area.expected), sf.path("area"), .area)
      let etaO = try deviceNumber(sf, "surfaceEfficiency", "a surface efficiency η_o in (0, 1]", default: 1, r) { $0 > 0 && $0 <= 1 }
      let spacing = try sf["finSpacing"].map { try r.positive($0, sf.path("finSpacing"), .length) }
      let rj = try sf["junctionResistance"].map {
        try r.positive($0, sf.path("junctionResistance"), .thermalResistance, allowZero: true)
      } ?? 0
      let count = try sf["count"].map { try r.integer($0, sf.path("count"), atLeast: 1) } ?? 1
      if doc.meshPath != nil, count != 1, let n = sf["count"] {
        throw r.fail(sf.path("count"), n, expected: "count 1 in a case with a mesh (the surface is the component's "
                       + "cells, one copy)", found: "\(count)")
      }
      counts.append(count)
      components.append(.init(name: c.name, power: c.power, elevation: elevation, length: length, area: area,
                              surfaceEfficiency: etaO, finSpacing: spacing, junctionResistance: rj))
    }
    // Without a mesh every component's heat must leave through the tank; with one, components may conduct elsewhere.
    if doc.meshPath == nil { try everyComponentCooled(seen, doc, f.path("surfaces"), surfacesNode, r) }
    let tank = try devicePhysics("immersion", f.node, r) {
      try SinglePhaseImmersionTank(name: "immersion", coolant: coolant, flow: flow, supplyTemperature: supply,
                                   depth: depth, flowArea: flowArea, layers: layers, portArea: portArea,
                                   portLossCoefficient: k, pumpEfficiency: eta, naturalForm: form, components: components)
    }
    // The layers and the surfaces must stay within the fluid's data: solve the tank once here, at the flow's key.
    _ = try devicePhysics(f.path("flow"), flowNode, r) {
      let term = try ImmersionTankTerm(tank: tank, counts: counts)
      var upstream = try coolant.enthalpy(at: supply)
      let m = term.massFlow
      for q in term.layerHeat {
        upstream += q / m
        _ = try coolant.temperature(enthalpy: upstream, context: "immersion layers (heat \(Int(q)) W at \(m) kg/s)")
      }
    }
    return .singlePhase(tank, counts: counts)
  }

  /// In a case without mesh every component's heat must go to a device: a component no surface names is an error.
  static func everyComponentCooled(_ seen: [String: Int], _ doc: CaseDocument, _ path: String, _ node: Node,
                                   _ r: Reader) throws {
    if let missing = doc.components.first(where: { seen[$0.name] == nil }) {
      throw r.fail(path, node, expected: "a surface for every component (in a case without mesh each component's "
                     + "power leaves through the device)", found: "none for component \"\(missing.name)\"")
    }
  }

  static func twoPhase(_ f: Fields, coolant: Coolant, doc: CaseDocument, root: Node, _ r: Reader) throws
    -> CaseDocument.ImmersionTank {
    guard let sat = coolant.saturation else {
      throw r.fail("coolant", root, expected: "a two-phase fluid with saturation data for immersion.type twoPhase "
                     + "(hfe7100)", found: "\(coolant.name), a single-phase fluid")
    }
    let pNode = try r.required(f, "pressure", expected: QuantityKind.pressure.expected + " (absolute, the vapour space)")
    let p = try r.positive(pNode, f.path("pressure"), .pressure)
    let tSat = try devicePhysics(f.path("pressure"), pNode, r) { try sat.saturationTemperature(at: p) }
    var liquid: Double? = nil
    if let n = f["liquidTemperature"] {
      let t = try r.quantity(n, f.path("liquidTemperature"), .temperature)
      if t < tSat - 0.5 {
        throw r.fail(f.path("liquidTemperature"), n, expected: String(format: "the bath at its saturation temperature "
                       + "%.2f °C at %.3f kPa (components boil there; a subcooled bath is not a two-phase tank: raise "
                       + "the bath temperature, lower the pressure, or model it singlePhase)", tSat - 273.15, p / 1000),
                     found: String(format: "%@ (%.2f °C), %.2f K below saturation", YAMLInput.describe(n), t - 273.15,
                                   tSat - t))
      }
      liquid = t
    }
    let chfC = try deviceNumber(f, "chfConstant", "a Zuber constant in (0, 1] (π/24 = 0.1309; 0.149 Lienhard & Dhir)",
                                default: Double.pi / 24, r) { $0 > 0 && $0 <= 1 }
    let boilingNode = try r.required(f, "boiling", expected: "a list of {component, area, csf, n, junctionResistance}")
    let items = try r.sequence(boilingNode, f.path("boiling"), expected: "a list of {component, area, csf, n, junctionResistance}")
    guard !items.isEmpty else { throw r.fail(f.path("boiling"), boilingNode, expected: "at least one boiling surface") }
    var surfaces: [TwoPhaseImmersionTank.BoilingSurface] = []
    var counts: [Int] = []
    var seen: [String: Int] = [:]
    for (i, item) in items.enumerated() {
      let path = join(f.path("boiling"), String(i))
      let sf = try r.fields(item, path, allowed: boilingKeys, what: "a boiling surface {component, area, …}")
      let cNode = try r.required(sf, "component", expected: "a component name")
      let c = try deviceComponent(cNode, sf.path("component"), doc, r)
      if let j = seen[c.name] {
        throw r.fail(sf.path("component"), cNode, expected: "each component on one boiling surface",
                     found: "\"\(c.name)\" again (first at boiling.\(j))")
      }
      seen[c.name] = i
      let area = try r.positive(r.required(sf, "area", expected: QuantityKind.area.expected + " (the heat sink's or "
                                             + "coating's boiling area)"), sf.path("area"), .area)
      let csf = try deviceNumber(sf, "csf", "a Rohsenow C_sf in (0, 0.1]", default: 0.005, r) { $0 > 0 && $0 <= 0.1 }
      let n = try deviceNumber(sf, "n", "a Rohsenow exponent n in (0, 3]", default: 1.7, r) { $0 > 0 && $0 <= 3 }
      let rj = try sf["junctionResistance"].map {
        try r.positive($0, sf.path("junctionResistance"), .thermalResistance, allowZero: true)
      } ?? 0
      counts.append(try sf["count"].map { try r.integer($0, sf.path("count"), atLeast: 1) } ?? 1)
      surfaces.append(.init(name: c.name, power: c.power, area: area, junctionResistance: rj, csf: csf, n: n))
    }
    try everyComponentCooled(seen, doc, f.path("boiling"), boilingNode, r)
    let cNode = try r.required(f, "condenser", expected: "{ua, waterFlow, waterSupplyTemperature}")
    let cf = try r.fields(cNode, f.path("condenser"), allowed: condenserKeys, what: "{ua, waterFlow, waterSupplyTemperature}")
    let ua = try r.positive(r.required(cf, "ua", expected: QuantityKind.thermalConductance.expected), cf.path("ua"), .thermalConductance)
    let wfNode = try r.required(cf, "waterFlow", expected: QuantityKind.massFlow.expected)
    let wf = try r.positive(wfNode, cf.path("waterFlow"), .massFlow)
    let twNode = try r.required(cf, "waterSupplyTemperature", expected: QuantityKind.temperature.expected)
    let tw = try r.quantity(twNode, cf.path("waterSupplyTemperature"), .temperature)
    try checkRange(.water, tw, cf.path("waterSupplyTemperature"), twNode, r)
    let tank = try devicePhysics("immersion", f.node, r) {
      try TwoPhaseImmersionTank(name: "immersion", coolant: coolant, pressure: p, liquidTemperature: liquid,
                                surfaces: surfaces, condenser: .init(ua: ua, waterFlow: wf, waterSupplyTemperature: tw),
                                chfConstant: chfC)
    }
    _ = try devicePhysics(f.path("condenser"), cNode, r) { try TwoPhaseTankTerm(tank: tank, counts: counts) }
    return .twoPhase(tank, counts: counts)
  }

  static func airCooling(_ node: Node, doc: CaseDocument, _ r: Reader) throws -> CaseDocument.AirCoolingSpec {
    let f = try r.fields(node, "airCooling", allowed: airCoolingKeys, what: "an airCooling mapping {roomTemperature, airflow, …}")
    let roomNode = try r.required(f, "roomTemperature", expected: QuantityKind.temperature.expected)
    let room = try r.quantity(roomNode, f.path("roomTemperature"), .temperature)
    try checkRange(.air, room, f.path("roomTemperature"), roomNode, r)
    var dew: Double? = nil
    if let n = f["roomDewPoint"] {
      let d = try r.quantity(n, f.path("roomDewPoint"), .temperature)
      guard d <= room else {
        throw r.fail(f.path("roomDewPoint"), n, expected: String(format: "a dew point at or below the room temperature %.2f °C",
                                                                   room - 273.15),
                     found: String(format: "%.2f °C", d - 273.15))
      }
      dew = d
    }
    let afNode = try r.required(f, "airflow", expected: "{fans, systemCoefficient} or {perKilowatt, fanEfficiency}")
    let af = try r.fields(afNode, f.path("airflow"), allowed: airflowKeys,
                          what: "{fans, systemCoefficient} or {perKilowatt, fanEfficiency}")
    let airflow: AirCooledServer.Airflow
    switch (af["fans"], af["perKilowatt"]) {
    case let (fansNode?, nil):
      if let n = af["fanEfficiency"] {
        throw r.fail(af.path("fanEfficiency"), n, expected: "no fanEfficiency with fans (give airflow.fans.efficiency)",
                     found: YAMLInput.describe(n))
      }
      let ff = try r.fields(fansNode, af.path("fans"), allowed: fanKeys,
                            what: "{shutOffPressure, freeDelivery, count, speed, efficiency}")
      let p0 = try r.positive(r.required(ff, "shutOffPressure", expected: QuantityKind.pressure.expected),
                              ff.path("shutOffPressure"), .pressure)
      let v0 = try r.positive(r.required(ff, "freeDelivery", expected: QuantityKind.volumeFlow.expected),
                              ff.path("freeDelivery"), .volumeFlow)
      let count = try ff["count"].map { try r.integer($0, ff.path("count"), atLeast: 1) } ?? 1
      let speed = try deviceNumber(ff, "speed", "a speed fraction in (0, 1.5]", default: 1, r) { $0 > 0 && $0 <= 1.5 }
      let eta = try number(r.required(ff, "efficiency", expected: "a fan efficiency in (0, 1]"), ff.path("efficiency"),
                           "a fan efficiency in (0, 1]", r) { $0 > 0 && $0 <= 1 }
      let kNode = try r.required(af, "systemCoefficient", expected: QuantityKind.flowResistanceCoefficient.expected
                                   + " (the servers' ΔP = K V̇²)")
      let k = try r.positive(kNode, af.path("systemCoefficient"), .flowResistanceCoefficient)
      let fan = try devicePhysics(af.path("fans"), fansNode, r) {
        try FanCurve(shutOffPressure: p0, freeDelivery: v0, count: count, speed: speed, efficiency: eta)
      }
      airflow = .fanCurve(fan, systemCoefficient: k)
    case let (nil, ruleNode?):
      let rule = try r.positive(ruleNode, af.path("perKilowatt"), .flowPerPower)
      let k = try af["systemCoefficient"].map {
        try r.positive($0, af.path("systemCoefficient"), .flowResistanceCoefficient, allowZero: true)
      } ?? 0
      let eta = try number(r.required(af, "fanEfficiency", expected: "a fan efficiency in (0, 1] (with perKilowatt)"),
                           af.path("fanEfficiency"), "a fan efficiency in (0, 1]", r) { $0 > 0 && $0 <= 1 }
      airflow = .perWatt(rule, systemCoefficient: k, fanEfficiency: eta)
    default:
      throw r.fail(f.path("airflow"), afNode, expected: "exactly one of fans and perKilowatt",
                   found: af["fans"] == nil ? "neither" : "both")
    }
    var sinks: [AirCooledServer.Component] = []
    if let hsNode = f["heatSinks"], hsNode.null == nil {
      let items = try r.sequence(hsNode, f.path("heatSinks"), expected: "a list of plate-fin heat sinks {component, …}")
      var seen = Set<String>()
      for (i, item) in items.enumerated() {
        let p = join(f.path("heatSinks"), String(i))
        let hf = try r.fields(item, p, allowed: heatSinkKeys, what: "a heat sink {component, width, length, …}")
        let cNode = try r.required(hf, "component", expected: "a component name")
        let c = try deviceComponent(cNode, hf.path("component"), doc, r)
        guard seen.insert(c.name).inserted else {
          throw r.fail(hf.path("component"), cNode, expected: "one heat sink per component", found: "\"\(c.name)\" again")
        }
        func len(_ key: String) throws -> Double {
          try r.positive(r.required(hf, key, expected: QuantityKind.length.expected), hf.path(key), .length)
        }
        let (w, l, h, t) = (try len("width"), try len("length"), try len("finHeight"), try len("finThickness"))
        let fins = try r.integer(r.required(hf, "fins", expected: "an integer ≥ 2"), hf.path("fins"), atLeast: 2)
        let k = try r.positive(r.required(hf, "conductivity", expected: QuantityKind.conductivity.expected),
                               hf.path("conductivity"), .conductivity)
        let rb = try hf["baseResistance"].map {
          try r.positive($0, hf.path("baseResistance"), .thermalResistance, allowZero: true)
        } ?? 0
        let frac = try deviceNumber(hf, "flowFraction", "a flow fraction in (0, 1]", default: 1, r) { $0 > 0 && $0 <= 1 }
        let sink = try devicePhysics(p, item, r) {
          try PlateFinHeatSink(width: w, length: l, finHeight: h, finThickness: t, finCount: fins, conductivity: k,
                               baseResistance: rb, flowFraction: frac)
        }
        sinks.append(.init(name: c.name, power: c.power, heatSink: sink))
      }
    }
    let power = doc.components.reduce(0) { $0 + $1.power }
    let servers = try devicePhysics(f.path("airflow"), afNode, r) {
      try AirCooledServer(name: "airCooling", power: power, airflow: airflow, components: sinks)
    }
    _ = try devicePhysics(f.path("airflow"), afNode, r) { try servers.state(inletTemperature: room) }
    return CaseDocument.AirCoolingSpec(servers: servers, roomTemperature: room, roomDewPoint: dew,
                                       origin: .init(keyPath: "airCooling", line: node.mark?.line))
  }

  static func rearDoor(_ node: Node, air: CaseDocument.AirCoolingSpec, _ r: Reader) throws -> CaseDocument.RearDoorSpec {
    let f = try r.fields(node, "rearDoor", allowed: rearDoorKeys, what: "a rearDoor mapping {kind, rating, …}")
    let kindNode = try r.required(f, "kind", expected: NearestKey.expectedOneOf(["passive", "active"], suggestion: nil))
    let kindName = kindNode.scalar?.string ?? ""
    let kind: RearDoorHeatExchanger.Kind
    switch kindName {
    case "passive":
      if let n = f["fanEfficiency"] {
        throw r.fail(f.path("fanEfficiency"), n, expected: "no fanEfficiency with a passive door (its air is moved by "
                       + "the server fans)", found: YAMLInput.describe(n))
      }
      kind = .passive
    case "active":
      let eta = try number(r.required(f, "fanEfficiency", expected: "a door fan efficiency in (0, 1] (active door)"),
                           f.path("fanEfficiency"), "a door fan efficiency in (0, 1]", r) { $0 > 0 && $0 <= 1 }
      kind = .active(fanEfficiency: eta)
    default:
      let s = kindNode.scalar == nil ? nil : NearestKey.suggestion(for: kindName, among: ["passive", "active"])
      throw r.fail(f.path("kind"), kindNode, expected: NearestKey.expectedOneOf(["passive", "active"], suggestion: s),
                   suggestion: s)
    }
    let ratingNode = try r.required(f, "rating", expected: "{airFlow, waterFlow, airInletTemperature, "
                                      + "waterInletTemperature, capturedHeat, airPressureDrop}")
    let rf = try r.fields(ratingNode, f.path("rating"), allowed: ratingKeys, what: "a rating point mapping")
    func q(_ key: String, _ kind: QuantityKind, zero: Bool = false) throws -> Double {
      let n = try r.required(rf, key, expected: kind.expected)
      if kind == .temperature { return try r.quantity(n, rf.path(key), kind) }
      return try r.positive(n, rf.path(key), kind, allowZero: zero)
    }
    let rating = RearDoorHeatExchanger.Rating(
      airFlow: try q("airFlow", .massFlow), waterFlow: try q("waterFlow", .massFlow),
      airInletTemperature: try q("airInletTemperature", .temperature),
      waterInletTemperature: try q("waterInletTemperature", .temperature), capturedHeat: try q("capturedHeat", .power),
      airPressureDrop: try q("airPressureDrop", .pressure, zero: true))
    let fraction = try deviceNumber(f, "airSideResistanceFraction", "a share of 1/UA on the air side in 0.01…0.99",
                                    default: 0.7, r) { $0 >= 0.01 && $0 <= 0.99 }
    var exps = (air: 0.8, water: 0.8, dp: 2.0)
    if let n = f["exponents"] {
      let ef = try r.fields(n, f.path("exponents"), allowed: exponentKeys, what: "{air, water, pressureDrop}")
      exps.air = try deviceNumber(ef, "air", "an exponent in (0, 2]", default: 0.8, r) { $0 > 0 && $0 <= 2 }
      exps.water = try deviceNumber(ef, "water", "an exponent in (0, 2]", default: 0.8, r) { $0 > 0 && $0 <= 2 }
      exps.dp = try deviceNumber(ef, "pressureDrop", "an exponent in [1, 2]", default: 2, r) { $0 >= 1 && $0 <= 2 }
    }
    let twNode = try r.required(f, "waterSupplyTemperature", expected: QuantityKind.temperature.expected)
    let tw = try r.quantity(twNode, f.path("waterSupplyTemperature"), .temperature)
    try checkRange(.water, tw, f.path("waterSupplyTemperature"), twNode, r)
    let wfNode = try r.required(f, "waterFlow", expected: QuantityKind.massFlow.expected)
    let wf = try r.quantity(wfNode, f.path("waterFlow"), .massFlow)
    let door = try devicePhysics(f.path("rating"), ratingNode, r) {
      try RearDoorHeatExchanger(name: "rearDoor", rating: rating, kind: kind, airSideResistanceFraction: fraction,
                                airExponent: exps.air, waterExponent: exps.water, pressureDropExponent: exps.dp)
    }
    // Zero water flow, fans that cannot push through the door: errors at the key that causes them.
    guard wf > 0, wf.isFinite else {
      throw r.fail(f.path("waterFlow"), wfNode, expected: "a water flow > 0 kg/s (a door with no water captures "
                     + "nothing: remove rearDoor to model the servers alone)", found: "\(YAMLInput.describe(wfNode)) (\(wf) kg/s)")
    }
    _ = try devicePhysics(f.path("rating"), ratingNode, r) {
      try door.state(servers: air.servers, roomTemperature: air.roomTemperature,
                     roomDewPoint: air.roomDewPoint ?? -.infinity, waterSupplyTemperature: tw, waterFlow: wf)
    }
    return CaseDocument.RearDoorSpec(door: door, waterSupplyTemperature: tw, waterFlow: wf,
                                     origin: .init(keyPath: "rearDoor", line: node.mark?.line))
  }
}
