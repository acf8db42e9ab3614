import Foundation
import RackTwinCase
import RackTwinIO

/// What `racktwin solve` prints for a case of lumped devices: energy balance, heat split, device metrics, components.
struct DeviceSummary {
  let outcome: DeviceCaseRunner.Outcome
  let output: String

  var text: String {
    let eb = outcome.solution.energyBalance
    let metrics = outcome.results.metrics
    func v(_ n: String) -> Double { metrics.first { $0.name == n }?.value ?? .nan }
    var lines = ["case: \(outcome.document.path) (lumped devices, no mesh)"]
    lines.append(String(format: "energy balance: in %.6g W, out %.6g W; error %.3e W (%.2e relative)", eb.heatIn,
                        eb.heatOut, eb.imbalance, eb.relative))
    let liquid = v("heat_to_liquid"), air = v("heat_to_air")
    lines.append(String(format: "heat to liquid %.1f W, heat to air %.1f W (liquid %.1f %%)", liquid, air,
                        100 * liquid / (liquid + air)))
    for m in metrics where !m.name.contains(".") && MetricCatalog.definition(named: m.name).map({ $0.runs != .all }) == true {
      lines.append(String(format: "  %@ = %.6g %@", m.name, m.value, m.units))
    }
    let comps = outcome.results.components
    if !comps.isEmpty {
      lines.append("")
      let w = max(9, comps.map(\.name.count).max() ?? 0)
      lines.append("component".padding(toLength: w, withPad: " ", startingAt: 0) + "   power W   max °C  surface °C")
      for c in comps {
        lines.append(c.name.padding(toLength: w, withPad: " ", startingAt: 0)
                     + String(format: " %9.2f %8.2f %11.2f", c.power, c.maxTemperatureC, c.meanTemperatureC))
      }
    }
    lines += ["", "wrote \(output)"]
    return lines.joined(separator: "\n")
  }
}
