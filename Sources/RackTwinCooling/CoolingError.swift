import Foundation

/// A coolant or hydraulic-network problem that cannot be evaluated or solved, with what a person needs to fix it.
///
/// Every case names the fluid or the network element; the CLI maps these to exit code 2 (bad input or impossible
/// physics), except `notConverged` (exit 1).
public enum CoolingError: Error, CustomStringConvertible, Sendable, Equatable {
  /// A coolant temperature outside the fluid's table (freezing, boiling, or beyond its published data), in kelvin.
  case temperatureOutOfRange(fluid: String, temperature: Double, range: ClosedRange<Double>, context: String)
  /// A pressure outside a two-phase fluid's saturation data, in pascal.
  case pressureOutOfRange(fluid: String, pressure: Double, range: ClosedRange<Double>)
  /// An element or node given with an invalid value: where, what was expected, what was found.
  case invalidInput(location: String, expected: String, found: String)
  /// Part of the network has no pump: flow through it would be zero, or there is no pump at all.
  case noPump(elements: [String])
  /// An element or node that is not connected to the rest of the loop (a dead end or a separate piece).
  case disconnected(location: String, detail: String)
  /// A pump whose curve cannot drive the system: the operating point has no positive flow.
  case pumpCannotMeetSystem(pump: String, detail: String)
  /// Steady heat into a branch with no flow, or a loop where nothing fixes the temperature.
  case noHeatPath(location: String, detail: String)
  /// The Newton iteration on the network did not converge.
  case notConverged(iterations: Int, residual: Double)

  public var description: String {
    switch self {
    case let .temperatureOutOfRange(fluid, temperature, range, context):
      let where_ = context.isEmpty ? "" : "\(context): "
      return "\(where_)coolant \(fluid): expected a temperature in \(celsius(range.lowerBound))…"
        + "\(celsius(range.upperBound)) (the fluid's valid range: liquid, within its property data), "
        + "found \(celsius(temperature))"
    case let .pressureOutOfRange(fluid, pressure, range):
      return "coolant \(fluid): expected a pressure in \(kPa(range.lowerBound))…\(kPa(range.upperBound)) "
        + "(its saturation data), found \(kPa(pressure))"
    case let .invalidInput(location, expected, found):
      return "\(location): expected \(expected), found \(found)"
    case let .noPump(elements):
      if elements.isEmpty { return "network: expected at least one pump, found none" }
      return "network: expected a pump in every loop, found a loop with none: \(elements.joined(separator: ", "))"
    case let .disconnected(location, detail):
      return "\(location): expected it connected to the loop, found \(detail)"
    case let .pumpCannotMeetSystem(pump, detail):
      return "pump \(pump): expected its curve to meet the system curve, found \(detail)"
    case let .noHeatPath(location, detail):
      return "\(location): \(detail)"
    case let .notConverged(iterations, residual):
      return "network: Newton iteration did not converge in \(iterations) iterations (relative residual \(residual))"
    }
  }
}

func celsius(_ kelvin: Double) -> String { String(format: "%.2f °C", kelvin - 273.15) }
func kPa(_ pascal: Double) -> String { String(format: "%.3g kPa", pascal / 1000) }
