import Foundation

/// A decoded sweep file (`docs/sweep-format.md`): a base case and axes of `--set` overrides.
public struct SweepSpec: Sendable, Equatable {
  public enum Mode: String, Sendable, CaseIterable {
    /// Every combination of axis values, first axis slowest (C order).
    case grid
    /// Point i takes the i-th value of every axis.
    case list
  }

  /// One axis: a `--set` key path and the values written for it, as override text (`"800 W"`).
  public struct Axis: Sendable, Equatable {
    public var key: String
    public var values: [String]
    public init(key: String, values: [String]) {
      self.key = key
      self.values = values
    }
  }

  public enum Goal: String, Sendable, CaseIterable {
    case minimize, maximize
  }

  /// A metric to optimise, for the Pareto front.
  public struct Objective: Sendable, Equatable {
    public var metric: String
    public var goal: Goal
    public init(metric: String, goal: Goal) {
      self.metric = metric
      self.goal = goal
    }
  }

  /// The sweep file as named.
  public var path: String
  /// The sweep file's text.
  public var text: String
  /// The base case, resolved against the sweep file's directory.
  public var basePath: String
  /// The base case's text, read once.
  public var baseText: String
  public var mode: Mode
  public var axes: [Axis]
  public var objectives: [Objective]

  public init(path: String, text: String, basePath: String, baseText: String, mode: Mode, axes: [Axis],
              objectives: [Objective]) {
    self.path = path
    self.text = text
    self.basePath = basePath
    self.baseText = baseText
    self.mode = mode
    self.axes = axes
    self.objectives = objectives
  }

  /// Number of points in the whole sweep.
  public var pointCount: Int {
    switch mode {
    case .grid: return axes.reduce(1) { $0 * $1.values.count }
    case .list: return axes.first?.values.count ?? 0
    }
  }

  /// For point `i`, the index into each axis's values.
  public func valueIndices(ofPoint i: Int) -> [Int] {
    precondition((0..<pointCount).contains(i), "point \(i) outside 0..<\(pointCount)")
    switch mode {
    case .list: return axes.map { _ in i }
    case .grid:
      var rest = i
      var out = [Int](repeating: 0, count: axes.count)
      for a in axes.indices.reversed() {
        out[a] = rest % axes[a].values.count
        rest /= axes[a].values.count
      }
      return out
    }
  }

  /// The `--set` overrides of point `i`, in axis order.
  public func overrides(ofPoint i: Int) -> [String] {
    zip(axes, valueIndices(ofPoint: i)).map { "\($0.key)=\($0.values[$1])" }
  }

  /// The points a shard runs: every `count`-th point starting at `index`.
  public func points(shard: Shard?) -> [Int] {
    guard let shard else { return Array(0..<pointCount) }
    return Array(stride(from: shard.index, to: pointCount, by: shard.count))
  }
}

/// `--shard i/N`: the i-th of N shards, 0-based.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
  public var index: Int
  public var count: Int
  public init(index: Int, count: Int) {
    self.index = index
    self.count = count
  }

  /// Parses `i/N` with 0 ≤ i < N; nil when malformed.
  public init?(parsing text: String) {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, (0..<n).contains(i) else { return nil }
    self.init(index: i, count: n)
  }

  public var description: String { "\(index)/\(count)" }

  /// `sweep.h5` → `sweep.shard-3-of-32.h5`.
  public func defaultOutput(for output: String) -> String {
    let ns = output as NSString
    let ext = ns.pathExtension
    let stem = ns.deletingPathExtension
    return stem + ".shard-\(index)-of-\(count)" + (ext.isEmpty ? "" : "." + ext)
  }
}
