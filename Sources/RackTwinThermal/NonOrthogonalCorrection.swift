import RackTwinMesh
import RackTwinNumerics

/// The explicit (deferred) part of the face fluxes on non-orthogonal meshes and with anisotropic conductivity.
///
/// The two-point flux G (T_P − T_N) is exact only when the line between the cell centroids crosses the face along
/// its normal. Otherwise each cell's value is carried to the point where the face normal through the face centroid
/// passes it, T_P' = T_P + ∇T_P·(x_P' − x_P), and the flux becomes G (T_P' − T_N'): the implicit part stays the
/// symmetric two-point matrix, the rest moves to the right-hand side and is iterated. Each side uses its own cell
/// gradient, so conductivity jumps and contact resistances keep the harmonic treatment, and piecewise-linear fields
/// are reproduced exactly. Gradients are least-squares fits within the cell's region: neighbours of the same region,
/// the cell's own side of interface and boundary faces, and the zero (adiabatic) or imposed (heat-flux) flux on
/// boundary faces.
///
/// Anisotropic K: the flux through a face is (K∇T)·n A = k_n ∇T·ν A with k_n = n·K·n and the conormal
/// ν = K n / k_n = n + (K n − k_n n)/k_n, which leans out of n along the face. The same two-point conductance (from
/// k_n) then holds between the points where the conormal line through the face centroid passes each side at its
/// normal distance d: x_P'' = x_P' − d_P (K_P n − k_nP n)/k_nP, and likewise for N (with its own K_N). So the
/// part of K n along the face, which the two-point flux drops, is one more offset of each side's point, and what
/// the derivation leaves (the series combination with R'' and the boundary conductance) holds unchanged: for each
/// side the normal flux is k_n (T(x'') − T_face)/d. Heat-flux and adiabatic faces impose the flux along ν in the
/// gradient fit. Isotropic cells lean by exactly zero, so their offsets and results are bit-for-bit unchanged.
struct NonOrthogonalCorrection {
  let model: ThermalModel
  let system: ThermalSystem
  /// x_P' − x_P per face (index f) and x_N' − x_N per internal face; x'' in place of x' for anisotropic cells.
  /// Empty when `isNeeded` is false.
  let ownerOffset: [SIMD3<Double>]
  let neighbourOffset: [SIMD3<Double>]
  /// Whether any face needs a correction at all: false on rectilinear meshes (box faces are orthogonal and their
  /// normals lie along the axes of the diagonal K), and on orthogonal unstructured meshes whose faces all have K n ∥ n
  /// (isotropic cells, or normals along the axes); true for anisotropic cells on any other face, orthogonal or not.
  let isNeeded: Bool

  init(model: ThermalModel, system: ThermalSystem) {
    let mesh = model.mesh
    let anisotropic = !model.cellConductivity.isAllIsotropic
    // The offsets of face f from its owner's and (internal faces) its neighbour's centroid, the conormal lean of
    // anisotropic cells included, and the larger of their squared lengths relative to the centroid-to-face distance.
    @inline(__always) func offsets(_ f: Int) -> (own: SIMD3<Double>, nei: SIMD3<Double>, relative: Double) {
      let n = mesh.faceNormal[f], xf = mesh.faceCentroid[f]
      let p = Int(mesh.faceOwner[f])
      let tp = xf - mesh.cellCentroid[p]
      var own = tp - (tp * n).sum() * n
      if anisotropic { own -= abs((tp * n).sum()) * Self.conormalLean(n, model.cellConductivity[p]) }
      var relative = (own * own).sum() / max((tp * tp).sum(), .leastNormalMagnitude)
      var nei = SIMD3<Double>.zero
      if f < mesh.internalFaceCount {
        let q = Int(mesh.faceNeighbour[f])
        let tn = xf - mesh.cellCentroid[q]
        nei = tn - (tn * n).sum() * n
        if anisotropic { nei += abs((tn * n).sum()) * Self.conormalLean(n, model.cellConductivity[q]) }
        relative = max(relative, (nei * nei).sum() / max((tn * tn).sum(), .leastNormalMagnitude))
      }
      return (own, nei, relative)
    }
    // First whether any face needs it, so that orthogonal meshes allocate nothing (192 MB at 3 M faces). A box
    // cell's face centroid is its centroid moved along the face normal, and its normal lies along an axis of the
    // diagonal K, so rectilinear meshes skip the check (45 ms at 3 M faces).
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

  /// (K n − (n·K·n) n) / (n·K·n) for the unit normal n and diagonal K: how far the conormal K n/(n·K·n) leans out of
  /// n along the face, per unit normal distance. Exactly zero for isotropic K.
  @inline(__always) static func conormalLean(_ n: SIMD3<Double>, _ k: SIMD3<Double>) -> SIMD3<Double> {
    guard !CellConductivities.isIsotropic(k) else { return .zero }
    return k * n / (n * n * k).sum() - n
  }

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
      let xc = mesh.cellCentroid[c]
      let region = mesh.cellRegion[c]
      for k in mesh.cellFaceStart[c]..<mesh.cellFaceStart[c + 1] {
        let f = Int(mesh.cellFaces[k])
        guard f >= 0 else { continue }
        let isOwner = Int(mesh.faceOwner[f]) == c
        // Most faces join two cells of one medium: their row needs only the two centroids and temperatures, so the
        // face's own geometry is read only for interfaces and boundaries (1 M Gmsh tetrahedra: a third of a solve's
        // CPU time was this function).
        if f < mesh.internalFaceCount {
          let other = isOwner ? Int(mesh.faceNeighbour[f]) : Int(mesh.faceOwner[f])
          if mesh.cellRegion[other] == region {
            row(mesh.cellCentroid[other] - xc, t[other] - t[c])
            continue
          }
        }
        let outward = isOwner ? mesh.faceNormal[f] : -mesh.faceNormal[f]
        let toFace = mesh.faceCentroid[f] - xc
        let dist = abs((toFace * outward).sum())
        let kn = (outward * outward * kc).sum()
        let a = mesh.faceArea[f]
        if f < mesh.internalFaceCount {
          // This cell's side of an interface between media: from its corrected value and the heat leaving through
          // the face.
          let out = isOwner ? internalFlux(f, t, g) : -internalFlux(f, t, g)
          let offset = isOwner ? ownerOffset[f] : neighbourOffset[f]
          let tFace = t[c] + (g[c] * offset).sum() - out * dist / (a * kn)
          row(toFace, tFace - t[c])
        } else {
          let b = f - mesh.internalFaceCount
          switch model.faceConditions[b] {
          case .temperature, .convection, .radiation:
            let tFace = t[c] + (g[c] * ownerOffset[f]).sum() + boundaryHeatIn(f, t, g) * dist / (a * kn)
            row(toFace, tFace - t[c])
          // The imposed heat q = (K∇T)·n = k_n ∇T·ν fixes the derivative along the conormal ν = n + lean.
          case .heatFlux(let q):
            row(dist * conormal(outward, kc), dist * q / kn)
          case .adiabatic:
            row(dist * conormal(outward, kc), 0)
          }
        }
      }
      return solveSymmetric3(mxx, mxy, mxz, myy, myz, mzz, rhs)
  }

  /// The conormal K n/(n·K·n) of an outward normal n; n itself for isotropic K.
  @inline(__always) private func conormal(_ n: SIMD3<Double>, _ k: SIMD3<Double>) -> SIMD3<Double> {
    CellConductivities.isIsotropic(k) ? n : n + Self.conormalLean(n, k)
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
