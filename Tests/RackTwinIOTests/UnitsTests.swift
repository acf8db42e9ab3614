import XCTest
import RackTwinIO

final class UnitsTests: XCTestCase {
  /// Relative agreement `rel` with the cited value.
  func assertClose(_ text: String, _ kind: QuantityKind, _ expected: Double, rel: Double = 1e-12,
                   file: StaticString = #filePath, line: UInt = #line) {
    do {
      let v = try parseQuantity(text, as: kind, key: "k")
      XCTAssertEqual(v, expected, accuracy: abs(expected) * rel, text, file: file, line: line)
    } catch {
      XCTFail("\(text): \(error)", file: file, line: line)
    }
  }

  func testBareNumbersAreSI() {
    assertClose("1500", .power, 1500)
    assertClose("40", .temperature, 40)  // a bare temperature is kelvin, not °C
    assertClose("1e-10", .dimensionless, 1e-10)
    assertClose("-2.5e3", .heatFlux, -2500)
  }

  func testTemperaturesWithOffsets() {
    // 40 °C = 313.15 K; 104 °F = (104 + 459.67)·5/9 K = 313.15 K (NIST SP 811 B.9).
    assertClose("40 degC", .temperature, 313.15)
    assertClose("104 degF", .temperature, 313.15)
    assertClose("40 °C", .temperature, 313.15)
    assertClose("300 K", .temperature, 300)
    assertClose("-40 degF", .temperature, 233.15)
  }

  func testTemperatureDifferences() {
    assertClose("10 delta_degC", .temperatureDifference, 10)
    assertClose("18 delta_degF", .temperatureDifference, 10)
    assertClose("10 K", .temperatureDifference, 10)
    XCTAssertThrowsError(try parseQuantity("10 degC", as: .temperatureDifference, key: "k"))
    XCTAssertThrowsError(try parseQuantity("10 delta_degC", as: .temperature, key: "k"))
    XCTAssertThrowsError(try parseQuantity("-300 degC", as: .temperature, key: "k"))  // below absolute zero
  }

  func testNISTSP811Factors() {
    // NIST SP 811 (2008) Appendix B.8, to the digits printed there (rel 1e-7, 1e-6 for the 7-digit values).
    assertClose("1 Btu/h", .power, 0.29307107, rel: 1e-7)
    assertClose("1 psi", .pressure, 6894.757, rel: 1e-7)
    assertClose("1 gal", .volume, 3.785411784e-3)
    assertClose("1 in", .length, 0.0254)
    assertClose("1 ft", .length, 0.3048)
    assertClose("1 lb", .mass, 0.45359237)
    assertClose("1 Btu/h/ft/degF", .conductivity, 1.730735, rel: 1e-6)
    assertClose("1 Btu/(h*ft*degF)", .conductivity, 1.730735, rel: 1e-6)
    assertClose("1 Btu/h/ft^2/degF", .heatTransferCoefficient, 5.678263, rel: 1e-6)
    // 1 ft³/min = 0.028316846592 m³ / 60 s (exact from the foot).
    assertClose("1 CFM", .volumeFlow, 0.028316846592 / 60)
    assertClose("1 gpm", .volumeFlow, 3.785411784e-3 / 60)
  }

  func testFlowsAndPrefixes() {
    assertClose("1.2 L/min", .volumeFlow, 2e-5)
    assertClose("3.6 m^3/h", .volumeFlow, 1e-3)
    assertClose("1.1 kW", .power, 1100)
    assertClose("35 kPa", .pressure, 35_000)
    assertClose("2 bar", .pressure, 2e5)
    assertClose("50 um", .length, 5e-5)
    assertClose("50 µm", .length, 5e-5)
    assertClose("2500 kg/m^3", .density, 2500)
    assertClose("0.8 kJ/kg/K", .specificHeat, 800)
    assertClose("2 g/cm^3", .density, 2000)
  }

  func testCompoundGrammar() {
    assertClose("5 W/m/K", .conductivity, 5)
    assertClose("5 W/(m*K)", .conductivity, 5)
    assertClose("2e4 W/m^2/K", .heatTransferCoefficient, 2e4)
    assertClose("5e-6 m^2*K/W", .contactResistance, 5e-6)
    assertClose("5e-6 K*m^2/W", .contactResistance, 5e-6)
    assertClose("1 W*m^-2", .heatFlux, 1)
    assertClose("60 1/min", .frequency, 1)
    assertClose("12mm", .length, 0.012)
  }

  func testWrongDimensionNamesBoth() {
    XCTAssertThrowsError(try parseQuantity("5 kg", as: .power, key: "components.gpu0.power", file: "case.yaml", line: 12)) {
      let e = $0 as! CaseError
      XCTAssertEqual(e.description, #"case.yaml:12: components.gpu0.power: expected a power (W), found "5 kg" (a mass)"#)
    }
  }

  func testUnknownUnitNamesTokenAndColumn() {
    XCTAssertThrowsError(try parseQuantity("35 kPA", as: .pressure, key: "p")) {
      let e = $0 as! CaseError
      XCTAssertTrue(e.found.contains(#"unknown unit "kPA" at column 4"#), e.found)
      XCTAssertEqual(e.suggestion, "kPa")  // units are case-sensitive (mW vs MW); suggestions are not
    }
    XCTAssertThrowsError(try parseQuantity("5 W/m/furlong", as: .conductivity, key: "k")) {
      XCTAssertTrue(($0 as! CaseError).found.contains(#""furlong" at column 7"#), "\($0)")
    }
    XCTAssertThrowsError(try parseQuantity("5 W m", as: .power, key: "p"))  // juxtaposition is not a product
    XCTAssertThrowsError(try parseQuantity("kW", as: .power, key: "p"))
    XCTAssertThrowsError(try parseQuantity("nan W", as: .power, key: "p"))
  }
}
