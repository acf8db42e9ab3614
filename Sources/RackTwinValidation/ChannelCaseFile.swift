import Foundation
import RackTwinCooling
import RackTwinIO
import Yams

/// The channel file of a straight-channel validation case (`channel:` in `reference.yaml`, docs/validation.md): 3-D
/// conjugate solves of long straight channels (`StraightChannelSolve`), each run read for its fully developed fRe and
/// Nusselt number.
///
/// ```yaml
/// runs:
///   square-H1: {section: rectangle, aspectRatio: 1, cellsAcross: 20, heating: H1}
///   circle-H: {section: circle, rings: 12, sectors: 48, heating: H1, peclet: 2, length: 8, axialCells: 32}
/// ```
/// `length` is in hydraulic diameters; `peclet`, `length` and `axialCells` default as `StraightChannelSolve` says.
public enum ChannelCaseFile {
  static let runKeys = ["section", "aspectRatio", "cellsAcross", "rings", "sectors", "heating", "peclet", "length",
                        "axialCells"]

  /// The runs of the file at `path`, by name, not yet solved. Errors are `CaseError`s naming the file and key.
  public static func runs(contentsOf path: String) throws -> [String: StraightChannelSolve] {
    let r = YAMLInput.Reader(file: path)
    let top = try r.fields(r.compose(YAMLInput.readText(path)), "", allowed: ["runs"])
    let runFields = try r.fields(r.required(top, "runs", expected: "a mapping of runs"), "runs", allowed: nil)
    var runs: [String: StraightChannelSolve] = [:]
    for (name, _, node) in runFields.entries {
      let f = try r.fields(node, runFields.path(name), allowed: runKeys)
      let kind = try r.string(r.required(f, "section", expected: "rectangle or circle"), f.path("section"))
      let section: StraightChannelSolve.Section
      switch kind {
      case "rectangle":
        let alpha = try r.positive(r.required(f, "aspectRatio", expected: "the aspect ratio α ≤ 1"),
                                   f.path("aspectRatio"), .dimensionless)
        guard alpha <= 1 else { throw r.fail(f.path("aspectRatio"), f["aspectRatio"], expected: "0 < α ≤ 1") }
        let n = try r.integer(r.required(f, "cellsAcross", expected: "cells across the short side"),
                              f.path("cellsAcross"), atLeast: 2)
        section = .rectangle(aspectRatio: alpha, cellsAcrossShortSide: n)
      case "circle":
        let rings = try r.integer(r.required(f, "rings", expected: "cells from the axis to the wall"), f.path("rings"),
                                  atLeast: 2)
        let sectors = try r.integer(r.required(f, "sectors", expected: "cells around"), f.path("sectors"), atLeast: 8)
        section = .circle(rings: rings, sectors: sectors)
      default:
        throw r.fail(f.path("section"), f["section"], expected: "one of [rectangle, circle]")
      }
      let heating = try r.choice(r.required(f, "heating", expected: "H1 or T"), f.path("heating"),
                                 StraightChannelSolve.Heating.allCases)
      var run = StraightChannelSolve(section: section, heating: heating)
      if let n = f["peclet"] { run.peclet = try r.positive(n, f.path("peclet"), .dimensionless) }
      if let n = f["length"] { run.lengthInDiameters = try r.positive(n, f.path("length"), .dimensionless) }
      if let n = f["axialCells"] { run.axialCells = try r.integer(n, f.path("axialCells"), atLeast: 4) }
      runs[name] = run
    }
    return runs
  }

  /// The values of a channel case: each quantity a `channel` selector on a run of the channel file; each run is
  /// solved once. Returns the values and the cell count of each run solved.
  static func values(_ ref: ValidationReference, channel: String) throws -> (values: [Double], cells: [Int]) {
    let runs = try runs(contentsOf: channel)
    var results: [String: StraightChannelSolve.Result] = [:]
    var cells: [Int] = []
    var values: [Double] = []
    for (i, q) in ref.quantities.enumerated() {
      guard case .channel(let name, let value) = q.selector else {
        throw CaseError(file: ref.path, keyPath: "quantities.\(i)", expected: "a channel selector in a channel case",
                        found: "\(q.selector)")
      }
      guard let run = runs[name] else {
        let names = runs.keys.sorted()
        let suggestion = NearestKey.suggestion(for: name, among: names)
        throw CaseError(file: ref.path, keyPath: "quantities.\(i).channel.run",
                        expected: "a run of \(channel), " + NearestKey.expectedOneOf(names, suggestion: suggestion),
                        found: "\"\(name)\"", suggestion: suggestion)
      }
      if results[name] == nil {
        let result = try run.run()
        results[name] = result
        cells.append(result.cellCount)
      }
      values.append(value == "fRe" ? results[name]!.fanningFRe : results[name]!.nusselt)
    }
    return (values, cells)
  }
}
