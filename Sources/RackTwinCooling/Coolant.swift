import Foundation

/// A coolant: liquid (or air) properties as functions of temperature over a stated valid range, with its source.
///
/// A temperature outside the range (freezing, boiling of a single-phase fluid, or simply beyond the published data)
/// throws `CoolingError.temperatureOutOfRange` naming the fluid, the temperature and the range: properties are
/// never extrapolated. Enthalpy is ∫c_p dT from `referenceTemperature` (25 °C), so differences of enthalpy are
/// heat per unit mass exactly consistent with c_p. Built-in fluids and their sources: `CoolantData.swift`.
public struct Coolant: Sendable, Equatable {
  /// Reference temperature of enthalpy: h(25 °C) = 0 for every coolant (K).
  public static let referenceTemperature = 298.15

  /// Name used in case files and messages (`water`, `pg25`, …).
  public let name: String
  /// What the fluid is (`propylene glycol 25 % by mass in water`).
  public let description: String
  /// The published source of the data, one line.
  public let source: String
  /// Stated accuracy of the data against its source or measurements, one line.
  public let accuracy: String
  /// Liquid-phase (single-phase) properties.
  public let table: CoolantTable
  /// Saturation properties of a two-phase (boiling) dielectric; nil for single-phase fluids.
  public let saturation: SaturationCurve?

  public init(name: String, description: String, source: String, accuracy: String, table: CoolantTable,
              saturation: SaturationCurve? = nil) {
    self.name = name
    self.description = description
    self.source = source
    self.accuracy = accuracy
    self.table = table
    self.saturation = saturation
  }

  /// A fluid with constant properties over a range (for hand calculations and tests).
  public static func constant(name: String, density: Double, viscosity: Double, specificHeat: Double,
                              conductivity: Double, range: ClosedRange<Double> = 250...400) -> Coolant {
    let rows = [range.lowerBound, range.upperBound].map { [$0 - 273.15, density, viscosity, specificHeat, conductivity] }
    return Coolant(name: name, description: "constant properties", source: "given", accuracy: "exact",
                   table: CoolantTable(celsiusRows: rows))
  }

  /// Valid temperature range (K): liquid, within the published data.
  public var range: ClosedRange<Double> { table.range }

  /// Throws unless T (K) is within the valid range. `context` names who asked (an element, a key).
  public func check(_ t: Double, context: String = "") throws {
    guard t.isFinite, range.contains(t) else {
      throw CoolingError.temperatureOutOfRange(fluid: name, temperature: t, range: range, context: context)
    }
  }

  /// All properties at T (K).
  public func properties(at t: Double, context: String = "") throws -> CoolantProperties {
    try check(t, context: context)
    return table.properties(at: t)
  }

  /// Density (kg/m³) at T (K).
  public func density(at t: Double) throws -> Double { try properties(at: t).density }
  /// Dynamic viscosity (Pa·s) at T (K).
  public func viscosity(at t: Double) throws -> Double { try properties(at: t).viscosity }
  /// Isobaric specific heat (J/kg/K) at T (K).
  public func specificHeat(at t: Double) throws -> Double { try properties(at: t).specificHeat }
  /// Thermal conductivity (W/m/K) at T (K).
  public func conductivity(at t: Double) throws -> Double { try properties(at: t).conductivity }
  /// Specific enthalpy (J/kg) at T (K), relative to 25 °C.
  public func enthalpy(at t: Double) throws -> Double { try properties(at: t).enthalpy }

  /// The temperature (K) at which the enthalpy is h (J/kg): the inverse of `enthalpy(at:)`. Throws when h lies
  /// beyond the valid range (the coolant would freeze or boil), reporting the temperature c_p at the nearer end
  /// implies.
  public func temperature(enthalpy h: Double, context: String = "") throws -> Double {
    if let t = table.temperature(enthalpy: h) { return t }
    let low = h < table.enthalpyAtRow.first!
    let end = low ? 0 : table.temperature.count - 1
    let implied = table.temperature[end] + (h - table.enthalpyAtRow[end]) / table.specificHeat[end]
    throw CoolingError.temperatureOutOfRange(fluid: name, temperature: implied, range: range, context: context)
  }

  /// The built-in coolants, by name.
  public static let builtIn: [Coolant] = [
    .water, .propyleneGlycol25, .propyleneGlycol40, .ethyleneGlycol30, .pao6, .syntheticEster, .hfe7100, .air,
  ]

  /// The built-in coolant with this name (case-insensitive), or nil.
  public static func named(_ name: String) -> Coolant? {
    builtIn.first { $0.name.lowercased() == name.lowercased() }
  }
}
