/// The pressure drop of a 3-D fluid or porous region as a network element: ΔP = a Q + b Q² (Pa, Q in m³/s), the
/// linear part from viscous (Darcy, fully developed laminar) flow, the quadratic part from inertia (Forchheimer).
///
/// The coefficients hold for the coolant density and viscosity they were computed with; `networkComponent` carries
/// them as a datasheet fluid, so the network rescales them if it runs another fluid (`GenericComponent.rescaled`).
public struct RegionPressureLaw: Sendable, Equatable {
  /// a, Pa·s/m³.
  public var linear: Double
  /// b, Pa·s²/m⁶.
  public var quadratic: Double
  /// kg/m³ and Pa·s of the coolant the law was computed for.
  public var density: Double
  public var viscosity: Double

  public init(linear: Double, quadratic: Double, density: Double, viscosity: Double) {
    self.linear = linear
    self.quadratic = quadratic
    self.density = density
    self.viscosity = viscosity
  }

  /// ΔP (Pa) at volume flow Q (m³/s, ≥ 0).
  public func pressureDrop(volumeFlow q: Double) -> Double { linear * q + quadratic * q * q }

  /// The law as a generic network component, ΔP = a Q + b Q², with its fluid.
  public var networkComponent: GenericComponent {
    GenericComponent(linear: linear, coefficient: quadratic, exponent: 2, datasheetFluid: (density, viscosity))
  }
}
