import Foundation
import RackTwinIO

/// The rows of a sweep results file (`racktwin.sweep` v1, `docs/sweep-format.md`) — what a run assembles from its
/// journal, a merge from its shards, and `SweepTableWriter` writes as HDF5 and CSV.
public struct SweepTable: Sendable, Equatable {
  /// An input column.
  public struct AxisColumn: Sendable, Equatable {
    public var key: String
    /// The axis's values in sweep order (the `/sweep/axes/<key>` dataset).
    public var axisValues: Column
    /// One value per row.
    public var pointValues: Column
    public var units: String
  }

  public enum Column: Sendable, Equatable {
    case numbers([Double])
    case strings([String])

    var count: Int {
      switch self {
      case .numbers(let v): return v.count
      case .strings(let v): return v.count
      }
    }

    func select(_ rows: [Int]) -> Column {
      switch self {
      case .numbers(let v): return .numbers(rows.map { v[$0] })
      case .strings(let v): return .strings(rows.map { v[$0] })
      }
    }
  }

  public struct OutputColumn: Sendable, Equatable {
    public var name: String
    public var units: String
    public var values: [Double]
  }

  public var softwareVersion: String
  public var meshSHA256: String
  public var sweepHash: String
  public var sweepText: String
  public var caseText: String
  /// Points in the whole sweep.
  public var pointCount: Int
  /// `"i/N"` for a shard file, `""` otherwise.
  public var shard: String
  /// `"max_temperature:minimize, power:maximize"`, or empty.
  public var objectives: [SweepSpec.Objective]
  /// Global point index of each row, ascending.
  public var indices: [Int64]
  public var axes: [AxisColumn]
  public var outputs: [OutputColumn]
  public var status: [Int8]
  public var messages: [String]

  /// The Pareto front over the ok rows, as point indices.
  public var pareto: [Int64] {
    guard objectives.count == 2,
          let a = outputs.first(where: { $0.name == objectives[0].metric }),
          let b = outputs.first(where: { $0.name == objectives[1].metric }) else { return [] }
    let ok = indices.indices.filter { status[$0] == 0 }
    let front = ParetoFront.indices(ok.map { a.values[$0] }, ok.map { b.values[$0] },
                                    minimizeA: objectives[0].goal == .minimize, minimizeB: objectives[1].goal == .minimize)
    return front.map { indices[ok[$0]] }
  }

  /// The outputs whose values may differ between runs of the same sweep.
  public static let timingColumns: Set<String> = Set(MetricCatalog.timingNames)

  static func objectivesText(_ objectives: [SweepSpec.Objective]) -> String {
    objectives.map { "\($0.metric):\($0.goal.rawValue)" }.joined(separator: ", ")
  }

  static func parseObjectives(_ text: String) -> [SweepSpec.Objective] {
    text.split(separator: ",").compactMap { part in
      let p = part.trimmingCharacters(in: .whitespaces).split(separator: ":")
      guard p.count == 2, let g = SweepSpec.Goal(rawValue: String(p[1])) else { return nil }
      return .init(metric: String(p[0]), goal: g)
    }
  }
}

extension SweepTable {
  /// Assembles the table of the points `rows` (ascending) from their results; a point without a result is not run.
  static func assemble(spec: SweepSpec, identity: SweepIdentity, shard: Shard?, rows: [Int],
                       results: [Int: SweepPointResult]) -> SweepTable {
    var axes: [AxisColumn] = []
    for (a, axis) in spec.axes.enumerated() {
      let which = rows.map { spec.valueIndices(ofPoint: $0)[a] }
      if let (numbers, units) = AxisValue.column(axis.values) {
        axes.append(.init(key: axis.key, axisValues: .numbers(numbers), pointValues: .numbers(which.map { numbers[$0] }),
                          units: units))
      } else {
        axes.append(.init(key: axis.key, axisValues: .strings(axis.values), pointValues: .strings(which.map { axis.values[$0] }),
                          units: ""))
      }
    }
    // Columns: those of the first ok point, then any others later points add.
    var names: [String] = [], units: [String: String] = [:]
    let ordered = rows.compactMap { results[$0] }
    for r in ordered.filter({ $0.status == .ok }) + ordered.filter({ $0.status != .ok }) {
      for o in r.outputs where units[o.name] == nil {
        names.append(o.name)
        units[o.name] = o.units
      }
    }
    var outputs = names.map { OutputColumn(name: $0, units: units[$0]!, values: []) }
    var status: [Int8] = [], messages: [String] = []
    for i in rows {
      let r = results[i]
      let byName = Dictionary((r?.outputs ?? []).map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
      for c in outputs.indices { outputs[c].values.append(byName[outputs[c].name] ?? .nan) }
      status.append(r?.status.rawValue ?? SweepPointResult.Status.notRun.rawValue)
      messages.append(r?.message ?? (r == nil ? "not run" : ""))
    }
    return SweepTable(softwareVersion: racktwinVersion, meshSHA256: identity.meshSHA256, sweepHash: identity.hash,
                      sweepText: spec.text, caseText: spec.baseText, pointCount: spec.pointCount,
                      shard: shard?.description ?? "", objectives: spec.objectives, indices: rows.map(Int64.init),
                      axes: axes, outputs: outputs, status: status, messages: messages)
  }
}
