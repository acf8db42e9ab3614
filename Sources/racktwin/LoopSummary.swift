import Foundation
import RackTwinIO

/// The hydraulic loop in a few lines for people: pump points, exchanger temperatures, manifold split, and a table
/// of element flows. Flows in L/min, pressures in kPa, temperatures in °C (gpm, psi, °F with `--units us`).
struct LoopSummary {
  let loop: ResultsDocument.Loop
  let metrics: [ResultsDocument.Metric]
  var units: UnitSystem = .si
  /// Element rows printed before "… more in /loop".
  var maxRows = 40

  func metric(_ name: String) -> Double { metrics.first { $0.name == name }?.value ?? .nan }

  var lines: [String] {
    var out: [String] = []
    let u = units, f = u.volumeFlowUnit, pr = u.pressureUnit, t = u.temperatureUnit, pw = u.powerUnit
    out.append("loop: coolant \(loop.coolant), \(loop.elements.count) elements, \(loop.nodes.count) nodes; "
               + "Newton \(Int(metric("network_iterations"))) iterations")
    for p in loop.pumps {
      out.append(String(format: "pump %@: %.4g \(f) at %.4g \(pr) (head %.3f \(u.headUnit)); hydraulic %.4g \(pw), "
                          + "electrical %.4g \(pw)", p.name, u.volumeFlow(cubicMetresPerSecond: p.flow),
                        u.pressure(pascals: p.pressureRise), u.head(metres: p.head), u.power(watts: p.hydraulicPower),
                        u.power(watts: p.electricalPower))
                 + " (\(p.running) running, \(p.standby) standby)")
    }
    for e in loop.elements where e.type == "exchanger" {
      out.append(String(format: "exchanger %@: return %.2f \(t) → supply %.2f \(t), removes %.4g \(pw)", e.name,
                        u.temperature(celsius: e.inletTemperatureC), u.temperature(celsius: e.outletTemperatureC),
                        u.power(watts: -e.heat)))
    }
    for m in loop.manifolds {
      out.append(String(format: "manifold %@: branch flow %.4f…%.4f of the mean", m.name, m.minOverMean, m.maxOverMean))
    }
    out.append(String(format: "heat to liquid %.6g \(pw); pump power %.4g \(pw)", u.power(watts: metric("heat_to_liquid")),
                      u.power(watts: metric("pump_power"))))
    if !loop.trays.isEmpty {
      let t = loop.trays
      let tu = u.temperatureUnit
      out.append(String(format: "compact trays: %d, flow %.4g…%.4g \(f), outlet %.2f…%.2f \(tu); hottest GPU %.2f \(tu), "
                          + "tray part %.2f \(tu); heat to air %.6g \(pw); %d extrapolated", t.count,
                        u.volumeFlow(cubicMetresPerSecond: t.map(\.volumeFlow).min()!),
                        u.volumeFlow(cubicMetresPerSecond: t.map(\.volumeFlow).max()!),
                        u.temperature(celsius: t.map(\.outletTemperatureC).min()!),
                        u.temperature(celsius: t.map(\.outletTemperatureC).max()!),
                        u.temperature(celsius: metric("max_gpu_temperature")),
                        u.temperature(celsius: metric("tray_max_temperature")), u.power(watts: metric("heat_to_air")),
                        t.filter { $0.extrapolated != 0 }.count))
      if t.contains(where: { $0.extrapolated != 0 }) {
        out.append("warning: compact trays outside their model's flows (extrapolated): "
                     + t.filter { $0.extrapolated != 0 }.map(\.name).joined(separator: ", "))
      }
    }
    // The case's own elements; a manifold's many elements are summarised by its split above.
    let prefixes = loop.manifolds.map { $0.name + "." }
    let own = loop.elements.filter { e in !prefixes.contains { e.name.hasPrefix($0) } }
    let rows = own.prefix(maxRows)
    let w = max(7, rows.map(\.name.count).max() ?? 0)
    out.append("")
    out.append(pad("element", w) + " " + lpad(f, 10) + " " + lpad("ΔP \(pr)", 10) + " " + lpad("in \(t)", 8) + " "
               + lpad("out \(t)", 8) + " " + lpad("heat \(pw)", 11))
    for e in rows {
      out.append(pad(e.name, w) + String(format: " %10.4g %10.4g %8.2f %8.2f %11.5g", u.volumeFlow(cubicMetresPerSecond: e.volumeFlow),
                                         u.pressure(pascals: e.pressureDrop), u.temperature(celsius: e.inletTemperatureC),
                                         u.temperature(celsius: e.outletTemperatureC), u.power(watts: e.heat)))
    }
    let rest = loop.elements.count - rows.count
    if rest > 0 { out.append("… and \(rest) more elements (manifolds' headers and branches) in /loop") }
    return out
  }
}
