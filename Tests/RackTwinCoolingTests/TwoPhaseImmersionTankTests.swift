import RackTwinCooling
import XCTest

final class TwoPhaseImmersionTankTests: XCTestCase {
  static let condenser = TwoPhaseImmersionTank.Condenser(ua: 5000, waterFlow: 1.0, waterSupplyTemperature: 303.15)

  /// HFE-7100 at 101.325 kPa, by hand from the built-in data (3M Novec 7100; CoolantData.swift): T_sat = 3641.9/
  /// (22.415 − ln 101325) = 334.4595 K (61.31 °C); liquid at the table's end (61.0 °C): ρ_l = 1400 kg/m³,
  /// μ_l = 0.41851 mPa·s, c_p = 1255 J/kg/K, k = 0.061963 W/m/K, Pr = 8.4766; h_fg (Watson) = 111.90 kJ/kg,
  /// σ = 10.372 mN/m, ρ_v = 9.1114 kg/m³ (ideal gas). Zuber (C = π/24): q''_CHF = 152.49 kW/m². Rohsenow with
  /// C_sf = 0.005, n = 1.7 (`BoilingSurface` defaults): ΔT_e = 20.756 K at 100 kW/m²; 10.777 K at 700 W over a
  /// 0.05 m² heat sink (14 kW/m², q/q_CHF = 0.0918); a 700 W bare 30 × 30 mm die is 778 kW/m², 5.10 × CHF.
  /// Tolerances 0.1 % (CHF), 0.01 K (superheats): the hand values' digits.
  func testComponentsSitAtSaturationPlusRohsenowSuperheatAndBareDieExceedsCHF() throws {
    let tank = try TwoPhaseImmersionTank(coolant: .hfe7100, pressure: 101_325, surfaces: [
      .init(name: "flux100k", power: 100, area: 1e-3),
      .init(name: "gpu-heatsink", power: 700, area: 0.05, junctionResistance: 0.02),
      .init(name: "gpu-bare", power: 700, area: 0.0009),
    ], condenser: Self.condenser)
    let s = try tank.state()
    XCTAssertEqual(s.saturationTemperature, 334.4595, accuracy: 1e-4)
    XCTAssertEqual(s.criticalHeatFlux, 152.49e3, accuracy: 0.001 * 152.49e3)
    XCTAssertEqual(s.surfaces[0].superheat, 20.756, accuracy: 0.01)
    XCTAssertEqual(s.surfaces[1].superheat, 10.777, accuracy: 0.01)
    XCTAssertEqual(s.surfaces[1].surfaceTemperature, s.saturationTemperature + s.surfaces[1].superheat, accuracy: 1e-12)
    XCTAssertEqual(s.surfaces[1].junctionTemperature, s.surfaces[1].surfaceTemperature + 14, accuracy: 1e-9)
    XCTAssertEqual(s.surfaces[1].chfRatio, 0.0918, accuracy: 1e-4)
    XCTAssertFalse(s.surfaces[1].exceedsCHF)
    XCTAssertEqual(s.surfaces[2].chfRatio, 5.10, accuracy: 0.01)
    XCTAssertTrue(s.surfaces[2].exceedsCHF)
  }

  /// Condenser (C_r = 0, Incropera eq. 11.35a): UA 5000 W/K, water 1.0 kg/s at 30 °C (c_p 4179.8 J/kg/K, IAPWS):
  /// ε = 1 − e^(−5000/4179.8) = 0.697668, capacity at T_sat 61.31 °C = 0.697668 × 4179.8 × 31.3095 = 91.302 kW.
  /// A 100 kW load exceeds it: vapour builds up, margin −8.698 kW (−8.7 %); the condenser would hold the load at
  /// T_sat = 30 + 100000/(0.697668 × 4179.8) = 64.292 °C, p = e^(22.415 − 3641.9/337.442) = 111.56 kPa.
  /// Tolerances 1 W and 0.01 kPa: hand values' digits.
  func testCondenserCapacityLimitIsAReportedVapourBuildUp() throws {
    let tank = try TwoPhaseImmersionTank(coolant: .hfe7100, pressure: 101_325,
                                         surfaces: (0..<100).map { .init(name: "s\($0)", power: 1000, area: 0.08) },
                                         condenser: Self.condenser)
    let s = try tank.state()
    XCTAssertEqual(s.condenserCapacity, 91_302, accuracy: 1)
    XCTAssertTrue(s.vapourBuildUp)
    XCTAssertEqual(s.condenserMargin, 91_302 - 100_000, accuracy: 1)
    XCTAssertEqual(s.condenserMarginFraction, -0.08698, accuracy: 1e-5)
    XCTAssertEqual(try XCTUnwrap(s.holdingSaturationTemperature) - 273.15, 64.292, accuracy: 0.001)
    XCTAssertEqual(try XCTUnwrap(s.holdingPressure), 111.56e3, accuracy: 10)
    XCTAssertEqual(s.heatToWater, s.condenserCapacity, accuracy: 1e-9)
    XCTAssertEqual(s.vapourGeneration, 100_000 / 111.90e3, accuracy: 1e-4)
    // Half the load fits: no build-up, the water takes all of it.
    let half = try TwoPhaseImmersionTank(coolant: .hfe7100, pressure: 101_325,
                                         surfaces: [.init(name: "s", power: 50e3, area: 4)], condenser: Self.condenser)
    let h = try half.state()
    XCTAssertFalse(h.vapourBuildUp)
    XCTAssertEqual(h.heatToWater, 50e3, accuracy: 1e-9)
    XCTAssertEqual(h.waterReturnTemperature - 303.15, 50e3 / 4179.8, accuracy: 1e-3)
  }

  /// Issue 15's bad input: a bath asked to run below saturation with boiling is an error naming T_sat; a single-phase
  /// coolant has no saturation.
  func testSubcooledBathAndSinglePhaseFluidAreErrors() {
    XCTAssertThrowsError(try TwoPhaseImmersionTank(coolant: .hfe7100, pressure: 101_325, liquidTemperature: 323.15,
                                                   surfaces: [], condenser: Self.condenser)) { e in
      XCTAssertTrue("\(e)".contains("61.31 °C") && "\(e)".contains("below saturation"), "\(e)")
    }
    XCTAssertNoThrow(try TwoPhaseImmersionTank(coolant: .hfe7100, pressure: 101_325, liquidTemperature: 334.3,
                                               surfaces: [], condenser: Self.condenser))
    XCTAssertThrowsError(try TwoPhaseImmersionTank(coolant: .pao6, pressure: 101_325, surfaces: [],
                                                   condenser: Self.condenser)) { e in
      XCTAssertTrue("\(e)".contains("pao6"), "\(e)")
    }
  }
}
