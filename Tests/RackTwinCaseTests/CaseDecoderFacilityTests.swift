import XCTest
import RackTwinCase
import RackTwinFacility
import RackTwinIO

/// Decoding `facility`, `weather` and `loadProfile`: values in SI, defaults, and errors at their keys.
final class CaseDecoderFacilityTests: XCTestCase {
  static let base = """
    coolant: pg25
    network:
      elements:
        p: {type: pump, from: a, to: b, flow: "10 L/min"}
        plate: {type: component, from: b, to: c, flow: "10 L/min", pressureDrop: "10 kPa", heat: "5 kW"}
        hx: {type: exchanger, from: c, to: a, flow: "10 L/min", pressureDrop: "10 kPa", supplyTemperature: "30 degC"}

    """
  static let facility = """
    facility:
      supplyTemperature: "35 degC"
      cdu: {rated: deschutes}
      heatRejection:
        dryCooler: {heat: "10 kW", ambient: "35 degC", waterIn: "50 degC", waterOut: "40 degC", fanPower: "300 W"}
      designAmbient: {dryBulb: "33.3 degC", wetBulb: "23.7 degC"}

    """

  func decode(_ text: String, overrides: [String] = []) throws -> CaseDocument {
    try CaseDecoder.decode(text: text, path: "f.yaml", overrides: overrides)
  }

  func testDefaultsAndDesignAmbientFromWetBulb() throws {
    let doc = try decode(Self.base + Self.facility)
    let f = try XCTUnwrap(doc.facility)
    XCTAssertEqual(f.supplyTemperature, 273.15 + 35, accuracy: 1e-12)
    XCTAssertEqual(f.control, .fixed(273.15 + 35))
    XCTAssertEqual(f.racks, 1)
    XCTAssertEqual(f.cdu, CDUDesign.googleDeschutes)
    XCTAssertNil(f.chiller)
    XCTAssertEqual(f.roomDewPoint, 273.15 + 15)
    XCTAssertEqual(f.serverFanPower, 0)
    XCTAssertNil(doc.weather)
    // The dew point is found so that the wet bulb comes back (bisection to 1e-6 K on the dew point; the wet bulb
    // moves less than the dew point).
    XCTAssertEqual(f.designAmbient.dryBulb, 273.15 + 33.3, accuracy: 1e-12)
    XCTAssertEqual(f.designAmbient.wetBulb, 273.15 + 23.7, accuracy: 1e-5)
  }

  func testResetControlChillerTowerPowerChainAndWeather() throws {
    let text = Self.base + """
      facility:
        supplyTemperature: "40 degC"
        control: {reset: {offset: "6 K", minimum: "20 degC", maximum: "40 degC"}}
        racks: 12
        cdu: {rated: {heat: "100 kW", approach: "3 K", fwsSupply: "30 degC", tcsFlow: "4 kg/s", fwsFlow: "4 kg/s",
                      pumpPower: "2 kW"}, tcsFlow: "3 kg/s", tcsResistanceShare: 0.4}
        heatRejection:
          coolingTower: {heat: "120 kW", wetBulb: "24 degC", approach: "4 K", range: "6 K", fanPower: "2 kW"}
        chiller: {carnotFraction: 0.45, maximumCOP: 12}
        ups: {rating: "200 kW", efficiency: [[0.5, 0.95], [1, 0.97]]}
        roomDewPoint: outdoor
        designAmbient: {dryBulb: "30 degC", wetBulb: "24 degC"}
        serverFanPower: "150 W"
      weather: {climate: Phoenix, seed: 3}
      loadProfile: {constant: 0.7}
      """
    let doc = try decode(text)
    let f = try XCTUnwrap(doc.facility)
    guard case let .ambientReset(offset, lo, hi) = f.control else { return XCTFail("not a reset: \(f.control)") }
    XCTAssertEqual(offset, 6, accuracy: 1e-12)
    XCTAssertEqual(lo, 293.15, accuracy: 1e-9)
    XCTAssertEqual(hi, 313.15, accuracy: 1e-9)
    XCTAssertEqual(f.racks, 12)
    XCTAssertEqual(f.cdu.heat, 100e3)
    XCTAssertEqual(f.cdu.tcsCoolant.name, "pg25")
    XCTAssertEqual(f.tcsFlow, 3)
    XCTAssertEqual(f.tcsResistanceShare, 0.4)
    if case .coolingTower(let t) = f.heatRejection { XCTAssertEqual(t.designRange, 6) } else { XCTFail("not a tower") }
    XCTAssertEqual(f.chiller?.carnotFraction, 0.45)
    XCTAssertEqual(f.chiller?.maximumCOP, 12)
    XCTAssertEqual(f.ups?.rating, 200e3)
    XCTAssertEqual(f.ups?.curve.efficiency(atLoad: 0.75) ?? 0, 0.96, accuracy: 1e-12)
    XCTAssertNil(f.roomDewPoint)
    XCTAssertEqual(f.serverFanPower, 150)
    XCTAssertEqual(doc.weather, .climate(name: "phoenix", seed: 3))
    XCTAssertEqual(doc.loadProfile, .constant(0.7))
  }

  func testEPWPathIsResolvedAgainstTheCaseFile() throws {
    let doc = try CaseDecoder.decode(text: Self.base + Self.facility + "weather: w/x.epw\n", path: "/data/cases/f.yaml")
    XCTAssertEqual(doc.weather, .epw(path: "/data/cases/w/x.epw"))
  }

  func testErrorsNameKeyAndLine() {
    let cases: [(String, [String])] = [
      (Self.base + "weather: {climate: oslo}\n", ["weather", "a facility section"]),
      (Self.base + Self.facility.replacingOccurrences(of: "deschutes", with: "deschute"),
       ["f.yaml:9: facility.cdu.rated", "did you mean \"deschutes\""]),
      (Self.base + Self.facility.replacingOccurrences(of: "\"35 degC\"\n", with: "\"35 kW\"\n"),
       ["facility.supplyTemperature", "a temperature"]),
      (Self.base + Self.facility.replacingOccurrences(of: "wetBulb: \"23.7 degC\"", with: "wetBulb: \"35 degC\""),
       ["facility.designAmbient.wetBulb", "between"]),
      (Self.base + Self.facility.replacingOccurrences(of: "waterOut: \"40 degC\"", with: "waterOut: \"30 degC\""),
       ["facility.heatRejection.dryCooler", "water out > design ambient"]),
      (Self.base + Self.facility + "  chillr: {}\n", ["facility.chillr", "did you mean \"chiller\""]),
      (Self.base + Self.facility + "weather: {climate: atlantis}\n", ["weather.climate", "ashburn"]),
      (Self.base + Self.facility + "loadProfile: {constant: 0}\n", ["loadProfile.constant", "(0, 10]"]),
    ]
    for (text, fragments) in cases {
      assertThrows(CaseError.self, containing: fragments) { _ = try decode(text) }
    }
  }
}
