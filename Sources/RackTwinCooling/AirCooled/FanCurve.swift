import Foundation

/// A fan (or a bank of identical fans in parallel) by its pressure–flow curve ΔP(V̇) = ΔP₀ [1 − (V̇/V̇₀)²] at full speed,
/// scaled to a speed fraction by the fan affinity laws, with a total efficiency for its shaft-to-air power.
///
/// Affinity laws (ASHRAE Handbook—HVAC Systems and Equipment 2020, ch. 21 "Fans", eqs. 1–3): V̇ ∝ N, ΔP ∝ N², power ∝ N³.
/// The parabolic curve through the shut-off pressure ΔP₀ and free delivery V̇₀ is the usual two-parameter fit of an
/// axial fan's published curve (stall region ignored). Fans in parallel add their flows at equal ΔP.
public struct FanCurve: Sendable, Equatable {
  /// Shut-off pressure ΔP₀ (Pa) and free-delivery flow V̇₀ (m³/s) of one fan at full speed.
  public var shutOffPressure: Double
  public var freeDelivery: Double
  /// Number of identical fans in parallel.
  public var count: Int
  /// Speed as a fraction of full speed, in (0, 1.5].
  public var speed: Double
  /// Total (fan, motor and drive) efficiency, air power over electrical power, in (0, 1].
  public var efficiency: Double

  /// Throws `CoolingError.invalidInput` at `location` for a non-positive pressure, flow, count, speed or efficiency.
  public init(shutOffPressure: Double, freeDelivery: Double, count: Int = 1, speed: Double = 1, efficiency: Double,
              location: String = "fan") throws {
    func check(_ ok: Bool, _ what: String, _ found: Double) throws {
      if !ok { throw CoolingError.invalidInput(location: location, expected: what, found: "\(found)") }
    }
    try check(shutOffPressure > 0 && shutOffPressure.isFinite, "a shut-off pressure > 0 Pa", shutOffPressure)
    try check(freeDelivery > 0 && freeDelivery.isFinite, "a free-delivery flow > 0 m³/s", freeDelivery)
    try check(count >= 1, "at least one fan", Double(count))
    try check(speed > 0 && speed <= 1.5, "a speed fraction in (0, 1.5]", speed)
    try check(efficiency > 0 && efficiency <= 1, "a fan efficiency in (0, 1]", efficiency)
    self.shutOffPressure = shutOffPressure
    self.freeDelivery = freeDelivery
    self.count = count
    self.speed = speed
    self.efficiency = efficiency
  }

  /// Pressure rise (Pa) of the bank at total flow V̇ (m³/s); negative beyond free delivery.
  public func pressure(flow v: Double) -> Double {
    let p0 = shutOffPressure * speed * speed, v0 = freeDelivery * speed * Double(count)
    return p0 * (1 - (v / v0) * (v / v0))
  }

  /// Free delivery (m³/s) of the bank at its speed.
  public var bankFreeDelivery: Double { freeDelivery * speed * Double(count) }

  /// Electrical power (W) at flow V̇ and pressure rise ΔP: V̇ ΔP / η.
  public func power(flow v: Double, pressure p: Double) -> Double { v * max(p, 0) / efficiency }

  /// The flow (m³/s) where the fan curve meets a rising system curve ΔP_sys(V̇) (ΔP_sys(0) ≥ 0), by bisection on
  /// 0…free delivery; nil when the system needs more than the shut-off pressure at zero flow.
  public func operatingFlow(system: (Double) -> Double) -> Double? {
    guard system(0) < pressure(flow: 0) else { return nil }
    var lo = 0.0, hi = bankFreeDelivery
    for _ in 0..<200 {
      let mid = 0.5 * (lo + hi)
      if pressure(flow: mid) > system(mid) { lo = mid } else { hi = mid }
      if hi - lo < 1e-14 * bankFreeDelivery { break }
    }
    return 0.5 * (lo + hi)
  }
}
