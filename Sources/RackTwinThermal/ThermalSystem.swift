import RackTwinMesh
import RackTwinNumerics

/// The assembled steady conduction system A θ = b for θ = T − `referenceTemperature`, with the face conductances
/// needed afterwards for fluxes, energy balance and probes.
///
/// Two-point flux: an internal face between cells P and N has conductance G = A / (d_P/k_P + R'' + d_N/k_N), where
/// d is the normal distance from a centroid to the face, k = n·K·n the normal conductivity and R'' a contact
/// resistance; a boundary face G = A k_P/d_P (fixed temperature) or A / (d_P/k_P + 1/h) (convection). This is the
/// implicit part only: on unstructured meshes the non-orthogonal offsets and, for anisotropic K, the flux part along
/// the face are deferred corrections (`NonOrthogonalCorrection`).
public struct ThermalSystem: Sendable {
  public var matrix: CSRMatrix
  public var rhs: [Double]
  /// Temperature subtracted from T before solving (K), to keep the right-hand side free of cancellation.
  public var referenceTemperature: Double
  /// Conductance of each internal face, W/K; empty when the system was assembled without it
  /// (`storesFaceConductance`): `conductance(ofInternalFace:model:)` then computes a face's on demand.
  public var faceConductance: [Double]
  /// Per boundary face (index f − internalFaceCount): conductance to the boundary value (W/K, 0 for flux and adiabatic).
  public var boundaryConductance: [Double]
  /// Per boundary face: the boundary temperature (K) for temperature/convection faces.
  public var boundaryTemperature: [Double]
  /// Per boundary face: imposed heat into the domain (W) for heat-flux faces.
  public var boundaryHeat: [Double]
  /// Total heat source of the cells, W (the sum of `ThermalModel.cellSources()` in cell order).
  public var totalSource: Double
  /// Index of each row's diagonal entry in `matrix.values`.
  public let diagonalIndex: [Int32]
  /// Whether every term keeps the matrix symmetric (conduction, boundaries and sources do; advection does not).
  public var isSymmetric: Bool

  /// The matrix pattern of a mesh and where each face's off-diagonal entries and each row's diagonal sit: it depends
  /// on the mesh only, so a sweep computes it once and every point fills values into it.
  ///
  /// Row r holds the diagonal and one entry per face of cell r, columns ascending. Two faces between the same pair of
  /// cells share the first of their entries (the second stays zero).
  public struct Pattern: Sendable {
    public let rowStart: [Int]
    public let columns: [Int32]
    /// Per internal face: indices of (P, N) and (N, P) in the values array.
    public let faceEntries: [SIMD2<Int32>]
    /// Per row: index of its diagonal entry in the values array.
    public let diagonal: [Int32]

    init(rowStart: [Int], columns: [Int32], faceEntries: [SIMD2<Int32>], diagonal: [Int32]) {
      self.rowStart = rowStart
      self.columns = columns
      self.faceEntries = faceEntries
      self.diagonal = diagonal
    }

    /// Builds the pattern in O(faces) without sorting: visiting the cells in ascending order, each cell c is appended
    /// to its own row and to the row of every neighbour across its faces (`mesh.cellFaces`), so every row receives its
    /// columns in ascending order, and each face's entries are recorded as they land.
    public init(mesh: FVMesh) {
      let n = mesh.cellCount, nf = mesh.internalFaceCount
      let owner = mesh.faceOwner, neighbour = mesh.faceNeighbour
      let cellFaceStart = mesh.cellFaceStart, cellFaces = mesh.cellFaces
      var rowStart = [Int](repeating: 0, count: n + 1)
      for f in 0..<nf {
        rowStart[Int(owner[f]) + 1] += 1
        rowStart[Int(neighbour[f]) + 1] += 1
      }
      for c in 0..<n { rowStart[c + 1] += rowStart[c] + 1 }
      precondition(rowStart[n] <= Int(Int32.max), "\(rowStart[n]) matrix entries exceed Int32 indices")

      var fill = rowStart
      var columns = [Int32](repeating: 0, count: rowStart[n])
      var diagonal = [Int32](repeating: 0, count: n)
      var faceEntries = [SIMD2<Int32>](repeating: .zero, count: nf)
      for c in 0..<n {
        diagonal[c] = Int32(fill[c])
        columns[fill[c]] = Int32(c)
        fill[c] += 1
        for k in cellFaceStart[c]..<cellFaceStart[c + 1] {
          let f = Int(cellFaces[k])
          guard f >= 0, f < nf else { continue }
          let p = Int(owner[f]), q = Int(neighbour[f])
          // Column c in the other cell's row: (N, P) when c is the owner, (P, N) when c is the neighbour. A face
          // between a cell and itself is listed twice in its cell: one entry per listing, both ends on it.
          let other = p == c ? q : p
          if p == c { faceEntries[f][1] = Int32(fill[other]) }
          if q == c { faceEntries[f][0] = Int32(fill[other]) }
          columns[fill[other]] = Int32(c)
          fill[other] += 1
        }
      }
      precondition((0..<n).allSatisfy { fill[$0] == rowStart[$0 + 1] }, "mesh.cellFaces does not list each face at both its cells")
      Self.shareRepeatedEntries(rowStart: rowStart, columns: columns, diagonal: &diagonal, faceEntries: &faceEntries)
      self.rowStart = rowStart
      self.columns = columns
      self.diagonal = diagonal
      self.faceEntries = faceEntries
    }

    /// Points every entry of a repeated column (two faces between one pair of cells) at the first one of its row.
    private static func shareRepeatedEntries(rowStart: [Int], columns: [Int32], diagonal: inout [Int32],
                                             faceEntries: inout [SIMD2<Int32>]) {
      var first: [Int32: Int32] = [:]
      for r in 0..<rowStart.count - 1 where rowStart[r + 1] > rowStart[r] {
        for k in rowStart[r] + 1..<rowStart[r + 1] where columns[k] == columns[k - 1] {
          first[Int32(k)] = first[Int32(k - 1)] ?? Int32(k - 1)
        }
      }
      guard !first.isEmpty else { return }
      for c in diagonal.indices { diagonal[c] = first[diagonal[c]] ?? diagonal[c] }
      for f in faceEntries.indices {
        faceEntries[f] = SIMD2(first[faceEntries[f][0]] ?? faceEntries[f][0], first[faceEntries[f][1]] ?? faceEntries[f][1])
      }
    }
  }

  /// Assembles the system of a model: the sum of its terms (`ThermalModel.allTerms`: sources, conduction,
  /// boundaries, then the terms added with `addTerm`), each adding its coefficients in that order.
  /// - Parameters:
  ///   - referenceTemperature: T_ref to use (K); by default the mean of the boundary temperatures.
  ///   - pattern: the model's matrix pattern, when already computed (a sweep's shared mesh).
  ///   - storesFaceConductance: keep every internal face's conductance in `faceConductance` (8 bytes per face, 24 MB
  ///     at 1 M cells). A steady solve on an orthogonal mesh needs only a few afterwards (faces of probe cells) and
  ///     computes those with `conductance(ofInternalFace:model:)`.
  ///   - temperature: the latest temperature of every unknown (K), for terms that assemble about a state; empty
  ///     before the first solve.
  public init(model: ThermalModel, referenceTemperature: Double? = nil, pattern: Pattern? = nil,
              storesFaceConductance: Bool = true, temperature: [Double] = []) {
    let mesh = model.mesh
    let n = model.unknownCount
    let pattern = pattern ?? Pattern(model: model)
    precondition(pattern.unknownCount == n, "pattern of \(pattern.unknownCount) unknowns for a model of \(n)")

    // Reference: the mean of the boundary temperatures, or 0 K when there are none.
    var tSum = 0.0, tCount = 0
    for bc in model.faceConditions {
      switch bc {
      case .temperature(let t), .convection(_, let t), .radiation(_, let t): tSum += t; tCount += 1
      default: break
      }
    }
    let tRef = referenceTemperature ?? (tCount > 0 ? tSum / Double(tCount) : 0)

    var a = SystemAssembly(pattern: pattern, referenceTemperature: tRef, storesFaceConductance: storesFaceConductance,
                           internalFaces: mesh.internalFaceCount)
    for (term, first) in model.allTermsWithOffsets {
      let context = TermContext(mesh: mesh, firstUnknown: first, temperature: temperature, referenceTemperature: tRef,
                                time: model.time)
      term.assemble(into: &a, context)
    }

    self.matrix = CSRMatrix(rowCount: n, columnCount: n, rowStart: pattern.rowStart, columns: pattern.columns,
                            values: a.values)
    self.rhs = a.rhs
    self.referenceTemperature = tRef
    self.faceConductance = a.faceConductance
    self.boundaryConductance = a.boundaryConductance
    self.boundaryTemperature = a.boundaryTemperature
    self.boundaryHeat = a.boundaryHeat
    self.totalSource = a.totalSource
    self.diagonalIndex = pattern.diagonal
    self.isSymmetric = model.allTerms.allSatisfy(\.isSymmetric)
  }

  /// Conductance of internal face f (W/K): the value `faceConductance[f]` holds when stored, else computed as the
  /// assembly computed it (the same bits).
  public func conductance(ofInternalFace f: Int, model: ThermalModel) -> Double {
    faceConductance.isEmpty ? Self.conductance(ofInternalFace: f, mesh: model.mesh, model: model) : faceConductance[f]
  }

  /// A / (d_P/k_P + R'' + d_N/k_N) for internal face f, a side's d/k replaced by its film resistance where set.
  @inline(__always)
  static func conductance(ofInternalFace f: Int, mesh: FVMesh, model: ThermalModel) -> Double {
    let p = Int(mesh.faceOwner[f]), q = Int(mesh.faceNeighbour[f])
    let nrm = mesh.faceNormal[f], xf = mesh.faceCentroid[f]
    let dP = abs(((xf - mesh.cellCentroid[p]) * nrm).sum())
    let dN = abs(((mesh.cellCentroid[q] - xf) * nrm).sum())
    let kP = (nrm * nrm * model.cellConductivity[p]).sum()
    let kN = (nrm * nrm * model.cellConductivity[q]).sum()
    let r = model.contactResistance(mesh.cellRegion[p], mesh.cellRegion[q])
    var rP = dP / kP, rN = dN / kN
    if let film = model.faceFilmResistance {  // a correlation's 1/h instead of a fluid cell's d/k
      if !film[f].x.isNaN { rP = film[f].x }
      if !film[f].y.isNaN { rN = film[f].y }
    }
    return mesh.faceArea[f] / (rP + r + rN)
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
    if !model.terms.isEmpty {
      // Added terms may change any coefficient with time: assemble the whole system again.
      let old = matrix.values
      self = ThermalSystem(model: model, referenceTemperature: referenceTemperature,
                           storesFaceConductance: !faceConductance.isEmpty)
      return matrix.values != old
    }
    let mesh = model.mesh
    let nInternal = mesh.internalFaceCount
    let (gB, tB, qB) = Self.boundaryTerms(model)
    var matrixChanged = false
    var b = model.cellSources()
    totalSource = b.reduce(0, +)
    for bi in 0..<gB.count {
      let p = Int(mesh.faceOwner[nInternal + bi])
      if gB[bi] != boundaryConductance[bi] {
        matrix.values[Int(diagonalIndex[p])] += gB[bi] - boundaryConductance[bi]
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
