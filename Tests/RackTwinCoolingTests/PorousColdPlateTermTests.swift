import Foundation
import RackTwinCooling
import RackTwinThermal
import XCTest

/// The porous two-temperature fin stack (fidelity b) on the OAM-class plate (`FinPlateSlab.oamClass`: 0.2 mm copper
/// fins, 0.2 mm gaps, 3 mm tall, 50 × 50 mm, 2 mm base, 1000 W), water at 40 °C.
final class PorousColdPlateTermTests: XCTestCase {
  let tIn = 313.15
  let lpm = 1.0 / 60_000

  func massFlow(_ litresPerMinute: Double) throws -> Double {
    litresPerMinute * lpm * (try Coolant.water.density(at: tIn))
  }

  /// The stack's coefficients by hand: φ = 0.5, D_h = 2·0.2·3/3.2 = 0.375 mm, α = 1/15, a = 2/p = 5000 m²/m³,
  /// Nu_H1(1/15) = 8.235(1 − 2.0421α + 3.0853α² − 2.4765α³ + 1.0578α⁴ − 0.1861α⁵) = 7.2205 (Shah & London 1978),
  /// effective k along the fins 0.5 × 388 = 194 W/(m·K), across p/(t/k_s + s/k_f) ≈ 2k_f.
  func testStackCoefficientsByHand() throws {
    let s = try FinPlateSlab.oamClass().stack
    XCTAssertEqual(s.porosity, 0.5, accuracy: 1e-12)
    XCTAssertEqual(s.hydraulicDiameter, 0.375e-3, accuracy: 1e-12)
    XCTAssertEqual(s.wettedAreaDensity, 5000, accuracy: 1e-9)
    let a = 1.0 / 15
    let nuH1 = 8.235 * (1 - 2.0421 * a + 3.0853 * a * a - 2.4765 * pow(a, 3) + 1.0578 * pow(a, 4) - 0.1861 * pow(a, 5))
    XCTAssertEqual(nuH1, 7.2205, accuracy: 5e-4)
    // A long stack at low velocity: the VDI G1 mean tends to Nu_∞.
    let p = try Coolant.water.properties(at: tIn)
    let long = try FinStack(finThickness: 0.2e-3, gap: 0.2e-3, finHeight: 3e-3, length: 10, finConductivity: 388)
    XCTAssertEqual(try long.nusselt(channelVelocity: 0.01, properties: p), nuH1, accuracy: 2e-3 * nuH1)
    let k = s.solidConductivity(flowAxis: 0, heightAxis: 2, fluidConductivity: 0.6)
    XCTAssertEqual(k.x, 194, accuracy: 1e-9)
    XCTAssertEqual(k.z, 194, accuracy: 1e-9)
    XCTAssertEqual(k.y, 0.4e-3 / (0.2e-3 / 388 + 0.2e-3 / 0.6), accuracy: 1e-9)
    // Laminar only.
    assertCoolingError(["fin stack fin channels", "laminar"]) {
      _ = try s.nusselt(channelVelocity: 20, properties: p)
    }
  }

  /// Energy: the solve's balance (the fins' exchange with the coolant against the 1000 W) closes to 1e-6, and the
  /// coolant's own ṁ(h_out − h_in) of the outlet mix, an independent count, equals the power to 1e-6 (c̄ by Picard to
  /// 1e-9 K).
  func testEnergyBalance() throws {
    let plate = try FinPlateSlab.oamClass()
    let r = try plate.solvePorous(coolant: .water, massFlow: try massFlow(2), inletTemperature: tIn)
    print("porous 2 L/min: R \(r.resistance) K/W, cells \(r.cells), \(r.solveSeconds) s, balance \(r.energyBalance)")
    XCTAssertLessThanOrEqual(r.energyBalance, 1e-6)
    XCTAssertEqual(r.heatToLiquid, plate.power, accuracy: 1e-6 * plate.power)
    // Outlet from the first law on the water table.
    let hOut = try Coolant.water.enthalpy(at: tIn) + plate.power / (try massFlow(2))
    XCTAssertEqual(r.outletTemperature, try Coolant.water.temperature(enthalpy: hOut), accuracy: 1e-5)
  }

  /// 20 % less flow: the nominal solve's R gives the plate's UA through R = 1/[ṁc_p(1 − e^(−UA/ṁc_p))]; the same UA
  /// at 0.8 ṁ predicts R, so T_case − T_in, at the lower flow. The relation is that of a stream past an isothermal
  /// wall (Incropera 6th ed. Eq. 8.45b), so the plate sits on an idealised spreader (base k = 1e6 W/(m·K)) and the
  /// fins keep copper's 388: the stack's UA (fins with their efficiency, and floor) is then all the plate has. In
  /// laminar fin channels h does not depend on the flow but through the entrance correction (−0.1 % at 0.8 ṁ), so
  /// UA carries over; what differs is the upwind marching of the coolant over 24 cells, whose effectiveness is
  /// 1 − (1 + NTU/n)^(−n), not 1 − e^(−NTU): computed for NTU ≈ 1.9 it shifts the predicted rise by 1.6 %. Measured:
  /// the rise is 4.7 % above the prediction (UA 229.9 W/K, 1.475 K against 1.409 K), the rest of the gap not separated
  /// yet; asserted within 6 %. With the real 2 mm copper base (printed, not asserted) the relation does
  /// not hold: the base adds a resistance in series and the uniformly heated wall is closer to constant flux than to
  /// isothermal (R ≈ R_b + 1/(2ṁc_p) + 1/UA at the centre), so the lumped UA mispredicts the rise.
  func testTwentyPercentLessFlowRunsHotterByTheExchangerRelation() throws {
    var plate = try FinPlateSlab.oamClass()
    let m = try massFlow(2)
    for k in [1e6, 388] {
      plate.baseConductivity = k
      let nominal = try plate.solvePorous(coolant: .water, massFlow: m, inletTemperature: tIn)
      let low = try plate.solvePorous(coolant: .water, massFlow: 0.8 * m, inletTemperature: tIn)
      // c_p at the mean coolant temperature of each solve (the outlet rise is 7.2 K and 9.0 K).
      let c = m * (try Coolant.water.specificHeat(at: 0.5 * (tIn + nominal.outletTemperature)))
      let c08 = 0.8 * m * (try Coolant.water.specificHeat(at: 0.5 * (tIn + low.outletTemperature)))
      let ua = -c * log(1 - 1 / (nominal.resistance * c))
      let predicted = 1 / (c08 * (1 - exp(-ua / c08)))
      let rise = (low.resistance - nominal.resistance) * plate.power
      let predictedRise = (predicted - nominal.resistance) * plate.power
      print("porous, base k \(k): 20 % less flow: UA \(ua) W/K, R \(nominal.resistance) → \(low.resistance) K/W"
            + " (exchanger relation \(predicted)); rise \(rise) K, predicted \(predictedRise) K,"
            + " (rise − predicted)/predicted \((rise - predictedRise) / predictedRise)")
      XCTAssertGreaterThan(rise, 0)
      if k == 1e6 { XCTAssertEqual(rise, predictedRise, accuracy: 0.06 * predictedRise) }
    }
  }
}
