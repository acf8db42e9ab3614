import RackTwinMesh
import RackTwinThermal

/// Solves a model with no cells and one device term (a lumped device: its own unknowns only), steady.
func solveWithoutCells(_ term: any ThermalTerm) throws -> ThermalSolution {
  var model = try ThermalModel(mesh: .empty, regionMaterials: [:])
  model.addTerm(term)
  return try SteadyThermalSolver().solve(model)
}

/// A term metric of the solution by name (NaN when absent).
func termMetric(_ s: ThermalSolution, _ name: String) -> Double {
  s.termMetrics.first { $0.name == name }?.value ?? .nan
}
