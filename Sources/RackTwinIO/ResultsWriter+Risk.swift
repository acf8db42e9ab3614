extension ResultsWriter {
  /// `/risk` (`docs/file-formats.md`): per component with a limit its exceedance probability and reliability index,
  /// and per uncertain input how it entered; one dataset per column, rows in the document's order.
  static func writeRisk(_ risk: ResultsDocument.Risk, into file: HDF5File) throws(HDF5Error) {
    try file.createGroup("/risk")
    let c = risk.components
    let nc = [c.count]
    try file.createGroup("/risk/components")
    try file.writeStrings(c.map(\.name), to: "/risk/components/name")
    try file.write(c.map(\.probability), shape: nc, to: "/risk/components/probability", units: "1")
    try file.write(c.map(\.reliabilityIndex), shape: nc, to: "/risk/components/reliability_index", units: "1")
    try file.write(c.map(\.meanTemperatureC), shape: nc, to: "/risk/components/mean_temperature", units: "degC")
    try file.write(c.map(\.standardDeviation), shape: nc, to: "/risk/components/standard_deviation", units: "K")
    try file.write(c.map(\.exceedingSamples), shape: nc, to: "/risk/components/exceeding_samples", units: "1")
    try file.writeStrings(c.map(\.method), to: "/risk/components/method")

    let i = risk.inputs
    let ni = [i.count]
    try file.createGroup("/risk/inputs")
    try file.writeStrings(i.map(\.name), to: "/risk/inputs/name")
    try file.writeStrings(i.map(\.distribution), to: "/risk/inputs/distribution")
    try file.write(i.map(\.linearised), shape: ni, to: "/risk/inputs/linearised", units: "1")
    try file.write(i.map(\.linearityError), shape: ni, to: "/risk/inputs/linearity_error", units: "K")
    try file.write(i.map(\.linearityChange), shape: ni, to: "/risk/inputs/linearity_change", units: "K")
  }
}
