import RackTwinMesh

/// One term of the energy equation (DESIGN §3.1): what it adds to the assembled system A θ = b (θ = T − T_ref), to
/// the energy balance and to the metrics. The system of a model is the sum of its terms, the way OpenFOAM's
/// `fvMatrix` is a sum of operators and `fvOptions`, and MOOSE's residual a sum of kernels.
///
/// Conduction, boundary conditions and sources (component power with leakage, volumetric sources) are terms
/// (`ConductionTerm`, `BoundaryTerm`, `SourceTerm`); a cooling device is one more file conforming to this
/// protocol, added to a model with `ThermalModel.addTerm`. A term may own unknowns beside the cell temperatures (the
/// coolant temperature of each porous cell, the nodes of a 1-D coolant path): they follow the cells in the system,
/// in the order the terms were added (`TermContext.firstUnknown`).
public protocol ThermalTerm: Sendable {
  /// Names the term in messages, the energy balance and metrics.
  var name: String { get }
  /// Unknowns of its own beside the cell temperatures (default 0).
  var unknownCount: Int { get }
  /// Matrix entries the term needs beyond the mesh's own (a cell's row and the rows of its face neighbours, which
  /// every system has), as (row, column) in system numbering (default none).
  func matrixEntries(_ context: TermContext) -> [SystemEntry]
  /// Adds the term's coefficients and sources for the state `context.temperature` (the latest iterate, K).
  func assemble(into system: inout SystemAssembly, _ context: TermContext)
  /// Whether its coefficients depend on temperature: the solve then iterates (Picard) calling `update`.
  var isNonlinear: Bool { get }
  /// Whether its values change with time: a transient calls `setTime` before each step.
  var dependsOnTime: Bool { get }
  /// Whether what it assembles keeps A symmetric (advection does not); the solve picks its method accordingly.
  var isSymmetric: Bool { get }
  /// Re-evaluates temperature-dependent coefficients at `context.temperature` (K).
  mutating func update(_ context: TermContext) throws
  /// Moves time-dependent values to time `t` (s).
  mutating func setTime(_ t: Double) throws
  /// Heat the term moves into the domain at the solved state, by name (W, positive into the domain), for the
  /// energy balance: a sink or a coolant stream reports a negative value.
  func heatStreams(_ context: TermContext) -> [HeatStream]
  /// Quantities it reports at the solved state (an outlet temperature, a device's heat).
  func metrics(_ context: TermContext) -> [TermMetric]
  /// Unknowns whose temperature the term ties to a given value (a coolant inlet, a fixed-temperature face): heat
  /// has a path out of the cells connected to them, so a domain cooled only through a coolant outlet is not "no
  /// thermal path".
  func anchoredUnknowns(_ context: TermContext) -> [Int]
  /// Heat capacity ρcV of each of its own unknowns, J/K (a transient solve needs it; 0 makes an unknown
  /// algebraic, following the cells at once).
  func ownHeatCapacity(_ context: TermContext) -> [Double]
  /// Where its own unknowns start a transient, K, given the cells' initial temperatures in `context.temperature`
  /// (cells only); nil (default): at the volume-mean initial cell temperature.
  func initialOwnTemperatures(_ context: TermContext) -> [Double]?
}

extension ThermalTerm {
  public var unknownCount: Int { 0 }
  public func matrixEntries(_ context: TermContext) -> [SystemEntry] { [] }
  public var isNonlinear: Bool { false }
  public var dependsOnTime: Bool { false }
  public var isSymmetric: Bool { true }
  public mutating func update(_ context: TermContext) throws {}
  public mutating func setTime(_ t: Double) throws {}
  public func heatStreams(_ context: TermContext) -> [HeatStream] { [] }
  public func metrics(_ context: TermContext) -> [TermMetric] { [] }
  public func anchoredUnknowns(_ context: TermContext) -> [Int] { [] }
  public func ownHeatCapacity(_ context: TermContext) -> [Double] { Array(repeating: 0, count: unknownCount) }
  public func initialOwnTemperatures(_ context: TermContext) -> [Double]? { nil }
}

/// What a term sees: the mesh, where its own unknowns start, and the state it works on.
public struct TermContext: Sendable {
  public let mesh: FVMesh
  /// System index of the term's first own unknown (cells are 0..<mesh.cellCount).
  public let firstUnknown: Int
  /// Temperature of every unknown of the system, K: cells, then the terms' own unknowns. Empty before the first
  /// solve (a term then assembles about its own initial state).
  public let temperature: [Double]
  /// The reference temperature of the system, K: the system solves for θ = T − T_ref.
  public let referenceTemperature: Double
  /// s.
  public let time: Double

  public init(mesh: FVMesh, firstUnknown: Int, temperature: [Double], referenceTemperature: Double, time: Double) {
    self.mesh = mesh
    self.firstUnknown = firstUnknown
    self.temperature = temperature
    self.referenceTemperature = referenceTemperature
    self.time = time
  }
}

/// A matrix entry (row, column) in system numbering.
public struct SystemEntry: Sendable, Hashable {
  public var row: Int
  public var column: Int
  public init(row: Int, column: Int) {
    self.row = row
    self.column = column
  }
}

/// Heat a term moves into the domain, W (negative: out of it), by name.
public struct HeatStream: Sendable, Equatable {
  public var name: String
  public var heatIn: Double
  public init(name: String, heatIn: Double) {
    self.name = name
    self.heatIn = heatIn
  }
}

/// A scalar a term reports, with its unit (`W`, `K`, `degC`, `1`).
public struct TermMetric: Sendable, Equatable {
  public var name: String
  public var value: Double
  public var units: String
  public init(name: String, value: Double, units: String) {
    self.name = name
    self.value = value
    self.units = units
  }
}
