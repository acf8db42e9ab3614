import Foundation
import RackTwinMesh
import RackTwinNumerics

/// Time integration scheme of a transient solve.
public enum TimeScheme: String, Sendable, CaseIterable {
  /// Implicit (backward) Euler, first order.
  case euler
  /// Variable-step BDF2, second order; its first step (and the first after an event) is an implicit-Euler step.
  case bdf2
}

/// Settings of a transient solve. Times in seconds.
public struct TransientOptions: Sendable {
  public var scheme: TimeScheme
  public var duration: Double
  /// The fixed step, or the first step when `tolerance` is set.
  public var step: Double
  /// Adaptive stepping: bound on the estimated local error per step (max over cells, K); nil for fixed steps.
  public var tolerance: Double?
  /// Upper bound on adaptive steps (default: the duration).
  public var maxStep: Double?
  /// Interval between field snapshots (t = 0, interval, 2·interval, …, and the end); nil: start and end only.
  public var outputInterval: Double?
  public var linear: SolverOptions

  public init(scheme: TimeScheme = .bdf2, duration: Double, step: Double, tolerance: Double? = nil,
              maxStep: Double? = nil, outputInterval: Double? = nil, linear: SolverOptions = SolverOptions()) {
    self.scheme = scheme
    self.duration = duration
    self.step = step
    self.tolerance = tolerance
    self.maxStep = maxStep
    self.outputInterval = outputInterval
    self.linear = linear
  }
}

/// A change of the model at a given time (a power step, a new boundary value); applied for t > `time`.
public struct TransientEvent: Sendable {
  /// Seconds.
  public var time: Double
  public var apply: @Sendable (inout ThermalModel) throws -> Void
  public init(time: Double, apply: @escaping @Sendable (inout ThermalModel) throws -> Void) {
    self.time = time
    self.apply = apply
  }
}

/// The result of a transient solve: time series at every accepted step, field snapshots at output times, and
/// the state at the end.
public struct TransientSolution: Sendable {
  public struct Snapshot: Sendable {
    /// Seconds.
    public var time: Double
    /// K per cell.
    public var temperature: [Double]
  }

  /// Time of each accepted step, s, starting with 0.
  public var times: [Double]
  /// Per component (model order), its maximum temperature at each time, K.
  public var componentMaxTemperature: [[Double]]
  /// Per component, its power at each time, W.
  public var componentPower: [[Double]]
  /// Per probe (model order), its temperature at each time, K.
  public var probeTemperature: [[Double]]
  /// Per step (from the second time on), the relative energy imbalance including the stored-energy change.
  public var energyBalanceRelativeSeries: [Double]
  public var snapshots: [Snapshot]
  /// The state at the end of the run (energy balance of the last step, stored-energy rate included in `sources`'
  /// complement: see `storageRate`).
  public var final: ThermalSolution
  /// Rate of change of stored energy Σ ρcV dT/dt in the last step, W.
  public var storageRate: Double
  /// Max over steps of the relative imbalance |sources + in − out − storage| / max(in + sources⁺ + storage⁻,
  /// out + storage⁺).
  public var energyBalanceRelative: Double
  public var acceptedSteps: Int
  public var rejectedSteps: Int
  /// Σ of linear-solver iterations over all solves.
  public var linearIterations: Int
  /// Picard iterations summed over steps (0 for a linear model).
  public var nonlinearIterations: Int = 0
  /// Seconds.
  public var assemblyTime: Double
  public var solveTime: Double
}

/// Transient conduction: C dθ/dt + K θ = b(t) with C = diag(ρ c V), by implicit Euler or BDF2 (DESIGN §3.1).
///
/// Step n → n+1 with h = t_{n+1} − t_n and ω = h / h_{n−1} solves
/// (K + α₀ C/h) θ^{n+1} = b(t_{n+1}) + C/h (α₁ θ^n − α₂ θ^{n−1}), where implicit Euler has α = (1, 1, 0) and
/// variable-step BDF2 α₀ = (1+2ω)/(1+ω), α₁ = 1+ω, α₂ = ω²/(1+ω) (Hairer, Nørsett & Wanner, *Solving ODEs I*,
/// §III.5). The matrix pattern and the steady operator K are assembled once and refilled (`ThermalSystem.refresh`).
///
/// Adaptive stepping (Milne's device): the local error is estimated from the difference to an explicit
/// extrapolation of the previous solutions, E ≈ C/(C + P)·|θ − θ_pred|, with the error constants of the scheme (C)
/// and of the extrapolation (P) for the actual step sizes h, h₁, h₂ (newest first, ω = h/h₁): implicit Euler
/// C = h²/2 against linear extrapolation P = h(h + h₁)/2; variable-step BDF2 C = (1 + ω)² h³/(6ω(1 + 2ω)) against
/// quadratic extrapolation P = h(h + h₁)(h + h₁ + h₂)/6 (Hairer, Nørsett & Wanner, *Solving ODEs I*, §III.5). With
/// constant steps these are 1/3 and 2/11. A step whose estimate (max over cells) exceeds the tolerance is repeated
/// with a smaller step; the next step is h·min(2, max(0.2, 0.9 (tol/err)^{1/(p+1)})). Steps with too little history
/// to extrapolate are accepted without an estimate.
public struct TransientThermalSolver: Sendable {
  public var options: TransientOptions

  /// The share C/(C + P) of |θ − θ_pred| that is the local error of a variable-step BDF2 step of size `h` after steps
  /// `h1` and `h2` (newest first), θ_pred the quadratic extrapolation of the three previous states: 2/11 for equal
  /// steps.
  public static func bdf2ErrorFraction(step h: Double, previous h1: Double, beforeThat h2: Double) -> Double {
    let w = h / h1
    let c = (1 + w) * (1 + w) * h * h * h / (6 * w * (1 + 2 * w))
    let p = h * (h + h1) * (h + h1 + h2) / 6
    return c / (c + p)
  }

  /// The same for an implicit Euler step of size `h` after a step `h1`, against linear extrapolation: 1/3 for equal
  /// steps.
  public static func eulerErrorFraction(step h: Double, previous h1: Double) -> Double { h / (2 * h + h1) }
  public init(options: TransientOptions) {
    self.options = options
  }

  /// Integrates from `initial` (K per cell) at t = 0 to `options.duration`.
  public func solve(_ start: ThermalModel, initial: [Double], events: [TransientEvent] = []) throws -> TransientSolution {
    let o = options
    guard o.duration > 0, o.duration.isFinite, o.step > 0, o.step.isFinite else {
      throw ThermalError.invalidInput(location: "transient", expected: "a duration and a step > 0",
                                      found: "duration \(o.duration) s, step \(o.step) s")
    }
    guard initial.count == start.mesh.cellCount, initial.allSatisfy({ $0 > 0 && $0.isFinite }) else {
      throw ThermalError.invalidInput(location: "transient.initial",
                                      expected: "\(start.mesh.cellCount) temperatures above 0 K",
                                      found: "\(initial.count) values, min \(initial.min() ?? .nan) K")
    }
    let clock = ContinuousClock()
    var assemblyTime = 0.0, solveTime = 0.0
    var model = start
    try model.setTime(0)
    let nCells = model.mesh.cellCount
    // Cells' ρcV, then each added term's own unknowns' (0: algebraic).
    var capacity = try model.cellHeatCapacity()
    let contexts = model.addedTermContexts(temperature: [], referenceTemperature: 0)
    for (term, context) in zip(model.terms, contexts) { capacity += term.ownHeatCapacity(context) }
    var t0 = clock.now
    var system = ThermalSystem(model: model)
    assemblyTime += (clock.now - t0).seconds
    let tRef = system.referenceTemperature
    let n = model.unknownCount

    // Stops: output times, event times and the end; every step lands on them.
    let sortedEvents = events.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }
      .map(\.element)
    var outputTimes: [Double] = []
    if let dt = o.outputInterval, dt > 0 {
      var k = 1
      while Double(k) * dt < o.duration * (1 - 1e-12) { outputTimes.append(Double(k) * dt); k += 1 }
    }
    outputTimes.append(o.duration)
    let stops = Array(Set(outputTimes + sortedEvents.map(\.time).filter { $0 > 0 && $0 < o.duration })).sorted()
    let eps = 1e-9 * min(o.step, o.duration)

    // Added terms' own unknowns start at the volume-mean initial cell temperature…
    var tv = 0.0, v = 0.0
    for c in 0..<nCells { tv += initial[c] * model.mesh.cellVolume[c]; v += model.mesh.cellVolume[c] }
    var theta = initial.map { $0 - tRef } + [Double](repeating: tv / v - tRef, count: n - nCells)
    // …unless a term says where its own start (a cold plate's coolant and nodes over the initial cells).
    for (term, context) in zip(model.terms, model.addedTermContexts(temperature: initial, referenceTemperature: tRef)) {
      if let own = term.initialOwnTemperatures(context), own.count == term.unknownCount,
         own.allSatisfy({ $0 > 0 && $0.isFinite }) {
        for (k, value) in own.enumerated() { theta[context.firstUnknown + k] = value - tRef }
      }
    }
    let nonOrthogonal = NonOrthogonalCorrection(model: model, system: system).isNeeded
    var lastGradients: [SIMD3<Double>]?
    var history: [(time: Double, theta: [Double])] = []  // previous accepted states, newest last (at most 2)
    var t = 0.0
    var h = o.step
    var lastStep = 0.0
    var result = TransientSolution(
      times: [], componentMaxTemperature: Array(repeating: [], count: model.components.count),
      componentPower: Array(repeating: [], count: model.components.count),
      probeTemperature: Array(repeating: [], count: model.probes.count), energyBalanceRelativeSeries: [], snapshots: [],
      final: ThermalSolution(temperature: initial, energyBalance: EnergyBalance(sources: 0, heatIn: 0, heatOut: 0, perPatch: []),
                             components: [], probes: [], report: SolverReport(method: "none", iterations: 0, relativeResidual: 0, converged: true),
                             assemblyTime: 0),
      storageRate: 0, energyBalanceRelative: 0, acceptedSteps: 0, rejectedSteps: 0, linearIterations: 0,
      assemblyTime: 0, solveTime: 0)

    func record(_ temperature: [Double], post: ThermalPostProcessor) {
      result.times.append(t)
      for (i, c) in post.componentResults().enumerated() {
        result.componentMaxTemperature[i].append(c.maxTemperature)
        result.componentPower[i].append(c.power)
      }
      for (i, p) in post.probeResults().enumerated() { result.probeTemperature[i].append(p.temperature) }
    }
    record(initial, post: ThermalPostProcessor(model: model, system: system, temperature: initial))
    result.snapshots.append(.init(time: 0, temperature: initial))
    var nextEvent = 0
    // Steps of one size solve the same matrix until an event or a nonlinear term changes it: one preconditioner.
    var cache = PreconditionerCache()
    var lastReport = SolverReport(method: "none", iterations: 0, relativeResidual: 0, converged: true)

    while t < o.duration - eps {
      let stop = stops.first { $0 > t + eps } ?? o.duration
      var step = min(h, stop - t)
      if stop - (t + step) < 1e-6 * step { step = stop - t }
      let tNew = stop - (t + step) < eps ? stop : t + step
      step = tNew - t

      t0 = clock.now
      try model.setTime(tNew)
      if model.dependsOnTime { system.refresh(model: model) }
      let bdf2 = o.scheme == .bdf2 && !history.isEmpty
      let omega = bdf2 ? step / lastStep : 0
      let a0 = bdf2 ? (1 + 2 * omega) / (1 + omega) : 1
      let a1 = bdf2 ? 1 + omega : 1
      let a2 = bdf2 ? omega * omega / (1 + omega) : 0
      let previous = history.last?.theta
      // The step's system: the steady one plus the scheme's storage term, a0·C/Δt on the diagonal.
      func stepSystem() -> (CSRMatrix, [Double]) {
        var a = system.matrix
        var b = system.rhs
        for c in 0..<n {
          let m = capacity[c] / step
          a.values[Int(system.diagonalIndex[c])] += a0 * m
          b[c] += m * (a1 * theta[c] - (bdf2 ? a2 * previous![c] : 0))
        }
        return (a, b)
      }
      var (a, b) = stepSystem()
      guard Vector.allFinite(b) else {
        // The previous step's field was finite but huge (1e308 W in a small die): stop before the solver sees it.
        throw ThermalError.invalidInput(
          location: "transient", expected: "temperatures that stay within floating-point range",
          found: "an overflow in the step to t = \(tNew) s (total power \(system.totalSource) W)")
      }
      assemblyTime += (clock.now - t0).seconds
      t0 = clock.now
      var next = theta
      var report = try SteadyThermalSolver.solveLinear(a, b, &next, options: o.linear, cache: &cache)
      result.linearIterations += report.iterations
      if model.isNonlinear {
        // Picard within the step: re-evaluate k(T), radiation and leakage at the new temperatures and solve the
        // step again until it settles.
        var changes: [Double] = []
        while true {
          try model.updateNonlinearTerms(temperature: next.map { $0 + tRef }, referenceTemperature: tRef)
          system = ThermalSystem(model: model, referenceTemperature: tRef)
          (a, b) = stepSystem()
          var again = next
          report = try SteadyThermalSolver.solveLinear(a, b, &again, options: o.linear, cache: &cache)
          result.linearIterations += report.iterations
          let change = zip(again, next).reduce(0) { max($0, Swift.abs($1.0 - $1.1)) }
          next = again
          changes.append(change)
          if change <= o.linear.nonlinearTolerance { break }
          if let hottest = next.max(), !(hottest + tRef < 2000) {
            throw ThermalError.thermalRunaway(components: model.components.filter { $0.leakage != nil }.map(\.name),
                                              temperature: hottest + tRef)
          }
          guard changes.count < o.linear.maxNonlinearIterations else {
            throw ThermalError.nonlinearNotConverged(iterations: changes.count, changes: Array(changes.suffix(5)))
          }
        }
        result.nonlinearIterations += changes.count
      }
      var stepCorrection: NonOrthogonalCorrection?
      var stepGradients: [SIMD3<Double>]?
      if nonOrthogonal {
        // Deferred non-orthogonal correction within the step (docs/physics.md), from the previous step's gradients.
        let correction = NonOrthogonalCorrection(model: model, system: system)
        // The tolerance's scale: the field's span, as in a steady solve (the explicit flux parts, and so the passes'
        // changes, are proportional to it), but at least 1e-4 of the largest |T − T_ref|, so that 1e-10 of it stays
        // a hundred roundings above the last digit of a nearly uniform field.
        let span = (next.max() ?? 0) - (next.min() ?? 0)
        let scale = max(1e-300, span, 1e-4 * Vector.normInfinity(next))
        let passes = CorrectionPasses(correction: correction, options: o.linear, scale: scale)
        var linear = o.linear
        let outcome = try passes.run(rhs: b, theta: &next,
                                     gradients: lastGradients ?? [SIMD3<Double>](repeating: .zero, count: nCells),
                                     referenceTemperature: tRef) { bc, theta, tolerance in
          linear.tolerance = tolerance
          return try SteadyThermalSolver.solveLinear(a, bc, &theta, options: linear, cache: &cache)
        }
        result.linearIterations += outcome.iterations
        if let last = outcome.lastReport { report = last }
        let g = outcome.gradients
        stepCorrection = correction
        stepGradients = g
      }
      solveTime += (clock.now - t0).seconds
      lastReport = report

      // Error estimate and step control.
      let order = bdf2 ? 2.0 : 1.0
      var estimate: Double?
      if o.tolerance != nil {
        if bdf2, history.count >= 2 {
          let (tm1, thm1) = history[1], (tm2, thm2) = history[0]
          // Quadratic Lagrange extrapolation through (tm2, thm2), (tm1, thm1), (t, theta) to tNew.
          let l0 = (tNew - tm1) * (tNew - t) / ((tm2 - tm1) * (tm2 - t))
          let l1 = (tNew - tm2) * (tNew - t) / ((tm1 - tm2) * (tm1 - t))
          let l2 = (tNew - tm2) * (tNew - tm1) / ((t - tm2) * (t - tm1))
          var e = 0.0
          for c in 0..<n { e = max(e, Swift.abs(next[c] - (l0 * thm2[c] + l1 * thm1[c] + l2 * theta[c]))) }
          estimate = e * Self.bdf2ErrorFraction(step: tNew - t, previous: t - tm1, beforeThat: tm1 - tm2)
        } else if !bdf2, let prev = previous {
          let r = step / lastStep
          var e = 0.0
          for c in 0..<n { e = max(e, Swift.abs(next[c] - (theta[c] + r * (theta[c] - prev[c])))) }
          estimate = e * Self.eulerErrorFraction(step: step, previous: lastStep)
        }
      }
      if let tol = o.tolerance, let err = estimate {
        let factor = err > 0 ? min(2, max(0.2, 0.9 * pow(tol / err, 1 / (order + 1)))) : 2
        if err > tol, step > 1e-9 * o.duration {
          result.rejectedSteps += 1
          h = step * factor
          continue
        }
        h = min(step * factor, o.maxStep ?? o.duration)
      } else if o.tolerance != nil {
        h = min(h, o.maxStep ?? o.duration)
      }

      // Accept: energy balance with the stored-energy rate of the scheme.
      var storage = 0.0
      for c in 0..<n {
        storage += capacity[c] * (a0 * next[c] - a1 * theta[c] + (bdf2 ? a2 * previous![c] : 0)) / step
      }
      history.append((t, theta))
      if history.count > 2 { history.removeFirst() }
      theta = next
      lastStep = step
      t = tNew
      result.acceptedSteps += 1
      let temperature = theta[..<nCells].map { $0 + tRef }
      let termTemperature = theta[nCells...].map { $0 + tRef }
      lastGradients = stepGradients
      let post = ThermalPostProcessor(model: model, system: system, temperature: temperature, gradients: stepGradients,
                                      correction: stepCorrection, termTemperature: termTemperature)
      let eb = post.energyBalance()
      let imbalance = eb.sources + eb.heatIn - eb.heatOut - storage
      let scale = max(eb.heatIn + max(eb.sources, 0) + max(-storage, 0), eb.heatOut + max(storage, 0))
      let relative = scale > 0 ? Swift.abs(imbalance) / scale : 0
      result.energyBalanceRelativeSeries.append(relative)
      result.energyBalanceRelative = max(result.energyBalanceRelative, relative)
      result.storageRate = storage
      record(temperature, post: post)
      if outputTimes.contains(where: { Swift.abs($0 - t) <= eps }) {
        result.snapshots.append(.init(time: t, temperature: temperature))
      }
      if t >= o.duration - eps {
        result.final = ThermalSolution(temperature: temperature, termTemperature: termTemperature,
                                       termMetrics: post.termMetrics(), energyBalance: eb,
                                       components: post.componentResults(), probes: post.probeResults(),
                                       patches: post.patchResults(), report: lastReport, assemblyTime: assemblyTime)
        result.final.referenceTemperature = tRef
        break
      }
      // Events at this time change the model for t > event time; BDF2 restarts with an Euler step.
      var applied = false
      while nextEvent < sortedEvents.count, sortedEvents[nextEvent].time <= t + eps {
        try sortedEvents[nextEvent].apply(&model)
        nextEvent += 1
        applied = true
      }
      if applied {
        system.refresh(model: model)
        history.removeAll()
      }
    }
    result.assemblyTime = assemblyTime
    result.solveTime = solveTime
    return result
  }
}
