import Foundation
import RackTwinCooling
import RackTwinFacility
import RackTwinIO
import Yams

/// The `facility`, `weather` and `loadProfile` sections (`docs/case-format.md`): the chain from the rack's heat to
/// the utility meter, and the year it runs over. Equipment is sized here, so a design point no exchanger can reach is
/// an error at its key.
extension CaseDecoder {
  static let facilityKeys = ["supplyTemperature", "control", "racks", "cdu", "fwsPump", "heatRejection", "chiller",
                             "crah", "ups", "pdu", "roomDewPoint", "designAmbient", "serverFanPower"]
  static let resetKeys = ["offset", "minimum", "maximum"]
  static let cduKeys = ["rated", "tcsFlow", "fwsFlow", "tcsResistanceShare"]
  static let cduRatedKeys = ["heat", "approach", "fwsSupply", "tcsFlow", "fwsFlow", "tcsCoolant", "fwsCoolant",
                             "pumpPower"]
  static let fwsPumpKeys = ["power", "flow"]
  static let dryCoolerKeys = ["heat", "ambient", "waterIn", "waterOut", "airRise", "fanPower", "minimumAirFraction"]
  static let towerKeys = ["heat", "wetBulb", "approach", "range", "exchangerApproach", "waterToAir", "fanPower",
                          "cycles", "minimumAirFraction"]
  static let chillerKeys = ["carnotFraction", "evaporatorDifference", "condenserDifference", "maximumCOP"]
  static let crahKeys = ["airTemperatureDifference", "fanPressure", "fanEfficiency", "waterSupply", "waterRise"]
  static let powerUnitKeys = ["rating", "efficiency"]
  static let ambientKeys = ["dryBulb", "wetBulb"]
  static let weatherKeys = ["climate", "seed"]
  static let loadProfileKeys = ["constant", "file"]

  /// A `FacilityError` from sizing a piece of equipment, as a case error at its key.
  static func sized<T>(_ path: String, _ node: Node, _ r: Reader, _ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let e as FacilityError {
      switch e {
      case let .invalidInput(_, expected, found): throw r.fail(path, node, expected: expected, found: found)
      default: throw r.fail(path, node, expected: "equipment that can be built", found: "\(e)")
      }
    } catch let e as CoolingError {
      throw r.fail(path, node, expected: "a rated point within its fluids' property tables", found: "\(e)")
    }
  }

  static func facility(_ node: Node, _ r: Reader) throws -> CaseDocument.FacilitySpec {
    let f = try r.fields(node, "facility", allowed: facilityKeys, what: "a mapping {supplyTemperature, cdu, …}")
    func temperature(_ key: String) throws -> Double {
      let n = try r.required(f, key, expected: QuantityKind.temperature.expected)
      return try waterTemperature(n, f.path(key), r)
    }
    let supply = try temperature("supplyTemperature")
    var control = SupplyControl.fixed(supply)
    if let n = f["control"] { control = try supplyControl(n, f.path("control"), supply: supply, r) }
    let cduNode = try r.required(f, "cdu", expected: "{rated: xdu1350 | deschutes | {…}, tcsFlow, fwsFlow}")
    let cf = try r.fields(cduNode, f.path("cdu"), allowed: cduKeys, what: "a mapping {rated, tcsFlow, fwsFlow}")
    let cdu = try cduDesign(r.required(cf, "rated", expected: "xdu1350, deschutes or a rated point {heat, …}"),
                            cf.path("rated"), r)
    let hrNode = try r.required(f, "heatRejection", expected: "one of dryCooler, coolingTower")
    let rejection = try heatRejection(hrNode, f.path("heatRejection"), r)
    var chiller: Chiller? = nil
    if let n = f["chiller"], n.null == nil { chiller = try self.chiller(n, f.path("chiller"), r) }
    var crah = try CRAH()
    if let n = f["crah"] { crah = try self.crah(n, f.path("crah"), r) }
    let ambNode = try r.required(f, "designAmbient", expected: "{dryBulb, wetBulb}")
    let ambient = try designAmbient(ambNode, f.path("designAmbient"), r)
    var spec = CaseDocument.FacilitySpec(supplyTemperature: supply, control: control, cdu: cdu,
                                         heatRejection: rejection, chiller: chiller, crah: crah,
                                         designAmbient: ambient)
    if let n = f["racks"] { spec.racks = try r.integer(n, f.path("racks"), atLeast: 1) }
    if let n = cf["tcsFlow"] { spec.tcsFlow = try r.positive(n, cf.path("tcsFlow"), .massFlow) }
    if let n = cf["fwsFlow"] { spec.fwsFlow = try r.positive(n, cf.path("fwsFlow"), .massFlow) }
    if let n = cf["tcsResistanceShare"] {
      spec.tcsResistanceShare = try number(n, cf.path("tcsResistanceShare"), "a share in (0, 1) (a plain number)", r) {
        $0 > 0 && $0 < 1
      }
    }
    // Size the exchanger now: a rated point with a temperature cross is an error at `cdu.rated`.
    _ = try sized(cf.path("rated"), cduNode, r) { try CDU(design: cdu, tcsResistanceShare: spec.tcsResistanceShare) }
    if let n = f["fwsPump"] {
      let pf = try r.fields(n, f.path("fwsPump"), allowed: fwsPumpKeys, what: "a mapping {power, flow}")
      let power = try r.positive(r.required(pf, "power", expected: QuantityKind.power.expected), pf.path("power"),
                                 .power, allowZero: true)
      let flow = try r.positive(r.required(pf, "flow", expected: QuantityKind.massFlow.expected), pf.path("flow"),
                                .massFlow)
      spec.fwsPump = (power, flow)
    }
    if let n = f["ups"] { spec.ups = try powerUnit(n, f.path("ups"), r) }
    if let n = f["pdu"] { spec.pdu = try powerUnit(n, f.path("pdu"), r) }
    if let n = f["roomDewPoint"] {
      if n.scalar?.string == "outdoor" {
        spec.roomDewPoint = nil
      } else {
        let t = try r.quantity(n, f.path("roomDewPoint"), .temperature)
        guard t > 273.15 - 60, t < 273.15 + 60 else {
          throw r.fail(f.path("roomDewPoint"), n, expected: "a dew point in −60…60 °C, or outdoor",
                       found: String(format: "%@ (%.2f °C)", YAMLInput.describe(n), t - 273.15))
        }
        spec.roomDewPoint = t
      }
    }
    if let n = f["serverFanPower"] {
      spec.serverFanPower = try r.positive(n, f.path("serverFanPower"), .power, allowZero: true)
    }
    return spec
  }

  /// A facility-water temperature: liquid water, 1…95 °C (the range of the built-in water table and the plant's).
  static func waterTemperature(_ node: Node, _ path: String, _ r: Reader) throws -> Double {
    let t = try r.quantity(node, path, .temperature)
    guard t >= 274.15, t <= 368.15 else {
      throw r.fail(path, node, expected: "a facility water temperature in 1…95 °C",
                   found: String(format: "%@ (%.2f °C)", YAMLInput.describe(node), t - 273.15))
    }
    return t
  }

  static func supplyControl(_ node: Node, _ path: String, supply: Double, _ r: Reader) throws -> SupplyControl {
    if node.scalar?.string == "fixed" { return .fixed(supply) }
    let expected = "fixed or {reset: {offset, minimum, maximum}}"
    guard node.mapping != nil else { throw r.fail(path, node, expected: expected) }
    let f = try r.fields(node, path, allowed: ["reset"], what: expected)
    let rn = try r.required(f, "reset", expected: "{offset, minimum, maximum}")
    let rf = try r.fields(rn, f.path("reset"), allowed: resetKeys, what: "a mapping {offset, minimum, maximum}")
    let offset = try r.quantity(r.required(rf, "offset", expected: QuantityKind.temperatureDifference.expected),
                                rf.path("offset"), .temperatureDifference)
    guard abs(offset) <= 50 else {
      throw r.fail(rf.path("offset"), rf["offset"], expected: "an offset within ±50 K", found: "\(offset) K")
    }
    let lo = try waterTemperature(r.required(rf, "minimum", expected: QuantityKind.temperature.expected),
                                  rf.path("minimum"), r)
    let hi = try waterTemperature(r.required(rf, "maximum", expected: QuantityKind.temperature.expected),
                                  rf.path("maximum"), r)
    guard lo <= hi else {
      throw r.fail(rf.path("maximum"), rf["maximum"], expected: "maximum ≥ minimum",
                   found: String(format: "%.2f °C < %.2f °C", hi - 273.15, lo - 273.15))
    }
    return .ambientReset(offset: offset, minimum: lo, maximum: hi)
  }

  static func cduDesign(_ node: Node, _ path: String, _ r: Reader) throws -> CDUDesign {
    let names = CDUDesign.builtIn.map(\.name)
    if node.mapping == nil {
      let name = node.scalar?.string ?? ""
      guard let d = CDUDesign.builtIn.first(where: { $0.name == name.lowercased() }) else {
        let s = node.scalar == nil ? nil : NearestKey.suggestion(for: name.lowercased(), among: names)
        throw r.fail(path, node, expected: "a rated CDU: " + NearestKey.expectedOneOf(names, suggestion: s)
                       + " or {heat, approach, fwsSupply, tcsFlow, fwsFlow, tcsCoolant, fwsCoolant, pumpPower}",
                     suggestion: s)
      }
      return d
    }
    let f = try r.fields(node, path, allowed: cduRatedKeys)
    // Bounds keep the exchanger's sizing within floating point (a 1e-320 W rating sizes a subnormal UA).
    let bounds: [String: ClosedRange<Double>] = ["heat": 1...1e10, "approach": 0.01...50, "tcsFlow": 1e-6...1e5,
                                                 "fwsFlow": 1e-6...1e5, "pumpPower": 0...1e9]
    func positive(_ key: String, _ kind: QuantityKind, zero: Bool = false) throws -> Double {
      let n = try r.required(f, key, expected: kind.expected)
      let v = try r.positive(n, f.path(key), kind, allowZero: zero)
      if let b = bounds[key], !b.contains(v) {
        throw r.fail(f.path(key), n, expected: "\(kind.name) in \(b.lowerBound)…\(b.upperBound) \(kind.siUnit)",
                     found: "\(YAMLInput.describe(n)) (\(v) \(kind.siUnit))")
      }
      return v
    }
    func fluid(_ key: String) throws -> Coolant {
      guard let n = f[key] else { return key == "tcsCoolant" ? .propyleneGlycol25 : .water }
      return try coolant(n, f.path(key), r)
    }
    return CDUDesign(
      name: "case", heat: try positive("heat", .power), approach: try positive("approach", .temperatureDifference),
      fwsSupply: try waterTemperature(r.required(f, "fwsSupply", expected: QuantityKind.temperature.expected),
                                      f.path("fwsSupply"), r),
      tcsFlow: try positive("tcsFlow", .massFlow), fwsFlow: try positive("fwsFlow", .massFlow),
      tcsCoolant: try fluid("tcsCoolant"), fwsCoolant: try fluid("fwsCoolant"),
      pumpPower: try positive("pumpPower", .power, zero: true), source: "case file \(r.file)")
  }

  static func heatRejection(_ node: Node, _ path: String, _ r: Reader) throws -> HeatRejection {
    let kinds = ["dryCooler", "coolingTower"]
    let f = try r.fields(node, path, allowed: kinds, what: "a mapping with one of dryCooler, coolingTower")
    guard f.entries.count == 1, let e = f.entries.first else {
      throw r.fail(path, node, expected: "exactly one of dryCooler, coolingTower",
                   found: f.entries.isEmpty ? "none" : f.entries.map(\.key).joined(separator: " and "))
    }
    let p = f.path(e.key)
    if e.key == "dryCooler" {
      let d = try r.fields(e.value, p, allowed: dryCoolerKeys, what: "a mapping {heat, ambient, waterIn, …}")
      func q(_ key: String, _ kind: QuantityKind) throws -> Double {
        try r.quantity(r.required(d, key, expected: kind.expected), d.path(key), kind)
      }
      let heat = try designHeat(d, r)
      let fan = try r.positive(r.required(d, "fanPower", expected: QuantityKind.power.expected), d.path("fanPower"),
                               .power, allowZero: true)
      let ambient = try q("ambient", .temperature)
      guard ambient > 273.15 - 60, ambient < 273.15 + 60 else {
        throw r.fail(d.path("ambient"), d["ambient"], expected: "a design dry bulb in −60…60 °C",
                     found: String(format: "%.2f °C", ambient - 273.15))
      }
      let win = try waterTemperature(r.required(d, "waterIn", expected: QuantityKind.temperature.expected),
                                     d.path("waterIn"), r)
      let wout = try waterTemperature(r.required(d, "waterOut", expected: QuantityKind.temperature.expected),
                                      d.path("waterOut"), r)
      var rise = 10.0
      if let n = d["airRise"] { rise = try r.positive(n, d.path("airRise"), .temperatureDifference) }
      var minFraction = 0.1
      if let n = d["minimumAirFraction"] {
        minFraction = try number(n, d.path("minimumAirFraction"), "a fraction in (0, 1]", r) { $0 > 0 && $0 <= 1 }
      }
      return .dryCooler(try sized(p, e.value, r) {
        try DryCooler(designHeat: heat, designAmbient: ambient, designWaterIn: win, designWaterOut: wout,
                      airRise: rise, designFanPower: fan, minimumAirFraction: minFraction)
      })
    }
    let t = try r.fields(e.value, p, allowed: towerKeys, what: "a mapping {heat, wetBulb, approach, range, …}")
    func positive(_ key: String, _ kind: QuantityKind) throws -> Double {
      try r.positive(r.required(t, key, expected: kind.expected), t.path(key), kind)
    }
    let heat = try designHeat(t, r)
    let wb = try r.quantity(r.required(t, "wetBulb", expected: QuantityKind.temperature.expected), t.path("wetBulb"),
                            .temperature)
    guard wb > 273.15 - 40, wb < 273.15 + 40 else {
      throw r.fail(t.path("wetBulb"), t["wetBulb"], expected: "a design wet bulb in −40…40 °C",
                   found: String(format: "%.2f °C", wb - 273.15))
    }
    let approach = try positive("approach", .temperatureDifference)
    let range = try positive("range", .temperatureDifference)
    guard approach <= 40, range <= 40 else {
      throw r.fail(p, e.value, expected: "approach and range up to 40 K", found: "\(approach) K, \(range) K")
    }
    let fan = try r.positive(r.required(t, "fanPower", expected: QuantityKind.power.expected), t.path("fanPower"),
                             .power, allowZero: true)
    var xa = 1.5, lg = 1.2, cycles = 5.0, minFraction = 0.1
    if let n = t["exchangerApproach"] {
      xa = try r.positive(n, t.path("exchangerApproach"), .temperatureDifference, allowZero: true)
      guard xa <= 20 else { throw r.fail(t.path("exchangerApproach"), n, expected: "an approach up to 20 K") }
    }
    if let n = t["waterToAir"] {
      lg = try number(n, t.path("waterToAir"), "a water-to-air mass ratio in (0.1, 10] (a plain number)", r) {
        $0 > 0.1 && $0 <= 10
      }
    }
    if let n = t["cycles"] {
      cycles = try number(n, t.path("cycles"), "cycles of concentration in (1, 100] (a plain number)", r) {
        $0 > 1 && $0 <= 100
      }
    }
    if let n = t["minimumAirFraction"] {
      minFraction = try number(n, t.path("minimumAirFraction"), "a fraction in (0, 1]", r) { $0 > 0 && $0 <= 1 }
    }
    return .coolingTower(try sized(p, e.value, r) {
      try CoolingTower(designHeat: heat, designWetBulb: wb, designApproach: approach, designRange: range,
                       exchangerApproach: xa, waterToAirRatio: lg, designFanPower: fan, cycles: cycles,
                       minimumAirFraction: minFraction)
    })
  }

  /// A heat-rejection unit's design heat: 1 W…10 GW (a subnormal rating sizes a coil no arithmetic can use).
  static func designHeat(_ f: Fields, _ r: Reader) throws -> Double {
    let n = try r.required(f, "heat", expected: QuantityKind.power.expected)
    let v = try r.positive(n, f.path("heat"), .power)
    guard v >= 1, v <= 1e10 else {
      throw r.fail(f.path("heat"), n, expected: "a design heat in 1 W…10 GW", found: "\(YAMLInput.describe(n)) (\(v) W)")
    }
    return v
  }

  static func chiller(_ node: Node, _ path: String, _ r: Reader) throws -> Chiller {
    let f = try r.fields(node, path, allowed: chillerKeys, what: "a mapping {carnotFraction, …}")
    var c = try Chiller()
    if let n = f["carnotFraction"] {
      c.carnotFraction = try number(n, f.path("carnotFraction"), "a fraction of the Carnot COP in (0, 1]", r) {
        $0 > 0 && $0 <= 1
      }
    }
    for key in ["evaporatorDifference", "condenserDifference"] {
      guard let n = f[key] else { continue }
      let v = try r.positive(n, f.path(key), .temperatureDifference, allowZero: true)
      guard v <= 30 else { throw r.fail(f.path(key), n, expected: "a temperature difference up to 30 K") }
      if key == "evaporatorDifference" { c.evaporatorDifference = v } else { c.condenserDifference = v }
    }
    if let n = f["maximumCOP"] {
      c.maximumCOP = try number(n, f.path("maximumCOP"), "a maximum COP in (1, 100] (a plain number)", r) {
        $0 > 1 && $0 <= 100
      }
    }
    return c
  }

  static func crah(_ node: Node, _ path: String, _ r: Reader) throws -> CRAH {
    let f = try r.fields(node, path, allowed: crahKeys, what: "a mapping {airTemperatureDifference, …}")
    var c = try CRAH()
    if let n = f["airTemperatureDifference"] {
      c.airTemperatureDifference = try r.positive(n, f.path("airTemperatureDifference"), .temperatureDifference)
    }
    if let n = f["fanPressure"] { c.fanPressure = try r.positive(n, f.path("fanPressure"), .pressure, allowZero: true) }
    if let n = f["fanEfficiency"] {
      c.fanEfficiency = try number(n, f.path("fanEfficiency"), "an efficiency in (0, 1]", r) { $0 > 0 && $0 <= 1 }
    }
    if let n = f["waterSupply"] { c.waterSupply = try waterTemperature(n, f.path("waterSupply"), r) }
    if let n = f["waterRise"] { c.waterRise = try r.positive(n, f.path("waterRise"), .temperatureDifference) }
    // The fans' heat joins their own load, P = Q k/(1 − k): k ≥ 1 means fans that heat the air faster than the
    // coil can carry it away.
    let k = c.fanPressure / (c.fanEfficiency * 1.2 * 1006 * c.airTemperatureDifference)
    guard k < 0.5 else {
      throw r.fail(path, node, expected: "fans that add less than their coil load (ΔP/(η ρ c_p ΔT) < 0.5)",
                   found: String(format: "%.3g", k))
    }
    return try sized(path, node, r) {
      try CRAH(airTemperatureDifference: c.airTemperatureDifference, fanPressure: c.fanPressure,
               fanEfficiency: c.fanEfficiency, waterSupply: c.waterSupply, waterRise: c.waterRise)
    }
  }

  static func powerUnit(_ node: Node, _ path: String, _ r: Reader) throws -> (curve: EfficiencyCurve, rating: Double) {
    let f = try r.fields(node, path, allowed: powerUnitKeys, what: "a mapping {rating, efficiency}")
    let rating = try r.positive(r.required(f, "rating", expected: QuantityKind.power.expected), f.path("rating"), .power)
    let expected = "a list of [load fraction, efficiency] rows"
    let en = try r.required(f, "efficiency", expected: expected)
    let rows = try r.sequence(en, f.path("efficiency"), expected: expected)
    guard !rows.isEmpty, rows.count <= 100 else { throw r.fail(f.path("efficiency"), en, expected: "1 to 100 rows") }
    var points: [(load: Double, efficiency: Double)] = []
    for (i, row) in rows.enumerated() {
      let rp = join(f.path("efficiency"), String(i))
      let pair = try r.sequence(row, rp, expected: "a [load fraction, efficiency] row")
      guard pair.count == 2 else { throw r.fail(rp, row, expected: "a [load fraction, efficiency] row") }
      let load = try number(pair[0], join(rp, "0"), "a load fraction in (0, 10]", r) { $0 > 0 && $0 <= 10 }
      let eta = try number(pair[1], join(rp, "1"), "an efficiency in (0.5, 1]", r) { $0 > 0.5 && $0 <= 1 }
      if let last = points.last, !(load > last.load) {
        throw r.fail(join(rp, "0"), pair[0], expected: "load fractions rising row by row",
                     found: "\(load) after \(last.load)")
      }
      points.append((load, eta))
    }
    let curve = try sized(f.path("efficiency"), en, r) { try EfficiencyCurve(points, location: path) }
    return (curve, rating)
  }

  /// `{dryBulb, wetBulb}` at sea-level pressure; the dew point follows from the wet bulb (bisection on
  /// `Psychrometrics.wetBulb`, which rises monotonically with the dew point, to 1e-6 K).
  static func designAmbient(_ node: Node, _ path: String, _ r: Reader) throws -> Ambient {
    let f = try r.fields(node, path, allowed: ambientKeys, what: "a mapping {dryBulb, wetBulb}")
    func t(_ key: String) throws -> Double {
      let n = try r.required(f, key, expected: QuantityKind.temperature.expected)
      let v = try r.quantity(n, f.path(key), .temperature)
      guard v > 273.15 - 50, v < 273.15 + 60 else {
        throw r.fail(f.path(key), n, expected: "an outdoor temperature in −50…60 °C",
                     found: String(format: "%@ (%.2f °C)", YAMLInput.describe(n), v - 273.15))
      }
      return v
    }
    let db = try t("dryBulb"), wb = try t("wetBulb")
    let driest = Ambient(dryBulb: db, dewPoint: db - 90).wetBulb
    guard wb <= db, wb >= driest else {
      throw r.fail(f.path("wetBulb"), f["wetBulb"],
                   expected: String(format: "a wet bulb between %.1f °C (dry air) and the dry bulb %.1f °C",
                                    driest - 273.15, db - 273.15),
                   found: String(format: "%.2f °C", wb - 273.15))
    }
    var lo = db - 90, hi = db
    while hi - lo > 1e-6 {
      let mid = 0.5 * (lo + hi)
      if Ambient(dryBulb: db, dewPoint: mid).wetBulb < wb { lo = mid } else { hi = mid }
    }
    return Ambient(dryBulb: db, dewPoint: 0.5 * (lo + hi))
  }

  static func weather(_ node: Node, _ r: Reader) throws -> CaseDocument.WeatherSpec {
    if node.mapping == nil {
      let path = try r.string(node, "weather", expected: "an EPW file path or {climate: NAME, seed: N}")
      return .epw(path: resolve(path, relativeTo: r.file))
    }
    let f = try r.fields(node, "weather", allowed: weatherKeys, what: "{climate: NAME, seed: N}")
    let names = ClimateNormals.builtIn.map(\.name)
    let cn = try r.required(f, "climate", expected: "a built-in climate: " + NearestKey.expectedOneOf(names, suggestion: nil))
    let name = cn.scalar?.string ?? ""
    guard ClimateNormals.named(name) != nil else {
      let s = cn.scalar == nil ? nil : NearestKey.suggestion(for: name.lowercased(), among: names)
      throw r.fail(f.path("climate"), cn, expected: "a built-in climate: " + NearestKey.expectedOneOf(names, suggestion: s),
                   suggestion: s)
    }
    var seed: UInt64 = 1
    if let n = f["seed"] { seed = UInt64(try r.integer(n, f.path("seed"), atLeast: 0)) }
    return .climate(name: name.lowercased(), seed: seed)
  }

  static func loadProfile(_ node: Node, _ r: Reader) throws -> CaseDocument.LoadProfileSpec {
    let expected = "{constant: FRACTION} or {file: PATH} (8,760 hourly fractions)"
    guard node.mapping != nil else { throw r.fail("loadProfile", node, expected: expected) }
    let f = try r.fields(node, "loadProfile", allowed: loadProfileKeys, what: expected)
    guard f.entries.count == 1 else {
      throw r.fail("loadProfile", node, expected: "exactly one of constant, file",
                   found: f.entries.isEmpty ? "none" : "both")
    }
    if let n = f["constant"] {
      return .constant(try number(n, f.path("constant"), "a load fraction in (0, 10] (a plain number)", r) {
        $0 > 0 && $0 <= 10
      })
    }
    let p = try r.string(f["file"]!, f.path("file"), expected: "a path to a file of 8,760 fractions")
    return .file(path: resolve(p, relativeTo: r.file))
  }
}

extension CaseDecoder {
  /// `facility`, `weather`, `loadProfile` of the top level: weather and a load profile need a facility; a facility
  /// runs after a steady solve (not a transient).
  static func decodeFacility(_ top: Fields, _ root: Node, into doc: inout CaseDocument, _ r: Reader) throws {
    if let n = top["facility"], n.null == nil {
      if let t = top["transient"], t.null == nil {
        throw r.fail("facility", n, expected: "a steady case with a facility (the facility runs after a steady solve)",
                     found: "a transient section and a facility")
      }
      doc.facility = try facility(n, r)
    }
    for key in ["weather", "loadProfile"] {
      guard let n = top[key], n.null == nil else { continue }
      guard doc.facility != nil else {
        throw r.fail(key, n, expected: "a facility section for \(key) (an annual run of the facility)",
                     found: "\(key) and no \"facility\" key")
      }
      if key == "weather" { doc.weather = try weather(n, r) } else { doc.loadProfile = try loadProfile(n, r) }
    }
  }
}
