import Foundation
import RackTwinIO
import RackTwinValidation
import XCTest

/// Channel cases (`channel:` in reference.yaml): 3-D straight-channel solves read for fRe and Nu.
final class ChannelCaseFileTests: XCTestCase {
  func temporaryDirectory() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("racktwin-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
    return dir
  }

  /// A square duct at 10 cells across (4,608 cells): fRe and Nu_H1 within 5 % of Shah & London (1978) Table 44,
  /// 14.227 and 3.608 (the cross-section's discretisation error at 10 across is about 4 × that at 20, which is under
  /// 1 %), the run solved once for both rows, and a deliberately wrong reference fails.
  func testChannelCaseRowsPassAndFail() throws {
    let dir = try temporaryDirectory()
    try "runs:\n  sq: {section: rectangle, aspectRatio: 1, cellsAcross: 10, heating: H1}\n"
      .write(to: dir.appendingPathComponent("channel.yaml"), atomically: true, encoding: .utf8)
    let text = """
      channel: channel.yaml
      quantities:
        - {name: f, channel: {run: sq, value: fRe}, reference: 14.227, kind: published-data, source: s,
           tolerance: {relative: 0.05}, why: coarse}
        - {name: nu, channel: {run: sq, value: nusselt}, reference: 3.608, kind: published-data, source: s,
           tolerance: {relative: 0.05}, why: coarse}
        - {name: wrong, channel: {run: sq, value: nusselt}, reference: 4.5, kind: published-data, source: s,
           tolerance: {relative: 0.05}, why: deliberately off}
      """
    let ref = try ValidationReferenceDecoder.decode(text: text, path: dir.appendingPathComponent("reference.yaml").path)
    let result = try ValidationCaseRunner(reference: ref).run()
    XCTAssertEqual(result.rows.map(\.passed), [true, true, false])
    XCTAssertEqual(result.cellCounts, [12 * 12 * 32])
  }

  /// Bad channel files and selectors name the file and key.
  func testBadChannelFilesNameTheKey() throws {
    let dir = try temporaryDirectory()
    let q = """
      channel: channel.yaml
      quantities:
        - {name: f, channel: {run: sq, value: fRe}, reference: 14.227, kind: published-data, source: s,
           tolerance: {relative: 0.05}, why: w}
      """
    let refPath = dir.appendingPathComponent("reference.yaml").path
    for (file, fragments) in [
      ("runs:\n  sq: {section: ellipse, heating: H1}\n", ["channel.yaml", "runs.sq.section", "rectangle, circle"]),
      ("runs:\n  sq: {section: rectangle, aspectRatio: 2, cellsAcross: 10, heating: H1}\n",
       ["runs.sq.aspectRatio", "0 < α ≤ 1"]),
      ("runs:\n  sq: {section: circle, rings: 8, sectors: 32, heating: H2}\n", ["runs.sq.heating"]),
      ("runs:\n  sq: {section: circle, rings: 8, sectors: 32, heating: H1, pecklet: 3}\n", ["runs.sq", "pecklet"]),
      ("runs:\n  square: {section: circle, rings: 8, sectors: 32, heating: H1}\n",
       ["reference.yaml", "quantities.0.channel.run", "square"]),
    ] {
      try file.write(to: dir.appendingPathComponent("channel.yaml"), atomically: true, encoding: .utf8)
      let ref = try ValidationReferenceDecoder.decode(text: q, path: refPath)
      XCTAssertThrowsError(try ValidationCaseRunner(reference: ref).run()) { error in
        for f in fragments { XCTAssertTrue("\(error)".contains(f), "'\(error)' lacks '\(f)'") }
      }
    }
    XCTAssertThrowsError(try ValidationReferenceDecoder.decode(
      text: q.replacingOccurrences(of: "value: fRe", with: "value: nu"), path: refPath)) { error in
      XCTAssertTrue("\(error)".contains("quantities.0.channel.value"), "\(error)")
    }
  }
}
