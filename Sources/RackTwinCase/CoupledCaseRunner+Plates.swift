import RackTwinCooling
import RackTwinIO
import RackTwinMesh
import RackTwinThermal

/// Datasheet cold plates fed by the network (`flow: {element: NAME}`, an element of `type: coldPlate`) in the coupled
/// loop: the network gives each plate its mass flow and inlet temperature, the 3-D solve gives back the plate's heat
/// to the coolant as the element's heat (`docs/case-format.md`, `coldPlates`).
extension CoupledCaseRunner {
  /// A network plate's mass flow has settled when it moves by at most this fraction of itself between two network
  /// solves (the field is solved at the flow of the previous one).
  static let plateFlowTolerance = 1e-6

  /// A plate of the case fed by a network element.
  struct NetworkPlate {
    var spec: CaseDocument.ColdPlateSpec
    /// Index of the plate in `coldPlates`.
    var plate: Int
    /// Index of its element in the network.
    var element: Int
  }

  /// The case's plates fed by a network element, in `coldPlates` order.
  static func networkPlates(_ doc: CaseDocument, _ spec: CaseDocument.NetworkSpec) -> [NetworkPlate] {
    doc.coldPlates.enumerated().compactMap { k, plate in
      guard case let .element(name) = plate.flow,
            let i = spec.network.elements.firstIndex(where: { $0.name == name }) else { return nil }
      return NetworkPlate(spec: plate, plate: k, element: i)
    }
  }

  /// The model of `doc` with each network plate at its element's mass flow and the inlet temperature `inlet[k]`: the
  /// plate becomes a fixed-flow plate (volume flow ṁ/ρ(T_in)), so `ModelBuilder` checks and builds it as any other.
  /// - Throws: at the plate's key when its element carries no flow (steady heat needs one) or the inlet lies outside
  ///   the coolant's data.
  func platesModel(_ doc: CaseDocument, _ plates: [NetworkPlate], network: NetworkSolution, inlet: [Double],
                   mesh: FVMesh) throws -> ThermalModel {
    var d = doc
    for (k, plate) in plates.enumerated() {
      let m = network.elements[plate.element].massFlow
      let name = network.elements[plate.element].name
      let at = plate.spec.origin
      guard m > 1e-12 else {
        throw CaseRunError(file: casePath, underlying: CoolingError.noHeatPath(
          location: "element \(name)",
          detail: String(format: "expected coolant flowing through cold plate %@ from the network to carry its heat "
                           + "in a steady solve, found a mass flow of %.3g kg/s", plate.spec.name, m)),
                           keyPath: at.keyPath + ".flow", line: plate.spec.flowLine ?? at.line)
      }
      let density: Double
      do { density = try plate.spec.curve.coolant.density(at: inlet[k]) } catch let e as CoolingError {
        throw CaseRunError(file: casePath, underlying: e, keyPath: at.keyPath + ".flow", line: plate.spec.flowLine)
      }
      d.coldPlates[plate.plate].flow = .fixed(volumeFlow: m / density, inletTemperature: inlet[k])
    }
    return try ModelBuilder.build(case: d, mesh: mesh)
  }
}
