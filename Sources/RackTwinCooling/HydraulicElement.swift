import Foundation

/// One branch of the hydraulic network between two nodes: its pressure-drop law, and the heat its stream picks up.
///
/// Flow is positive from `from` to `to`; the pressure drop p_from − p_to is an odd function of the flow (a pump's is
/// negative: it is a rise). Laws that are quadratic at zero flow are made linear below `Kind.regularisationFlow`
/// so Newton's Jacobian stays non-singular (EPANET does the same).
public struct HydraulicElement: Sendable, Equatable {
  public var name: String
  public var from: String
  public var to: String
  public var kind: Kind
  /// Heat added to the stream (W), e.g. a cold plate's load; negative removes heat.
  public var heat: Double
  /// Outlet temperature set point (K), e.g. a CDU exchanger's supply temperature: the heat removed follows.
  public var outletTemperature: Double?
  /// Multiplies the element's pressure drop (≥ 1): fouling or scaling that narrows the passages.
  public var foulingFactor: Double
  /// dq/dT_in (W/K): the stream's heat is `heat + inletHeatCoefficient · T_in` with T_in its inlet temperature (K),
  /// e.g. a compact tray whose parts lose more heat to the air as the coolant warms (0: a fixed heat).
  public var inletHeatCoefficient: Double

  public init(name: String, from: String, to: String, kind: Kind, heat: Double = 0,
              outletTemperature: Double? = nil, foulingFactor: Double = 1, inletHeatCoefficient: Double = 0) {
    self.name = name
    self.from = from
    self.to = to
    self.kind = kind
    self.heat = heat
    self.outletTemperature = outletTemperature
    self.foulingFactor = foulingFactor
    self.inletHeatCoefficient = inletHeatCoefficient
  }

  /// Whether the element adds heat at some inlet temperature (a fixed heat or one that depends on the inlet).
  public var addsHeat: Bool { heat != 0 || inletHeatCoefficient != 0 }

  /// The CDU's heat exchanger (coolant side) as a hydraulic element: ΔP = ΔP_rated (Q/Q_rated)^n, and its outlet
  /// held at the supply temperature set point (K).
  public static func exchanger(name: String, from: String, to: String, ratedFlow: Double, ratedPressureDrop: Double,
                               exponent: Double = 1.8, datasheetFluid: (density: Double, viscosity: Double)? = nil,
                               supplyTemperature: Double, foulingFactor: Double = 1) -> HydraulicElement {
    let b = ratedPressureDrop / pow(ratedFlow, exponent)
    return HydraulicElement(
      name: name, from: from, to: to,
      kind: .component(GenericComponent(linear: 0, coefficient: b, exponent: exponent, datasheetFluid: datasheetFluid)),
      outletTemperature: supplyTemperature, foulingFactor: foulingFactor)
  }

  public enum Kind: Sendable, Equatable {
    /// Darcy–Weisbach with Churchill's friction factor, plus minor losses K on the pipe's velocity.
    case pipe(PipeSegment)
    /// A fitting or quick disconnect: ΔP = K ρ V²/2 on the velocity in `diameter`.
    case fitting(Fitting)
    /// A control valve by its flow coefficient K_v (IEC 60534): ΔP = 1 bar · (ρ/1000 kg/m³) (Q / (K_v·opening))².
    case valve(Valve)
    /// A component from its datasheet, ΔP(Q) = a Q + b Q^n, rescaled to the coolant.
    case component(GenericComponent)
    /// One pump or several identical pumps in parallel.
    case pump(Pump)
    /// A tabulated ΔP(Q), a power law between neighbouring points (linear in log Q–log ΔP), e.g. a compact tray's.
    case tabulated(TabulatedPressureDrop)

    /// Below this volume flow (m³/s, 0.6 mL/min) quadratic laws are continued linearly to zero.
    public static let regularisationFlow = 1e-8
  }
}

/// A straight pipe: Darcy–Weisbach ΔP = (f L/D + ΣK) ρ V²/2 with Churchill's f (`churchillFrictionFactor`).
public struct PipeSegment: Sendable, Equatable {
  public var length: Double
  public var diameter: Double
  /// Absolute wall roughness ε (m): drawn tubing 1.5e-6, commercial steel 4.5e-5 (Moody 1944).
  public var roughness: Double
  /// Sum of minor-loss coefficients on this pipe's velocity (bends, entries), default 0.
  public var minorLoss: Double

  public init(length: Double, diameter: Double, roughness: Double = 1.5e-6, minorLoss: Double = 0) {
    self.length = length
    self.diameter = diameter
    self.roughness = roughness
    self.minorLoss = minorLoss
  }
}

/// A fitting or quick disconnect: a loss coefficient on the velocity in a stated bore.
public struct Fitting: Sendable, Equatable {
  public var lossCoefficient: Double
  public var diameter: Double
  public init(lossCoefficient: Double, diameter: Double) {
    self.lossCoefficient = lossCoefficient
    self.diameter = diameter
  }
}

/// A valve by its flow coefficient K_v (m³/h at 1 bar with water) and opening (0, 1] on a linear characteristic.
public struct Valve: Sendable, Equatable {
  public var flowCoefficient: Double
  public var opening: Double
  public init(flowCoefficient: Double, opening: Double = 1) {
    self.flowCoefficient = flowCoefficient
    self.opening = opening
  }
}

/// A component from its datasheet: ΔP(Q) = a Q + b Q^n (SI: Pa, m³/s), measured with a datasheet fluid.
///
/// Rescaling to another fluid (ρ, μ) from the datasheet fluid (ρ_d, μ_d): the linear (laminar) term scales with
/// viscosity, a′ = a μ/μ_d; the power term is taken as a friction law f ∝ Re^(n−2), for which
/// ΔP ∝ ρ^(n−1) μ^(2−n) Q^n, so b′ = b (ρ/ρ_d)^(n−1) (μ/μ_d)^(2−n). n = 2 (fully rough) scales with ρ alone,
/// n = 1.75 (Blasius) with ρ^0.75 μ^0.25, n = 1 reduces to the laminar rule. Without a datasheet fluid the
/// coefficients are used as given.
public struct GenericComponent: Sendable, Equatable {
  public var linear: Double
  public var coefficient: Double
  public var exponent: Double
  public var datasheetDensity: Double?
  public var datasheetViscosity: Double?

  public init(linear a: Double, coefficient b: Double, exponent n: Double,
              datasheetFluid: (density: Double, viscosity: Double)? = nil) {
    linear = a
    coefficient = b
    exponent = n
    datasheetDensity = datasheetFluid?.density
    datasheetViscosity = datasheetFluid?.viscosity
  }

  /// (a′, b′) for a fluid of density ρ and viscosity μ, by the rule above.
  public func rescaled(density rho: Double, viscosity mu: Double) -> (linear: Double, coefficient: Double) {
    guard let rd = datasheetDensity, let md = datasheetViscosity else { return (linear, coefficient) }
    return (linear * mu / md, coefficient * pow(rho / rd, exponent - 1) * pow(mu / md, 2 - exponent))
  }
}

/// A pressure drop tabulated at rising flows: ΔP is a power law ΔP_i (Q/Q_i)^(n_i) between points i and i + 1 with
/// n_i = ln(ΔP_{i+1}/ΔP_i) / ln(Q_{i+1}/Q_i) (linear interpolation in log Q–log ΔP), continued with the first and
/// last exponent outside the table; `covers(flow:)` says whether a flow lies inside it. Valid for the fluid the
/// table was made with (no rescaling).
public struct TabulatedPressureDrop: Sendable, Equatable {
  /// Volume flows (m³/s), strictly rising, at least two; pressure drops (Pa) at them, > 0.
  public var flows: [Double]
  public var drops: [Double]

  public init(flows: [Double], drops: [Double]) {
    self.flows = flows
    self.drops = drops
  }

  /// (ΔP_i, Q_i, n_i) of the segment that holds flow |q| (the first or last outside the table).
  func segment(_ q: Double) -> (drop: Double, flow: Double, exponent: Double) {
    var i = 0
    while i < flows.count - 2 && q > flows[i + 1] { i += 1 }
    let n = log(drops[i + 1] / drops[i]) / log(flows[i + 1] / flows[i])
    return (drops[i], flows[i], n)
  }

  /// ΔP (Pa) at volume flow q ≥ 0 (m³/s) and the exponent there.
  public func drop(flow q: Double) -> (drop: Double, exponent: Double) {
    let s = segment(q)
    return (s.drop * pow(q / s.flow, s.exponent), s.exponent)
  }

  /// Whether flow q lies within the tabulated flows.
  public func covers(flow q: Double) -> Bool { q >= flows.first! && q <= flows.last! }
}
