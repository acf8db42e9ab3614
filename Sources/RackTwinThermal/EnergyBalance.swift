/// The global energy balance of a solution (DESIGN §3.1).
///
/// imbalance = Σ sources + Σ heat in − Σ heat out, where heat in and out are the boundary heat flows into and out of
/// the domain; relative = |imbalance| / max(Σ heat in including sources, Σ heat out).
public struct EnergyBalance: Sendable, Equatable {
  /// Net heat into the domain through one patch, W (negative: heat leaves).
  public struct PatchFlow: Sendable, Equatable {
    public var patch: String
    public var heatIn: Double
  }

  /// Σ of cell sources, W.
  public var sources: Double
  /// Σ of boundary heat flowing in, W (≥ 0).
  public var heatIn: Double
  /// Σ of boundary heat flowing out, W (≥ 0).
  public var heatOut: Double
  public var perPatch: [PatchFlow]
  /// Heat the added terms move into the domain (`ThermalTerm.heatStreams`), by `term.stream` name; already counted in
  /// `heatIn` (positive) or `heatOut` (negative).
  public var streams: [HeatStream]

  public init(sources: Double, heatIn: Double, heatOut: Double, perPatch: [PatchFlow], streams: [HeatStream] = []) {
    self.sources = sources
    self.heatIn = heatIn
    self.heatOut = heatOut
    self.perPatch = perPatch
    self.streams = streams
  }

  /// W.
  public var imbalance: Double { sources + heatIn - heatOut }

  public var relative: Double {
    let scale = max(heatIn + max(sources, 0), heatOut)
    return scale > 0 ? abs(imbalance) / scale : 0
  }
}
