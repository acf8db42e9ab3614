import Foundation
import RackTwinIO

/// The hydraulic loop in a few lines for people: pump points, exchanger temperatures, manifold split, and a table
/// of element flows. Flows in L/min, pressures in kPa, temperatures in °C.
struct LoopSummary {
  let loop: ResultsDocument.Loop
  let metrics: [ResultsDocument.Metric]
  /// Element rows printed before "… more in /loop".
  var maxRows = 40

  func metric(_ name: String) -> Double { metrics.first { $0.name == name }?.value ?? .nan }

  var lines: [String] {
    var out: [String] = []
    out.append("loop: coolant \(loop.coolant), \(loop.elements.count) elements, \(loop.nodes.count) nodes; "
               + "Newton \(Int(metric("network_iterations"))) iterations")
    for p in loop.pumps {
      out.append(String(format: "pump %@: %.4g L/min at %.4g kPa (head %.3f m); hydraulic %.4g W, electrical %.4g W",
                        p.name, p.flow * 60_000, p.pressureRise / 1000, p.head, p.hydraulicPower, p.electricalPower)
                 + " (\(p.running) running, \(p.standby) standby)")
    }
    for e in loop.elements where e.type == "exchanger" {
      out.append(String(format: "exchanger %@: return %.2f °C → supply %.2f °C, removes %.4g W", e.name,
                        e.inletTemperatureC, e.outletTemperatureC, -e.heat))
    }
    for m in loop.manifolds {
      out.append(String(format: "manifold %@: branch flow %.4f…%.4f of the mean", m.name, m.minOverMean, m.maxOverMean))
    }
    out.append(String(format: "heat to liquid %.6g W; pump power %.4g W", metric("heat_to_liquid"), metric("pump_power")))
    if !loop.trays.isEmpty {
      let t = loop.trays
      out.append(String(format: "compact trays: %d, flow %.4g…%.4g L/min, outlet %.2f…%.2f °C; hottest GPU %.2f °C, tray part "
                          + "%.2f °C; heat to air %.6g W; %d extrapolated", t.count,
                        t.map(\.volumeFlow).min()! * 60_000, t.map(\.volumeFlow).max()! * 60_000,
                        t.map(\.outletTemperatureC).min()!, t.map(\.outletTemperatureC).max()!,
                        metric("max_gpu_temperature"), metric("tray_max_temperature"), metric("heat_to_air"),
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
    out.append(pad("element", w) + "      L/min     ΔP kPa    in °C   out °C      heat W")
    for e in rows {
      out.append(pad(e.name, w) + String(format: " %10.4g %10.4g %8.2f %8.2f %11.5g", e.volumeFlow * 60_000,
                                         e.pressureDrop / 1000, e.inletTemperatureC, e.outletTemperatureC, e.heat))
    }
    let rest = loop.elements.count - rows.count
    if rest > 0 { out.append("… and \(rest) more elements (manifolds' headers and branches) in /loop") }
    return out
  }
}
