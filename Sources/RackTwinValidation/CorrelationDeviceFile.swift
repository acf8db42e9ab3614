import Foundation
import RackTwinCooling
import RackTwinIO
import Yams

/// The device file of a correlation validation case (`device:` in `reference.yaml` with `correlation` selectors,
/// docs/validation.md): named evaluations of the Cooling module's correlations, no mesh.
///
/// ```yaml
/// evaluations:        # every argument a plain number in SI units
///   cross-1-1: {function: effectiveness, arrangement: crossflowUnmixed, ntu: 1, capacityRatio: 1}
///   ex9.2: {function: naturalConvection, geometry: verticalPlate, output: nusselt, beta: 0.0025, deltaT: 209,
///           length: 0.71, kinematicViscosity: 26.41e-6, diffusivity: 38.3e-6, prandtl: 0.690, gravity: 9.8}
///   ex10.1: {function: rohsenow, excessTemperature: 18, csf: 0.0128, n: 1, liquidDensity: 957.9, …}
///   chf: {function: zuber, coolant: hfe7100, pressure: 101325}
/// ```
/// `correlation: {name: ex9.2, kind: dimensionless}` in the reference reads one evaluation.
public enum CorrelationDeviceFile {
  static let fluidKeys = ["liquidDensity", "vapourDensity", "liquidViscosity", "liquidSpecificHeat", "liquidPrandtl",
                          "latentHeat", "surfaceTension"]
  static let keys: [String: [String]] = [
    "effectiveness": ["function", "arrangement", "ntu", "capacityRatio"],
    "naturalConvection": ["function", "geometry", "output", "beta", "deltaT", "length", "kinematicViscosity",
                          "diffusivity", "prandtl", "gravity", "conductivity"],
    "rohsenow": ["function", "excessTemperature", "csf", "n", "gravity", "area"] + fluidKeys,
    "zuber": ["function", "constant", "gravity", "coolant", "pressure"] + fluidKeys,
  ]

  /// The values of the reference's quantities, each a `correlation` selector naming an evaluation of the file.
  static func values(_ ref: ValidationReference, device: String) throws -> [Double] {
    let evaluations = try evaluate(contentsOf: device)
    return try ref.quantities.enumerated().map { i, q in
      guard case .correlation(let name, _) = q.selector else {
        throw CaseError(file: ref.path, keyPath: "quantities.\(i)", expected: "a correlation selector in a correlation device case",
                        found: "\(q.selector)")
      }
      guard let v = evaluations[name] else {
        let names = evaluations.keys.sorted()
        let suggestion = NearestKey.suggestion(for: name, among: names)
        throw CaseError(file: ref.path, keyPath: "quantities.\(i).correlation.name",
                        expected: "an evaluation of \(device), " + NearestKey.expectedOneOf(names, suggestion: suggestion),
                        found: "\"\(name)\"", suggestion: suggestion)
      }
      return v
    }
  }

  /// Every evaluation of the file at `path`, by name. Errors are `CaseError`s naming the file and key.
  public static func evaluate(contentsOf path: String) throws -> [String: Double] {
    let r = YAMLInput.Reader(file: path)
    let top = try r.fields(r.compose(YAMLInput.readText(path)), "", allowed: ["evaluations"])
    let all = try r.fields(r.required(top, "evaluations", expected: "a mapping of evaluations"), "evaluations", allowed: nil)
    var out: [String: Double] = [:]
    for (name, _, node) in all.entries {
      let key = all.path(name)
      let head = try r.fields(node, key, allowed: nil)
      let function = try r.string(r.required(head, "function", expected: "one of [\(keys.keys.sorted().joined(separator: ", "))]"),
                                  head.path("function"))
      guard let allowed = keys[function] else {
        throw r.fail(head.path("function"), head["function"], expected: "one of [\(keys.keys.sorted().joined(separator: ", "))]")
      }
      let f = try r.fields(node, key, allowed: allowed)
      func number(_ k: String, default d: Double? = nil) throws -> Double {
        guard let n = f[k] else {
          if let d { return d }
          throw r.fail(key, node, expected: "`\(k)` (a number, SI)", found: "no `\(k)`")
        }
        return try r.quantity(n, f.path(k), .dimensionless)
      }
      func word(_ k: String, _ options: [String]) throws -> String {
        let n = try r.required(f, k, expected: "one of [\(options.joined(separator: ", "))]")
        let w = try r.string(n, f.path(k))
        guard options.contains(w) else { throw r.fail(f.path(k), n, expected: "one of [\(options.joined(separator: ", "))]") }
        return w
      }
      func fluid() throws -> BoilingFluidProperties {
        if let c = f["coolant"] {
          let coolant = try ColdPlateDeviceFile.coolantNamed(c, f.path("coolant"), r)
          return try physics(key, node, r) {
            guard let sat = coolant.saturation else {
              throw CoolingError.invalidInput(location: "coolant", expected: "a two-phase fluid", found: coolant.name)
            }
            return try BoilingFluidProperties(coolant: coolant, saturationTemperature: sat.saturationTemperature(at: try number("pressure")))
          }
        }
        return BoilingFluidProperties(
          liquidDensity: try number("liquidDensity"), vapourDensity: try number("vapourDensity"),
          liquidViscosity: try number("liquidViscosity"), liquidSpecificHeat: try number("liquidSpecificHeat"),
          liquidPrandtl: try number("liquidPrandtl"), latentHeat: try number("latentHeat"),
          surfaceTension: try number("surfaceTension"))
      }
      let g = try number("gravity", default: 9.80665)
      switch function {
      case "effectiveness":
        let a = try word("arrangement", ["counterflow", "parallelFlow", "crossflowUnmixed", "crossflowUnmixedApproximate"])
        let ntu = try number("ntu"), cr = try number("capacityRatio")
        guard ntu >= 0, ntu <= 200, (0...1).contains(cr) else {
          throw r.fail(key, node, expected: "ntu in 0…200 and capacityRatio in 0…1", found: "ntu \(ntu), capacityRatio \(cr)")
        }
        typealias E = HeatExchangerEffectiveness
        switch a {
        case "counterflow": out[name] = E.counterflow(ntu: ntu, capacityRatio: cr)
        case "parallelFlow": out[name] = E.parallelFlow(ntu: ntu, capacityRatio: cr)
        case "crossflowUnmixed": out[name] = E.crossflowUnmixed(ntu: ntu, capacityRatio: cr)
        default: out[name] = E.crossflowUnmixedApproximate(ntu: ntu, capacityRatio: cr)
        }
      case "naturalConvection":
        let geometry = try word("geometry", ["verticalPlate", "verticalPlateLaminar", "horizontalCylinder"])
        let output = try word("output", ["rayleigh", "nusselt", "h"])
        let length = try number("length"), pr = try number("prandtl")
        guard length > 0, pr > 0 else { throw r.fail(key, node, expected: "length and prandtl > 0") }
        let beta = try number("beta"), nuK = try number("kinematicViscosity"), alpha = try number("diffusivity")
        guard beta >= 0, nuK > 0, alpha > 0, g > 0 else {
          throw r.fail(key, node, expected: "beta ≥ 0, kinematicViscosity, diffusivity and gravity > 0")
        }
        let ra = rayleighNumber(beta: beta, deltaT: try number("deltaT"), length: length, kinematicViscosity: nuK,
                                diffusivity: alpha, gravity: g)
        guard geometry != "horizontalCylinder" || ra <= 1e12 else {
          throw r.fail(key, node, expected: "Ra_D ≤ 1e12 (Churchill–Chu cylinder range)", found: "Ra_D = \(ra)")
        }
        let nu = switch geometry {
        case "verticalPlate": nusseltVerticalPlateChurchillChu(rayleigh: ra, prandtl: pr)
        case "verticalPlateLaminar": nusseltVerticalPlateChurchillChuLaminar(rayleigh: ra, prandtl: pr)
        default: nusseltHorizontalCylinderChurchillChu(rayleigh: ra, prandtl: pr)
        }
        out[name] = output == "rayleigh" ? ra : output == "nusselt" ? nu : nu * (try number("conductivity")) / length
      case "rohsenow":
        let dt = try number("excessTemperature"), csf = try number("csf"), n = try number("n")
        guard dt >= 0, csf > 0, n > 0 else { throw r.fail(key, node, expected: "excessTemperature ≥ 0, csf and n > 0") }
        let q = rohsenowHeatFlux(excessTemperature: dt, liquid: try fluid(), csf: csf, n: n, gravity: g)
        out[name] = q * (try number("area", default: 1))
      default:
        let c = try number("constant", default: Double.pi / 24)
        guard c > 0 else { throw r.fail(key, node, expected: "constant > 0") }
        out[name] = zuberCriticalHeatFlux(try fluid(), constant: c, gravity: g)
      }
    }
    return out
  }

  /// Runs a physics step, turning its `CoolingError` into a `CaseError` at `path`.
  static func physics<T>(_ path: String, _ node: Node, _ r: YAMLInput.Reader, _ body: () throws -> T) throws -> T {
    do { return try body() } catch let e as CoolingError {
      throw r.fail(path, node, expected: "a valid evaluation", found: e.description)
    }
  }
}
