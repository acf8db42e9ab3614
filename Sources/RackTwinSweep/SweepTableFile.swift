import Foundation
import RackTwinIO

/// Reads and writes sweep results files (`racktwin.sweep` v1) and their CSV.
///
/// HDF5 is not thread-safe: call these from one thread at a time (the sweep coordinator does).
public enum SweepTableFile {
  public static let format = "racktwin.sweep"
  public static let version: Int64 = 1

  /// `sweep.h5` → `sweep.csv`.
  public static func csvPath(for output: String) -> String {
    (output as NSString).deletingPathExtension + ".csv"
  }

  /// Writes `table` to `path` and its CSV beside it, each through a temporary file renamed into place.
  public static func write(_ table: SweepTable, to path: String) throws {
    let dir = (path as NSString).deletingLastPathComponent
    if !dir.isEmpty, !FileManager.default.fileExists(atPath: dir) {
      try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }
    let pid = ProcessInfo.processInfo.processIdentifier
    let tmp = "\(path).tmp-\(pid)"
    do {
      let file = try HDF5File.create(at: tmp)
      defer { try? file.close() }
      try writeHDF5(table, into: file)
      try file.close()
    } catch {
      unlink(tmp)
      throw error
    }
    try Durable.commit(tmp, to: path)
    try Durable.write(Data(csv(table).utf8), to: csvPath(for: path))
  }

  static func writeHDF5(_ t: SweepTable, into file: HDF5File) throws(HDF5Error) {
    try file.setAttribute("format", to: format, on: "/")
    try file.setAttribute("version", to: version, on: "/")
    try file.setAttribute("software_version", to: t.softwareVersion, on: "/")
    try file.setAttribute("mesh_sha256", to: t.meshSHA256, on: "/")
    try file.setAttribute("sweep_hash", to: t.sweepHash, on: "/")
    try file.setAttribute("sweep_text", to: t.sweepText, on: "/")
    try file.setAttribute("case_text", to: t.caseText, on: "/")
    try file.setAttribute("point_count", to: Int64(t.pointCount), on: "/")
    try file.setAttribute("shard", to: t.shard, on: "/")
    try file.createGroup("/sweep/axes")
    try file.createGroup("/sweep/points")
    try file.setAttribute("axis_columns", to: t.axes.map(\.key).joined(separator: "\n"), on: "/sweep/points")
    try file.setAttribute("output_columns", to: t.outputs.map(\.name).joined(separator: "\n"), on: "/sweep/points")
    func write(_ c: SweepTable.Column, _ path: String, units: String) throws(HDF5Error) {
      switch c {
      case .numbers(let v): try file.write(v, shape: [v.count], to: path, units: units)
      case .strings(let v): try file.writeStrings(v, to: path)
      }
    }
    let n = [t.indices.count]
    try file.write(t.indices, shape: n, to: "/sweep/points/index", units: "1")
    for a in t.axes {
      try write(a.axisValues, "/sweep/axes/\(a.key)", units: a.units)
      try write(a.pointValues, "/sweep/points/\(a.key)", units: a.units)
    }
    for o in t.outputs { try file.write(o.values, shape: n, to: "/sweep/points/\(o.name)", units: o.units) }
    try file.write(t.status, shape: n, to: "/sweep/points/status", units: "1")
    try file.writeStrings(t.messages, to: "/sweep/points/message")
    let pareto = t.pareto
    try file.write(pareto, shape: [pareto.count], to: "/sweep/pareto", units: "1")
    try file.setAttribute("objectives", to: SweepTable.objectivesText(t.objectives), on: "/sweep/pareto")
  }

  /// Reads a sweep results file (for `racktwin merge`).
  public static func read(_ path: String) throws -> SweepTable {
    let file = try HDF5File.open(readingAt: path)
    defer { try? file.close() }
    let found = (try? file.stringAttribute("format", of: "/")) ?? "none"
    guard found == format else {
      throw SweepError(file: path, keyPath: "/@format", expected: "\"\(format)\" (a racktwin sweep file)", found: "\"\(found)\"")
    }
    func lines(_ s: String) -> [String] { s.isEmpty ? [] : s.components(separatedBy: "\n") }
    func column(_ path: String) throws -> (SweepTable.Column, String) {
      let units = file.hasAttribute("units", on: path) ? try file.stringAttribute("units", of: path) : ""
      if try file.typeDescription(of: path).contains("string") { return (.strings(try file.readStrings(at: path)), units) }
      return (.numbers(try file.read(Double.self, at: path).values), units)
    }
    var axes: [SweepTable.AxisColumn] = []
    for key in lines(try file.stringAttribute("axis_columns", of: "/sweep/points")) {
      let (axisValues, units) = try column("/sweep/axes/\(key)")
      let (pointValues, _) = try column("/sweep/points/\(key)")
      axes.append(.init(key: key, axisValues: axisValues, pointValues: pointValues, units: units))
    }
    var outputs: [SweepTable.OutputColumn] = []
    for name in lines(try file.stringAttribute("output_columns", of: "/sweep/points")) {
      let p = "/sweep/points/\(name)"
      outputs.append(.init(name: name, units: try file.stringAttribute("units", of: p), values: try file.read(Double.self, at: p).values))
    }
    let table = SweepTable(
      softwareVersion: try file.stringAttribute("software_version", of: "/"),
      meshSHA256: try file.stringAttribute("mesh_sha256", of: "/"), sweepHash: try file.stringAttribute("sweep_hash", of: "/"),
      sweepText: try file.stringAttribute("sweep_text", of: "/"), caseText: try file.stringAttribute("case_text", of: "/"),
      pointCount: Int(try file.integerAttribute("point_count", of: "/")), shard: try file.stringAttribute("shard", of: "/"),
      objectives: SweepTable.parseObjectives(try file.stringAttribute("objectives", of: "/sweep/pareto")),
      indices: try file.read(Int64.self, at: "/sweep/points/index").values, axes: axes, outputs: outputs,
      status: try file.read(Int8.self, at: "/sweep/points/status").values,
      messages: try file.readStrings(at: "/sweep/points/message"))
    try check(table, path)
    return table
  }

  /// A file whose per-point columns disagree in length, or whose point indices fall outside the sweep, is damaged:
  /// reported naming the dataset rather than crashing whoever indexes it (`racktwin merge`).
  static func check(_ t: SweepTable, _ path: String) throws {
    guard (0...SweepSpecDecoder.maxPoints).contains(t.pointCount) else {
      throw SweepError(file: path, keyPath: "/@point_count", expected: "a point count in 0...\(SweepSpecDecoder.maxPoints)",
                       found: "\(t.pointCount)")
    }
    let n = t.indices.count
    if let bad = t.indices.first(where: { !(0..<Int64(t.pointCount)).contains($0) }) {
      throw SweepError(file: path, keyPath: "/sweep/points/index", expected: "point indices in 0..<\(t.pointCount)",
                       found: "\(bad)")
    }
    var lengths: [(String, Int)] = [("status", t.status.count), ("message", t.messages.count)]
    for a in t.axes {
      switch a.pointValues {
      case .numbers(let v): lengths.append((a.key, v.count))
      case .strings(let v): lengths.append((a.key, v.count))
      }
    }
    lengths += t.outputs.map { ($0.name, $0.values.count) }
    if let (name, count) = lengths.first(where: { $0.1 != n }) {
      throw SweepError(file: path, keyPath: "/sweep/points/\(name)",
                       expected: "\(n) rows, one per point as in /sweep/points/index", found: "\(count)")
    }
  }

  /// The CSV: a header with units in brackets, then one row per point.
  static func csv(_ t: SweepTable) -> String {
    func quote(_ s: String) -> String {
      s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
    func num(_ v: Double) -> String { v.isNaN ? "nan" : "\(v)" }
    func named(_ n: String, _ u: String) -> String { quote(u.isEmpty ? n : "\(n)[\(u)]") }
    var header = ["index"] + t.axes.map { named($0.key, $0.units) } + t.outputs.map { named($0.name, $0.units) }
    header += ["status", "message"]
    var out = header.joined(separator: ",") + "\n"
    for r in t.indices.indices {
      var row = [String(t.indices[r])]
      for a in t.axes {
        switch a.pointValues {
        case .numbers(let v): row.append(num(v[r]))
        case .strings(let v): row.append(quote(v[r]))
        }
      }
      row += t.outputs.map { num($0.values[r]) }
      row += [String(t.status[r]), quote(t.messages[r])]
      out += row.joined(separator: ",") + "\n"
    }
    return out
  }
}
