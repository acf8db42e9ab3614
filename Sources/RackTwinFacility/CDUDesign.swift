import Foundation
import RackTwinCooling

/// A coolant distribution unit's rated point: the data a UA and a pump law are sized from, SI units.
///
/// Terms as ASHRAE uses them: TCS = technology cooling system (the rack loop), FWS = facility water system.
/// Approach = TCS supply − FWS supply at the rated point.
public struct CDUDesign: Sendable, Equatable {
  /// Name, as a case file would give it (`xdu1350`, `deschutes`).
  public var name: String
  /// Heat moved from the TCS to the FWS at the rated point (W).
  public var heat: Double
  /// TCS supply − FWS supply (K).
  public var approach: Double
  /// FWS supply (entering the CDU) at the rated point (K).
  public var fwsSupply: Double
  /// TCS and FWS mass flows at the rated point (kg/s).
  public var tcsFlow: Double
  public var fwsFlow: Double
  /// The loops' fluids.
  public var tcsCoolant: Coolant
  public var fwsCoolant: Coolant
  /// Electrical power of the TCS pump at the rated flow (W).
  public var pumpPower: Double
  /// Where the numbers come from, and the choices made where the source contradicts itself.
  public var source: String

  public init(name: String, heat: Double, approach: Double, fwsSupply: Double, tcsFlow: Double, fwsFlow: Double,
              tcsCoolant: Coolant, fwsCoolant: Coolant, pumpPower: Double, source: String) {
    self.name = name
    self.heat = heat
    self.approach = approach
    self.fwsSupply = fwsSupply
    self.tcsFlow = tcsFlow
    self.fwsFlow = fwsFlow
    self.tcsCoolant = tcsCoolant
    self.fwsCoolant = fwsCoolant
    self.pumpPower = pumpPower
    self.source = source
  }

  /// Vertiv Liebert XDU 1350: 1,350 kW, 4 K approach, 20.6 kg/s on both sides, TCS supply 32 °C (so FWS supply
  /// 28 °C), TCS fluid PG20 by volume (the nearest built-in, `pg25` by mass, is used: c_p within 1.5 %), FWS water.
  ///
  /// Modelica Buildings Library, `Buildings.Applications.DataCenters.LiquidCooled.CDUs.Data.VertivLiebertXDU1350`
  /// (Vertiv data sheet SL-70799 R10/25). The record's `Q_flow_nominal` is 1,350 kW while its documentation table
  /// says 1,368 kW: 1,350 kW is used (the product's name and the record's value). The record gives no pump power:
  /// its external head 500 kPa plus the exchanger's 84 kPa at 20.6 kg/s, with a stated wire-to-water efficiency of
  /// 0.5, gives the electrical power.
  public static let vertivXDU1350: CDUDesign = {
    let rho = (try? Coolant.propyleneGlycol25.density(at: 273.15 + 40)) ?? 1010
    let volumeFlow = 20.6 / rho
    return CDUDesign(
      name: "xdu1350", heat: 1_350e3, approach: 4, fwsSupply: 273.15 + 28, tcsFlow: 20.6, fwsFlow: 20.6,
      tcsCoolant: .propyleneGlycol25, fwsCoolant: .water, pumpPower: (500e3 + 84e3) * volumeFlow / 0.5,
      source: "Modelica Buildings VertivLiebertXDU1350 (Vertiv SL-70799): 1350 kW (doc table: 1368 kW), 4 K, "
        + "20.6/20.6 kg/s, TCS supply 32 °C, PG20 vol (pg25 used), pump from 584 kPa at eta 0.5")
  }()

  /// Google "Project Deschutes" (5th-generation CDU): 2 MW, 3 K approach, IT loop 31.48 kg/s PG25, facility loop
  /// 32.30 kg/s water entering at 26.8 °C, 74 kW power consumption (taken as the TCS pumps').
  ///
  /// Modelica Buildings Library, `…CDUs.Data.GoogleProjectDeschutes` (OCP 2026, CDU information white paper).
  /// Contradiction: the record sets `TRacOut_nominal` (TCS supply) = 45 °C, but its documentation table gives a
  /// facility-loop entering temperature of 26.8 °C, which with the 3 K approach makes the TCS supply 29.8 °C. The
  /// table (the source the record cites) is used: FWS supply 26.8 °C. The record also leaves the flows to its base
  /// record; the table's 31.48 / 32.30 kg/s are used. Its pump head `dpPum_nominal` = 60 kPa is far below the
  /// table's 80–90 psi (552–621 kPa) available to the IT loop; only the table's 74 kW is used here.
  public static let googleDeschutes = CDUDesign(
    name: "deschutes", heat: 2e6, approach: 3, fwsSupply: 273.15 + 26.8, tcsFlow: 31.48, fwsFlow: 32.30,
    tcsCoolant: .propyleneGlycol25, fwsCoolant: .water, pumpPower: 74e3,
    source: "Modelica Buildings GoogleProjectDeschutes (OCP 2026): 2 MW, 3 K, 31.48/32.30 kg/s, FWS in 26.8 °C "
      + "(record's TRacOut 45 °C contradicts; table used), 74 kW")

  /// The built-in rated points, by name.
  public static let builtIn: [CDUDesign] = [vertivXDU1350, googleDeschutes]
}
