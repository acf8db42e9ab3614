import Foundation

/// A plate-fin heat sink in ducted flow: its base-to-inlet resistance R(airflow) in exchanger form,
/// R = R_base + 1/[ṁ c_p (1 − e^(−η_o h A/(ṁ c_p)))], h from the plate-fin channel correlation.
///
/// h: Teertstra, Yovanovich & Culham (2000) (`nusseltPlateFinChannel`, based on the fin spacing); overall surface
/// efficiency η_o = 1 − (A_f/A)(1 − η_f) (Incropera et al. 2007, 6th ed., eq. 3.107) with η_f of a straight fin
/// (`finEfficiencyStraight`); the exchanger form charges the air's own temperature rise through the sink
/// (Incropera eq. 11.35a with C_r = 0), so R never falls below 1/(ṁ c_p). The flow through the sink is the
/// server's airflow times `flowFraction` (the rest bypasses it). Air properties at the given air temperature.
public struct PlateFinHeatSink: Sendable, Equatable {
  /// Base width across the fins W, fin length along the flow L, fin height H, fin thickness t (m).
  public var width: Double
  public var length: Double
  public var finHeight: Double
  public var finThickness: Double
  /// Number of fins N ≥ 2.
  public var finCount: Int
  /// Fin and base conductivity (W/m/K): 200 for aluminium 6063 class, 390 for copper.
  public var conductivity: Double
  /// Conduction and spreading resistance of the base (K/W), added in series.
  public var baseResistance: Double
  /// Fraction of the server airflow that passes between the fins, in (0, 1].
  public var flowFraction: Double

  /// Throws `CoolingError.invalidInput` at `location` when the fins do not fit the base or a size is not positive.
  public init(width: Double, length: Double, finHeight: Double, finThickness: Double, finCount: Int,
              conductivity: Double, baseResistance: Double = 0, flowFraction: Double = 1,
              location: String = "heatSink") throws {
    guard [width, length, finHeight, finThickness, conductivity].allSatisfy({ $0 > 0 && $0.isFinite }),
          baseResistance >= 0, flowFraction > 0, flowFraction <= 1, finCount >= 2 else {
      throw CoolingError.invalidInput(location: location, expected: "positive sizes, k > 0, ≥ 2 fins, flow fraction in (0, 1]",
                                      found: "W \(width), L \(length), H \(finHeight), t \(finThickness), N \(finCount), k \(conductivity), fraction \(flowFraction)")
    }
    guard Double(finCount) * finThickness < width else {
      throw CoolingError.invalidInput(location: location, expected: "fins that fit the base (N t < W)",
                                      found: "\(finCount) × \(finThickness) m on \(width) m")
    }
    self.width = width
    self.length = length
    self.finHeight = finHeight
    self.finThickness = finThickness
    self.finCount = finCount
    self.conductivity = conductivity
    self.baseResistance = baseResistance
    self.flowFraction = flowFraction
  }

  /// Fin spacing b = (W − N t)/(N − 1) (m).
  public var spacing: Double { (width - Double(finCount) * finThickness) / Double(finCount - 1) }
  /// Wetted area of the fins (both faces) and of the base between them (m²).
  public var finArea: Double { 2 * Double(finCount) * finHeight * length }
  public var totalArea: Double { finArea + Double(finCount - 1) * spacing * length }

  /// Heat-transfer coefficient (W/m²K) at server airflow V̇ (m³/s) with air at T (K).
  public func heatTransferCoefficient(airflow v: Double, airTemperature t: Double) throws -> Double {
    let p = try Coolant.air.properties(at: t, context: "heat sink air")
    let b = spacing
    let vChannel = v * flowFraction / (Double(finCount - 1) * b * finHeight)
    let re = p.density * vChannel * b / p.viscosity
    let pr = p.viscosity * p.specificHeat / p.conductivity
    return nusseltPlateFinChannel(channelReynolds: re, prandtl: pr, spacing: b, length: length) * p.conductivity / b
  }

  /// Base-to-inlet-air resistance (K/W) at server airflow V̇ (m³/s) with air entering at T (K).
  public func resistance(airflow v: Double, airTemperature t: Double) throws -> Double {
    guard v > 0, v.isFinite else {
      throw CoolingError.invalidInput(location: "heatSink", expected: "an airflow > 0 m³/s", found: "\(v)")
    }
    let p = try Coolant.air.properties(at: t, context: "heat sink air")
    let h = try heatTransferCoefficient(airflow: v, airTemperature: t)
    let etaF = finEfficiencyStraight(h: h, conductivity: conductivity, thickness: finThickness, height: finHeight)
    let etaO = 1 - finArea / totalArea * (1 - etaF)
    let c = p.density * v * flowFraction * p.specificHeat
    return baseResistance + 1 / (c * (1 - exp(-etaO * h * totalArea / c)))
  }
}
