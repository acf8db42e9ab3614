import Foundation
import RackTwinMesh

/// How `GmshReader` turns a Gmsh model into a `racktwin.mesh`: the file's length unit and each region's material
/// and kind (Gmsh knows only names).
public struct GmshImportOptions: Sendable, Equatable {
  /// Metres per length unit of the file's coordinates (0.001 for a model drawn in mm).
  public var lengthScale: Double
  /// Material per region (physical volume) name; a region not listed takes its own name as its material.
  public var materials: [String: String]
  /// Kind per region name; a region not listed is solid.
  public var kinds: [String: RegionKind]

  public init(lengthScale: Double = 1, materials: [String: String] = [:], kinds: [String: RegionKind] = [:]) {
    self.lengthScale = lengthScale
    self.materials = materials
    self.kinds = kinds
  }
}

/// A Gmsh mesh as a `racktwin.mesh` definition, with what a person should know about the conversion.
public struct GmshImport: Sendable, Equatable {
  public var definition: MeshDefinition
  /// One sentence each: surface groups dropped as interior, cells reoriented.
  public var notes: [String]
  /// `"ASCII"` or `"binary"`.
  public var encoding: String
}

/// Reads Gmsh MSH 4.1 meshes, ASCII or little-endian binary, into `racktwin.mesh` definitions (DESIGN §4.1).
///
/// First-order tetrahedra, hexahedra, prisms and pyramids become cells in VTK point order; each physical volume group
/// becomes a region (its name; its physical tag is the region id) and each physical surface group a boundary patch,
/// its triangles and quadrangles matched to cell faces by their nodes. Points and lines are ignored. Node orders
/// follow the Gmsh reference manual, "Gmsh file formats › Node ordering": tetrahedra, hexahedra and pyramids list
/// their nodes as VTK does; a Gmsh prism's first triangle (0, 1, 2) turns counter-clockwise about the direction to
/// its second (3, 4, 5), a VTK wedge's the other way, so the reader swaps nodes 1↔2 and 4↔5. Any cell still inverted
/// after that (a mirrored extrusion) is reoriented and counted in the notes. Errors name the file, the section
/// (`$Elements`, with the line in ASCII files), what was expected and what was found.
public enum GmshReader {
  /// Reads the Gmsh file at `path`.
  public static func read(path: String, options: GmshImportOptions = .init()) throws(MeshError) -> GmshImport {
    var isDirectory: ObjCBool = false
    func fail(_ found: String) -> MeshError { MeshError(file: path, location: "/", expected: "a Gmsh MSH 4.1 file", found: found) }
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw fail("no such file") }
    if isDirectory.boolValue { throw fail("a directory") }
    guard let data = FileManager.default.contents(atPath: path) else { throw fail("a file that cannot be read") }
    return try read(bytes: [UInt8](data), path: path, options: options)
  }

  /// Reads a Gmsh file from its bytes; `path` names it in errors.
  public static func read(bytes: [UInt8], path: String, options: GmshImportOptions = .init()) throws(MeshError) -> GmshImport {
    var buffer = bytes
    buffer.append(0)
    let contents: GmshContents
    do {
      contents = try buffer.withUnsafeBufferPointer { pointer in
        var scanner = GmshScanner(pointer, file: path)
        return try GmshContents(&scanner)
      }
    } catch let error as MeshError {
      throw error
    } catch {
      throw MeshError(file: path, location: "/", expected: "a Gmsh MSH 4.1 file", found: "\(error)")
    }
    return try contents.meshDefinition(file: path, options: options)
  }
}

/// First-order Gmsh element types (Gmsh reference manual, "MSH file format", element types 1–7 and 15) and the
/// higher-order ones named in errors.
enum GmshElementType {
  static let triangle = 2, quadrangle = 3, tetrahedron = 4, hexahedron = 5, prism = 6, pyramid = 7

  /// Nodes per element, for the types a file may hold beside the cells (to step over them in binary files).
  static func nodeCount(_ type: Int) -> Int? {
    switch type {
    case 1: return 2
    case 2: return 3
    case 3: return 4
    case 4: return 4
    case 5: return 8
    case 6: return 6
    case 7: return 5
    case 8: return 3
    case 9: return 6
    case 10: return 9
    case 11: return 10
    case 12: return 27
    case 13: return 18
    case 14: return 14
    case 15: return 1
    case 16: return 8
    case 17: return 20
    case 18: return 15
    case 19: return 13
    case 20: return 9
    case 21: return 10
    case 26: return 4
    case 27: return 5
    case 28: return 6
    case 29: return 20
    default: return nil
    }
  }

  /// The VTK type of a first-order 3-D element.
  static func vtk(_ type: Int) -> VTKCellType? {
    switch type {
    case tetrahedron: return .tetra
    case hexahedron: return .hexahedron
    case prism: return .wedge
    case pyramid: return .pyramid
    default: return nil
    }
  }

  /// A person's name for an element type racktwin does not read.
  static func describe(_ type: Int) -> String {
    switch type {
    case 11: return "type 11 (10-node second-order tetrahedron)"
    case 12: return "type 12 (27-node second-order hexahedron)"
    case 13: return "type 13 (18-node second-order prism)"
    case 14: return "type 14 (14-node second-order pyramid)"
    case 17: return "type 17 (20-node second-order hexahedron)"
    case 18: return "type 18 (15-node second-order prism)"
    case 19: return "type 19 (13-node second-order pyramid)"
    case 29: return "type 29 (20-node third-order tetrahedron)"
    case 9: return "type 9 (6-node second-order triangle)"
    case 10: return "type 10 (9-node second-order quadrangle)"
    case 16: return "type 16 (8-node second-order quadrangle)"
    case 20, 21: return "type \(type) (third-order triangle)"
    default: return "type \(type)"
    }
  }

  /// Whether `type` is a higher-order version of a volume or surface element (an error that says "order 1").
  static func isHigherOrder(_ type: Int) -> Bool { [9, 10, 11, 12, 13, 14, 16, 17, 18, 19, 20, 21, 29].contains(type) }
}

/// The parts of an MSH 4.1 file the import uses, as the file states them.
struct GmshContents {
  struct Block {
    var entity: Int
    var type: Int
    var count: Int
    /// Node tags, `count × nodes per element`, in Gmsh order.
    var nodes: [Int]
    /// Element tags (kept for surface blocks, to name an element in errors).
    var tags: [Int]
  }

  var binary = false
  var physicalNames: [Int: [Int: String]] = [:]  // dimension → physical tag → name
  /// dimension (2 or 3) → entity tag → physical tags.
  var entityPhysicals: [Int: [Int: [Int]]] = [2: [:], 3: [:]]
  var sawEntities = false
  var nodeTags: [Int] = []
  var nodeCoordinates: [SIMD3<Double>] = []
  var volumeBlocks: [Block] = []
  var surfaceBlocks: [Block] = []
  var sawNodes = false, sawElements = false

  init(_ s: inout GmshScanner) throws(MeshError) {
    guard let first = try s.sectionHeader() else { throw s.error("a Gmsh mesh starting with $MeshFormat", "an empty file") }
    guard first == "$MeshFormat" else { throw s.error("a Gmsh mesh starting with $MeshFormat", "\"\(first)\"") }
    try readFormat(&s)
    while let header = try s.sectionHeader() {
      s.section = header
      switch header {
      case "$PhysicalNames": try readPhysicalNames(&s)
      case "$Entities": try readEntities(&s)
      case "$PartitionedEntities":
        throw s.error("an unpartitioned mesh (save without Mesh.PartitionOldStyleMsh2 / partitions)", "$PartitionedEntities")
      case "$Nodes": try readNodes(&s)
      case "$Elements": try readElements(&s)
      case "$MeshFormat": throw s.error("one $MeshFormat section", "a second one")
      default: try s.skipSection(header)
      }
    }
    s.section = "$Nodes"
    guard sawNodes else { throw s.error("a $Nodes section", "none") }
    s.section = "$Elements"
    guard sawElements else { throw s.error("an $Elements section", "none") }
  }

  private mutating func readFormat(_ s: inout GmshScanner) throws(MeshError) {
    s.skipSpace()
    let line = s.restOfLine().split(separator: " ", omittingEmptySubsequences: true)
    guard line.count == 3 else { throw s.error("\"version file-type data-size\" (4.1 0 8)", "\"\(line.joined(separator: " "))\"") }
    guard line[0] == "4.1" else {
      throw s.error("MSH version 4.1 (gmsh -format msh41, or Mesh.MshFileVersion = 4.1;)", "version \(line[0])")
    }
    guard line[1] == "0" || line[1] == "1" else { throw s.error("file type 0 (ASCII) or 1 (binary)", "\(line[1])") }
    guard line[2] == "8" else { throw s.error("data size 8 (64-bit size_t)", "\(line[2])") }
    if line[1] == "1" {
      try s.need(4, "the binary endianness marker (the int 1)")
      let raw = UnsafeRawPointer(s.base + s.position).loadUnaligned(as: UInt32.self)
      let one = UInt32(littleEndian: raw)
      guard one == 1 else {
        throw s.error("a little-endian binary file (the int 1 written as 01 00 00 00)",
                      one == 0x0100_0000 ? "a big-endian file (00 00 00 01), which racktwin does not read"
                                         : String(format: "the marker 0x%08x", one))
      }
      s.position += 4
      binary = true
    }
    try s.expectEnd(of: "$MeshFormat")
    s.binary = binary
  }

  /// `$PhysicalNames` is text in binary files too.
  private mutating func readPhysicalNames(_ s: inout GmshScanner) throws(MeshError) {
    let wasBinary = s.binary
    s.binary = false
    defer { s.binary = wasBinary }
    let n = try s.count("the number of physical names")
    for _ in 0..<n {
      let dim = try s.textInteger("a physical group's dimension")
      let tag = try s.textInteger("a physical tag")
      let name = try s.quotedName("a physical group's name")
      physicalNames[dim, default: [:]][tag] = name
    }
    try s.expectEnd(of: "$PhysicalNames")
  }

  private mutating func readEntities(_ s: inout GmshScanner) throws(MeshError) {
    sawEntities = true
    let counts = [try s.count("the number of point entities"), try s.count("the number of curve entities"),
                  try s.count("the number of surface entities"), try s.count("the number of volume entities")]
    for dim in 0...3 {
      for _ in 0..<counts[dim] {
        let tag = try s.int("an entity tag")
        for _ in 0..<(dim == 0 ? 3 : 6) { _ = try s.double("an entity's coordinates or bounding box") }
        let np = try s.count("the number of physical tags", minimumBytes: s.binary ? 4 : 1)
        var physicals: [Int] = []
        for _ in 0..<np { physicals.append(abs(try s.int("a physical tag"))) }
        if dim >= 2 { entityPhysicals[dim]![tag] = physicals }
        if dim > 0 {
          let nb = try s.count("the number of bounding entities", minimumBytes: s.binary ? 4 : 1)
          for _ in 0..<nb { _ = try s.int("a bounding entity tag") }
        }
      }
    }
    try s.expectEnd(of: "$Entities")
  }

  private mutating func readNodes(_ s: inout GmshScanner) throws(MeshError) {
    sawNodes = true
    let blocks = try s.count("the number of node blocks")
    let total = try s.count("the number of nodes", minimumBytes: s.binary ? 32 : 4)
    _ = try s.size("the smallest node tag")
    _ = try s.size("the largest node tag")
    nodeTags.reserveCapacity(total)
    nodeCoordinates.reserveCapacity(total)
    for _ in 0..<blocks {
      let dim = try s.int("a node block's entity dimension")
      _ = try s.int("a node block's entity tag")
      let parametric = try s.int("a node block's parametric flag (0 or 1)")
      let n = try s.count("the number of nodes in the block", minimumBytes: s.binary ? 32 : 4)
      let extra = parametric == 0 ? 0 : dim
      for _ in 0..<n { nodeTags.append(try s.size("a node tag")) }
      for _ in 0..<n {
        let x = try s.double("a node's x"), y = try s.double("a node's y"), z = try s.double("a node's z")
        for _ in 0..<extra { _ = try s.double("a node's parametric coordinate") }
        nodeCoordinates.append(SIMD3(x, y, z))
      }
    }
    guard nodeTags.count == total else {
      throw s.error("\(total) nodes (the section's header)", "\(nodeTags.count) in its blocks")
    }
    try s.expectEnd(of: "$Nodes")
  }

  private mutating func readElements(_ s: inout GmshScanner) throws(MeshError) {
    sawElements = true
    let blocks = try s.count("the number of element blocks")
    _ = try s.count("the number of elements")
    _ = try s.size("the smallest element tag")
    _ = try s.size("the largest element tag")
    for _ in 0..<blocks {
      let dim = try s.int("an element block's entity dimension")
      let entity = try s.int("an element block's entity tag")
      let type = try s.int("an element block's element type")
      let n = try s.count("the number of elements in the block", minimumBytes: s.binary ? 16 : 4)
      if dim == 3 {
        guard GmshElementType.vtk(type) != nil else {
          throw s.error("first-order volume elements: tetrahedra (type 4), hexahedra (5), prisms (6) or pyramids (7)"
                        + (GmshElementType.isHigherOrder(type) ? "; mesh with Mesh.ElementOrder = 1" : ""),
                        "\(GmshElementType.describe(type)) in volume \(entity)")
        }
      } else if dim == 2, entityPhysicals[2]?[entity]?.isEmpty == false {
        guard type == GmshElementType.triangle || type == GmshElementType.quadrangle else {
          throw s.error("first-order triangles (type 2) or quadrangles (3) in physical surface groups"
                        + (GmshElementType.isHigherOrder(type) ? "; mesh with Mesh.ElementOrder = 1" : ""),
                        "\(GmshElementType.describe(type)) in surface \(entity)")
        }
      }
      let keep = dim == 3 || (dim == 2 && entityPhysicals[2]?[entity]?.isEmpty == false)
      guard let perElement = GmshElementType.nodeCount(type) else {
        guard !s.binary else { throw s.error("a Gmsh element type racktwin can step over", GmshElementType.describe(type)) }
        // ASCII: an element of an unknown type outside the cells and patches is one line each.
        for _ in 0..<n { s.skipSpace(); _ = s.restOfLine() }
        continue
      }
      var nodes: [Int] = [], tags: [Int] = []
      if keep { nodes.reserveCapacity(n * perElement) }
      for _ in 0..<n {
        let tag = try s.size("an element tag")
        if dim == 2 && keep { tags.append(tag) }
        for _ in 0..<perElement {
          let node = try s.size("an element's node tag")
          if keep { nodes.append(node) }
        }
      }
      guard keep else { continue }
      let block = Block(entity: entity, type: type, count: n, nodes: nodes, tags: tags)
      if dim == 3 { volumeBlocks.append(block) } else { surfaceBlocks.append(block) }
    }
    try s.expectEnd(of: "$Elements")
  }
}

extension GmshImportOptions {
  /// Options from the command line: `unit` a length unit (`mm`), `materials` and `kinds` as `REGION=VALUE` each.
  /// - Throws: `CaseError` for an unknown unit, a malformed pair or an unknown kind, naming the option.
  public init(unit: String, materials: [String], kinds: [String]) throws {
    let scale = try parseQuantity("1 " + unit, as: .length, key: "--unit", file: "command line")
    func pairs(_ items: [String], _ option: String, _ what: String) throws -> [(String, String)] {
      try items.map { item in
        let parts = item.split(separator: "=", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
          throw CaseError(file: "command line", keyPath: option, expected: "REGION=\(what)", found: "\"\(item)\"")
        }
        return (parts[0], parts[1])
      }
    }
    var kindByRegion: [String: RegionKind] = [:]
    for (region, text) in try pairs(kinds, "--kind", "solid|fluid|porous") {
      guard let kind = RegionKind(rawValue: text) else {
        throw CaseError(file: "command line", keyPath: "--kind", expected: "solid, fluid or porous", found: "\"\(text)\" for \(region)")
      }
      kindByRegion[region] = kind
    }
    self.init(lengthScale: scale, materials: Dictionary(try pairs(materials, "--material", "MATERIAL"), uniquingKeysWith: { $1 }),
              kinds: kindByRegion)
  }
}
