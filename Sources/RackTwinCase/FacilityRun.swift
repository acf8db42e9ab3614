import Foundation
import RackTwinCooling
import RackTwinFacility
import RackTwinIO
import RackTwinThermal

/// What a case's facility produced: the design point, the year when the case has `weather`, and the warnings.
public struct FacilityOutcome: Sendable {
  public var model: FacilityModel
  /// The rack's load as the facility sees it (all racks): IT, server fans, heat to liquid and to air (W).
  public var load: RackLoad
  /// The facility at the design ambient and full load.
  public var design: FacilityPoint
  public var annual: AnnualFacility?
  /// The weather's name (file or built-in climate) when annual.
  public var weatherName: String?
  /// Network solves spent setting the exchanger's supply to the CDU's TCS supply (0 without an exchanger), and the
  /// last change of that supply (K).
  public var tcsIterations: Int = 0
  public var tcsSupplyChange: Double = 0
  /// Seconds spent on the 8,760 hours.
  public var annualTime: Double = 0
  /// Things a person should know that do not stop the run (condensation hours).
  public var warnings: [String] = []
}

/// The facility step of a case (`facility:`, `weather:`, `loadProfile:`): from the rack's solve to PUE and its
/// companions, at the design point and over a year.
///
/// The rack's load (per rack, then × `racks`): heat to liquid = the network's `heat_to_liquid`; heat to air = the
/// heat leaving the mesh through its boundaries (heat out − heat in) plus the server fans (their power ends in the
/// room air); IT power = heat to liquid + heat to air (server fans are IT). The TCS pump is the network's pumps
/// when there is a network (else the CDU's affinity law). With an exchanger holding `supplyTemperature`, that set
/// point is replaced by the CDU's TCS supply at the design point and the network re-solved until it changes by less
/// than `tcsTolerance`. An annual run reuses the rack solution every hour: heats and IT scale with the load fraction
/// (`RackLoad.scaled`), flows and pump power stay at the design point (fixed-speed pumps), and only the plant is
/// evaluated per hour.
public enum FacilityRun {
  /// Stop when the TCS supply changes by less than this between network solves (K).
  public static let tcsTolerance = 1e-3
  static let maxTCSIterations = 20

  /// One rack's share, as the solve gives it (W, kg/s).
  public struct RackHeat: Sendable, Equatable {
    public var heatToLiquid: Double
    /// Heat through the mesh's boundaries (server fans not included).
    public var meshHeatToAir: Double
    /// The network's pumps (nil without a network).
    public var pumpPower: Double?
    /// Mass flow through the exchanger (or the first pump) of the network (nil without a network).
    public var tcsFlow: Double?
    public init(heatToLiquid: Double, meshHeatToAir: Double, pumpPower: Double? = nil, tcsFlow: Double? = nil) {
      self.heatToLiquid = heatToLiquid
      self.meshHeatToAir = meshHeatToAir
      self.pumpPower = pumpPower
      self.tcsFlow = tcsFlow
    }
  }

  /// Heat leaving a mesh solution through its boundaries, net (W): the rack's heat to the room air.
  public static func boundaryHeat(_ s: ThermalSolution) -> Double { s.energyBalance.heatOut - s.energyBalance.heatIn }

  /// The index of the network element whose outlet the CDU sets: the first with a set point.
  static func exchangerIndex(_ doc: CaseDocument) -> Int? {
    doc.network?.network.elements.firstIndex { $0.outletTemperature != nil }
  }

  /// A rack's heat from its network solution and the mesh's boundary heat.
  public static func rackHeat(_ doc: CaseDocument, network s: NetworkSolution?, meshHeatToAir: Double) -> RackHeat {
    guard let s, let spec = doc.network else { return RackHeat(heatToLiquid: 0, meshHeatToAir: meshHeatToAir) }
    let elements = spec.network.elements
    let liquid = elements.indices.filter { elements[$0].outletTemperature == nil }.reduce(0.0) { $0 + s.elements[$1].heat }
    let through = exchangerIndex(doc) ?? elements.firstIndex {
      if case .pump = $0.kind { return true } else { return false }
    }
    // Compact trays' air rows join the mesh's heat to air (both go to the room's CRAHs).
    return RackHeat(heatToLiquid: liquid, meshHeatToAir: meshHeatToAir + CompactTrayRun.heatToAir(doc, s),
                    pumpPower: s.pumpPower,
                    tcsFlow: through.map { abs(s.elements[$0].massFlow) })
  }

  /// Builds the facility chain for a rack's heat and evaluates it at the design ambient.
  /// - Throws: `CaseRunError` naming the case file and the facility key (exit 2): a chillerless plant that cannot
  ///   reach its supply at the design ambient, flows or loads the chain cannot take.
  public static func design(_ doc: CaseDocument, rack: RackHeat) throws -> FacilityOutcome {
    guard let f = doc.facility else { preconditionFailure("FacilityRun.design: the case has no facility") }
    let n = Double(f.racks)
    let air = (max(0, rack.meshHeatToAir) + f.serverFanPower) * n
    let liquid = max(0, rack.heatToLiquid) * n
    let load = RackLoad(itPower: liquid + air, serverFanPower: f.serverFanPower * n, heatToLiquid: liquid,
                        heatToAir: air)
    func named<T>(_ key: String, _ body: () throws -> T) throws -> T {
      do { return try body() } catch let e as FacilityError {
        throw CaseRunError(file: doc.path, underlying: e, keyPath: key)
      } catch let e as CoolingError {
        // A fluid property asked outside its table (a loop far from the CDU's rating).
        throw CaseRunError(file: doc.path, underlying: e, keyPath: key)
      }
    }
    guard load.itPower > 0, load.serverFanPower < load.itPower else {
      throw CaseRunError(file: doc.path, underlying: FacilityError.invalidInput(
        location: "the rack's load", expected: "IT power > 0 with server fans below it (heat to liquid or air > 0)",
        found: "IT \(load.itPower) W, server fans \(load.serverFanPower) W"), keyPath: "facility")
    }
    let cdu = try named("facility.cdu") { try CDU(design: f.cdu, tcsResistanceShare: f.tcsResistanceShare) }
    let tcsFlow = f.tcsFlow ?? rack.tcsFlow.map { $0 * n } ?? f.cdu.tcsFlow
    let fwsFlow = f.fwsFlow ?? f.cdu.fwsFlow * tcsFlow / f.cdu.tcsFlow
    let chain = try named("facility.ups") {
      var c = try PowerChain.typical(rating: load.itPower)
      if let u = f.ups { c.ups = u.curve; c.upsRating = u.rating }
      if let p = f.pdu { c.pdu = p.curve; c.pduRating = p.rating }
      return c
    }
    let key: String
    switch f.heatRejection {
    case .dryCooler: key = "facility.heatRejection.dryCooler"
    case .coolingTower: key = "facility.heatRejection.coolingTower"
    }
    let model = try named(key) {
      try FacilityModel(cdu: cdu, tcsFlow: tcsFlow, fwsFlow: fwsFlow, fwsPumpDesignPower: f.fwsPump?.power ?? 0,
                        fwsPumpDesignFlow: f.fwsPump?.flow ?? fwsFlow, heatRejection: f.heatRejection,
                        chiller: f.chiller, crah: f.crah, powerChain: chain, control: f.control,
                        roomDewPoint: f.roomDewPoint, designAmbient: f.designAmbient, designLoad: load,
                        tcsPumpPower: rack.pumpPower.map { $0 * n })
    }
    let point = try named("facility") { try model.evaluate(load: load, ambient: f.designAmbient) }
    var outcome = FacilityOutcome(model: model, load: load, design: point)
    if point.condensationRisk {
      outcome.warnings.append(String(format: "facility: FWS supply %.1f °C below the room dew point %.1f °C at the "
                                       + "design point (pipes would sweat)", point.fwsSupply - 273.15,
                                     point.roomDewPoint - 273.15))
    }
    return outcome
  }

  /// Solves the case's network; with a facility and an exchanger holding a supply set point, that set point becomes
  /// the CDU's TCS supply at the design point (fixed point, to `tcsTolerance`). Returns the document with the set
  /// point used, the solution, and the iterations.
  public static func solveNetwork(_ doc: CaseDocument, meshHeatToAir: Double = 0) throws
    -> (document: CaseDocument, solution: NetworkSolution, iterations: Int, change: Double) {
    guard let f = doc.facility, let k = exchangerIndex(doc) else {
      return (doc, try NetworkRun.solve(doc), 0, 0)
    }
    var d = doc
    // Start from the FWS set point plus the rated approach.
    var supply = f.cdu.approach + FacilityModelSetpoint.at(f)
    var change = Double.infinity
    for i in 1...maxTCSIterations {
      d.network!.network.elements[k].outletTemperature = supply
      let s = try NetworkRun.solve(d)
      let rack = rackHeat(d, network: s, meshHeatToAir: meshHeatToAir)
      // No heat at all (a mesh case's heat is not known yet and the loop carries none): no approach.
      let next = rack.heatToLiquid <= 0 && meshHeatToAir <= 0 && f.serverFanPower <= 0
        ? FacilityModelSetpoint.at(f) : try design(d, rack: rack).design.tcsSupply
      change = abs(next - supply)
      if change < tcsTolerance { return (d, s, i, change) }
      supply = next
    }
    throw CaseRunError(file: doc.path, underlying: FacilityError.invalidInput(
      location: "TCS supply", expected: "the CDU's TCS supply settling within \(tcsTolerance) K in "
        + "\(maxTCSIterations) network solves", found: String(format: "a change of %.3g K", change)),
      keyPath: "facility.cdu")
  }

  /// The design point and, with `weather`, the year.
  public static func run(_ doc: CaseDocument, rack: RackHeat) throws -> FacilityOutcome {
    var o = try design(doc, rack: rack)
    guard let w = doc.weather else { return o }
    let clock = ContinuousClock()
    let t0 = clock.now
    if case let .epw(path) = w, !FileManager.default.fileExists(atPath: path) {
      throw CaseError(file: doc.path, keyPath: "weather", expected: "a readable EPW weather file",
                      found: "\(path): no such file")
    }
    let weather = try weatherSeries(w)
    let fractions = try loadFractions(doc.loadProfile, hours: weather.count, caseFile: doc.path)
    do {
      o.annual = try AnnualFacility.run(model: o.model, weather: weather, designLoad: o.load, loadFraction: fractions)
    } catch let e as FacilityError {
      throw CaseRunError(file: doc.path, underlying: e, keyPath: "weather")
    }
    o.weatherName = weather.name
    o.annualTime = (clock.now - t0).racktwinSeconds
    if let a = o.annual, a.condensationHours > 0 {
      o.warnings.append("facility: FWS supply below the room dew point in \(a.condensationHours) of \(a.hours) hours "
                          + "(\(weather.name); pipes would sweat)")
    }
    return o
  }

  /// The hourly weather of `weather:`: an EPW file (errors name file, line and field) or a generated climate.
  public static func weatherSeries(_ w: CaseDocument.WeatherSpec) throws -> WeatherSeries {
    switch w {
    case let .epw(path):
      let epw = try EPWFile.read(path: path)
      return WeatherSeries(name: path, dryBulb: epw.dryBulb, dewPoint: epw.dewPoint, pressure: epw.pressure)
    case let .climate(name, seed):
      return ClimateGenerator.year(ClimateNormals.named(name)!, seed: seed)
    }
  }

  /// The hourly load fractions of `loadProfile:` (constant 1 without one). A file holds one fraction per line
  /// (blank lines and `#` comments skipped), exactly `hours` of them, each in (0, 10].
  public static func loadFractions(_ p: CaseDocument.LoadProfileSpec?, hours: Int, caseFile: String) throws -> [Double] {
    switch p {
    case nil: return Array(repeating: 1, count: hours)
    case let .constant(c)?: return Array(repeating: c, count: hours)
    case let .file(path)?:
      guard let data = FileManager.default.contents(atPath: path) else {
        throw CaseError(file: caseFile, keyPath: "loadProfile.file", expected: "a readable file of hourly fractions",
                        found: "\(path): no such file")
      }
      guard let text = String(data: data, encoding: .utf8) else {
        throw CaseError(file: path, keyPath: "", expected: "a UTF-8 text file of hourly fractions",
                        found: "undecodable bytes")
      }
      var out: [Double] = []
      for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
        let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let t = line.trimmingCharacters(in: .whitespacesAndNewlines)
        if t.isEmpty { continue }
        guard let v = Double(t), v > 0, v <= 10 else {
          throw CaseError(file: path, keyPath: "", line: i + 1, expected: "a load fraction in (0, 10]",
                          found: "\"\(CaseError.abbreviatedForFacility(t))\"")
        }
        guard out.count < hours else {
          throw CaseError(file: path, keyPath: "", line: i + 1, expected: "\(hours) hourly fractions",
                          found: "more")
        }
        out.append(v)
      }
      guard out.count == hours else {
        throw CaseError(file: path, keyPath: "", expected: "\(hours) hourly fractions", found: "\(out.count)")
      }
      return out
    }
  }
}

/// The FWS set point a facility section asks for at its design ambient.
enum FacilityModelSetpoint {
  static func at(_ f: CaseDocument.FacilitySpec) -> Double {
    switch f.control {
    case let .fixed(t): return t
    case let .ambientReset(offset, lo, hi):
      let ref: Double
      switch f.heatRejection {
      case .dryCooler: ref = f.designAmbient.dryBulb
      case .coolingTower: ref = f.designAmbient.wetBulb
      }
      return min(hi, max(lo, ref + offset))
    }
  }
}

extension CaseError {
  static func abbreviatedForFacility(_ s: String) -> String { s.count > 60 ? String(s.prefix(60)) + "…" : s }
}

extension FacilityRun {
  /// The facility metrics (`MetricCatalog`, runs `facility`, then `annual` when the outcome has a year), in
  /// catalogue order.
  public static func metrics(_ o: FacilityOutcome) -> [ResultsDocument.Metric] {
    let p = o.design
    let c = -273.15
    var values: [String: Double] = [
      "it_power": p.itPower, "server_fan_power": p.serverFanPower, "tcs_pump_power": p.tcsPumpPower,
      "fws_pump_power": p.fwsPumpPower, "crah_fan_power": p.crahFanPower, "chiller_power": p.chillerPower,
      "heat_rejection_fan_power": p.heatRejectionFanPower, "ups_loss": p.upsLoss, "pdu_loss": p.pduLoss,
      "facility_power": p.facilityPower, "pue": p.pue, "itue": p.itue, "tue": p.tue,
      "cooling_ppue": p.coolingPartialPUE, "capture_ratio": p.captureRatio,
      "facility_heat_to_liquid": p.heatToLiquid, "facility_heat_to_air": p.heatToAir,
      "tcs_supply_temperature": p.tcsSupply + c, "tcs_return_temperature": p.tcsReturn + c,
      "fws_supply_setpoint": p.fwsSupplySetpoint + c, "fws_supply_temperature": p.fwsSupply + c,
      "fws_return_temperature": p.fwsReturn + c, "reusable_heat": p.fwsHeat, "water_use": p.waterUse,
      // kg/s over an hour (L) per kWh of IT in that hour.
      "wue": p.waterUse * 3600 / (p.itPower / 1000),
      "water_class_limit": (p.waterClass.limit ?? .nan) + c,
      "outside_water_class": p.outsideWaterClass ? 1 : 0, "chiller_running": p.chillerRunning ? 1 : 0,
      "condensation": p.condensationRisk ? 1 : 0, "tcs_supply_iterations": Double(o.tcsIterations),
    ]
    var runs: [MetricDefinition.Runs] = [.facility]
    if let a = o.annual {
      runs.append(.annual)
      values.merge([
        "annual_pue": a.pue, "annual_itue": a.itue, "annual_tue": a.tue, "annual_cooling_ppue": a.coolingPartialPUE,
        "mean_hourly_pue": a.meanHourlyPUE, "it_energy": a.itEnergy, "facility_energy": a.facilityEnergy,
        "pump_energy": a.pumpEnergy, "crah_fan_energy": a.crahFanEnergy, "chiller_energy": a.chillerEnergy,
        "heat_rejection_fan_energy": a.heatRejectionFanEnergy, "ups_loss_energy": a.upsLossEnergy,
        "pdu_loss_energy": a.pduLossEnergy, "reusable_heat_energy": a.reusableHeat,
        "annual_return_temperature": a.meanReturnTemperature + c, "annual_water_use": a.water, "annual_wue": a.wue,
        "chiller_hours": Double(a.chillerHours), "fws_chiller_hours": Double(a.fwsChillerHours),
        "free_cooling_hours": Double(a.fullFreeCoolingHours),
        "hours_outside_water_class": Double(a.hoursOutsideWaterClass),
        "condensation_hours": Double(a.condensationHours), "annual_time": o.annualTime,
      ]) { a, _ in a }
    }
    return MetricCatalog.all.filter { runs.contains($0.runs) }.map { d in
      guard let v = values[d.name] else { preconditionFailure("no value for metric \(d.name)") }
      return MetricCatalog.metric(d.name, v)
    }
  }
}

extension FacilityOutcome {
  /// Lines for people: the design point and the year, temperatures in °C.
  public var summary: [String] {
    let p = design
    var lines = [
      String(format: "facility: IT %.1f kW (server fans %.1f kW), facility %.1f kW: PUE %.4f, TUE %.4f, capture %.3f",
             p.itPower / 1e3, p.serverFanPower / 1e3, p.facilityPower / 1e3, p.pue, p.tue, p.captureRatio),
      String(format: "  end uses (kW): TCS pumps %.2f, FWS pump %.2f, CRAH fans %.2f, chiller %.2f, heat-rejection "
               + "fans %.2f, UPS %.2f, PDU %.2f", p.tcsPumpPower / 1e3, p.fwsPumpPower / 1e3, p.crahFanPower / 1e3,
             p.chillerPower / 1e3, p.heatRejectionFanPower / 1e3, p.upsLoss / 1e3, p.pduLoss / 1e3),
      String(format: "  FWS %.2f → %.2f °C (%@), TCS %.2f → %.2f °C", p.fwsSupply - 273.15, p.fwsReturn - 273.15,
             p.waterClass.rawValue, p.tcsSupply - 273.15, p.tcsReturn - 273.15),
    ]
    if let a = annual {
      lines.append(String(format: "  year (%@): PUE %.4f (mean of hourly %.4f), TUE %.4f, chiller %d h, free "
                            + "cooling %d h, outside W-class %d h, WUE %.3f L/kWh; %.2f s for %d hours",
                          weatherName ?? "", a.pue, a.meanHourlyPUE, a.tue, a.chillerHours, a.fullFreeCoolingHours,
                          a.hoursOutsideWaterClass, a.wue, annualTime, a.hours))
    }
    return lines
  }
}
