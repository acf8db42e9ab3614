import Foundation

/// Hotspot risk from an influence matrix (DESIGN §3.5): per component the exceedance probability of its limit and
/// the reliability index β, and over all components the Monte-Carlo probability that any exceeds.
///
/// Per component the limit state is the linear response of its hottest nominal cell,
/// T = T⁰ + Σ sᵢ (xᵢ − xᵢ⁰): with Gaussian inputs T is Gaussian, μ = T⁰ + Σ sᵢ (μᵢ − xᵢ⁰), σ² = Σ sᵢ² σᵢ², β =
/// (limit − μ)/σ and P = 1 − Φ(β), exactly; with any other input it is FORM (`FORM`). "Any component exceeds" is
/// counted over samples on the tracked cells of every component (the maximum over them), with samples drawn from
/// `CounterRandom`, so the count does not depend on how samples are split into chunks or threads.
public struct RiskAnalysis: Sendable {
  /// One component's risk.
  public struct ComponentRisk: Sendable, Equatable {
    public var name: String
    /// Nominal maximum over the tracked cells, K, and the cell (mesh numbering).
    public var maxTemperature: Double
    public var hottestCell: Int
    /// K.
    public var limit: Double
    /// limit − nominal maximum, K.
    public var margin: Double
    /// Mean and standard deviation of the hottest cell's temperature over the inputs, K.
    public var mean: Double
    public var standardDeviation: Double
    /// β: (limit − μ)/σ for Gaussian inputs, the FORM index otherwise.
    public var reliabilityIndex: Double
    /// P(T > limit): 1 − Φ(β).
    public var probability: Double
    /// "analytic" or "form".
    public var method: String
    /// Samples in which this component's tracked cells exceeded its limit.
    public var exceedingSamples: Int
  }

  public var components: [ComponentRisk]
  /// P(any component exceeds its limit), Monte-Carlo estimate.
  public var hotspotRisk: Double
  /// √(p(1 − p)/N).
  public var hotspotRiskStandardError: Double
  /// One-sided Clopper–Pearson upper bound at `confidence` (≈ 3/N at 95 % when no sample exceeds).
  public var hotspotRiskUpper: Double
  /// min β over components with a limit (+∞ when none has one).
  public var reliabilityIndex: Double
  public var samples: Int
  public var exceedingSamples: Int
  public var confidence: Double

  /// Runs the analysis.
  /// - Parameters:
  ///   - samples: Monte-Carlo samples N for "any exceeds".
  ///   - seed, point: key the random stream (a sweep passes the point index).
  ///   - chunks: contiguous blocks of samples run concurrently; the result does not depend on it.
  public init(influence: InfluenceMatrix, samples: Int, seed: UInt64, point: UInt64 = 0, chunks: Int = 1,
              confidence: Double = 0.95) throws {
    guard samples > 0 else {
      throw RiskError.invalidInput(location: "uncertainty.samples", expected: "at least 1", found: "\(samples)")
    }
    guard confidence > 0 && confidence < 1 else {
      throw RiskError.invalidInput(location: "uncertainty.confidence", expected: "a value in (0, 1)", found: "\(confidence)")
    }
    let inputs = influence.inputs
    let nominal = inputs.map(\.nominal), dists = inputs.map(\.distribution)
    let limited = influence.components.indices.filter { influence.components[$0].limit != nil }

    // Per component, analytic or FORM.
    var risks: [ComponentRisk] = []
    for j in limited {
      let c = influence.components[j]
      let limit = c.limit!
      let (t0, s) = influence.hottestResponse(component: j)
      var mean = t0, variance = 0.0
      for i in inputs.indices {
        mean += s[i] * (dists[i].mean - nominal[i])
        variance += s[i] * s[i] * dists[i].standardDeviation * dists[i].standardDeviation
      }
      let sd = variance.squareRoot()
      let beta: Double, p: Double, method: String
      if dists.allSatisfy(\.isNormal) {
        method = "analytic"
        if sd > 0 {
          beta = (limit - mean) / sd
          p = StandardNormal.survival(beta)
        } else {
          beta = limit >= mean ? .infinity : -.infinity
          p = limit >= mean ? 0 : 1
        }
      } else {
        method = "form"
        (beta, p, _) = FORM().solve(capacity: limit - t0, sensitivity: s, nominal: nominal, distributions: dists)
      }
      let hottest = c.nominal.indices.max { c.nominal[$0] < c.nominal[$1] }!
      risks.append(ComponentRisk(name: c.name, maxTemperature: c.nominal[hottest], hottestCell: c.cells[hottest],
                                 limit: limit, margin: limit - c.nominal[hottest], mean: mean, standardDeviation: sd,
                                 reliabilityIndex: beta, probability: p, method: method, exceedingSamples: 0))
    }

    // Monte-Carlo: integer counts per chunk, summed; each sample's inputs depend on (seed, point, sample) only.
    let rng = CounterRandom(seed: seed, point: point)
    let chunkCount = max(1, min(chunks, samples))
    let counts = ChunkResults([[Int]](repeating: [], count: chunkCount))
    DispatchQueue.concurrentPerform(iterations: chunkCount) { k in
      let range = (samples * k / chunkCount)..<(samples * (k + 1) / chunkCount)
      counts.set(k, Self.count(influence, limited: limited, rng: rng, samples: range, nominal: nominal,
                               distributions: dists))
    }
    var total = [Int](repeating: 0, count: limited.count + 1)
    for c in counts.values { for i in total.indices { total[i] += c[i] } }
    for j in risks.indices { risks[j].exceedingSamples = total[j + 1] }
    let p = Double(total[0]) / Double(samples)
    self.components = risks
    self.samples = samples
    self.exceedingSamples = total[0]
    self.hotspotRisk = p
    self.hotspotRiskStandardError = (p * (1 - p) / Double(samples)).squareRoot()
    self.hotspotRiskUpper = ClopperPearson.upperBound(successes: total[0], trials: samples, confidence: confidence)
    self.reliabilityIndex = risks.map(\.reliabilityIndex).min() ?? .infinity
    self.confidence = confidence
  }

  /// [samples where any exceeds, then per limited component] over `range`.
  static func count(_ influence: InfluenceMatrix, limited: [Int], rng: CounterRandom, samples range: Range<Int>,
                    nominal: [Double], distributions: [Distribution]) -> [Int] {
    let m = nominal.count
    var counts = [Int](repeating: 0, count: limited.count + 1)
    var delta = [Double](repeating: 0, count: m)
    for s in range {
      for i in 0..<m { delta[i] = distributions[i].quantile(rng.uniform(sample: s, input: i)) - nominal[i] }
      var any = false
      for (q, j) in limited.enumerated() {
        let c = influence.components[j]
        var hottest = -Double.infinity
        for ci in c.cells.indices {
          var t = c.nominal[ci]
          for i in 0..<m { t += c.sensitivity[ci * m + i] * delta[i] }
          hottest = max(hottest, t)
        }
        if hottest > c.limit! { counts[q + 1] += 1; any = true }
      }
      if any { counts[0] += 1 }
    }
    return counts
  }
}

/// Per-chunk results written by `concurrentPerform`: each iteration writes only its own slot, behind a lock
/// (hence `@unchecked Sendable`: the lock is what makes it safe).
final class ChunkResults<T>: @unchecked Sendable {
  private var storage: [T]
  private let lock = NSLock()
  init(_ values: [T]) { storage = values }
  func set(_ i: Int, _ v: T) { lock.lock(); storage[i] = v; lock.unlock() }
  var values: [T] { lock.lock(); defer { lock.unlock() }; return storage }
}
