import Foundation

/// Liquid (or gas) properties tabulated against temperature, interpolated piecewise linearly.
///
/// Density, specific heat and conductivity are linear between rows; viscosity is linear in ln μ (viscosity of
/// liquids is close to exponential in T). Enthalpy is the exact integral of the piecewise-linear c_p, so
/// dh/dT = c_p everywhere by construction. Rows hold (T [K], ρ [kg/m³], μ [Pa·s], c_p [J/kg/K], k [W/m/K]).
public struct CoolantTable: Sendable, Equatable {
  /// Row temperatures, strictly increasing (K).
  public let temperature: [Double]
  public let density: [Double]
  public let viscosity: [Double]
  public let specificHeat: [Double]
  public let conductivity: [Double]
  /// Enthalpy at each row relative to `Coolant.referenceTemperature` (J/kg).
  let enthalpyAtRow: [Double]

  /// Builds a table from rows (T [°C], ρ, μ, c_p, k) as they are printed in data sheets. The reference
  /// temperature for enthalpy must lie within the rows.
  public init(celsiusRows rows: [[Double]], enthalpyReference: Double = Coolant.referenceTemperature) {
    precondition(rows.count >= 2 && rows.allSatisfy { $0.count == 5 }, "coolant table needs ≥ 2 rows of 5 values")
    temperature = rows.map { $0[0] + 273.15 }
    density = rows.map { $0[1] }
    viscosity = rows.map { $0[2] }
    specificHeat = rows.map { $0[3] }
    conductivity = rows.map { $0[4] }
    for i in 1..<rows.count { precondition(temperature[i] > temperature[i - 1], "table temperatures not increasing") }
    precondition(rows.allSatisfy { $0[1] > 0 && $0[2] > 0 && $0[3] > 0 && $0[4] > 0 }, "non-positive property")
    precondition(temperature.first! <= enthalpyReference && enthalpyReference <= temperature.last!,
                 "enthalpy reference outside the table")
    // Cumulative trapezoid integral of linear c_p (exact), then shifted so h(reference) = 0.
    var h = [0.0]
    for i in 1..<rows.count {
      h.append(h[i - 1] + 0.5 * (specificHeat[i] + specificHeat[i - 1]) * (temperature[i] - temperature[i - 1]))
    }
    let table0 = h
    let (j, s) = CoolantTable.locate(enthalpyReference, in: temperature)
    let dT = s * (temperature[j + 1] - temperature[j])
    let cpRef = specificHeat[j] + s * (specificHeat[j + 1] - specificHeat[j])
    let offset = table0[j] + 0.5 * (specificHeat[j] + cpRef) * dT
    enthalpyAtRow = table0.map { $0 - offset }
  }

  /// The valid temperature range: the first to the last row (K).
  public var range: ClosedRange<Double> { temperature.first!...temperature.last! }

  /// Interval index j and fraction s ∈ [0, 1] with T = T_j + s (T_{j+1} − T_j); T must be within the rows.
  static func locate(_ t: Double, in temps: [Double]) -> (Int, Double) {
    var lo = 0
    var hi = temps.count - 1
    while hi - lo > 1 {
      let mid = (lo + hi) / 2
      if temps[mid] <= t { lo = mid } else { hi = mid }
    }
    return (lo, (t - temps[lo]) / (temps[lo + 1] - temps[lo]))
  }

  func linear(_ values: [Double], _ j: Int, _ s: Double) -> Double { values[j] + s * (values[j + 1] - values[j]) }

  /// Properties at T (K), which the caller has checked to be in `range`.
  func properties(at t: Double) -> CoolantProperties {
    let (j, s) = CoolantTable.locate(t, in: temperature)
    let cp = linear(specificHeat, j, s)
    let dT = t - temperature[j]
    return CoolantProperties(
      temperature: t,
      density: linear(density, j, s),
      viscosity: exp(log(viscosity[j]) + s * (log(viscosity[j + 1]) - log(viscosity[j]))),
      specificHeat: cp,
      conductivity: linear(conductivity, j, s),
      enthalpy: enthalpyAtRow[j] + 0.5 * (specificHeat[j] + cp) * dT)
  }

  /// The temperature (K) whose enthalpy is h, or nil when h is outside the table's enthalpy range.
  func temperature(enthalpy h: Double) -> Double? {
    guard h >= enthalpyAtRow.first! - 1e-9 * abs(enthalpyAtRow.first!),
          h <= enthalpyAtRow.last! + 1e-9 * abs(enthalpyAtRow.last!) else { return nil }
    let (j, _) = CoolantTable.locate(min(max(h, enthalpyAtRow.first!), enthalpyAtRow.last!), in: enthalpyAtRow)
    // Within an interval h − h_j = c_j x + (c_{j+1} − c_j) x² / (2ΔT), x = T − T_j: solve the quadratic.
    let c0 = specificHeat[j]
    let slope = (specificHeat[j + 1] - c0) / (temperature[j + 1] - temperature[j])
    let dh = h - enthalpyAtRow[j]
    let x: Double
    if abs(slope) < 1e-14 * c0 { x = dh / c0 } else {
      // x = 2 dh / (c0 + √(c0² + 2 slope dh)): the root near dh/c0, without cancellation.
      x = 2 * dh / (c0 + (c0 * c0 + 2 * slope * dh).squareRoot())
    }
    return min(max(temperature[j] + x, temperature.first!), temperature.last!)
  }
}

/// Coolant properties at one temperature, SI.
public struct CoolantProperties: Sendable, Equatable {
  /// Temperature (K).
  public var temperature: Double
  /// Density (kg/m³).
  public var density: Double
  /// Dynamic viscosity (Pa·s).
  public var viscosity: Double
  /// Isobaric specific heat (J/kg/K).
  public var specificHeat: Double
  /// Thermal conductivity (W/m/K).
  public var conductivity: Double
  /// Specific enthalpy relative to `Coolant.referenceTemperature` (J/kg).
  public var enthalpy: Double

  /// Kinematic viscosity μ/ρ (m²/s).
  public var kinematicViscosity: Double { viscosity / density }
  /// Prandtl number μ c_p / k.
  public var prandtl: Double { viscosity * specificHeat / conductivity }
}
