import RackTwinRisk

extension CaseDocument {
  /// The `uncertainty:` section (DESIGN §3.5, `docs/case-format.md`, `docs/risk.md`): the uncertain inputs, each
  /// key pattern expanded to one independent input per match, and the Monte-Carlo settings.
  public struct UncertaintySpec: Sendable, Equatable {
    /// Monte-Carlo samples for `hotspot_risk`.
    public var samples: Int = 100_000
    /// With the sweep point's index, keys the random stream.
    public var seed: UInt64 = 0
    /// Of `hotspot_risk_upper` (one-sided Clopper–Pearson).
    public var confidence: Double = 0.95
    /// Cells tracked per component (its hottest at the nominal point).
    public var hottestCells: Int = 4
    /// One per matched key, in the order of `inputs` and, within a pattern, of the case's entries.
    public var inputs: [UncertainInputSpec] = []
    /// Line of the section in the case file, for errors found when the model is built.
    public var line: Int? = nil
    public init() {}
  }

  /// One uncertain input of the case.
  public struct UncertainInputSpec: Sendable, Equatable {
    /// What the input changes.
    public enum Target: Sendable, Equatable {
      /// The component's power, W.
      case componentPower(component: String)
      /// A uniform shift of the patch's fixed temperature or convection ambient, K.
      case boundaryTemperature(patch: String)
      /// The contact resistance of `interfaces[index]`, m²·K/W: changes the matrix, enters by sensitivity.
      case interfaceResistance(index: Int)
      /// A compact tray component's power (W) in one tray (network cases): exact, the tray's coefficient.
      case trayPower(element: String, component: String)
      /// A network element's `supplyTemperature` (an exchanger's, K) or `flow` (a fixed-flow pump's, m³/s): by
      /// central differences of whole network solves, checked by re-solves at ±2σ.
      case networkValue(element: String, field: String)
    }

    /// The matched key, e.g. `components.gpu0.power` (names the input in results and errors).
    public var key: String
    public var target: Target
    /// The case's value in SI; for a boundary whose value varies in space or time, 0 (the input is the shift).
    public var nominal: Double
    /// The input's distribution in SI, centred as the case says (offsets already added to `nominal`).
    public var distribution: Distribution
    /// Line of the input's entry in the case file.
    public var line: Int?
    /// Key path of the input's entry, `uncertainty.inputs.<i>`.
    public var entry: String = "uncertainty.inputs"

    public init(key: String, target: Target, nominal: Double, distribution: Distribution, line: Int? = nil) {
      self.key = key
      self.target = target
      self.nominal = nominal
      self.distribution = distribution
      self.line = line
    }

    /// Whether the input changes the matrix (it then enters as a finite-difference sensitivity, checked by
    /// re-solves at ±2σ).
    public var changesMatrix: Bool {
      switch target {
      case .interfaceResistance, .networkValue: return true
      default: return false
      }
    }
  }
}
