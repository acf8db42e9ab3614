import Foundation
import RackTwinIO
import RackTwinMesh
@testable import RackTwinReport
import XCTest

final class ResultsReportTests: XCTestCase {
  /// A 4 × 3 × 2 grid of 1 mm cells, T = 30 + i + 10 j + 100 k °C, cell (0, 0, 1) void; a chip over its limit and a
  /// board without one; 10 W to the liquid and 2.5 W through zmax out of 12.5 W.
  func writeBox(to path: String, series: ResultsDocument.Series? = nil) throws {
    let mm = 0.001
    var region = [Int32](repeating: 1, count: 24)
    region[12] = 0
    let grid = RectilinearGrid(x: (0...4).map { Double($0) * mm }, y: (0...3).map { Double($0) * mm },
                               z: (0...2).map { Double($0) * mm }, region: region)
    let mesh = MeshDefinition(geometry: .rectilinear(grid), regions: [RegionInfo(name: "block", id: 1, material: "copper")])
    var t: [Double] = []
    for k in 0..<2 { for j in 0..<3 { for i in 0..<4 { t.append(30 + Double(i) + 10 * Double(j) + 100 * Double(k)) } } }
    t[12] = .nan
    var doc = ResultsDocument(
      caseText: "# The report's test box\nmesh: box.h5\n", meshSHA256: "", softwareVersion: "0.1.0", mesh: mesh,
      fields: [.init(name: "temperature", values: t, units: "degC")],
      components: [
        .init(name: "chip", power: 12.5, maxTemperatureC: 133, meanTemperatureC: 81.25, limitC: 120, margin: -13, hottestCell: 23),
        .init(name: "board", power: 0, maxTemperatureC: 53, meanTemperatureC: 41.5, limitC: .nan, margin: .nan, hottestCell: 11),
      ],
      metrics: [.init(name: "power", value: 12.5, units: "W"), .init(name: "max_temperature", value: 133, units: "degC"),
                .init(name: "heat_to_air", value: 2.5, units: "W"), .init(name: "heat_to_liquid", value: 10, units: "W"),
                .init(name: "energy_balance_error", value: 1e-12, units: "W")])
    doc.patches = [.init(name: "zmax", heatIn: -2.5, area: 1.2e-5, meanTemperatureC: 140)]
    doc.series = series
    try ResultsWriter.write(doc, to: path)
  }

  /// The number of cells the map's caption says the plane cuts.
  func mapCellCount(_ html: String) -> Int {
    let re = try! NSRegularExpression(pattern: "; ([0-9]+) cells cut")
    guard let m = re.firstMatch(in: html, range: NSRange(html.startIndex..., in: html)) else { return -1 }
    return Int(html[Range(m.range(at: 1), in: html)!])!
  }

  /// The component table holds the file's numbers (°C, K, W to two decimals; – without a limit; the chip's row marked
  /// over its limit), the heat split gives W and % of the power, and the default map is the layer of the hottest
  /// component's hottest cell (z = 1.5 mm: 12 cells, one void).
  func testSolveReportHasComponentTableHeatSplitAndHottestSlice() throws {
    let dir = try temporaryDirectory(self)
    let path = dir.appendingPathComponent("box.h5").path
    try writeBox(to: path)
    let html = try HTMLReport.html(forFileAt: path, options: ReportOptions(title: "Box <test>"))
    XCTAssertNil(xmlParseError(html))
    XCTAssertTrue(html.contains("<title>Box &lt;test&gt;</title>"))
    XCTAssertTrue(html.contains("<tr class=\"over\"><td>chip</td><td>12.50</td><td>133.00</td><td>81.25</td><td>120.00</td><td>-13.00</td></tr>"))
    XCTAssertTrue(html.contains("<tr><td>board</td><td>0.00</td><td>53.00</td><td>41.50</td><td>–</td><td>–</td></tr>"))
    XCTAssertTrue(html.contains("<td>to the liquid (coolant streams)</td><td>10.00</td><td>80.0</td>"))
    XCTAssertTrue(html.contains("<td>to air and boundaries (net, all patches)</td><td>2.50</td><td>20.0</td>"))
    XCTAssertTrue(html.contains("through patch zmax (out)</td><td>2.50</td>"))
    XCTAssertEqual(svgElements(html).count, 1)
    XCTAssertTrue(html.contains("z = 1.5 mm, through the hottest cell of chip, 133 °C"), html)
    XCTAssertEqual(mapCellCount(html), 11)
    // A chosen slice through the lower layer: all 12 cells; outside the mesh: an error naming --slice.
    let low = try HTMLReport.html(forFileAt: path, options: ReportOptions(slice: SliceSpec(parsing: "z=0.5 mm")))
    XCTAssertEqual(mapCellCount(low), 12)
    XCTAssertThrowsError(try HTMLReport.html(forFileAt: path, options: ReportOptions(slice: SliceSpec(axis: 2, value: 0.01)))) {
      XCTAssertEqual(($0 as? ReportError)?.location, "--slice")
    }
    // A vertical slice x = 2.5 mm: the 3 × 2 cells of column i = 2 (none void).
    let side = try HTMLReport.html(forFileAt: path, options: ReportOptions(slice: SliceSpec(axis: 0, value: 0.0025)))
    XCTAssertEqual(mapCellCount(side), 6)
  }

  /// A transient report draws each component's maximum against time, one polyline per component, a marker per step.
  func testTransientReportHasTheSeries() throws {
    let dir = try temporaryDirectory(self)
    let path = dir.appendingPathComponent("t.h5").path
    let series = ResultsDocument.Series(
      time: [0, 1, 2, 3], componentNames: ["chip", "board"],
      componentMaxTemperatureC: [30, 30, 40, 32, 45, 33, 47.5, 34], componentPower: [Double](repeating: 1, count: 8),
      probeNames: [], probeTemperatureC: [], energyBalanceRelative: [0, 0, 0, 0], snapshotTimes: [])
    try writeBox(to: path, series: series)
    let html = try HTMLReport.html(forFileAt: path, options: ReportOptions())
    XCTAssertNil(xmlParseError(html))
    let svgs = svgElements(html)
    XCTAssertEqual(svgs.count, 2)
    let plot = try XCTUnwrap(svgs.first { $0.contains("id=\"transient-series\"") })
    XCTAssertTrue(plot.contains("time [s]") && plot.contains("max temperature [°C]"))
    // Two components plus the chip's limit line.
    XCTAssertEqual(plot.components(separatedBy: "<polyline class=\"series\"").count - 1, 3)
    XCTAssertEqual(plot.components(separatedBy: "class=\"series-point\"").count - 1, 8)
    XCTAssertTrue(plot.contains("<title>chip: 45 °C at 2 s</title>"))
    XCTAssertTrue(plot.contains("<title>board: 34 °C at 3 s</title>"))
    XCTAssertTrue(html.contains("(transient solve)"))
  }
}
