import RackTwinMesh

/// The system A θ = b while the terms of a model add to it: the matrix values in the system's pattern and the
/// right-hand side, both in W/K and W for θ = T − `referenceTemperature`.
public struct SystemAssembly: Sendable {
  public let pattern: ThermalSystem.Pattern
  /// Matrix values, one per pattern entry.
  public internal(set) var values: [Double]
  public var rhs: [Double]
  /// K.
  public let referenceTemperature: Double
  // What the conduction and boundary terms leave for post-processing and the deferred corrections.
  var faceConductance: [Double]
  var storesFaceConductance: Bool
  var boundaryConductance: [Double] = []
  var boundaryTemperature: [Double] = []
  var boundaryHeat: [Double] = []
  var totalSource = 0.0

  init(pattern: ThermalSystem.Pattern, referenceTemperature: Double, storesFaceConductance: Bool, internalFaces: Int) {
    self.pattern = pattern
    self.values = [Double](repeating: 0, count: pattern.columns.count)
    self.rhs = [Double](repeating: 0, count: pattern.rowStart.count - 1)
    self.referenceTemperature = referenceTemperature
    self.storesFaceConductance = storesFaceConductance
    self.faceConductance = [Double](repeating: 0, count: storesFaceConductance ? internalFaces : 0)
  }

  /// Unknowns of the system: cells, then the terms' own.
  public var unknownCount: Int { rhs.count }

  /// Adds `value` to the diagonal entry of `row`.
  @inline(__always)
  public mutating func addDiagonal(_ row: Int, _ value: Double) {
    values[Int(pattern.diagonal[row])] += value
  }

  /// Adds `value` to entry (row, column), which must be in the pattern (a term declares its entries beyond the
  /// mesh's in `ThermalTerm.matrixEntries`).
  public mutating func add(_ value: Double, row: Int, column: Int) {
    guard let k = pattern.entryIndex(row: row, column: column) else {
      preconditionFailure("entry (\(row), \(column)) is not in the system pattern: declare it in matrixEntries")
    }
    values[k] += value
  }

  /// Adds the coefficients of internal face f between its owner P and neighbour N: `ownerDiagonal` to a_PP,
  /// `ownerOffDiagonal` to a_PN, `neighbourDiagonal` to a_NN and `neighbourOffDiagonal` to a_NP, in that order.
  @inline(__always)
  public mutating func addFace(_ f: Int, ownerDiagonal: Double, ownerOffDiagonal: Double, neighbourDiagonal: Double,
                               neighbourOffDiagonal: Double, mesh: FVMesh) {
    let p = Int(mesh.faceOwner[f]), q = Int(mesh.faceNeighbour[f])
    let e = pattern.faceEntries[f]
    values[Int(pattern.diagonal[p])] += ownerDiagonal
    values[Int(pattern.diagonal[q])] += neighbourDiagonal
    values[Int(e[0])] += ownerOffDiagonal
    values[Int(e[1])] += neighbourOffDiagonal
  }

  /// Adds `watts` to the right-hand side of `row`.
  @inline(__always)
  public mutating func addSource(_ row: Int, _ watts: Double) {
    rhs[row] += watts
  }
}
