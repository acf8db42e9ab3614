import Foundation

/// Finds the cell containing a point on an unstructured mesh: a uniform grid of buckets over the mesh's bounding box,
/// each listing the cells whose bounding boxes overlap it; a candidate contains the point when the point lies behind
/// every one of its faces (the cells are convex).
public struct CellLocator: Sendable {
  let lower: SIMD3<Double>
  let cellSize: SIMD3<Double>
  let dims: SIMD3<Int>
  let bucketStart: [Int]
  let bucketCells: [Int32]

  init(cellBoxes: [(min: SIMD3<Double>, max: SIMD3<Double>)]) {
    var lo = SIMD3<Double>(repeating: .infinity), hi = SIMD3<Double>(repeating: -.infinity)
    for b in cellBoxes {
      lo = pointwiseMin(lo, b.min)
      hi = pointwiseMax(hi, b.max)
    }
    let extent = pointwiseMax(hi - lo, SIMD3(repeating: 1e-30))
    // Buckets of about four cells each, at most 512 along an axis.
    let target = Swift.max(1.0, Double(cellBoxes.count) / 4)
    let h = Swift.max(cbrt(extent.x * extent.y * extent.z / target), extent.max() / 512)
    var d = SIMD3<Int>(1, 1, 1)
    for a in 0..<3 { d[a] = Swift.min(512, Swift.max(1, Int((extent[a] / h).rounded(.up)))) }
    let size = SIMD3<Double>(extent.x / Double(d.x), extent.y / Double(d.y), extent.z / Double(d.z))
    var counts = [Int](repeating: 0, count: d.x * d.y * d.z + 1)
    func range(_ b: (min: SIMD3<Double>, max: SIMD3<Double>)) -> (SIMD3<Int>, SIMD3<Int>) {
      var a = SIMD3<Int>(), z = SIMD3<Int>()
      for k in 0..<3 {
        a[k] = Swift.max(0, Swift.min(d[k] - 1, Int(((b.min[k] - lo[k]) / size[k]).rounded(.down))))
        z[k] = Swift.max(0, Swift.min(d[k] - 1, Int(((b.max[k] - lo[k]) / size[k]).rounded(.down))))
      }
      return (a, z)
    }
    for b in cellBoxes {
      let (a, z) = range(b)
      for k in a.z...z.z { for j in a.y...z.y { for i in a.x...z.x { counts[(k * d.y + j) * d.x + i + 1] += 1 } } }
    }
    for i in 1..<counts.count { counts[i] += counts[i - 1] }
    var fill = counts
    var cells = [Int32](repeating: 0, count: counts.last!)
    for (c, b) in cellBoxes.enumerated() {
      let (a, z) = range(b)
      for k in a.z...z.z {
        for j in a.y...z.y {
          for i in a.x...z.x {
            let bucket = (k * d.y + j) * d.x + i
            cells[fill[bucket]] = Int32(c)
            fill[bucket] += 1
          }
        }
      }
    }
    self.lower = lo
    self.cellSize = size
    self.dims = d
    self.bucketStart = counts
    self.bucketCells = cells
  }

  /// Cells whose bounding boxes may contain `p`, lowest index first.
  func candidates(_ p: SIMD3<Double>) -> ArraySlice<Int32> {
    var idx = SIMD3<Int>()
    for k in 0..<3 {
      let v = ((p[k] - lower[k]) / cellSize[k]).rounded(.down)
      guard v >= -1e-9 * Double(dims[k]), v <= Double(dims[k]) else { return [] }
      idx[k] = Swift.max(0, Swift.min(dims[k] - 1, Int(v)))
    }
    let bucket = (idx.z * dims.y + idx.y) * dims.x + idx.x
    return bucketCells[bucketStart[bucket]..<bucketStart[bucket + 1]]
  }
}
