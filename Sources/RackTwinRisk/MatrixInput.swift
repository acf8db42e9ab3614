import RackTwinThermal

/// An uncertain input that changes the matrix (a contact resistance such as a TIM's R'', a flow rate): the model is
/// rebuilt at a value of it, so it enters the influence matrix as a finite-difference sensitivity, not exactly.
public struct MatrixInput: Sendable {
  public var name: String
  /// The value the nominal model holds, SI.
  public var nominal: Double
  public var distribution: Distribution
  /// The model at a value of the input; everything else as in the nominal model.
  public var build: @Sendable (_ value: Double) throws -> ThermalModel

  public init(name: String, nominal: Double, distribution: Distribution,
              build: @escaping @Sendable (_ value: Double) throws -> ThermalModel) {
    self.name = name
    self.nominal = nominal
    self.distribution = distribution
    self.build = build
  }
}

/// How far the linearised column of a `MatrixInput` is from re-solves at x⁰ ± 2σ.
public struct LinearityCheck: Sendable, Equatable {
  public var input: String
  /// The finite-difference half-step, in the input's unit.
  public var step: Double
  /// 2σ of the input's distribution, in its unit.
  public var checkOffset: Double
  /// Largest |T_re-solve − T_linear| over every tracked cell at x⁰ − 2σ and x⁰ + 2σ, K.
  public var maxError: Double
  /// Largest |T_re-solve − T⁰| over the same cells and points, K: the change the linearisation had to follow.
  public var maxChange: Double
  public init(input: String, step: Double, checkOffset: Double, maxError: Double, maxChange: Double) {
    self.input = input
    self.step = step
    self.checkOffset = checkOffset
    self.maxError = maxError
    self.maxChange = maxChange
  }
}
