import Foundation

/// An efficiency curve η(load fraction), linear between given points and held constant beyond the first and last.
public struct EfficiencyCurve: Sendable, Equatable {
  /// (load as a fraction of rating, efficiency) with loads strictly increasing.
  public let points: [(load: Double, efficiency: Double)]

  public static func == (a: Self, b: Self) -> Bool {
    a.points.count == b.points.count && zip(a.points, b.points).allSatisfy { $0.load == $1.load && $0.efficiency == $1.efficiency }
  }

  public init(_ points: [(load: Double, efficiency: Double)], location: String) throws {
    guard !points.isEmpty, zip(points, points.dropFirst()).allSatisfy({ $0.load < $1.load }),
          points.allSatisfy({ $0.load > 0 && $0.efficiency > 0 && $0.efficiency <= 1 }) else {
      throw FacilityError.invalidInput(location: location,
                                       expected: "points [load fraction > 0, efficiency in (0, 1]] with loads rising",
                                       found: points.map { "[\($0.load), \($0.efficiency)]" }.joined(separator: ", "))
    }
    self.points = points
  }

  /// η at a load fraction.
  public func efficiency(atLoad x: Double) -> Double {
    if x <= points[0].load { return points[0].efficiency }
    for (a, b) in zip(points, points.dropFirst()) where x <= b.load {
      return a.efficiency + (b.efficiency - a.efficiency) * (x - a.load) / (b.load - a.load)
    }
    return points[points.count - 1].efficiency
  }
}

/// The IT power chain: UPS, then PDU, as efficiency curves. A loss is input − output = P_out/η − P_out, with η read at
/// the unit's own load fraction (output over its rating) — never a fixed percentage of IT.
///
/// Counted at the utility meter: facility power includes UPS and PDU losses; the loads on the UPS are the IT
/// equipment only (CDU pumps, fans and chillers are fed outside the UPS here). Defaults: a double-conversion UPS at
/// 94.0/95.5/96.0/96.0 % at 25/50/75/100 % load and a PDU transformer at 98.5/99.0/99.0/98.8 % — typical values
/// for the unit class, to be replaced by the manufacturer's curve; the losses' heat is not added to the room load.
public struct PowerChain: Sendable, Equatable {
  public var ups: EfficiencyCurve
  public var pdu: EfficiencyCurve
  /// Ratings (W of output).
  public var upsRating: Double
  public var pduRating: Double

  public init(ups: EfficiencyCurve, pdu: EfficiencyCurve, upsRating: Double, pduRating: Double) throws {
    guard upsRating > 0, pduRating > 0 else {
      throw FacilityError.invalidInput(location: "powerChain", expected: "positive ratings",
                                       found: "UPS \(upsRating) W, PDU \(pduRating) W")
    }
    self.ups = ups
    self.pdu = pdu
    self.upsRating = upsRating
    self.pduRating = pduRating
  }

  /// The default curves, rated at `rating` (W of IT).
  public static func typical(rating: Double) throws -> PowerChain {
    try PowerChain(ups: EfficiencyCurve([(0.25, 0.940), (0.5, 0.955), (0.75, 0.960), (1.0, 0.960)], location: "ups"),
                   pdu: EfficiencyCurve([(0.25, 0.985), (0.5, 0.990), (0.75, 0.990), (1.0, 0.988)], location: "pdu"),
                   upsRating: rating, pduRating: rating)
  }

  /// PDU and UPS losses (W) when the IT equipment draws `it` (W).
  public func losses(it: Double) -> (pdu: Double, ups: Double) {
    let pduIn = it / pdu.efficiency(atLoad: it / pduRating)
    let upsIn = pduIn / ups.efficiency(atLoad: pduIn / upsRating)
    return (pduIn - it, upsIn - pduIn)
  }
}
