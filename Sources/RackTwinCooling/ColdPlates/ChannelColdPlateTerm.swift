import RackTwinMesh
import RackTwinNumerics
import RackTwinThermal

/// A cold plate with its fin channels resolved by the mesh: the coolant's fully developed laminar profile from the
/// channel's cross-section (`ResolvedChannelFlow`, Shah & London's duct problem solved on the cells) advected by
/// `AdvectionTerm`, the fins and base conducting with their own material; no wall correlation anywhere.
///
/// DESIGN §3.3 (c). The mesh may be the whole plate or a periodic unit cell (one channel and half a fin on each side,
/// the cut planes adiabatic as symmetry planes): `unitCells` says how many such cells make the plate, so the plate's
/// flow is divided among them and its heat is theirs multiplied back (`plate_heat_to_liquid`). Everything else is the
/// advection term's (energy balance stream, Picard on h(T), inlet and outlet temperatures).
public struct ChannelColdPlateTerm: ThermalTerm {
  public let name: String
  /// The channel's profile, face fluxes and pressure drop at this flow.
  public let channel: ResolvedChannelSolution
  /// Copies of the meshed cell in the plate (1 for a whole plate).
  public let unitCells: Int
  /// Coolant mass flow of the whole plate, kg/s.
  public let plateMassFlow: Double
  var advection: AdvectionTerm

  /// - Parameters:
  ///   - region: the channel cells with their inlet and outlet patches (a straight prismatic channel).
  ///   - plateMassFlow: kg/s through the whole plate, divided equally among `unitCells`.
  ///   - inletTemperature: K; properties of the profile's ΔP are taken there.
  /// - Throws: `CoolingError.invalidInput` naming the plate for a non-positive flow or `unitCells` < 1, and what
  ///   `ResolvedChannelFlow` and `AdvectionTerm` throw for a region that is not a straight channel.
  public init(name: String, mesh: FVMesh, region: FlowRegion, coolant: Coolant, plateMassFlow: Double,
              inletTemperature: Double, unitCells: Int = 1, scheme: AdvectionTerm.Scheme = .vanLeer,
              method: LinearSolverMethod = .auto) throws {
    guard unitCells >= 1 else {
      throw CoolingError.invalidInput(location: "cold plate \(name)", expected: "unitCells ≥ 1", found: "\(unitCells)")
    }
    guard plateMassFlow > 0, plateMassFlow.isFinite else {
      throw CoolingError.invalidInput(location: "cold plate \(name)", expected: "a positive coolant mass flow",
                                      found: "\(plateMassFlow) kg/s")
    }
    let flow = try ResolvedChannelFlow(mesh: mesh, region: region, coolant: coolant, method: method)
    channel = try flow.solve(massFlow: plateMassFlow / Double(unitCells), inletTemperature: inletTemperature)
    advection = try AdvectionTerm(name: name, flow: channel.faceFlow, mesh: mesh, scheme: scheme)
    self.name = name
    self.unitCells = unitCells
    self.plateMassFlow = plateMassFlow
  }

  public var isNonlinear: Bool { advection.isNonlinear }
  public var isSymmetric: Bool { false }

  public func matrixEntries(_ context: TermContext) -> [SystemEntry] { advection.matrixEntries(context) }
  public func assemble(into a: inout SystemAssembly, _ context: TermContext) { advection.assemble(into: &a, context) }
  public mutating func update(_ context: TermContext) throws { try advection.update(context) }
  public func heatStreams(_ context: TermContext) -> [HeatStream] { advection.heatStreams(context) }
  public func anchoredUnknowns(_ context: TermContext) -> [Int] { advection.anchoredUnknowns(context) }

  /// The advection term's metrics (`heat_to_liquid`, `mass_flow`, `outlet_temperature.<outlet>`, `continuity_error`)
  /// for the meshed cell, and the plate's: `plate_heat_to_liquid` (W), `plate_mass_flow` (kg/s), `pressure_drop` (Pa,
  /// fully developed), `reynolds` (1) and `unit_cells` (1).
  public func metrics(_ context: TermContext) -> [TermMetric] {
    let own = advection.metrics(context)
    let q = own.first { $0.name == "heat_to_liquid" }?.value ?? .nan
    return own + [
      TermMetric(name: "plate_heat_to_liquid", value: q * Double(unitCells), units: "W"),
      TermMetric(name: "plate_mass_flow", value: plateMassFlow, units: "kg/s"),
      TermMetric(name: "pressure_drop", value: channel.pressureDrop, units: "Pa"),
      TermMetric(name: "reynolds", value: channel.reynolds, units: "1"),
      TermMetric(name: "unit_cells", value: Double(unitCells), units: "1"),
    ]
  }
}
