import RackTwinCooling

/// The OCP 1 kW OAM cold plate (Cheng Chen et al. 2023, OCP OAI System Liquid Cooling Guidelines, Fig. 8 (DI water)
/// and Fig. 7 (PG25)), as encoded in the Modelica Buildings library records `OCP_1kW_OAM_Water` and
/// `OCP_1kW_OAM_PG25` (Buildings.Applications.DataCenters.LiquidCooled.Racks.Data): case-to-inlet R in K/W against
/// volume flow in L/min. The guideline's coolant temperature is not in the records: properties at 40 °C (assumed).
enum OCP {
  static let waterFlow = [2.0, 3.0, 4.0, 5.0]
  static let waterR = [0.0172, 0.0160, 0.0154, 0.0151]
  static let pg25Flow = [0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.2, 1.4, 1.6, 1.8, 2.0, 2.2, 2.4]
  static let pg25R = [0.0389, 0.0325, 0.0300, 0.0280, 0.0265, 0.0255, 0.0245, 0.0230, 0.0220, 0.0214, 0.0209, 0.0204,
                      0.0200, 0.0197]
  static let temperature = 313.15
  static let lpm = 1.0 / 60_000

  static func points(_ flow: [Double], _ r: [Double]) -> [ColdPlateDatasheet.Point] {
    zip(flow, r).map { ColdPlateDatasheet.Point(volumeFlow: $0 * lpm, resistance: $1) }
  }
  static func water() throws -> ColdPlateDatasheet {
    try ColdPlateDatasheet(name: "ocp-oam-water", coolant: .water, temperature: temperature,
                           points: points(waterFlow, waterR))
  }
  static func pg25() throws -> ColdPlateDatasheet {
    try ColdPlateDatasheet(name: "ocp-oam-pg25", coolant: Coolant.named("pg25")!, temperature: temperature,
                           points: points(pg25Flow, pg25R))
  }
}
