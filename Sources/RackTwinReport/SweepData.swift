import RackTwinIO

/// The parts of a sweep file (`racktwin.sweep` v1, docs/sweep-format.md) the report shows.
public struct SweepData: Sendable {
  /// One column of `/sweep/points`, numbers or strings, with its stored unit.
  public struct Column: Sendable {
    public var name: String
    public var units: String
    public var numbers: [Double]?
    public var strings: [String]?
    public var isAxis: Bool

    /// The value of row `i` as shown in the table (°C for temperatures, L/min for volume flows).
    func text(_ i: Int) -> String {
      if let numbers { return NumberText.format(numbers[i] * DisplayUnit(stored: units).factor) }
      return strings?[i] ?? ""
    }
  }

  /// A Pareto objective: the column and whether smaller is better.
  public struct Objective: Sendable, Equatable {
    public var metric: String
    public var minimize: Bool
    public init(metric: String, minimize: Bool) {
      self.metric = metric
      self.minimize = minimize
    }
  }

  public var file: String
  public var softwareVersion: String
  public var caseText: String
  public var sweepText: String
  /// `/sweep/points/index`.
  public var index: [Int64]
  /// `/sweep/points/status` (0 ok).
  public var status: [Int8]
  public var messages: [String]
  /// Axis columns then output columns, in file order.
  public var columns: [Column]
  /// `/sweep/pareto`: point indices (the `index` column's values) on the file's front.
  public var pareto: [Int64]
  /// `/sweep/pareto@objectives`, parsed; empty when the sweep has none.
  public var objectives: [Objective]

  public var rowCount: Int { index.count }

  /// The numeric column named `name`, if present.
  public func numbers(_ name: String) -> [Double]? { columns.first { $0.name == name }?.numbers }
  public func column(_ name: String) -> Column? { columns.first { $0.name == name } }

  /// Whether a numeric column exists and has a finite value in at least one ok row.
  func hasValues(_ name: String) -> Bool {
    guard let v = numbers(name) else { return false }
    return v.indices.contains { status[$0] == 0 && v[$0].isFinite }
  }

  /// Parses `"max_temperature:minimize, power:maximize"`.
  static func parseObjectives(_ text: String) -> [Objective] {
    text.split(separator: ",").compactMap { part in
      let p = part.trimmingCharacters(in: .whitespaces).split(separator: ":")
      guard p.count == 2 else { return nil }
      return Objective(metric: String(p[0]), minimize: p[1] == "minimize")
    }
  }
}
