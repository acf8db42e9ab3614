import Foundation
import RackTwinMesh

/// XDMF 3 sidecars that let ParaView (and VisIt) open the cell fields of a results file.
///
/// The XML only points into the HDF5 file, by its base name, so the pair can be moved together.
public enum XdmfWriter {
  /// A cell-centred dataset in the HDF5 file.
  public struct CellAttribute: Sendable, Equatable {
    /// Name shown in ParaView.
    public var name: String
    /// Absolute dataset path in the HDF5 file (`/fields/temperature`).
    public var dataset: String
    public var elementType: HDF5ElementType
    /// 1: a `Scalar` attribute; 3: a `Vector` attribute, the dataset shaped as the cells with a last axis of 3.
    public var components: Int

    public init(name: String, dataset: String, elementType: HDF5ElementType, components: Int = 1) {
      self.name = name
      self.dataset = dataset
      self.elementType = elementType
      self.components = components
    }

    /// XDMF's `AttributeType` and the DataItem's `Dimensions` for cells of shape `cells` ("nz ny nx" or "n").
    func xdmfType(cells: String) -> (type: String, dimensions: String) {
      components == 3 ? ("Vector", "\(cells) 3") : ("Scalar", cells)
    }
  }

  /// The sidecar path for a results file: its extension replaced by `.xdmf` (`out.h5` → `out.xdmf`), or `.xdmf`
  /// appended when it has none.
  public static func sidecarPath(forResultsAt path: String) -> String {
    let nameStart = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
    if let dot = path[nameStart...].lastIndex(of: "."), dot > nameStart {
      return String(path[..<dot]) + ".xdmf"
    }
    return path + ".xdmf"
  }

  /// XDMF 3 text for a mesh: `3DRectMesh` for rectilinear meshes, a `Mixed` topology (`/geometry/xdmf_topology`,
  /// `/geometry/points`) for unstructured ones; one cell-centred attribute (scalar or vector) per entry of `attributes`.
  public static func document(mesh: MeshDefinition, hdf5FileName: String, attributes: [CellAttribute]) -> String {
    switch mesh.geometry {
    case .rectilinear(let grid):
      return document(grid: grid, hdf5FileName: hdf5FileName, attributes: attributes)
    case .unstructured(let u):
      let file = escape(hdf5FileName)
      let topologyLength = mixedTopology(u).count
      var xml = """
        <?xml version="1.0" ?>
        <!DOCTYPE Xdmf SYSTEM "Xdmf.dtd" []>
        <Xdmf Version="3.0">
          <Domain>
            <Grid Name="mesh" GridType="Uniform">
              <Topology TopologyType="Mixed" NumberOfElements="\(u.cellCount)">
                <DataItem Dimensions="\(topologyLength)" NumberType="Int" Precision="8" Format="HDF">\(file):/geometry/xdmf_topology</DataItem>
              </Topology>
              <Geometry GeometryType="XYZ">
                <DataItem Dimensions="\(u.points.count) 3" NumberType="Float" Precision="8" Format="HDF">\(file):/geometry/points</DataItem>
              </Geometry>

        """
      for attribute in attributes {
        let (numberType, precision) = numberType(attribute.elementType)
        let (type, dimensions) = attribute.xdmfType(cells: "\(u.cellCount)")
        xml += "      <Attribute Name=\"\(escape(attribute.name))\" AttributeType=\"\(type)\" Center=\"Cell\">\n"
          + "        <DataItem Dimensions=\"\(dimensions)\" NumberType=\"\(numberType)\" Precision=\"\(precision)\" "
          + "Format=\"HDF\">\(file):\(escape(attribute.dataset))</DataItem>\n      </Attribute>\n"
      }
      xml += "    </Grid>\n  </Domain>\n</Xdmf>\n"
      return xml
    }
  }

  /// XDMF's mixed-topology array: per cell its XDMF type (6 tetra, 7 pyramid, 8 wedge, 9 hexahedron) then its points
  /// (XDMF and VTK order these four cell types' points alike).
  public static func mixedTopology(_ u: UnstructuredCells) -> [Int64] {
    var out: [Int64] = []
    out.reserveCapacity(u.connectivity.count + u.cellCount)
    for c in 0..<u.cellCount {
      let code: Int64
      switch VTKCellType(rawValue: u.types[c]) {
      case .tetra?: code = 6
      case .pyramid?: code = 7
      case .wedge?: code = 8
      default: code = 9
      }
      out.append(code)
      out.append(contentsOf: u.connectivity[Int(u.offsets[c])..<Int(u.offsets[c + 1])])
    }
    return out
  }

  /// XDMF 3 text for a `3DRectMesh` whose node coordinates are `/geometry/x`, `/geometry/y`, `/geometry/z` in
  /// `hdf5FileName`, with one cell-centred scalar attribute per entry of `attributes`.
  public static func document(grid: RectilinearGrid, hdf5FileName: String, attributes: [CellAttribute]) -> String {
    let file = escape(hdf5FileName)
    let cells = "\(grid.nz) \(grid.ny) \(grid.nx)"
    var xml = """
      <?xml version="1.0" ?>
      <!DOCTYPE Xdmf SYSTEM "Xdmf.dtd" []>
      <Xdmf Version="3.0">
        <Domain>
          <Grid Name="mesh" GridType="Uniform">
            <Topology TopologyType="3DRectMesh" Dimensions="\(grid.nz + 1) \(grid.ny + 1) \(grid.nx + 1)"/>
            <Geometry GeometryType="VXVYVZ">

      """
    for (axis, count) in [("x", grid.x.count), ("y", grid.y.count), ("z", grid.z.count)] {
      xml += "        <DataItem Dimensions=\"\(count)\" NumberType=\"Float\" Precision=\"8\" Format=\"HDF\">"
        + "\(file):/geometry/\(axis)</DataItem>\n"
    }
    xml += "      </Geometry>\n"
    for attribute in attributes {
      let (numberType, precision) = numberType(attribute.elementType)
      let (type, dimensions) = attribute.xdmfType(cells: cells)
      xml += """
              <Attribute Name="\(escape(attribute.name))" AttributeType="\(type)" Center="Cell">
                <DataItem Dimensions="\(dimensions)" NumberType="\(numberType)" Precision="\(precision)" Format="HDF">\
        \(file):\(escape(attribute.dataset))</DataItem>
              </Attribute>

        """
    }
    xml += """
          </Grid>
        </Domain>
      </Xdmf>

      """
    return xml
  }

  /// One time of a temporal collection: its time (s) and the cell datasets shown at it.
  public struct TimeStep: Sendable, Equatable {
    public var time: Double
    public var attributes: [CellAttribute]
    public init(time: Double, attributes: [CellAttribute]) {
      self.time = time
      self.attributes = attributes
    }
  }

  /// XDMF 3 text for a temporal collection (`GridType="Collection" CollectionType="Temporal"`): one `3DRectMesh`
  /// grid per step, each with its `Time` and cell attributes, sharing the geometry datasets. ParaView shows the steps
  /// on its time axis.
  public static func temporalDocument(grid: RectilinearGrid, hdf5FileName: String, steps: [TimeStep]) -> String {
    let mesh = MeshDefinition(geometry: .rectilinear(grid), regions: [])
    return temporalDocument(mesh: mesh, hdf5FileName: hdf5FileName, steps: steps)
  }

  /// A temporal collection of `steps` on any mesh (rectilinear or unstructured).
  public static func temporalDocument(mesh: MeshDefinition, hdf5FileName: String, steps: [TimeStep]) -> String {
    let single = document(mesh: mesh, hdf5FileName: hdf5FileName, attributes: [])
    // The body of the single grid between <Grid …> and its attributes: topology and geometry.
    let lines = single.components(separatedBy: "\n")
    guard let start = lines.firstIndex(where: { $0.contains("<Topology") }),
          let end = lines.firstIndex(where: { $0.contains("</Geometry>") }) else { return single }
    let meshLines = lines[start...end].map { "  " + $0 }.joined(separator: "\n")
    let file = escape(hdf5FileName)
    let cells: String
    switch mesh.geometry {
    case .rectilinear(let grid): cells = "\(grid.nz) \(grid.ny) \(grid.nx)"
    case .unstructured(let u): cells = "\(u.cellCount)"
    }
    var xml = """
      <?xml version="1.0" ?>
      <!DOCTYPE Xdmf SYSTEM "Xdmf.dtd" []>
      <Xdmf Version="3.0">
        <Domain>
          <Grid Name="series" GridType="Collection" CollectionType="Temporal">

      """
    for (n, step) in steps.enumerated() {
      xml += "      <Grid Name=\"step_\(n)\" GridType=\"Uniform\">\n"
      xml += "        <Time Value=\"\(step.time)\"/>\n"
      xml += meshLines + "\n"
      for attribute in step.attributes {
        let (numberType, precision) = numberType(attribute.elementType)
        let (type, dimensions) = attribute.xdmfType(cells: cells)
        xml += "        <Attribute Name=\"\(escape(attribute.name))\" AttributeType=\"\(type)\" Center=\"Cell\">\n"
          + "          <DataItem Dimensions=\"\(dimensions)\" NumberType=\"\(numberType)\" Precision=\"\(precision)\" "
          + "Format=\"HDF\">\(file):\(escape(attribute.dataset))</DataItem>\n        </Attribute>\n"
      }
      xml += "      </Grid>\n"
    }
    xml += """
          </Grid>
        </Domain>
      </Xdmf>

      """
    return xml
  }

  private static func numberType(_ type: HDF5ElementType) -> (String, Int) {
    switch type {
    case .float64: return ("Float", 8)
    case .int8: return ("Char", 1)
    case .uint8: return ("UChar", 1)
    case .int32: return ("Int", 4)
    case .int64: return ("Int", 8)
    }
  }

  private static func escape(_ text: String) -> String {
    var out = ""
    for c in text {
      switch c {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&apos;"
      default: out.append(c)
      }
    }
    return out
  }
}
