extension MeshGenerator {
  /// Splits the hexahedra of a rectilinear mesh into unstructured cells (`GridSpec.Split`), keeping regions and
  /// giving the six domain sides as patches.
  public static func split(_ definition: MeshDefinition, _ split: GridSpec.Split) throws -> MeshDefinition {
    guard case .rectilinear(let g) = definition.geometry, split != .none else { return definition }
    let nx = g.nx, ny = g.ny, nz = g.nz
    var points: [SIMD3<Double>] = []
    points.reserveCapacity((nx + 1) * (ny + 1) * (nz + 1))
    for k in 0...nz { for j in 0...ny { for i in 0...nx { points.append(SIMD3(g.x[i], g.y[j], g.z[k])) } } }
    func node(_ i: Int, _ j: Int, _ k: Int) -> Int64 { Int64((k * (ny + 1) + j) * (nx + 1) + i) }

    var connectivity: [Int64] = [], offsets: [Int64] = [0], types: [UInt8] = [], region: [Int32] = []
    var weights: [Double]? = definition.powerWeight == nil ? nil : []
    func add(_ type: VTKCellType, _ ids: [Int64], _ r: Int32, _ w: Double?) {
      connectivity.append(contentsOf: oriented(type, ids, points))
      offsets.append(Int64(connectivity.count))
      types.append(type.rawValue)
      region.append(r)
      if let w { weights?.append(w) }
    }
    let x0 = g.x[0], length = g.x[nx] - g.x[0]
    for k in 0..<nz {
      for j in 0..<ny {
        for i in 0..<nx {
          let f = g.index(i, j, k)
          let r = g.region[f]
          guard r != 0 else { continue }
          let w = definition.powerWeight?[f]
          // VTK hexahedron corners.
          let v = [node(i, j, k), node(i + 1, j, k), node(i + 1, j + 1, k), node(i, j + 1, k),
                   node(i, j, k + 1), node(i + 1, j, k + 1), node(i + 1, j + 1, k + 1), node(i, j + 1, k + 1)]
          let zone = split == .kuhn ? 3 : Int(3 * (0.5 * (g.x[i] + g.x[i + 1]) - x0) / length)
          switch zone {
          case 0:
            add(.hexahedron, v, r, w)
          case 1:
            add(.wedge, [v[0], v[1], v[2], v[4], v[5], v[6]], r, w)
            add(.wedge, [v[0], v[2], v[3], v[4], v[6], v[7]], r, w)
          case 2:
            let centre = Int64(points.count)
            points.append(SIMD3(0.5 * (g.x[i] + g.x[i + 1]), 0.5 * (g.y[j] + g.y[j + 1]), 0.5 * (g.z[k] + g.z[k + 1])))
            for face in VTKCellType.hexahedron.faces { add(.pyramid, face.map { v[$0] } + [centre], r, w) }
          default:
            for t in [[0, 1, 2, 6], [0, 2, 3, 6], [0, 3, 7, 6], [0, 7, 4, 6], [0, 4, 5, 6], [0, 5, 1, 6]] {
              add(.tetra, t.map { v[$0] }, r, w)
            }
          }
        }
      }
    }
    let cells = UnstructuredCells(points: points, connectivity: connectivity, offsets: offsets, types: types, region: region)

    // Domain-side patches: faces whose points all lie on one side of the domain.
    let lo = SIMD3(g.x[0], g.y[0], g.z[0]), hi = SIMD3(g.x[nx], g.y[ny], g.z[nz])
    let tol = 1e-12 * (hi - lo).max()
    var sides = [[CellFace]](repeating: [], count: 6)
    for c in 0..<cells.cellCount {
      let type = VTKCellType(rawValue: types[c])!
      let ids = Array(connectivity[Int(offsets[c])..<Int(offsets[c + 1])])
      for (l, face) in type.faces.enumerated() {
        let pts = face.map { points[Int(ids[$0])] }
        for a in 0..<3 {
          if pts.allSatisfy({ abs($0[a] - lo[a]) <= tol }) { sides[2 * a].append(CellFace(cell: c, localFace: l)) }
          if pts.allSatisfy({ abs($0[a] - hi[a]) <= tol }) { sides[2 * a + 1].append(CellFace(cell: c, localFace: l)) }
        }
      }
    }
    let names = ["xmin", "xmax", "ymin", "ymax", "zmin", "zmax"]
    return MeshDefinition(geometry: .unstructured(cells), regions: definition.regions,
                          patches: (0..<6).map { MeshPatch(name: names[$0], faces: sides[$0]) }, powerWeight: weights)
  }

  /// The cell's points in an order of positive volume (VTK's faces pointing out).
  static func oriented(_ type: VTKCellType, _ ids: [Int64], _ points: [SIMD3<Double>]) -> [Int64] {
    guard signedVolume(type, ids, points) < 0 else { return ids }
    switch type {
    case .tetra: return [ids[0], ids[2], ids[1], ids[3]]
    case .wedge: return [ids[0], ids[2], ids[1], ids[3], ids[5], ids[4]]
    case .pyramid: return [ids[0], ids[3], ids[2], ids[1], ids[4]]
    case .hexahedron: return [ids[4], ids[5], ids[6], ids[7], ids[0], ids[1], ids[2], ids[3]]
    }
  }

  /// Volume by the divergence theorem over the type's faces as ordered (negative when they point inwards).
  static func signedVolume(_ type: VTKCellType, _ ids: [Int64], _ points: [SIMD3<Double>]) -> Double {
    let pts = ids.map { points[Int($0)] }
    let mean = pts.reduce(SIMD3<Double>.zero, +) / Double(pts.count)
    var v = 0.0
    for face in type.faces {
      let fp = face.map { pts[$0] }
      let centre = fp.reduce(SIMD3<Double>.zero, +) / Double(fp.count)
      for i in 0..<fp.count {
        v += ((centre - mean) * cross(fp[i] - mean, fp[(i + 1) % fp.count] - mean)).sum() / 6
      }
    }
    return v
  }
}
