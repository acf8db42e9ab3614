import ArgumentParser
import Foundation

/// The units a command's summary is printed in (`--units si|us`). Files (HDF5, CSV, JSON) stay SI whatever it says.
///
/// SI (the default) prints temperatures in °C, differences in K, power in W, flows in L/min, pressures in kPa and
/// lengths in mm. US prints °F (differences in °F too), BTU/h, gpm, psi, inches and feet (docs/cli.md).
enum UnitSystem: String, ExpressibleByArgument, CaseIterable, Sendable {
  case si, us

  // Exact factors, NIST SP 811 (2008) Appendix B.8/B.9: inch, foot, US gallon, lbf, Btu_IT.
  static let metresPerInch = 0.0254
  static let metresPerFoot = 0.3048
  static let cubicMetresPerSecondPerGPM = 231 * 0.0254 * 0.0254 * 0.0254 / 60  // 1 gal = 231 in³: 6.30901964e-5
  static let pascalsPerPSI = 4.4482216152605 / (0.0254 * 0.0254)            // lbf/in²: 6894.757293168
  static let wattsPerBTUPerHour = 1055.05585262 / 3600                       // Btu_IT/h: 0.2930710702

  /// A temperature given in °C, in this system's unit.
  func temperature(celsius c: Double) -> Double { self == .si ? c : c * 9 / 5 + 32 }
  /// A temperature given in K.
  func temperature(kelvin k: Double) -> Double { temperature(celsius: k - 273.15) }
  var temperatureUnit: String { self == .si ? "°C" : "°F" }
  /// A temperature difference given in K (a margin, a standard deviation).
  func temperatureDifference(kelvin k: Double) -> Double { self == .si ? k : k * 9 / 5 }
  var temperatureDifferenceUnit: String { self == .si ? "K" : "°F" }
  /// A power or heat rate given in W.
  func power(watts w: Double) -> Double { self == .si ? w : w / Self.wattsPerBTUPerHour }
  var powerUnit: String { self == .si ? "W" : "BTU/h" }
  /// A volume flow given in m³/s: L/min or gpm.
  func volumeFlow(cubicMetresPerSecond q: Double) -> Double { self == .si ? q * 60_000 : q / Self.cubicMetresPerSecondPerGPM }
  var volumeFlowUnit: String { self == .si ? "L/min" : "gpm" }
  /// A pressure given in Pa: kPa or psi.
  func pressure(pascals p: Double) -> Double { self == .si ? p / 1000 : p / Self.pascalsPerPSI }
  var pressureUnit: String { self == .si ? "kPa" : "psi" }
  /// A length given in m: mm or in.
  func length(metres l: Double) -> Double { self == .si ? l * 1e3 : l / Self.metresPerInch }
  var lengthUnit: String { self == .si ? "mm" : "in" }
  /// An area given in m²: mm² or in² (`m²` when `large`, for boundary patches: m² or ft²).
  func area(squareMetres a: Double, large: Bool = false) -> Double {
    switch (self, large) {
    case (.si, false): return a * 1e6
    case (.si, true): return a
    case (.us, false): return a / (Self.metresPerInch * Self.metresPerInch)
    case (.us, true): return a / (Self.metresPerFoot * Self.metresPerFoot)
    }
  }
  func areaUnit(large: Bool = false) -> String { self == .si ? (large ? "m²" : "mm²") : (large ? "ft²" : "in²") }
  /// A volume given in m³: mm³ or in³.
  func volume(cubicMetres v: Double) -> Double { self == .si ? v * 1e9 : v / (Self.metresPerInch * Self.metresPerInch * Self.metresPerInch) }
  var volumeUnit: String { self == .si ? "mm³" : "in³" }
  /// A value with its HDF5 `units` string (a metric), in this system: `degC`, `K` (metrics' differences), `W`, `Pa`
  /// and `m^3/s` convert in US; anything else, and everything in SI, is printed as it is stored.
  func metric(_ value: Double, units: String) -> (value: Double, units: String) {
    guard self == .us else { return (value, units) }
    switch units {
    case "degC": return (temperature(celsius: value), temperatureUnit)
    case "K": return (temperatureDifference(kelvin: value), temperatureDifferenceUnit)
    case "W": return (power(watts: value), powerUnit)
    case "Pa": return (pressure(pascals: value), pressureUnit)
    case "m^3/s": return (volumeFlow(cubicMetresPerSecond: value), volumeFlowUnit)
    default: return (value, units)
    }
  }

  /// A pump head given in m: m or ft.
  func head(metres h: Double) -> Double { self == .si ? h : h / Self.metresPerFoot }
  var headUnit: String { self == .si ? "m" : "ft" }
}
