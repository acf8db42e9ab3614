import Foundation

/// A colour scale: stops evenly spaced over 0…1, linearly interpolated in sRGB.
struct ColourMap: Sendable {
  var stops: [(r: Double, g: Double, b: Double)]

  /// Viridis, perceptually uniform and readable in grey (van der Walt & Smith, matplotlib 2.0, 2015; CC0):
  /// nine samples of the published table at 0, 1/8, …, 1. For sweep variables such as flow.
  static let viridis = ColourMap(stops: [
    (68, 1, 84), (71, 44, 122), (59, 81, 139), (44, 113, 142), (33, 144, 141),
    (39, 173, 129), (92, 200, 99), (170, 220, 50), (253, 231, 37),
  ].map { (Double($0.0), Double($0.1), Double($0.2)) })

  /// Cool to warm, blue → grey → red, for temperatures: the diverging map's end and mid points of Moreland,
  /// "Diverging Color Maps for Scientific Visualization" (ISVC 2009), with two intermediate samples per side.
  static let coolWarm = ColourMap(stops: [
    (59, 76, 192), (124, 159, 249), (192, 212, 245), (221, 221, 221), (242, 203, 183), (238, 133, 104), (180, 4, 38),
  ].map { (Double($0.0), Double($0.1), Double($0.2)) })

  /// The colour at `t` in 0…1 (clamped) as `#rrggbb`.
  func hex(_ t: Double) -> String {
    let u = t.isFinite ? min(1, max(0, t)) : 0
    let p = u * Double(stops.count - 1)
    let i = min(stops.count - 2, Int(p))
    let f = p - Double(i)
    let a = stops[i], b = stops[i + 1]
    func mix(_ x: Double, _ y: Double) -> Int { Int((x + (y - x) * f).rounded()) }
    return String(format: "#%02x%02x%02x", mix(a.r, b.r), mix(a.g, b.g), mix(a.b, b.b))
  }
}

/// Distinct colours for lines (Okabe & Ito, "Color Universal Design", 2008: the eight colours safe for colour-blind
/// readers, black last).
enum LinePalette {
  static let colours = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#f0e442", "#000000"]
  static func colour(_ i: Int) -> String { colours[i % colours.count] }
}
