import ArgumentParser
import Foundation
import RackTwinIO
import RackTwinMesh

struct MeshCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "mesh", abstract: "Generate, import and inspect meshes.",
    discussion: """
      Examples (from the repository's root):
        racktwin mesh generate geometries/gpu-stack/mesh.yaml \\
          -o results/gpu-stack-mesh.h5
        racktwin mesh import Tests/RackTwinIOTests/Gmsh/stack.msh \\
          -o results/stack.h5 --unit mm
        racktwin mesh inspect geometries/gpu-stack/mesh.h5 --json
      """,
    subcommands: [Generate.self, Import.self, Inspect.self])

  /// `--verbose` of the mesh commands: each stage's time on stderr.
  static let verboseHelp = "\n" + """
    --verbose (stderr): the file read and the time of each stage (read or generate, face connectivity and geometry, \
    quality, write).
    --units us: lengths in inches, areas in in², volumes in in³ (files and --json stay SI).
    """

  struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Build a rectilinear mesh from boxes placed in a domain (see docs/mesh-spec-format.md).",
      discussion: """
        Example (from the repository's root):
          racktwin mesh generate geometries/gpu-stack/mesh.yaml \\
            -o results/gpu-stack-mesh.h5

        """ + MeshCommand.verboseHelp)
    @Argument(help: "The mesh spec (YAML).") var spec: String
    @Option(name: .shortAndLong, help: "The mesh file to write (HDF5, racktwin.mesh v1).") var output: String
    @Option(help: "Units of the printed summary: si (mm) or us (in).") var units: UnitSystem = .si
    @OptionGroup var verbosity: OutputOptions

    func run() throws {
      var clock = Stopwatch()
      let gridSpec = try GridSpecDecoder.decode(contentsOf: spec)
      verbosity.detail(String(format: "read %@ (%.3f s)", spec, clock.lap()))
      let definition: MeshDefinition, mesh: FVMesh
      do {
        definition = try MeshGenerator.generate(gridSpec)
        verbosity.detail(String(format: "generated the grid (%.3f s)", clock.lap()))
        mesh = try FVMesh(definition)
        verbosity.detail(String(format: "built faces and geometry (%.3f s)", clock.lap()))
      } catch var e as MeshError where e.file == nil {
        e.file = spec  // the generator's errors are about the spec's keys
        throw e
      }
      try MeshFileWriter.write(definition, to: output)
      verbosity.detail(String(format: "wrote %@ (%.3f s)", output, clock.lap()))
      if !verbosity.quiet { print(MeshSummary(mesh: mesh, definition: definition, file: output, units: units).text) }
      verbosity.detail(String(format: "quality and summary %.3f s; total %.3f s", clock.lap(), clock.total))
    }
  }

  struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Convert a Gmsh MSH 4.1 mesh (ASCII or binary) into a racktwin mesh file.",
      discussion: """
        Physical volume groups become regions (by name), physical surface groups boundary patches. Cells: first-order \
        tetrahedra, hexahedra, prisms and pyramids. A region's material is its name unless --material says otherwise \
        (the case file's `regions` can override it too).

        Examples (from the repository's root):
          racktwin mesh import Tests/RackTwinIOTests/Gmsh/stack.msh \\
            -o results/stack.h5 --unit mm
          racktwin mesh import Tests/RackTwinIOTests/Gmsh/stack.msh \\
            -o results/stack.h5 --unit mm --material die=silicon \\
            --material lid=copper

        """ + MeshCommand.verboseHelp)
    @Argument(help: "The Gmsh mesh (MSH 4.1; gmsh -3 -format msh41).") var model: String
    @Option(name: .shortAndLong, help: "The mesh file to write (HDF5, racktwin.mesh v1).") var output: String
    @Option(help: "Length unit of the model's coordinates (m, mm, um, in).") var unit = "m"
    @Option(help: ArgumentHelp("A region's material, REGION=MATERIAL (repeatable).", valueName: "region=material"))
    var material: [String] = []
    @Option(help: ArgumentHelp("A region's kind, REGION=solid|fluid|porous (repeatable; default solid).", valueName: "region=kind"))
    var kind: [String] = []
    @Option(help: "Units of the printed summary: si (mm) or us (in).") var units: UnitSystem = .si
    @OptionGroup var verbosity: OutputOptions

    func run() throws {
      var clock = Stopwatch()
      let options = try GmshImportOptions(unit: unit, materials: material, kinds: kind)
      let imported = try GmshReader.read(path: model, options: options)
      verbosity.detail(String(format: "read %@ (%.3f s)", model, clock.lap()))
      let mesh = try FVMesh(imported.definition, file: model)
      verbosity.detail(String(format: "built faces and geometry (%.3f s)", clock.lap()))
      try MeshFileWriter.write(imported.definition, to: output)
      verbosity.detail(String(format: "wrote %@ (%.3f s)", output, clock.lap()))
      for note in imported.notes { standardError("note: \(model): \(note)") }
      if !verbosity.quiet { print(MeshSummary(mesh: mesh, definition: imported.definition, file: output, units: units).text) }
      verbosity.detail(String(format: "quality and summary %.3f s; total %.3f s", clock.lap(), clock.total))
    }
  }

  struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Print a mesh file's cells, faces, regions, patches and quality.",
      discussion: """
        Examples (from the repository's root):
          racktwin mesh inspect geometries/gpu-stack/mesh.h5
          racktwin mesh inspect geometries/gpu-stack/mesh.h5 --json
          racktwin mesh inspect geometries/channel-block/mesh.h5 --units us

        --json: one JSON object on stdout instead of the table (SI; docs/cli.md).
        """ + MeshCommand.verboseHelp)
    @Argument(help: "The mesh file (HDF5).") var file: String
    @Flag(help: "Print a JSON object of the mesh summary instead of the table (SI; docs/cli.md).") var json = false
    @Option(help: "Units of the printed table: si (mm) or us (in).") var units: UnitSystem = .si
    @OptionGroup var verbosity: OutputOptions

    func run() throws {
      var clock = Stopwatch()
      let definition = try MeshFileReader.read(path: file)
      verbosity.detail(String(format: "read %@ (%.3f s)", file, clock.lap()))
      let mesh = try FVMesh(definition, file: file)
      verbosity.detail(String(format: "built faces and geometry (%.3f s)", clock.lap()))
      let summary = MeshSummary(mesh: mesh, definition: definition, file: file, units: units)
      if json {
        print(try JSONOutput.text(summary.json))
      } else if !verbosity.quiet {
        print(summary.text)
      }
      verbosity.detail(String(format: "quality and summary %.3f s; total %.3f s", clock.lap(), clock.total))
    }
  }
}

/// What `racktwin mesh inspect` prints. Lengths in mm, volumes in mm³ (rack geometry reads better so); inches with
/// `--units us`. `json` is the same summary in SI for `--json`.
struct MeshSummary {
  let mesh: FVMesh
  let definition: MeshDefinition
  let file: String
  var units: UnitSystem = .si

  /// Cells of each unstructured cell type, in `VTKCellType` order.
  var cellTypeCounts: [(VTKCellType, Int)] {
    guard case .unstructured(let u) = definition.geometry else { return [] }
    var counts: [VTKCellType: Int] = [:]
    for t in u.types { if let type = VTKCellType(rawValue: t) { counts[type, default: 0] += 1 } }
    return VTKCellType.allCases.compactMap { t in counts[t].map { (t, $0) } }
  }

  /// Cells and volume (m³) per region id.
  var regionTotals: (cells: [Int32: Int], volume: [Int32: Double]) {
    var cells: [Int32: Int] = [:], volume: [Int32: Double] = [:]
    for c in 0..<mesh.cellCount {
      cells[mesh.cellRegion[c], default: 0] += 1
      volume[mesh.cellRegion[c], default: 0] += mesh.cellVolume[c]
    }
    return (cells, volume)
  }

  var text: String {
    var lines: [String] = []
    let kind: String
    switch definition.geometry {
    case .rectilinear(let g): kind = "rectilinear \(g.nx) × \(g.ny) × \(g.nz)"
    case .unstructured(let u):
      let parts = cellTypeCounts.map { "\(group($1)) \($0.name)" }
      kind = "unstructured, \(group(u.points.count)) points; " + parts.joined(separator: ", ")
    }
    let u = units, l = u.lengthUnit
    lines.append("\(file): \(kind)")
    lines.append("cells: \(group(mesh.cellCount)) (\(group(mesh.fileCellCount - mesh.cellCount)) void)   faces: "
                 + "\(group(mesh.faceCount)) (\(group(mesh.internalFaceCount)) internal, \(group(mesh.boundaryFaceCount)) boundary)")
    let b = mesh.bounds
    func len(_ x: Double) -> Double { u.length(metres: x) }
    lines.append(String(format: "bounding box: x %.4g … %.4g \(l), y %.4g … %.4g \(l), z %.4g … %.4g \(l)",
                        len(b.min.x), len(b.max.x), len(b.min.y), len(b.max.y), len(b.min.z), len(b.max.z)))
    lines.append("")
    let (cells, volume) = regionTotals
    let w = max(6, mesh.regions.map(\.name.count).max() ?? 0)
    lines.append(pad("region", w) + "  id  kind    material      component        cells  " + lpad("volume \(u.volumeUnit)", 12))
    for r in mesh.regions {
      lines.append(pad(r.name, w) + String(format: " %3d  ", r.id) + pad(r.kind.rawValue, 6) + "  " + pad(r.material, 12)
                   + "  " + pad(r.component ?? "–", 12)
                   + String(format: " %9d  %12.4g", cells[r.id] ?? 0, u.volume(cubicMetres: volume[r.id] ?? 0)))
    }
    lines.append("")
    let pw = max(5, mesh.patches.map(\.name.count).max() ?? 0)
    lines.append(pad("patch", pw) + "     faces  " + lpad("area \(u.areaUnit())", 11))
    for p in mesh.patches {
      let area = p.faces.reduce(0) { $0 + mesh.faceArea[$1] }
      lines.append(pad(p.name, pw) + String(format: " %9d  %11.5g", p.faces.count, u.area(squareMetres: area)))
    }
    let q = mesh.quality()
    lines.append("")
    lines.append(String(format: "quality: max non-orthogonality %.1f°, max skewness %.3f, max aspect ratio %.1f, "
                        + "max neighbour volume ratio %.2f, cell volume %.3g … %.3g \(u.volumeUnit)", q.maxNonOrthogonality,
                        q.maxSkewness, q.maxAspectRatio, q.maxVolumeRatio,
                        u.volume(cubicMetres: q.minVolume), u.volume(cubicMetres: q.maxVolume)))
    if mesh.powerWeight != nil { lines.append("power_weight: present") }
    return lines.joined(separator: "\n")
  }

  /// The summary as a JSON object (SI: m, m², m³, degrees for angles), for `mesh inspect --json`.
  var json: [String: Any] {
    var geometry: [String: Any]
    switch definition.geometry {
    case .rectilinear(let g): geometry = ["kind": "rectilinear", "nx": g.nx, "ny": g.ny, "nz": g.nz]
    case .unstructured(let u):
      var types: [String: Int] = [:]
      for (t, n) in cellTypeCounts { types[t.name] = n }
      geometry = ["kind": "unstructured", "points": u.points.count, "cellTypes": types]
    }
    let b = mesh.bounds
    let (cells, volume) = regionTotals
    let regions: [[String: Any]] = mesh.regions.map { r in
      ["name": r.name, "id": Int(r.id), "kind": r.kind.rawValue, "material": r.material,
       "component": r.component ?? NSNull(), "cells": cells[r.id] ?? 0, "volume": JSONOutput.quantity(volume[r.id] ?? 0, "m^3")]
    }
    let patches: [[String: Any]] = mesh.patches.map { p in
      ["name": p.name, "faces": p.faces.count,
       "area": JSONOutput.quantity(p.faces.reduce(0) { $0 + mesh.faceArea[$1] }, "m^2")]
    }
    let q = mesh.quality()
    return [
      "file": file, "geometry": geometry, "cells": mesh.cellCount, "voidCells": mesh.fileCellCount - mesh.cellCount,
      "faces": ["total": mesh.faceCount, "internal": mesh.internalFaceCount, "boundary": mesh.boundaryFaceCount],
      "boundingBox": ["min": [b.min.x, b.min.y, b.min.z], "max": [b.max.x, b.max.y, b.max.z], "units": "m"],
      "regions": regions, "patches": patches,
      "quality": ["maxNonOrthogonality": JSONOutput.quantity(q.maxNonOrthogonality, "deg"),
                  "maxSkewness": JSONOutput.quantity(q.maxSkewness, "1"),
                  "maxAspectRatio": JSONOutput.quantity(q.maxAspectRatio, "1"),
                  "maxVolumeRatio": JSONOutput.quantity(q.maxVolumeRatio, "1"),
                  "minCellVolume": JSONOutput.quantity(q.minVolume, "m^3"),
                  "maxCellVolume": JSONOutput.quantity(q.maxVolume, "m^3")],
      "powerWeight": mesh.powerWeight != nil,
    ]
  }
}
