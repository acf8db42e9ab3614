import RackTwinCooling
import XCTest

final class BoilingTests: XCTestCase {
  /// Incropera et al. (2007), 6th ed., Example 10.1: water at 1 atm boiling on a polished copper pan at 118 °C
  /// (ΔT_e = 18 K); saturated properties (Table A.6): ρ_l = 957.9, ρ_v = 0.5955 kg/m³, c_p,l = 4217 J/kg/K,
  /// μ_l = 279e-6 N·s/m², Pr_l = 1.76, h_fg = 2257 kJ/kg, σ = 58.9e-3 N/m; C_sf = 0.0128, n = 1.0 (Table 10.1);
  /// g = 9.8. The example gives q''_s = 836 kW/m² (q = 59.1 kW over the 0.3 m pan) and q''_max = 1.26 MW/m² (eq. 10.6,
  /// C = 0.149). Tolerances: the example's 3 significant figures (0.1 % for q''_s and q, half a unit of the last
  /// digit, 0.005 MW/m², for q''_max).
  static let water = BoilingFluidProperties(liquidDensity: 957.9, vapourDensity: 0.5955, liquidViscosity: 279e-6,
                                            liquidSpecificHeat: 4217, liquidPrandtl: 1.76, latentHeat: 2257e3,
                                            surfaceTension: 58.9e-3)

  func testRohsenowMatchesIncroperaExample10_1() {
    let q = rohsenowHeatFlux(excessTemperature: 18, liquid: Self.water, csf: 0.0128, n: 1.0, gravity: 9.8)
    XCTAssertEqual(q, 836e3, accuracy: 0.001 * 836e3)
    XCTAssertEqual(q * Double.pi * 0.15 * 0.15, 59.1e3, accuracy: 0.001 * 59.1e3)
    // The inverse gives back ΔT_e (round-off only).
    XCTAssertEqual(rohsenowSuperheat(heatFlux: q, liquid: Self.water, csf: 0.0128, n: 1.0, gravity: 9.8), 18,
                   accuracy: 1e-9)
  }

  func testZuberWithLienhardDhirConstantMatchesIncroperaExample10_1() {
    let q = zuberCriticalHeatFlux(Self.water, constant: 0.149, gravity: 9.8)
    XCTAssertEqual(q, 1.26e6, accuracy: 0.005e6)   // 1.2582 MW/m²: the example's last digit
  }

  /// Zuber for HFE-7100 at 1 atm, by hand from 3M Novec 7100 product information at the boiling point (61 °C):
  /// σ = 10.4 mN/m, ρ_l = 1400 kg/m³, ρ_v = 9.1 kg/m³, h_fg = 112 kJ/kg; g = 9.80665 m/s², C = π/24:
  /// σg(ρ_l − ρ_v)/ρ_v² = 0.0104 · 9.80665 · 1390.9 / 82.81 = 1.71315; ^(1/4) = 1.14406;
  /// q''_CHF = 0.1309 · 112000 · 9.1 · 1.14406 = 152.6 kW/m² (15.3 W/cm²). Tolerance 0.1 kW/m²: the hand rounding.
  /// From the built-in coolant (ideal-gas ρ_v 9.0 kg/m³, Watson h_fg, the table's ρ_l) within 2 %.
  func testZuberForHFE7100MatchesHandCalculation() throws {
    let hand = BoilingFluidProperties(liquidDensity: 1400, vapourDensity: 9.1, liquidViscosity: 0.37e-3,
                                      liquidSpecificHeat: 1255, liquidPrandtl: 8, latentHeat: 112e3,
                                      surfaceTension: 10.4e-3)
    XCTAssertEqual(zuberCriticalHeatFlux(hand), 152.6e3, accuracy: 100)
    let sat = try XCTUnwrap(Coolant.hfe7100.saturation)
    let tSat = try sat.saturationTemperature(at: 101_325)
    let built = try BoilingFluidProperties(coolant: .hfe7100, saturationTemperature: tSat)
    XCTAssertEqual(zuberCriticalHeatFlux(built), 152.6e3, accuracy: 0.02 * 152.6e3)
  }

  /// A single-phase coolant has no saturation data: an error naming the fluid, not a number.
  func testSinglePhaseCoolantHasNoBoilingProperties() {
    XCTAssertThrowsError(try BoilingFluidProperties(coolant: .pao6, saturationTemperature: 340)) { e in
      XCTAssertTrue("\(e)".contains("pao6"), "\(e)")
    }
  }
}
