import XCTest
import RackTwinCase
import RackTwinCooling
import RackTwinIO

/// Decoding `immersion`, `airCooling` and `rearDoor` (docs/case-format.md, issue 15): every key with its default, and
/// bad input and impossible physics as errors naming the file, key path and line, what was expected and found.
final class CaseDecoderDevicesTests: XCTestCase {
  static let singlePhase = """
    coolant: pao6
    components:
      board: {power: "1.5 kW"}
      gpu0: {power: "500 W", limit: "85 degC"}
    immersion:
      type: singlePhase
      flow: "6 L/s"
      supplyTemperature: "35 degC"
      depth: "0.8 m"
      flowArea: "0.6 m^2"
      layers: 8
      ports: {area: "50 cm^2", lossCoefficient: 3}
      pumpEfficiency: 0.5
      naturalConvection: laminar
      surfaces:
        - {component: gpu0, elevation: "0.3 m", length: "0.1 m", area: "0.3 m^2", surfaceEfficiency: 0.8,
           finSpacing: "2 mm", junctionResistance: "0.05 K/W", count: 80}
        - {component: board, elevation: "0.1 m", length: "0.6 m", area: "0.5 m^2", count: 40}
    """

  static let twoPhase = """
    coolant: hfe7100
    components:
      gpu: {power: "1 kW"}
    immersion:
      type: twoPhase
      pressure: "101.325 kPa"
      liquidTemperature: "61 degC"
      chfConstant: 0.149
      boiling:
        - {component: gpu, area: "0.08 m^2", csf: 0.006, n: 1.7, junctionResistance: "0.02 K/W", count: 100}
      condenser: {ua: "5000 W/K", waterFlow: "1 kg/s", waterSupplyTemperature: "30 degC"}
    """

  static let door = """
    components:
      servers: {power: "39.5 kW"}
      cpu0: {power: "500 W"}
    airCooling:
      roomTemperature: "24 degC"
      roomDewPoint: "12 degC"
      airflow:
        fans: {shutOffPressure: "600 Pa", freeDelivery: "0.5 m^3/s", count: 4, speed: 1, efficiency: 0.35}
        systemCoefficient: "200 Pa*s^2/m^6"
      heatSinks:
        - {component: cpu0, width: "0.1 m", length: "0.1 m", finHeight: "40 mm", finThickness: "1 mm", fins: 30,
           conductivity: "200 W/m/K", baseResistance: "0.01 K/W", flowFraction: 0.08}
    rearDoor:
      kind: active
      fanEfficiency: 0.4
      rating: {airFlow: "1.556 kg/s", waterFlow: "1.5 kg/s", airInletTemperature: "50.4 degC",
               waterInletTemperature: "18 degC", capturedHeat: "30 kW", airPressureDrop: "60 Pa"}
      airSideResistanceFraction: 0.6
      exponents: {air: 0.6, water: 0.8, pressureDrop: 1.8}
      waterSupplyTemperature: "18 degC"
      waterFlow: "1.5 kg/s"
    """

  func decode(_ text: String, overrides: [String] = []) throws -> CaseDocument {
    try CaseDecoder.decode(text: text, path: "dev.yaml", overrides: overrides)
  }

  func error(_ text: String, overrides: [String] = [], file: StaticString = #filePath, line: UInt = #line) -> CaseError? {
    caseDecodingError(text, path: "dev.yaml", overrides: overrides, file: file, line: line)
  }

  /// Every single-phase key lands in SI in the tank: 6 L/s, 35 °C, 50 cm², counts, the laminar form, the
  /// components' powers from `components`; no mesh is needed.
  func testSinglePhaseKeysDecodeToTheTank() throws {
    let doc = try decode(Self.singlePhase)
    XCTAssertNil(doc.meshPath)
    guard case let .singlePhase(tank, counts)? = doc.immersion?.tank else { return XCTFail("not single-phase") }
    XCTAssertEqual(tank.flow, 6e-3, accuracy: 1e-15)
    XCTAssertEqual(tank.supplyTemperature, 308.15, accuracy: 1e-12)
    XCTAssertEqual(tank.depth, 0.8)
    XCTAssertEqual(tank.flowArea, 0.6)
    XCTAssertEqual(tank.layers, 8)
    XCTAssertEqual(tank.portArea, 0.005, accuracy: 1e-15)
    XCTAssertEqual(tank.portLossCoefficient, 3)
    XCTAssertEqual(tank.pumpEfficiency, 0.5)
    XCTAssertEqual(tank.naturalForm, .laminar)
    XCTAssertEqual(counts, [80, 40])
    XCTAssertEqual(tank.components.map(\.name), ["gpu0", "board"])
    XCTAssertEqual(tank.components.map(\.power), [500, 1500])
    XCTAssertEqual(tank.components[0].finSpacing ?? 0, 0.002, accuracy: 1e-15)
    XCTAssertEqual(tank.components[0].junctionResistance, 0.05)
    XCTAssertEqual(tank.components[0].surfaceEfficiency, 0.8)
    XCTAssertNil(tank.components[1].finSpacing)
    XCTAssertEqual(tank.components[1].surfaceEfficiency, 1)   // default
    // Defaults: 10 layers, K = 3, η = 0.5, fullRange.
    let d = try decode(Self.singlePhase.replacingOccurrences(of: "  layers: 8\n", with: "")
      .replacingOccurrences(of: "  naturalConvection: laminar\n", with: "")
      .replacingOccurrences(of: "  pumpEfficiency: 0.5\n", with: "")
      .replacingOccurrences(of: ", lossCoefficient: 3", with: ""))
    guard case let .singlePhase(t2, _)? = d.immersion?.tank else { return XCTFail("not single-phase") }
    XCTAssertEqual(t2.layers, 10)
    XCTAssertEqual(t2.portLossCoefficient, 3)
    XCTAssertEqual(t2.pumpEfficiency, 0.5)
    XCTAssertEqual(t2.naturalForm, .fullRange)
  }

  /// Two-phase keys: pressure, C_sf, n, Zuber constant, condenser in SI (5000 W/K a new quantity kind).
  func testTwoPhaseKeysDecodeToTheTank() throws {
    let doc = try decode(Self.twoPhase)
    guard case let .twoPhase(tank, counts)? = doc.immersion?.tank else { return XCTFail("not two-phase") }
    XCTAssertEqual(tank.pressure, 101_325, accuracy: 1e-9)
    XCTAssertEqual(tank.chfConstant, 0.149)
    XCTAssertEqual(counts, [100])
    XCTAssertEqual(tank.surfaces[0].csf, 0.006)
    XCTAssertEqual(tank.surfaces[0].area, 0.08)
    XCTAssertEqual(tank.condenser, .init(ua: 5000, waterFlow: 1, waterSupplyTemperature: 303.15))
  }

  /// Air cooling and the door: units Pa·s²/m⁶ and the rating in SI; the door's kind and exponents.
  func testAirCoolingAndRearDoorKeysDecode() throws {
    let doc = try decode(Self.door)
    let air = try XCTUnwrap(doc.airCooling)
    XCTAssertEqual(air.roomTemperature, 297.15, accuracy: 1e-12)
    XCTAssertEqual(try XCTUnwrap(air.roomDewPoint), 285.15, accuracy: 1e-12)
    XCTAssertEqual(air.servers.power, 40_000)
    guard case let .fanCurve(fan, k) = air.servers.airflow else { return XCTFail("not fans") }
    XCTAssertEqual(k, 200)
    XCTAssertEqual(fan.count, 4)
    XCTAssertEqual(fan.freeDelivery, 0.5)
    XCTAssertEqual(air.servers.components.map(\.name), ["cpu0"])
    XCTAssertEqual(air.servers.components[0].heatSink.flowFraction, 0.08)
    let door = try XCTUnwrap(doc.rearDoor)
    guard case let .active(eta) = door.door.kind else { return XCTFail("not active") }
    XCTAssertEqual(eta, 0.4)
    XCTAssertEqual(door.door.rating.airInletTemperature, 323.55, accuracy: 1e-9)
    XCTAssertEqual(door.door.rating.capturedHeat, 30_000)
    XCTAssertEqual(door.door.airSideResistanceFraction, 0.6)
    XCTAssertEqual(door.door.airExponent, 0.6)
    XCTAssertEqual(door.door.pressureDropExponent, 1.8)
    XCTAssertEqual(door.waterFlow, 1.5)
    // 120 CFM/kW = 0.0566337 m³/s per kW (1 CFM = 0.3048³/60 m³/s).
    let rule = try decode(Self.door.replacingOccurrences(
      of: """
          fans: {shutOffPressure: "600 Pa", freeDelivery: "0.5 m^3/s", count: 4, speed: 1, efficiency: 0.35}
            systemCoefficient: "200 Pa*s^2/m^6"
        """, with: """
          perKilowatt: "120 CFM/kW"
            fanEfficiency: 0.3
        """).replacingOccurrences(of: "kind: active\n  fanEfficiency: 0.4", with: "kind: passive"))
    guard case let .perWatt(r, k2, e2)? = rule.airCooling?.servers.airflow else { return XCTFail("not a rule") }
    XCTAssertEqual(r, 120 * 0.3048 * 0.3048 * 0.3048 / 60 / 1000, accuracy: 1e-15)
    XCTAssertEqual(k2, 0)
    XCTAssertEqual(e2, 0.3)
  }

  /// Unknown keys are errors at their path and line, with a suggestion; a key of the other tank type is unknown.
  func testUnknownKeysAreErrorsAtTheirLine() throws {
    let e = try XCTUnwrap(error(Self.singlePhase.replacingOccurrences(of: "  depth:", with: "  dpeth:")))
    XCTAssertEqual(e.keyPath, "immersion.dpeth")
    XCTAssertEqual(e.line, 9)
    XCTAssertTrue("\(e)".contains("dev.yaml:9") && "\(e)".contains("depth"), "\(e)")
    let t = try XCTUnwrap(error(Self.singlePhase + "\n  pressure: \"1 bar\"\n"))
    XCTAssertEqual(t.keyPath, "immersion.pressure")
    let s = try XCTUnwrap(error(Self.singlePhase.replacingOccurrences(of: "count: 80}", with: "count: 80, colour: red}")))
    XCTAssertEqual(s.keyPath, "immersion.surfaces.0.colour")
    let d = try XCTUnwrap(error(Self.door.replacingOccurrences(of: "airPressureDrop: \"60 Pa\"}", with: "airPressureDrop: \"60 Pa\", fouling: 1}")))
    XCTAssertEqual(d.keyPath, "rearDoor.rating.fouling")
  }

  /// Issue 15: a two-phase bath asked to run below its saturation temperature is an error naming the key, T_sat and
  /// how far below it is (61.31 °C at 1 atm; 50 °C is 11.31 K below).
  func testTwoPhaseBelowSaturationIsAnError() throws {
    let e = try XCTUnwrap(error(Self.twoPhase.replacingOccurrences(of: "\"61 degC\"", with: "\"50 degC\"")))
    XCTAssertEqual(e.keyPath, "immersion.liquidTemperature")
    XCTAssertEqual(e.line, 7)
    XCTAssertTrue("\(e)".contains("61.31 °C") && "\(e)".contains("11.31 K below saturation"), "\(e)")
    // A single-phase fluid cannot be twoPhase.
    let f = try XCTUnwrap(error(Self.twoPhase.replacingOccurrences(of: "coolant: hfe7100", with: "coolant: pao6")))
    XCTAssertEqual(f.keyPath, "coolant")
    XCTAssertTrue("\(f)".contains("saturation data"), "\(f)")
  }

  /// Issue 15: a door with zero water flow is an error at `rearDoor.waterFlow`; a rating with ε > 1 (40 kW from a
  /// 20 kW-class exhaust: C_min ΔT_in ≈ 1.556 × 1008 × 32.4 ≈ 50.8 kW, so 60 kW is ε ≈ 1.18) at `rearDoor.rating`.
  func testZeroWaterFlowAndImpossibleRatingAreErrors() throws {
    let z = try XCTUnwrap(error(Self.door.replacingOccurrences(of: "  waterFlow: \"1.5 kg/s\"", with: "  waterFlow: \"0 kg/s\"")))
    XCTAssertEqual(z.keyPath, "rearDoor.waterFlow")
    XCTAssertEqual(z.line, 21)
    XCTAssertTrue("\(z)".contains("> 0 kg/s") && "\(z)".contains("0 kg/s"), "\(z)")
    let r = try XCTUnwrap(error(Self.door.replacingOccurrences(of: "capturedHeat: \"30 kW\"", with: "capturedHeat: \"60 kW\"")))
    XCTAssertEqual(r.keyPath, "rearDoor.rating")
    XCTAssertTrue("\(r)".contains("ε"), "\(r)")
    XCTAssertTrue("\(r)".contains("found ε = 1.1"), "\(r)")
  }

  /// Sections that do not fit together, and components the devices cannot place, are errors naming both.
  func testStructuralErrors() throws {
    let noAir = Self.door.replacingOccurrences(of: "airCooling:", with: "airCoolingX:")
    XCTAssertEqual(error(noAir)?.keyPath, "airCoolingX")
    let doorAlone = """
      components: {s: {power: "1 kW"}}
      rearDoor: {kind: passive, waterFlow: "1 kg/s"}
      """
    XCTAssertEqual(error(doorAlone)?.keyPath, "airCooling")
    let withMesh = "mesh: mesh.h5\n" + Self.twoPhase
    let m = try XCTUnwrap(error(withMesh))
    XCTAssertEqual(m.keyPath, "immersion")
    XCTAssertTrue("\(m)".contains("not implemented yet"), "\(m)")
    XCTAssertEqual(error("mesh: mesh.h5\n" + Self.door)?.keyPath, "airCooling")
    // A single-phase tank with a mesh couples to the components' cells: one copy per surface.
    let meshed = try decode("mesh: mesh.h5\n" + Self.singlePhase.replacingOccurrences(of: ", count: 80", with: "")
      .replacingOccurrences(of: ", count: 40", with: ""))
    XCTAssertNotNil(meshed.immersion)
    XCTAssertEqual(error("mesh: mesh.h5\n" + Self.singlePhase)?.keyPath, "immersion.surfaces.0.count")
    let both = Self.singlePhase + "\nairCooling: {roomTemperature: \"24 degC\", airflow: {perKilowatt: \"120 CFM/kW\", fanEfficiency: 0.3}}\n"
    XCTAssertEqual(error(both)?.keyPath, "airCooling")
    let unplaced = Self.singlePhase.replacingOccurrences(of: "  board: {power: \"1.5 kW\"}\n",
                                                         with: "  board: {power: \"1.5 kW\"}\n  psu: {power: \"1 kW\"}\n")
    let u = try XCTUnwrap(error(unplaced))
    XCTAssertEqual(u.keyPath, "immersion.surfaces")
    XCTAssertTrue("\(u)".contains("psu"), "\(u)")
    let typo = try XCTUnwrap(error(Self.singlePhase.replacingOccurrences(of: "component: gpu0", with: "component: gpu")))
    XCTAssertEqual(typo.keyPath, "immersion.surfaces.0.component")
    XCTAssertEqual(typo.suggestion, "gpu0")
    let high = try XCTUnwrap(error(Self.singlePhase.replacingOccurrences(of: "elevation: \"0.3 m\"", with: "elevation: \"0.75 m\"")))
    XCTAssertEqual(high.keyPath, "immersion.surfaces.0.elevation")
    XCTAssertTrue("\(high)".contains("liquid depth"), "\(high)")
    let noFlow = try XCTUnwrap(error(Self.singlePhase.replacingOccurrences(of: "\"6 L/s\"", with: "\"0 L/s\"")))
    XCTAssertEqual(noFlow.keyPath, "immersion.flow")
    let passiveFans = try XCTUnwrap(error(Self.door.replacingOccurrences(of: "kind: active", with: "kind: passive")))
    XCTAssertEqual(passiveFans.keyPath, "rearDoor.fanEfficiency")
    let wrongUnit = try XCTUnwrap(error(Self.twoPhase.replacingOccurrences(of: "\"5000 W/K\"", with: "\"5000 W\"")))
    XCTAssertEqual(wrongUnit.keyPath, "immersion.condenser.ua")
  }
}
