/// ASHRAE liquid-cooling classes by facility-water supply temperature (FWS, the CDU's facility side).
///
/// ASHRAE TC 9.9 (2021), *Emergence and Expansion of Liquid Cooling in Mainstream Data Centers*, Table 2: W17, W27,
/// W32, W40, W45 (supply at most 17, 27, 32, 40, 45 °C) and W+ (above 45 °C).
public enum WaterClass: String, Sendable, CaseIterable {
  case w17 = "W17", w27 = "W27", w32 = "W32", w40 = "W40", w45 = "W45", wPlus = "W+"

  /// Highest facility supply (K) the class allows; nil for W+.
  public var limit: Double? {
    switch self {
    case .w17: 273.15 + 17
    case .w27: 273.15 + 27
    case .w32: 273.15 + 32
    case .w40: 273.15 + 40
    case .w45: 273.15 + 45
    case .wPlus: nil
    }
  }

  /// The class a supply set point (K) belongs to: the smallest class whose limit is not below it.
  public static func forSupply(_ t: Double) -> WaterClass {
    allCases.first { $0.limit.map { t <= $0 + 1e-9 } ?? true } ?? .wPlus
  }
}
