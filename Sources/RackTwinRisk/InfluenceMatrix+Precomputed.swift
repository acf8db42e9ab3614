extension InfluenceMatrix {
  /// An influence matrix whose responses the caller computed (a model without a mesh, e.g. a hydraulic network with
  /// compact trays: coefficients of its linear outputs and finite differences of whole solves).
  /// - Parameters:
  ///   - components: each with its tracked points' nominal temperatures (K) and row-major sensitivities
  ///     (`sensitivity[c * inputs.count + i]`, K per input unit).
  ///   - method: how the columns were made, for reports.
  public init(inputs: [Input], components: [Component], method: String, solveCount: Int = 0, solveTime: Double = 0) {
    precondition(components.allSatisfy { $0.sensitivity.count == $0.cells.count * inputs.count
                   && $0.nominal.count == $0.cells.count && !$0.cells.isEmpty },
                 "InfluenceMatrix: a component's cells, nominals and sensitivities disagree with the inputs")
    self.hottestCellCount = components.map(\.cells.count).max() ?? 1
    self.inputs = inputs
    self.components = components
    self.solveCount = solveCount
    self.setupTime = 0
    self.solveTime = solveTime
    self.method = method
  }
}
