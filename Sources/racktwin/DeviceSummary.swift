import Foundation
import RackTwinCase
import RackTwinIO

/// What `racktwin solve` prints for a case of lumped devices: energy balance, heat split, device metrics, components.
struct DeviceSummary {
  let outcome: DeviceCaseRunner.Outcome
  let output: String
  var units: UnitSystem = .si

  var text: String {
    let eb = outcome.solution.energyBalance
    let metrics = outcome.results.metrics
    func v(_ n: String) -> Double { metrics.first { $0.name == n }?.value ?? .nan }
    var lines = ["case: \(outcome.document.path) (lumped devices, no mesh)"]
    let u = units, pu = u.powerUnit
    lines.append(String(format: "energy balance: in %.6g \(pu), out %.6g \(pu); error %.3e \(pu) (%.2e relative)",
                        u.power(watts: eb.heatIn), u.power(watts: eb.heatOut), u.power(watts: eb.imbalance), eb.relative))
    let liquid = v("heat_to_liquid"), air = v("heat_to_air")
    lines.append(String(format: "heat to liquid %.1f \(pu), heat to air %.1f \(pu) (liquid %.1f %%)", u.power(watts: liquid),
                        u.power(watts: air), 100 * liquid / (liquid + air)))
    for m in metrics where !m.name.contains(".") && MetricCatalog.definition(named: m.name).map({ $0.runs != .all }) == true {
      let shown = units.metric(m.value, units: m.units)
      lines.append(String(format: "  %@ = %.6g %@", m.name, shown.value, shown.units))
    }
    let comps = outcome.results.components
    if !comps.isEmpty {
      lines.append("")
      let w = max(9, comps.map(\.name.count).max() ?? 0)
      let t = u.temperatureUnit, pw = max(9, "power \(pu)".count)
      lines.append("component".padding(toLength: w, withPad: " ", startingAt: 0) + " " + lpad("power \(pu)", pw) + " "
                   + lpad("max \(t)", 8) + " " + lpad("surface \(t)", 11))
      for c in comps {
        lines.append(c.name.padding(toLength: w, withPad: " ", startingAt: 0) + " "
                     + lpad(String(format: "%.2f", u.power(watts: c.power)), pw)
                     + String(format: " %8.2f %11.2f", u.temperature(celsius: c.maxTemperatureC),
                              u.temperature(celsius: c.meanTemperatureC)))
      }
    }
    lines += ["", "wrote \(output)"]
    return lines.joined(separator: "\n")
  }
}
