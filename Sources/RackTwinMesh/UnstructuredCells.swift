/// VTK linear cell types the mesh accepts (DESIGN §4.1), with VTK's point and face ordering.
public enum VTKCellType: UInt8, Sendable, CaseIterable {
  case tetra = 10
  case hexahedron = 12
  case wedge = 13
  case pyramid = 14

  /// Number of points of a cell of this type.
  public var pointCount: Int {
    switch self {
    case .tetra: return 4
    case .hexahedron: return 8
    case .wedge: return 6
    case .pyramid: return 5
    }
  }

  /// Local faces as lists of local point indices, in VTK's order (vtkTetra, vtkHexahedron, vtkWedge, vtkPyramid
  /// `GetFaceArray`); each face's points run counter-clockwise seen from outside a positively oriented cell.
  public var faces: [[Int]] {
    // Constants, so the mesh builder's calls per cell allocate nothing.
    switch self {
    case .tetra: return Self.tetraFaces
    case .hexahedron: return Self.hexahedronFaces
    case .wedge: return Self.wedgeFaces
    case .pyramid: return Self.pyramidFaces
    }
  }

  private static let tetraFaces = [[0, 1, 3], [1, 2, 3], [2, 0, 3], [0, 2, 1]]
  private static let hexahedronFaces = [[0, 4, 7, 3], [1, 2, 6, 5], [0, 1, 5, 4], [3, 7, 6, 2], [0, 3, 2, 1], [4, 5, 6, 7]]
  private static let wedgeFaces = [[0, 1, 2], [3, 5, 4], [0, 3, 4, 1], [1, 4, 5, 2], [2, 5, 3, 0]]
  private static let pyramidFaces = [[0, 3, 2, 1], [0, 1, 4], [1, 2, 4], [2, 3, 4], [3, 0, 4]]

  public var name: String {
    switch self {
    case .tetra: return "tetra"
    case .hexahedron: return "hexahedron"
    case .wedge: return "wedge"
    case .pyramid: return "pyramid"
    }
  }
}

/// An unstructured mesh in VTK form: points, and cells as point lists (`connectivity[offsets[c]..<offsets[c+1]]`).
public struct UnstructuredCells: Sendable, Equatable {
  /// Point coordinates, metres.
  public var points: [SIMD3<Double>]
  public var connectivity: [Int64]
  /// `offsets.count == cellCount + 1`, `offsets[0] == 0`.
  public var offsets: [Int64]
  public var types: [UInt8]
  /// Region id per cell; 0 = void (not a cell of the FV mesh).
  public var region: [Int32]

  public init(points: [SIMD3<Double>], connectivity: [Int64], offsets: [Int64], types: [UInt8], region: [Int32]) {
    self.points = points
    self.connectivity = connectivity
    self.offsets = offsets
    self.types = types
    self.region = region
  }

  public var cellCount: Int { types.count }

  /// Checks counts, offsets, connectivity ranges and cell types; `file` names the mesh file in errors.
  public func validate(file: String? = nil) throws {
    let n = types.count
    guard region.count == n else {
      throw MeshError(file: file, location: "/mesh/region", expected: "\(n) region ids (one per cell in /mesh/types)",
                      found: "\(region.count)")
    }
    guard offsets.count == n + 1 else {
      throw MeshError(file: file, location: "/mesh/offsets", expected: "\(n + 1) offsets (cells + 1)", found: "\(offsets.count)")
    }
    guard offsets.first == 0 else {
      throw MeshError(file: file, location: "/mesh/offsets", expected: "offsets[0] = 0", found: "\(offsets.first ?? -1)")
    }
    guard offsets.last == Int64(connectivity.count) else {
      throw MeshError(file: file, location: "/mesh/offsets", expected: "offsets[\(n)] = \(connectivity.count) (connectivity length)",
                      found: "\(offsets.last ?? -1)")
    }
    for (i, p) in points.enumerated() where !(p.x.isFinite && p.y.isFinite && p.z.isFinite) {
      throw MeshError(file: file, location: "/mesh/points", expected: "finite coordinates", found: "point \(i) = \(p)")
    }
    for c in 0..<n {
      guard let type = VTKCellType(rawValue: types[c]) else {
        throw MeshError(file: file, location: "/mesh/types", expected: "VTK cell types 10 (tetra), 12 (hexahedron), 13 (wedge) or 14 (pyramid)",
                        found: "cell \(c): type \(types[c])")
      }
      let (count, overflow) = offsets[c + 1].subtractingReportingOverflow(offsets[c])
      guard !overflow, count == Int64(type.pointCount) else {
        throw MeshError(file: file, location: "/mesh/offsets", expected: "\(type.pointCount) points for cell \(c) (a \(type.name))",
                        found: offsets[c + 1] < offsets[c] ? "decreasing offsets \(offsets[c]) → \(offsets[c + 1])" : "\(count)")
      }
      for k in Int(offsets[c])..<Int(offsets[c + 1]) where connectivity[k] < 0 || connectivity[k] >= Int64(points.count) {
        throw MeshError(file: file, location: "/mesh/connectivity", expected: "point indices in 0..<\(points.count)",
                        found: "cell \(c): connectivity[\(k)] = \(connectivity[k])")
      }
    }
  }
}
