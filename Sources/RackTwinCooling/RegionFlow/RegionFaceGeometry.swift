import RackTwinMesh
import RackTwinNumerics

/// Face fluxes of a region flow (m³/s, positive along each face's normal, out of its owner).
struct RegionFaceFlux: Sendable {
  /// Per `RegionFaceGeometry.internalFaces`.
  var internalFlux: [Double]
  /// Per inlet face (negative: inflow).
  var inletFlux: [Double]
  /// Per outlet face (positive: outflow).
  var outletFlux: [Double]

  func scaled(by s: Double) -> RegionFaceFlux {
    RegionFaceFlux(internalFlux: internalFlux.map { $0 * s }, inletFlux: inletFlux.map { $0 * s },
                   outletFlux: outletFlux.map { $0 * s })
  }
}

/// The assembled pressure system of a region at given mobilities, with unit inlet pressure.
struct RegionPressureSystem: Sendable {
  var matrix: CSRMatrix
  var rhs: [Double]
  /// Transmissibilities (m³/(Pa·s)) of the internal, inlet and outlet faces.
  var internalT: [Double]
  var inletT: [Double]
  var outletT: [Double]
}

/// The geometry of a flow region's faces for two-point flux discretisations: the internal faces between two region
/// cells, the inlet and outlet faces, their half-cell distances, and the matrix pattern of the region's cells.
struct RegionFaceGeometry: Sendable {
  let mesh: FVMesh
  let region: FlowRegion
  /// Mesh faces between two cells of the region.
  let internalFaces: [Int]
  /// Local owner and neighbour of each internal face.
  let owner: [Int32]
  let neighbour: [Int32]
  /// Normal distances from the owner's and neighbour's centroids to each internal face (m).
  let ownerDistance: [Double]
  let neighbourDistance: [Double]
  /// Normal distance from the owner's centroid to each inlet and outlet face (m).
  let inletDistance: [Double]
  let outletDistance: [Double]
  /// Matrix pattern over local cells; per internal face the (P,N) and (N,P) entries.
  let rowStart: [Int]
  let columns: [Int32]
  let diagonal: [Int]
  let faceEntries: [SIMD2<Int32>]
  /// Local cells connected (through region faces) to an inlet or outlet face; others carry no flow.
  let isConnected: [Bool]
  /// Whether some outlet face is connected to some inlet face through the region.
  let inletReachesOutlet: Bool

  init(mesh: FVMesh, region: FlowRegion) {
    self.mesh = mesh
    self.region = region
    let n = region.cells.count
    var faces: [Int] = [], own: [Int32] = [], nei: [Int32] = [], dOwn: [Double] = [], dNei: [Double] = []
    for f in 0..<mesh.internalFaceCount {
      let p = region.localIndex[Int(mesh.faceOwner[f])], q = region.localIndex[Int(mesh.faceNeighbour[f])]
      guard p >= 0, q >= 0 else { continue }
      let nrm = mesh.faceNormal[f], xf = mesh.faceCentroid[f]
      faces.append(f)
      own.append(p)
      nei.append(q)
      dOwn.append(abs(((xf - mesh.cellCentroid[Int(mesh.faceOwner[f])]) * nrm).sum()))
      dNei.append(abs(((mesh.cellCentroid[Int(mesh.faceNeighbour[f])] - xf) * nrm).sum()))
    }
    func boundaryDistance(_ f: Int) -> Double {
      abs(((mesh.faceCentroid[f] - mesh.cellCentroid[Int(mesh.faceOwner[f])]) * mesh.faceNormal[f]).sum())
    }
    internalFaces = faces
    owner = own
    neighbour = nei
    ownerDistance = dOwn
    neighbourDistance = dNei
    inletDistance = region.inletFaces.map(boundaryDistance)
    outletDistance = region.outletFaces.map(boundaryDistance)

    // Pattern: row r holds r and its region neighbours, ascending.
    var adjacency = [[Int32]](repeating: [], count: n)
    for k in 0..<faces.count {
      adjacency[Int(own[k])].append(nei[k])
      adjacency[Int(nei[k])].append(own[k])
    }
    var rowStart = [0], columns: [Int32] = [], diagonal = [Int](repeating: 0, count: n)
    columns.reserveCapacity(n + 2 * faces.count)
    for r in 0..<n {
      let cols = Set(adjacency[r] + [Int32(r)]).sorted()
      diagonal[r] = columns.count + cols.firstIndex(of: Int32(r))!
      columns.append(contentsOf: cols)
      rowStart.append(columns.count)
    }
    func entry(_ r: Int32, _ c: Int32) -> Int32 {
      var lo = rowStart[Int(r)], hi = rowStart[Int(r) + 1]
      while lo < hi {
        let mid = (lo + hi) / 2
        if columns[mid] < c { lo = mid + 1 } else { hi = mid }
      }
      return Int32(lo)
    }
    faceEntries = (0..<faces.count).map { SIMD2(entry(own[$0], nei[$0]), entry(nei[$0], own[$0])) }
    self.rowStart = rowStart
    self.columns = columns
    self.diagonal = diagonal

    // Cells reached from the inlet faces, then from the outlet faces.
    func reach(from faces: [Int], into reached: inout [Bool]) {
      var stack: [Int32] = faces.map { region.localIndex[Int(mesh.faceOwner[$0])] }
      for c in stack { reached[Int(c)] = true }
      while let c = stack.popLast() {
        for k in rowStart[Int(c)]..<rowStart[Int(c) + 1] where !reached[Int(columns[k])] {
          reached[Int(columns[k])] = true
          stack.append(columns[k])
        }
      }
    }
    var reached = [Bool](repeating: false, count: n)
    reach(from: region.inletFaces, into: &reached)
    inletReachesOutlet = region.outletFaces.contains { reached[Int(region.localIndex[Int(mesh.faceOwner[$0])])] }
    reach(from: region.outletFaces, into: &reached)
    isConnected = reached
  }

  /// Normal component n·Λ·n of a diagonal tensor for face normal `nrm`.
  @inline(__always) private func normal(_ lambda: SIMD3<Double>, _ nrm: SIMD3<Double>) -> Double {
    (nrm * nrm * lambda).sum()
  }

  /// The pressure system ∇·(Λ∇p) = 0 with p = 1 on the inlet faces and p = 0 on the outlet faces; cells not connected
  /// to either are pinned at p = 0 (no flow).
  func assemble(mobility lambda: [SIMD3<Double>]) -> RegionPressureSystem {
    let n = region.cells.count
    var values = [Double](repeating: 0, count: columns.count)
    var rhs = [Double](repeating: 0, count: n)
    var tInternal = [Double](repeating: 0, count: internalFaces.count)
    for k in 0..<internalFaces.count {
      let f = internalFaces[k], p = Int(owner[k]), q = Int(neighbour[k])
      let nrm = mesh.faceNormal[f]
      let t = mesh.faceArea[f] / (ownerDistance[k] / normal(lambda[p], nrm) + neighbourDistance[k] / normal(lambda[q], nrm))
      tInternal[k] = t
      values[diagonal[p]] += t
      values[diagonal[q]] += t
      values[Int(faceEntries[k][0])] -= t
      values[Int(faceEntries[k][1])] -= t
    }
    func boundary(_ faces: [Int], _ distance: [Double], pressure: Double) -> [Double] {
      faces.indices.map { k in
        let f = faces[k], c = Int(region.localIndex[Int(mesh.faceOwner[f])])
        let t = mesh.faceArea[f] * normal(lambda[c], mesh.faceNormal[f]) / distance[k]
        values[diagonal[c]] += t
        rhs[c] += t * pressure
        return t
      }
    }
    let tIn = boundary(region.inletFaces, inletDistance, pressure: 1)
    let tOut = boundary(region.outletFaces, outletDistance, pressure: 0)
    for c in 0..<n where !isConnected[c] { values[diagonal[c]] = 1 }
    let matrix = CSRMatrix(rowCount: n, columnCount: n, rowStart: rowStart, columns: columns, values: values)
    return RegionPressureSystem(matrix: matrix, rhs: rhs, internalT: tInternal, inletT: tIn, outletT: tOut)
  }

  /// Face fluxes (m³/s) of a pressure field with the system's transmissibilities (outlet at p = 0).
  func fluxes(pressure p: [Double], inletPressure: Double, transmissibility s: RegionPressureSystem) -> RegionFaceFlux {
    let internalFlux = (0..<internalFaces.count).map { s.internalT[$0] * (p[Int(owner[$0])] - p[Int(neighbour[$0])]) }
    let inletFlux = region.inletFaces.indices.map {
      s.inletT[$0] * (p[Int(region.localIndex[Int(mesh.faceOwner[region.inletFaces[$0]])])] - inletPressure)
    }
    let outletFlux = region.outletFaces.indices.map {
      s.outletT[$0] * p[Int(region.localIndex[Int(mesh.faceOwner[region.outletFaces[$0]])])]
    }
    return RegionFaceFlux(internalFlux: internalFlux, inletFlux: inletFlux, outletFlux: outletFlux)
  }

  /// Cell-mean velocity (m/s, superficial) of each local cell from its face fluxes:
  /// u = (1/V) Σ_f Q_f (x_f − x_c), exact for a uniform field on any polyhedron (∫u dV = ∮ x (u·n) dA when ∇·u = 0).
  func cellVelocities(_ flux: RegionFaceFlux) -> [SIMD3<Double>] {
    var u = [SIMD3<Double>](repeating: .zero, count: region.cells.count)
    func add(_ c: Int, _ f: Int, _ outward: Double) {
      u[c] += outward * (mesh.faceCentroid[f] - mesh.cellCentroid[region.cells[c]])
    }
    for k in 0..<internalFaces.count {
      add(Int(owner[k]), internalFaces[k], flux.internalFlux[k])
      add(Int(neighbour[k]), internalFaces[k], -flux.internalFlux[k])
    }
    for (k, f) in region.inletFaces.enumerated() { add(Int(region.localIndex[Int(mesh.faceOwner[f])]), f, flux.inletFlux[k]) }
    for (k, f) in region.outletFaces.enumerated() { add(Int(region.localIndex[Int(mesh.faceOwner[f])]), f, flux.outletFlux[k]) }
    for c in 0..<u.count { u[c] /= mesh.cellVolume[region.cells[c]] }
    return u
  }

  /// The mesh-wide face flow of volumetric fluxes at density ρ.
  func faceFlow(_ flux: RegionFaceFlux, density rho: Double, coolant: Coolant, inletTemperature: Double) -> FaceFlow {
    var massFlux = [Double](repeating: 0, count: mesh.faceCount)
    for (k, f) in internalFaces.enumerated() { massFlux[f] = rho * flux.internalFlux[k] }
    for (k, f) in region.inletFaces.enumerated() { massFlux[f] = rho * flux.inletFlux[k] }
    for (k, f) in region.outletFaces.enumerated() { massFlux[f] = rho * flux.outletFlux[k] }
    return FaceFlow(massFlux: massFlux, isFluidCell: region.fluidCellMask(cellCount: mesh.cellCount), coolant: coolant,
                    inlets: [FaceFlow.Inlet(name: region.inletName, faces: region.inletFaces,
                                            temperature: inletTemperature)],
                    outlets: [FaceFlow.Outlet(name: region.outletName, faces: region.outletFaces)])
  }
}
