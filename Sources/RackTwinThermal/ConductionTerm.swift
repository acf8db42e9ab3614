import RackTwinMesh

/// Conduction between cells (DESIGN §3.1): two-point flux through every internal face with conductance
/// G = A / (d_P/k_P + R'' + d_N/k_N), d the normal distance from a centroid to the face and k = n·K·n the normal
/// conductivity on each side.
///
/// Contact resistances R'' between two regions (TIM, solder, gaps) belong to this term: they sit in series with the
/// two half-cell conductances of a face, so they change G rather than add to the system beside it. On
/// non-orthogonal meshes the part of the flux the two-point form misses is added by the deferred correction
/// (`NonOrthogonalCorrection`). Temperature-dependent conductivity makes the term nonlinear: `ThermalModel`
/// re-evaluates k(T) per cell between Picard iterations.
public struct ConductionTerm: ThermalTerm {
  let model: ThermalModel

  public var name: String { "conduction" }

  public var isNonlinear: Bool { model.regionMaterials.values.contains { $0.conductivityLaw != nil } }

  public func assemble(into a: inout SystemAssembly, _ context: TermContext) {
    let mesh = model.mesh
    let faceEntries = a.pattern.faceEntries, diagonal = a.pattern.diagonal
    let store = a.storesFaceConductance
    // Work on local arrays (moved out, not copied): closures over `a`'s own properties would pay a dynamic
    // exclusivity check per access (9 % of a 1 M-cell assembly).
    var values: [Double] = [], gFaceArray: [Double] = []
    swap(&values, &a.values)
    swap(&gFaceArray, &a.faceConductance)
    values.withUnsafeMutableBufferPointer { v in
      gFaceArray.withUnsafeMutableBufferPointer { gFace in
        for f in 0..<mesh.internalFaceCount {
          let p = Int(mesh.faceOwner[f]), q = Int(mesh.faceNeighbour[f])
          let g = ThermalSystem.conductance(ofInternalFace: f, mesh: mesh, model: model)
          if store { gFace[f] = g }
          let e = faceEntries[f]
          v[Int(diagonal[p])] += g
          v[Int(diagonal[q])] += g
          v[Int(e[0])] -= g
          v[Int(e[1])] -= g
        }
      }
    }
    swap(&values, &a.values)
    swap(&gFaceArray, &a.faceConductance)
  }
}
