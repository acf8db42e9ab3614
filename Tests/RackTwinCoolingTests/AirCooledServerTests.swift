import RackTwinCooling
import XCTest

final class AirCooledServerTests: XCTestCase {
  /// Parabolic fan curve against a quadratic system curve has the closed-form operating point
  /// V̇ = √(ΔP₀ / (ΔP₀/V̇₀² + K)) (bank of 4 fans: V̇₀ = 4 × 0.05 m³/s, ΔP₀ = 600 Pa, K = 10000 Pa·s²/m⁶:
  /// √(600/(15000 + 10000)) = 0.154919 m³/s). Tolerance 1e-9 relative: bisection to 1e-14.
  func testFanCurveMeetsQuadraticSystemInClosedForm() throws {
    let fan = try FanCurve(shutOffPressure: 600, freeDelivery: 0.05, count: 4, efficiency: 0.3)
    let v = try XCTUnwrap(fan.operatingFlow { 10000 * $0 * $0 })
    XCTAssertEqual(v, (600 / (600 / 0.04 + 10000)).squareRoot(), accuracy: 1e-9 * v)
    XCTAssertEqual(v, 0.154919, accuracy: 1e-6)
    // Affinity laws: at 80 % speed the operating flow on a quadratic system scales with speed.
    let slow = try FanCurve(shutOffPressure: 600, freeDelivery: 0.05, count: 4, speed: 0.8, efficiency: 0.3)
    XCTAssertEqual(try XCTUnwrap(slow.operatingFlow { 10000 * $0 * $0 }), 0.8 * v, accuracy: 1e-9 * v)
  }

  /// A passive rear door's ΔP = K_d V̇² adds to the server's: V̇ = √(ΔP₀/(ΔP₀/V̇₀² + K + K_d)); with K_d = K the
  /// flow of the example above falls to √(600/35000) = 0.130931 m³/s (−15.5 %). Tolerance 1e-9 relative.
  func testAddedDoorResistanceLowersFanAirflow() throws {
    let fan = try FanCurve(shutOffPressure: 600, freeDelivery: 0.05, count: 4, efficiency: 0.3)
    let s = try AirCooledServer(name: "rack", power: 20e3, airflow: .fanCurve(fan, systemCoefficient: 10000))
    let free = try s.state(inletTemperature: 298.15)
    let loaded = try s.state(inletTemperature: 298.15) { 10000 * $0 * $0 }
    XCTAssertEqual(loaded.airflow, (600.0 / 35000).squareRoot(), accuracy: 1e-9)
    XCTAssertLessThan(loaded.airflow, free.airflow)
    // Fan power V̇ΔP/η at the operating point: 0.130931 × 600 (1 − (0.130931/0.2)²)/0.3 = 149.635 W.
    XCTAssertEqual(loaded.fanPower, 149.635, accuracy: 0.001)
  }

  /// Per-kW rule: 120 CFM/kW = 5.6634e-5 m³/s per W. At 25 °C air (ρ = 101325/(287.05 × 298.15) = 1.18391 kg/m³,
  /// c_p = 1007 J/kg/K, Incropera Table A.4) the exhaust rises P/(ρV̇c_p) = 1/(1.18391 × 5.6634e-5 × 1007) = 14.81 K
  /// for the IT load; fans add their V̇ΔP/η. Tolerance 0.01 K: c_p interpolated (1007.1 at 298 K).
  func testPerKilowattRuleExhaustRiseIsTheEnergyBalance() throws {
    let s = try AirCooledServer(name: "rack", power: 30e3, airflow: .perWatt(5.6634e-5, systemCoefficient: 0,
                                                                             fanEfficiency: 0.3))
    let st = try s.state(inletTemperature: 298.15)
    XCTAssertEqual(st.fanPower, 0)
    XCTAssertEqual(st.exhaustTemperature - st.inletTemperature, 14.81, accuracy: 0.01)
  }

  /// Plate-fin heat sink, W = L = 0.1 m, H = 40 mm, t = 1 mm, 30 aluminium fins (k = 200), R_base = 0.01 K/W,
  /// 80 % of 0.02 m³/s through the fins, air at 300 K. Hand evaluation (Sutherland air, c_p 1007): b = 2.414 mm,
  /// V_ch = 5.714 m/s, Re_b = 879.2, Re*_b = 21.22, Nu_b = 3.5214 (Teertstra 2000), h = 38.27 W/m²K, η_f = 0.8360,
  /// η_o = 0.8406, A = 0.247 m², ṁc_p = 18.958 W/K, R = 0.01 + 1/[18.958(1 − e^(−0.8406·38.27·0.247/18.958))]
  /// = 0.16406 K/W. Tolerance 2e-4 K/W: c_p 1007 vs the table's 1007.0 and rounding of the hand values.
  func testPlateFinHeatSinkResistanceHandValue() throws {
    let hs = try PlateFinHeatSink(width: 0.1, length: 0.1, finHeight: 0.04, finThickness: 0.001, finCount: 30,
                                  conductivity: 200, baseResistance: 0.01, flowFraction: 0.8)
    let r = try hs.resistance(airflow: 0.02, airTemperature: 300)
    XCTAssertEqual(r, 0.16406, accuracy: 2e-4)
    // The exchanger form's floor: never below R_base + 1/(ṁc_p) even at huge hA.
    XCTAssertGreaterThan(r, 0.01 + 1 / 18.958)
    // A server with this sink: case = inlet + P·R.
    let s = try AirCooledServer(name: "srv", power: 500, airflow: .perWatt(0.02 / 500, systemCoefficient: 0, fanEfficiency: 0.3),
                                components: [.init(name: "cpu", power: 300, heatSink: hs)])
    let st = try s.state(inletTemperature: 300)
    XCTAssertEqual(try XCTUnwrap(st.componentTemperatures["cpu"]) - 300, 300 * r, accuracy: 1e-9)
  }

  func testFansThatCannotMoveAirAreAnError() throws {
    let fan = try FanCurve(shutOffPressure: 100, freeDelivery: 0.05, efficiency: 0.3)
    let s = try AirCooledServer(name: "rack", power: 1e3, airflow: .fanCurve(fan, systemCoefficient: 1))
    XCTAssertThrowsError(try s.state(inletTemperature: 298.15) { _ in 200 }) { e in
      XCTAssertTrue("\(e)".contains("rack fans"), "\(e)")
    }
    XCTAssertThrowsError(try FanCurve(shutOffPressure: 100, freeDelivery: 0, efficiency: 0.3))
  }
}
