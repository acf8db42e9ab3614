import RackTwinMesh
import RackTwinNumerics

/// The explicit (deferred) part of the face fluxes on non-orthogonal meshes.
///
/// The two-point flux G (T_P − T_N) is exact only when the line between the cell centroids crosses the face along
/// its normal. Otherwise each cell's value is carried to the point where the face normal through the face centroid
/// passes it, T_P' = T_P + ∇T_P·(x_P' − x_P), and the flux becomes G (T_P' − T_N'): the implicit part stays the
/// symmetric two-point matrix, the rest moves to the right-hand side and is iterated. Each side uses its own cell
/// gradient, so conductivity jumps and contact resistances keep the harmonic treatment, and piecewise-linear fields
/// are reproduced exactly. Gradients are least-squares fits within the cell's region: neighbours of the same region,
/// the cell's own side of interface and boundary faces, and the zero (adiabatic) or imposed (heat-flux) normal
/// derivative on boundary faces.
struct NonOrthogonalCorrection {
  let model: ThermalModel
  let system: ThermalSystem
  /// x_P' − x_P and x_N' − x_N per internal face; x_P' − x_P per boundary face (index f − internalFaceCount).
  /// Empty when `isNeeded` is false.
  let ownerOffset: [SIMD3<Double>]
  let neighbourOffset: [SIMD3<Double>]
  /// Whether any face needs a correction at all (false on rectilinear meshes).
  let isNeeded: Bool

  init(model: ThermalModel, system: ThermalSystem) {
    let mesh = model.mesh
    // The offsets of face f from its owner's and (internal faces) its neighbour's centroid, and the larger of their
    // squared lengths relative to the centroid-to-face distance.
    @inline(__always) func offsets(_ f: Int) -> (own: SIMD3<Double>, nei: SIMD3<Double>, relative: Double) {
      let n = mesh.faceNormal[f], xf = mesh.faceCentroid[f]
      let tp = xf - mesh.cellCentroid[Int(mesh.faceOwner[f])]
      let own = tp - (tp * n).sum() * n
      var relative = (own * own).sum() / max((tp * tp).sum(), .leastNormalMagnitude)
      var nei = SIMD3<Double>.zero
      if f < mesh.internalFaceCount {
        let tn = xf - mesh.cellCentroid[Int(mesh.faceNeighbour[f])]
        nei = tn - (tn * n).sum() * n
        relative = max(relative, (nei * nei).sum() / max((tn * tn).sum(), .leastNormalMagnitude))
      }
      return (own, nei, relative)
    }
    // First whether any face needs it, so that orthogonal meshes allocate nothing (192 MB at 3 M faces). A box
    // cell's face centroid is its centroid moved along the face normal, so rectilinear meshes skip the check (45 ms
    // at 3 M faces).
    var largest = 0.0
    if mesh.grid == nil {
      for f in 0..<mesh.faceCount { largest = max(largest, offsets(f).relative) }
    }
    self.model = model
    self.system = system
    self.isNeeded = largest > 1e-20
    guard isNeeded else {
      self.ownerOffset = []
      self.neighbourOffset = []
      return
    }
    var own = [SIMD3<Double>](repeating: .zero, count: mesh.faceCount)
    var nei = [SIMD3<Double>](repeating: .zero, count: mesh.internalFaceCount)
    for f in 0..<mesh.faceCount {
      let o = offsets(f)
      own[f] = o.own
      if f < mesh.internalFaceCount { nei[f] = o.nei }
    }
    self.ownerOffset = own
    self.neighbourOffset = nei
  }

  var mesh: FVMesh { model.mesh }

  /// Heat leaving the owner through internal face f, with the correction (W).
  @inline(__always) func internalFlux(_ f: Int, _ t: [Double], _ g: [SIMD3<Double>]) -> Double {
    let p = Int(mesh.faceOwner[f]), n = Int(mesh.faceNeighbour[f])
    let tp = t[p] + (g[p] * ownerOffset[f]).sum()
    let tn = t[n] + (g[n] * neighbourOffset[f]).sum()
    return system.faceConductance[f] * (tp - tn)
  }

  /// Heat entering through boundary face f, with the correction (W).
  @inline(__always) func boundaryHeatIn(_ f: Int, _ t: [Double], _ g: [SIMD3<Double>]) -> Double {
    let b = f - mesh.internalFaceCount
    let p = Int(mesh.faceOwner[f])
    let tp = t[p] + (g[p] * ownerOffset[f]).sum()
    return system.boundaryConductance[b] * (system.boundaryTemperature[b] - tp) + system.boundaryHeat[b]
  }

  /// Right-hand-side change per cell for the current gradients: −(explicit part of the heat leaving the cell).
  func rhsCorrection(_ g: [SIMD3<Double>]) -> [Double] {
    var r = [Double](repeating: 0, count: mesh.cellCount)
    for f in 0..<mesh.internalFaceCount {
      let p = Int(mesh.faceOwner[f]), n = Int(mesh.faceNeighbour[f])
      let c = system.faceConductance[f] * ((g[p] * ownerOffset[f]).sum() - (g[n] * neighbourOffset[f]).sum())
      r[p] -= c
      r[n] += c
    }
    for f in mesh.internalFaceCount..<mesh.faceCount {
      let b = f - mesh.internalFaceCount
      let p = Int(mesh.faceOwner[f])
      r[p] -= system.boundaryConductance[b] * (g[p] * ownerOffset[f]).sum()
    }
    return r
  }

  /// Least-squares cell gradients of temperature `t` (K), with face values from the previous gradients `g`.
  func gradients(_ t: [Double], previous g: [SIMD3<Double>]) -> [SIMD3<Double>] {
    var result = [SIMD3<Double>](repeating: .zero, count: mesh.cellCount)
    // Each cell's fit reads only the previous gradients and writes only its own: chunks of cells run on all
    // threads and give the same bits on any number of them.
    result.withUnsafeMutableBufferPointer { out in
      Parallel.forEachChunk(mesh.cellCount) { cells in
        for c in cells { out[c] = gradient(c, t, g) }
      }
    }
    return result
  }

  /// The least-squares gradient of cell c.
  private func gradient(_ c: Int, _ t: [Double], _ g: [SIMD3<Double>]) -> SIMD3<Double> {
      var mxx = 0.0, mxy = 0.0, mxz = 0.0, myy = 0.0, myz = 0.0, mzz = 0.0
      var rhs = SIMD3<Double>.zero
      func row(_ d: SIMD3<Double>, _ value: Double) {
        let w = 1 / (d * d).sum()
        mxx += w * d.x * d.x; mxy += w * d.x * d.y; mxz += w * d.x * d.z
        myy += w * d.y * d.y; myz += w * d.y * d.z; mzz += w * d.z * d.z
        rhs += w * value * d
      }
      let kc = model.cellConductivity[c]
      for k in mesh.cellFaceStart[c]..<mesh.cellFaceStart[c + 1] {
        let f = Int(mesh.cellFaces[k])
        guard f >= 0 else { continue }
        let isOwner = Int(mesh.faceOwner[f]) == c
        let outward = isOwner ? mesh.faceNormal[f] : -mesh.faceNormal[f]
        let toFace = mesh.faceCentroid[f] - mesh.cellCentroid[c]
        let dist = abs((toFace * outward).sum())
        let kn = (outward * outward * kc).sum()
        let a = mesh.faceArea[f]
        if f < mesh.internalFaceCount {
          let other = isOwner ? Int(mesh.faceNeighbour[f]) : Int(mesh.faceOwner[f])
          let sameMedium = mesh.cellRegion[other] == mesh.cellRegion[c]
          if sameMedium {
            row(mesh.cellCentroid[other] - mesh.cellCentroid[c], t[other] - t[c])
          } else {
            // This cell's side of the interface: from its corrected value and the heat leaving through the face.
            let out = isOwner ? internalFlux(f, t, g) : -internalFlux(f, t, g)
            let offset = isOwner ? ownerOffset[f] : neighbourOffset[f]
            let tFace = t[c] + (g[c] * offset).sum() - out * dist / (a * kn)
            row(toFace, tFace - t[c])
          }
        } else {
          let b = f - mesh.internalFaceCount
          switch model.faceConditions[b] {
          case .temperature, .convection, .radiation:
            let tFace = t[c] + (g[c] * ownerOffset[f]).sum() + boundaryHeatIn(f, t, g) * dist / (a * kn)
            row(toFace, tFace - t[c])
          case .heatFlux(let q):
            row(dist * outward, dist * q / kn)
          case .adiabatic:
            row(dist * outward, 0)
          }
        }
      }
      return solveSymmetric3(mxx, mxy, mxz, myy, myz, mzz, rhs)
  }
}

/// Solves the symmetric 3×3 system (xx, xy, xz, yy, yz, zz) by Cramer's rule; zero where it is singular.
func solveSymmetric3(_ a: Double, _ bxy: Double, _ c: Double, _ d: Double, _ e: Double, _ f: Double,
                     _ b: SIMD3<Double>) -> SIMD3<Double> {
  let c00 = d * f - e * e, c01 = c * e - bxy * f, c02 = bxy * e - c * d
  let det = a * c00 + bxy * c01 + c * c02
  guard abs(det) > 1e-300 else { return .zero }
  let c11 = a * f - c * c, c12 = bxy * c - a * e, c22 = a * d - bxy * bxy
  return SIMD3(c00 * b.x + c01 * b.y + c02 * b.z,
               c01 * b.x + c11 * b.y + c12 * b.z,
               c02 * b.x + c12 * b.y + c22 * b.z) / det
}
