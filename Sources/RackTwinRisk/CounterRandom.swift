import RackTwinNumerics

/// A counter-based random stream: the n-th number of a stream is a pure function of (seed, point, sample, input),
/// so a sample's inputs do not depend on which thread drew it, in what order, or how samples were split.
///
/// Each number is the SplitMix64 finaliser (Steele, Lea & Flood, "Fast splittable pseudorandom number generators",
/// OOPSLA 2014) applied to a key made by mixing the four counters in turn; it passes as a hash of its key, which is
/// what a counter-based generator is (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC 2011).
public struct CounterRandom: Sendable, Equatable {
  public let seed: UInt64
  public let point: UInt64

  public init(seed: UInt64, point: UInt64 = 0) {
    self.seed = seed
    self.point = point
  }

  /// 64 random bits for (sample, input).
  public func bits(sample: UInt64, input: UInt64) -> UInt64 {
    var k = SplitMix64.mix(seed)
    k = SplitMix64.mix(k ^ point)
    k = SplitMix64.mix(k ^ sample)
    return SplitMix64.mix(k ^ input)
  }

  /// A uniform number in the open interval (0, 1) for (sample, input): 53 bits, offset by half a step.
  public func uniform(sample: Int, input: Int) -> Double {
    let b = bits(sample: UInt64(sample), input: UInt64(input)) >> 11
    return (Double(b) + 0.5) * 0x1p-53
  }
}
