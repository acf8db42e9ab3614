extension ResultsWriter {
  /// `/loop` (`docs/file-formats.md`): the hydraulic network's elements, nodes, pumps and manifolds, one dataset
  /// per column, rows in the document's order.
  static func writeLoop(_ loop: ResultsDocument.Loop, into file: HDF5File) throws(HDF5Error) {
    try file.createGroup("/loop")
    try file.setAttribute("coolant", to: loop.coolant, on: "/loop")

    let e = loop.elements
    let ne = [e.count]
    try file.createGroup("/loop/elements")
    try file.writeStrings(e.map(\.name), to: "/loop/elements/name")
    try file.writeStrings(e.map(\.type), to: "/loop/elements/type")
    try file.writeStrings(e.map(\.from), to: "/loop/elements/from")
    try file.writeStrings(e.map(\.to), to: "/loop/elements/to")
    try file.write(e.map(\.massFlow), shape: ne, to: "/loop/elements/mass_flow", units: "kg/s")
    try file.write(e.map(\.volumeFlow), shape: ne, to: "/loop/elements/volume_flow", units: "m^3/s")
    try file.write(e.map(\.pressureDrop), shape: ne, to: "/loop/elements/pressure_drop", units: "Pa")
    try file.write(e.map(\.inletTemperatureC), shape: ne, to: "/loop/elements/inlet_temperature", units: "degC")
    try file.write(e.map(\.outletTemperatureC), shape: ne, to: "/loop/elements/outlet_temperature", units: "degC")
    try file.write(e.map(\.heat), shape: ne, to: "/loop/elements/heat", units: "W")

    let n = loop.nodes
    try file.createGroup("/loop/nodes")
    try file.writeStrings(n.map(\.name), to: "/loop/nodes/name")
    try file.write(n.map(\.pressure), shape: [n.count], to: "/loop/nodes/pressure", units: "Pa")
    try file.write(n.map(\.temperatureC), shape: [n.count], to: "/loop/nodes/temperature", units: "degC")

    let p = loop.pumps
    let np = [p.count]
    try file.createGroup("/loop/pumps")
    try file.writeStrings(p.map(\.name), to: "/loop/pumps/name")
    try file.write(p.map(\.flow), shape: np, to: "/loop/pumps/flow", units: "m^3/s")
    try file.write(p.map(\.pressureRise), shape: np, to: "/loop/pumps/pressure_rise", units: "Pa")
    try file.write(p.map(\.head), shape: np, to: "/loop/pumps/head", units: "m")
    try file.write(p.map(\.hydraulicPower), shape: np, to: "/loop/pumps/hydraulic_power", units: "W")
    try file.write(p.map(\.electricalPower), shape: np, to: "/loop/pumps/electrical_power", units: "W")
    try file.write(p.map(\.running), shape: np, to: "/loop/pumps/running", units: "1")
    try file.write(p.map(\.standby), shape: np, to: "/loop/pumps/standby", units: "1")

    let m = loop.manifolds
    try file.createGroup("/loop/manifolds")
    try file.writeStrings(m.map(\.name), to: "/loop/manifolds/name")
    try file.write(m.map(\.minOverMean), shape: [m.count], to: "/loop/manifolds/min_over_mean", units: "1")
    try file.write(m.map(\.maxOverMean), shape: [m.count], to: "/loop/manifolds/max_over_mean", units: "1")

    let t = loop.trays
    guard !t.isEmpty else { return }
    let nt = [t.count]
    try file.createGroup("/loop/trays")
    try file.writeStrings(t.map(\.name), to: "/loop/trays/name")
    try file.write(t.map(\.volumeFlow), shape: nt, to: "/loop/trays/volume_flow", units: "m^3/s")
    try file.write(t.map(\.pressureDrop), shape: nt, to: "/loop/trays/pressure_drop", units: "Pa")
    try file.write(t.map(\.inletTemperatureC), shape: nt, to: "/loop/trays/inlet_temperature", units: "degC")
    try file.write(t.map(\.outletTemperatureC), shape: nt, to: "/loop/trays/outlet_temperature", units: "degC")
    try file.write(t.map(\.heatToLiquid), shape: nt, to: "/loop/trays/heat_to_liquid", units: "W")
    try file.write(t.map(\.heatToAir), shape: nt, to: "/loop/trays/heat_to_air", units: "W")
    try file.write(t.map(\.extrapolated), shape: nt, to: "/loop/trays/extrapolated", units: "1")
  }
}
