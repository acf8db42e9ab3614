import Foundation
import RackTwinFacility
import XCTest

final class HeatRejectionTests: XCTestCase {
  /// Hand calculation: η_C = 0.5, chilled water 18 °C, sink 30 °C, differences 3 K and 8 K: T_evap = 288.15 K,
  /// T_cond = 311.15 K, COP = 0.5 · 288.15/23 = 6.2641. And COP rises strictly as the lift falls (sinks 45 → 20 °C,
  /// lifts 38 → 13 K), then stays at the cap (15) for smaller lifts.
  func testChillerCOPRisesAsLiftFalls() throws {
    let chiller = try Chiller()
    XCTAssertEqual(chiller.cop(chilledWaterSupply: 291.15, sinkTemperature: 303.15), 0.5 * 288.15 / 23, accuracy: 1e-12)
    var last = 0.0
    for sink in stride(from: 45.0, through: 20.0, by: -2.5) {
      let cop = chiller.cop(chilledWaterSupply: 273.15 + 18, sinkTemperature: 273.15 + sink)
      XCTAssertGreaterThan(cop, last, "sink \(sink) °C")
      last = cop
    }
    XCTAssertLessThan(last, 15)
    XCTAssertEqual(chiller.cop(chilledWaterSupply: 273.15 + 18, sinkTemperature: 273.15 + 5), 15)
  }

  /// At its design point with full fans the dry cooler returns its design leaving water (1e-9 K: the sizing
  /// inverted), and with colder air it holds the target with slower fans, fan power ∝ x³ < design.
  func testDryCoolerModulatesFansToHoldTheTarget() throws {
    let dc = try DryCooler(designHeat: 1e6, designAmbient: 273.15 + 30, designWaterIn: 273.15 + 45,
                           designWaterOut: 273.15 + 35, designFanPower: 20e3)
    let cw = 1e6 / 10
    XCTAssertEqual(dc.leavingWater(airFraction: 1, waterCapacity: cw, waterIn: 318.15, ambient: 303.15), 308.15,
                   accuracy: 1e-9)
    let cold = dc.operate(waterCapacity: cw, waterIn: 318.15, target: 308.15, ambient: 273.15 + 15)
    XCTAssertEqual(cold.leaving, 308.15, accuracy: 1e-9)
    XCTAssertLessThan(cold.fanPower, 20e3)
    XCTAssertEqual(cold.fanPower, 20e3 * pow(cold.airFraction, 3), accuracy: 1e-9)
    let hot = dc.operate(waterCapacity: cw, waterIn: 318.15, target: 308.15, ambient: 273.15 + 33)
    XCTAssertGreaterThan(hot.leaving, 308.15)
    XCTAssertEqual(hot.fanPower, 20e3)
  }

  /// Cooling tower: the design approach is reproduced (the NTU inverted, 1e-6 K); evaporation carries most but not
  /// all of the heat: E·h_fg / Q between 0.7 and 1.0 (the rest leaves as sensible heat of the air; ASHRAE HVAC
  /// Systems & Equipment ch. 40 quotes ~0.00085 of the flow per °F of range, i.e. ~0.9); blowdown is E/(N − 1).
  func testCoolingTowerApproachAndWaterUse() throws {
    let tower = try CoolingTower(designHeat: 1e6, designWetBulb: 273.15 + 24, designApproach: 4, designRange: 8,
                                 exchangerApproach: 0, designFanPower: 10e3, cycles: 5)
    let mw = 1e6 / (4186 * 8)
    let w = Psychrometrics.humidityRatio(dryBulb: 273.15 + 32, dewPoint: 273.15 + 20.0, pressure: 101_325)
    let wbAmbient = Psychrometrics.wetBulb(dryBulb: 273.15 + 32, humidityRatio: w, pressure: 101_325)
    let designWB = Psychrometrics.wetBulb(dryBulb: 273.15 + 24, dewPoint: 273.15 + 24, pressure: 101_325)
    XCTAssertEqual(designWB, 273.15 + 24, accuracy: 1e-5)
    // Air at its own wet bulb (saturated) reproduces the design point.
    let wsat = Psychrometrics.saturationHumidityRatio(273.15 + 24, pressure: 101_325)
    let out = tower.leavingWater(airFraction: 1, waterFlow: mw, waterIn: 273.15 + 36, dryBulb: 273.15 + 24,
                                 humidityRatio: wsat, pressure: 101_325)
    XCTAssertEqual(out, 273.15 + 28, accuracy: 1e-6)
    let e = tower.evaporation(heat: 1e6, airFraction: 1, dryBulb: 273.15 + 32, humidityRatio: w, pressure: 101_325)
    let share = e * Psychrometrics.latentHeat(273.15 + 30) / 1e6
    XCTAssertGreaterThan(share, 0.7)
    XCTAssertLessThan(share, 1.0)
    XCTAssertEqual(tower.waterUse(heat: 1e6, airFraction: 1, dryBulb: 273.15 + 32, humidityRatio: w, pressure: 101_325),
                   e * 1.25, accuracy: 1e-12)
    // Drier air (same wet bulb within 0.1 K is not needed: a lower wet bulb) cools further.
    let dry = tower.leavingWater(airFraction: 1, waterFlow: mw, waterIn: 273.15 + 36, dryBulb: 273.15 + 24,
                                 humidityRatio: 0.008, pressure: 101_325)
    XCTAssertLessThan(dry, out)
    print("tower: evaporated share of heat \(txt(share, 3)); ambient wet bulb \(txt(wbAmbient - 273.15, 2)) °C")
  }

  /// UPS and PDU losses are P/η − P with η read at each unit's load, not a percentage of IT. Hand calculation at
  /// half load of a 1 MW chain: PDU η(0.5) = 0.990 → PDU input 1,010,101.0 W (loss 10,101.0 W); UPS load
  /// 1,010,101/2e6 = 0.50505 → η = 0.955 + 0.005·(0.00505/0.25) = 0.955101 → UPS input 1,057,585.5 W,
  /// loss 47,484.5 W.
  func testPowerChainLossesFromEfficiencyCurves() throws {
    let chain = try PowerChain.typical(rating: 2e6)
    let l = chain.losses(it: 1e6)
    let pduIn = 1e6 / 0.990
    let eta = 0.955 + 0.005 * ((pduIn / 2e6) - 0.5) / 0.25
    XCTAssertEqual(l.pdu, pduIn - 1e6, accuracy: 1e-6)
    XCTAssertEqual(l.ups, pduIn / eta - pduIn, accuracy: 1e-6)
    XCTAssertEqual(l.ups, 47_484.5, accuracy: 0.1)
  }

  /// ASHRAE TC 9.9 (2021) classes: 32 °C is W32, 32.1 °C is W40, 46 °C is W+.
  func testWaterClasses() {
    XCTAssertEqual(WaterClass.forSupply(273.15 + 32), .w32)
    XCTAssertEqual(WaterClass.forSupply(273.15 + 32.1), .w40)
    XCTAssertEqual(WaterClass.forSupply(273.15 + 46), .wPlus)
    XCTAssertEqual(WaterClass.forSupply(273.15 + 10), .w17)
  }
}
