import Foundation
import RackTwinCase
import RackTwinIO
import RackTwinThermal

/// The human summary `racktwin solve` prints: solver, energy balance, components, probes. Temperatures in °C
/// (°F with `--units us`).
struct SolveSummary {
  let outcome: SteadyCaseRunner.Outcome
  let output: String
  var units: UnitSystem = .si

  var text: String {
    let s = outcome.solution
    let m = outcome.mesh
    let eb = s.energyBalance
    var lines: [String] = []
    lines.append("case: \(outcome.document.path)  mesh: \(outcome.document.meshPath ?? "none") (\(group(m.cellCount)) cells, "
                 + "\(m.regions.count) regions)")
    lines.append(String(format: "solver: %@, %d iterations, relative residual %.2e; assembly %.3f s, setup %.3f s, solve %.3f s",
                        s.report.method, s.report.iterations, s.report.relativeResidual, s.assemblyTime,
                        s.report.setupTime, s.report.solveTime)
                 + (s.report.operatorComplexity.map { String(format: "; operator complexity %.3f", $0) } ?? ""))
    if s.nonlinearIterations > 0 || s.correctionIterations > 0 {
      lines.append("iterations: \(s.nonlinearIterations) Picard (temperature-dependent terms), "
                   + "\(s.correctionIterations) non-orthogonal correction passes")
    }
    let u = units, pu = u.powerUnit
    lines.append(String(format: "energy balance: sources %.6g \(pu), in %.6g \(pu), out %.6g \(pu); error %.3e \(pu) "
                          + "(%.2e relative)", u.power(watts: eb.sources), u.power(watts: eb.heatIn),
                        u.power(watts: eb.heatOut), u.power(watts: eb.imbalance), eb.relative))
    if !s.components.isEmpty {
      lines.append("")
      let w = max(9, s.components.map(\.name.count).max() ?? 0)
      let t = u.temperatureUnit, d = u.temperatureDifferenceUnit
      let pw = max(9, "power \(pu)".count)
      lines.append(pad("component", w) + " " + lpad("power \(pu)", pw) + " " + lpad("max \(t)", 8) + " "
                   + lpad("mean \(t)", 8) + " " + lpad("limit \(t)", 9) + " " + lpad("margin \(d)", 9))
      for c in s.components {
        let limit = c.limit.map { String(format: "%8.2f", u.temperature(kelvin: $0)) } ?? "       –"
        let margin = c.margin.map { String(format: "%8.2f", u.temperatureDifference(kelvin: $0)) } ?? "       –"
        lines.append(pad(c.name, w) + " " + lpad(String(format: "%.2f", u.power(watts: c.power)), pw)
                     + String(format: " %8.2f %8.2f ", u.temperature(kelvin: c.maxTemperature),
                              u.temperature(kelvin: c.meanTemperature)) + " " + limit + "  " + margin)
      }
    }
    if !s.probes.isEmpty {
      lines.append("")
      let w = max(5, s.probes.map(\.name.count).max() ?? 0)
      lines.append(pad("probe", w) + "   \(u.temperatureUnit)")
      for p in s.probes { lines.append(pad(p.name, w) + String(format: " %8.3f", u.temperature(kelvin: p.temperature))) }
    }
    lines += patchTable(outcome.results.patches, units: u)
    if let loop = outcome.results.loop {
      lines.append("")
      let coupled = outcome.document.network?.regions.isEmpty == false || outcome.document.hasNetworkPlates
      lines.append(coupled ? "hydraulic network (coupled to the mesh through its region or coldPlate elements):"
                     : "hydraulic network (solved beside the mesh, not coupled to it):")
      lines += LoopSummary(loop: loop, metrics: outcome.results.metrics, units: u).lines
    }
    if let risk = outcome.results.risk { lines += riskLines(risk, metrics: outcome.results.metrics, units: u) }
    lines.append("")
    let sidecar = (output as NSString).deletingPathExtension + ".xdmf"
    lines.append("wrote \(output) and \(sidecar)")
    return lines.joined(separator: "\n")
  }
}

/// Hotspot risk (`uncertainty`): per component P and β, then any-exceeds with its error and bound.
func riskLines(_ risk: ResultsDocument.Risk, metrics: [ResultsDocument.Metric], units u: UnitSystem = .si) -> [String] {
  func m(_ name: String) -> Double { metrics.first { $0.name == name }?.value ?? .nan }
  let w = max(9, risk.components.map(\.name.count).max() ?? 0)
  let d = u.temperatureDifferenceUnit
  var lines = ["", pad("component", w) + "   P(exceed)       β " + lpad("mean \(u.temperatureUnit)", 9) + " "
                 + lpad("σ \(d)", 6) + "  method"]
  for c in risk.components {
    lines.append(pad(c.name, w) + String(format: " %11.4e %7.3f %9.2f %6.3f  ", c.probability, c.reliabilityIndex,
                                         u.temperature(celsius: c.meanTemperatureC),
                                         u.temperatureDifference(kelvin: c.standardDeviation)) + c.method)
  }
  lines.append(String(format: "hotspot risk: %.4e ± %.1e (N = %.0f), upper %.4e; reliability index %.3f; "
                        + "linearisation error %.2e \(d); %.3f s", m("hotspot_risk"), m("hotspot_risk_standard_error"),
                      m("risk_samples"), m("hotspot_risk_upper"), m("reliability_index"),
                      u.temperatureDifference(kelvin: m("risk_linearity_error")), m("risk_time")))
  return lines
}

/// Where the heat goes: per patch that carries heat, its heat in (W, negative leaving), area and mean temperature.
func patchTable(_ patches: [ResultsDocument.Patch], units u: UnitSystem = .si) -> [String] {
  let rows = patches.filter { $0.heatIn != 0 }
  guard !rows.isEmpty else { return [] }
  let w = max(5, rows.map(\.name.count).max() ?? 0)
  let hw = max(11, "heat in \(u.powerUnit)".count)
  var lines = ["", pad("patch", w) + " " + lpad("heat in \(u.powerUnit)", hw) + " " + lpad("area \(u.areaUnit(large: true))", 10)
                 + " " + lpad("mean \(u.temperatureUnit)", 9)]
  for p in rows {
    lines.append(pad(p.name, w) + " " + lpad(String(format: "%.4g", u.power(watts: p.heatIn)), hw)
                 + String(format: " %10.4g %9.2f", u.area(squareMetres: p.area, large: true),
                          u.temperature(celsius: p.meanTemperatureC)))
  }
  return lines
}

func pad(_ s: String, _ width: Int) -> String { s.count >= width ? s : s + String(repeating: " ", count: width - s.count) }

/// Right-aligned in `width` characters (a column heading over right-aligned numbers).
func lpad(_ s: String, _ width: Int) -> String { s.count >= width ? s : String(repeating: " ", count: width - s.count) + s }

func group(_ n: Int) -> String {
  let digits = Array(String(n))
  var out = ""
  for (i, d) in digits.enumerated() {
    if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
    out.append(d)
  }
  return out
}

/// The summary of a transient run: steps, energy balance, final component maxima and probes. Temperatures in °C.
struct TransientSummary {
  let outcome: TransientCaseRunner.Outcome
  let output: String
  var units: UnitSystem = .si

  var text: String {
    let s = outcome.solution
    let m = outcome.mesh
    var lines: [String] = []
    lines.append("case: \(outcome.document.path)  mesh: \(outcome.document.meshPath ?? "none") (\(group(m.cellCount)) cells, "
                 + "\(m.regions.count) regions)")
    lines.append(String(format: "transient: %.6g s in %d steps (%d rejected), %d snapshots; assembly %.3f s, solve %.3f s",
                        s.times.last ?? 0, s.acceptedSteps, s.rejectedSteps, s.snapshots.count, s.assemblyTime, s.solveTime))
    lines.append(String(format: "energy balance incl. stored energy: max relative imbalance over steps %.2e",
                        s.energyBalanceRelative))
    let t = units.temperatureUnit
    for c in s.final.components {
      lines.append(pad(c.name, 12) + String(format: " max %8.2f \(t) at the end", units.temperature(kelvin: c.maxTemperature)))
    }
    for p in s.final.probes {
      lines.append(pad(p.name, 12) + String(format: " %8.3f \(t) at the end", units.temperature(kelvin: p.temperature)))
    }
    lines += outcome.notes
    let sidecar = (output as NSString).deletingPathExtension + ".xdmf"
    lines.append("wrote \(output) and \(sidecar)")
    return lines.joined(separator: "\n")
  }
}
