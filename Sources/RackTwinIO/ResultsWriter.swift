import Foundation
import RackTwinMesh

/// The version written into every results file.
public let racktwinVersion = "0.1.0"

/// Writes `racktwin.results` version 1 files (DESIGN §4.3, `docs/file-formats.md`) and their XDMF sidecars.
public enum ResultsWriter {
  /// The schema name in the root attribute `format`.
  public static let format = "racktwin.results"
  /// The schema version written in the root attribute `version` (int64).
  public static let version: Int64 = 1

  /// Writes `doc` to `path` and the XDMF sidecar beside it (`out.h5` → `out.xdmf`).
  ///
  /// Both files are written to temporaries in the same directory, synced, and renamed into place only when both
  /// are complete; on any error the temporaries are removed, so a failed write leaves no new file. The same
  /// document always gives a byte-identical HDF5 file (no object timestamps).
  /// - Throws: `HDF5Error` (including a field whose length is not the mesh's cell count, or a name that is not one
  ///   HDF5 path component or is used twice) or `FileWriteError`.
  public static func write(_ doc: ResultsDocument, to path: String) throws {
    try check(doc, path: path)
    let sidecar = XdmfWriter.sidecarPath(forResultsAt: path)
    let h5Name = URL(fileURLWithPath: path).lastPathComponent
    // A network-only case has no mesh: no fields to show, so no sidecar.
    try AtomicFileReplacement.write(doc.mesh == nil ? [path] : [path, sidecar]) { temporaries in
      let file = try HDF5File.create(at: temporaries[0])
      defer { try? file.close() }
      try write(doc, into: file)
      try file.close()
      guard let mesh = doc.mesh else { return }
      let xml: String
      if let series = doc.series, !series.snapshotTimes.isEmpty {
        let steps = series.snapshotTimes.enumerated().map { n, t in
          XdmfWriter.TimeStep(time: t, attributes: [
            XdmfWriter.CellAttribute(name: "temperature", dataset: "/fields/temperature_\(n)", elementType: .float64),
            XdmfWriter.CellAttribute(name: "region", dataset: "/fields/region", elementType: .int32),
            ghostAttribute,
          ])
        }
        xml = XdmfWriter.temporalDocument(mesh: mesh, hdf5FileName: h5Name, steps: steps)
      } else {
        xml = XdmfWriter.document(mesh: mesh, hdf5FileName: h5Name, attributes: cellAttributes(doc))
      }
      do {
        try Data(xml.utf8).write(to: URL(fileURLWithPath: temporaries[1]))
      } catch {
        throw FileWriteError(path: sidecar, reason: "cannot write: \(error.localizedDescription)")
      }
    }
  }

  /// The cell datasets the sidecar shows: each field, the region ids, then the ghost array that hides void cells.
  static func cellAttributes(_ doc: ResultsDocument) -> [XdmfWriter.CellAttribute] {
    doc.fields.map {
      XdmfWriter.CellAttribute(name: $0.name, dataset: "/fields/\($0.name)", elementType: .float64,
                               components: $0.components)
    }
      + [XdmfWriter.CellAttribute(name: "region", dataset: "/fields/region", elementType: .int32), ghostAttribute]
  }

  /// VTK's ghost-cell array: ParaView (VTK ≥ 9) treats a uint8 cell array of exactly this name as the mesh's ghost
  /// flags and neither draws nor slices a cell flagged `hiddenCell`.
  static let ghostAttribute = XdmfWriter.CellAttribute(name: "vtkGhostType", dataset: "/geometry/vtkGhostType",
                                                       elementType: .uint8)

  /// `vtkDataSetAttributes::HIDDENCELL`: a cell that is not shown (here: void, region id 0).
  public static let hiddenCell: UInt8 = 32

  /// Per cell of the file: `hiddenCell` for a void cell (region id 0), else 0.
  public static func ghostFlags(_ mesh: MeshDefinition) -> [UInt8] {
    mesh.cellRegionIDs.map { $0 == 0 ? hiddenCell : 0 }
  }

  /// Shape of a per-cell dataset: [nz][ny][nx] on rectilinear meshes, [cells] on unstructured ones.
  static func cellShape(of mesh: MeshDefinition) -> [Int] {
    switch mesh.geometry {
    case .rectilinear(let grid): return [grid.nz, grid.ny, grid.nx]
    case .unstructured(let u): return [u.cellCount]
    }
  }

  private static func check(_ doc: ResultsDocument, path: String) throws(HDF5Error) {
    func fail(_ location: String, _ expected: String, _ found: String) -> HDF5Error {
      HDF5Error(file: path, location: location, expected: expected, found: found)
    }
    func checkNames(_ names: [String], under group: String, reserved: Set<String> = []) throws(HDF5Error) {
      var seen = reserved
      for name in names {
        guard !name.isEmpty, !name.contains("/"), name != ".", name != ".." else {
          throw fail("\(group)/\(name)", "a name without '/' that is not empty, '.' or '..'", "\"\(name)\"")
        }
        guard seen.insert(name).inserted else {
          throw fail("\(group)/\(name)", "one dataset of each name", reserved.contains(name) ? "a reserved name" : "\(name) twice")
        }
      }
    }
    // Field names are also the sidecar's attribute names, so none may be the ghost array's.
    try checkNames(doc.fields.map(\.name), under: "/fields", reserved: ["region", ghostAttribute.name])
    try checkNames(doc.metrics.map(\.name), under: "/metrics")
    let cells = doc.mesh?.fileCellCount ?? 0
    for field in doc.fields where field.values.count != cells * field.components {
      let per = field.components == 1 ? "one" : "\(field.components)"
      throw fail("/fields/\(field.name)", "\(cells * field.components) values (\(per) per mesh cell, void included)",
                 "\(field.values.count)")
    }
  }

  static func write(_ doc: ResultsDocument, into file: HDF5File) throws(HDF5Error) {
    try file.setAttribute("format", to: format, on: "/")
    try file.setAttribute("version", to: version, on: "/")
    try file.setAttribute("software_version", to: doc.softwareVersion, on: "/")
    try file.setAttribute("case_text", to: doc.caseText, on: "/")
    try file.setAttribute("mesh_sha256", to: doc.meshSHA256, on: "/")

    if let mesh = doc.mesh { try writeGeometry(doc, mesh, into: file) }

    let probes = doc.probes
    try file.createGroup("/probes")
    try file.writeStrings(probes.map(\.name), to: "/probes/name")
    try file.write(probes.flatMap { [$0.position.x, $0.position.y, $0.position.z] }, shape: [probes.count, 3],
                   to: "/probes/position", units: "m")
    try file.write(probes.map(\.temperatureC), shape: [probes.count], to: "/probes/temperature", units: "degC")

    let components = doc.components
    let n = [components.count]
    try file.createGroup("/components")
    try file.writeStrings(components.map(\.name), to: "/components/name")
    try file.write(components.map(\.power), shape: n, to: "/components/power", units: "W")
    try file.write(components.map(\.maxTemperatureC), shape: n, to: "/components/max_temperature", units: "degC")
    try file.write(components.map(\.meanTemperatureC), shape: n, to: "/components/mean_temperature", units: "degC")
    try file.write(components.map(\.limitC), shape: n, to: "/components/limit", units: "degC")
    try file.write(components.map(\.margin), shape: n, to: "/components/margin", units: "K")
    try file.write(components.map(\.hottestCell), shape: n, to: "/components/hottest_cell", units: "1")

    let patches = doc.patches
    try file.createGroup("/patches")
    try file.writeStrings(patches.map(\.name), to: "/patches/name")
    try file.write(patches.map(\.heatIn), shape: [patches.count], to: "/patches/heat_in", units: "W")
    try file.write(patches.map(\.area), shape: [patches.count], to: "/patches/area", units: "m^2")
    try file.write(patches.map(\.meanTemperatureC), shape: [patches.count], to: "/patches/mean_temperature",
                   units: "degC")

    if let series = doc.series {
      let nt = series.time.count, nc = series.componentNames.count, np = series.probeNames.count
      try file.createGroup("/series")
      try file.write(series.time, shape: [nt], to: "/series/time", units: "s")
      try file.write(series.energyBalanceRelative, shape: [nt], to: "/series/energy_balance_relative", units: "1")
      try file.write(series.snapshotTimes, shape: [series.snapshotTimes.count], to: "/series/snapshot_time", units: "s")
      try file.createGroup("/series/components")
      try file.writeStrings(series.componentNames, to: "/series/components/name")
      try file.write(series.componentMaxTemperatureC, shape: [nt, nc], to: "/series/components/max_temperature",
                     units: "degC")
      try file.write(series.componentPower, shape: [nt, nc], to: "/series/components/power", units: "W")
      try file.createGroup("/series/probes")
      try file.writeStrings(series.probeNames, to: "/series/probes/name")
      try file.write(series.probeTemperatureC, shape: [nt, np], to: "/series/probes/temperature", units: "degC")
      for n in series.snapshotTimes.indices {
        try file.setAttribute("time", to: series.snapshotTimes[n], on: "/fields/temperature_\(n)")
      }
    }

    if let loop = doc.loop { try writeLoop(loop, into: file) }
    if let risk = doc.risk { try writeRisk(risk, into: file) }

    try file.createGroup("/metrics")
    for metric in doc.metrics {
      try file.writeScalar(metric.value, to: "/metrics/\(metric.name)", units: metric.units)
    }
  }

  /// `/geometry` and `/fields`: the mesh for the sidecar and the per-cell fields.
  static func writeGeometry(_ doc: ResultsDocument, _ mesh: MeshDefinition, into file: HDF5File) throws(HDF5Error) {
    try file.createGroup("/geometry")
    switch mesh.geometry {
    case .rectilinear(let grid):
      try file.setAttribute("kind", to: "rectilinear", on: "/geometry")
      try file.write(grid.x, shape: [grid.x.count], to: "/geometry/x", units: "m")
      try file.write(grid.y, shape: [grid.y.count], to: "/geometry/y", units: "m")
      try file.write(grid.z, shape: [grid.z.count], to: "/geometry/z", units: "m")
    case .unstructured(let u):
      try file.setAttribute("kind", to: "unstructured", on: "/geometry")
      try file.write(u.points.flatMap { [$0.x, $0.y, $0.z] }, shape: [u.points.count, 3], to: "/geometry/points", units: "m")
      let topology = XdmfWriter.mixedTopology(u)
      try file.write(topology, shape: [topology.count], to: "/geometry/xdmf_topology", units: "1")
    }

    let cellShape = cellShape(of: mesh)
    try file.write(ghostFlags(mesh), shape: cellShape, to: "/geometry/vtkGhostType", units: "1")
    try file.createGroup("/fields")
    for field in doc.fields {
      try file.write(field.values, shape: field.components == 1 ? cellShape : cellShape + [field.components],
                     to: "/fields/\(field.name)", units: field.units)
    }
    try file.write(mesh.cellRegionIDs, shape: cellShape, to: "/fields/region", units: "1")
  }
}
