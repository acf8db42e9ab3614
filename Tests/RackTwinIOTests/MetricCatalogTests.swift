import XCTest
import RackTwinIO

final class MetricCatalogTests: XCTestCase {
  /// docs/file-formats.md documents every metric and per-item column with the catalogue's unit, and nothing else.
  func testFileFormatsPageListsEveryMetricWithItsUnit() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let text = try String(contentsOf: root.appendingPathComponent("docs/file-formats.md"), encoding: .utf8)
    let rows = text.split(separator: "\n").filter { $0.hasPrefix("| `") }
    for m in MetricCatalog.all {
      XCTAssertTrue(rows.contains { $0.hasPrefix("| `\(m.name)` | \(m.units) |") }, "docs/file-formats.md lacks \(m.name) (\(m.units))")
    }
    for c in MetricCatalog.itemColumns {
      let name = "\(c.table).<name>.\(c.field)"
      XCTAssertTrue(rows.contains { $0.hasPrefix("| `\(name)` | \(c.units) |") }, "docs/file-formats.md lacks \(name) (\(c.units))")
    }
  }

  func testNamesAreUniqueAndOutputColumnsAreRecognised() {
    XCTAssertEqual(Set(MetricCatalog.all.map(\.name)).count, MetricCatalog.all.count)
    XCTAssertTrue(MetricCatalog.isOutputColumn("components.gpu0.max_temperature"))
    XCTAssertTrue(MetricCatalog.isOutputColumn("components.tray/gpu.2.margin"))
    XCTAssertTrue(MetricCatalog.isOutputColumn("patches.zmax.heat_in"))
    XCTAssertFalse(MetricCatalog.isOutputColumn("components..margin"))
    XCTAssertFalse(MetricCatalog.isOutputColumn("maximum_temperature"))
    XCTAssertEqual(MetricCatalog.metric("power", 5).units, "W")
    XCTAssertEqual(MetricCatalog.timingNames, ["risk_time", "annual_time", "assembly_time", "setup_time", "solve_time"])
  }
}
