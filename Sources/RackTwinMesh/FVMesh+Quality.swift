import Foundation

/// Quality measures of a finite-volume mesh, as `racktwin mesh inspect` prints them.
public struct MeshQuality: Sendable, Equatable {
  /// Largest angle (degrees) between a face normal and the line joining the centroids of its two cells.
  public var maxNonOrthogonality: Double
  /// Largest face skewness as OpenFOAM's checkMesh defines it: the distance from the face centroid to where the line
  /// between the two cell centroids crosses the face plane, over the distance between the centroids.
  public var maxSkewness: Double
  /// Largest ratio of a cell's longest to shortest extent (bounding box of its faces).
  public var maxAspectRatio: Double
  /// Largest volume ratio of two neighbouring cells (≥ 1).
  public var maxVolumeRatio: Double
  /// Smallest and largest cell volume, m³.
  public var minVolume: Double
  public var maxVolume: Double
}

extension FVMesh {
  /// Computes the quality measures from the face geometry (valid for any polyhedral mesh).
  public func quality() -> MeshQuality {
    var maxAngle = 0.0, maxRatio = 1.0, maxSkew = 0.0
    for f in 0..<internalFaceCount {
      let p = Int(faceOwner[f]), n = Int(faceNeighbour[f])
      let d = cellCentroid[n] - cellCentroid[p]
      let len = (d * d).sum().squareRoot()
      if len > 0 {
        let dn = (d * faceNormal[f]).sum()
        let cosine = min(1, max(-1, dn / len))
        maxAngle = max(maxAngle, acos(cosine) * 180 / .pi)
        if dn > 0 {
          let crossing = cellCentroid[p] + ((faceCentroid[f] - cellCentroid[p]) * faceNormal[f]).sum() / dn * d
          let off = faceCentroid[f] - crossing
          maxSkew = max(maxSkew, (off * off).sum().squareRoot() / len)
        }
      }
      let r = cellVolume[p] > cellVolume[n] ? cellVolume[p] / cellVolume[n] : cellVolume[n] / cellVolume[p]
      maxRatio = max(maxRatio, r)
    }
    var maxAspect = 1.0
    for c in 0..<cellCount {
      var lo = SIMD3<Double>(repeating: .infinity), hi = SIMD3<Double>(repeating: -.infinity)
      for k in cellFaceStart[c]..<cellFaceStart[c + 1] where cellFaces[k] >= 0 {
        lo = pointwiseMin(lo, faceCentroid[Int(cellFaces[k])])
        hi = pointwiseMax(hi, faceCentroid[Int(cellFaces[k])])
      }
      let ext = hi - lo
      let smallest = ext.min(), largest = ext.max()
      if smallest > 0 { maxAspect = max(maxAspect, largest / smallest) }
    }
    return MeshQuality(maxNonOrthogonality: maxAngle, maxSkewness: maxSkew, maxAspectRatio: maxAspect, maxVolumeRatio: maxRatio,
                       minVolume: cellVolume.min() ?? 0, maxVolume: cellVolume.max() ?? 0)
  }
}
