import RackTwinThermal

/// An uncertain input that enters the right-hand side only (the matrix stays), so its effect superposes: a
/// component's power, or a shift of boundary temperatures (the supply), or any change a caller describes.
///
/// The distribution is of the input's value; `nominal` is the value the model holds, and a sample's deviation
/// δ = x − nominal is what the influence matrix multiplies.
public struct UncertainInput: Sendable {
  /// What the input changes in the model.
  public enum Kind: Sendable {
    /// The power (W) of the named component.
    case componentPower(component: String)
    /// A uniform shift (K) of the fixed temperatures and convection ambients on these patches: the supply.
    case boundaryTemperature(patches: [String])
    /// Any change that adds `delta` (in the input's unit) to the model without touching its matrix, e.g. a
    /// coolant inlet temperature held by an added term.
    case custom(@Sendable (_ model: inout ThermalModel, _ delta: Double) throws -> Void)
  }

  public var name: String
  public var kind: Kind
  /// The value the model holds, in SI.
  public var nominal: Double
  public var distribution: Distribution

  public init(name: String, kind: Kind, nominal: Double, distribution: Distribution) {
    self.name = name
    self.kind = kind
    self.nominal = nominal
    self.distribution = distribution
  }

  /// `model` with this input moved by `delta` from its value.
  func applied(to model: ThermalModel, delta: Double) throws -> ThermalModel {
    var m = model
    switch kind {
    case .componentPower(let name):
      guard let i = m.components.firstIndex(where: { $0.name == name }) else {
        throw RiskError.invalidInput(location: "uncertainty.\(self.name).component",
                                     expected: "a component of the model (\(m.components.map(\.name).joined(separator: ", ")))",
                                     found: name)
      }
      m.setPower(m.components[i].power + delta, forComponentAt: i)
    case .boundaryTemperature(let patches):
      for patch in patches {
        guard let p = m.mesh.patch(named: patch) else {
          throw RiskError.invalidInput(location: "uncertainty.\(name).patches", expected: "a patch of the mesh",
                                       found: patch)
        }
        // Each face keeps its condition, its temperature moved by delta; faces are found by their centroid.
        var byCentroid: [SIMD3<Double>: ThermalModel.BoundaryCondition] = [:]
        for f in p.faces { byCentroid[m.mesh.faceCentroid[f]] = m.faceConditions[f - m.mesh.internalFaceCount] }
        var bad: String? = nil
        try m.setBoundary(patch) { x in
          switch byCentroid[x] ?? .adiabatic {
          case .temperature(let t): return .temperature(t + delta)
          case .convection(let h, let t): return .convection(h: h, ambient: t + delta)
          case .radiation: bad = "radiation (nonlinear)"; return byCentroid[x]!
          case let other: bad = "\(other) (no temperature to shift)"; return other
          }
        }
        if let bad {
          throw RiskError.invalidInput(location: "uncertainty.\(name).patches.\(patch)",
                                       expected: "a patch at a fixed temperature or with convection", found: bad)
        }
      }
    case .custom(let apply):
      try apply(&m, delta)
    }
    return m
  }
}
