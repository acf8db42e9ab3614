import RackTwinMesh

/// Coolant moving through the cells of a mesh: the mass flux through every face, and where the coolant enters and
/// leaves. A region flow solve (plug flow, Darcy–Forchheimer, a resolved channel profile) produces one; the advection
/// term carries heat with it. DESIGN §3.1–3.2.
public struct FaceFlow: Sendable, Equatable {
  /// Boundary faces where coolant enters, at one temperature.
  public struct Inlet: Sendable, Equatable {
    /// The patch or network node the faces belong to.
    public var name: String
    /// Boundary face indices (all ≥ `FVMesh.internalFaceCount`), each with inflow (negative `massFlux`).
    public var faces: [Int]
    /// K.
    public var temperature: Double

    public init(name: String, faces: [Int], temperature: Double) {
      self.name = name
      self.faces = faces
      self.temperature = temperature
    }
  }

  /// Boundary faces where coolant leaves (positive `massFlux`).
  public struct Outlet: Sendable, Equatable {
    /// The patch or network node the faces belong to.
    public var name: String
    /// Boundary face indices.
    public var faces: [Int]

    public init(name: String, faces: [Int]) {
      self.name = name
      self.faces = faces
    }
  }

  /// kg/s through each face of the mesh (`count == mesh.faceCount`), positive along the face normal, that is out of
  /// the face's owner cell; zero on faces no coolant crosses (solid faces, fluid–solid walls, closed boundaries).
  public var massFlux: [Double]
  /// Whether each cell holds moving coolant (`count == mesh.cellCount`).
  public var isFluidCell: [Bool]
  /// The coolant.
  public var coolant: Coolant
  public var inlets: [Inlet]
  public var outlets: [Outlet]

  public init(massFlux: [Double], isFluidCell: [Bool], coolant: Coolant, inlets: [Inlet], outlets: [Outlet]) {
    self.massFlux = massFlux
    self.isFluidCell = isFluidCell
    self.coolant = coolant
    self.inlets = inlets
    self.outlets = outlets
  }

  /// The discrete continuity error of each cell: the net mass flux out of it (kg/s), zero for a divergence-free
  /// field. Advection subtracts it (DESIGN §3.1), so an imperfect mass balance never creates energy.
  public func continuityError(on mesh: FVMesh) -> [Double] {
    var error = [Double](repeating: 0, count: mesh.cellCount)
    for face in 0..<mesh.faceCount {
      let flux = massFlux[face]
      if flux == 0 { continue }
      error[Int(mesh.faceOwner[face])] += flux
      if face < mesh.internalFaceCount { error[Int(mesh.faceNeighbour[face])] -= flux }
    }
    return error
  }

  /// kg/s entering through an inlet (positive).
  public func inflow(_ inlet: Inlet) -> Double { inlet.faces.reduce(0) { $0 - massFlux[$1] } }

  /// kg/s leaving through an outlet (positive).
  public func outflow(_ outlet: Outlet) -> Double { outlet.faces.reduce(0) { $0 + massFlux[$1] } }
}
