import Foundation
import RackTwinCooling
import RackTwinFacility
import XCTest

final class FacilityModelTests: XCTestCase {
  let setpoint = 273.15 + 32
  let designAmbient = 273.15 + 25
  /// A 1.8 MW liquid-only rack on the Deschutes CDU at its rated flows.
  let load = RackLoad(itPower: 1.8e6, serverFanPower: 0.04e6, heatToLiquid: 1.8e6, heatToAir: 0)

  /// A plant whose dry cooler is sized so that, at 25 °C dry bulb and this load, full fans bring the FWS exactly to
  /// 32 °C: the free-cooling threshold is known, 25 °C.
  func plant(chiller: Chiller?, ambient: Double? = nil, control: SupplyControl? = nil,
             roomDewPoint: Double? = 273.15 + 15) throws -> FacilityModel {
    let cdu = try CDU(design: .googleDeschutes)
    let q = load.heatToLiquid + cdu.pumpPower(tcsFlow: 31.48)
    let c = 32.30 * (try Coolant.water.specificHeat(at: setpoint))
    let dc = try DryCooler(designHeat: q, designAmbient: designAmbient, designWaterIn: setpoint + q / c,
                           designWaterOut: setpoint, designFanPower: 25e3)
    return try FacilityModel(cdu: cdu, tcsFlow: 31.48, fwsFlow: 32.30, fwsPumpDesignPower: 30e3, fwsPumpDesignFlow: 32.30,
                             heatRejection: .dryCooler(dc), chiller: chiller, crah: try CRAH(),
                             powerChain: try PowerChain.typical(rating: 2e6), control: control ?? .fixed(setpoint),
                             roomDewPoint: roomDewPoint,
                             designAmbient: Ambient(dryBulb: ambient ?? designAmbient, dewPoint: 273.15 + 10),
                             designLoad: load)
  }

  /// Hour i at −10 + 50 (i + ½)/8760 °C (K).
  func rampDryBulb() -> [Double] {
    (0..<8760).map { (i: Int) -> Double in 263.15 + 50.0 * (Double(i) + 0.5) / 8760.0 }
  }

  /// PUE from metered end uses against a hand calculation at the design ambient (full fans, no chiller):
  /// IT 1,800 kW (server fans included); CDU pump 74 kW (rated flow); FWS pump 30 kW; dry-cooler fans 25 kW; no
  /// CRAH, no chiller. UPS and PDU losses are counted at the utility meter as P/η − P on the IT feed only: PDU at
  /// 90 % of its 2 MW rating, η = 0.990 − 0.002·(0.9 − 0.75)/0.25 = 0.9888, input 1,820,388.3 W (loss 20,388.3 W);
  /// UPS at 0.910194 load, η = 0.96, input 1,896,237.9 W (loss 75,849.6 W). Facility 2,025,237.9 W, PUE 1.125132;
  /// ITUE = 1800/1760, TUE = PUE·ITUE; partial PUE of cooling = (1800 + 129)/1800.
  func testPUEFromMeteredEndUsesAgainstHandCalculation() throws {
    let model = try plant(chiller: nil)
    let p = try model.evaluate(load: load, ambient: Ambient(dryBulb: designAmbient, dewPoint: 273.15 + 10))
    let pduIn = 1.8e6 / (0.990 - 0.002 * (0.9 - 0.75) / 0.25)
    let upsIn = pduIn / 0.96
    let facility = 1.8e6 + 74e3 + 30e3 + 25e3 + (upsIn - 1.8e6)
    XCTAssertEqual(p.tcsPumpPower, 74e3, accuracy: 1e-6)
    XCTAssertEqual(p.fwsPumpPower, 30e3, accuracy: 1e-6)
    XCTAssertEqual(p.heatRejectionFanPower, 25e3, accuracy: 1e-3)  // fans at full speed to 1e-13 of design
    XCTAssertEqual(p.chillerPower, 0)
    XCTAssertEqual(p.pduLoss + p.upsLoss, upsIn - 1.8e6, accuracy: 1e-6)
    XCTAssertEqual(p.facilityPower, facility, accuracy: 1e-3)
    XCTAssertEqual(facility, 2_025_237.9, accuracy: 0.1)
    XCTAssertEqual(p.pue, facility / 1.8e6, accuracy: 1e-9)
    XCTAssertEqual(p.itue, 1.8 / 1.76, accuracy: 1e-12)
    XCTAssertEqual(p.tue, p.pue * 1.8 / 1.76, accuracy: 1e-12)
    XCTAssertEqual(p.coolingPartialPUE, (1.8e6 + 129e3) / 1.8e6, accuracy: 1e-9)
    XCTAssertEqual(p.fwsSupply, setpoint, accuracy: 1e-6)
    XCTAssertEqual(p.captureRatio, 1)
    // The TCS supply follows from the CDU at rated flows: FWS supply + an approach near the rated 3 K (the heat is
    // 1.874 MW, not 2 MW).
    XCTAssertEqual(p.tcsSupply - p.fwsSupply, 3 * 1.874 / 2, accuracy: 0.15)
  }

  /// Free-cooling hours on a synthetic year with a known answer: dry bulb rising evenly from −10 to 40 °C over 8,760
  /// hours (hour i at −10 + 50 (i + ½)/8760 °C). The plant free-cools fully exactly when the dry bulb is at most the
  /// dry cooler's 25 °C sizing point: (25 + 10)/50 · 8760 = 6,132 hours; the chiller runs the other 2,628.
  func testFreeCoolingHoursOnASyntheticYear() throws {
    let model = try plant(chiller: try Chiller())
    let db = rampDryBulb()
    let weather = WeatherSeries(name: "ramp", dryBulb: db, dewPoint: db.map { $0 - 10 },
                                pressure: Array(repeating: 101_325, count: 8760))
    let year = try AnnualFacility.run(model: model, weather: weather, designLoad: load,
                                      loadFraction: Array(repeating: 1, count: 8760))
    XCTAssertEqual(year.fullFreeCoolingHours, 6132)
    XCTAssertEqual(year.chillerHours, 2628)
    XCTAssertEqual(year.fwsChillerHours, 2628)
    XCTAssertEqual(year.hoursOutsideWaterClass, 0)
  }

  /// Without a chiller the same plant at a 30 °C design ambient cannot reach 32 °C: an error naming the dry cooler,
  /// the asked and the reachable supply. Over the ramp year (design ambient 25 °C) the supply floats above W32 in
  /// every hour warmer than 25 °C: 2,628 hours outside the class.
  func testChillerlessPlantErrorsAndCountsHoursOutsideTheClass() throws {
    XCTAssertThrowsError(try plant(chiller: nil, ambient: 273.15 + 30)) { error in
      let text = "\(error)"
      XCTAssertTrue(text.contains("dryCooler") && text.contains("32.0 °C") && text.contains("dry bulb 30.0 °C"), text)
    }
    let model = try plant(chiller: nil)
    let db = rampDryBulb()
    let weather = WeatherSeries(name: "ramp", dryBulb: db, dewPoint: db.map { $0 - 10 },
                                pressure: Array(repeating: 101_325, count: 8760))
    let year = try AnnualFacility.run(model: model, weather: weather, designLoad: load,
                                      loadFraction: Array(repeating: 1, count: 8760))
    XCTAssertEqual(year.hoursOutsideWaterClass, 2628)
    XCTAssertEqual(year.chillerHours, 0)
  }

  /// Annual PUE is energy-weighted. Half the hours at 20 % load and half at full load, in constant weather: the
  /// annual PUE is (F₁ + F₂)/(IT₁ + IT₂) from the two hourly points, not the mean of their PUEs (which it is not:
  /// the fixed pump power weighs more at low load).
  func testAnnualPUEIsEnergyWeighted() throws {
    let model = try plant(chiller: try Chiller())
    let amb = Ambient(dryBulb: 273.15 + 10, dewPoint: 273.15 + 5)
    let low = try model.evaluate(load: load.scaled(0.2), ambient: amb)
    let high = try model.evaluate(load: load, ambient: amb)
    let weather = WeatherSeries(name: "constant", dryBulb: Array(repeating: amb.dryBulb, count: 8760),
                                dewPoint: Array(repeating: amb.dewPoint, count: 8760),
                                pressure: Array(repeating: 101_325, count: 8760))
    let year = try AnnualFacility.run(model: model, weather: weather, designLoad: load,
                                      loadFraction: (0..<8760).map { (i: Int) -> Double in i % 2 == 0 ? 0.2 : 1.0 })
    let want = (low.facilityPower + high.facilityPower) / (low.itPower + high.itPower)
    XCTAssertEqual(year.pue, want, accuracy: 1e-12)
    XCTAssertEqual(year.meanHourlyPUE, (low.pue + high.pue) / 2, accuracy: 1e-12)
    XCTAssertGreaterThan(year.meanHourlyPUE - year.pue, 1e-3)
  }

  /// Condensation warning hours: with the room dew point following the outdoor one, a 32 °C supply sweats in the
  /// hours whose dew point exceeds 32 °C — synthetic dew points above 32 °C in exactly 100 hours.
  func testCondensationHoursCountSupplyBelowRoomDewPoint() throws {
    let model = try plant(chiller: try Chiller(), roomDewPoint: nil)
    let db = Array(repeating: 273.15 + 36, count: 8760)
    let dp = (0..<8760).map { (i: Int) -> Double in i < 100 ? 306.15 : 293.15 }
    let year = try AnnualFacility.run(model: model, weather: WeatherSeries(name: "humid", dryBulb: db, dewPoint: dp,
                                                                            pressure: Array(repeating: 101_325, count: 8760)),
                                      designLoad: load, loadFraction: Array(repeating: 1, count: 8760))
    XCTAssertEqual(year.condensationHours, 100)
  }

  /// Supply reset with ambient: dry bulb + 8 K clamped to 20…40 °C, class W40.
  func testAmbientResetControl() throws {
    let model = try plant(chiller: try Chiller(), control: .ambientReset(offset: 8, minimum: 273.15 + 20,
                                                                          maximum: 273.15 + 40))
    XCTAssertEqual(model.supplySetpoint(ambient: Ambient(dryBulb: 273.15 + 25, dewPoint: 283.15)), 273.15 + 33,
                   accuracy: 1e-12)
    XCTAssertEqual(model.supplySetpoint(ambient: Ambient(dryBulb: 273.15 + 5, dewPoint: 273.15)), 273.15 + 20)
    XCTAssertEqual(model.waterClass, .w40)
  }
}
