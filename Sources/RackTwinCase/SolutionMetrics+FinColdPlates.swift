import RackTwinIO
import RackTwinThermal

extension SolutionMetrics {
  /// The geometry plates' metrics beyond their terms' (`coldPlates:` with `model: porous` or `channels`): for a porous
  /// stack `PLATE.plate_heat_to_liquid` (W) and `PLATE.plate_mass_flow` (kg/s) of the whole plate (the meshed part
  /// × `unitCells`; the channel term reports its own), and with `casePoint` `PLATE.case_temperature` (°C, the probe
  /// `PLATE.case`) and `PLATE.resistance` = (T_case − T_in)/Q (K/W), Q the plate's heat to its coolant.
  static func finColdPlates(_ doc: CaseDocument, _ s: ThermalSolution) -> [ResultsDocument.Metric] {
    var out: [ResultsDocument.Metric] = []
    for plate in doc.finColdPlates {
      func metric(_ name: String) -> Double { s.termMetrics.first { $0.name == "\(plate.name).\(name)" }?.value ?? .nan }
      let heat: Double
      switch plate.model {
      case .porous:
        heat = metric("heat_to_liquid") * Double(plate.unitCells)
        out.append(.init(name: "\(plate.name).plate_heat_to_liquid", value: heat, units: "W"))
        out.append(.init(name: "\(plate.name).plate_mass_flow", value: metric("mass_flow") * Double(plate.unitCells),
                         units: "kg/s"))
        out.append(.init(name: "\(plate.name).unit_cells", value: Double(plate.unitCells), units: "1"))
      case .channels:
        heat = metric("plate_heat_to_liquid")
      }
      guard plate.casePoint != nil, let probe = s.probes.first(where: { $0.name == "\(plate.name).case" }) else { continue }
      out.append(.init(name: "\(plate.name).case_temperature", value: probe.temperature - 273.15, units: "degC"))
      out.append(.init(name: "\(plate.name).resistance", value: (probe.temperature - plate.inletTemperature) / heat,
                       units: "K/W"))
    }
    return out
  }
}
