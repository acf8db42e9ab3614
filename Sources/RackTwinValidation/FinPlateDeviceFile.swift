import Foundation
import RackTwinCooling
import RackTwinIO
import Yams

/// The `finPlates:` section of a cold-plate device file (docs/validation.md): straight-fin plates described by their
/// geometry, predicted by the porous two-temperature stack (`model: porous`, fidelity b) or with the channel resolved
/// (`model: channels`, fidelity c) on `FinPlateSlab`, whose R = (T_case − T_in)/Q a `coldPlate` selector reads at
/// a flow like a datasheet curve's.
///
/// ```yaml
/// finPlates:
///   oam-porous:
///     model: porous                      # porous | channels
///     fins: {thickness: "0.2 mm", gap: "0.2 mm", height: "3 mm", length: "50 mm", conductivity: "388 W/(m*K)"}
///     channels: 125                      # fin channels across the plate
///     base: {thickness: "2 mm", conductivity: "388 W/(m*K)"}
///     power: "1 kW"
///     coolant: water
///     temperature: "40 degC"             # inlet; the volume flow of a selector is taken at it
///     resolution: {along: 24, base: 4, finHeight: 12, gap: 8, halfFin: 2}   # optional
/// ```
public struct FinPlateDevice: Sendable {
  public enum Model: String, Sendable, CaseIterable {
    case porous, channels
  }

  public var model: Model
  public var slab: FinPlateSlab
  public var coolant: Coolant
  /// Inlet temperature, K.
  public var temperature: Double
  public var resolution: FinPlateSlab.Resolution

  static let keys = ["model", "fins", "channels", "base", "power", "coolant", "temperature", "resolution"]

  /// R (K/W) at volume flow `volumeFlow` (m³/s at the inlet temperature).
  public func resistance(volumeFlow: Double) throws -> Double {
    let m = volumeFlow * (try coolant.density(at: temperature))
    switch model {
    case .porous:
      return try slab.solvePorous(coolant: coolant, massFlow: m, inletTemperature: temperature,
                                  resolution: resolution).resistance
    case .channels:
      // Upwind along the flow, as the porous stack marches its coolant (van Leer's correction can cycle in Picard).
      return try slab.solveChannels(coolant: coolant, massFlow: m, inletTemperature: temperature,
                                    resolution: resolution, scheme: .upwind).resistance
    }
  }

  /// The fin plates of the device file at `path` (none when it has no `finPlates`). Errors name the file and key.
  public static func plates(contentsOf path: String) throws -> [String: FinPlateDevice] {
    let r = YAMLInput.Reader(file: path)
    let top = try r.fields(r.compose(YAMLInput.readText(path)), "", allowed: ["datasheets", "curves", "finPlates"])
    guard let section = top["finPlates"] else { return [:] }
    let plates = try r.fields(section, "finPlates", allowed: nil)
    var out: [String: FinPlateDevice] = [:]
    for (name, _, node) in plates.entries {
      let key = plates.path(name)
      let f = try r.fields(node, key, allowed: keys)
      let model = try r.choice(r.required(f, "model", expected: "porous or channels"), f.path("model"), Model.allCases)
      let fins = try r.fields(r.required(f, "fins", expected: "the fins' geometry"), f.path("fins"),
                              allowed: ["thickness", "gap", "height", "length", "conductivity"])
      func length(_ fields: YAMLInput.Fields, _ k: String) throws -> Double {
        try r.quantity(r.required(fields, k, expected: "a length"), fields.path(k), .length)
      }
      func conductivity(_ fields: YAMLInput.Fields) throws -> Double {
        try r.quantity(r.required(fields, "conductivity", expected: "a conductivity"), fields.path("conductivity"),
                       .conductivity)
      }
      let base = try r.fields(r.required(f, "base", expected: "the base's thickness and conductivity"), f.path("base"),
                              allowed: ["thickness", "conductivity"])
      let stack = try ColdPlateDeviceFile.physics(key, node, r) {
        try FinStack(finThickness: length(fins, "thickness"), gap: length(fins, "gap"), finHeight: length(fins, "height"),
                     length: length(fins, "length"), finConductivity: conductivity(fins), name: "fin plate \(name)")
      }
      let slab = FinPlateSlab(stack: stack,
                              channels: try r.integer(r.required(f, "channels", expected: "a channel count"),
                                                      f.path("channels"), atLeast: 1),
                              baseThickness: try length(base, "thickness"), baseConductivity: try conductivity(base),
                              power: try r.quantity(r.required(f, "power", expected: "a power"), f.path("power"), .power))
      var resolution = FinPlateSlab.Resolution()
      if let res = f["resolution"] {
        let g = try r.fields(res, f.path("resolution"), allowed: ["along", "base", "finHeight", "gap", "halfFin"])
        func count(_ k: String, _ d: Int) throws -> Int { try g[k].map { try r.integer($0, g.path(k), atLeast: 1) } ?? d }
        resolution = FinPlateSlab.Resolution(along: try count("along", resolution.along),
                                             base: try count("base", resolution.base),
                                             finHeight: try count("finHeight", resolution.finHeight),
                                             gap: try count("gap", resolution.gap),
                                             halfFin: try count("halfFin", resolution.halfFin))
      }
      out[name] = FinPlateDevice(
        model: model, slab: slab,
        coolant: try ColdPlateDeviceFile.coolantNamed(r.required(f, "coolant", expected: "a coolant name"),
                                                      f.path("coolant"), r),
        temperature: try r.quantity(r.required(f, "temperature", expected: "a temperature"), f.path("temperature"),
                                    .temperature),
        resolution: resolution)
    }
    return out
  }
}
