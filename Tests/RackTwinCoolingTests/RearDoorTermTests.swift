import Foundation
import RackTwinCooling
import RackTwinMesh
import RackTwinThermal
import XCTest

/// The rear door as a term (`RearDoorTerm`) on a model without cells: its own unknowns (exhaust, leaving air, water
/// return) against the device model, and its heat streams closing the balance.
final class RearDoorTermTests: XCTestCase {
  static let room = 297.15
  static let rule = 5.6634e-5   // 120 CFM/kW, m³/s per W

  /// A door rated at 85 % of a 20 kW rack (120 CFM/kW, 18 °C water at 0.63 kg/s) on the 20 kW rack: the term's
  /// three unknowns solve q = ε C_min (T_exhaust − T_w) with the exhaust from C_a (T_e − T_room) = P, and the capture
  /// is the rated 17 kW within 0.1 % (air c_p at the exhaust in the term against at the inlet in the rating's
  /// exhaust, 0.02 %). The streams balance: 20 kW in, water + room air out (1e-9 relative: round-off).
  func testDoorTermGivesTheRatedCaptureAndBalances() throws {
    let rack = try AirCooledServer(name: "rack", power: 20e3, airflow: .perWatt(Self.rule, systemCoefficient: 0, fanEfficiency: 1))
    let s0 = try rack.state(inletTemperature: Self.room)
    let door = try RearDoorHeatExchanger(rating: .init(airFlow: s0.massFlow, waterFlow: 0.63,
                                                       airInletTemperature: s0.exhaustTemperature,
                                                       waterInletTemperature: 291.15, capturedHeat: 17e3,
                                                       airPressureDrop: 0), kind: .passive)
    let term = try RearDoorTerm(door: door, servers: rack, roomTemperature: Self.room, roomDewPoint: 285.15,
                                waterSupplyTemperature: 291.15, waterFlow: 0.63)
    let s = try solveWithoutCells(term)
    XCTAssertEqual(termMetric(s, "rearDoor.door_captured_heat"), 17e3, accuracy: 1e-3 * 17e3)
    XCTAssertEqual(s.termTemperature[0], s0.exhaustTemperature, accuracy: 0.01)   // c_p at exhaust vs inlet
    XCTAssertLessThan(s.energyBalance.relative, 1e-9)
    XCTAssertEqual(s.energyBalance.heatIn, 20e3, accuracy: 1e-6)
    XCTAssertEqual(termMetric(s, "rearDoor.heat_to_liquid") + termMetric(s, "rearDoor.heat_to_air"), 20e3, accuracy: 1e-6)
    // The device's own state agrees on the capture (same ε, exhaust within 0.01 K).
    XCTAssertEqual(termMetric(s, "rearDoor.door_captured_heat"), term.state.capturedHeat, accuracy: 1e-3 * 17e3)
    XCTAssertEqual(termMetric(s, "rearDoor.condensation_warning"), 0)
    // Water at 10 °C below the 12 °C dew point: the warning.
    let cold = try RearDoorTerm(door: door, servers: rack, roomTemperature: Self.room, roomDewPoint: 285.15,
                                waterSupplyTemperature: 283.15, waterFlow: 0.63)
    XCTAssertEqual(termMetric(try solveWithoutCells(cold), "rearDoor.condensation_warning"), 1)
    // Zero water flow is an error naming the key.
    XCTAssertThrowsError(try RearDoorTerm(door: door, servers: rack, roomTemperature: Self.room, roomDewPoint: 285.15,
                                          waterSupplyTemperature: 291.15, waterFlow: 0)) { e in
      XCTAssertTrue("\(e)".contains("rearDoor.waterFlow"), "\(e)")
    }
  }

}
