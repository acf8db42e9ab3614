import RackTwinMesh
import RackTwinNumerics

/// The assembled steady conduction system A θ = b for θ = T − `referenceTemperature`, with the face conductances
/// needed afterwards for fluxes, energy balance and probes.
///
/// Two-point flux: an internal face between cells P and N has conductance G = A / (d_P/k_P + R'' + d_N/k_N), where
/// d is the normal distance from a centroid to the face, k = n·K·n the normal conductivity and R'' a contact
/// resistance; a boundary face G = A k_P/d_P (fixed temperature) or A / (d_P/k_P + 1/h) (convection).
public struct ThermalSystem: Sendable {
  public var matrix: CSRMatrix
  public var rhs: [Double]
  /// Temperature subtracted from T before solving (K), to keep the right-hand side free of cancellation.
  public var referenceTemperature: Double
  /// Conductance of each internal face, W/K.
  public var faceConductance: [Double]
  /// Per boundary face (index f − internalFaceCount): conductance to the boundary value (W/K, 0 for flux and adiabatic).
  public var boundaryConductance: [Double]
  /// Per boundary face: the boundary temperature (K) for temperature/convection faces.
  public var boundaryTemperature: [Double]
  /// Per boundary face: imposed heat into the domain (W) for heat-flux faces.
  public var boundaryHeat: [Double]
  /// Heat source per cell, W.
  public var cellSource: [Double]
  /// Index of each row's diagonal entry in `matrix.values`.
  public let diagonalIndex: [Int]

  /// Assembles the system of a model.
  /// - Parameter referenceTemperature: T_ref to use (K); by default the mean of the boundary temperatures.
  public init(model: ThermalModel, referenceTemperature: Double? = nil) {
    let mesh = model.mesh
    let n = mesh.cellCount
    let nInternal = mesh.internalFaceCount
    let nBoundary = mesh.boundaryFaceCount

    // Pattern: each row holds its diagonal and its face neighbours, sorted. Counted, filled, then sorted per row in
    // place: no per-row arrays (a million small heap blocks at 1 M cells).
    var rowStart = [Int](repeating: 0, count: n + 1)
    for c in 0..<n { rowStart[c + 1] = 1 }
    for f in 0..<nInternal {
      rowStart[Int(mesh.faceOwner[f]) + 1] += 1
      rowStart[Int(mesh.faceNeighbour[f]) + 1] += 1
    }
    for c in 0..<n { rowStart[c + 1] += rowStart[c] }
    var columns = [Int32](repeating: 0, count: rowStart[n])
    var fill = Array(rowStart.dropLast())
    for c in 0..<n {
      columns[fill[c]] = Int32(c)
      fill[c] += 1
    }
    for f in 0..<nInternal {
      let p = Int(mesh.faceOwner[f]), q = Int(mesh.faceNeighbour[f])
      columns[fill[p]] = Int32(q)
      fill[p] += 1
      columns[fill[q]] = Int32(p)
      fill[q] += 1
    }
    fill = []
    columns.withUnsafeMutableBufferPointer { cs in
      for c in 0..<n {
        // Insertion sort: a row holds the diagonal and a handful of face neighbours.
        let lo = rowStart[c], hi = rowStart[c + 1]
        var k = lo + 1
        while k < hi {
          let v = cs[k]
          var j = k - 1
          while j >= lo && cs[j] > v {
            cs[j + 1] = cs[j]
            j -= 1
          }
          cs[j + 1] = v
          k += 1
        }
      }
    }
    var values = [Double](repeating: 0, count: columns.count)
    // Immutable copies (no storage copied) so the lookup captures no mutable state and needs no exclusivity checks.
    let patternStart = rowStart, patternColumns = columns
    func index(_ r: Int, _ c: Int) -> Int {
      var lo = patternStart[r], hi = patternStart[r + 1] - 1
      let key = Int32(c)
      while lo < hi {
        let mid = (lo + hi) / 2
        if patternColumns[mid] < key { lo = mid + 1 } else { hi = mid }
      }
      return lo
    }
    let diagonal = (0..<n).map { index($0, $0) }

    // Reference: the mean of the boundary temperatures, or 0 K when there are none.
    var tSum = 0.0, tCount = 0
    for bc in model.faceConditions {
      switch bc {
      case .temperature(let t), .convection(_, let t), .radiation(_, let t): tSum += t; tCount += 1
      default: break
      }
    }
    let tRef = referenceTemperature ?? (tCount > 0 ? tSum / Double(tCount) : 0)
    var b = model.cellSources()
    let source = b

    var gFace = [Double](repeating: 0, count: nInternal)
    for f in 0..<nInternal {
      let p = Int(mesh.faceOwner[f]), q = Int(mesh.faceNeighbour[f])
      let nrm = mesh.faceNormal[f], xf = mesh.faceCentroid[f]
      let dP = abs(((xf - mesh.cellCentroid[p]) * nrm).sum())
      let dN = abs(((mesh.cellCentroid[q] - xf) * nrm).sum())
      let kP = (nrm * nrm * model.cellConductivity[p]).sum()
      let kN = (nrm * nrm * model.cellConductivity[q]).sum()
      let r = model.contactResistance(mesh.cellRegion[p], mesh.cellRegion[q])
      let g = mesh.faceArea[f] / (dP / kP + r + dN / kN)
      gFace[f] = g
      values[diagonal[p]] += g
      values[diagonal[q]] += g
      values[index(p, q)] -= g
      values[index(q, p)] -= g
    }

    let (gB, tB, qB) = Self.boundaryTerms(model)
    for bi in 0..<nBoundary where gB[bi] != 0 || qB[bi] != 0 {
      let p = Int(mesh.faceOwner[nInternal + bi])
      values[diagonal[p]] += gB[bi]
      b[p] += gB[bi] * (tB[bi] - tRef) + qB[bi]
    }

    self.matrix = CSRMatrix(rowCount: n, columnCount: n, rowStart: rowStart, columns: columns, values: values)
    self.rhs = b
    self.referenceTemperature = tRef
    self.faceConductance = gFace
    self.boundaryConductance = gB
    self.boundaryTemperature = tB
    self.boundaryHeat = qB
    self.cellSource = source
    self.diagonalIndex = diagonal
  }

  /// Per boundary face: conductance to the boundary value (W/K), the boundary temperature (K) and imposed heat (W).
  static func boundaryTerms(_ model: ThermalModel) -> (g: [Double], t: [Double], q: [Double]) {
    let mesh = model.mesh
    let nInternal = mesh.internalFaceCount, nBoundary = mesh.boundaryFaceCount
    var gB = [Double](repeating: 0, count: nBoundary)
    var tB = [Double](repeating: 0, count: nBoundary)
    var qB = [Double](repeating: 0, count: nBoundary)
    for bi in 0..<nBoundary {
      let bc = model.faceConditions[bi]
      if bc == .adiabatic { continue }
      let f = nInternal + bi
      let p = Int(mesh.faceOwner[f])
      let nrm = mesh.faceNormal[f]
      let dP = abs(((mesh.faceCentroid[f] - mesh.cellCentroid[p]) * nrm).sum())
      let kP = (nrm * nrm * model.cellConductivity[p]).sum()
      let a = mesh.faceArea[f]
      switch bc {
      case .temperature(let t):
        gB[bi] = a * kP / dP
        tB[bi] = t
      case .convection(let h, let t):
        gB[bi] = a / (dP / kP + 1 / h)
        tB[bi] = t
      case .radiation(_, let t):
        gB[bi] = a / (dP / kP + 1 / model.radiationCoefficient[bi])
        tB[bi] = t
      case .heatFlux(let q):
        qB[bi] = q * a
      case .adiabatic:
        break
      }
    }
    return (gB, tB, qB)
  }

  /// Refills boundary values, sources and the right-hand side from the model's current values (after
  /// `ThermalModel.setTime`, an event, a power change), keeping the matrix pattern and the reference temperature.
  /// The matrix changes only where a boundary conductance changed (h varying in time, a changed condition type).
  /// - Returns: whether any matrix value changed.
  @discardableResult
  public mutating func refresh(model: ThermalModel) -> Bool {
    let mesh = model.mesh
    let nInternal = mesh.internalFaceCount
    let (gB, tB, qB) = Self.boundaryTerms(model)
    var matrixChanged = false
    var b = model.cellSources()
    cellSource = b
    for bi in 0..<gB.count {
      let p = Int(mesh.faceOwner[nInternal + bi])
      if gB[bi] != boundaryConductance[bi] {
        matrix.values[diagonalIndex[p]] += gB[bi] - boundaryConductance[bi]
        matrixChanged = true
      }
      b[p] += gB[bi] * (tB[bi] - referenceTemperature) + qB[bi]
    }
    boundaryConductance = gB
    boundaryTemperature = tB
    boundaryHeat = qB
    rhs = b
    return matrixChanged
  }
}
