import Foundation

/// A vapour-compression chiller whose COP is a fixed fraction of the Carnot COP across its lift.
///
/// COP = η_C · T_evap/(T_cond − T_evap) (Gordon & Ng 2000, *Cool Thermodynamics*, ch. 2: real chillers run at a
/// roughly constant fraction 0.4–0.6 of the reversible COP over their working range), with T_evap = chilled-water
/// supply − `evaporatorDifference` and T_cond = heat-sink temperature + `condenserDifference` (the condenser
/// water's rise plus the refrigerant approach, or an air-cooled condenser's temperature difference). Part-load
/// effects on COP are not modelled (a stated simplification); the COP is capped at `maximumCOP` for tiny lifts.
public struct Chiller: Sendable, Equatable {
  /// Fraction of the Carnot COP (default 0.5).
  public var carnotFraction: Double
  /// Chilled-water supply − evaporating temperature (K, default 3).
  public var evaporatorDifference: Double
  /// Condensing temperature − heat-sink temperature (K, default 8: 5 K water rise + 3 K approach).
  public var condenserDifference: Double
  /// Upper bound of COP at vanishing lift (default 15).
  public var maximumCOP: Double

  public init(carnotFraction: Double = 0.5, evaporatorDifference: Double = 3, condenserDifference: Double = 8,
              maximumCOP: Double = 15) throws {
    guard carnotFraction > 0, carnotFraction <= 1, evaporatorDifference >= 0, condenserDifference >= 0,
          maximumCOP > 1 else {
      throw FacilityError.invalidInput(location: "chiller", expected: "carnotFraction in (0, 1], differences ≥ 0, "
                                         + "maximumCOP > 1",
                                       found: "\(carnotFraction), \(evaporatorDifference) K, \(condenserDifference) K, "
                                         + "\(maximumCOP)")
    }
    self.carnotFraction = carnotFraction
    self.evaporatorDifference = evaporatorDifference
    self.condenserDifference = condenserDifference
    self.maximumCOP = maximumCOP
  }

  /// Lift T_cond − T_evap (K) between a chilled-water supply and a heat-sink temperature (both K).
  public func lift(chilledWaterSupply: Double, sinkTemperature: Double) -> Double {
    (sinkTemperature + condenserDifference) - (chilledWaterSupply - evaporatorDifference)
  }

  /// COP (heat removed / electrical power) at a chilled-water supply and heat-sink temperature (K).
  public func cop(chilledWaterSupply: Double, sinkTemperature: Double) -> Double {
    let tEvap = chilledWaterSupply - evaporatorDifference
    let lift = lift(chilledWaterSupply: chilledWaterSupply, sinkTemperature: sinkTemperature)
    guard lift > 0 else { return maximumCOP }
    return min(maximumCOP, carnotFraction * tEvap / lift)
  }
}
