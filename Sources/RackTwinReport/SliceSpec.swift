import Foundation
import RackTwinIO

/// A plane normal to a coordinate axis: `--slice z=0.01` (metres) or `--slice "z=10 mm"`.
public struct SliceSpec: Sendable, Equatable {
  /// 0 = x, 1 = y, 2 = z.
  public var axis: Int
  /// Position along the axis, m.
  public var value: Double

  public init(axis: Int, value: Double) {
    self.axis = axis
    self.value = value
  }

  /// Parses `AXIS=VALUE`; VALUE in metres, or a number with a length unit.
  public init(parsing text: String) throws {
    func bad(_ found: String) -> ReportError {
      ReportError(file: "command line", location: "--slice", expected: "AXIS=VALUE with AXIS x, y or z and VALUE a length "
                  + "(metres, or with a unit: \"z=10 mm\")", found: found)
    }
    let parts = text.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
    guard parts.count == 2, let axis = ["x", "y", "z"].firstIndex(of: parts[0].lowercased()) else {
      throw bad("\"\(text)\"")
    }
    let valueText = parts[1]
    if let v = Double(valueText), v.isFinite {
      self.init(axis: axis, value: v)
      return
    }
    let scanner = Scanner(string: valueText)
    guard let number = scanner.scanDouble(), number.isFinite else { throw bad("\"\(valueText)\"") }
    let unitText = String(valueText[scanner.currentIndex...]).trimmingCharacters(in: .whitespaces)
    guard let unit = try? Units.parse(unitText), unit.dimension == Units.Dimension(m: 1) else {
      throw bad("\"\(valueText)\" (\"\(unitText)\" is not a length unit)")
    }
    self.init(axis: axis, value: number * unit.factor)
  }

  static let axisNames = ["x", "y", "z"]
}
