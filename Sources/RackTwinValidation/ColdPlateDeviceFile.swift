import Foundation
import RackTwinCooling
import RackTwinIO
import Yams

/// The device file of a cold-plate validation case (`device:` in `reference.yaml`, docs/validation.md): datasheets
/// and the curves made from them, evaluated without a mesh.
///
/// ```yaml
/// datasheets:
///   water: {coolant: water, temperature: "40 degC", resistance: [["2 L/min", "0.0172 K/W"], …]}
/// curves:
///   water-fit: {datasheet: water, fit: powerLawWithBase}        # points: [0, 1, 3] fits on those (flow order)
///   pg25-from-water: {from: water-fit, coolant: pg25, temperature: "40 degC", scaling: laminar-graetz}
/// ```
/// A `finPlates:` section (geometry-based plates, fidelities b and c) is read by `FinPlateDevice.plates`.
/// A datasheet's keys are those of the draft `coldPlates.*.datasheet` case keys (docs/case-format.md); the
/// physics is `ColdPlateDatasheet` and `ColdPlateCurve`.
public enum ColdPlateDeviceFile {
  static let datasheetKeys = ["coolant", "temperature", "resistance", "fit"]
  static let curveKeys = ["datasheet", "fit", "points", "from", "coolant", "temperature", "scaling"]
  static let forms: [String: ColdPlateCurve.Form] = [
    "constant": .constant, "powerLaw": .powerLaw, "powerLawWithBase": .powerLawWithBase]

  /// The curves of the file at `path`, by name. Errors are `CaseError`s naming the file and key (a bad datasheet's
  /// physics message, from `CoolingError`, included).
  public static func curves(contentsOf path: String) throws -> [String: ColdPlateCurve] {
    let r = YAMLInput.Reader(file: path)
    let top = try r.fields(r.compose(YAMLInput.readText(path)), "", allowed: ["datasheets", "curves", "finPlates"])
    var sheets: [String: ColdPlateDatasheet] = [:]
    var sheetForms: [String: ColdPlateCurve.Form] = [:]
    let sheetFields = try r.fields(r.required(top, "datasheets", expected: "a mapping of datasheets"), "datasheets",
                                   allowed: nil)
    for (name, _, node) in sheetFields.entries {
      let key = sheetFields.path(name)
      let f = try r.fields(node, key, allowed: datasheetKeys)
      let coolant = try coolantNamed(r.required(f, "coolant", expected: "a coolant name"), f.path("coolant"), r)
      let t = try r.quantity(r.required(f, "temperature", expected: "a temperature"), f.path("temperature"), .temperature)
      let rows = try r.sequence(r.required(f, "resistance", expected: "a list of [flow, R] pairs"),
                                f.path("resistance"), expected: "a list of [flow, R] pairs")
      let points = try rows.enumerated().map { i, row -> ColdPlateDatasheet.Point in
        let p = YAMLInput.join(f.path("resistance"), String(i))
        let pair = try r.sequence(row, p, expected: "a pair [flow, R]")
        guard pair.count == 2 else { throw r.fail(p, row, expected: "a pair [flow, R]") }
        return .init(volumeFlow: try r.quantity(pair[0], YAMLInput.join(p, "0"), .volumeFlow),
                     resistance: try r.quantity(pair[1], YAMLInput.join(p, "1"), .thermalResistance))
      }
      if let fit = f["fit"] { sheetForms[name] = try form(fit, f.path("fit"), r) }
      sheets[name] = try physics(key, node, r) {
        try ColdPlateDatasheet(name: name, coolant: coolant, temperature: t, points: points)
      }
    }
    var curves: [String: ColdPlateCurve] = [:]
    let curveFields = try r.fields(r.required(top, "curves", expected: "a mapping of curves"), "curves", allowed: nil)
    for (name, _, node) in curveFields.entries {
      let key = curveFields.path(name)
      let f = try r.fields(node, key, allowed: curveKeys)
      if let from = f["from"] {
        let source = try r.string(from, f.path("from"))
        guard let base = curves[source] else {
          throw r.fail(f.path("from"), from, expected: "a curve defined above, one of [\(curves.keys.sorted().joined(separator: ", "))]")
        }
        let coolant = try coolantNamed(r.required(f, "coolant", expected: "a coolant name"), f.path("coolant"), r)
        let t = try r.quantity(r.required(f, "temperature", expected: "a temperature"), f.path("temperature"),
                               .temperature)
        let scaling = try f["scaling"].map { try r.choice($0, f.path("scaling"), ColdPlateCurve.FluidScaling.allCases) }
          ?? .laminarGraetz
        curves[name] = try physics(key, node, r) { try base.transferred(to: coolant, temperature: t, scaling: scaling) }
        continue
      }
      let sheetName = try r.string(r.required(f, "datasheet", expected: "a datasheet name or `from`"),
                                   f.path("datasheet"))
      guard var sheet = sheets[sheetName] else {
        throw r.fail(f.path("datasheet"), f["datasheet"],
                     expected: "a datasheet, one of [\(sheets.keys.sorted().joined(separator: ", "))]")
      }
      if let n = f["points"] {
        let indices = try r.sequence(n, f.path("points"), expected: "a list of point indices (flow order, from 0)")
          .map { try r.integer($0, f.path("points"), atLeast: 0) }
        guard indices.allSatisfy({ $0 < sheet.points.count }) else {
          throw r.fail(f.path("points"), n, expected: "indices below \(sheet.points.count)")
        }
        sheet = try physics(key, node, r) { try sheet.subset(indices) }
      }
      let fitForm = try f["fit"].map { try form($0, f.path("fit"), r) } ?? sheetForms[sheetName] ?? .powerLawWithBase
      let fitted = sheet
      curves[name] = try physics(key, node, r) { try ColdPlateCurve.fit(fitted, form: fitForm) }
    }
    return curves
  }

  static func coolantNamed(_ node: Node, _ path: String, _ r: YAMLInput.Reader) throws -> Coolant {
    let name = try r.string(node, path, expected: "a coolant name")
    guard let c = Coolant.named(name) else {
      throw r.fail(path, node, expected: "a built-in coolant, one of [\(Coolant.builtIn.map(\.name).joined(separator: ", "))]")
    }
    return c
  }

  static func form(_ node: Node, _ path: String, _ r: YAMLInput.Reader) throws -> ColdPlateCurve.Form {
    let name = try r.string(node, path)
    guard let f = forms[name] else {
      throw r.fail(path, node, expected: "one of [constant, powerLaw, powerLawWithBase]")
    }
    return f
  }

  /// Runs a physics step, turning its `CoolingError` into a `CaseError` at `path`.
  static func physics<T>(_ path: String, _ node: Node, _ r: YAMLInput.Reader, _ body: () throws -> T) throws -> T {
    do { return try body() } catch let e as CoolingError {
      throw r.fail(path, node, expected: "a valid cold plate", found: e.description)
    }
  }
}
