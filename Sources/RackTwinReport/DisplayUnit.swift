import Foundation
import RackTwinIO

/// How a stored unit is shown: `degC` as °C, volume flow in L/min, `m^2` as m², and the factor from stored to shown.
struct DisplayUnit: Sendable, Equatable {
  /// Text shown, e.g. `°C`, `L/min`, `W/m²/K`; empty for a ratio or a count (`1`).
  var text: String
  /// shown = stored × factor.
  var factor: Double

  init(stored: String) {
    let s = stored.trimmingCharacters(in: .whitespaces)
    factor = 1
    switch s {
    case "", "1", "SI": text = ""
    case "degC": text = "°C"
    case "m^3/s":
      text = "L/min"
      factor = 60_000
    default:
      text = s.replacingOccurrences(of: "^2", with: "²").replacingOccurrences(of: "^3", with: "³")
    }
  }

  /// `name [unit]`, or the name alone for a dimensionless column.
  func label(_ name: String) -> String { text.isEmpty ? name : "\(name) [\(text)]" }

  /// Whether a stored unit is a volume flow (m³/s, L/min, gpm, …) or a mass flow (kg/s).
  static func isFlow(_ stored: String) -> Bool {
    guard let u = try? Units.parse(stored) else { return false }
    return u.dimension == Units.Dimension(m: 3, s: -1) || u.dimension == Units.Dimension(kg: 1, s: -1)
  }

  /// Whether a stored unit is an absolute temperature (degC, K, degF): the axis of supply temperatures.
  static func isTemperature(_ stored: String) -> Bool {
    guard let u = try? Units.parse(stored) else { return false }
    return u.dimension == Units.Dimension(K: 1)
  }
}
