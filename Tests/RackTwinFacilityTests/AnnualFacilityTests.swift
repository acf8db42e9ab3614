import Foundation
import RackTwinFacility
import RackTwinIO
import XCTest

final class AnnualFacilityTests: XCTestCase {
  /// Fourteen 130 kW liquid-cooled racks (NVL72 class, 1.82 MW: 88 % to liquid, 3 kW of server fans per rack — a
  /// stand-in until the rack solution supplies these numbers) on the Deschutes CDU at its rated flows.
  let load = RackLoad(itPower: 14 * 130e3, serverFanPower: 14 * 3e3, heatToLiquid: 14 * 114.4e3,
                      heatToAir: 14 * 15.6e3)

  func model(supply: Double, tower: Bool) throws -> FacilityModel {
    let rejection: HeatRejection = tower
      ? .coolingTower(try CoolingTower(designHeat: 2e6, designWetBulb: 273.15 + 24, designApproach: 4, designRange: 12,
                                       designFanPower: 20e3))
      : .dryCooler(try DryCooler(designHeat: 2e6, designAmbient: 273.15 + 35, designWaterIn: 273.15 + 52,
                                 designWaterOut: 273.15 + 40, designFanPower: 40e3))
    return try FacilityModel(cdu: try CDU(design: .googleDeschutes), tcsFlow: 31.48, fwsFlow: 32.30,
                             fwsPumpDesignPower: 30e3, fwsPumpDesignFlow: 32.30, heatRejection: rejection,
                             chiller: try Chiller(), crah: try CRAH(), powerChain: try PowerChain.typical(rating: 2e6),
                             control: .fixed(supply), designAmbient: Ambient(dryBulb: 273.15 + 35, dewPoint: 273.15 + 20),
                             designLoad: load)
  }

  /// Raising the FWS supply can only help the plant: annual chiller energy and the hours the chiller runs for the
  /// facility water do not rise from 30 to 45 °C, in Chicago (real TMY3) and Phoenix (generated); annual PUE follows. Prints the table for
  /// the report (design point at the 0.4 % design ambient, and annual, with the time per annual run).
  func testSupplyTemperatureSweepInTwoClimates() throws {
    let epw = try EPWFile.read(path: chicagoEPWPath)
    let climates = [
      WeatherSeries(name: "Chicago TMY3", dryBulb: epw.dryBulb, dewPoint: epw.dewPoint, pressure: epw.pressure),
      ClimateGenerator.year(.phoenix, seed: 1),
    ]
    let design = [Ambient(dryBulb: 273.15 + 33.3, dewPoint: 273.15 + 19.7, pressure: 98_934),
                  Ambient(dryBulb: 273.15 + 43.4, dewPoint: 273.15 + 8.0, pressure: 97_342)]
    var lines = ["climate, rejection, FWS °C, design PUE, design TUE, annual PUE, annual TUE, FWS chiller h, "
                 + "all chiller h, water m³, WUE L/kWh, reuse °C, s/year"]
    for (ci, weather) in climates.enumerated() {
      for tower in [false, true] {
        var lastChiller = Double.infinity, lastHours = Int.max
        for s in [30.0, 35, 40, 45] {
          let m = try model(supply: 273.15 + s, tower: tower)
          let d = try m.evaluate(load: load, ambient: design[ci])
          let start = Date()
          let y = try AnnualFacility.run(model: m, weather: weather, designLoad: load,
                                         loadFraction: Array(repeating: 1, count: weather.count))
          let seconds = Date().timeIntervalSince(start)
          XCTAssertLessThanOrEqual(y.chillerEnergy, lastChiller * (1 + 1e-9), "\(weather.name) \(s) °C")
          XCTAssertLessThanOrEqual(y.fwsChillerHours, lastHours, "\(weather.name) \(s) °C")
          lastChiller = y.chillerEnergy
          lastHours = y.fwsChillerHours
          lines.append([String(weather.name.prefix(12)), tower ? "tower" : "dry", txt(s, 0), txt(d.pue, 3),
                        txt(d.tue, 3), txt(y.pue, 3), txt(y.tue, 3), "\(y.fwsChillerHours)", "\(y.chillerHours)",
                        txt(y.water / 1000, 0), txt(y.wue, 3), txt(y.meanReturnTemperature - 273.15, 1),
                        txt(seconds, 3)].joined(separator: ", "))
        }
      }
    }
    print(lines.joined(separator: "\n"))
  }
}
