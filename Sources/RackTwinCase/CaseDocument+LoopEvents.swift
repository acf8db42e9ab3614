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
    /// Every cold plate's flow goes linearly to `factor` × its flow at t = 0 over `ramp` s (`flowChange` on a case
    /// whose coolant is its cold plates).
    case flowFactorChange(factor: Double, ramp: Double)

    /// The target name of events on a case's cold plates (`element: coldPlates`, or no element).
    public static let coldPlatesTarget = "coldPlates"

    /// The network element the event names (`coldPlates` for an event on the cold plates).
    public var element: String {
      switch self {
      case .pumpTrip(let e, _), .flowChange(let e, _, _), .supplyTemperatureStep(let e, _, _), .cduTrip(let e): return e
      case .flowFactorChange: return Self.coldPlatesTarget
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

extension CaseDocument.TransientSpec {
  /// The cold plates' flow factor f(t) from the `pumpTrip` and `flowFactorChange` events (events apply for t > their
  /// time, each from the factor the earlier left): f₀/(1 + (t − t_e)/τ) after a pump trip (0 at once for τ = 0), a
  /// linear ramp to the factor after a flow change. 1 without events.
  public var coldPlateFlowFactor: @Sendable (Double) -> Double {
    let events = loopEvents.filter {
      if case .pumpTrip = $0.kind { return true }
      if case .flowFactorChange = $0.kind { return true }
      return false
    }.sorted { $0.time < $1.time }
    return { t in
      var law: (Double) -> Double = { _ in 1 }
      for e in events where e.time < t {
        let f0 = law(e.time), te = e.time
        switch e.kind {
        case .pumpTrip(_, let tau): law = { tau > 0 ? f0 / (1 + ($0 - te) / tau) : 0 }
        case .flowFactorChange(let target, let ramp):
          law = { ramp > 0 ? f0 + (target - f0) * min(1, ($0 - te) / ramp) : target }
        default: break
        }
      }
      return max(0, law(t))
    }
  }
}
