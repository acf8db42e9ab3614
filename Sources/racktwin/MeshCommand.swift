import ArgumentParser
import Foundation
import RackTwinIO
import RackTwinMesh

struct MeshCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "mesh", abstract: "Generate, import and inspect meshes.", subcommands: [Generate.self, Import.self, Inspect.self])

  struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Build a rectilinear mesh from boxes placed in a domain (see docs/mesh-spec-format.md).")
    @Argument(help: "The mesh spec (YAML).") var spec: String
    @Option(name: .shortAndLong, help: "The mesh file to write (HDF5, racktwin.mesh v1).") var output: String
    @Flag(name: .shortAndLong, help: "Print only errors.") var quiet = false

    func run() throws {
      let gridSpec = try GridSpecDecoder.decode(contentsOf: spec)
      let definition: MeshDefinition, mesh: FVMesh
      do {
        definition = try MeshGenerator.generate(gridSpec)
        mesh = try FVMesh(definition)
      } catch var e as MeshError where e.file == nil {
        e.file = spec  // the generator's errors are about the spec's keys
        throw e
      }
      try MeshFileWriter.write(definition, to: output)
      if !quiet { print(MeshSummary(mesh: mesh, definition: definition, file: output).text) }
    }
  }

  struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Convert a Gmsh MSH 4.1 mesh (ASCII or binary) into a racktwin mesh file.",
      discussion: """
        Physical volume groups become regions (by name), physical surface groups boundary patches. Cells: first-order \
        tetrahedra, hexahedra, prisms and pyramids. A region's material is its name unless --material says otherwise \
        (the case file's `regions` can override it too).

        Example:
          racktwin mesh import stack.msh -o stack.h5 --unit mm --material die=silicon --material lid=copper
        """)
    @Argument(help: "The Gmsh mesh (MSH 4.1; gmsh -3 -format msh41).") var model: String
    @Option(name: .shortAndLong, help: "The mesh file to write (HDF5, racktwin.mesh v1).") var output: String
    @Option(help: "Length unit of the model's coordinates (m, mm, um, in).") var unit = "m"
    @Option(help: ArgumentHelp("A region's material, REGION=MATERIAL (repeatable).", valueName: "region=material"))
    var material: [String] = []
    @Option(help: ArgumentHelp("A region's kind, REGION=solid|fluid|porous (repeatable; default solid).", valueName: "region=kind"))
    var kind: [String] = []
    @Flag(name: .shortAndLong, help: "Print only errors.") var quiet = false

    func run() throws {
      let options = try GmshImportOptions(unit: unit, materials: material, kinds: kind)
      let imported = try GmshReader.read(path: model, options: options)
      let mesh = try FVMesh(imported.definition, file: model)
      try MeshFileWriter.write(imported.definition, to: output)
      for note in imported.notes { FileHandle.standardError.write(Data("note: \(model): \(note)\n".utf8)) }
      if !quiet { print(MeshSummary(mesh: mesh, definition: imported.definition, file: output).text) }
    }
  }

  struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print a mesh file's cells, faces, regions, patches and quality.")
    @Argument(help: "The mesh file (HDF5).") var file: String

    func run() throws {
      let definition = try MeshFileReader.read(path: file)
      let mesh = try FVMesh(definition, file: file)
      print(MeshSummary(mesh: mesh, definition: definition, file: file).text)
    }
  }
}

/// What `racktwin mesh inspect` prints. Lengths in mm, volumes in mm³ (rack geometry reads better so).
struct MeshSummary {
  let mesh: FVMesh
  let definition: MeshDefinition
  let file: String

  var text: String {
    var lines: [String] = []
    let kind: String
    switch definition.geometry {
    case .rectilinear(let g): kind = "rectilinear \(g.nx) × \(g.ny) × \(g.nz)"
    case .unstructured(let u):
      var counts: [VTKCellType: Int] = [:]
      for t in u.types { if let type = VTKCellType(rawValue: t) { counts[type, default: 0] += 1 } }
      let parts = VTKCellType.allCases.compactMap { t in counts[t].map { "\(group($0)) \(t.name)" } }
      kind = "unstructured, \(group(u.points.count)) points; " + parts.joined(separator: ", ")
    }
    lines.append("\(file): \(kind)")
    lines.append("cells: \(group(mesh.cellCount)) (\(group(mesh.fileCellCount - mesh.cellCount)) void)   faces: "
                 + "\(group(mesh.faceCount)) (\(group(mesh.internalFaceCount)) internal, \(group(mesh.boundaryFaceCount)) boundary)")
    let b = mesh.bounds
    lines.append(String(format: "bounding box: x %.4g … %.4g mm, y %.4g … %.4g mm, z %.4g … %.4g mm",
                        b.min.x * 1e3, b.max.x * 1e3, b.min.y * 1e3, b.max.y * 1e3, b.min.z * 1e3, b.max.z * 1e3))
    lines.append("")
    var cells: [Int32: Int] = [:], volume: [Int32: Double] = [:]
    for c in 0..<mesh.cellCount {
      cells[mesh.cellRegion[c], default: 0] += 1
      volume[mesh.cellRegion[c], default: 0] += mesh.cellVolume[c]
    }
    let w = max(6, mesh.regions.map(\.name.count).max() ?? 0)
    lines.append(pad("region", w) + "  id  kind    material      component        cells    volume mm³")
    for r in mesh.regions {
      lines.append(pad(r.name, w) + String(format: " %3d  ", r.id) + pad(r.kind.rawValue, 6) + "  " + pad(r.material, 12)
                   + "  " + pad(r.component ?? "–", 12) + String(format: " %9d  %12.4g", cells[r.id] ?? 0, (volume[r.id] ?? 0) * 1e9))
    }
    lines.append("")
    let pw = max(5, mesh.patches.map(\.name.count).max() ?? 0)
    lines.append(pad("patch", pw) + "     faces     area mm²")
    for p in mesh.patches {
      let area = p.faces.reduce(0) { $0 + mesh.faceArea[$1] }
      lines.append(pad(p.name, pw) + String(format: " %9d  %11.5g", p.faces.count, area * 1e6))
    }
    let q = mesh.quality()
    lines.append("")
    lines.append(String(format: "quality: max non-orthogonality %.1f°, max skewness %.3f, max aspect ratio %.1f, "
                        + "max neighbour volume ratio %.2f, cell volume %.3g … %.3g mm³", q.maxNonOrthogonality,
                        q.maxSkewness, q.maxAspectRatio, q.maxVolumeRatio,
                        q.minVolume * 1e9, q.maxVolume * 1e9))
    if mesh.powerWeight != nil { lines.append("power_weight: present") }
    return lines.joined(separator: "\n")
  }
}
