import RackTwinIO
import XCTest

final class ValidationReferenceDecoderTests: XCTestCase {
  let good = """
    title: fin tip
    case: case.yaml
    mesh: mesh.yaml
    convergence: {levels: 3, ratio: 2}
    quantities:
      - name: tip
        patchMean: xmax
        reference: "416.48 degF"
        kind: analytic
        source: ANSYS VM
        tolerance: {absolute: "1 delta_degF"}
        why: 2-D effects
        gold: "416.9 degF"
        order: {expected: 2, tolerance: 0.2}
      - name: balance
        metric: energy_balance_relative
        reference: 0
        kind: analytic
        source: conservation
        tolerance: {absolute: 1e-10}
        why: round-off
      - name: heat
        component: gpu0/power
        reference: "1 kW"
        kind: analytic
        source: input
        tolerance: {relative: 1e-8}
        why: round-off
    """

  func testDecodesUnitsSelectorsAndResolvesPaths() throws {
    let ref = try ValidationReferenceDecoder.decode(text: good, path: "validation/fin/reference.yaml")
    XCTAssertEqual(ref.name, "fin")
    XCTAssertEqual(ref.casePath, "validation/fin/case.yaml")
    XCTAssertEqual(ref.meshSpecPath, "validation/fin/mesh.yaml")
    XCTAssertEqual(ref.convergence, .init(levels: 3, ratio: 2))
    XCTAssertFalse(ref.heavy)
    XCTAssertEqual(ref.quantities.count, 3)
    let tip = ref.quantities[0]
    XCTAssertEqual(tip.selector, .patchMean("xmax"))
    // 416.48 °F = (416.48 − 32)·5/9 + 273.15 K.
    XCTAssertEqual(tip.reference, (416.48 - 32) * 5 / 9 + 273.15, accuracy: 1e-9)
    if case .absolute(let k, _) = tip.tolerance { XCTAssertEqual(k, 5.0 / 9, accuracy: 1e-12) } else { XCTFail() }
    XCTAssertEqual(tip.kind, .analytic)
    XCTAssertEqual(tip.order, .init(expected: 2, tolerance: 0.2))
    XCTAssertEqual(ref.quantities[1].selector, .metric(.energyBalanceRelative))
    XCTAssertEqual(ref.quantities[2].selector, .component("gpu0", .power))
    XCTAssertEqual(ref.quantities[2].reference, 1000)
  }

  func testUnknownKeyNamesTheNearestKey() {
    let text = good.replacingOccurrences(of: "why: round-off\n  - name: heat", with: "whyy: round-off\n  - name: heat")
    XCTAssertThrowsError(try ValidationReferenceDecoder.decode(text: text, path: "r.yaml")) { error in
      let e = error as? CaseError
      XCTAssertEqual(e?.keyPath, "quantities.1.whyy")
      XCTAssertEqual(e?.suggestion, "why")
      XCTAssertEqual(e?.line, 21)
    }
  }

  func testRelativeToleranceOnATemperatureIsRejected() {
    let text = good.replacingOccurrences(of: "{absolute: \"1 delta_degF\"}", with: "{relative: 0.01}")
    XCTAssertThrowsError(try ValidationReferenceDecoder.decode(text: text, path: "r.yaml")) { error in
      XCTAssertEqual((error as? CaseError)?.keyPath, "quantities.0.tolerance.relative")
    }
  }

  func testWrongDimensionAndTwoSelectorsAreErrors() {
    let wrongUnit = good.replacingOccurrences(of: "\"1 kW\"", with: "\"1 kg\"")
    XCTAssertThrowsError(try ValidationReferenceDecoder.decode(text: wrongUnit, path: "r.yaml")) { error in
      XCTAssertEqual((error as? CaseError)?.keyPath, "quantities.2.reference")
    }
    let twoSelectors = good.replacingOccurrences(of: "patchMean: xmax", with: "patchMean: xmax\n    probe: p")
    XCTAssertThrowsError(try ValidationReferenceDecoder.decode(text: twoSelectors, path: "r.yaml")) { error in
      XCTAssertEqual((error as? CaseError)?.keyPath, "quantities.0")
    }
    let badField = good.replacingOccurrences(of: "gpu0/power", with: "gpu0/max_temperatur")
    XCTAssertThrowsError(try ValidationReferenceDecoder.decode(text: badField, path: "r.yaml")) { error in
      XCTAssertEqual((error as? CaseError)?.suggestion, "max_temperature")
    }
  }

  func testOrderNeedsConvergence() {
    let text = good.replacingOccurrences(of: "convergence: {levels: 3, ratio: 2}\n", with: "")
    XCTAssertThrowsError(try ValidationReferenceDecoder.decode(text: text, path: "r.yaml")) { error in
      XCTAssertEqual((error as? CaseError)?.keyPath, "quantities.0.order")
    }
  }
}
