import Foundation

/// The straight fins of a skived or machined cold plate seen as a porous medium: parallel fins of thickness t at pitch
/// p = t + s (gap s), height H, a length L along the flow, closed at their tips by the plate's cover.
///
/// The geometry gives every coefficient of the two-temperature (fluid, solid) model of DESIGN §3.3 (b), after Kim &
/// Kim (1999), *Forced convection in microstructures for electronic equipment cooling*, ASME J. Heat Transfer
/// 121:639–645 (the porous-medium form of a microchannel heat sink): porosity φ = s/p, the fin-wall area per stack
/// volume a = 2H/(pH) = 2/p, the solid's effective conductivity (1 − φ)k_s along the fins and along their height (the
/// fins' own cross-section; across the fins the fluid gaps are in series), the interstitial h of the fin channel
/// (an s × H rectangular duct), and the channel permeability along the flow, K = φ D_h²/(2 f·Re).
/// With a few cells over the fin height, conduction up the porous solid against the exchange h·a is the fin equation
/// itself, so no separate fin efficiency enters.
public struct FinStack: Sendable, Equatable {
  /// t, m.
  public var finThickness: Double
  /// s, m: the fluid gap between two fins.
  public var gap: Double
  /// H, m.
  public var finHeight: Double
  /// L, m: the fins' length along the flow (for the thermal entrance correction).
  public var length: Double
  /// k_s of the fins, W/(m·K).
  public var finConductivity: Double

  /// - Throws: `CoolingError.invalidInput` naming the stack for a dimension or conductivity that is not finite and > 0.
  public init(finThickness: Double, gap: Double, finHeight: Double, length: Double, finConductivity: Double,
              name: String = "fin stack") throws {
    for (key, v, unit) in [("finThickness", finThickness, "m"), ("gap", gap, "m"), ("finHeight", finHeight, "m"),
                           ("length", length, "m"), ("finConductivity", finConductivity, "W/(m·K)")] {
      guard v.isFinite, v > 0 else {
        throw CoolingError.invalidInput(location: "\(name) \(key)", expected: "a finite value > 0 \(unit)",
                                        found: "\(v) \(unit)")
      }
    }
    self.finThickness = finThickness
    self.gap = gap
    self.finHeight = finHeight
    self.length = length
    self.finConductivity = finConductivity
  }

  /// p = t + s, m.
  public var pitch: Double { finThickness + gap }
  /// φ = s/p.
  public var porosity: Double { gap / pitch }
  /// D_h = 4sH/(2(s + H)) of the fin channel, m.
  public var hydraulicDiameter: Double { 2 * gap * finHeight / (gap + finHeight) }
  /// Short side over long side of the fin channel, in (0, 1].
  public var aspectRatio: Double { min(gap, finHeight) / max(gap, finHeight) }
  /// a = 2/p: wetted fin-wall area per stack volume, m²/m³ (the channel floor is a face of the base, not in a).
  public var wettedAreaDensity: Double { 2 / pitch }

  /// Fanning f·Re of the fin channel (Shah & London 1978, `fanningFReLaminarRectangular`).
  public var fanningFRe: Double { fanningFReLaminarRectangular(aspectRatio: aspectRatio) }

  /// Darcy permeability along the fins that reproduces the channel's fully developed laminar ΔP with the superficial
  /// velocity (`DarcyFlow.ductPermeability`), m².
  public var permeability: Double {
    DarcyFlow.ductPermeability(hydraulicDiameter: hydraulicDiameter, fanningFRe: fanningFRe, porosity: porosity)
  }

  /// Effective conductivities of the porous solid (W/(m·K)) along the mesh axes, given which axis the flow follows
  /// and which the fin height: (1 − φ)k_s along both (the fins' cross-section share), and across the fins the
  /// fin and fluid layers in series, p/(t/k_s + s/k_f) (Kim & Kim 1999; the parallel/series bounds of a laminate).
  /// - Parameters:
  ///   - flowAxis, heightAxis: 0 = x, 1 = y, 2 = z, different.
  ///   - fluidConductivity: k_f, W/(m·K).
  public func solidConductivity(flowAxis: Int, heightAxis: Int, fluidConductivity kf: Double) -> SIMD3<Double> {
    precondition(flowAxis != heightAxis && (0..<3).contains(flowAxis) && (0..<3).contains(heightAxis))
    let along = (1 - porosity) * finConductivity
    var k = SIMD3(repeating: pitch / (finThickness / finConductivity + gap / kf))
    k[flowAxis] = along
    k[heightAxis] = along
    return k
  }

  /// Nusselt number of the fin channel on D_h, laminar: the fully developed H1 value of the s × H rectangle (Shah &
  /// London 1978, `nusseltLaminarRectangularH1`; the fins are the long walls, axially uniform heating per length is
  /// what a stack under a uniform source sees), raised for the thermal entrance by the VDI Heat Atlas G1 mean over L
  /// (`nusseltLaminarDevelopingMean`, Gz = Re·Pr·D_h/L).
  /// - Throws: `CoolingError.invalidInput` naming the stack above Re 2300 (this model is laminar).
  public func nusselt(channelVelocity u: Double, properties p: CoolantProperties, name: String = "fin stack") throws -> Double {
    let dh = hydraulicDiameter
    let re = p.density * abs(u) * dh / p.viscosity
    guard re <= 2300 else {
      throw CoolingError.invalidInput(location: "\(name) fin channels",
                                      expected: "laminar flow (Re ≤ 2300 on D_h = \(dh) m)",
                                      found: "Re = \(re)")
    }
    let pr = p.viscosity * p.specificHeat / p.conductivity
    return nusseltLaminarDevelopingMean(fullyDeveloped: nusseltLaminarRectangularH1(aspectRatio: aspectRatio),
                                        graetz: re * pr * dh / length)
  }

  /// h = Nu k_f / D_h, W/(m²·K), at channel (interstitial) velocity u (m/s).
  public func heatTransferCoefficient(channelVelocity u: Double, properties p: CoolantProperties,
                                      name: String = "fin stack") throws -> Double {
    try nusselt(channelVelocity: u, properties: p, name: name) * p.conductivity / hydraulicDiameter
  }
}
