extension Units {
  static let length = Dimension(m: 1)
  static let mass = Dimension(kg: 1)
  static let time = Dimension(s: 1)
  static let temperature = Dimension(K: 1)
  static let power = Dimension(m: 2, kg: 1, s: -3)
  static let energy = Dimension(m: 2, kg: 1, s: -2)
  static let pressure = Dimension(m: -1, kg: 1, s: -2)
  static let volume = Dimension(m: 3)
  static let volumeFlow = Dimension(m: 3, s: -1)
  static let force = Dimension(m: 1, kg: 1, s: -2)

  // NIST SP 811 (2008), Appendix B.8/B.9: exact definitions unless stated.
  static let inch = 0.0254
  static let foot = 0.3048
  static let pound = 0.45359237
  /// International Table Btu, 1055.05585262 J (NIST SP 811 B.8).
  static let btu = 1055.05585262
  /// Pound-force, 4.4482216152605 N (NIST SP 811 B.8: lbf = lb · standard gravity 9.80665 m/s²).
  static let poundForce = 4.4482216152605
  /// US liquid gallon, 231 in³ = 3.785411784e-3 m³ (NIST SP 811 B.8).
  static let gallon = 3.785411784e-3

  /// The named units, by their exact (case-sensitive) spelling.
  public static let table: [String: Unit] = {
    var t: [String: Unit] = [:]
    func add(_ names: [String], _ factor: Double, _ d: Dimension, offset: Double? = nil) {
      for n in names { t[n] = Unit(factor: factor, dimension: d, absoluteOffset: offset) }
    }
    add(["m"], 1, length)
    add(["mm"], 1e-3, length)
    add(["cm"], 1e-2, length)
    add(["um", "µm", "μm"], 1e-6, length)  // micro sign U+00B5 and Greek mu U+03BC
    add(["in"], inch, length)
    add(["ft"], foot, length)
    add(["g"], 1e-3, mass)
    add(["kg"], 1, mass)
    add(["lb"], pound, mass)
    add(["s"], 1, time)
    add(["min"], 60, time)
    add(["h"], 3600, time)
    add(["K"], 1, temperature, offset: 0)
    add(["degC", "°C"], 1, temperature, offset: 273.15)
    // T/K = (T/°F + 459.67)·5/9 (NIST SP 811 B.9).
    add(["degF", "°F"], 5.0 / 9.0, temperature, offset: 459.67 * 5.0 / 9.0)
    add(["delta_K"], 1, temperature)
    add(["delta_degC"], 1, temperature)
    add(["delta_degF"], 5.0 / 9.0, temperature)
    add(["W"], 1, power)
    add(["mW"], 1e-3, power)
    add(["kW"], 1e3, power)
    add(["MW"], 1e6, power)
    add(["J"], 1, energy)
    add(["kJ"], 1e3, energy)
    add(["Btu"], btu, energy)
    add(["Pa"], 1, pressure)
    add(["kPa"], 1e3, pressure)
    add(["MPa"], 1e6, pressure)
    add(["bar"], 1e5, pressure)
    add(["psi"], poundForce / (inch * inch), pressure)  // 6894.757 Pa (NIST SP 811 B.8)
    add(["L"], 1e-3, volume)
    add(["mL"], 1e-6, volume)
    add(["gal"], gallon, volume)
    add(["gpm"], gallon / 60, volumeFlow)
    add(["CFM", "cfm"], foot * foot * foot / 60, volumeFlow)
    add(["N"], 1, force)
    add(["lbf"], poundForce, force)
    add(["Hz"], 1, Dimension(s: -1))
    return t
  }()
}
