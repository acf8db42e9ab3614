import RackTwinMesh

/// The boundary conditions of a model's patches (DESIGN §3.1): fixed temperature (conductance A k_P/d_P to the
/// face value), convection (A / (d_P/k_P + 1/h)), radiation linearised as convection with h_rad = εσ(T_f² + T_sur²)
/// (T_f + T_sur) at the latest face temperature, and imposed heat flux (a source on the face's cell). Adiabatic faces
/// add nothing. Radiation makes the term nonlinear; values that vary in time make it time-dependent.
public struct BoundaryTerm: ThermalTerm {
  let model: ThermalModel

  public var name: String { "boundaries" }

  public var isNonlinear: Bool {
    model.faceConditions.contains { if case .radiation = $0 { return true } else { return false } }
  }

  public var dependsOnTime: Bool { !model.timeDependentBoundaries.isEmpty }

  public func assemble(into a: inout SystemAssembly, _ context: TermContext) {
    let mesh = model.mesh
    let nInternal = mesh.internalFaceCount
    let (gB, tB, qB) = ThermalSystem.boundaryTerms(model)
    let tRef = a.referenceTemperature
    for bi in 0..<mesh.boundaryFaceCount where gB[bi] != 0 || qB[bi] != 0 {
      let p = Int(mesh.faceOwner[nInternal + bi])
      a.addDiagonal(p, gB[bi])
      a.rhs[p] += gB[bi] * (tB[bi] - tRef) + qB[bi]
    }
    a.boundaryConductance = gB
    a.boundaryTemperature = tB
    a.boundaryHeat = qB
  }

  /// Cells with a fixed-temperature, convective or radiating face: heat leaves the domain through them.
  public func anchoredUnknowns(_ context: TermContext) -> [Int] {
    let mesh = model.mesh
    var cells: [Int] = []
    for (bi, bc) in model.faceConditions.enumerated() {
      switch bc {
      case .temperature, .convection, .radiation: cells.append(Int(mesh.faceOwner[mesh.internalFaceCount + bi]))
      case .heatFlux, .adiabatic: break
      }
    }
    return cells
  }
}
