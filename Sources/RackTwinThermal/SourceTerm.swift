import RackTwinMesh

/// Heat dissipated in cells (DESIGN §3.1): each component's power spread over its cells (by volume or by the mesh's
/// power weights), volumetric sources W/m³ over regions, and any per-cell source field. A component with leakage
/// (P = P_dyn + P_leak·2^((T − T₀)/ΔT)) makes the term nonlinear: `ThermalModel` re-evaluates its power at the
/// component's mean temperature between Picard iterations. Sources that vary in time make it time-dependent.
public struct SourceTerm: ThermalTerm {
  let model: ThermalModel

  public var name: String { "sources" }

  public var isNonlinear: Bool { model.components.contains { $0.leakage != nil } }

  public var dependsOnTime: Bool { model.volumetricSources.contains { $0.density.dependsOnTime } }

  public func assemble(into a: inout SystemAssembly, _ context: TermContext) {
    let q = model.cellSources()
    for c in 0..<q.count { a.rhs[c] += q[c] }
    a.totalSource += q.reduce(0, +)
  }

  /// The total power, W (the energy balance counts it as `sources`, not as a stream).
  public func heatStreams(_ context: TermContext) -> [HeatStream] { [] }
}
