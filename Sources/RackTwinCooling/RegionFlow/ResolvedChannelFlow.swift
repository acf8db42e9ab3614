import RackTwinMesh
import RackTwinNumerics
import RackTwinThermal

/// Fully developed laminar flow in a straight channel resolved by several cells across (DESIGN §3.2): the
/// cross-section profile (`ChannelProfile`) of the inlet layer, carried unchanged along every column of cells from
/// the inlet patch to the outlet patch, scaled to the mass flow. No wall correlation applies: the resolved profile
/// carries the heat transfer itself.
///
/// The region must be a prismatic channel along the inlet's normal: every region cell lies on a straight column of
/// cells starting at an inlet face and ending at an outlet face, each column of constant cross-section. Each column
/// carries ρ w A_c through all its axial faces and nothing crosses the transverse faces, so the face fluxes are
/// divergence-free to rounding. The pressure drop is linear in the flow, ΔP = μ L Q / (A φ̄) (developing-flow losses
/// near the inlet are not included).
public struct ResolvedChannelFlow: Sendable {
  public let mesh: FVMesh
  public let region: FlowRegion
  public let coolant: Coolant
  /// The cross-section solve of the inlet layer.
  public let profile: ChannelProfile
  /// Mesh cells of each column, from inlet to outlet, in `profile.cells` order.
  public let columns: [[Int]]
  /// Mesh faces along each column (inlet face, internal faces, outlet face), with +1 where the face normal points
  /// downstream and −1 where it points upstream.
  let columnFaces: [[(face: Int, sign: Double)]]
  /// Channel length from the inlet to the outlet face (m).
  public let length: Double

  /// Finds the columns and solves the inlet layer's profile.
  /// - Throws: `CoolingError.invalidInput` naming the region when the inlet is not plane, a column is blocked before
  ///   the outlet or changes cross-section, or region cells lie off the columns; `ThermalError` from the linear solve.
  public init(mesh: FVMesh, region: FlowRegion, coolant: Coolant, method: LinearSolverMethod = .auto) throws {
    let label = "region \(region.label)"
    let axis = -mesh.faceNormal[region.inletFaces[0]]
    for f in region.inletFaces where (mesh.faceNormal[f] * axis).sum() > -(1 - 1e-9) {
      throw CoolingError.invalidInput(location: "\(label) inlet patch \(region.inletName)",
                                      expected: "a plane inlet across a straight channel (all face normals parallel)",
                                      found: "face \(f) at an angle to face \(region.inletFaces[0])")
    }
    let outlets = Set(region.outletFaces)
    var visited = [Bool](repeating: false, count: mesh.cellCount)
    var columns: [[Int]] = [], columnFaces: [[(face: Int, sign: Double)]] = []
    var length = 0.0
    for inlet in region.inletFaces {
      var cell = Int(mesh.faceOwner[inlet])
      let sectionArea = mesh.faceArea[inlet]
      var column: [Int] = [], faces: [(face: Int, sign: Double)] = [(inlet, -1)]
      var columnLength = 0.0
      while true {
        guard !visited[cell] else {
          throw CoolingError.invalidInput(location: label, expected: "a straight channel: one column of cells per inlet face",
                                          found: "cell \(cell) reached twice (two inlet faces on one column)")
        }
        visited[cell] = true
        column.append(cell)
        columnLength += mesh.cellVolume[cell] / sectionArea
        // The face out of `cell` downstream.
        var next: Int?
        for k in mesh.cellFaceStart[cell]..<mesh.cellFaceStart[cell + 1] {
          let f = Int(mesh.cellFaces[k])
          let outward = Int(mesh.faceOwner[f]) == cell ? 1.0 : -1.0
          if outward * (mesh.faceNormal[f] * axis).sum() > 1 - 1e-9 { next = f; break }
        }
        guard let f = next, abs(mesh.faceArea[f] - sectionArea) <= 1e-9 * sectionArea else {
          throw CoolingError.invalidInput(location: label,
                                          expected: "a prismatic channel along the inlet normal (constant cross-section)",
                                          found: "cell \(cell) without a downstream face of the inlet face's area")
        }
        faces.append((f, Int(mesh.faceOwner[f]) == cell ? 1 : -1))
        if outlets.contains(f) { break }
        guard f < mesh.internalFaceCount else {
          throw CoolingError.invalidInput(location: label,
                                          expected: "every column from inlet \(region.inletName) to end on outlet \(region.outletName)",
                                          found: "the column from inlet face \(inlet) ends on a closed boundary face \(f)")
        }
        let other = Int(mesh.faceOwner[f]) == cell ? Int(mesh.faceNeighbour[f]) : Int(mesh.faceOwner[f])
        guard region.contains(other) else {
          throw CoolingError.invalidInput(location: label,
                                          expected: "every column from inlet \(region.inletName) to end on outlet \(region.outletName)",
                                          found: "the column from inlet face \(inlet) ends on a wall at cell \(other)")
        }
        cell = other
      }
      if columns.isEmpty { length = columnLength }
      columns.append(column)
      columnFaces.append(faces)
    }
    let onColumns = columns.reduce(0) { $0 + $1.count }
    guard onColumns == region.cells.count else {
      throw CoolingError.invalidInput(location: label, expected: "every region cell on a column from the inlet",
                                      found: "\(region.cells.count - onColumns) of \(region.cells.count) cells off them")
    }
    guard outlets.count == columns.count else {
      throw CoolingError.invalidInput(location: "\(label) outlet patch \(region.outletName)",
                                      expected: "one outlet face per column (\(columns.count))",
                                      found: "\(outlets.count) faces")
    }
    self.mesh = mesh
    self.region = region
    self.coolant = coolant
    self.columns = columns
    self.columnFaces = columnFaces
    self.length = length
    profile = try ChannelProfile(mesh: mesh, cells: columns.map { $0[0] }, axis: axis, method: method)
  }

  /// The face flow and pressure drop for mass flow ṁ (kg/s, ≥ 0) entering at `inletTemperature` (K), with
  /// properties at `propertyTemperature` (K, default the inlet temperature).
  public func solve(massFlow: Double, inletTemperature: Double,
                    propertyTemperature: Double? = nil) throws -> ResolvedChannelSolution {
    guard massFlow >= 0, massFlow.isFinite else {
      throw CoolingError.invalidInput(location: "region \(region.label) mass flow",
                                      expected: "a finite mass flow ≥ 0 kg/s", found: "\(massFlow) kg/s")
    }
    let props = try coolant.properties(at: propertyTemperature ?? inletTemperature, context: "region \(region.label)")
    try coolant.check(inletTemperature, context: "region \(region.label) inlet \(region.inletName)")
    let rho = props.density, mu = props.viscosity
    let q = massFlow / rho
    let w = profile.velocity(volumeFlow: q)
    var massFlux = [Double](repeating: 0, count: mesh.faceCount)
    for (i, faces) in columnFaces.enumerated() {
      let m = rho * w[i] * profile.cellArea[i]
      for (f, sign) in faces { massFlux[f] = sign * m }
    }
    let flow = FaceFlow(massFlux: massFlux, isFluidCell: region.fluidCellMask(cellCount: mesh.cellCount),
                        coolant: coolant,
                        inlets: [FaceFlow.Inlet(name: region.inletName, faces: region.inletFaces,
                                                temperature: inletTemperature)],
                        outlets: [FaceFlow.Outlet(name: region.outletName, faces: region.outletFaces)])
    let a = mu * length / (profile.area * profile.meanShape)
    return ResolvedChannelSolution(faceFlow: flow, velocity: w, pressureDrop: a * q, volumeFlow: q,
                                   law: RegionPressureLaw(linear: a, quadratic: 0, density: rho, viscosity: mu),
                                   reynolds: rho * (q / profile.area) * profile.hydraulicDiameter / mu)
  }
}

/// The flow a `ResolvedChannelFlow` solve found.
public struct ResolvedChannelSolution: Sendable {
  /// Mass fluxes through every mesh face (kg/s).
  public var faceFlow: FaceFlow
  /// Axial velocity of each column (m/s), in `ChannelProfile.cells` order.
  public var velocity: [Double]
  /// Pa.
  public var pressureDrop: Double
  /// m³/s.
  public var volumeFlow: Double
  /// ΔP = aQ for the network (b = 0: fully developed laminar).
  public var law: RegionPressureLaw
  /// ρ w̄ D_h / μ on the discrete section's hydraulic diameter: above about 2300 the laminar profile no longer holds.
  public var reynolds: Double
}
