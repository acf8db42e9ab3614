extension ResultsDocument {
  /// Hotspot risk of a case with `uncertainty:` (`/risk`, `docs/file-formats.md`, `docs/risk.md`), in the units it
  /// is written in.
  public struct Risk: Sendable, Equatable {
    /// One row of `/risk/components`: a component with a limit.
    public struct Component: Sendable, Equatable {
      public var name: String
      /// P(the component's hottest nominal cell exceeds its limit): 1 − Φ(β).
      public var probability: Double
      /// β: (limit − μ)/σ for Gaussian inputs, FORM's index otherwise (+∞ when nothing moves it).
      public var reliabilityIndex: Double
      /// μ and σ of the hottest nominal cell's temperature over the inputs, °C and K.
      public var meanTemperatureC: Double
      public var standardDeviation: Double
      /// Monte-Carlo samples in which the component's tracked cells exceeded its limit.
      public var exceedingSamples: Int64
      /// `analytic` (all inputs normal) or `form`.
      public var method: String
      public init(name: String, probability: Double, reliabilityIndex: Double, meanTemperatureC: Double,
                  standardDeviation: Double, exceedingSamples: Int64, method: String) {
        self.name = name
        self.probability = probability
        self.reliabilityIndex = reliabilityIndex
        self.meanTemperatureC = meanTemperatureC
        self.standardDeviation = standardDeviation
        self.exceedingSamples = exceedingSamples
        self.method = method
      }
    }

    /// One row of `/risk/inputs`.
    public struct Input: Sendable, Equatable {
      /// The matched case key, e.g. `components.gpu0.power`.
      public var name: String
      /// `normal`, `uniform` or `truncatedNormal`.
      public var distribution: String
      /// 1 when the input changes the matrix and enters as a finite-difference sensitivity, else 0.
      public var linearised: Int8
      /// Largest |T_re-solve − T_linear| and |T_re-solve − T⁰| over the tracked cells at x⁰ ± 2σ, K; 0 for exact
      /// (right-hand-side) inputs.
      public var linearityError: Double
      public var linearityChange: Double
      public init(name: String, distribution: String, linearised: Int8, linearityError: Double, linearityChange: Double) {
        self.name = name
        self.distribution = distribution
        self.linearised = linearised
        self.linearityError = linearityError
        self.linearityChange = linearityChange
      }
    }

    public var components: [Component]
    public var inputs: [Input]
    public init(components: [Component], inputs: [Input]) {
      self.components = components
      self.inputs = inputs
    }
  }
}
