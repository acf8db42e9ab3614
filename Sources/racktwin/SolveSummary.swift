import Foundation
import RackTwinCase
import RackTwinIO
import RackTwinThermal

/// The human summary `racktwin solve` prints: solver, energy balance, components, probes. Temperatures in °C.
struct SolveSummary {
  let outcome: SteadyCaseRunner.Outcome
  let output: String

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
    lines.append(String(format: "energy balance: sources %.6g W, in %.6g W, out %.6g W; error %.3e W (%.2e relative)",
                        eb.sources, eb.heatIn, eb.heatOut, eb.imbalance, eb.relative))
    if !s.components.isEmpty {
      lines.append("")
      let w = max(9, s.components.map(\.name.count).max() ?? 0)
      lines.append(pad("component", w) + "   power W   max °C  mean °C  limit °C  margin K")
      for c in s.components {
        let limit = c.limit.map { String(format: "%8.2f", $0 - 273.15) } ?? "       –"
        let margin = c.margin.map { String(format: "%8.2f", $0) } ?? "       –"
        lines.append(pad(c.name, w) + String(format: " %9.2f %8.2f %8.2f ", c.power, c.maxTemperature - 273.15,
                                             c.meanTemperature - 273.15) + " " + limit + "  " + margin)
      }
    }
    if !s.probes.isEmpty {
      lines.append("")
      let w = max(5, s.probes.map(\.name.count).max() ?? 0)
      lines.append(pad("probe", w) + "   °C")
      for p in s.probes { lines.append(pad(p.name, w) + String(format: " %8.3f", p.temperature - 273.15)) }
    }
    lines += patchTable(outcome.results.patches)
    if let loop = outcome.results.loop {
      lines.append("")
      let coupled = outcome.document.network?.regions.isEmpty == false || outcome.document.hasNetworkPlates
      lines.append(coupled ? "hydraulic network (coupled to the mesh through its region or coldPlate elements):"
                     : "hydraulic network (solved beside the mesh, not coupled to it):")
      lines += LoopSummary(loop: loop, metrics: outcome.results.metrics).lines
    }
    if let risk = outcome.results.risk { lines += riskLines(risk, metrics: outcome.results.metrics) }
    lines.append("")
    let sidecar = (output as NSString).deletingPathExtension + ".xdmf"
    lines.append("wrote \(output) and \(sidecar)")
    return lines.joined(separator: "\n")
  }
}

/// Hotspot risk (`uncertainty`): per component P and β, then any-exceeds with its error and bound.
func riskLines(_ risk: ResultsDocument.Risk, metrics: [ResultsDocument.Metric]) -> [String] {
  func m(_ name: String) -> Double { metrics.first { $0.name == name }?.value ?? .nan }
  let w = max(9, risk.components.map(\.name.count).max() ?? 0)
  var lines = ["", pad("component", w) + "   P(exceed)       β   mean °C    σ K  method"]
  for c in risk.components {
    lines.append(pad(c.name, w) + String(format: " %11.4e %7.3f %9.2f %6.3f  ", c.probability, c.reliabilityIndex,
                                         c.meanTemperatureC, c.standardDeviation) + c.method)
  }
  lines.append(String(format: "hotspot risk: %.4e ± %.1e (N = %.0f), upper %.4e; reliability index %.3f; "
                        + "linearisation error %.2e K; %.3f s", m("hotspot_risk"), m("hotspot_risk_standard_error"),
                      m("risk_samples"), m("hotspot_risk_upper"), m("reliability_index"), m("risk_linearity_error"),
                      m("risk_time")))
  return lines
}

/// Where the heat goes: per patch that carries heat, its heat in (W, negative leaving), area and mean temperature.
func patchTable(_ patches: [ResultsDocument.Patch]) -> [String] {
  let rows = patches.filter { $0.heatIn != 0 }
  guard !rows.isEmpty else { return [] }
  let w = max(5, rows.map(\.name.count).max() ?? 0)
  var lines = ["", pad("patch", w) + "   heat in W    area m²   mean °C"]
  for p in rows {
    lines.append(pad(p.name, w) + String(format: " %11.4g %10.4g %9.2f", p.heatIn, p.area, p.meanTemperatureC))
  }
  return lines
}

func pad(_ s: String, _ width: Int) -> String { s.count >= width ? s : s + String(repeating: " ", count: width - s.count) }

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
    for c in s.final.components {
      lines.append(pad(c.name, 12) + String(format: " max %8.2f °C at the end", c.maxTemperature - 273.15))
    }
    for p in s.final.probes {
      lines.append(pad(p.name, 12) + String(format: " %8.3f °C at the end", p.temperature - 273.15))
    }
    lines += outcome.notes
    let sidecar = (output as NSString).deletingPathExtension + ".xdmf"
    lines.append("wrote \(output) and \(sidecar)")
    return lines.joined(separator: "\n")
  }
}
