extension CaseDocument {
  /// What a cooling-system event does (`transient.events`, docs/case-format.md "Events of the cooling system").
  public enum LoopEventKind: Sendable, Equatable {
    /// The pump element stops; the loop's flow coasts down as f₀/(1 + t/τ), τ = `coastDown` s (0: at once).
    case pumpTrip(element: String, coastDown: Double)
    /// The pump element's flow goes linearly to `flow` m³/s over `ramp` s.
    case flowChange(element: String, flow: Double, ramp: Double)
    /// The exchanger's set point goes linearly to `temperature` K over `ramp` s.
    case supplyTemperatureStep(element: String, temperature: Double, ramp: Double)
    /// The exchanger stops rejecting heat.
    case cduTrip(element: String)

    /// The network element the event names.
    public var element: String {
      switch self {
      case .pumpTrip(let e, _), .flowChange(let e, _, _), .supplyTemperatureStep(let e, _, _), .cduTrip(let e): return e
      }
    }

    /// A trip starts the ride-through clock.
    public var isTrip: Bool {
      switch self {
      case .pumpTrip, .cduTrip: return true
      default: return false
      }
    }
  }

  /// One cooling-system event: its time (s), what it does, and where the case file gave it.
  public struct LoopEventSpec: Sendable, Equatable {
    public var time: Double
    public var kind: LoopEventKind
    public var origin: Origin
    public init(time: Double, kind: LoopEventKind, origin: Origin) {
      self.time = time
      self.kind = kind
      self.origin = origin
    }
  }

  /// `transient.loop`: the loop's coolant volume outside the mesh and the pipes (m³) and its wetted metal.
  public struct LoopMassSpec: Sendable, Equatable {
    public var volume: Double = 0
    /// kg.
    public var metalMass: Double = 0
    /// J/(kg·K).
    public var metalSpecificHeat: Double = 0
    public init(volume: Double = 0, metalMass: Double = 0, metalSpecificHeat: Double = 0) {
      self.volume = volume
      self.metalMass = metalMass
      self.metalSpecificHeat = metalSpecificHeat
    }
  }
}
