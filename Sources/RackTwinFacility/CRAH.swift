import Foundation

/// Computer-room air handlers: the heat that liquid does not capture, removed by a chilled-water coil, moved by fans.
///
/// Air flow V = Q_coil/(ρ c_p ΔT_air) for the air's temperature drop across the coil; fan power P = ΔP V/η_fan
/// (ideal fan work over the fan-and-motor efficiency). The fans' heat joins the coil load, so
/// P = Q_air k/(1 − k) with k = ΔP/(η ρ c_p ΔT). Air ρ c_p = 1.2 kg/m³ · 1006 J/kg/K (20 °C, sea level; Incropera
/// Table A.4). The coil's chilled water is served by the same heat rejection and chiller as the facility water, at
/// its own supply temperature.
public struct CRAH: Sendable, Equatable {
  /// Air temperature drop across the coil (K, default 12).
  public var airTemperatureDifference: Double
  /// Total pressure rise of the fans (Pa, default 500).
  public var fanPressure: Double
  /// Fan-and-motor efficiency (default 0.6).
  public var fanEfficiency: Double
  /// Chilled-water supply to the coils (K, default 18 °C) and its rise through them (K, default 6).
  public var waterSupply: Double
  public var waterRise: Double

  public init(airTemperatureDifference: Double = 12, fanPressure: Double = 500, fanEfficiency: Double = 0.6,
              waterSupply: Double = 273.15 + 18, waterRise: Double = 6) throws {
    guard airTemperatureDifference > 0, fanPressure >= 0, fanEfficiency > 0, fanEfficiency <= 1, waterRise > 0 else {
      throw FacilityError.invalidInput(location: "crah", expected: "ΔT_air > 0, ΔP ≥ 0, η in (0, 1], water rise > 0",
                                       found: "\(airTemperatureDifference) K, \(fanPressure) Pa, \(fanEfficiency), "
                                         + "\(waterRise) K")
    }
    self.airTemperatureDifference = airTemperatureDifference
    self.fanPressure = fanPressure
    self.fanEfficiency = fanEfficiency
    self.waterSupply = waterSupply
    self.waterRise = waterRise
  }

  static let airHeatCapacity = 1.2 * 1006.0

  /// Fan electrical power (W) to remove `airHeat` (W) from the room.
  public func fanPower(airHeat: Double) -> Double {
    let k = fanPressure / (fanEfficiency * Self.airHeatCapacity * airTemperatureDifference)
    return max(0, airHeat) * k / (1 - k)
  }
}
