/// A named kind of quantity a case-file key expects; fixes the dimension and the wording of errors.
///
/// `temperature` is absolute: it accepts `K`, `degC` and `degF` with their offsets, and a bare number is kelvin.
/// `temperatureDifference` accepts `K`, `delta_K`, `delta_degC` and `delta_degF` (no offset).
public enum QuantityKind: String, Sendable, CaseIterable {
  case dimensionless
  case length, area, volume, mass, time, frequency
  case temperature, temperatureDifference
  case power, energy, force, pressure
  case heatFlux, conductivity, conductivitySlope, heatTransferCoefficient, contactResistance
  /// K/W: a device's resistance, e.g. a cold plate's case-to-inlet R.
  case thermalResistance
  case density, specificHeat, powerDensity
  case volumeFlow, massFlow, velocity
  /// W/K: a coil's UA. Pa·s²/m⁶: a system curve ΔP = K V̇². m³/s per W: an airflow rule (120 CFM/kW).
  case thermalConductance, flowResistanceCoefficient, flowPerPower

  /// Exponents over the SI base units.
  public var dimension: Units.Dimension {
    switch self {
    case .dimensionless: return .none
    case .length: return Units.Dimension(m: 1)
    case .area: return Units.Dimension(m: 2)
    case .volume: return Units.Dimension(m: 3)
    case .mass: return Units.Dimension(kg: 1)
    case .time: return Units.Dimension(s: 1)
    case .frequency: return Units.Dimension(s: -1)
    case .temperature, .temperatureDifference: return Units.Dimension(K: 1)
    case .power: return Units.Dimension(m: 2, kg: 1, s: -3)
    case .energy: return Units.Dimension(m: 2, kg: 1, s: -2)
    case .force: return Units.Dimension(m: 1, kg: 1, s: -2)
    case .pressure: return Units.Dimension(m: -1, kg: 1, s: -2)
    case .heatFlux: return Units.Dimension(kg: 1, s: -3)
    case .conductivity: return Units.Dimension(m: 1, kg: 1, s: -3, K: -1)
    case .conductivitySlope: return Units.Dimension(m: 1, kg: 1, s: -3, K: -2)
    case .heatTransferCoefficient: return Units.Dimension(kg: 1, s: -3, K: -1)
    case .contactResistance: return Units.Dimension(kg: -1, s: 3, K: 1)
    case .thermalResistance: return Units.Dimension(m: -2, kg: -1, s: 3, K: 1)
    case .density: return Units.Dimension(m: -3, kg: 1)
    case .specificHeat: return Units.Dimension(m: 2, s: -2, K: -1)
    case .powerDensity: return Units.Dimension(m: -1, kg: 1, s: -3)
    case .volumeFlow: return Units.Dimension(m: 3, s: -1)
    case .massFlow: return Units.Dimension(kg: 1, s: -1)
    case .velocity: return Units.Dimension(m: 1, s: -1)
    case .thermalConductance: return Units.Dimension(m: 2, kg: 1, s: -3, K: -1)
    case .flowResistanceCoefficient: return Units.Dimension(m: -7, kg: 1)
    case .flowPerPower: return Units.Dimension(m: 1, kg: -1, s: 2)
    }
  }

  /// The SI unit values are converted to, as written in messages and docs.
  public var siUnit: String {
    switch self {
    case .dimensionless: return "1"
    case .length: return "m"
    case .area: return "m^2"
    case .volume: return "m^3"
    case .mass: return "kg"
    case .time: return "s"
    case .frequency: return "Hz"
    case .temperature, .temperatureDifference: return "K"
    case .power: return "W"
    case .energy: return "J"
    case .force: return "N"
    case .pressure: return "Pa"
    case .heatFlux: return "W/m^2"
    case .conductivity: return "W/m/K"
    case .conductivitySlope: return "W/m/K^2"
    case .heatTransferCoefficient: return "W/m^2/K"
    case .contactResistance: return "m^2*K/W"
    case .thermalResistance: return "K/W"
    case .density: return "kg/m^3"
    case .specificHeat: return "J/kg/K"
    case .powerDensity: return "W/m^3"
    case .volumeFlow: return "m^3/s"
    case .massFlow: return "kg/s"
    case .velocity: return "m/s"
    case .thermalConductance: return "W/K"
    case .flowResistanceCoefficient: return "Pa*s^2/m^6"
    case .flowPerPower: return "m^3/s/W"
    }
  }

  /// The quantity with its article, e.g. `a power`, `an area`.
  public var name: String {
    switch self {
    case .dimensionless: return "a plain number"
    case .length: return "a length"
    case .area: return "an area"
    case .volume: return "a volume"
    case .mass: return "a mass"
    case .time: return "a time"
    case .frequency: return "a frequency"
    case .temperature: return "a temperature"
    case .temperatureDifference: return "a temperature difference"
    case .power: return "a power"
    case .energy: return "an energy"
    case .force: return "a force"
    case .pressure: return "a pressure"
    case .heatFlux: return "a heat flux"
    case .conductivity: return "a thermal conductivity"
    case .conductivitySlope: return "a conductivity slope"
    case .heatTransferCoefficient: return "a heat-transfer coefficient"
    case .contactResistance: return "a contact resistance"
    case .thermalResistance: return "a thermal resistance"
    case .density: return "a density"
    case .specificHeat: return "a specific heat"
    case .powerDensity: return "a power density"
    case .volumeFlow: return "a volume flow"
    case .massFlow: return "a mass flow"
    case .velocity: return "a velocity"
    case .thermalConductance: return "a thermal conductance"
    case .flowResistanceCoefficient: return "a flow-resistance coefficient"
    case .flowPerPower: return "a flow per power"
    }
  }

  /// What an error says was expected, e.g. `a power (W)`.
  public var expected: String {
    switch self {
    case .dimensionless: return "a plain number"
    case .temperature: return "a temperature (K, degC or degF; a bare number is kelvin)"
    case .temperatureDifference: return "a temperature difference (K, delta_degC or delta_degF)"
    default: return "\(name) (\(siUnit))"
    }
  }

  /// The name of a dimension for messages: the first kind with that dimension, else its SI base units.
  public static func describe(_ dimension: Units.Dimension) -> String {
    if let kind = allCases.first(where: { $0.dimension == dimension }) { return kind.name }
    return "a quantity in \(dimension)"
  }
}
