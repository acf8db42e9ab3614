import Foundation
import RackTwinIO

/// What `racktwin report` was given: a sweep, or a solve (steady or transient).
public enum ReportInput: Sendable {
  case sweep(SweepData)
  case results(ResultsData)
}

/// Reads a racktwin HDF5 file for the report, telling a sweep from a results file by `/@format`.
///
/// Errors name the file and the dataset: a file that is not HDF5 (`HDF5Error`), a file of another kind, or a
/// missing or mistyped dataset (`ReportError`). Not thread-safe (HDF5).
public enum ReportReader {
  public static func read(_ path: String) throws -> ReportInput {
    let file = try HDF5File.open(readingAt: path)
    defer { try? file.close() }
    let format = file.hasAttribute("format", on: "/") ? ((try? file.stringAttribute("format", of: "/")) ?? "?") : "none"
    let reader = Reader(file: file, path: path)
    switch format {
    case "racktwin.sweep": return .sweep(try reader.sweep())
    case "racktwin.results": return .results(try reader.results())
    default:
      throw ReportError(file: path, location: "/@format",
                        expected: "\"racktwin.results\" or \"racktwin.sweep\" (a file racktwin solve or sweep wrote)",
                        found: format == "none" ? "no format attribute" : "\"\(format)\"")
    }
  }
}

private struct Reader {
  let file: HDF5File
  let path: String

  func fail(_ location: String, _ expected: String, _ found: String) -> ReportError {
    ReportError(file: path, location: location, expected: expected, found: found)
  }

  func require(_ dataset: String) throws {
    guard file.kind(of: dataset) == .dataset else { throw fail(dataset, "a dataset", "none") }
  }

  func doubles(_ dataset: String, count: Int? = nil) throws -> [Double] {
    try require(dataset)
    let v = try file.read(Double.self, at: dataset).values
    if let count, v.count != count { throw fail(dataset, "\(count) values", "\(v.count)") }
    return v
  }

  func strings(_ dataset: String, count: Int? = nil) throws -> [String] {
    try require(dataset)
    let v = try file.readStrings(at: dataset)
    if let count, v.count != count { throw fail(dataset, "\(count) strings", "\(v.count)") }
    return v
  }

  func int64s(_ dataset: String, count: Int? = nil) throws -> [Int64] {
    try require(dataset)
    let v = try file.read(Int64.self, at: dataset).values
    if let count, v.count != count { throw fail(dataset, "\(count) values", "\(v.count)") }
    return v
  }

  func units(_ dataset: String) -> String { (try? file.stringAttribute("units", of: dataset)) ?? "" }

  func rootString(_ name: String) -> String { (try? file.stringAttribute(name, of: "/")) ?? "" }

  func sweep() throws -> SweepData {
    let index = try int64s("/sweep/points/index")
    let n = index.count
    try require("/sweep/points/status")
    let status = try file.read(Int8.self, at: "/sweep/points/status").values
    guard status.count == n else { throw fail("/sweep/points/status", "\(n) values", "\(status.count)") }
    let messages = file.kind(of: "/sweep/points/message") == .dataset ? try strings("/sweep/points/message", count: n)
      : Array(repeating: "", count: n)
    func names(_ attr: String) throws -> [String] {
      guard file.hasAttribute(attr, on: "/sweep/points") else {
        throw fail("/sweep/points@\(attr)", "the column names, one per line", "none")
      }
      let s = try file.stringAttribute(attr, of: "/sweep/points")
      return s.isEmpty ? [] : s.components(separatedBy: "\n")
    }
    var columns: [SweepData.Column] = []
    for (names, isAxis) in [(try names("axis_columns"), true), (try names("output_columns"), false)] {
      for name in names {
        let ds = "/sweep/points/\(name)"
        try require(ds)
        let type = try file.typeDescription(of: ds)
        if type.hasPrefix("string") {
          columns.append(.init(name: name, units: "", numbers: nil, strings: try strings(ds, count: n), isAxis: isAxis))
        } else if type == "float64" {
          columns.append(.init(name: name, units: units(ds), numbers: try doubles(ds, count: n), strings: nil, isAxis: isAxis))
        } else {
          throw fail(ds, "float64 or strings", type)
        }
      }
    }
    var pareto: [Int64] = []
    var objectives: [SweepData.Objective] = []
    if file.kind(of: "/sweep/pareto") == .dataset {
      pareto = try int64s("/sweep/pareto")
      if file.hasAttribute("objectives", on: "/sweep/pareto") {
        objectives = SweepData.parseObjectives(try file.stringAttribute("objectives", of: "/sweep/pareto"))
      }
    }
    return SweepData(file: path, softwareVersion: rootString("software_version"), caseText: rootString("case_text"),
                     sweepText: rootString("sweep_text"), index: index, status: status, messages: messages,
                     columns: columns, pareto: pareto, objectives: objectives)
  }

  func results() throws -> ResultsData {
    let names = try strings("/components/name")
    let n = names.count
    let power = try doubles("/components/power", count: n)
    let tmax = try doubles("/components/max_temperature", count: n)
    let tmean = try doubles("/components/mean_temperature", count: n)
    let limit = try doubles("/components/limit", count: n)
    let margin = try doubles("/components/margin", count: n)
    let hottest = try int64s("/components/hottest_cell", count: n)
    let components = (0..<n).map {
      ResultsData.Component(name: names[$0], power: power[$0], maxTemperature: tmax[$0], meanTemperature: tmean[$0],
                            limit: limit[$0], margin: margin[$0], hottestCell: hottest[$0])
    }
    guard file.kind(of: "/metrics") == .group else { throw fail("/metrics", "a group of scalar metrics", "none") }
    var metrics: [ResultsData.Metric] = []
    for name in try file.childNames(ofGroup: "/metrics") {
      let ds = "/metrics/\(name)"
      guard file.kind(of: ds) == .dataset, (try? file.typeDescription(of: ds)) == "float64" else { continue }
      let v = try file.read(Double.self, at: ds).values
      if v.count == 1 { metrics.append(.init(name: name, value: v[0], units: units(ds))) }
    }
    var patches: [ResultsData.Patch] = []
    if file.kind(of: "/patches/name") == .dataset {
      let pn = try strings("/patches/name")
      let heat = try doubles("/patches/heat_in", count: pn.count)
      patches = zip(pn, heat).map { .init(name: $0, heatIn: $1) }
    }
    var geometry: ResultsData.Geometry?
    var temperature: [Double]?
    if file.kind(of: "/geometry") == .group {
      let kind = (try? file.stringAttribute("kind", of: "/geometry")) ?? "rectilinear"
      if kind == "unstructured" {
        let p = try doubles("/geometry/points")
        guard p.count % 3 == 0 else { throw fail("/geometry/points", "[np][3] coordinates", "\(p.count) values") }
        let points = stride(from: 0, to: p.count, by: 3).map { SIMD3(p[$0], p[$0 + 1], p[$0 + 2]) }
        let topo = try int64s("/geometry/xdmf_topology")
        var cells: [[Int]] = []
        var i = 0
        let sizes: [Int64: Int] = [6: 4, 7: 5, 8: 6, 9: 8]
        while i < topo.count {
          guard let k = sizes[topo[i]], i + k < topo.count else {
            throw fail("/geometry/xdmf_topology", "XDMF cell types 6, 7, 8, 9 each followed by its points",
                       "\(topo[i]) at entry \(i)")
          }
          let ids = topo[(i + 1)...(i + k)].map { Int($0) }
          guard ids.allSatisfy({ $0 >= 0 && $0 < points.count }) else {
            throw fail("/geometry/xdmf_topology", "point indices below \(points.count)", "cell \(cells.count) out of range")
          }
          cells.append(ids)
          i += k + 1
        }
        geometry = .unstructured(points: points, cells: cells)
      } else {
        geometry = .rectilinear(x: try doubles("/geometry/x"), y: try doubles("/geometry/y"), z: try doubles("/geometry/z"))
      }
      temperature = try doubles("/fields/temperature", count: geometry!.cellCount)
    }
    var series: ResultsData.Series?
    if file.kind(of: "/series") == .group {
      let time = try doubles("/series/time")
      let sn = try strings("/series/components/name")
      let st = try doubles("/series/components/max_temperature", count: time.count * sn.count)
      series = .init(time: time, componentNames: sn, componentMaxTemperature: st)
    }
    return ResultsData(file: path, softwareVersion: rootString("software_version"), caseText: rootString("case_text"),
                       components: components, metrics: metrics, patches: patches, geometry: geometry,
                       temperature: temperature, series: series)
  }
}
