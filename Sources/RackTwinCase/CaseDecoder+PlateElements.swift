import RackTwinCooling
import RackTwinIO
import Yams

/// Datasheet cold plates fed by the network (`coldPlates.NAME.flow: {element: NAME}`, `docs/case-format.md`): each
/// names an element of `type: coldPlate`, whose law becomes the plate's `datasheet.pressureDrop`.
extension CaseDecoder {
  /// Checks every plate's `{element}` against the network and gives each `coldPlate` element its plate's ΔP law:
  /// the element must be of `type: coldPlate` and named by one plate, the plate must have a pressure-drop law, and
  /// every `coldPlate` element must be named by a plate. `transient`: the case's `transient` node, if any.
  /// - Throws: `CaseError` at the plate's or the element's key.
  static func linkPlateElements(_ doc: inout CaseDocument, transient: Node?, _ r: Reader) throws {
    guard var spec = doc.network else { return }
    var plateOf: [Int: String] = [:]  // element index -> plate
    for plate in doc.coldPlates {
      guard case let .element(name) = plate.flow else { continue }
      let key = plate.origin.keyPath
      guard let i = spec.network.elements.firstIndex(where: { $0.name == name }) else { continue }  // decoder checked
      guard spec.elementTypes[i] == "coldPlate" else {
        throw CaseError(file: r.file, keyPath: key + ".flow.element", line: plate.flowLine ?? plate.origin.line,
                        expected: "an element of type coldPlate (the plate gives its law and heat)",
                        found: "element \(name) of type \(spec.elementTypes[i]) at \(spec.elementOrigins[i].keyPath)")
      }
      if let other = plateOf[i] {
        throw CaseError(file: r.file, keyPath: key + ".flow.element", line: plate.flowLine ?? plate.origin.line,
                        expected: "each coldPlate element fed to one plate",
                        found: "element \(name) also named by coldPlates.\(other)")
      }
      guard let law = plate.curve.pressureDropLaw else {
        throw CaseError(file: r.file, keyPath: key + ".datasheet.pressureDrop", line: plate.origin.line,
                        expected: "a pressure drop law {flow, pressureDrop, …} or {points} with flow {element: "
                          + "\(name)} (the element's law in the network)", found: "none")
      }
      if let transient, transient.null == nil {
        throw CaseError(file: r.file, keyPath: "transient", line: transient.mark?.line,
                        expected: "a steady case with a cold plate fed by the network (the transient network ↔ 3-D "
                          + "coupling of plates is not implemented)", found: "coldPlates.\(plate.name) on element \(name)")
      }
      plateOf[i] = plate.name
      spec.network.elements[i].kind = .component(law)
    }
    for (i, type) in spec.elementTypes.enumerated() where type == "coldPlate" && plateOf[i] == nil {
      let at = spec.elementOrigins[i]
      throw CaseError(file: r.file, keyPath: at.keyPath, line: at.line,
                      expected: "a datasheet plate in coldPlates with flow {element: \(spec.network.elements[i].name)} "
                        + "(it gives a coldPlate element its law and heat)", found: "no plate naming it")
    }
    doc.network = spec
  }
}

extension CaseDocument {
  /// Whether a cold plate is fed by a network element (then the network and the 3-D solve iterate).
  public var hasNetworkPlates: Bool {
    coldPlates.contains { if case .element = $0.flow { return true } else { return false } }
  }
}
