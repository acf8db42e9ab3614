import Foundation

/// Builds rectilinear meshes from a `GridSpec`: boxes of regions placed in a domain.
public enum MeshGenerator {
  /// The most cells (void included) a generated mesh may have: 100 million, about 10 GB to solve; beyond it a spec
  /// is taken as a mistake (a size in m meant as mm) rather than an allocation to attempt.
  public static let maxCells = 100_000_000

  /// Generates the mesh: grid lines at every box edge, graded cells between them, a region id per cell
  /// (the last box covering a cell centre wins; uncovered cells are void), and the six domain-side patches;
  /// then the spec's `split` into tetrahedra or mixed cells, if any.
  public static func generate(_ spec: GridSpec) throws -> MeshDefinition {
    guard spec.axes.count == 3 else {
      throw MeshError(location: "cells", expected: "controls for x, y and z", found: "\(spec.axes.count) axes")
    }
    var regions = spec.regions
    var nextID: Int32 = (regions.map(\.id).max() ?? 0) + 1
    for r in regions.indices where regions[r].id == 0 {
      regions[r].id = nextID
      nextID += 1
    }
    let idOf = Dictionary(regions.map { ($0.name, $0.id) }, uniquingKeysWith: { a, _ in a })
    var lines: [[Double]] = []
    for a in 0..<3 {
      let lo = spec.domainMin[a], hi = spec.domainMax[a]
      guard hi > lo else {
        throw MeshError(location: "domain", expected: "max > min on axis \("xyz".map(String.init)[a])", found: "\(lo) … \(hi)")
      }
      var breaks = [lo, hi]
      for b in spec.boxes {
        for v in [b.min[a], b.max[a]] where v > lo && v < hi { breaks.append(v) }
      }
      breaks.sort()
      let eps = 1e-12 * (hi - lo)
      var unique: [Double] = []
      for v in breaks where unique.last.map({ v - $0 > eps }) ?? true { unique.append(v) }
      unique[unique.count - 1] = hi
      lines.append(try gradedNodes(breakpoints: unique, axis: spec.axes[a], axisName: "xyz".map(String.init)[a]))
    }
    let x = lines[0], y = lines[1], z = lines[2]
    let nx = x.count - 1, ny = y.count - 1, nz = z.count - 1
    let (nxy, o1) = nx.multipliedReportingOverflow(by: ny), (cells, o2) = nxy.multipliedReportingOverflow(by: nz)
    guard !o1, !o2, cells <= maxCells else {
      throw MeshError(location: "cells", expected: "at most \(maxCells) cells in all",
                      found: "\(nx) × \(ny) × \(nz) = \(o1 || o2 ? "too many" : String(cells)) cells")
    }
    var region = [Int32](repeating: 0, count: nx * ny * nz)
    let cx = (0..<nx).map { 0.5 * (x[$0] + x[$0 + 1]) }
    let cy = (0..<ny).map { 0.5 * (y[$0] + y[$0 + 1]) }
    let cz = (0..<nz).map { 0.5 * (z[$0] + z[$0 + 1]) }
    for b in spec.boxes {
      guard let id = idOf[b.region] else {
        throw MeshError(location: "boxes", expected: "a region declared under regions", found: b.region)
      }
      let iR = cx.indices.filter { cx[$0] > b.min.x && cx[$0] < b.max.x }
      let jR = cy.indices.filter { cy[$0] > b.min.y && cy[$0] < b.max.y }
      let kR = cz.indices.filter { cz[$0] > b.min.z && cz[$0] < b.max.z }
      for k in kR { for j in jR { for i in iR { region[(k * ny + j) * nx + i] = id } } }
    }
    let grid = RectilinearGrid(x: x, y: y, z: z, region: region)
    var patches: [MeshPatch] = []
    if !spec.patches.isEmpty {
      guard spec.split == .none else {
        throw MeshError(location: "patches", expected: "split: none with named patches (a split keeps the six domain "
                          + "sides only)", found: "split: \(spec.split.rawValue)")
      }
      for p in spec.patches {
        guard let id = idOf[p.region] else {
          throw MeshError(location: "patches.\(p.name).region", expected: "a region declared under regions",
                          found: p.region)
        }
        let faces = grid.exposedFaces(region: id, side: p.side)
        guard !faces.isEmpty else {
          throw MeshError(location: "patches.\(p.name)", expected: "faces of region \(p.region) on side "
                            + "\(RectilinearGrid.sideNames[p.side]) that face void or the domain boundary", found: "none")
        }
        patches.append(MeshPatch(name: p.name, faces: faces))
      }
    }
    // A face belongs to one patch: a named patch's faces on a domain side leave that side's patch.
    let claimed = Set(patches.flatMap { $0.faces.map { [$0.cell, $0.localFace] } })
    patches += grid.domainPatches().map { d in
      claimed.isEmpty ? d : MeshPatch(name: d.name, faces: d.faces.filter { !claimed.contains([$0.cell, $0.localFace]) })
    }
    let rectilinear = MeshDefinition(geometry: .rectilinear(grid), regions: regions, patches: patches)
    return try split(rectilinear, spec.split)
  }

  /// Node coordinates along one axis: every breakpoint is a node; between two, cells grow from
  /// `minCellSize` at both ends by the ratio `grading` up to `maxCellSize`, then are scaled to fit exactly.
  static func gradedNodes(breakpoints: [Double], axis: GridSpec.Axis, axisName: String) throws -> [Double] {
    let hMax = axis.maxCellSize
    guard hMax > 0, hMax.isFinite else {
      throw MeshError(location: "cells.\(axisName).maxSize", expected: "a positive length", found: "\(hMax)")
    }
    guard axis.grading >= 1, axis.grading.isFinite else {
      throw MeshError(location: "cells.\(axisName).grading", expected: "a ratio ≥ 1", found: "\(axis.grading)")
    }
    var nodes = [breakpoints[0]]
    for s in 1..<breakpoints.count {
      let a = breakpoints[s - 1], b = breakpoints[s], length = b - a
      let h0 = min(axis.minCellSize ?? hMax, hMax, length)
      guard h0 > 0 else {
        throw MeshError(location: "cells.\(axisName).minSize", expected: "a positive length", found: "\(h0)")
      }
      // Smallest n whose symmetric graded sequence covers the interval.
      let limit = 1_000_000
      func tooMany() -> MeshError {
        MeshError(location: "cells.\(axisName)", expected: "fewer than 1,000,000 cells per interval",
                  found: "maxSize \(hMax) m, minSize \(h0) m, minPerLayer \(axis.minCellsPerLayer) over \(length) m")
      }
      var n = max(1, axis.minCellsPerLayer)
      guard n <= limit else { throw tooMany() }
      func sizes(_ n: Int) -> [Double] {
        (0..<n).map { i in min(h0 * pow(axis.grading, Double(min(i, n - 1 - i))), hMax) }
      }
      func covers(_ n: Int) -> Bool { sizes(n).reduce(0, +) >= length * (1 - 1e-12) }
      // The covered length grows with n: search by doubling, then bisection (a linear search is O(n²)).
      if !covers(n) {
        var lo = n, hi = min(2 * n, limit + 1)
        while !covers(hi) {
          guard hi <= limit else { throw tooMany() }
          lo = hi
          hi = min(2 * hi, limit + 1)
        }
        while hi - lo > 1 {
          let mid = (lo + hi) / 2
          if covers(mid) { hi = mid } else { lo = mid }
        }
        n = hi
        guard n <= limit else { throw tooMany() }
      }
      guard nodes.count + n <= maxCells else {
        throw MeshError(location: "cells.\(axisName)", expected: "at most \(maxCells) cells in all",
                        found: "more than \(nodes.count + n) along \(axisName) alone")
      }
      let h = sizes(n)
      let scale = length / h.reduce(0, +)
      var pos = a
      for i in 0..<(n - 1) {
        pos += h[i] * scale
        nodes.append(pos)
      }
      nodes.append(b)
    }
    return nodes
  }
}

extension RectilinearGrid {
  /// Names of the six sides, in local face order.
  public static let sideNames = ["xmin", "xmax", "ymin", "ymax", "zmin", "zmax"]

  /// Faces on `side` (0 … 5, local face order) of the cells of region `id` whose neighbour across that side is void
  /// or outside the domain.
  public func exposedFaces(region id: Int32, side: Int) -> [CellFace] {
    let step = [(-1, 0, 0), (1, 0, 0), (0, -1, 0), (0, 1, 0), (0, 0, -1), (0, 0, 1)][side]
    var faces: [CellFace] = []
    for k in 0..<nz {
      for j in 0..<ny {
        for i in 0..<nx where region[index(i, j, k)] == id {
          let a = i + step.0, b = j + step.1, c = k + step.2
          let outside = a < 0 || a >= nx || b < 0 || b >= ny || c < 0 || c >= nz
          if outside || region[index(a, b, c)] == 0 { faces.append(CellFace(cell: index(i, j, k), localFace: side)) }
        }
      }
    }
    return faces
  }

  /// The six domain-side patches (`xmin` … `zmax`): faces of non-void cells on the domain boundary.
  public func domainPatches() -> [MeshPatch] {
    var result: [MeshPatch] = []
    let names = ["xmin", "xmax", "ymin", "ymax", "zmin", "zmax"]
    for (l, name) in names.enumerated() {
      var faces: [CellFace] = []
      for k in 0..<nz {
        for j in 0..<ny {
          for i in 0..<nx {
            let onSide: Bool
            switch l {
            case 0: onSide = i == 0
            case 1: onSide = i == nx - 1
            case 2: onSide = j == 0
            case 3: onSide = j == ny - 1
            case 4: onSide = k == 0
            default: onSide = k == nz - 1
            }
            let f = index(i, j, k)
            if onSide && region[f] != 0 { faces.append(CellFace(cell: f, localFace: l)) }
          }
        }
      }
      result.append(MeshPatch(name: name, faces: faces))
    }
    return result
  }
}
