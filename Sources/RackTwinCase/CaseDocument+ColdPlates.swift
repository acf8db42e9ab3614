import RackTwinCooling

extension CaseDocument {
  /// Where a cold plate's coolant flow comes from (`coldPlates.NAME.flow`).
  public enum ColdPlateFlow: Sendable, Equatable {
    /// A fixed volume flow (m³/s, at the inlet temperature) entering at `inletTemperature` (K).
    case fixed(volumeFlow: Double, inletTemperature: Double)
    /// The flow and inlet temperature of a network element (`{element: NAME}`): needs the network ↔ 3-D coupling.
    case element(String)
  }

  /// A cold plate on a boundary patch (`coldPlates:`, `docs/case-format.md`), its datasheet already fitted.
  ///
  /// Fidelity (a) of DESIGN §3.3: the plate's law is the `ColdPlateCurve` fitted to the datasheet and, when the case's
  /// coolant differs from the datasheet's, carried to it (`ColdPlateCurve.transferred`); the model gets a
  /// `ColdPlateTerm` on `patch`.
  public struct ColdPlateSpec: Sendable, Equatable {
    /// The plate's name: its term's name, so its metrics are `NAME.heat_to_liquid`, ….
    public var name: String
    /// The boundary patch the plate's base covers.
    public var patch: String
    /// The coolant's direction over the patch (any length).
    public var flowDirection: SIMD3<Double>
    /// Coolant path segments.
    public var segments: Int
    public var flow: ColdPlateFlow
    /// R(ṁ) in the case's coolant (properties at the inlet temperature, or the datasheet's with `{element}`).
    public var curve: ColdPlateCurve
    /// The plate's key (`coldPlates.NAME`) and its line, for errors found when the model is built.
    public var origin: Origin
    /// Lines of the `patch` and `flow` keys, for errors about them.
    public var patchLine: Int?
    public var flowLine: Int?
    /// The plates whose mixed outlet feeds this one (`upstream:`, a series connection); empty: fed from the supply.
    /// A solve uses `inletTemperature` as given; `racktwin compact build` sets the inlet to the mixed outlet.
    public var upstream: [String] = []
    /// Line of the `upstream` key.
    public var upstreamLine: Int? = nil
    /// The plate's own heat capacity for transients (`thermalMass`), J/K; nil: none (quasi-steady).
    public var thermalMass: Double? = nil

    public init(name: String, patch: String, flowDirection: SIMD3<Double>, segments: Int = 20, flow: ColdPlateFlow,
                curve: ColdPlateCurve, origin: Origin, patchLine: Int? = nil, flowLine: Int? = nil) {
      self.name = name
      self.patch = patch
      self.flowDirection = flowDirection
      self.segments = segments
      self.flow = flow
      self.curve = curve
      self.origin = origin
      self.patchLine = patchLine
      self.flowLine = flowLine
    }
  }
}
