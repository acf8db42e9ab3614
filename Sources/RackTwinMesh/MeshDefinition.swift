/// What a region of the mesh is made of, as the mesh file (`/regions/<name>` attribute `kind`) states it.
public enum RegionKind: String, Sendable, Equatable, CaseIterable {
  case solid, fluid, porous
}

/// One region of a mesh file (`/regions/<name>`, DESIGN §4.1).
public struct RegionInfo: Sendable, Equatable {
  /// The region's name (its group name under `/regions`).
  public var name: String
  /// The id that `/mesh/region` uses for this region's cells; 0 is reserved for void.
  public var id: Int32
  public var kind: RegionKind
  /// Material name, looked up in the built-in library and the case's `materials`.
  public var material: String
  /// Default component grouping (e.g. `"tray07/gpu2"`); the case file's `components` overrides it.
  public var component: String?

  public init(name: String, id: Int32, kind: RegionKind = .solid, material: String, component: String? = nil) {
    self.name = name
    self.id = id
    self.kind = kind
    self.material = material
    self.component = component
  }
}

/// A face of a cell named by the cell's index in the file's cell numbering and the cell's local face index.
///
/// For rectilinear (hexahedral) cells the local faces follow VTK's hexahedron numbering:
/// 0 = x-min, 1 = x-max, 2 = y-min, 3 = y-max, 4 = z-min, 5 = z-max.
public struct CellFace: Sendable, Hashable {
  public var cell: Int
  public var localFace: Int
  public init(cell: Int, localFace: Int) {
    self.cell = cell
    self.localFace = localFace
  }
}

/// A named set of boundary faces (`/patches/<name>/faces`).
public struct MeshPatch: Sendable, Equatable {
  public var name: String
  public var faces: [CellFace]
  public init(name: String, faces: [CellFace]) {
    self.name = name
    self.faces = faces
  }
}

/// A rectilinear (tensor-product) grid: node coordinates per axis and a region id per cell.
public struct RectilinearGrid: Sendable, Equatable {
  /// Node coordinates in metres, strictly increasing; `x.count == nx + 1`.
  public var x: [Double]
  public var y: [Double]
  public var z: [Double]
  /// Region id per cell in C order of `[nz][ny][nx]` (x varies fastest); 0 = void.
  public var region: [Int32]

  public init(x: [Double], y: [Double], z: [Double], region: [Int32]) {
    self.x = x
    self.y = y
    self.z = z
    self.region = region
  }

  public var nx: Int { x.count - 1 }
  public var ny: Int { y.count - 1 }
  public var nz: Int { z.count - 1 }
  /// Number of grid cells, void included.
  public var cellCount: Int { nx * ny * nz }

  /// Grid (file) cell index of cell (i, j, k): `(k·ny + j)·nx + i`.
  @inlinable public func index(_ i: Int, _ j: Int, _ k: Int) -> Int { (k * ny + j) * nx + i }
}

/// The geometry part of a mesh file.
public enum MeshGeometry: Sendable, Equatable {
  case rectilinear(RectilinearGrid)
  /// Tetrahedra, hexahedra, wedges and pyramids in VTK order.
  case unstructured(UnstructuredCells)
}

/// The contents of a `racktwin.mesh` v1 file (DESIGN §4.1), independent of HDF5.
///
/// Cell indices (in `region`, `powerWeight`, patches) use the file's numbering, void cells included.
public struct MeshDefinition: Sendable, Equatable {
  public var geometry: MeshGeometry
  /// Regions, in the order they appear in the file.
  public var regions: [RegionInfo]
  /// Named boundary patches stored in the file. Rectilinear meshes always have `xmin` … `zmax`
  /// (added by `FVMesh` when the file does not list them).
  public var patches: [MeshPatch]
  /// Optional relative power density per file cell (same shape as the region array).
  public var powerWeight: [Double]?

  public init(geometry: MeshGeometry, regions: [RegionInfo], patches: [MeshPatch] = [], powerWeight: [Double]? = nil) {
    self.geometry = geometry
    self.regions = regions
    self.patches = patches
    self.powerWeight = powerWeight
  }

  /// Number of cells in file numbering, void included.
  public var fileCellCount: Int {
    switch geometry {
    case .rectilinear(let g): return g.cellCount
    case .unstructured(let u): return u.cellCount
    }
  }

  /// Whether the cells are listed with their points (tetrahedra, hexahedra, wedges, pyramids) rather than as a grid.
  public var isUnstructured: Bool {
    if case .unstructured = geometry { return true }
    return false
  }

  /// Region id per file cell.
  public var cellRegionIDs: [Int32] {
    switch geometry {
    case .rectilinear(let g): return g.region
    case .unstructured(let u): return u.region
    }
  }
}
