import Foundation

/// A pump, or `running` identical pumps in parallel (N+1 redundancy: `standby` more installed, not running).
///
/// The group's pressure rise at total flow Q and speed ratio s is s² ΔP₁(Q/(n s)) (parallel pumps share the flow;
/// affinity laws for speed). Electrical power = hydraulic power ΔP·Q / `efficiency` (wire-to-water).
public struct Pump: Sendable, Equatable {
  public var curve: Curve
  public var running: Int
  public var standby: Int
  /// Speed over the curve's rated speed.
  public var speed: Double
  /// Wire-to-water efficiency in (0, 1] (pump × motor × drive).
  public var efficiency: Double

  public init(curve: Curve, running: Int = 1, standby: Int = 0, speed: Double = 1, efficiency: Double = 0.5) {
    self.curve = curve
    self.running = running
    self.standby = standby
    self.speed = speed
    self.efficiency = efficiency
  }

  public enum Curve: Sendable, Equatable {
    /// ΔP₁(Q) = p₀ + c₁ Q + c₂ Q² for one pump (Pa, m³/s); p₀ is the shut-off pressure.
    case quadratic(shutoff: Double, linear: Double, quadratic: Double)
    /// ΔP₁ at rising flows, interpolated linearly: [(Q m³/s, ΔP Pa)], Q from 0. Beyond the last point the pump
    /// cannot deliver (an error, not an extrapolation).
    case table([Point])
    /// The group delivers this volume flow (m³/s at its own temperature) whatever the system needs.
    case fixedFlow(Double)
  }

  public struct Point: Sendable, Equatable {
    public var flow: Double
    public var pressure: Double
    public init(flow: Double, pressure: Double) {
      self.flow = flow
      self.pressure = pressure
    }
  }

  /// A quadratic curve from heads in metres of the pumped fluid: H(Q) = h₀ + c₁Q + c₂Q², ΔP = ρ g H.
  public static func headCurve(shutoffHead h0: Double, linear c1: Double = 0, quadratic c2: Double,
                               density rho: Double) -> Curve {
    let rg = rho * standardGravity
    return .quadratic(shutoff: rg * h0, linear: rg * c1, quadratic: rg * c2)
  }

  /// The group's pressure rise and its derivative with respect to the group's flow, at flow Q (m³/s); `nil` for a
  /// fixed-flow pump. A table is continued along its end segments (Newton may pass there; `covers` checks the result).
  func rise(flow q: Double) -> (rise: Double, slope: Double)? {
    let n = Double(running), s = speed
    let q1 = q / (n * s)
    switch curve {
    case .fixedFlow: return nil
    case let .quadratic(p0, c1, c2):
      // Backwards (Q < 0) the parabola is mirrored, p₀ + c₁Q + c₂Q|Q|, so the rise keeps growing against reverse
      // flow and Newton's slope keeps its sign; a solution there is reported as a pump that cannot meet the system.
      return (s * s * (p0 + c1 * q1 + c2 * q1 * abs(q1)), s * s * (c1 + 2 * c2 * abs(q1)) / (n * s))
    case let .table(points):
      if q1 <= points[0].flow {
        let slope = (points[1].pressure - points[0].pressure) / (points[1].flow - points[0].flow)
        return (s * s * (points[0].pressure + slope * (q1 - points[0].flow)), s * s * slope / (n * s))
      }
      var j = 0
      while j + 2 < points.count && points[j + 1].flow < q1 { j += 1 }
      let slope = (points[j + 1].pressure - points[j].pressure) / (points[j + 1].flow - points[j].flow)
      return (s * s * (points[j].pressure + slope * (q1 - points[j].flow)), s * s * slope / (n * s))
    }
  }

  /// Whether the curve covers the group flow Q (m³/s): false beyond a table's last point.
  func covers(flow q: Double) -> Bool {
    if case let .table(points) = curve { return q / (Double(running) * speed) <= points.last!.flow * (1 + 1e-12) }
    return true
  }

  /// The largest flow the group can deliver against zero pressure rise (m³/s), for messages and starting guesses.
  var maximumFlow: Double {
    let ns = Double(running) * speed
    switch curve {
    case let .fixedFlow(q): return q
    case let .table(points): return (points.last?.flow ?? 0) * ns
    case let .quadratic(p0, c1, c2):
      if c2 < 0 { return ns * (-c1 - (c1 * c1 - 4 * c2 * p0).squareRoot()) / (2 * c2) }
      if c1 < 0 { return ns * p0 / -c1 }
      return .infinity
    }
  }
}

/// Standard acceleration of gravity (m/s², CGPM 1901).
public let standardGravity = 9.80665
