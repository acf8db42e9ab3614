import Foundation

/// `racktwin merge`: joins shard files of one sweep into the file a single run would have written.
public enum SweepMerger {
  /// Reads the shards, checks they belong to one sweep and cover every point exactly once, and returns the table.
  public static func merge(_ paths: [String]) throws -> SweepTable {
    guard let first = paths.first else {
      throw SweepError(file: "", keyPath: "", expected: "at least one shard file", found: "none")
    }
    let tables = try paths.map { try SweepTableFile.read($0) }
    let t0 = tables[0]
    var owner: [Int64: Int] = [:]
    for (s, t) in tables.enumerated() {
      guard t.sweepHash == t0.sweepHash, t.pointCount == t0.pointCount else {
        throw SweepError(file: paths[s], keyPath: "/@sweep_hash",
                         expected: "the sweep of \(first) (\(t0.sweepHash.prefix(12))…, \(t0.pointCount) points)",
                         found: "another sweep (\(t.sweepHash.prefix(12))…, \(t.pointCount) points)")
      }
      for (r, i) in t.indices.enumerated() {
        if let other = owner[i] {
          throw SweepError(file: paths[s], keyPath: "point \(i)", expected: "each point in one shard",
                           found: "point \(i) also in \(paths[other])")
        }
        if t.status[r] == SweepPointResult.Status.notRun.rawValue {
          throw SweepError(file: paths[s], keyPath: "point \(i)", expected: "a finished point",
                           found: "a point that was not run (resume that shard with --resume)")
        }
        owner[i] = s
      }
    }
    let missing = (0..<Int64(t0.pointCount)).filter { owner[$0] == nil }
    guard missing.isEmpty else {
      let list = missing.prefix(10).map(String.init).joined(separator: ", ") + (missing.count > 10 ? ", …" : "")
      throw SweepError(file: first, keyPath: "", expected: "all \(t0.pointCount) points of the sweep in the shards",
                       found: "\(missing.count) missing: points \(list)")
    }
    // Output columns: those of the shard holding the first ok point, then any others.
    let firstOK = (0..<Int64(t0.pointCount)).first { i in
      let t = tables[owner[i]!]
      return t.status[t.indices.firstIndex(of: i)!] == 0
    }
    let order = (firstOK.map { [owner[$0]!] } ?? []) + Array(tables.indices)
    var names: [String] = [], units: [String: String] = [:]
    for s in order { for o in tables[s].outputs where units[o.name] == nil { names.append(o.name); units[o.name] = o.units } }

    var merged = t0
    merged.shard = ""
    merged.indices = (0..<Int64(t0.pointCount)).map { $0 }
    merged.status = []
    merged.messages = []
    var outputs = names.map { SweepTable.OutputColumn(name: $0, units: units[$0]!, values: []) }
    var axisNumbers = t0.axes.map { _ in [Double]() }, axisStrings = t0.axes.map { _ in [String]() }
    for i in merged.indices {
      let t = tables[owner[i]!]
      let r = t.indices.firstIndex(of: i)!
      merged.status.append(t.status[r])
      merged.messages.append(t.messages[r])
      for c in outputs.indices { outputs[c].values.append(t.outputs.first { $0.name == outputs[c].name }?.values[r] ?? .nan) }
      for a in t.axes.indices {
        switch t.axes[a].pointValues {
        case .numbers(let v): axisNumbers[a].append(v[r])
        case .strings(let v): axisStrings[a].append(v[r])
        }
      }
    }
    merged.outputs = outputs
    for a in merged.axes.indices {
      if case .numbers = merged.axes[a].pointValues {
        merged.axes[a].pointValues = .numbers(axisNumbers[a])
      } else {
        merged.axes[a].pointValues = .strings(axisStrings[a])
      }
    }
    return merged
  }
}
