import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import RackTwinIO
import XCTest

/// A fresh temporary directory, removed when the test ends.
func temporaryDirectory(_ test: XCTestCase) throws -> URL {
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent("racktwin-report-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  test.addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
  return dir
}

/// Parses `text` as XML; nil when it parses, else the parser's error. The report's page is well-formed XML.
func xmlParseError(_ text: String) -> String? {
  let parser = XMLParser(data: Data(text.utf8))
  parser.shouldResolveExternalEntities = false
  return parser.parse() ? nil : (parser.parserError.map { "\($0)" } ?? "unknown") + " at line \(parser.lineNumber)"
}

/// Every `<svg …>…</svg>` element of the page, in order.
func svgElements(_ html: String) -> [String] {
  var out: [String] = []
  var rest = html[...]
  while let start = rest.range(of: "<svg "), let end = rest.range(of: "</svg>", range: start.upperBound..<rest.endIndex) {
    out.append(String(rest[start.lowerBound..<end.upperBound]))
    rest = rest[end.upperBound...]
  }
  return out
}

/// The values of attribute `attribute` on elements whose class is exactly `cssClass`, in page order.
func attributeValues(_ html: String, cssClass: String, attribute: String) -> [String] {
  let pattern = "class=\"\(cssClass)\" \(attribute)=\"([^\"]*)\""
  let re = try! NSRegularExpression(pattern: pattern)
  return re.matches(in: html, range: NSRange(html.startIndex..., in: html)).map {
    String(html[Range($0.range(at: 1), in: html)!])
  }
}

/// A sweep file as `racktwin sweep` writes it (docs/sweep-format.md), from columns.
struct SweepFixture {
  var axes: [(name: String, units: String, values: [Double])]
  var outputs: [(name: String, units: String, values: [Double])]
  var status: [Int8]
  var objectives: String?
  var pareto: [Int64] = []

  func write(to path: String) throws {
    let n = status.count
    let f = try HDF5File.create(at: path)
    try f.setAttribute("format", to: "racktwin.sweep", on: "/")
    try f.setAttribute("version", to: Int64(1), on: "/")
    try f.setAttribute("software_version", to: "0.1.0", on: "/")
    try f.setAttribute("case_text", to: "# A test case for the report\nmesh: mesh.h5\n", on: "/")
    try f.setAttribute("sweep_text", to: "base: case.yaml\n", on: "/")
    try f.createGroup("/sweep/axes")
    try f.createGroup("/sweep/points")
    try f.setAttribute("axis_columns", to: axes.map(\.name).joined(separator: "\n"), on: "/sweep/points")
    try f.setAttribute("output_columns", to: outputs.map(\.name).joined(separator: "\n"), on: "/sweep/points")
    try f.write((0..<n).map(Int64.init), shape: [n], to: "/sweep/points/index", units: "1")
    for a in axes {
      try f.write(a.values, shape: [n], to: "/sweep/points/\(a.name)", units: a.units)
      let distinct = a.values.reduce(into: [Double]()) { if !$0.contains($1) { $0.append($1) } }
      try f.write(distinct, shape: [distinct.count], to: "/sweep/axes/\(a.name)", units: a.units)
    }
    for o in outputs { try f.write(o.values, shape: [n], to: "/sweep/points/\(o.name)", units: o.units) }
    try f.write(status, shape: [n], to: "/sweep/points/status", units: "1")
    try f.writeStrings(status.map { $0 == 0 ? "" : "error: a failed point" }, to: "/sweep/points/message")
    try f.write(pareto, shape: [pareto.count], to: "/sweep/pareto", units: "1")
    try f.setAttribute("objectives", to: objectives ?? "", on: "/sweep/pareto")
    try f.close()
  }
}

/// The points no other ok point dominates (at least as good in both, better in one), by brute force: the test's own
/// reference for the report's front.
func bruteForceFront(_ a: [Double], minimizeA: Bool, _ b: [Double], minimizeB: Bool, ok: [Bool]) -> Set<Int> {
  var front = Set<Int>()
  for i in a.indices where ok[i] && a[i].isFinite && b[i].isFinite {
    var dominated = false
    for j in a.indices where j != i && ok[j] && a[j].isFinite && b[j].isFinite {
      let aBetterOrEqual = minimizeA ? a[j] <= a[i] : a[j] >= a[i]
      let bBetterOrEqual = minimizeB ? b[j] <= b[i] : b[j] >= b[i]
      if aBetterOrEqual && bBetterOrEqual && (a[j] != a[i] || b[j] != b[i]) { dominated = true }
    }
    if !dominated { front.insert(i) }
  }
  return front
}
