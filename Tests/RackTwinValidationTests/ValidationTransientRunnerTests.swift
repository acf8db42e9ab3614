import Foundation
import RackTwinIO
import RackTwinValidation
import XCTest

/// Transient cases, time refinement, split axes and Kuhn meshes in the validation runner.
final class ValidationTransientRunnerTests: XCTestCase {
  func directory() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("racktwin-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
    return dir
  }

  /// T = 300 + 10·x·sin t on a bar (space exact): the probe is read at t = duration, the step halves per level
  /// (`refine: time`), only x is split (`axes`), and BDF2's observed order is ≈ 2.
  func testTransientCaseIsReadAtTheEndAndTimeRefinementMeasuresBDF2() throws {
    let dir = try directory()
    try """
      domain: {min: [0, 0, 0], max: [1, 0.1, 0.1]}
      cells: {x: {maxSize: 0.1}, y: {maxSize: 0.1}, z: {maxSize: 0.1}}
      regions: {bar: {material: bar}}
      boxes: [{region: bar, min: [0, 0, 0], max: [1, 0.1, 0.1]}]
      """.write(to: dir.appendingPathComponent("mesh.yaml"), atomically: true, encoding: .utf8)
    try """
      mesh: mesh.h5
      materials: {bar: {conductivity: 1, density: 1, specificHeat: 1}}
      sources: {mms: {density: "10*x*cos(t)"}}
      boundaries:
        xmin: {type: temperature, value: "300 K"}
        xmax: {type: temperature, value: "300 + 10*sin(t)"}
      probes: {mid: [0.5, 0.05, 0.05]}
      transient: {duration: 2, step: 0.025, initial: "300 K"}
      """.write(to: dir.appendingPathComponent("case.yaml"), atomically: true, encoding: .utf8)
    let text = """
      case: case.yaml
      mesh: mesh.yaml
      convergence: {levels: 3, ratio: 2, refine: time, axes: [x]}
      quantities:
        - {name: mid, probe: mid, reference: "304.5464871341284 K", kind: analytic, source: s, tolerance: {absolute: "1e-5 K"}, why: w, order: {expected: 2, tolerance: 0.15}}
        - {name: x = 1, patchMean: xmax, reference: "309.0929742682568 K", kind: analytic, source: s, tolerance: {absolute: "1e-9 K"}, why: the boundary value at t = 2 s}
      """
    let ref = try ValidationReferenceDecoder.decode(text: text, path: dir.appendingPathComponent("reference.yaml").path)
    XCTAssertEqual(ref.convergence, .init(levels: 3, ratio: 2, refine: .time, axes: [0]))
    let result = try ValidationCaseRunner(reference: ref).run()
    XCTAssertEqual(result.cellCounts, [10, 10, 10], "time refinement keeps the mesh")
    XCTAssertEqual(result.rows.map(\.passed), [true, true, true], "\(result.rows)")
  }

  func testAxesAndRefineAreChecked() {
    let base = "case: c.yaml\nquantities:\n  - {name: a, probe: p, reference: \"1 K\", kind: analytic, source: s, tolerance: {absolute: \"1 K\"}, why: w}\n"
    XCTAssertThrowsError(try ValidationReferenceDecoder.decode(
      text: "convergence: {levels: 2, axes: [x, w]}\n" + base, path: "r.yaml")) { e in
      XCTAssertTrue("\(e)".contains("convergence.axes"), "\(e)")
    }
    XCTAssertThrowsError(try ValidationReferenceDecoder.decode(
      text: "convergence: {levels: 2, refine: tme}\n" + base, path: "r.yaml")) { e in
      XCTAssertTrue("\(e)".contains("time"), "\(e)")
    }
  }

  /// A Kuhn-split spec refines the hexahedra before the split: 6·n³ tetrahedra on each level.
  func testKuhnMeshesAreRefinedBeforeTheSplit() throws {
    let dir = try directory()
    try """
      domain: {min: [0, 0, 0], max: [1, 1, 1]}
      split: kuhn
      cells: {all: {maxSize: 0.5}}
      regions: {cube: {material: copper}}
      boxes: [{region: cube, min: [0, 0, 0], max: [1, 1, 1]}]
      """.write(to: dir.appendingPathComponent("mesh.yaml"), atomically: true, encoding: .utf8)
    try """
      mesh: mesh.h5
      boundaries:
        xmin: {type: temperature, value: "300 + 10*y"}
        xmax: {type: temperature, value: "310 + 10*y"}
        ymin: {type: temperature, value: "300 + 10*x"}
        ymax: {type: temperature, value: "310 + 10*x"}
      """.write(to: dir.appendingPathComponent("case.yaml"), atomically: true, encoding: .utf8)
    let text = """
      case: case.yaml
      mesh: mesh.yaml
      convergence: {levels: 2, ratio: 2}
      quantities:
        - {name: heat, patchHeat: xmin, reference: "-4010 W", kind: analytic, source: s, tolerance: {relative: 1e-4}, why: linear field exact on tetrahedra}
      """
    let ref = try ValidationReferenceDecoder.decode(text: text, path: dir.appendingPathComponent("reference.yaml").path)
    let result = try ValidationCaseRunner(reference: ref).run()
    XCTAssertEqual(result.cellCounts, [48, 384])
    XCTAssertTrue(result.rows.allSatisfy(\.passed), "\(result.rows)")
  }
}
