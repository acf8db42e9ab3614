/// Monthly normals a built-in climate is generated from (°C, K of range, metres), January first.
public struct ClimateNormals: Sendable, Equatable {
  public var name: String
  /// Where the numbers come from.
  public var source: String
  public var elevation: Double
  /// Monthly mean of the daily mean dry bulb (°C).
  public var dryBulbMean: [Double]
  /// Monthly mean daily dry-bulb range, max − min (K).
  public var dailyRange: [Double]
  /// Monthly mean dew point (°C).
  public var dewPointMean: [Double]
  /// Monthly 5 % design dry bulb (°C): exceeded in 5 % of the month's hours; sets the day-to-day variability.
  public var dryBulb5Percent: [Double]

  public init(name: String, source: String, elevation: Double, dryBulbMean: [Double], dailyRange: [Double],
              dewPointMean: [Double], dryBulb5Percent: [Double]) {
    precondition([dryBulbMean, dailyRange, dewPointMean, dryBulb5Percent].allSatisfy { $0.count == 12 },
                 "twelve months per list")
    self.name = name
    self.source = source
    self.elevation = elevation
    self.dryBulbMean = dryBulbMean
    self.dailyRange = dailyRange
    self.dewPointMean = dewPointMean
    self.dryBulb5Percent = dryBulb5Percent
  }

  /// Chicago O'Hare (WMO 725300), 201 m. EnergyPlus weather-converter statistics of the TMY3 year
  /// (`weather/USA_IL_Chicago-OHare.Intl.AP.725300_TMY3.stat`): monthly "Daily Avg" dry bulb and dew point, "Mean
  /// Daily Dry Bulb Temperature Range", and the monthly 5 % design dry bulb of ASHRAE *Climate Design Data 2009*.
  public static let chicago = ClimateNormals(
    name: "chicago", source: "USA_IL_Chicago-OHare.Intl.AP.725300_TMY3.stat (TMY3; ASHRAE Climate Design Data 2009)",
    elevation: 201,
    dryBulbMean: [-4.6, -2.5, 3.8, 10.0, 15.3, 21.1, 24.1, 21.8, 18.1, 11.0, 4.7, -3.7],
    dailyRange: [7.6, 7.9, 9.0, 10.4, 11.3, 11.4, 10.5, 9.9, 10.8, 10.2, 8.1, 7.3],
    dewPointMean: [-9.4, -8.2, -1.5, 4.0, 7.2, 13.0, 18.7, 16.6, 12.9, 5.0, 0.4, -7.6],
    dryBulb5Percent: [5.6, 7.8, 15.8, 21.6, 26.5, 30.4, 31.7, 30.3, 27.8, 21.9, 15.5, 8.7])

  /// Ashburn, Virginia ("Data Center Alley"): Washington Dulles (WMO 724030), 82 m, 10 km from Ashburn. Same kind of
  /// source: `USA_VA_Sterling-Washington.Dulles.Intl.AP.724030_TMY3.stat` as distributed with EnergyPlus
  /// (NREL/EnergyPlus repository, `weather/`).
  public static let ashburn = ClimateNormals(
    name: "ashburn", source: "USA_VA_Sterling-Washington.Dulles.Intl.AP.724030_TMY3.stat (EnergyPlus weather/)",
    elevation: 82,
    dryBulbMean: [0.6, 1.6, 7.7, 12.5, 18.2, 22.5, 24.5, 23.0, 20.1, 11.9, 7.8, 1.0],
    dailyRange: [9.6, 10.4, 11.6, 12.7, 12.3, 11.8, 11.4, 11.4, 11.8, 12.6, 11.5, 9.8],
    dewPointMean: [-6.3, -4.4, -0.9, 4.4, 12.0, 16.2, 19.2, 17.7, 15.4, 5.1, 2.6, -4.8],
    dryBulb5Percent: [12.2, 13.4, 19.0, 24.1, 28.1, 30.8, 32.8, 32.0, 28.8, 23.7, 18.9, 13.7])

  /// Phoenix Sky Harbor (WMO 722780), 337 m: `USA_AZ_Phoenix-Sky.Harbor.Intl.AP.722780_TMY3.stat` as distributed
  /// with EnergyPlus (NREL/EnergyPlus repository, `weather/`).
  public static let phoenix = ClimateNormals(
    name: "phoenix", source: "USA_AZ_Phoenix-Sky.Harbor.Intl.AP.722780_TMY3.stat (EnergyPlus weather/)",
    elevation: 337,
    dryBulbMean: [13.0, 15.7, 17.3, 23.7, 27.3, 34.0, 35.6, 33.8, 30.4, 24.8, 18.0, 11.7],
    dailyRange: [11.5, 11.6, 12.4, 13.2, 13.6, 14.0, 12.0, 11.3, 12.0, 12.5, 12.0, 11.2],
    dewPointMean: [-2.2, 4.1, 2.5, -1.6, 2.3, 5.9, 13.6, 13.5, 8.9, 6.4, 1.9, 0.5],
    dryBulb5Percent: [21.9, 24.5, 28.6, 33.3, 37.8, 41.6, 42.5, 41.4, 39.4, 34.5, 26.8, 20.9])

  /// The built-in climates, by name.
  public static let builtIn: [ClimateNormals] = [chicago, ashburn, phoenix]

  public static func named(_ name: String) -> ClimateNormals? {
    builtIn.first { $0.name.lowercased() == name.lowercased() }
  }
}
