import Foundation

/// Saturation properties of a boiling dielectric: T_sat(p), latent heat, surface tension and vapour density.
///
/// Vapour pressure ln p = A − B/T (Clausius–Clapeyron form, constants from the fluid's data sheet); latent heat
/// scaled from its value at the normal boiling point with Watson's relation
/// h_fg(T) = h_fg,b [(T_c − T)/(T_c − T_b)]^0.38 (Watson 1943; Poling, Prausnitz & O'Connell, *The Properties of
/// Gases and Liquids*, 5th ed., eq. 7-12.1); surface tension linear in T between two published points; vapour
/// density from the ideal gas p M / (R T) at saturation (within about 3 % below 0.3 MPa for such fluids).
public struct SaturationCurve: Sendable, Equatable {
  /// ln p[Pa] = a − b / T[K].
  public let vapourPressureA: Double
  public let vapourPressureB: Double
  /// Latent heat at the normal boiling point (J/kg) and that temperature (K).
  public let latentHeatAtBoilingPoint: Double
  public let normalBoilingPoint: Double
  /// Critical temperature (K), for Watson's relation.
  public let criticalTemperature: Double
  /// Surface tension (N/m) at two temperatures (K), linear between and beyond within `temperatureRange`.
  public let surfaceTensionPoints: [(Double, Double)]
  /// Molar mass (kg/mol).
  public let molarMass: Double
  /// Saturation temperatures the data cover (K).
  public let temperatureRange: ClosedRange<Double>
  /// Fluid name for messages.
  public let fluid: String

  public static func == (a: SaturationCurve, b: SaturationCurve) -> Bool {
    a.vapourPressureA == b.vapourPressureA && a.vapourPressureB == b.vapourPressureB && a.fluid == b.fluid
      && a.latentHeatAtBoilingPoint == b.latentHeatAtBoilingPoint && a.temperatureRange == b.temperatureRange
  }

  /// Pressures the data cover (Pa): the vapour pressures at the ends of `temperatureRange`.
  public var pressureRange: ClosedRange<Double> {
    vapourPressure(temperatureRange.lowerBound)...vapourPressure(temperatureRange.upperBound)
  }

  func vapourPressure(_ t: Double) -> Double { exp(vapourPressureA - vapourPressureB / t) }

  /// Vapour pressure (Pa) at T (K).
  public func saturationPressure(at t: Double) throws -> Double {
    guard temperatureRange.contains(t) else {
      throw CoolingError.temperatureOutOfRange(fluid: fluid, temperature: t, range: temperatureRange,
                                               context: "saturation")
    }
    return vapourPressure(t)
  }

  /// Saturation temperature (K) at pressure p (Pa).
  public func saturationTemperature(at p: Double) throws -> Double {
    guard p.isFinite, p > 0, pressureRange.contains(p) else {
      throw CoolingError.pressureOutOfRange(fluid: fluid, pressure: p, range: pressureRange)
    }
    return vapourPressureB / (vapourPressureA - log(p))
  }

  /// Latent heat of vaporisation (J/kg) at saturation temperature T (K).
  public func latentHeat(at t: Double) throws -> Double {
    _ = try saturationPressure(at: t)
    return latentHeatAtBoilingPoint
      * pow((criticalTemperature - t) / (criticalTemperature - normalBoilingPoint), 0.38)
  }

  /// Surface tension (N/m) at T (K).
  public func surfaceTension(at t: Double) throws -> Double {
    _ = try saturationPressure(at: t)
    let (t0, s0) = surfaceTensionPoints[0]
    let (t1, s1) = surfaceTensionPoints[1]
    return s0 + (s1 - s0) * (t - t0) / (t1 - t0)
  }

  /// Saturated vapour density (kg/m³) at T (K), ideal gas.
  public func vapourDensity(at t: Double) throws -> Double {
    let p = try saturationPressure(at: t)
    return p * molarMass / (8.314462618 * t)
  }
}
