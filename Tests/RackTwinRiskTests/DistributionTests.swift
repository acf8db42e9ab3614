import XCTest
@testable import RackTwinRisk

final class DistributionTests: XCTestCase {
  /// Φ(1) = 0.841344746068543, Φ⁻¹(0.975) = 1.959963984540054, Φ⁻¹(1e-6) = −4.753424308822899 (Abramowitz & Stegun
  /// 1964, table 26.1 and 26.5; values to 15 digits from the same tables' high-precision reprints).
  func testStandardNormalAgainstTables() {
    XCTAssertEqual(StandardNormal.cdf(1), 0.841344746068543, accuracy: 1e-14)
    XCTAssertEqual(StandardNormal.quantile(0.975), 1.959963984540054, accuracy: 1e-12)  // after the Halley step
    XCTAssertEqual(StandardNormal.quantile(1e-6), -4.753424308822899, accuracy: 1e-10)
    XCTAssertEqual(StandardNormal.quantile(1 - 1e-6), 4.753424308822899, accuracy: 1e-6)  // 1 − 1e-6 rounds at 1e-16
    for p in [1e-12, 0.01, 0.3, 0.5, 0.8, 0.99] {
      XCTAssertEqual(StandardNormal.cdf(StandardNormal.quantile(p)), p, accuracy: 1e-13 * max(p, 1e-3))
    }
  }

  /// Truncated-normal mean and standard deviation against direct quadrature of x·f(x) and x²·f(x) (trapezoid on
  /// 200 000 intervals: error ~1e-10 of the scale).
  func testTruncatedNormalMomentsAgainstQuadrature() {
    let d = Distribution.truncatedNormal(mean: 1000, standardDeviation: 50, lower: 950, upper: 1200)
    let n = 200_000, a = 950.0, b = 1200.0, h = (b - a) / Double(n)
    var m0 = 0.0, m1 = 0.0, m2 = 0.0
    for i in 0...n {
      let x = a + h * Double(i), w = (i == 0 || i == n) ? 0.5 : 1.0
      let f = exp(-0.5 * pow((x - 1000) / 50, 2))
      m0 += w * f; m1 += w * f * x; m2 += w * f * x * x
    }
    let mean = m1 / m0, sd = (m2 / m0 - mean * mean).squareRoot()
    XCTAssertEqual(d.mean, mean, accuracy: 1e-6)
    XCTAssertEqual(d.standardDeviation, sd, accuracy: 1e-5)
    // Quantiles stay inside the bounds and invert the truncated CDF at the median.
    XCTAssertEqual(d.quantile(1e-15), 950, accuracy: 1e-6)
    XCTAssertLessThanOrEqual(d.quantile(1 - 1e-16), 1200)
    XCTAssertEqual(Distribution.uniform(lower: 2, upper: 5).standardDeviation, 3 / 12.0.squareRoot(), accuracy: 1e-15)
  }

  /// dx/du of the Rosenblatt transform against a central difference (step 1e-5: error ~1e-9 relative).
  func testTransformDerivativeAgainstDifference() {
    let ds: [Distribution] = [.normal(mean: 3, standardDeviation: 2), .uniform(lower: -1, upper: 4),
                              .truncatedNormal(mean: 0, standardDeviation: 1, lower: -0.5, upper: 2)]
    for d in ds {
      for u in [-1.5, 0.0, 0.7] {
        let h = 1e-5
        let fd = (d.fromStandardNormal(u + h).value - d.fromStandardNormal(u - h).value) / (2 * h)
        XCTAssertEqual(d.fromStandardNormal(u).derivative, fd, accuracy: 1e-7 * max(1, abs(fd)), "\(d) at u = \(u)")
      }
    }
  }

  func testInvalidParametersAreNamed() {
    XCTAssertNotNil(Distribution.normal(mean: 1, standardDeviation: 0).invalidReason)
    XCTAssertNotNil(Distribution.uniform(lower: 2, upper: 1).invalidReason)
    XCTAssertNotNil(Distribution.truncatedNormal(mean: 0, standardDeviation: 1, lower: 40, upper: 50).invalidReason)
    XCTAssertNil(Distribution.truncatedNormal(mean: 0, standardDeviation: 1, lower: -.infinity, upper: 2).invalidReason)
  }

  /// The counter-based stream: a pure function of its key; uniform on (0, 1) (mean 1/2 and variance 1/12 of 10⁵
  /// draws within 5 standard errors: 0.0046 and 0.0013 relative).
  func testCounterRandomIsKeyedAndUniform() {
    let r = CounterRandom(seed: 42, point: 3)
    XCTAssertEqual(r.uniform(sample: 17, input: 2), CounterRandom(seed: 42, point: 3).uniform(sample: 17, input: 2))
    XCTAssertNotEqual(r.uniform(sample: 17, input: 2), r.uniform(sample: 17, input: 3))
    XCTAssertNotEqual(r.uniform(sample: 17, input: 2), CounterRandom(seed: 42, point: 4).uniform(sample: 17, input: 2))
    let n = 100_000
    let u = (0..<n).map { r.uniform(sample: $0, input: 0) }
    let mean = u.reduce(0, +) / Double(n)
    let variance = u.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
    XCTAssertEqual(mean, 0.5, accuracy: 5 * (1.0 / 12 / Double(n)).squareRoot())
    XCTAssertEqual(variance, 1.0 / 12, accuracy: 5 * (1.0 / 180 / Double(n)).squareRoot())
    XCTAssertTrue(u.allSatisfy { $0 > 0 && $0 < 1 })
  }
}
