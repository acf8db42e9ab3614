import Foundation
import RackTwinCooling
import RackTwinFacility
import XCTest

final class CDUTests: XCTestCase {
  /// Independent counterflow relations, written here from Incropera et al. (2007) eqs. 11.29a and 11.15–11.16 (LMTD):
  /// not the module's functions.
  func epsCounterflow(_ ntu: Double, _ cr: Double) -> Double {
    let e = exp(-ntu * (1 - cr))
    return (1 - e) / (1 - cr * e)
  }

  func lmtd(hotIn: Double, hotOut: Double, coldIn: Double, coldOut: Double) -> Double {
    let d1 = hotIn - coldOut, d2 = hotOut - coldIn
    return abs(d1 - d2) < 1e-12 ? d1 : (d1 - d2) / log(d1 / d2)
  }

  /// A rated point with constant-property fluids (c_p of PG25 and water near the rated temperatures), so the
  /// reference below is exact to rounding.
  func constantPropertyDesign(_ d: CDUDesign) throws -> CDUDesign {
    var c = d
    let cpT = try d.tcsCoolant.specificHeat(at: d.fwsSupply + d.approach + 8)
    let cpF = try d.fwsCoolant.specificHeat(at: d.fwsSupply + 8)
    c.tcsCoolant = .constant(name: "tcs", density: 1000, viscosity: 1e-3, specificHeat: cpT, conductivity: 0.5)
    c.fwsCoolant = .constant(name: "fws", density: 1000, viscosity: 1e-3, specificHeat: cpF, conductivity: 0.6)
    return c
  }

  /// Sizing: UA from ε–NTU equals UA = Q/LMTD from the rated temperatures (the two methods are the same law
  /// written differently; 1e-9 relative with constant properties).
  func testRatedUAEqualsHeatOverLMTD() throws {
    for record in CDUDesign.builtIn {
      let d = try constantPropertyDesign(record)
      let cdu = try CDU(design: d)
      let ct = d.tcsFlow * (try d.tcsCoolant.specificHeat(at: 300)), cf = d.fwsFlow * (try d.fwsCoolant.specificHeat(at: 300))
      let tcsSupply = d.fwsSupply + d.approach, tcsReturn = tcsSupply + d.heat / ct, fwsReturn = d.fwsSupply + d.heat / cf
      let ua = d.heat / lmtd(hotIn: tcsReturn, hotOut: tcsSupply, coldIn: d.fwsSupply, coldOut: fwsReturn)
      XCTAssertEqual(cdu.ratedUA, ua, accuracy: 1e-9 * ua, d.name)
    }
  }

  /// Off design, half of both flows and half the load, FWS supply unchanged, against an independent ε–NTU
  /// calculation under the stated law: hA ∝ ṁ^0.8 per side, equal film resistances at the rated point, so
  /// UA' = UA·0.5^0.8; ε' = ε_counterflow(UA'/C'_min, C_r); T_TCS,return = T_FWS,in + Q'/(ε' C'_min). Checked also by
  /// Q' = UA'·LMTD'. Constant properties: 1e-9 K.
  func testHalfFlowHalfLoadAgainstIndependentEpsNTU() throws {
    for record in CDUDesign.builtIn {
      let d = try constantPropertyDesign(record)
      let cdu = try CDU(design: d)
      let cpT = try d.tcsCoolant.specificHeat(at: 300), cpF = try d.fwsCoolant.specificHeat(at: 300)
      let ct = 0.5 * d.tcsFlow * cpT, cf = 0.5 * d.fwsFlow * cpF
      let ua = cdu.ratedUA * pow(0.5, 0.8), q = 0.5 * d.heat
      let cmin = min(ct, cf), cr = cmin / max(ct, cf)
      let eps = epsCounterflow(ua / cmin, cr)
      let tcsReturn = d.fwsSupply + q / (eps * cmin), tcsSupply = tcsReturn - q / ct
      let s = try cdu.operate(heat: q, fwsSupply: d.fwsSupply, tcsFlow: 0.5 * d.tcsFlow, fwsFlow: 0.5 * d.fwsFlow)
      XCTAssertEqual(s.tcsSupply, tcsSupply, accuracy: 1e-9, d.name)
      XCTAssertEqual(s.tcsReturn, tcsReturn, accuracy: 1e-9, d.name)
      XCTAssertEqual(q, ua * lmtd(hotIn: s.tcsReturn, hotOut: s.tcsSupply, coldIn: d.fwsSupply, coldOut: s.fwsReturn),
                     accuracy: 1e-9 * q, d.name)
      print("CDU \(d.name): rated UA \(txt(cdu.ratedUA / 1e3)) kW/K, approach rated \(d.approach) K, "
            + "half flow + half load \(txt(s.approach, 3)) K (reference \(txt(tcsSupply - d.fwsSupply, 3)) K)")
    }
  }

  /// Only the TCS flow halved, full load: each side separately, 1/UA' = 1/(hA_t·0.5^0.8) + 1/hA_f with
  /// hA_t = hA_f = 2 UA (equal split). Then ε–NTU as above; 1e-9 K.
  func testTCSFlowHalvedUsesTheSeriesFilmLaw() throws {
    let d = try constantPropertyDesign(.googleDeschutes)
    let cdu = try CDU(design: d)
    let ua = 1 / (1 / (2 * cdu.ratedUA * pow(0.5, 0.8)) + 1 / (2 * cdu.ratedUA))
    let ct = 0.5 * d.tcsFlow * (try d.tcsCoolant.specificHeat(at: 300)), cf = d.fwsFlow * (try d.fwsCoolant.specificHeat(at: 300))
    let cmin = min(ct, cf), cr = cmin / max(ct, cf)
    let tcsReturn = d.fwsSupply + d.heat / (epsCounterflow(ua / cmin, cr) * cmin)
    let s = try cdu.operate(heat: d.heat, fwsSupply: d.fwsSupply, tcsFlow: 0.5 * d.tcsFlow, fwsFlow: d.fwsFlow)
    XCTAssertEqual(s.tcsReturn, tcsReturn, accuracy: 1e-9)
    XCTAssertEqual(cdu.ua(tcsFlow: 0.5 * d.tcsFlow, fwsFlow: d.fwsFlow), ua, accuracy: 1e-9 * ua)
  }

  /// With the real fluid tables (c_p at each stream's mean temperature) the rated point is reproduced: approach
  /// within 1e-6 K; and half flow/half load stays within 0.05 K of the constant-property reference (c_p of PG25
  /// varies 0.1 %/K).
  func testRealFluidsReproduceTheRatedApproach() throws {
    for d in CDUDesign.builtIn {
      let cdu = try CDU(design: d)
      let s = try cdu.operate(heat: d.heat, fwsSupply: d.fwsSupply, tcsFlow: d.tcsFlow, fwsFlow: d.fwsFlow)
      XCTAssertEqual(s.approach, d.approach, accuracy: 1e-6, d.name)
      let half = try cdu.operate(heat: d.heat / 2, fwsSupply: d.fwsSupply, tcsFlow: d.tcsFlow / 2, fwsFlow: d.fwsFlow / 2)
      let c = try CDU(design: try constantPropertyDesign(d))
      let ref = try c.operate(heat: d.heat / 2, fwsSupply: d.fwsSupply, tcsFlow: d.tcsFlow / 2, fwsFlow: d.fwsFlow / 2)
      XCTAssertEqual(half.approach, ref.approach, accuracy: 0.05, d.name)
      print("CDU \(d.name) (real fluids): rated UA \(txt(cdu.ratedUA / 1e3)) kW/K; half flow + half load approach "
            + "\(txt(half.approach, 3)) K, TCS \(txt(half.tcsSupply - 273.15, 2))→\(txt(half.tcsReturn - 273.15, 2)) °C; "
            + "pump \(txt(cdu.pumpPower(tcsFlow: d.tcsFlow) / 1e3)) kW rated, "
            + "\(txt(cdu.pumpPower(tcsFlow: d.tcsFlow / 2) / 1e3, 2)) kW at half flow")
    }
  }

  /// Pump affinity law: half the flow costs 1/8 of the power (Deschutes: 74 kW → 9.25 kW).
  func testPumpPowerFollowsTheCubeOfFlow() throws {
    let cdu = try CDU(design: .googleDeschutes)
    XCTAssertEqual(cdu.pumpPower(tcsFlow: 31.48 / 2), 9.25e3, accuracy: 1e-6)
  }

  /// A rated point with a temperature cross (FWS return above TCS return) is refused, naming the CDU.
  func testImpossibleRatedPointIsAnError() {
    var d = CDUDesign.vertivXDU1350
    d.fwsFlow = 5  // the FWS would have to warm by 64 K: far above the TCS return
    XCTAssertThrowsError(try CDU(design: d)) { error in
      XCTAssertTrue("\(error)".contains("cdu xdu1350"), "\(error)")
    }
  }
}
