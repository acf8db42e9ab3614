import RackTwinCooling
import XCTest

final class CoolantTests: XCTestCase {
  /// NIST Chemistry WebBook (IAPWS-95, IAPWS 2008/2011 transport) at 101.325 kPa, between table rows:
  /// 37 °C: ρ 993.33 kg/m³, μ 0.69130 mPa·s, c_p 4179.2 J/kg/K, k 0.62448 W/m/K;
  /// 62.5 °C: 981.89, 0.44896, 4186.1, 0.65334. Tolerances are the interpolation errors at 5 K spacing,
  /// (h²/8)·|f''|: 1e-4 relative (ρ, c_p), 2e-4 (k, the most curved: 1.04e-4 at worst) and 1e-3 (μ, log-linear).
  func testWaterBetweenRowsAgainstNISTWebBook() throws {
    let cases: [(Double, [Double])] = [(37, [993.33, 0.69130e-3, 4179.2, 0.62448]),
                                       (62.5, [981.89, 0.44896e-3, 4186.1, 0.65334])]
    for (t, want) in cases {
      let p = try Coolant.water.properties(at: t + 273.15)
      XCTAssertEqual(p.density, want[0], accuracy: 1e-4 * want[0])
      XCTAssertEqual(p.viscosity, want[1], accuracy: 1e-3 * want[1])
      XCTAssertEqual(p.specificHeat, want[2], accuracy: 1e-4 * want[2])
      XCTAssertEqual(p.conductivity, want[3], accuracy: 2e-4 * want[3])
    }
  }

  /// An independent, older table: Incropera et al. (2007) Table A.6, saturated water at 300 K: v_f = 1.003e-3 m³/kg
  /// (ρ 997.0), c_p 4179 J/kg/K, μ 855e-6 Pa·s, k 0.613 W/m/K. Tolerance 1 %: the table predates IAPWS-95/2008/2011
  /// (its k differs by 0.6 %).
  func testWaterAgainstIncroperaTableA6() throws {
    let p = try Coolant.water.properties(at: 300)
    XCTAssertEqual(p.density, 997.0, accuracy: 0.01 * 997)
    XCTAssertEqual(p.specificHeat, 4179, accuracy: 0.01 * 4179)
    XCTAssertEqual(p.viscosity, 855e-6, accuracy: 0.01 * 855e-6)
    XCTAssertEqual(p.conductivity, 0.613, accuracy: 0.01 * 0.613)
  }

  /// Enthalpy is ∫c_p dT from 25 °C: h(25 °C) = 0, and h(T₂) − h(T₁) equals a fine Simpson integral of c_p(T)
  /// (2000 panels; c_p is piecewise linear so Simpson is exact per panel up to rounding: 1e-9 relative). The inverse
  /// temperature(enthalpy:) returns T within 1e-9 K.
  func testEnthalpyIsTheIntegralOfSpecificHeatForEveryFluid() throws {
    for fluid in Coolant.builtIn {
      XCTAssertEqual(try fluid.enthalpy(at: Coolant.referenceTemperature), 0, accuracy: 1e-9, fluid.name)
      let t1 = fluid.range.lowerBound + 0.13 * (fluid.range.upperBound - fluid.range.lowerBound)
      let t2 = fluid.range.lowerBound + 0.91 * (fluid.range.upperBound - fluid.range.lowerBound)
      let n = 2000
      let h = (t2 - t1) / Double(n)
      var sum = 0.0
      for i in 0...n {
        let w: Double = i == 0 || i == n ? 1 : (i % 2 == 1 ? 4 : 2)
        sum += w * (try fluid.specificHeat(at: t1 + Double(i) * h))
      }
      let integral = sum * h / 3
      let dh = try fluid.enthalpy(at: t2) - fluid.enthalpy(at: t1)
      XCTAssertEqual(dh, integral, accuracy: 1e-6 * abs(integral), fluid.name)
      for t in [t1, 0.5 * (t1 + t2), t2] {
        XCTAssertEqual(try fluid.temperature(enthalpy: try fluid.enthalpy(at: t)), t, accuracy: 1e-9, fluid.name)
      }
    }
  }

  /// Freezing points, ASHRAE Handbook—Fundamentals (2017), ch. 31, Tables 1 and 4 (by mass): propylene glycol
  /// 25 % about −10 °C, 40 % about −21 °C; ethylene glycol 30 % about −15 °C. Each table starts at its
  /// fluid's freezing point; tolerance 1.5 K (the sources differ by about 1 K and the values are quoted rounded).
  func testGlycolTablesStartAtPublishedFreezingPoints() {
    XCTAssertEqual(Coolant.propyleneGlycol25.range.lowerBound - 273.15, -10, accuracy: 1.5)
    XCTAssertEqual(Coolant.propyleneGlycol40.range.lowerBound - 273.15, -21, accuracy: 1.5)
    XCTAssertEqual(Coolant.ethyleneGlycol30.range.lowerBound - 273.15, -15, accuracy: 1.5)
  }

  /// Glycol mixtures are denser, more viscous and carry less heat per kg than water at the same temperature, and
  /// more glycol makes each effect larger (ASHRAE Fundamentals ch. 31 trends). At 20 °C: PG25 μ ≈ 2.4× water's.
  func testGlycolPropertiesOrderAgainstWater() throws {
    let t = 293.15
    let w = try Coolant.water.properties(at: t)
    let pg25 = try Coolant.propyleneGlycol25.properties(at: t)
    let pg40 = try Coolant.propyleneGlycol40.properties(at: t)
    XCTAssertGreaterThan(pg25.density, w.density)
    XCTAssertGreaterThan(pg40.density, pg25.density)
    XCTAssertLessThan(pg25.specificHeat, w.specificHeat)
    XCTAssertLessThan(pg40.specificHeat, pg25.specificHeat)
    XCTAssertLessThan(pg40.conductivity, pg25.conductivity)
    XCTAssertEqual(pg25.viscosity / w.viscosity, 2.44, accuracy: 0.25)
  }

  /// 3M Novec 7100 product information, quoted in issue 13: at 25 °C ρ 1510 kg/m³, μ 0.58 mPa·s, c_p 1183 J/kg/K,
  /// k 0.069 W/m/K, σ 13.6 mN/m, vapour pressure 27 kPa; boiling point 61 °C with h_fg 112 kJ/kg; at saturation
  /// (1 atm) ρ ≈ 1400 kg/m³, c_p 1255 J/kg/K, σ 10.4 mN/m, vapour 9.1 kg/m³. Tolerance 0.5 % on the anchored 25 °C
  /// values, 1 % at saturation (the data sheet rounds to 2–3 digits; T_sat from the vapour-pressure equation is
  /// 61.3 °C), 0.5 K on T_sat and 3 % on the vapour pressure (27 kPa quoted to 2 digits).
  func testHFE7100MatchesTheDatasheet() throws {
    let fluid = Coolant.hfe7100
    let sat = try XCTUnwrap(fluid.saturation)
    let p25 = try fluid.properties(at: 298.15)
    XCTAssertEqual(p25.density, 1510, accuracy: 0.005 * 1510)
    XCTAssertEqual(p25.viscosity, 0.58e-3, accuracy: 0.005 * 0.58e-3)
    XCTAssertEqual(p25.specificHeat, 1183, accuracy: 0.005 * 1183)
    XCTAssertEqual(p25.conductivity, 0.069, accuracy: 0.005 * 0.069)
    XCTAssertEqual(try sat.surfaceTension(at: 298.15), 13.6e-3, accuracy: 0.005 * 13.6e-3)
    XCTAssertEqual(try sat.saturationPressure(at: 298.15), 27e3, accuracy: 0.03 * 27e3)
    let tSat = try sat.saturationTemperature(at: 101_325)
    XCTAssertEqual(tSat - 273.15, 61, accuracy: 0.5)
    let tLiquid = min(tSat, fluid.range.upperBound)
    XCTAssertEqual(try fluid.density(at: tLiquid), 1400, accuracy: 0.01 * 1400)
    XCTAssertEqual(try fluid.specificHeat(at: tLiquid), 1255, accuracy: 0.01 * 1255)
    XCTAssertEqual(try sat.latentHeat(at: tSat), 112e3, accuracy: 0.01 * 112e3)
    XCTAssertEqual(try sat.surfaceTension(at: tSat), 10.4e-3, accuracy: 0.01 * 10.4e-3)
    XCTAssertEqual(try sat.vapourDensity(at: tSat), 9.1, accuracy: 0.01 * 9.1)
    // Latent heat falls and T_sat rises with pressure (Watson; Clausius–Clapeyron).
    XCTAssertGreaterThan(try sat.saturationTemperature(at: 2e5), tSat + 15)
    XCTAssertLessThan(try sat.latentHeat(at: 360), try sat.latentHeat(at: tSat))
  }

  /// Dry air, Incropera et al. (2007) Table A.4 at 300 K: μ 184.6e-7 Pa·s, k 26.3e-3 W/m/K, c_p 1007 J/kg/K; and
  /// ρ = 1.2041 kg/m³ at 20 °C, 101.325 kPa (ideal gas, M = 28.965 g/mol). Tolerances 1 % (μ, k: Sutherland
  /// within 2 % of data, here much closer), 0.1 % (c_p, ρ).
  func testAirAgainstIncroperaTableA4() throws {
    let p = try Coolant.air.properties(at: 300)
    XCTAssertEqual(p.viscosity, 184.6e-7, accuracy: 0.01 * 184.6e-7)
    XCTAssertEqual(p.conductivity, 26.3e-3, accuracy: 0.01 * 26.3e-3)
    XCTAssertEqual(p.specificHeat, 1007, accuracy: 1)
    XCTAssertEqual(try Coolant.air.density(at: 293.15), 1.2041, accuracy: 0.001 * 1.2041)
  }

  /// The dielectric oils reproduce their data sheets' kinematic viscosities at 40 and 100 °C (ASTM D341 passes
  /// through both; 1e-6 for rounding) and their reference densities (PAO-6 0.827·999 kg/m³ at 15.6 °C, MIDEL 7131
  /// 970 kg/m³ at 20 °C; 1e-4 for interpolation). Cragoe's oil conductivity at 0 °C for s = 0.827 is
  /// 0.1167/0.827 = 0.1411 W/m/K (NBS Misc. Publ. 97).
  func testOilsReproduceTheirDatasheetPoints() throws {
    let nu = { (c: Coolant, t: Double) throws -> Double in
      let p = try c.properties(at: t + 273.15)
      return p.kinematicViscosity * 1e6
    }
    XCTAssertEqual(try nu(.pao6, 40), 30.5, accuracy: 1e-6 * 30.5)
    XCTAssertEqual(try nu(.pao6, 100), 5.8, accuracy: 1e-6 * 5.8)
    XCTAssertEqual(try nu(.syntheticEster, 40), 28, accuracy: 1e-6 * 28)
    XCTAssertEqual(try nu(.syntheticEster, 100), 5.25, accuracy: 1e-6 * 5.25)
    XCTAssertEqual(try Coolant.pao6.density(at: 288.75), 0.827 * 999, accuracy: 1e-4 * 826)
    XCTAssertEqual(try Coolant.syntheticEster.density(at: 293.15), 970, accuracy: 1e-4 * 970)
    XCTAssertEqual(try Coolant.pao6.conductivity(at: 273.15), 0.1167 / 0.827, accuracy: 1e-9)
    // Viscosity rises steeply on cooling: PAO-6 at 0 °C is several times its 40 °C value.
    XCTAssertGreaterThan(try nu(.pao6, 0), 4 * 30.5)
  }

  /// A temperature outside the valid range throws, naming the fluid, the temperature and the range in °C.
  func testOutOfRangeTemperaturesAreReportedNotExtrapolated() {
    XCTAssertThrowsError(try Coolant.water.properties(at: 268.15, context: "element cp1")) { error in
      let text = "\(error)"
      XCTAssertTrue(text.contains("water") && text.contains("-5.00 °C") && text.contains("0.01 °C…100.00 °C")
                      && text.contains("element cp1"), text)
    }
    XCTAssertThrowsError(try Coolant.water.density(at: 378.15))               // boiling at 1 atm
    XCTAssertThrowsError(try Coolant.propyleneGlycol25.density(at: 258.15))   // frozen at −15 °C
    XCTAssertThrowsError(try Coolant.hfe7100.density(at: 343.15))             // boiling at 70 °C, 1 atm
    XCTAssertThrowsError(try Coolant.water.temperature(enthalpy: 1e6)) { error in
      XCTAssertTrue("\(error)".contains("water"), "\(error)")
    }
    XCTAssertThrowsError(try XCTUnwrap(Coolant.hfe7100.saturation).saturationTemperature(at: 5e6))
    XCTAssertThrowsError(try Coolant.water.density(at: .nan))
  }

  /// Built-in coolants are found by name, case-insensitively; unknown names give nil.
  func testNamedLookup() {
    XCTAssertEqual(Coolant.named("PG25")?.name, "pg25")
    XCTAssertNil(Coolant.named("brine"))
    XCTAssertEqual(Set(Coolant.builtIn.map(\.name)).count, Coolant.builtIn.count)
  }
}
