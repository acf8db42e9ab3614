import Foundation
import RackTwinMesh
import RackTwinNumerics
import RackTwinThermal

/// The fully developed laminar flow and heat transfer of a straight channel from its cross-section (DESIGN §3.2):
/// the velocity shape φ of −∇²φ = 1 with φ = 0 on the walls, from which μ∇²w = dp/dz gives w = (−dp/dz/μ) φ, the
/// Fanning f·Re, and the H1 and T Nusselt numbers of the 2-D energy equation (Shah & London, *Laminar Flow Forced
/// Convection in Ducts*, 1978, ch. II: the fully developed problems).
///
/// The cross-section is a set of mesh cells one layer thick (the cells of one slice of a prismatic channel): their
/// faces whose normals are perpendicular to the channel axis connect them in the plane, and every such face to a cell
/// outside the set (a wall, solid, or the domain boundary) is a wall with φ = 0 half a cell away. Second-order FV on
/// walls that follow the grid (rectangular ducts); a curved wall becomes a staircase, first order in the cell size.
///
/// Results in terms of a hydraulic diameter D_h: by default 4A/P of the discrete section (exact for a rectangle,
/// 4/π too small for a staircase circle, whose perimeter does not converge): pass the nominal one for curved walls.
/// - fRe = D_h² / (2 φ̄): the force balance −dp/dz·A = τ̄_w P with f = τ̄_w/(½ρw̄²), Re = ρw̄D_h/μ;
/// - Nu_H1 = D_h² / (4 θ_b), θ of −∇²θ = w/w̄, θ = 0 on the walls (axially uniform heat input, peripherally uniform
///   wall temperature: the heat into the fluid per length is k·A·1, the wall-to-bulk difference θ_b);
/// - Nu_T = λ₁ D_h² / 4, λ₁ the least eigenvalue of −∇²ψ = λ (w/w̄) ψ, ψ = 0 on the walls (uniform wall temperature:
///   the fully developed temperature decays as ψ(x, y) e^(−mz), λ = ρc_p m w̄/k), found by inverse iteration.
public struct ChannelProfile: Sendable {
  /// Mesh cells of the section.
  public let cells: [Int]
  /// Unit vector along the channel.
  public let axis: SIMD3<Double>
  /// Cross-section area of each section cell (m²).
  public let cellArea: [Double]
  /// Σ cell areas (m²).
  public let area: Double
  /// Length of the section's wall faces (m).
  public let wettedPerimeter: Double
  /// φ of −∇²φ = 1, φ = 0 on the walls, per section cell (m²).
  public let shape: [Double]
  /// Area mean of φ (m²).
  public let meanShape: Double
  /// The linear method of the cross-section solve and its setup and solve seconds.
  public let method: String
  public let solveTime: Double

  let laplacian: RegionLinearSolver

  /// 4A/P of the discrete section (m).
  public var hydraulicDiameter: Double { 4 * area / wettedPerimeter }

  /// Solves the section's velocity shape.
  /// - Parameters:
  ///   - cells: mesh cells of one layer of the channel (each a prism along `axis`).
  ///   - axis: the channel direction (normalised here).
  /// - Throws: `CoolingError.invalidInput` for an empty section, a face neither along nor across the axis, or a
  ///   section without walls; `ThermalError` from the linear solve.
  public init(mesh: FVMesh, cells: [Int], axis: SIMD3<Double>, method: LinearSolverMethod = .auto) throws {
    let start = ContinuousClock.now
    guard !cells.isEmpty else {
      throw CoolingError.invalidInput(location: "channel cross-section", expected: "at least one cell", found: "none")
    }
    let a = axis / (axis * axis).sum().squareRoot()
    var local = [Int: Int]()
    for (i, c) in cells.enumerated() { local[c] = i }
    var cellArea = [Double](repeating: 0, count: cells.count)
    var triplets: [(row: Int, column: Int, value: Double)] = []
    var perimeter = 0.0
    for (i, c) in cells.enumerated() {
      let faces = mesh.cellFaceStart[c]..<mesh.cellFaceStart[c + 1]
      // Cross-section area: the mean of the cell's two axial faces.
      var axial = 0.0, axialCount = 0
      for k in faces {
        let f = Int(mesh.cellFaces[k])
        let along = abs((mesh.faceNormal[f] * a).sum())
        if along > 1 - 1e-6 { axial += mesh.faceArea[f]; axialCount += 1 }
        else if along > 1e-6 {
          throw CoolingError.invalidInput(
            location: "channel cross-section cell \(c)",
            expected: "faces along or across the channel axis (a prismatic channel)",
            found: "a face at \(Double(Int(asin(min(along, 1)) * 180 / .pi * 10)) / 10)° to the cross-section")
        }
      }
      guard axialCount == 2 else {
        throw CoolingError.invalidInput(location: "channel cross-section cell \(c)",
                                        expected: "two faces across the channel axis", found: "\(axialCount)")
      }
      cellArea[i] = axial / 2
      let thickness = mesh.cellVolume[c] / cellArea[i]
      var diagonal = 0.0
      for k in faces {
        let f = Int(mesh.cellFaces[k])
        if abs((mesh.faceNormal[f] * a).sum()) > 0.5 { continue }
        let length = mesh.faceArea[f] / thickness
        let nrm = mesh.faceNormal[f]
        let dSelf = abs(((mesh.faceCentroid[f] - mesh.cellCentroid[c]) * nrm).sum())
        let other: Int? = f < mesh.internalFaceCount
          ? Int(mesh.faceOwner[f]) == c ? Int(mesh.faceNeighbour[f]) : Int(mesh.faceOwner[f]) : nil
        if let o = other, let j = local[o] {
          let g = length / (dSelf + abs(((mesh.cellCentroid[o] - mesh.faceCentroid[f]) * nrm).sum()))
          diagonal += g
          triplets.append((i, j, -g))
        } else {
          diagonal += length / dSelf
          perimeter += length
        }
      }
      triplets.append((i, i, diagonal))
    }
    guard perimeter > 0 else {
      throw CoolingError.invalidInput(location: "channel cross-section", expected: "walls around the section",
                                      found: "no face of its \(cells.count) cells borders a wall")
    }
    let matrix = CSRMatrix(rowCount: cells.count, columnCount: cells.count, triplets: triplets)
    let solver = try RegionLinearSolver(matrix, method: method, tolerance: 1e-12)
    var phi = [Double](repeating: 0, count: cells.count)
    _ = try solver.solve(cellArea, x: &phi)
    let total = cellArea.reduce(0, +)
    self.cells = cells
    self.axis = a
    self.cellArea = cellArea
    self.area = total
    wettedPerimeter = perimeter
    shape = phi
    meanShape = zip(phi, cellArea).reduce(0) { $0 + $1.0 * $1.1 } / total
    laplacian = solver
    self.method = solver.method.rawValue
    solveTime = regionFlowSeconds(since: start)
  }

  /// Fanning f·Re = D_h² / (2 φ̄).
  /// - Parameter dh: hydraulic diameter (m), default the discrete section's 4A/P.
  public func fanningFRe(hydraulicDiameter dh: Double? = nil) -> Double {
    let d = dh ?? hydraulicDiameter
    return d * d / (2 * meanShape)
  }

  /// Axial velocity of each section cell (m/s) carrying volume flow Q (m³/s): w = Q φ / (A φ̄).
  public func velocity(volumeFlow q: Double) -> [Double] { shape.map { q * $0 / (area * meanShape) } }

  /// Pressure drop per length −dp/dz (Pa/m) at volume flow Q (m³/s) and viscosity μ (Pa·s): μ Q / (A φ̄).
  public func pressureGradient(volumeFlow q: Double, viscosity mu: Double) -> Double { mu * q / (area * meanShape) }

  /// Weights (w/w̄)·A_c of the section's cells: the axial heat carried by each cell's flow.
  private var flowWeight: [Double] { zip(shape, cellArea).map { $0 / meanShape * $1 } }

  /// Fully developed Nusselt number for axially uniform heat input with peripherally uniform wall temperature (H1).
  /// - Parameter dh: hydraulic diameter (m), default 4A/P of the section.
  public func nusseltH1(hydraulicDiameter dh: Double? = nil) throws -> Double {
    let d = dh ?? hydraulicDiameter
    let m = flowWeight
    var theta = [Double](repeating: 0, count: cells.count)
    _ = try laplacian.solve(m, x: &theta)
    let bulk = zip(theta, m).reduce(0) { $0 + $1.0 * $1.1 } / m.reduce(0, +)
    return d * d / (4 * bulk)
  }

  /// Fully developed Nusselt number at uniform wall temperature (T), by inverse iteration on −∇²ψ = λ (w/w̄) ψ to a
  /// relative change of λ below `tolerance`.
  /// - Parameter dh: hydraulic diameter (m), default 4A/P of the section.
  public func nusseltT(hydraulicDiameter dh: Double? = nil, tolerance: Double = 1e-12,
                       maxIterations: Int = 500) throws -> Double {
    let d = dh ?? hydraulicDiameter
    let m = flowWeight
    var psi = [Double](repeating: 1, count: cells.count)
    var lambda = 0.0
    for _ in 0..<maxIterations {
      let rhs = zip(m, psi).map { $0 * $1 }
      var next = psi
      _ = try laplacian.solve(rhs, x: &next)
      // Rayleigh quotient ψᵀKψ / ψᵀMψ with Kψ_next = Mψ: λ ≈ ψ_nextᵀ M ψ / ψ_nextᵀ M ψ_next.
      var num = 0.0, den = 0.0
      for i in 0..<psi.count { num += next[i] * rhs[i]; den += next[i] * m[i] * next[i] }
      let estimate = num / den
      let scale = 1 / den.squareRoot()
      psi = next.map { $0 * scale }
      if abs(estimate - lambda) <= tolerance * estimate { return estimate * d * d / 4 }
      lambda = estimate
    }
    throw CoolingError.invalidInput(location: "channel cross-section Nu_T",
                                    expected: "inverse iteration converged in \(maxIterations) iterations",
                                    found: "eigenvalue estimate \(lambda) still changing")
  }
}
