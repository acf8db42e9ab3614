import RackTwinMesh

extension FaceFlow {
  /// The coolant's velocity in each cell (m/s; x y z per cell, `3 * mesh.cellCount` values), reconstructed from the
  /// face mass fluxes: u_P = Σ_f (x_f − x_P) F_f / (ρ V_P), with F_f the mass flux out of P through face f.
  ///
  /// By the divergence theorem Σ_f x_f (u·S_f) = ∫_V ∇·(x ⊗ u) dV = V u for a uniform u (and Σ_f u·S_f = 0), so the
  /// reconstruction is exact for uniform flow on any polyhedral mesh; this is the usual cell velocity of a
  /// face-flux finite-volume method (Ferziger & Perić, *Computational Methods for Fluid Dynamics*, 3rd ed. 2002,
  /// §8.8: cell values from face fluxes via Gauss's theorem). In a porous region it is the superficial (Darcy)
  /// velocity, the flow rate per unit of total area. Cells without coolant get zero.
  /// - Parameter density: kg/m³, the density the fluxes were made with (the flow solve's, at its property temperature).
  public func cellVelocity(on mesh: FVMesh, density: Double) -> [Double] {
    precondition(massFlux.count == mesh.faceCount, "\(massFlux.count) face fluxes on a mesh of \(mesh.faceCount) faces")
    precondition(density > 0, "density \(density) kg/m^3 is not positive")
    var sum = [Double](repeating: 0, count: 3 * mesh.cellCount)
    for face in 0..<mesh.faceCount {
      let flux = massFlux[face]
      if flux == 0 { continue }
      let xf = mesh.faceCentroid[face]
      let owner = Int(mesh.faceOwner[face])
      let dOwner = (xf - mesh.cellCentroid[owner]) * flux
      sum[3 * owner] += dOwner.x; sum[3 * owner + 1] += dOwner.y; sum[3 * owner + 2] += dOwner.z
      if face < mesh.internalFaceCount {
        // Out of the neighbour the flux is −F.
        let neighbour = Int(mesh.faceNeighbour[face])
        let dNeighbour = (xf - mesh.cellCentroid[neighbour]) * -flux
        sum[3 * neighbour] += dNeighbour.x; sum[3 * neighbour + 1] += dNeighbour.y; sum[3 * neighbour + 2] += dNeighbour.z
      }
    }
    for c in 0..<mesh.cellCount {
      let scale = 1 / (density * mesh.cellVolume[c])
      for k in 0..<3 { sum[3 * c + k] *= scale }
    }
    return sum
  }
}
