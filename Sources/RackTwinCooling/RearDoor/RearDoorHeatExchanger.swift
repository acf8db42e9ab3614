import Foundation

/// A rear-door heat exchanger: a water coil across the rack's exhaust, crossflow with both fluids unmixed (exact
/// ε–NTU series), UA scaled from a rating point with each side's flow, passive (server fans push the air through it)
/// or active (door fans, with their power).
///
/// Coil: ε from `HeatExchangerEffectiveness.crossflowUnmixed` (Mason 1954 / Baclic 1990). UA at the rating point from
/// the rated capture, UA = NTU(ε_r, C_r) C_min. Off rating, 1/UA = 1/(hA)_air + 1/(hA)_water with each side's
/// hA ∝ ṁ^0.8 — Dittus–Boelter, Nu ∝ Re^0.8 (Incropera et al. 2007, 6th ed., eq. 8.60; the water tubes are
/// turbulent; the finned air side is usually nearer ṁ^0.5–0.7, hence the exponents are parameters) — split at the
/// rating point by `airSideResistanceFraction`. Air-side ΔP = ΔP_r (V̇/V̇_r)^n, n = 2 by default (form losses of a
/// finned coil at the door's 1–2 m/s face velocities; 1.8 is also common). Passive: that ΔP loads the server fans,
/// so their airflow falls (`AirCooledServer.state(extraPressureDrop:)`). Active: door fans supply it, at
/// V̇ ΔP/η_fan, and the server airflow is unchanged.
public struct RearDoorHeatExchanger: Sendable {
  /// A rating point: the capture a manufacturer states at given flows and inlet temperatures.
  public struct Rating: Sendable, Equatable {
    /// Air mass flow (kg/s), water mass flow (kg/s).
    public var airFlow: Double
    public var waterFlow: Double
    /// Air entering the coil (K), water supply (K).
    public var airInletTemperature: Double
    public var waterInletTemperature: Double
    /// Heat the coil removes at this point (W).
    public var capturedHeat: Double
    /// Air-side pressure drop (Pa) at this airflow.
    public var airPressureDrop: Double
    public init(airFlow: Double, waterFlow: Double, airInletTemperature: Double, waterInletTemperature: Double,
                capturedHeat: Double, airPressureDrop: Double) {
      self.airFlow = airFlow
      self.waterFlow = waterFlow
      self.airInletTemperature = airInletTemperature
      self.waterInletTemperature = waterInletTemperature
      self.capturedHeat = capturedHeat
      self.airPressureDrop = airPressureDrop
    }
  }

  /// Who moves the air through the coil.
  public enum Kind: Sendable {
    case passive
    /// Door fans of total efficiency η (air power over electrical power).
    case active(fanEfficiency: Double)
  }

  /// The door's operating state.
  public struct State: Sendable, Equatable {
    /// Air through the door (m³/s at the server inlet temperature, kg/s), water flow (kg/s).
    public var airflow: Double
    public var airMassFlow: Double
    public var waterFlow: Double
    /// UA (W/K), NTU and effectiveness of the coil.
    public var ua: Double
    public var ntu: Double
    public var effectiveness: Double
    /// Heat captured by the water (W) and the heat the servers give to the air (IT + server fans, W).
    public var capturedHeat: Double
    public var heatToAir: Double
    /// Captured over heat to air.
    public var captureRatio: Double
    /// Air leaving the servers (entering the coil) and leaving the door (K); water supply and return (K).
    public var serverExhaustTemperature: Double
    public var leavingAirTemperature: Double
    public var waterSupplyTemperature: Double
    public var waterReturnTemperature: Double
    /// Air leaves the door no warmer than the room air the servers take in (+ `neutralTolerance`).
    public var roomNeutral: Bool
    /// Net heat the rack puts into the room (W): heat to air − captured (negative: the door cools the room).
    public var heatToRoom: Double
    /// Air-side pressure drop of the coil (Pa), server fan power (W), door fan power (W, 0 when passive).
    public var doorPressureDrop: Double
    public var serverFanPower: Double
    public var doorFanPower: Double
    /// The water supply is below the room's dew point: the coil will condense (sensible-only model).
    public var condensationWarning: Bool
  }

  public var name: String
  public var rating: Rating
  public var kind: Kind
  /// Share of 1/UA on the air side at the rating point, in (0, 1); finned water coils: about 0.6–0.8.
  public var airSideResistanceFraction: Double
  /// hA ∝ ṁ^exponent on each side; ΔP_air ∝ V̇^exponent.
  public var airExponent: Double
  public var waterExponent: Double
  public var pressureDropExponent: Double
  /// The room-neutral test's allowance (K).
  public var neutralTolerance: Double
  /// UA at the rating point (W/K), from the rated capture.
  public let ratedUA: Double

  /// Sizes UA from the rating. Throws `CoolingError.invalidInput` naming `name.rating` when the rated capture implies
  /// ε ≥ 1 (more heat than the inlet temperatures allow) or beyond what crossflow can reach, or when a flow is not
  /// positive.
  public init(name: String = "rearDoor", rating: Rating, kind: Kind, airSideResistanceFraction: Double = 0.7,
              airExponent: Double = 0.8, waterExponent: Double = 0.8, pressureDropExponent: Double = 2,
              neutralTolerance: Double = 0.5) throws {
    let loc = "\(name).rating"
    guard rating.airFlow > 0, rating.waterFlow > 0, rating.capturedHeat > 0, rating.airPressureDrop >= 0,
          rating.airInletTemperature > rating.waterInletTemperature else {
      throw CoolingError.invalidInput(location: loc,
        expected: "positive air and water flows and capture, ΔP ≥ 0, air inlet warmer than the water",
        found: "air \(rating.airFlow) kg/s, water \(rating.waterFlow) kg/s, capture \(rating.capturedHeat) W, "
          + "air in \(celsius(rating.airInletTemperature)), water in \(celsius(rating.waterInletTemperature))")
    }
    guard (0.01...0.99).contains(airSideResistanceFraction), airExponent > 0, waterExponent > 0 else {
      throw CoolingError.invalidInput(location: name, expected: "an air-side resistance fraction in 0.01…0.99 and positive exponents",
                                      found: "\(airSideResistanceFraction), \(airExponent), \(waterExponent)")
    }
    if case .active(let eta) = kind, !(eta > 0 && eta <= 1) {
      throw CoolingError.invalidInput(location: "\(name).fanEfficiency", expected: "a door fan efficiency in (0, 1]",
                                      found: "\(eta)")
    }
    let cAir = rating.airFlow * (try Coolant.air.specificHeat(at: rating.airInletTemperature))
    let cWater = rating.waterFlow * (try Coolant.water.specificHeat(at: rating.waterInletTemperature))
    let cMin = min(cAir, cWater), cr = cMin / max(cAir, cWater)
    let eps = rating.capturedHeat / (cMin * (rating.airInletTemperature - rating.waterInletTemperature))
    guard eps < 1 else {
      throw CoolingError.invalidInput(location: loc, expected: "an effectiveness ε < 1 (capture below C_min ΔT_in)",
                                      found: String(format: "ε = %.4f (%.0f W rated, C_min ΔT_in = %.0f W)", eps,
                                                    rating.capturedHeat, cMin * (rating.airInletTemperature - rating.waterInletTemperature)))
    }
    guard let ntu = HeatExchangerEffectiveness.crossflowUnmixedNTU(effectiveness: eps, capacityRatio: cr) else {
      throw CoolingError.invalidInput(location: loc, expected: "an effectiveness crossflow can reach at C_r = \(String(format: "%.3f", cr))",
                                      found: String(format: "ε = %.4f", eps))
    }
    self.name = name
    self.rating = rating
    self.kind = kind
    self.airSideResistanceFraction = airSideResistanceFraction
    self.airExponent = airExponent
    self.waterExponent = waterExponent
    self.pressureDropExponent = pressureDropExponent
    self.neutralTolerance = neutralTolerance
    self.ratedUA = ntu * cMin
  }

  /// UA (W/K) at air and water mass flows (kg/s), each side's hA scaled from the rating point.
  public func ua(airFlow ma: Double, waterFlow mw: Double) -> Double {
    let rAir = airSideResistanceFraction / ratedUA * pow(rating.airFlow / ma, airExponent)
    let rWater = (1 - airSideResistanceFraction) / ratedUA * pow(rating.waterFlow / mw, waterExponent)
    return 1 / (rAir + rWater)
  }

  /// Air-side pressure drop (Pa) at air mass flow ṁ (kg/s).
  public func pressureDrop(airFlow ma: Double) -> Double {
    rating.airPressureDrop * pow(ma / rating.airFlow, pressureDropExponent)
  }

  /// The door on a rack of servers: room air at `roomTemperature` (K) enters the servers, their exhaust crosses the
  /// coil, water enters at `waterSupplyTemperature` (K) with mass flow `waterFlow` (kg/s). `roomDewPoint` (K) sets
  /// the condensation warning. Throws for zero (or negative) water flow, and when the server fans cannot move air.
  public func state(servers: AirCooledServer, roomTemperature: Double, roomDewPoint: Double,
                    waterSupplyTemperature tw: Double, waterFlow mw: Double) throws -> State {
    guard mw > 0, mw.isFinite else {
      throw CoolingError.invalidInput(location: "\(name).waterFlow", expected: "a water flow > 0 kg/s (a door with no water captures nothing and the coil would boil dry in the model)",
                                      found: "\(mw) kg/s")
    }
    let rhoRoom = try Coolant.air.density(at: roomTemperature)
    let server: AirCooledServer.State
    var doorFanPower = 0.0
    switch kind {
    case .passive:
      server = try servers.state(inletTemperature: roomTemperature) { self.pressureDrop(airFlow: $0 * rhoRoom) }
    case .active(let eta):
      server = try servers.state(inletTemperature: roomTemperature)
      doorFanPower = server.airflow * pressureDrop(airFlow: server.massFlow) / eta
    }
    let ma = server.massFlow
    let tIn = server.exhaustTemperature
    let cAir = ma * (try Coolant.air.specificHeat(at: tIn))
    let cWater = mw * (try Coolant.water.specificHeat(at: tw))
    let cMin = min(cAir, cWater), cr = cMin / max(cAir, cWater)
    let ua = self.ua(airFlow: ma, waterFlow: mw)
    let ntu = ua / cMin
    let eps = HeatExchangerEffectiveness.crossflowUnmixed(ntu: min(ntu, 200), capacityRatio: cr)
    // Door fans sit in the air stream: their power heats the air after the coil (downstream fans) — counted in the room.
    let q = eps * cMin * (tIn - tw)
    let leaving = tIn - q / cAir + doorFanPower / cAir
    let heatToAir = server.heatToAir + doorFanPower
    return State(airflow: server.airflow, airMassFlow: ma, waterFlow: mw, ua: ua, ntu: ntu, effectiveness: eps,
                 capturedHeat: q, heatToAir: heatToAir, captureRatio: heatToAir > 0 ? q / heatToAir : 0,
                 serverExhaustTemperature: tIn, leavingAirTemperature: leaving, waterSupplyTemperature: tw,
                 waterReturnTemperature: tw + q / cWater, roomNeutral: leaving <= roomTemperature + neutralTolerance,
                 heatToRoom: heatToAir - q, doorPressureDrop: pressureDrop(airFlow: ma),
                 serverFanPower: server.fanPower, doorFanPower: doorFanPower,
                 condensationWarning: tw < roomDewPoint)
  }
}
