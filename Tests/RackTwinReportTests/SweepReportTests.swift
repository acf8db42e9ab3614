import Foundation
import RackTwinIO
@testable import RackTwinReport
import XCTest

final class SweepReportTests: XCTestCase {
  /// 4 flows × 3 supply temperatures = 12 points, one failed. PUE falls and β falls with supply temperature and
  /// flow in a way that leaves a front of several points; a deterministic scramble breaks the regularity.
  func fixture(objectives: String?) -> SweepFixture {
    var flow: [Double] = [], supply: [Double] = [], pue: [Double] = [], beta: [Double] = [], risk: [Double] = []
    var tmax: [Double] = [], pump: [Double] = [], status: [Int8] = []
    for (k, s) in [30.0, 35, 40].enumerated() {
      for (m, q) in [1.0, 1.5, 2.0, 2.5].enumerated() {
        let i = k * 4 + m
        let wobble = Double((i * 7919) % 13) / 13 - 0.5
        flow.append(q)
        supply.append(s)
        let p = 0.02 * q * q * q
        pump.append(p)
        pue.append(1.10 - 0.004 * (s - 30) + 0.01 * p + 0.003 * wobble)
        let t = s + 12 + 30 / q
        tmax.append(t)
        beta.append((90 - t) / 3 + 0.4 * wobble)
        risk.append(0)
        status.append(i == 5 ? 2 : 0)
      }
    }
    for i in status.indices where status[i] != 0 {
      pue[i] = .nan; beta[i] = .nan; tmax[i] = .nan; pump[i] = .nan; risk[i] = .nan
    }
    return SweepFixture(
      axes: [("network.elements.tcs.flow", "L/min", flow), ("facility.supplyTemperature", "degC", supply)],
      outputs: [("pue", "1", pue), ("reliability_index", "1", beta), ("hotspot_risk", "1", risk),
                ("max_temperature", "degC", tmax), ("pump_power", "W", pump)],
      status: status, objectives: objectives)
  }

  /// The page parses as XML, has one SVG per plot (objectives, max temperature, pump power), and marks exactly the
  /// Pareto front of PUE (minimise) and β (maximise) that brute-force dominance over the ok points gives.
  func testSweepReportHasThreePlotsAndExactlyTheBruteForceFront() throws {
    let dir = try temporaryDirectory(self)
    var fx = fixture(objectives: "pue:minimize, reliability_index:maximize")
    let pue = fx.outputs[0].values, beta = fx.outputs[1].values
    let front = bruteForceFront(pue, minimizeA: true, beta, minimizeB: false, ok: fx.status.map { $0 == 0 })
    XCTAssertGreaterThanOrEqual(front.count, 3, "the fixture should have a front of several points")
    XCTAssertFalse(front.contains(5), "the failed point is never on the front")
    fx.pareto = front.sorted().map(Int64.init)
    let path = dir.appendingPathComponent("sweep.h5").path
    try fx.write(to: path)
    let html = try HTMLReport.html(forFileAt: path, options: ReportOptions(date: Date(timeIntervalSince1970: 0)))
    XCTAssertNil(xmlParseError(html))
    let svgs = svgElements(html)
    XCTAssertEqual(svgs.count, 3)
    for s in svgs { XCTAssertNil(xmlParseError(s)) }
    XCTAssertTrue(svgs[0].contains("id=\"sweep-objectives\""))
    XCTAssertTrue(svgs[1].contains("id=\"sweep-max-temperature\""))
    XCTAssertTrue(svgs[2].contains("id=\"sweep-pump-power\""))
    let marked = attributeValues(html, cssClass: "pareto-point", attribute: "data-index").compactMap(Int.init)
    XCTAssertEqual(Set(marked), front)
    XCTAssertEqual(marked.count, front.count, "each front point marked once")
    // Axis titles carry units; the PUE plot is coloured by the flow axis in L/min.
    XCTAssertTrue(svgs[0].contains(">reliability_index<") && svgs[0].contains(">pue<"))
    XCTAssertTrue(svgs[0].contains("flow [L/min]"))
    XCTAssertTrue(svgs[1].contains("max_temperature [°C]") && svgs[1].contains("network.elements.tcs.flow [L/min]"))
    // One line per supply temperature: 3 polylines, each through the ok points at that temperature.
    XCTAssertEqual(svgs[1].components(separatedBy: "<polyline class=\"series\"").count - 1, 3)
    XCTAssertTrue(svgs[1].contains("supplyTemperature 30 °C"))
    // Pump power does not depend on the supply here: 30 and 40 °C coincide and are one line; 35 °C lost a point
    // (the failed one), so it stays a line of its own.
    XCTAssertEqual(seriesTitles(svgs[2]), ["supplyTemperature 30 = 40 °C", "supplyTemperature 35 °C"])
    XCTAssertFalse(html.contains("differs from the front recomputed here"))
    // The table: 12 rows, the front's rows starred, units in the headers, the failed row greyed.
    XCTAssertEqual(html.components(separatedBy: "<tr class=\"pareto\">").count - 1, front.count)
    XCTAssertEqual(html.components(separatedBy: "<tr class=\"failed\">").count - 1, 1)
    XCTAssertTrue(html.contains("<th>facility.supplyTemperature [°C]</th>"))
    XCTAssertTrue(html.contains("<th>pump_power [W]</th>"))
  }

  /// The `<title>` of each line (`polyline class="series"`) of a plot, in order.
  func seriesTitles(_ svg: String) -> [String] {
    let re = try! NSRegularExpression(pattern: "<polyline class=\"series\"[^>]*><title>([^<]*)</title>")
    return re.matches(in: svg, range: NSRange(svg.startIndex..., in: svg)).map {
      String(svg[Range($0.range(at: 1), in: svg)!])
    }
  }

  /// Lines that coincide (pump power at supply temperatures that do not change it) are drawn once, named with every
  /// supply temperature and explained in a note; lines that differ by more than 1 % of the axis span stay apart,
  /// and the maximum temperature (5 K apart per supply step) keeps its three lines.
  func testCoincidentLinesAreDrawnOnceAndNamed() throws {
    let dir = try temporaryDirectory(self)
    var fx = fixture(objectives: "pue:minimize, reliability_index:maximize")
    fx.status = fx.status.map { _ in 0 }
    let flow = fx.axes[0].values, supply = fx.axes[1].values
    fx.outputs[3].values = zip(flow, supply).map { q, s in s + 12 + 30 / q }
    fx.outputs[4].values = flow.map { 0.02 * $0 * $0 * $0 }
    fx.outputs[0].values = fx.outputs[0].values.map { $0.isNaN ? 1.1 : $0 }
    fx.outputs[1].values = fx.outputs[1].values.map { $0.isNaN ? 10 : $0 }
    let path = dir.appendingPathComponent("same.h5").path
    try fx.write(to: path)
    var html = try HTMLReport.html(forFileAt: path, options: ReportOptions())
    XCTAssertNil(xmlParseError(html))
    var svgs = svgElements(html)
    XCTAssertEqual(seriesTitles(svgs[2]), ["supplyTemperature 30 = 35 = 40 °C"])
    XCTAssertEqual(seriesTitles(svgs[1]).count, 3)
    XCTAssertTrue(html.contains("3 lines coincide (every point within 1 % of the axis span) and are drawn as one"))
    // Each marker of the merged line names the other lines' points at its flow (index 4 is 35 °C at 1 L/min).
    XCTAssertTrue(svgs[2].contains("; supplyTemperature 35 °C: point 4, pump_power = "), svgs[2])
    // The merged name is longer than a legend line: it wraps at a space, whole in the tooltip.
    XCTAssertTrue(svgs[2].contains(">supplyTemperature 30 = 35<title>") && svgs[2].contains(">= 40 °C<title>"), svgs[2])
    // 40 °C's pump power 3 % of the span above the others (the span is 0.02·(2.5³ − 1) = 0.2925 W): its own line.
    fx.outputs[4].values = zip(flow, supply).map { q, s in 0.02 * q * q * q + (s == 40 ? 0.03 * 0.2925 : 0) }
    let apart = dir.appendingPathComponent("apart.h5").path
    try fx.write(to: apart)
    html = try HTMLReport.html(forFileAt: apart, options: ReportOptions())
    svgs = svgElements(html)
    XCTAssertEqual(seriesTitles(svgs[2]), ["supplyTemperature 30 = 35 °C", "supplyTemperature 40 °C"])
    // 0.5 % of the span (2 px): still one line.
    fx.outputs[4].values = zip(flow, supply).map { q, s in 0.02 * q * q * q + (s == 40 ? 0.005 * 0.2925 : 0) }
    let close = dir.appendingPathComponent("close.h5").path
    try fx.write(to: close)
    html = try HTMLReport.html(forFileAt: close, options: ReportOptions())
    XCTAssertEqual(seriesTitles(svgElements(html)[2]), ["supplyTemperature 30 = 35 = 40 °C"])
  }

  /// Without stored objectives the report takes its documented default pair (PUE against β) and computes the front.
  func testDefaultObjectivesWhenTheFileStoresNone() throws {
    let dir = try temporaryDirectory(self)
    let fx = fixture(objectives: nil)
    let path = dir.appendingPathComponent("sweep.h5").path
    try fx.write(to: path)
    let html = try HTMLReport.html(forFileAt: path, options: ReportOptions())
    let front = bruteForceFront(fx.outputs[0].values, minimizeA: true, fx.outputs[1].values, minimizeB: false,
                                ok: fx.status.map { $0 == 0 })
    XCTAssertEqual(Set(attributeValues(html, cssClass: "pareto-point", attribute: "data-index").compactMap(Int.init)), front)
    XCTAssertTrue(html.contains("the report&apos;s default pair") || html.contains("the report's default pair"))
  }

  /// Flow from an output in m³/s (`loop_flow`, a network sweep over pump speed): drawn in L/min (× 60,000), so the
  /// axis runs over 1 … 2.5 L/min, not 1.7e-5 … 4.2e-5.
  func testFlowOutputInCubicMetresPerSecondIsShownInLitresPerMinute() throws {
    let dir = try temporaryDirectory(self)
    var fx = fixture(objectives: "pue:minimize, reliability_index:maximize")
    let flow = fx.axes.removeFirst()
    fx.axes.insert(("network.elements.pump.speed", "SI", flow.values.map { $0 / 2 }), at: 0)
    fx.outputs.append(("loop_flow", "m^3/s", flow.values.map { $0 / 60_000 }))
    let path = dir.appendingPathComponent("speed.h5").path
    try fx.write(to: path)
    let html = try HTMLReport.html(forFileAt: path, options: ReportOptions())
    let svgs = svgElements(html)
    XCTAssertEqual(svgs.count, 3)
    XCTAssertTrue(svgs[1].contains(">loop_flow [L/min]<"))
    XCTAssertTrue(svgs[1].contains(">2.5<") && svgs[1].contains(">1.0<"), svgs[1])
    // Pump speed sets the flow: it is not a line of its own, so one line per supply temperature remains.
    XCTAssertEqual(svgs[1].components(separatedBy: "<polyline class=\"series\"").count - 1, 3)
    XCTAssertTrue(html.contains("<th>loop_flow [L/min]</th>"))
  }

  /// A sweep without a flow column (the GPU stack's: h, ambient, power) draws the objectives only and says why the
  /// flow plots are missing; without any objective column, no plot at all, and no crash.
  func testMissingColumnsOmitPlotsWithAReason() throws {
    let dir = try temporaryDirectory(self)
    var fx = fixture(objectives: "pue:minimize, reliability_index:maximize")
    fx.axes.removeFirst()
    let path = dir.appendingPathComponent("noflow.h5").path
    try fx.write(to: path)
    let html = try HTMLReport.html(forFileAt: path, options: ReportOptions())
    XCTAssertNil(xmlParseError(html))
    XCTAssertEqual(svgElements(html).count, 1)
    XCTAssertEqual(html.components(separatedBy: "Not drawn: the sweep has no flow column").count - 1, 2)
    fx.outputs = [("power", "W", fx.outputs[0].values)]
    fx.objectives = nil
    try fx.write(to: path)
    let bare = try HTMLReport.html(forFileAt: path, options: ReportOptions())
    XCTAssertNil(xmlParseError(bare))
    XCTAssertEqual(svgElements(bare).count, 0)
    XCTAssertTrue(bare.contains("Not drawn: the sweep has no objectives stored"))
  }
}
