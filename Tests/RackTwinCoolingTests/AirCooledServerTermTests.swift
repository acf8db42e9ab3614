import Foundation
import RackTwinCooling
import RackTwinMesh
import RackTwinThermal
import XCTest

/// Air-cooled servers as a term (`AirCooledServerTerm`) on a model without cells: the exhaust air is its unknown.
final class AirCooledServerTermTests: XCTestCase {
  static let room = 297.15

  /// Air-cooled servers alone: the exhaust is T_room + (P + P_fan)/(ṁ c_p) (the device's energy balance, 1e-9 K) and
  /// all of it goes to the air.
  func testServerTermExhaustAndHeatToAir() throws {
    let fan = try FanCurve(shutOffPressure: 600, freeDelivery: 0.5, count: 4, efficiency: 0.35)
    let servers = try AirCooledServer(name: "rack", power: 40e3, airflow: .fanCurve(fan, systemCoefficient: 200))
    let st = try servers.state(inletTemperature: Self.room)
    let s = try solveWithoutCells(AirCooledServerTerm(servers: servers, roomTemperature: Self.room))
    XCTAssertEqual(s.termTemperature[0], st.exhaustTemperature, accuracy: 1e-9)
    XCTAssertEqual(termMetric(s, "airCooling.heat_to_air"), 40e3 + st.fanPower, accuracy: 1e-6)
    XCTAssertLessThan(s.energyBalance.relative, 1e-12)
  }

}
