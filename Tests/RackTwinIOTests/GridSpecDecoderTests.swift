import RackTwinMesh
import XCTest
import RackTwinIO

final class GridSpecDecoderTests: XCTestCase {
  static let example = """
    domain: {min: [0, 0, 0], max: ["100 mm", "100 mm", "12 mm"]}
    cells:
      x: {maxSize: "2 mm", minSize: "0.25 mm", grading: 1.25, minPerLayer: 1}
      y: {maxSize: "2 mm", minSize: "0.25 mm", grading: 1.25}
      z: {maxSize: "0.5 mm", minSize: "0.05 mm", grading: 1.3, minPerLayer: 2}
    regions:
      board: {material: fr4, kind: solid, component: board}
      die: {material: silicon}
    boxes:
      - {region: board, min: [0, 0, 0], max: ["100 mm", "100 mm", "1.6 mm"]}
      - {region: die, min: ["40 mm", "40 mm", "1.6 mm"], max: ["60 mm", "60 mm", "2.4 mm"]}
    """

  func error(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> CaseError? {
    do {
      _ = try GridSpecDecoder.decode(text: text, path: "spec.yaml")
      XCTFail("no error", file: file, line: line)
    } catch {
      return error as? CaseError
    }
    return nil
  }

  func testExampleDecodes() throws {
    let g = try GridSpecDecoder.decode(text: Self.example, path: "spec.yaml")
    XCTAssertEqual(g.domainMin, SIMD3(0, 0, 0))
    XCTAssertEqual(g.domainMax.x, 0.1, accuracy: 1e-15)
    XCTAssertEqual(g.domainMax.z, 0.012, accuracy: 1e-15)
    XCTAssertEqual(g.axes.count, 3)
    XCTAssertEqual(g.axes[0].maxCellSize, 2e-3, accuracy: 1e-15)
    XCTAssertEqual(g.axes[0].minCellSize ?? 0, 2.5e-4, accuracy: 1e-15)
    XCTAssertEqual(g.axes[0].grading, 1.25)
    XCTAssertEqual(g.axes[1].minCellsPerLayer, 1)
    XCTAssertEqual(g.axes[2].minCellsPerLayer, 2)
    XCTAssertEqual(g.axes[2].grading, 1.3)
    XCTAssertEqual(g.regions, [
      RegionInfo(name: "board", id: 1, kind: .solid, material: "fr4", component: "board"),
      RegionInfo(name: "die", id: 2, material: "silicon"),
    ])
    XCTAssertEqual(g.boxes.map(\.region), ["board", "die"])
    XCTAssertEqual(g.boxes[1].max.z, 2.4e-3, accuracy: 1e-15)
  }

  func testAllAxesAndExplicitIDs() throws {
    let g = try GridSpecDecoder.decode(text: """
      domain: {min: [0, 0, 0], max: [1, 1, 1]}
      cells:
        all: {maxSize: 0.1, grading: 1.1}
        z: {maxSize: 0.05}
      regions:
        a: {material: copper}
        b: {material: water, kind: fluid, id: 1}
      """, path: "spec.yaml")
    XCTAssertEqual(g.axes.map(\.maxCellSize), [0.1, 0.1, 0.05])
    XCTAssertEqual(g.axes.map(\.grading), [1.1, 1.1, 1.1])
    XCTAssertEqual(g.regions.map(\.id), [2, 1])
    XCTAssertEqual(g.regions[1].kind, .fluid)
    XCTAssertTrue(g.boxes.isEmpty)
  }

  static func spec(cells: String = "all: {maxSize: 0.1}", boxes: String) -> String {
    """
    domain: {min: [0, 0, 0], max: [1, 1, 1]}
    cells: {\(cells)}
    regions:
      board: {material: fr4}
    boxes:
      \(boxes)
    """
  }

  func testErrors() {
    let outside = error(Self.spec(boxes: "- {region: board, min: [0, 0, 0], max: [2, 1, 1]}"))
    XCTAssertEqual(outside?.keyPath, "boxes.0.max")
    XCTAssertEqual(outside?.line, 6)
    XCTAssertEqual(error(Self.spec(boxes: "- {region: board, min: [0, 0.5, 0], max: [1, 0.5, 1]}"))?.keyPath, "boxes.0.max")
    let unknown = error(Self.spec(boxes: "- {region: bord, min: [0, 0, 0], max: [1, 1, 1]}"))
    XCTAssertEqual(unknown?.keyPath, "boxes.0.region")
    XCTAssertEqual(unknown?.suggestion, "board")
    let box = "- {region: board, min: [0, 0, 0], max: [1, 1, 1]}"
    XCTAssertEqual(error(Self.spec(cells: "all: {maxSize: 0}", boxes: box))?.keyPath, "cells.all.maxSize")
    XCTAssertEqual(error(Self.spec(cells: "all: {maxSize: 0.1, grading: 0.9}", boxes: box))?.keyPath, "cells.all.grading")
    XCTAssertEqual(error(Self.spec(cells: "all: {maxSize: 0.1, minSize: 0.2}", boxes: box))?.keyPath, "cells.all.minSize")
    XCTAssertEqual(error(Self.spec(cells: "x: {maxSize: 0.1}", boxes: box))?.keyPath, "cells.y.maxSize")
    XCTAssertEqual(error(Self.spec(cells: "all: {maxSise: 0.1}", boxes: box))?.suggestion, "maxSize")
  }
}
