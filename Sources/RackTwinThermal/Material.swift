/// A material's thermal properties, SI units.
public struct Material: Sendable, Equatable {
  public var name: String
  /// Principal conductivities along the mesh axes x, y, z, in W/(m·K) (equal for isotropic materials).
  public var conductivity: SIMD3<Double>
  /// kg/m³.
  public var density: Double
  /// J/(kg·K).
  public var specificHeat: Double
  /// Where the numbers come from.
  public var source: String
  /// Temperature dependence of an isotropic material's conductivity, if any (`conductivity` then holds k at the
  /// law's reference point and only seeds the first iteration).
  public var conductivityLaw: ConductivityLaw? = nil
  /// Temperatures (K) over which the properties hold (the source's table, a phase change, a glass transition); a
  /// solve that leaves it is flagged (`ThermalSolution.rangeWarnings`). Nil: no stated range.
  public var validRange: ClosedRange<Double>? = nil

  public init(name: String, conductivity: SIMD3<Double>, density: Double, specificHeat: Double, source: String) {
    self.name = name
    self.conductivity = conductivity
    self.density = density
    self.specificHeat = specificHeat
    self.source = source
  }

  /// An isotropic material.
  public init(name: String, conductivity k: Double, density: Double, specificHeat: Double, source: String) {
    self.init(name: name, conductivity: SIMD3(repeating: k), density: density, specificHeat: specificHeat, source: source)
  }

  /// A layered material (a laminate, a PCB): `inPlane` along the two axes other than `axis`, `throughPlane` along it.
  /// - Parameter axis: the through-plane axis, 0 = x, 1 = y, 2 = z.
  public init(name: String, inPlane: Double, throughPlane: Double, axis: Int = 2, density: Double, specificHeat: Double,
              source: String) {
    var k = SIMD3(repeating: inPlane)
    k[axis] = throughPlane
    self.init(name: name, conductivity: k, density: density, specificHeat: specificHeat, source: source)
  }

  /// Whether all three principal conductivities are equal.
  public var isIsotropic: Bool { conductivity.x == conductivity.y && conductivity.y == conductivity.z }

  /// Conductivity normal to a face with unit normal `n`: n·K·n for the diagonal tensor K.
  @inlinable public func normalConductivity(_ n: SIMD3<Double>) -> Double { (n * n * conductivity).sum() }
}
