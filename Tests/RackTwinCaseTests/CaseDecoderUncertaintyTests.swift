import XCTest
import RackTwinCase
import RackTwinIO
import RackTwinRisk

/// Decoding `uncertainty:` (docs/case-format.md): patterns, distributions with quantities and percentages, defaults,
/// and the errors that name file, line and key.
final class CaseDecoderUncertaintyTests: XCTestCase {
  static let base = """
    mesh: m.h5
    components:
      gpu0: {regions: [a], power: "1000 W", limit: "90 degC"}
      gpu1: {regions: [b], power: "800 W", limit: "90 degC"}
      cpu: {regions: [c], power: "300 W"}
    interfaces:
      - {between: [a, b], resistance: "2e-6 m^2*K/W"}
      - {between: [b, c], resistance: "1e-5 m^2*K/W"}
    boundaries:
      inlet: {type: temperature, value: "30 degC"}
      top: {type: convection, h: "1000 W/m^2/K", ambient: "35 degC"}
      side: {type: heatFlux, value: "100 W/m^2"}

    """

  func decode(_ section: String, base: String = base) throws -> CaseDocument {
    try CaseDecoder.decode(text: base + section, path: "case.yaml")
  }

  func testPatternsExpandToOneInputPerMatchWithDistributionsInSI() throws {
    let doc = try decode("""
      uncertainty:
        samples: 5000
        seed: 17
        confidence: 0.9
        hottestCells: 2
        inputs:
          - {key: "components.gpu*.power", normal: {sd: "5 %"}}
          - {key: boundaries.inlet.value, truncatedNormal: {sd: "0.5 K", lower: "-1 K", upper: "+2 K"}}
          - {key: "boundaries.*.ambient", normal: {sd: "1 K", mean: "0.5 K"}}
          - {key: "interfaces.*.resistance", uniform: {lower: "-10 %", upper: "+50 %"}}
      """)
    let u = try XCTUnwrap(doc.uncertainty)
    XCTAssertEqual(u.samples, 5000)
    XCTAssertEqual(u.seed, 17)
    XCTAssertEqual(u.confidence, 0.9)
    XCTAssertEqual(u.hottestCells, 2)
    XCTAssertEqual(u.inputs.map(\.key), ["components.gpu0.power", "components.gpu1.power", "boundaries.inlet.value",
                                         "boundaries.top.ambient", "interfaces.0.resistance", "interfaces.1.resistance"])
    XCTAssertEqual(u.inputs[0].distribution, .normal(mean: 1000, standardDeviation: 50))
    XCTAssertEqual(u.inputs[1].distribution, .normal(mean: 800, standardDeviation: 40))
    XCTAssertEqual(u.inputs[2].nominal, 303.15, accuracy: 1e-12)
    guard case let .truncatedNormal(m, s, lo, hi) = u.inputs[2].distribution else { return XCTFail() }
    XCTAssertEqual([m, s, lo, hi], [303.15, 0.5, 302.15, 305.15].map { $0 }, accuracy: 1e-12)
    guard case let .normal(m3, s3) = u.inputs[3].distribution else { return XCTFail() }
    XCTAssertEqual(m3, 308.65, accuracy: 1e-12)
    XCTAssertEqual(s3, 1)
    guard case let .uniform(lo4, hi4) = u.inputs[4].distribution else { return XCTFail() }
    XCTAssertEqual(lo4, 1.8e-6, accuracy: 1e-18)
    XCTAssertEqual(hi4, 3e-6, accuracy: 1e-18)
    XCTAssertTrue(u.inputs[5].changesMatrix)
    XCTAssertEqual(u.inputs[3].target, .boundaryTemperature(patch: "top"))
  }

  func testDefaults() throws {
    let u = try XCTUnwrap(decode("uncertainty: {inputs: [{key: components.cpu.power, normal: {sd: 10}}]}").uncertainty)
    XCTAssertEqual(u.samples, 100_000)
    XCTAssertEqual(u.seed, 0)
    XCTAssertEqual(u.confidence, 0.95)
    XCTAssertEqual(u.hottestCells, 4)
    XCTAssertEqual(u.inputs[0].distribution, .normal(mean: 300, standardDeviation: 10))
  }

  /// Each malformed section is refused with the file, the line of the offending entry and the key.
  func testErrorsNameFileLineAndKey() {
    // base has 12 lines: "uncertainty:" is line 13, its first input line 15 (when on its own line).
    let cases: [(String, [String])] = [
      ("uncertainty: {samples: 10, inputs: [{key: components.cpu.power, normal: {sd: 1}}], seeds: 1}",
       ["case.yaml:13: uncertainty.seeds: ", "unknown key \"seeds\"", "did you mean \"seed\""]),
      ("uncertainty: {inputs: []}", ["case.yaml:13: uncertainty.inputs: expected at least one input"]),
      ("uncertainty: {samples: 0, inputs: [{key: components.cpu.power, normal: {sd: 1}}]}",
       ["uncertainty.samples: expected an integer ≥ 1"]),
      ("uncertainty: {confidence: 1.5, inputs: [{key: components.cpu.power, normal: {sd: 1}}]}",
       ["uncertainty.confidence: expected a confidence in (0, 1)"]),
      ("uncertainty:\n  inputs:\n    - {key: components.fan.power, normal: {sd: 1}}",
       ["case.yaml:15: uncertainty.inputs.0.key: expected a key matching at least one entry"]),
      ("uncertainty:\n  inputs:\n    - {key: materials.pcb.conductivity, normal: {sd: 1}}",
       ["case.yaml:15: uncertainty.inputs.0.key: expected a key of the form components.NAME.power"]),
      ("uncertainty:\n  inputs:\n    - {key: network.elements.b1.flow, normal: {sd: \"5 %\"}}",
       ["case.yaml:15: uncertainty.inputs.0.key: ", "not yet", "found \"network.elements.b1.flow\""]),
      ("uncertainty:\n  inputs:\n    - {key: boundaries.inlet.value, normal: {sd: \"5 %\"}}",
       ["case.yaml:15: uncertainty.inputs.0.normal.sd: expected a temperature difference"]),
      ("uncertainty:\n  inputs:\n    - {key: boundaries.side.value, normal: {sd: 1}}",
       ["uncertainty.inputs.0.key: expected boundaries.side.value of a temperature boundary"]),
      ("uncertainty:\n  inputs:\n    - {key: components.cpu.power, normal: {sd: \"0 W\"}}",
       ["uncertainty.inputs.0.normal.sd: expected a standard deviation > 0"]),
      ("uncertainty:\n  inputs:\n    - {key: components.cpu.power, uniform: {lower: \"5 W\", upper: \"-5 W\"}}",
       ["case.yaml:15: uncertainty.inputs.0.uniform: expected finite bounds lower < upper", "for components.cpu.power"]),
      ("uncertainty:\n  inputs:\n    - {key: components.cpu.power, normal: {sd: 1}, uniform: {lower: -1, upper: 1}}",
       ["uncertainty.inputs.0: expected exactly one distribution", "found normal and uniform"]),
      ("uncertainty:\n  inputs:\n    - {key: components.cpu.power, normal: {sd: 1}}\n    - {key: \"components.*.power\", normal: {sd: 1}}",
       ["case.yaml:16: uncertainty.inputs.1: expected each key in one input only", "components.cpu.power a second time"]),
      ("uncertainty:\n  inputs:\n    - {key: components.cpu.power, truncatedNormal: {sd: 1}}",
       ["uncertainty.inputs.0.truncatedNormal: expected a lower or an upper bound"]),
      ("uncertainty:\n  inputs:\n    - {key: components.cpu.power, normal: {sd: \"1 K\"}}",
       ["uncertainty.inputs.0.normal.sd: expected a power"]),
    ]
    for (section, fragments) in cases {
      assertThrows(CaseError.self, containing: fragments) { _ = try decode(section) }
    }
  }

  /// Superposition needs a linear case: k(T), leakage, radiation, a transient or a network alone are refused at
  /// `uncertainty`, naming the key that makes the case nonlinear.
  func testNonlinearCasesAreRefusedNamingTheKey() {
    let section = "uncertainty: {inputs: [{key: components.cpu.power, normal: {sd: 1}}]}"
    let kT = Self.base + "materials: {pcb: {conductivity: {value: 30, reference: 300, slope: -0.01}}}\n"
    assertThrows(CaseError.self, containing: ["case.yaml:14: uncertainty: expected a linear steady case",
                                              "found k(T) at materials.pcb.conductivity"]) {
      _ = try decode(section, base: kT)
    }
    let leak = Self.base.replacingOccurrences(
      of: "cpu: {regions: [c], power: \"300 W\"}",
      with: "cpu: {regions: [c], power: {dynamic: 200, leakage: 100, reference: \"60 degC\", doublingInterval: \"20 K\"}}")
    assertThrows(CaseError.self, containing: ["found leakage power at components.cpu.power"]) {
      _ = try decode(section, base: leak)
    }
    let radiation = Self.base.replacingOccurrences(
      of: "side: {type: heatFlux, value: \"100 W/m^2\"}",
      with: "side: {type: radiation, emissivity: 0.9, surroundings: \"25 degC\"}")
    assertThrows(CaseError.self, containing: ["found radiation at boundaries.side"]) {
      _ = try decode(section, base: radiation)
    }
    let transient = Self.base + "transient: {duration: 10, step: 1, initial: \"20 degC\"}\n"
    assertThrows(CaseError.self, containing: ["found a transient run at transient"]) {
      _ = try decode(section, base: transient)
    }
  }
}

private func XCTAssertEqual(_ a: [Double], _ b: [Double], accuracy: Double, file: StaticString = #filePath,
                            line: UInt = #line) {
  XCTAssertEqual(a.count, b.count, file: file, line: line)
  for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: accuracy, file: file, line: line) }
}
