import Foundation
import RackTwinNumerics

/// Writes the linear system of a steady solve, so an outside solver can be run on exactly our matrix
/// (`racktwin solve CASE --export-system sys.h5`).
///
/// ```
/// /system            attrs: format = "racktwin.system", version = 1, rows, nonzeros,
///                           reference_temperature (K), unknown = "theta = T - reference_temperature"
/// /system/indptr     int64, rows + 1: CSR row offsets, 0-based
/// /system/indices    int64, nonzeros: column of each entry, 0-based, ascending within a row
/// /system/data       float64, nonzeros: A, units W/K
/// /system/rhs        float64, rows: b, units W
/// /system/solution   float64, rows: θ, units K (our solution of A θ = b)
/// /system/cell_to_file int64, rows: the mesh-file cell of each row (void cells have no row)
/// ```
/// In scipy: `A = csr_matrix((data, indices, indptr))`; T (K) = θ + reference_temperature.
public enum SystemExportWriter {
  /// Writes through a temporary sibling renamed into place.
  /// - Throws: `HDF5Error` or `FileWriteError`.
  /// - Parameters: `matrix` A (W/K), `rhs` b (W), `solution` θ (K), `referenceTemperature` T_ref (K).
  public static func write(matrix a: CSRMatrix, rhs: [Double], solution: [Double], referenceTemperature: Double,
                           cellToFile: [Int], to path: String) throws {
    let directory = (path as NSString).deletingLastPathComponent
    if !directory.isEmpty && !FileManager.default.fileExists(atPath: directory) {
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }
    try AtomicFileReplacement.write([path]) { temporaries in
      let file = try HDF5File.create(at: temporaries[0])
      defer { try? file.close() }
      try file.setAttribute("format", to: "racktwin.system", on: "/")
      try file.setAttribute("version", to: Int64(1), on: "/")
      try file.setAttribute("software_version", to: racktwinVersion, on: "/")
      try file.createGroup("/system")
      try file.setAttribute("format", to: "racktwin.system", on: "/system")
      try file.setAttribute("version", to: Int64(1), on: "/system")
      try file.setAttribute("rows", to: Int64(a.rowCount), on: "/system")
      try file.setAttribute("nonzeros", to: Int64(a.nonzeroCount), on: "/system")
      try file.setAttribute("reference_temperature", to: referenceTemperature, on: "/system")
      try file.setAttribute("reference_temperature_units", to: "K", on: "/system")
      try file.setAttribute("unknown", to: "theta = T - reference_temperature", on: "/system")
      try file.write(a.rowStart.map { Int64($0) }, shape: [a.rowCount + 1], to: "/system/indptr", units: "1")
      try file.write(a.columns.map { Int64($0) }, shape: [a.nonzeroCount], to: "/system/indices", units: "1")
      try file.write(a.values, shape: [a.nonzeroCount], to: "/system/data", units: "W/K")
      try file.write(rhs, shape: [a.rowCount], to: "/system/rhs", units: "W")
      try file.write(solution, shape: [a.rowCount], to: "/system/solution", units: "K")
      try file.write(cellToFile.map { Int64($0) }, shape: [cellToFile.count], to: "/system/cell_to_file", units: "1")
      try file.close()
    }
  }
}
