import RackTwinCooling
import RackTwinIO
import RackTwinThermal

/// A decoded case file (DESIGN §4.2, `docs/case-format.md`), every quantity converted to SI
/// (temperatures in kelvin). Produced by `CaseDecoder`; knows nothing of the mesh yet.
public struct CaseDocument: Sendable, Equatable {
  /// Thermal conductivity of a material: isotropic, or diagonal in the mesh axes.
  public enum ConductivitySpec: Sendable, Equatable {
    /// W/(m·K).
    case isotropic(Double)
    /// In-plane and through-plane conductivity (W/(m·K)), with the through-plane axis (0 = x, 1 = y, 2 = z).
    case planar(inPlane: Double, throughPlane: Double, axis: Int)
    /// Diagonal conductivity along x, y, z (W/(m·K)).
    case diagonal(Double, Double, Double)
    /// Isotropic, temperature-dependent.
    case law(ConductivityLaw)
  }

  /// A material defined or overridden by the case (`materials:`); nil fields keep the built-in value.
  public struct MaterialSpec: Sendable, Equatable {
    public var name: String
    public var conductivity: ConductivitySpec?
    /// kg/m³.
    public var density: Double?
    /// J/(kg·K).
    public var specificHeat: Double?
    public init(name: String, conductivity: ConductivitySpec? = nil, density: Double? = nil, specificHeat: Double? = nil) {
      self.name = name
      self.conductivity = conductivity
      self.density = density
      self.specificHeat = specificHeat
    }
  }

  /// Per-region overrides (`regions:`).
  public struct RegionOverride: Sendable, Equatable {
    public var region: String
    public var material: String?
    public init(region: String, material: String? = nil) {
      self.region = region
      self.material = material
    }
  }

  /// How a component's power is spread over its cells.
  public enum PowerDistribution: String, Sendable, Equatable {
    /// By `/mesh/power_weight` when the mesh has it, else by volume.
    case auto
    case volume
    case weight
  }

  public struct ComponentSpec: Sendable, Equatable {
    public var name: String
    /// Region names; nil means the regions whose mesh `component` attribute equals `name`.
    public var regions: [String]?
    /// W.
    public var power: Double
    /// Temperature limit in K, if any.
    public var limit: Double?
    public var distribution: PowerDistribution
    /// Power that rises with temperature (`power: {dynamic, leakage, reference, doublingInterval}`); `power` then
    /// holds the value at the reference temperature.
    public var leakage: Leakage? = nil
    public init(name: String, regions: [String]?, power: Double, limit: Double? = nil, distribution: PowerDistribution = .auto) {
      self.name = name
      self.regions = regions
      self.power = power
      self.limit = limit
      self.distribution = distribution
    }
  }

  /// A thin contact resistance between two regions.
  public struct InterfaceSpec: Sendable, Equatable {
    public var between: (String, String)
    /// m²·K/W.
    public var resistance: Double
    public init(between: (String, String), resistance: Double) {
      self.between = between
      self.resistance = resistance
    }
    public static func == (a: InterfaceSpec, b: InterfaceSpec) -> Bool {
      a.between == b.between && a.resistance == b.resistance
    }
  }

  /// A boundary condition; values may vary in space and time (`VaryingValue`, SI).
  public enum BoundaryCondition: Sendable, Equatable {
    case adiabatic
    /// K.
    case temperature(VaryingValue)
    /// W/m², positive into the domain.
    case heatFlux(VaryingValue)
    /// h in W/(m²·K), ambient in K.
    case convection(h: VaryingValue, ambient: VaryingValue)
    /// Emissivity in (0, 1], surroundings in K.
    case radiation(emissivity: Double, surroundings: VaryingValue)
  }

  /// A volumetric heat source (`sources:`).
  public struct SourceSpec: Sendable, Equatable {
    public var name: String
    /// Region names; nil means every region.
    public var regions: [String]?
    /// W/m³.
    public var density: VaryingValue
    public init(name: String, regions: [String]? = nil, density: VaryingValue) {
      self.name = name
      self.regions = regions
      self.density = density
    }
  }

  /// The initial temperature of a transient run.
  public enum InitialTemperature: Sendable, Equatable {
    /// K, evaluated at cell centroids at t = 0.
    case value(VaryingValue)
    /// `/fields/temperature` of a results file (path resolved against the case file).
    case results(path: String)
  }

  /// One change an event makes.
  public enum EventChange: Sendable, Equatable {
    /// W.
    case componentPower(component: String, power: Double)
    /// The patch's whole condition from then on.
    case boundary(patch: String, condition: BoundaryCondition)
  }

  public struct EventSpec: Sendable, Equatable {
    /// s.
    public var time: Double
    public var changes: [EventChange]
    public init(time: Double, changes: [EventChange]) {
      self.time = time
      self.changes = changes
    }
  }

  public enum TimeSchemeName: String, Sendable, Equatable, CaseIterable {
    case bdf2, euler
  }

  /// The `transient:` section; times in s, tolerance in K.
  public struct TransientSpec: Sendable, Equatable {
    public var duration: Double
    public var step: Double
    public var scheme: TimeSchemeName
    public var tolerance: Double?
    public var maxStep: Double?
    public var output: Double?
    public var initial: InitialTemperature
    public var events: [EventSpec]
    /// Cooling-system events (`pumpTrip`, `flowChange`, `supplyTemperatureStep`, `cduTrip`), in file order.
    public var loopEvents: [LoopEventSpec] = []
    /// `transient.loop`, if given.
    public var loop: LoopMassSpec? = nil
    public init(duration: Double, step: Double, scheme: TimeSchemeName = .bdf2, tolerance: Double? = nil,
                maxStep: Double? = nil, output: Double? = nil, initial: InitialTemperature, events: [EventSpec] = []) {
      self.duration = duration
      self.step = step
      self.scheme = scheme
      self.tolerance = tolerance
      self.maxStep = maxStep
      self.output = output
      self.initial = initial
      self.events = events
    }
  }

  public struct BoundarySpec: Sendable, Equatable {
    public var patch: String
    public var condition: BoundaryCondition
    public init(patch: String, condition: BoundaryCondition) {
      self.patch = patch
      self.condition = condition
    }
  }

  public struct ProbeSpec: Sendable, Equatable {
    public var name: String
    /// Metres.
    public var position: SIMD3<Double>
    public init(name: String, position: SIMD3<Double>) {
      self.name = name
      self.position = position
    }
  }

  /// `solver.method`: the thermal solver's own methods, by the same names.
  public typealias SolverMethod = LinearSolverMethod

  public struct SolverSpec: Sendable, Equatable {
    public var method: SolverMethod
    /// Relative residual tolerance ‖b − Ax‖ / ‖b‖.
    public var tolerance: Double
    public var maxIterations: Int
    /// K.
    public var nonlinearTolerance: Double = 1e-6
    public var maxNonlinearIterations: Int = 200
    public init(method: SolverMethod = .auto, tolerance: Double = 1e-10, maxIterations: Int = 10_000) {
      self.method = method
      self.tolerance = tolerance
      self.maxIterations = maxIterations
    }
  }

  /// Path of the case file (as given).
  public var path: String
  /// The case text as read, with any `--set` overrides appended as comments.
  public var text: String
  /// Mesh path resolved against the case file's directory; nil for a network-only case (no `mesh` key).
  public var meshPath: String?
  public var materials: [MaterialSpec]
  public var regions: [RegionOverride]
  public var components: [ComponentSpec]
  public var interfaces: [InterfaceSpec]
  public var boundaries: [BoundarySpec]
  public var probes: [ProbeSpec]
  public var solver: SolverSpec
  public var sources: [SourceSpec] = []
  /// Present when the case is a transient run.
  public var transient: TransientSpec? = nil
  /// The loop's coolant (`coolant:`), required with `network`.
  public var coolant: Coolant? = nil
  /// The hydraulic network (`network:`), if any.
  public var network: NetworkSpec? = nil
  /// The `uncertainty:` section (hotspot risk, issue 17), if any.
  public var uncertainty: UncertaintySpec? = nil
  /// The facility chain (`facility:`), if any: PUE and its companions after the rack's solve.
  public var facility: FacilitySpec? = nil
  /// Hourly weather (`weather:`): with a facility, an annual run.
  public var weather: WeatherSpec? = nil
  /// The rack's load fraction hour by hour (`loadProfile:`); nil: constant 1.
  public var loadProfile: LoadProfileSpec? = nil
  /// Cold plates on boundary patches (`coldPlates:`), in file order.
  public var coldPlates: [ColdPlateSpec] = []
  /// Cold plates described by their geometry (`coldPlates:` with `model: porous` or `channels`), in file order.
  public var finColdPlates: [FinColdPlateSpec] = []
  /// Lumped cooling devices (`immersion:`, `airCooling:`, `rearDoor:`, issue 15), if any.
  public var immersion: ImmersionSpec? = nil
  public var airCooling: AirCoolingSpec? = nil
  public var rearDoor: RearDoorSpec? = nil

  public init(path: String, text: String, meshPath: String?, materials: [MaterialSpec] = [], regions: [RegionOverride] = [],
              components: [ComponentSpec] = [], interfaces: [InterfaceSpec] = [], boundaries: [BoundarySpec] = [],
              probes: [ProbeSpec] = [], solver: SolverSpec = SolverSpec()) {
    self.path = path
    self.text = text
    self.meshPath = meshPath
    self.materials = materials
    self.regions = regions
    self.components = components
    self.interfaces = interfaces
    self.boundaries = boundaries
    self.probes = probes
    self.solver = solver
  }
}
