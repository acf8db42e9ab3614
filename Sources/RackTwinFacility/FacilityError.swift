import Foundation

/// A facility that cannot be built or cannot meet what it is asked, with what a person needs to fix it.
///
/// Each case names the piece of equipment (`cdu`, `dryCooler`, `coolingTower`, `chiller`, …); the case layer adds
/// the file and key. The CLI maps these to exit code 2.
public enum FacilityError: Error, CustomStringConvertible, Sendable, Equatable {
  /// A design value that is out of range or inconsistent: where, what was expected, what was found.
  case invalidInput(location: String, expected: String, found: String)
  /// Heat rejection cannot bring the facility water down to the asked supply temperature at the given ambient.
  case cannotReachSupply(equipment: String, supplyC: Double, ambient: String, reachableC: Double, advice: String)

  public var description: String {
    switch self {
    case let .invalidInput(location, expected, found):
      return "\(location): expected \(expected), found \(found)"
    case let .cannotReachSupply(equipment, supply, ambient, reachable, advice):
      return "\(equipment): expected to cool the facility water to \(fmt(supply)) °C at the design ambient "
        + "(\(ambient)), found it reaches only \(fmt(reachable)) °C; \(advice)"
    }
  }
}

func fmt(_ x: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", x) }
