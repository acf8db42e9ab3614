import RackTwinCooling
import RackTwinIO
import RackTwinThermal

extension ModelBuilder {
  /// Adds a single-phase immersion tank (`immersion:` with a mesh) as an `ImmersionTankTerm` whose surfaces are the
  /// cells of their components (weights: the components' power fractions), so the tank's fluid cools the mesh.
  /// - Throws: `CaseError` at the tank's key for a `CoolingError` (a surface leaving the fluid's data).
  static func addDevices(_ doc: CaseDocument, to model: inout ThermalModel) throws {
    guard let spec = doc.immersion, case let .singlePhase(tank, counts) = spec.tank else { return }
    let couplings = tank.components.enumerated().compactMap { i, c -> ImmersionTankTerm.Coupling? in
      guard let m = model.components.first(where: { $0.name == c.name }), !m.cells.isEmpty else { return nil }
      return .init(component: i, cells: m.cells, weights: m.fractions)
    }
    do {
      model.addTerm(try ImmersionTankTerm(tank: tank, counts: counts, couplings: couplings))
    } catch let e as CoolingError {
      throw CaseRunError(file: doc.path, underlying: e, keyPath: spec.origin.keyPath, line: spec.origin.line)
    }
  }
}
