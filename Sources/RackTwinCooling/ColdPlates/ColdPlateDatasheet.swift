import Foundation
import RackTwinNumerics

/// A cold plate's datasheet: case-to-inlet thermal resistance R = (T_case − T_in)/Q at several coolant flows, the
/// coolant and temperature it was measured with, and optionally its pressure-drop law ΔP(Q) = a Q + b Qⁿ.
///
/// The data are checked when the datasheet is made (`CoolingError.invalidInput` naming the device): flows and
/// resistances positive and finite, flows distinct, R strictly decreasing as the flow rises (more flow never cools
/// worse), and every R above the physical floor 1/(ṁc_p) — the resistance of a plate that heats its coolant all
/// the way to the case temperature; no exchanger can do better. The fitted law is `ColdPlateCurve.fit`.
public struct ColdPlateDatasheet: Sendable, Equatable {
  /// One measured point.
  public struct Point: Sendable, Equatable {
    /// Coolant volume flow through the plate, m³/s (at the datasheet temperature).
    public var volumeFlow: Double
    /// Case-to-inlet resistance, K/W.
    public var resistance: Double
    public init(volumeFlow: Double, resistance: Double) {
      self.volumeFlow = volumeFlow
      self.resistance = resistance
    }
  }

  /// Names the device in messages.
  public let name: String
  /// The coolant of the measurements.
  public let coolant: Coolant
  /// Temperature at which the coolant's properties are taken for the data (K): the datasheet's inlet temperature.
  public let temperature: Double
  /// The points, sorted by flow.
  public let points: [Point]
  /// ΔP(Q) of the plate (Pa, Q in m³/s) for `coolant`, rescaled to other fluids by `GenericComponent.rescaled`;
  /// nil when the datasheet gives none.
  public let pressureDrop: GenericComponent?

  /// Checks and keeps the data (sorted by flow).
  /// - Throws: `CoolingError.invalidInput` naming `name` for a non-positive or non-finite value, a repeated flow,
  ///   R not decreasing with flow, or R at or below the floor 1/(ṁc_p); `temperatureOutOfRange` for a temperature
  ///   outside the coolant's data.
  public init(name: String, coolant: Coolant, temperature: Double, points: [Point],
              pressureDrop: GenericComponent? = nil) throws {
    let location = "cold plate \(name)"
    let props = try coolant.properties(at: temperature, context: location)
    for p in points {
      guard p.volumeFlow.isFinite, p.volumeFlow > 0, p.resistance.isFinite, p.resistance > 0 else {
        throw CoolingError.invalidInput(location: location, expected: "positive, finite flows and resistances",
                                        found: "flow \(p.volumeFlow) m³/s, R \(p.resistance) K/W")
      }
    }
    let sorted = points.sorted { $0.volumeFlow < $1.volumeFlow }
    for (a, b) in zip(sorted, sorted.dropFirst()) {
      guard b.volumeFlow > a.volumeFlow else {
        throw CoolingError.invalidInput(location: location, expected: "each flow once",
                                        found: "\(litresPerMinute(a.volumeFlow)) twice")
      }
      guard b.resistance < a.resistance else {
        throw CoolingError.invalidInput(
          location: location, expected: "R decreasing as the flow rises (more flow never cools worse)",
          found: "R = \(a.resistance) K/W at \(litresPerMinute(a.volumeFlow)) and \(b.resistance) K/W at "
            + "\(litresPerMinute(b.volumeFlow))")
      }
    }
    for p in sorted {
      let floor = 1 / (p.volumeFlow * props.density * props.specificHeat)
      guard p.resistance > floor else {
        throw CoolingError.invalidInput(
          location: location, expected: "R above the floor 1/(ṁc_p) (no plate heats its coolant beyond the case "
            + "temperature)", found: "R = \(p.resistance) K/W at \(litresPerMinute(p.volumeFlow)), floor \(floor) K/W")
      }
    }
    if let dp = pressureDrop {
      guard dp.linear >= 0, dp.coefficient >= 0, dp.linear + dp.coefficient > 0, dp.exponent >= 1, dp.exponent <= 2
      else {
        throw CoolingError.invalidInput(location: location + " pressure drop",
                                        expected: "a ≥ 0, b ≥ 0 (not both 0), 1 ≤ n ≤ 2",
                                        found: "a \(dp.linear), b \(dp.coefficient), n \(dp.exponent)")
      }
    }
    self.name = name
    self.coolant = coolant
    self.temperature = temperature
    self.points = sorted
    self.pressureDrop = pressureDrop
  }

  /// The datasheet's flow range (m³/s): flows outside it are extrapolations.
  public var flowRange: ClosedRange<Double> { points.first!.volumeFlow...points.last!.volumeFlow }

  /// The same datasheet with only the points at `indices` (in flow order), e.g. to fit on some and test on the rest.
  public func subset(_ indices: [Int]) throws -> ColdPlateDatasheet {
    try ColdPlateDatasheet(name: name, coolant: coolant, temperature: temperature, points: indices.map { points[$0] },
                           pressureDrop: pressureDrop)
  }

  /// ΔP (Pa) at volume flow Q (m³/s) for the datasheet's coolant, or nil without a pressure-drop law.
  public func pressureDrop(volumeFlow q: Double) -> Double? {
    pressureDrop.map { $0.linear * q + $0.coefficient * pow(q, $0.exponent) }
  }

  /// The law ΔP = a Q + b Qⁿ (fixed n) fitted by linear least squares to measured (Q, ΔP) points, or ΔP = b Qⁿ with
  /// `linear: false`. Needs as many points as coefficients.
  /// - Throws: `CoolingError.invalidInput` naming `device` for too few points or non-positive values, or a fit with a
  ///   negative coefficient (the data are not of this form).
  public static func fitPressureDrop(device: String, points: [(volumeFlow: Double, pressureDrop: Double)],
                                     exponent n: Double, linear: Bool = true) throws -> GenericComponent {
    let location = "cold plate \(device) pressure drop"
    let needed = linear ? 2 : 1
    guard points.count >= needed else {
      throw CoolingError.invalidInput(location: location, expected: "at least \(needed) (Q, ΔP) points",
                                      found: "\(points.count)")
    }
    guard points.allSatisfy({ $0.volumeFlow > 0 && $0.pressureDrop > 0 && $0.volumeFlow.isFinite
                              && $0.pressureDrop.isFinite }) else {
      throw CoolingError.invalidInput(location: location, expected: "positive, finite flows and pressure drops",
                                      found: "\(points)")
    }
    // Relative residuals (a Q + b Qⁿ − ΔP)/ΔP: normal equations of the weighted problem.
    let rows = points.map { p in linear ? [p.volumeFlow / p.pressureDrop, pow(p.volumeFlow, n) / p.pressureDrop]
                                        : [pow(p.volumeFlow, n) / p.pressureDrop] }
    let m = needed
    var ata = [Double](repeating: 0, count: m * m)
    var atb = [Double](repeating: 0, count: m)
    for r in rows {
      for i in 0..<m {
        atb[i] += r[i]
        for j in 0..<m { ata[i * m + j] += r[i] * r[j] }
      }
    }
    let x: [Double]
    do {
      x = try DenseLinearAlgebra.solveLU(ata, n: m, atb)
    } catch {
      throw CoolingError.invalidInput(location: location, expected: "points that determine a and b", found: "\(error)")
    }
    let (a, b) = linear ? (x[0], x[1]) : (0, x[0])
    guard a >= 0, b > 0 else {
      throw CoolingError.invalidInput(location: location, expected: "data of the form a Q + b Q^\(n) with a, b ≥ 0",
                                      found: "a fit with a = \(a), b = \(b)")
    }
    return GenericComponent(linear: a, coefficient: b, exponent: n)
  }
}

/// "2.00 L/min" for a volume flow in m³/s.
func litresPerMinute(_ q: Double) -> String { String(format: "%.3g L/min", q * 60_000) }
