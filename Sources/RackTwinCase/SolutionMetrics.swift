import RackTwinIO
import RackTwinThermal

/// The metrics of a solution, by the names and units of `MetricCatalog`, and the columns a sweep point writes.
public enum SolutionMetrics {
  /// The `/metrics` of a steady solution, in catalogue order.
  public static func steady(_ s: ThermalSolution) -> [ResultsDocument.Metric] {
    let eb = s.energyBalance
    let values: [String: Double] = [
      "power": eb.sources,
      "max_temperature": (s.temperature.max() ?? .nan) - 273.15,
      "heat_in": eb.heatIn,
      "heat_out": eb.heatOut,
      "energy_balance_error": eb.imbalance,
      "energy_balance_relative": eb.relative,
      "solver_iterations": Double(s.report.iterations),
      "solver_residual": s.report.relativeResidual,
      "nonlinear_iterations": Double(s.nonlinearIterations),
      "correction_iterations": Double(s.correctionIterations),
      "material_range_violations": Double(s.rangeWarnings.count),
      "heat_to_air": heatToAir(s),
      "heat_to_liquid": heatToLiquid(s),
      "assembly_time": s.assemblyTime,
      "setup_time": s.report.setupTime,
      "solve_time": s.report.solveTime,
    ]
    return fill(values, runs: [.all])
  }

  /// Heat to air (W): the net heat out through the boundary conditions (convection, radiation, fixed temperature,
  /// flux), plus the air streams lumped devices (immersion, air-cooled servers, rear doors) report as
  /// `*.heat_to_air`. The one definition of `/metrics/heat_to_air` of a mesh solution.
  public static func heatToAir(_ s: ThermalSolution) -> Double {
    -s.energyBalance.perPatch.reduce(0) { $0 + $1.heatIn }
      + s.termMetrics.filter { $0.name.hasSuffix(".heat_to_air") }.reduce(0) { $0 + $1.value }
  }

  /// Heat to liquid (W): every coolant stream of the mesh's terms once (advection in fluid regions, cold plates); a
  /// network adds its own elements' heat (`NetworkRun.add`).
  public static func heatToLiquid(_ s: ThermalSolution) -> Double {
    s.termMetrics.filter { $0.name.hasSuffix(".heat_to_liquid") }.reduce(0) { $0 + $1.value }
  }

  /// The terms' own metrics, `<term name>.<metric>` (after the catalogue's); absolute temperatures (K, named
  /// `*temperature*`) are written in °C like every temperature people read.
  public static func terms(_ s: ThermalSolution) -> [ResultsDocument.Metric] {
    s.termMetrics.map { m in
      if m.units == "K" && m.name.contains("temperature") {
        return ResultsDocument.Metric(name: m.name, value: m.value - 273.15, units: "degC")
      }
      return ResultsDocument.Metric(name: m.name, value: m.value, units: m.units)
    }
  }

  /// The `/metrics` of a transient run: the final state's, with the run's own energy balance (largest over the
  /// steps), iteration count and timings, and the step counts. The order keeps that of earlier files: the
  /// final-state metrics the run does not replace, then the run's.
  public static func transient(_ s: TransientSolution) -> [ResultsDocument.Metric] {
    let replaced = ["energy_balance_relative", "solver_iterations", "assembly_time", "solve_time"]
    let run: [String: Double] = [
      "energy_balance_relative": s.energyBalanceRelative,
      "time_steps": Double(s.acceptedSteps),
      "rejected_steps": Double(s.rejectedSteps),
      "duration": s.times.last ?? 0,
      "solver_iterations": Double(s.linearIterations),
      "assembly_time": s.assemblyTime,
      "solve_time": s.solveTime,
    ]
    let order = ["energy_balance_relative", "time_steps", "rejected_steps", "duration", "solver_iterations",
                 "assembly_time", "solve_time"]
    return steady(s.final).filter { !replaced.contains($0.name) } + order.map { MetricCatalog.metric($0, run[$0]!) }
  }

  /// The patch table: heat into the domain, area and area-mean face temperature (°C) of every patch with faces.
  public static func patches(_ s: ThermalSolution) -> [ResultsDocument.Patch] {
    let heat = Dictionary(s.energyBalance.perPatch.map { ($0.patch, $0.heatIn) }, uniquingKeysWith: { a, _ in a })
    return s.patches.map {
      ResultsDocument.Patch(name: $0.name, heatIn: heat[$0.name] ?? 0, area: $0.area,
                            meanTemperatureC: $0.meanTemperature - 273.15)
    }
  }

  /// A sweep point's output columns: every metric, then per component, probe, patch, pump, manifold and risk component the columns
  /// of `MetricCatalog.itemColumns`.
  public static func columns(of r: ResultsDocument) -> [(name: String, units: String, value: Double)] {
    var out = r.metrics.map { (name: $0.name, units: $0.units, value: $0.value) }
    func add(_ table: String, _ item: String, _ values: [String: Double]) {
      for c in MetricCatalog.itemColumns where c.table == table {
        out.append((c.column(item: item), c.units, values[c.field]!))
      }
    }
    for c in r.components {
      add("components", c.name, ["max_temperature": c.maxTemperatureC, "mean_temperature": c.meanTemperatureC,
                                 "margin": c.margin])
    }
    for p in r.probes { add("probes", p.name, ["temperature": p.temperatureC]) }
    for p in r.patches { add("patches", p.name, ["heat_in": p.heatIn, "mean_temperature": p.meanTemperatureC]) }
    for p in r.loop?.pumps ?? [] { add("pumps", p.name, ["flow": p.flow, "pressure_rise": p.pressureRise]) }
    for m in r.loop?.manifolds ?? [] {
      add("manifolds", m.name, ["min_over_mean": m.minOverMean, "max_over_mean": m.maxOverMean])
    }
    for c in r.risk?.components ?? [] {
      add("risk", c.name, ["probability": c.probability, "reliability_index": c.reliabilityIndex])
    }
    return out
  }

  private static func fill(_ values: [String: Double], runs: [MetricDefinition.Runs]) -> [ResultsDocument.Metric] {
    MetricCatalog.all.filter { runs.contains($0.runs) }.map { d in
      guard let v = values[d.name] else { preconditionFailure("no value for metric \(d.name)") }
      return MetricCatalog.metric(d.name, v)
    }
  }
}
