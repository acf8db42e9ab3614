import Foundation
import RackTwinIO
import RackTwinMesh
import XCTest

/// Heavy (RACKTWIN_HEAVY=1, `tools/test --heavy`; needs Debian `gmsh` and `pip install meshio`): remakes the committed
/// meshes from their `.geo` files with the installed gmsh, reads them with `GmshReader`, and checks them against the
/// geometry (no exact cell counts: gmsh versions mesh differently) and against meshio's reader of the same files:
/// cells per type, cells per physical group, node coordinates and each cell's nodes.
final class GmshMeshioComparisonTests: XCTestCase {
  private func run(_ executable: String, _ arguments: [String], in dir: URL) throws -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = [executable] + arguments
    p.currentDirectoryURL = dir
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    let errText = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    p.waitUntilExit()
    guard p.terminationStatus == 0 else {
      throw NSError(domain: "GmshMeshioComparisonTests", code: Int(p.terminationStatus),
                    userInfo: [NSLocalizedDescriptionKey: "\(executable) \(arguments) failed: \(errText)"])
    }
    return text
  }

  /// What meshio reads: cells per type, per physical group and type, the points the 3-D cells use (in file order)
  /// and each 3-D cell's nodes among them, sorted.
  private let meshioDump = """
    import json, sys
    import meshio
    m = meshio.read(sys.argv[1])
    volume = {"tetra", "hexahedron", "wedge", "pyramid"}
    types, cells = {}, []
    for block in m.cells:
        types[block.type] = types.get(block.type, 0) + len(block.data)
        if block.type in volume:
            cells.extend(block.data.tolist())
    used = sorted({i for c in cells for i in c})
    new = {old: k for k, old in enumerate(used)}
    groups = {name: {t: len(ix) for t, ix in d.items()} for name, d in m.cell_sets_dict.items() if not name.startswith("gmsh:")}
    json.dump({"types": types, "groups": groups, "points": m.points[used].tolist(),
               "cells": [sorted(new[i] for i in c) for c in cells]}, sys.stdout)
    """

  func testRegeneratedMeshesAgreeWithGeometryAndMeshio() throws {
    guard ProcessInfo.processInfo.environment["RACKTWIN_HEAVY"] == "1" else {
      throw XCTSkip("heavy: needs gmsh (apt) and meshio (pip); run tools/test --heavy")
    }
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("racktwin-gmsh-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    try meshioDump.write(to: dir.appendingPathComponent("dump.py"), atomically: true, encoding: .utf8)
    let vtkName = ["tetra": VTKCellType.tetra, "hexahedron": .hexahedron, "wedge": .wedge, "pyramid": .pyramid]

    for (geo, binary) in [("stack", false), ("stack", true), ("mixed", false), ("block", false)] {
      let msh = dir.appendingPathComponent("\(geo)\(binary ? "-binary" : "").msh").path
      _ = try run("gmsh", ["-3", "-format", "msh41"] + (binary ? ["-bin"] : []) + [gmshPath("\(geo).geo"), "-o", msh], in: dir)
      let imported = try GmshReader.read(path: msh)
      XCTAssertEqual(imported.encoding, binary ? "binary" : "ASCII")
      XCTAssertEqual(imported.notes, [], msh)
      let d = imported.definition
      guard case .unstructured(let u) = d.geometry else { return XCTFail("expected an unstructured mesh") }
      let mesh = try FVMesh(d)

      // The geometry (file units: mm for the stack, m for the others); volumes exact up to round-off.
      var volume: [String: Double] = [:]
      for c in 0..<mesh.cellCount { volume[mesh.region(id: mesh.cellRegion[c])!.name, default: 0] += mesh.cellVolume[c] }
      let expected: [String: Double] = geo == "stack" ? ["die": 320, "lid": 3200, "coldplate": 14400]
        : geo == "mixed" ? ["hexes": 1, "tets": 1, "prisms": 1] : ["block": 4e-5]
      XCTAssertEqual(Set(volume.keys), Set(expected.keys), msh)
      for (name, v) in expected { XCTAssertEqual(volume[name] ?? 0, v, accuracy: 1e-9 * v, "\(msh) \(name)") }

      // meshio on the same file.
      let json = try run("python3", [dir.appendingPathComponent("dump.py").path, msh], in: dir)
      let m = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
      let types = m["types"] as! [String: Int]
      var ours: [VTKCellType: Int] = [:]
      for t in u.types { ours[VTKCellType(rawValue: t)!, default: 0] += 1 }
      var theirs: [VTKCellType: Int] = [:]
      for (name, n) in types { if let t = vtkName[name] { theirs[t] = n } }
      XCTAssertEqual(ours, theirs, msh)
      let groups = m["groups"] as! [String: [String: Int]]
      for region in d.regions {
        let n = u.region.filter { $0 == region.id }.count
        XCTAssertEqual(n, groups[region.name]?.values.reduce(0, +), "\(msh) region \(region.name)")
      }
      for patch in d.patches {
        XCTAssertEqual(patch.faces.count, groups[patch.name]?.values.reduce(0, +), "\(msh) patch \(patch.name)")
      }
      XCTAssertEqual(Set(d.regions.map(\.name)).union(d.patches.map(\.name)), Set(groups.keys), msh)
      let points = (m["points"] as! [[Double]]).map { SIMD3($0[0], $0[1], $0[2]) }
      XCTAssertEqual(points.count, u.points.count, msh)
      // Equal to the last bits or two: the coordinates pass through JSON text, and Foundation's parser does not
      // always round to the nearest double (1.4e-14 mm at 30 mm on the binary stack, whose doubles are exact).
      let scale = u.points.map { max(abs($0.x), abs($0.y), abs($0.z)) }.max() ?? 1
      XCTAssertEqual(zip(points, u.points).map { maxDifference($0, $1) }.max() ?? 1, 0, accuracy: 1e-15 * scale, msh)
      let cells = m["cells"] as! [[Int]]
      XCTAssertEqual(cells.count, u.cellCount, msh)
      var differing = 0
      for (c, theirCell) in cells.enumerated() {
        let ourCell = u.connectivity[Int(u.offsets[c])..<Int(u.offsets[c + 1])].map { Int($0) }.sorted()
        if ourCell != theirCell { differing += 1 }
      }
      XCTAssertEqual(differing, 0, "\(msh): cells whose nodes differ from meshio's")
    }
  }
}
