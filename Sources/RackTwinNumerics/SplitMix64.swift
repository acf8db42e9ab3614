import Foundation

/// SplitMix64 (Steele, Lea & Flood 2014, "Fast splittable pseudorandom number generators", OOPSLA): a small
/// deterministic generator, so a seed gives the same numbers on every platform; its output function `mix` also keys
/// counter-based streams.
public struct SplitMix64: RandomNumberGenerator, Sendable {
  public var state: UInt64
  public init(seed: UInt64) { state = seed }

  /// The output function of the generator whose state was `z0` before the step: a bijective 64-bit mix.
  @inlinable
  public static func mix(_ z0: UInt64) -> UInt64 {
    var z = z0 &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  public mutating func next() -> UInt64 {
    let z = Self.mix(state)
    state &+= 0x9E37_79B9_7F4A_7C15
    return z
  }

  /// Uniform in (0, 1): 53 bits, offset by half a step.
  public mutating func uniform() -> Double { (Double(next() >> 11) + 0.5) / 9_007_199_254_740_992 }

  /// Standard normal (Box–Muller).
  public mutating func gaussian() -> Double {
    (-2 * log(uniform())).squareRoot() * cos(2 * Double.pi * uniform())
  }
}
