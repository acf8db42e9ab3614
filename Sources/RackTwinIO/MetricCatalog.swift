/// One quantity a solve reports: its name (the `/metrics` dataset and the sweep column), its unit and its meaning.
public struct MetricDefinition: Sendable, Equatable {
  /// Which runs write the metric.
  public enum Runs: String, Sendable, Equatable {
    /// Steady and transient runs (a transient writes the final state's value, or its own where stated).
    case all
    /// Transient runs only.
    case transient
    /// Runs of a case with a hydraulic network (`network:`), with or without a mesh.
    case network
    /// Runs of a case whose network has compact trays (`type: compactTray`).
    case compactTrays
    /// Runs of a case with an `uncertainty` section (hotspot risk).
    case uncertainty
    /// Runs of a case with a facility (`facility:`): the design point.
    case facility
    /// Runs of a case with a facility and `weather:`: the year.
    case annual
    /// Runs of a case with a single-phase `immersion` tank (lumped devices, issue 15).
    case immersion
    /// Runs of a case with a two-phase `immersion` tank.
    case twoPhase
    /// Runs of a case with `airCooling` (with or without a rear door).
    case airCooling
    /// Runs of a case with a `rearDoor`.
    case rearDoor
  }

  /// snake_case; the `/metrics/<name>` dataset and the sweep column.
  public var name: String
  /// The `units` attribute (`W`, `degC`, `K`, `1`, `s`).
  public var units: String
  /// One sentence for people (docs/file-formats.md lists the same).
  public var meaning: String
  public var runs: Runs
  /// Wall-clock timings differ between two runs of the same inputs; determinism checks leave them out.
  public var isTiming: Bool

  public init(_ name: String, _ units: String, _ meaning: String, runs: Runs = .all, isTiming: Bool = false) {
    self.name = name
    self.units = units
    self.meaning = meaning
    self.runs = runs
    self.isTiming = isTiming
  }
}

/// A column written once per item of a table (a component, a probe, a patch): `<table>.<item>.<field>`.
public struct ItemColumnDefinition: Sendable, Equatable {
  /// `components`, `probes`, `patches`, `pumps` or `manifolds`.
  public var table: String
  public var field: String
  public var units: String
  public var meaning: String

  /// The column's name for one item.
  public func column(item: String) -> String { "\(table).\(item).\(field)" }
}

/// The one list of metrics (DESIGN §4.3): the case layer fills values by these names, the results writer and the
/// sweep write them with these units, sweep objectives and validation references may name any of them, and
/// `docs/file-formats.md` documents them (a test checks that the page lists every entry). Adding a metric is one
/// line here plus the line that computes it.
public enum MetricCatalog {
  /// Every `/metrics` scalar, in the order results files and sweep rows write them.
  public static let all: [MetricDefinition] = [
    .init("power", "W", "total heat dissipated in the domain: components, volumetric and cell sources"),
    .init("max_temperature", "degC", "hottest cell temperature"),
    .init("heat_in", "W", "heat entering through boundary patches and terms, summed over the faces where it enters"),
    .init("heat_out", "W", "heat leaving through boundary patches and terms, summed over the faces where it leaves"),
    .init("energy_balance_error", "W", "sources + heat in − heat out (0 for an exact balance)"),
    .init("energy_balance_relative", "1",
          "|energy_balance_error| / max(heat in + sources, heat out); in a transient, the largest over all steps, "
            + "stored energy included"),
    .init("solver_iterations", "1", "linear-solver iterations summed over all solves of the run"),
    .init("solver_residual", "1", "relative residual ‖b − Aθ‖/‖b‖ of the last linear solve"),
    .init("nonlinear_iterations", "1",
          "Picard iterations on temperature-dependent terms (k(T), radiation, leakage; 0 when linear)"),
    .init("correction_iterations", "1", "deferred non-orthogonal correction passes (0 on rectilinear meshes)"),
    .init("material_range_violations", "1", "regions whose temperatures left their material's valid range"),
    .init("heat_to_air", "W",
          "net heat leaving the mesh through its boundary conditions (convection, radiation, fixed temperature, flux), "
            + "plus the air streams of lumped devices (`*.heat_to_air`: air-cooled servers, rear doors)"),
    .init("heat_to_liquid", "W",
          "heat the coolant streams pick up, each once as ṁ(h_out − h_in): the mesh's terms (`*.heat_to_liquid`: fluid "
            + "regions, cold plates) plus the network's elements without a set point; network-only runs: the elements"),
    .init("time_steps", "1", "accepted time steps", runs: .transient),
    .init("rejected_steps", "1", "time steps rejected by the adaptive error control", runs: .transient),
    .init("duration", "s", "simulated time at the end of the run", runs: .transient),
    .init("ride_through_time", "s",
          "from the first pumpTrip or cduTrip event to the first component reaching its limit; NaN when there is no "
            + "trip, no limit, or no limit is reached within the run (the reason is in the summary); written by "
            + "transients with coolant flow", runs: .transient),
    .init("pump_power", "W", "electrical power of all running pumps, ΔP·Q / wire-to-water efficiency",
          runs: .network),
    .init("pump_hydraulic_power", "W", "hydraulic power of all pumps, ΔP·Q", runs: .network),
    .init("loop_flow", "m^3/s", "volume flow through the first pump (group) of the network", runs: .network),
    .init("loop_supply_temperature", "degC", "outlet temperature of the first exchanger (NaN without one)",
          runs: .network),
    .init("loop_return_temperature", "degC", "mixed inlet temperature of the first exchanger (NaN without one)",
          runs: .network),
    .init("maldistribution_min", "1",
          "smallest branch mass flow over its manifold's mean, over all manifolds (NaN without manifolds)",
          runs: .network),
    .init("maldistribution_max", "1",
          "largest branch mass flow over its manifold's mean, over all manifolds (NaN without manifolds)",
          runs: .network),
    .init("network_iterations", "1", "Newton iterations of the last hydraulic solve", runs: .network),
    .init("max_gpu_temperature", "degC", "hottest `.max` over compact-tray components whose name starts with `gpu`",
          runs: .compactTrays),
    .init("tray_max_temperature", "degC", "hottest `.max` over all compact-tray components", runs: .compactTrays),
    .init("tray_heat_to_air", "W", "heat the compact trays give the air (their `heat_to_air` rows)",
          runs: .compactTrays),
    .init("tray_extrapolated", "1", "compact trays whose flow lies outside their model's flows (extrapolated)",
          runs: .compactTrays),
    .init("tray_energy_balance_relative", "1", "largest of |Σ tray powers − heat to liquid − heat to air| / Σ powers "
            + "and |heat the loop's elements add + heat the exchangers remove| / heat added", runs: .compactTrays),
    .init("tray_iterations", "1", "network solves iterating the trays' flow-dependent coefficients",
          runs: .compactTrays),
    .init("hotspot_risk", "1", "Monte-Carlo probability that any component exceeds its limit under the stated "
            + "uncertainty (docs/risk.md)", runs: .uncertainty),
    .init("hotspot_risk_standard_error", "1", "standard error of hotspot_risk, √(p(1 − p)/N)", runs: .uncertainty),
    .init("hotspot_risk_upper", "1", "one-sided Clopper–Pearson upper bound of hotspot_risk at the confidence "
            + "(≈ 3/N at 95 % when no sample exceeds)", runs: .uncertainty),
    .init("reliability_index", "1", "smallest reliability index β over components with a limit (+inf: none can "
            + "exceed)", runs: .uncertainty),
    .init("risk_samples", "1", "Monte-Carlo samples N", runs: .uncertainty),
    .init("risk_linearity_error", "K", "largest error of the linearised inputs (TIM resistance) against re-solves "
            + "at ±2σ, over the tracked cells (0 when every input is exact)", runs: .uncertainty),
    .init("risk_time", "s", "wall time of the risk analysis: influence matrix, sensitivities, FORM, Monte-Carlo",
          runs: .uncertainty, isTiming: true),
    // Facility (issue 16): the design point (W, degC), then the year (J, h). All racks of `facility.racks`.
    .init("it_power", "W", "IT electrical power, server fans included: heat to liquid + heat to air", runs: .facility),
    .init("server_fan_power", "W", "the server fans' share of IT power", runs: .facility),
    .init("tcs_pump_power", "W", "TCS (rack loop) pumps, electrical: the network's pumps, else the CDU's law",
          runs: .facility),
    .init("fws_pump_power", "W", "facility-water pump, electrical", runs: .facility),
    .init("crah_fan_power", "W", "CRAH fans moving the heat liquid does not capture", runs: .facility),
    .init("chiller_power", "W", "chiller compressor(s), both streams (FWS and CRAH chilled water)", runs: .facility),
    .init("heat_rejection_fan_power", "W", "dry-cooler or tower fans, economiser and condenser duty", runs: .facility),
    .init("ups_loss", "W", "UPS loss P_in − P_out = P_out/η − P_out at its load", runs: .facility),
    .init("pdu_loss", "W", "PDU loss P_out/η − P_out at its load", runs: .facility),
    .init("facility_power", "W", "total at the utility meter: IT + pumps + fans + chiller + UPS and PDU losses",
          runs: .facility),
    .init("pue", "1", "facility power / IT power at the design point", runs: .facility),
    .init("itue", "1", "IT / (IT − server fans)", runs: .facility),
    .init("tue", "1", "ITUE · PUE = facility / (IT − server fans)", runs: .facility),
    .init("cooling_ppue", "1", "(IT + pumps + fans + chiller) / IT: partial PUE of the cooling chain", runs: .facility),
    .init("capture_ratio", "1", "heat to liquid / (heat to liquid + heat to air)", runs: .facility),
    .init("facility_heat_to_liquid", "W", "heat the TCS carries to the CDU, all racks", runs: .facility),
    .init("facility_heat_to_air", "W", "heat the CRAHs remove (mesh boundaries, compact trays' air rows, server fans), all racks",
          runs: .facility),
    .init("tcs_supply_temperature", "degC", "rack-loop supply from the CDU (FWS supply + approach)", runs: .facility),
    .init("tcs_return_temperature", "degC", "rack-loop return to the CDU", runs: .facility),
    .init("fws_supply_setpoint", "degC", "FWS supply set point at the design ambient", runs: .facility),
    .init("fws_supply_temperature", "degC",
          "FWS supply reached (above the set point only when a chillerless plant cannot reach it)", runs: .facility),
    .init("fws_return_temperature", "degC", "FWS return: the temperature of the reusable heat", runs: .facility),
    .init("reusable_heat", "W", "heat in the FWS return (heat to liquid + TCS pump work)", runs: .facility),
    .init("water_use", "kg/s", "cooling-tower evaporation + blowdown (0 for a dry cooler)", runs: .facility),
    .init("wue", "L/kWh", "site water / IT energy at the design point", runs: .facility),
    .init("water_class_limit", "degC", "upper FWS supply of the set point's ASHRAE W-class (W17…W45; NaN for W+)",
          runs: .facility),
    .init("outside_water_class", "1", "1 when the FWS supply reached lies above its W-class at the design point",
          runs: .facility),
    .init("chiller_running", "1", "1 when the chiller runs at the design point", runs: .facility),
    .init("condensation", "1", "1 when the FWS supply lies below the room dew point at the design point (a warning)",
          runs: .facility),
    .init("tcs_supply_iterations", "1", "network solves setting the exchanger to the CDU's TCS supply",
          runs: .facility),
    .init("annual_pue", "1", "Σ facility energy / Σ IT energy over the year (energy-weighted)", runs: .annual),
    .init("annual_itue", "1", "Σ IT energy / Σ (IT − server fan) energy", runs: .annual),
    .init("annual_tue", "1", "Σ facility energy / Σ (IT − server fan) energy", runs: .annual),
    .init("annual_cooling_ppue", "1", "(Σ IT + cooling energy) / Σ IT energy", runs: .annual),
    .init("mean_hourly_pue", "1", "mean of the hourly PUEs, shown beside annual_pue only to expose the difference",
          runs: .annual),
    .init("it_energy", "J", "IT energy over the year", runs: .annual),
    .init("facility_energy", "J", "facility energy over the year at the utility meter", runs: .annual),
    .init("pump_energy", "J", "TCS and FWS pumps over the year", runs: .annual),
    .init("crah_fan_energy", "J", "CRAH fans over the year", runs: .annual),
    .init("chiller_energy", "J", "chiller over the year", runs: .annual),
    .init("heat_rejection_fan_energy", "J", "heat-rejection fans over the year", runs: .annual),
    .init("ups_loss_energy", "J", "UPS losses over the year", runs: .annual),
    .init("pdu_loss_energy", "J", "PDU losses over the year", runs: .annual),
    .init("reusable_heat_energy", "J", "heat in the FWS return over the year", runs: .annual),
    .init("annual_return_temperature", "degC", "heat-weighted mean FWS return temperature", runs: .annual),
    .init("annual_water_use", "kg", "cooling-tower water over the year (1 kg ≈ 1 L)", runs: .annual),
    .init("annual_wue", "L/kWh", "site water / IT energy over the year (The Green Grid WP #35)", runs: .annual),
    .init("chiller_hours", "h", "hours with the chiller on (either stream)", runs: .annual),
    .init("fws_chiller_hours", "h", "hours with the chiller on for the facility water", runs: .annual),
    .init("free_cooling_hours", "h", "hours with all heat rejected without the chiller", runs: .annual),
    .init("hours_outside_water_class", "h", "hours with the FWS supply above its W-class limit", runs: .annual),
    .init("condensation_hours", "h", "hours with the FWS supply below the room dew point (a warning)", runs: .annual),
    .init("annual_time", "s", "wall time of the 8,760 hourly plant evaluations", runs: .annual, isTiming: true),
    .init("tank_inlet_temperature", "degC", "single-phase tank: dielectric entering from the CDU", runs: .immersion),
    .init("tank_outlet_temperature", "degC", "single-phase tank: dielectric leaving at the top (ṁ(h_out − h_in) = the load)", runs: .immersion),
    .init("tank_top_temperature", "degC", "single-phase tank: top layer of the zonal (layered) model", runs: .immersion),
    .init("tank_pressure_drop", "Pa", "single-phase tank: port losses K ½ρv²", runs: .immersion),
    .init("tank_pump_power", "W", "single-phase tank: V̇ΔP / pump efficiency", runs: .immersion),
    .init("saturation_temperature", "degC", "two-phase tank: T_sat at the vapour-space pressure", runs: .twoPhase),
    .init("max_chf_ratio", "1", "two-phase tank: largest q''/q''_CHF (Zuber) over the boiling surfaces (≥ 1: dry-out)", runs: .twoPhase),
    .init("condenser_capacity", "W", "two-phase tank: condenser coil capacity at T_sat", runs: .twoPhase),
    .init("condenser_margin", "W", "two-phase tank: condenser capacity − load (negative: vapour builds up)", runs: .twoPhase),
    .init("condenser_margin_fraction", "1", "two-phase tank: condenser margin / load", runs: .twoPhase),
    .init("vapour_build_up", "1", "two-phase tank: 1 when the load exceeds the condenser (vapour accumulates, pressure rises)", runs: .twoPhase),
    .init("vapour_stored_heat", "W", "two-phase tank: heat going into accumulating vapour (load − condenser duty; 0 when it holds)", runs: .twoPhase),
    .init("holding_pressure", "Pa", "two-phase tank: vapour-space pressure at which the condenser would hold the load (NaN beyond the fluid's data)", runs: .twoPhase),
    .init("condenser_water_return_temperature", "degC", "two-phase tank: condenser water leaving the coil", runs: .twoPhase),
    .init("server_airflow", "m^3/s", "air-cooled servers: airflow at the room temperature (fans against servers and a passive door)", runs: .airCooling),
    .init("server_exhaust_temperature", "degC", "air-cooled servers: exhaust air (entering a rear door)", runs: .airCooling),
    .init("rack_fan_power", "W", "air-cooled servers: server fans, electrical (IT power; heat in the exhaust)", runs: .airCooling),
    .init("door_captured_heat", "W", "rear door: heat the coil's water takes (= heat_to_liquid)", runs: .rearDoor),
    .init("door_capture_ratio", "1", "rear door: captured heat / heat the rack gives its air (IT + server and door fans)", runs: .rearDoor),
    .init("door_leaving_air_temperature", "degC", "rear door: air leaving the door into the room", runs: .rearDoor),
    .init("door_water_return_temperature", "degC", "rear door: water leaving the coil", runs: .rearDoor),
    .init("room_neutral", "1", "rear door: 1 when the leaving air is within 0.5 K of the room air", runs: .rearDoor),
    .init("condensation_warning", "1", "rear door: 1 when the water supply is below the room dew point (the coil will condense)", runs: .rearDoor),
    .init("door_fan_power", "W", "rear door: door fans, electrical (0 for a passive door)", runs: .rearDoor),
    .init("door_pressure_drop", "Pa", "rear door: air-side pressure drop of the coil", runs: .rearDoor),
    .init("door_effectiveness", "1", "rear door: coil effectiveness ε (crossflow, both fluids unmixed)", runs: .rearDoor),
    .init("assembly_time", "s", "wall time assembling the system", isTiming: true),
    .init("setup_time", "s", "wall time building preconditioners and factorisations", isTiming: true),
    .init("solve_time", "s", "wall time in the linear solver", isTiming: true),
  ]

  /// Columns written per component, probe and patch.
  public static let itemColumns: [ItemColumnDefinition] = [
    .init(table: "components", field: "max_temperature", units: "degC", meaning: "the component's hottest cell"),
    .init(table: "components", field: "mean_temperature", units: "degC", meaning: "volume-weighted mean"),
    .init(table: "components", field: "margin", units: "K", meaning: "limit − maximum (NaN without a limit)"),
    .init(table: "probes", field: "temperature", units: "degC", meaning: "temperature at the probe's point"),
    .init(table: "patches", field: "heat_in", units: "W", meaning: "heat into the domain through the patch"),
    .init(table: "patches", field: "mean_temperature", units: "degC", meaning: "area-weighted mean face temperature"),
    .init(table: "pumps", field: "flow", units: "m^3/s", meaning: "the pump group's volume flow"),
    .init(table: "pumps", field: "pressure_rise", units: "Pa", meaning: "the pump group's pressure rise"),
    .init(table: "manifolds", field: "min_over_mean", units: "1", meaning: "smallest branch mass flow over the mean"),
    .init(table: "manifolds", field: "max_over_mean", units: "1", meaning: "largest branch mass flow over the mean"),
    .init(table: "risk", field: "probability", units: "1", meaning: "probability the component exceeds its limit"),
    .init(table: "risk", field: "reliability_index", units: "1", meaning: "the component's reliability index β"),
  ]

  /// The definition of a `/metrics` name, if it is one.
  public static func definition(named name: String) -> MetricDefinition? { all.first { $0.name == name } }

  /// A metric value with its catalogue units. `name` must be in `all` (a programmer error otherwise).
  public static func metric(_ name: String, _ value: Double) -> ResultsDocument.Metric {
    guard let d = definition(named: name) else { preconditionFailure("metric \(name) is not in MetricCatalog.all") }
    return ResultsDocument.Metric(name: name, value: value, units: d.units)
  }

  /// Whether `column` names an output a solve writes: a metric, or `<table>.<item>.<field>` of `itemColumns`.
  public static func isOutputColumn(_ column: String) -> Bool {
    if definition(named: column) != nil { return true }
    return itemColumns.contains { c in
      column.hasPrefix(c.table + ".") && column.hasSuffix("." + c.field)
        && column.count > c.table.count + c.field.count + 2
    }
  }

  /// The per-item columns for messages: `components.<name>.max_temperature|mean_temperature|margin, …`.
  public static var itemPatterns: String {
    var tables: [String] = []
    for c in itemColumns where !tables.contains(c.table) { tables.append(c.table) }
    return tables.map { t in
      "\(t).<name>." + itemColumns.filter { $0.table == t }.map(\.field).joined(separator: "|")
    }.joined(separator: ", ")
  }

  /// Names of the timing metrics (excluded from determinism comparisons).
  public static var timingNames: [String] { all.filter(\.isTiming).map(\.name) }
}
