/// An hourly weather year as plain arrays (K, Pa): what the facility needs from an EPW file or a generated climate.
public struct WeatherSeries: Sendable, Equatable {
  /// Where the data come from (a file, or a built-in climate and its source).
  public var name: String
  public var dryBulb: [Double]
  public var dewPoint: [Double]
  public var pressure: [Double]

  public init(name: String, dryBulb: [Double], dewPoint: [Double], pressure: [Double]) {
    precondition(dryBulb.count == dewPoint.count && dryBulb.count == pressure.count, "weather arrays differ in length")
    self.name = name
    self.dryBulb = dryBulb
    self.dewPoint = dewPoint
    self.pressure = pressure
  }

  public var count: Int { dryBulb.count }

  /// The ambient at hour i (0-based).
  public func ambient(_ i: Int) -> Ambient { Ambient(dryBulb: dryBulb[i], dewPoint: dewPoint[i], pressure: pressure[i]) }

  /// Wet bulb (K) of every hour, ASHRAE Fundamentals ch. 1.
  public var wetBulb: [Double] { (0..<count).map { ambient($0).wetBulb } }

  /// The dry bulb exceeded in a fraction `p` of the hours (e.g. 0.004 for the 0.4 % design value), and the mean
  /// wet bulb coincident with it (the hours within ±0.5 K of it, as ASHRAE's MCWB bins by dry bulb).
  public func designDryBulb(exceedance p: Double) -> (dryBulb: Double, coincidentWetBulb: Double) {
    let sorted = dryBulb.sorted(by: >)
    let k = max(0, min(count - 1, Int((p * Double(count)).rounded(.down))))
    let db = sorted[k]
    let wb = wetBulb
    let near = (0..<count).filter { abs(dryBulb[$0] - db) <= 0.5 }
    let mcwb = near.isEmpty ? .nan : near.map { wb[$0] }.reduce(0, +) / Double(near.count)
    return (db, mcwb)
  }
}
