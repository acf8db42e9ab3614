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

  /// The SplitMix64 output function: a bijective 64-bit mix.
  @inlinable
  static func mix(_ z0: UInt64) -> UInt64 {
    var z = z0 &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// 64 random bits for (sample, input).
  public func bits(sample: UInt64, input: UInt64) -> UInt64 {
    var k = Self.mix(seed)
    k = Self.mix(k ^ point)
    k = Self.mix(k ^ sample)
    return Self.mix(k ^ input)
  }

  /// A uniform number in the open interval (0, 1) for (sample, input): 53 bits, offset by half a step.
  public func uniform(sample: Int, input: Int) -> Double {
    let b = bits(sample: UInt64(sample), input: UInt64(input)) >> 11
    return (Double(b) + 0.5) * 0x1p-53
  }
}
