import Foundation
import RackTwinMesh

/// Reads `racktwin.mesh` version 1 files (DESIGN §4.1, `docs/file-formats.md`).
///
/// Rectilinear and unstructured (VTK cells: tetra, hexahedron, wedge, pyramid) kinds. Everything the file states is checked — types, shapes, coordinates,
/// region ids, patch faces — and the first violation is reported as a `MeshError` naming the file, the dataset or
/// attribute (`/mesh/x`, `/regions/die@kind`), what was expected and what was found.
public enum MeshFileReader {
  /// The schema name in the root attribute `format`.
  public static let format = "racktwin.mesh"
  /// The schema version this reader understands (root attribute `version`).
  public static let version: Int64 = 1

  /// Reads and checks the mesh file at `path`.
  ///
  /// Regions and patches come back sorted by name (HDF5 keeps no creation order by default).
  public static func read(path: String) throws(MeshError) -> MeshDefinition {
    do {
      return try HDF5CrashGuard.reading(path) {
        let file = try HDF5File.open(readingAt: path)
        return try decode(file)
      }
    } catch let error as MeshError {
      throw error
    } catch let error as HDF5Error {
      throw MeshError(error)
    } catch {
      throw MeshError(file: path, location: "/", expected: "a readable mesh file", found: "\(error)")
    }
  }

  /// Reads and checks a mesh file from its bytes (read once by the caller, who also checksums them); `path` names
  /// the file in errors.
  public static func read(image bytes: [UInt8], path: String) throws(MeshError) -> MeshDefinition {
    do {
      return try HDF5CrashGuard.reading(path) {
        let file = try HDF5File.open(image: bytes, path: path)
        return try decode(file)
      }
    } catch let error as MeshError {
      throw error
    } catch let error as HDF5Error {
      throw MeshError(error)
    } catch {
      throw MeshError(file: path, location: "/", expected: "a readable mesh file", found: "\(error)")
    }
  }

  /// The bytes of the file at `path`, or the error `read(path:)` would give for a missing file or a directory.
  public static func bytes(ofFileAt path: String) throws(MeshError) -> [UInt8] {
    var isDirectory: ObjCBool = false
    func fail(_ found: String) -> MeshError { MeshError(file: path, location: "/", expected: "an HDF5 file", found: found) }
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw fail("no such file") }
    if isDirectory.boolValue { throw fail("a directory") }
    guard let data = FileManager.default.contents(atPath: path) else { throw fail("a file that cannot be read") }
    return [UInt8](data)
  }

  private static func decode(_ file: HDF5File) throws -> MeshDefinition {
    func fail(_ location: String, _ expected: String, _ found: String) -> MeshError {
      MeshError(file: file.path, location: location, expected: expected, found: found)
    }
    guard file.hasAttribute("format", on: "/") else {
      throw fail("/@format", "\"\(format)\" (a racktwin mesh file)", "no format attribute")
    }
    let fileFormat = try file.stringAttribute("format", of: "/")
    guard fileFormat == format else { throw fail("/@format", "\"\(format)\"", "\"\(fileFormat)\"") }
    let fileVersion = try file.integerAttribute("version", of: "/")
    guard fileVersion == version else {
      throw fail("/@version", "\(version) (\(format) version \(version))", "\(fileVersion)")
    }

    guard file.kind(of: "/mesh") == .group else { throw fail("/mesh", "a group", describe(file, "/mesh")) }
    let kind = try file.stringAttribute("kind", of: "/mesh")
    let geometry: MeshGeometry
    let expectedShape: [Int]
    switch kind {
    case "rectilinear":
      let x = try readAxis(file, "x"), y = try readAxis(file, "y"), z = try readAxis(file, "z")
      let region = try file.read(Int32.self, at: "/mesh/region")
      expectedShape = [z.count - 1, y.count - 1, x.count - 1]
      guard region.shape == expectedShape else {
        throw fail("/mesh/region", "shape [nz, ny, nx] = \(expectedShape) (from /mesh/z, /mesh/y, /mesh/x)", "\(region.shape)")
      }
      geometry = .rectilinear(RectilinearGrid(x: x, y: y, z: z, region: region.values))
    case "unstructured":
      let points = try file.read(Double.self, at: "/mesh/points")
      guard points.shape.count == 2, points.shape[1] == 3 else {
        throw fail("/mesh/points", "shape [np, 3] (x, y, z in metres)", "\(points.shape)")
      }
      func oneD<T: HDF5Element>(_ type: T.Type, _ name: String) throws -> [T] {
        let d = try file.read(type, at: "/mesh/\(name)")
        guard d.shape.count == 1 else { throw fail("/mesh/\(name)", "a 1-D dataset", "shape \(d.shape)") }
        return d.values
      }
      let types = try oneD(UInt8.self, "types")
      let cells = UnstructuredCells(
        points: stride(from: 0, to: points.values.count, by: 3).map {
          SIMD3(points.values[$0], points.values[$0 + 1], points.values[$0 + 2])
        },
        connectivity: try oneD(Int64.self, "connectivity"), offsets: try oneD(Int64.self, "offsets"),
        types: types, region: try oneD(Int32.self, "region"))
      expectedShape = [types.count]
      geometry = .unstructured(cells)
    default:
      throw fail("/mesh@kind", "rectilinear or unstructured", "\"\(kind)\"")
    }
    var powerWeight: [Double]?
    if file.exists("/mesh/power_weight") {
      let weights = try file.read(Double.self, at: "/mesh/power_weight")
      guard weights.shape == expectedShape else {
        throw fail("/mesh/power_weight", "the shape of /mesh/region, \(expectedShape)", "\(weights.shape)")
      }
      powerWeight = weights.values
    }

    var regions: [RegionInfo] = []
    for name in try children(file, "/regions") {
      let group = "/regions/\(name)"
      guard file.kind(of: group) == .group else { throw fail(group, "a group", describe(file, group)) }
      let id = try file.integerAttribute("id", of: group)
      guard let id32 = Int32(exactly: id) else { throw fail(group + "@id", "a region id that fits in int32", "\(id)") }
      let kindText = try file.stringAttribute("kind", of: group)
      guard let regionKind = RegionKind(rawValue: kindText) else {
        throw fail(group + "@kind", "solid, fluid or porous", "\"\(kindText)\"")
      }
      let material = try file.stringAttribute("material", of: group)
      let component = file.hasAttribute("component", on: group) ? try file.stringAttribute("component", of: group) : nil
      regions.append(RegionInfo(name: name, id: id32, kind: regionKind, material: material, component: component))
    }

    var patches: [MeshPatch] = []
    for name in try children(file, "/patches") {
      let dataset = "/patches/\(name)/faces"
      let faces = try file.read(Int64.self, at: dataset)
      guard faces.shape.count == 2, faces.shape[1] == 2 else {
        throw fail(dataset, "shape [n, 2] (cell index, local face index)", "\(faces.shape)")
      }
      let cellFaces = stride(from: 0, to: faces.values.count, by: 2).map {
        CellFace(cell: Int(faces.values[$0]), localFace: Int(faces.values[$0 + 1]))
      }
      patches.append(MeshPatch(name: name, faces: cellFaces))
    }

    let mesh = MeshDefinition(geometry: geometry, regions: regions, patches: patches, powerWeight: powerWeight)
    try mesh.validate(file: file.path)
    return mesh
  }

  private static func readAxis(_ file: HDF5File, _ axis: String) throws -> [Double] {
    let location = "/mesh/\(axis)"
    let nodes = try file.read(Double.self, at: location)
    guard nodes.shape.count == 1 else {
      throw MeshError(file: file.path, location: location, expected: "a 1-D dataset of node coordinates",
                      found: "shape \(nodes.shape)")
    }
    return nodes.values
  }

  /// Child names of an optional group: none when it is absent.
  private static func children(_ file: HDF5File, _ group: String) throws -> [String] {
    switch file.kind(of: group) {
    case nil: return []
    case .group: return try file.childNames(ofGroup: group)
    default: throw MeshError(file: file.path, location: group, expected: "a group", found: describe(file, group))
    }
  }

  private static func describe(_ file: HDF5File, _ path: String) -> String {
    switch file.kind(of: path) {
    case nil: return "nothing"
    case .group: return "a group"
    case .dataset: return "a dataset"
    case .other: return "another kind of object"
    }
  }
}
