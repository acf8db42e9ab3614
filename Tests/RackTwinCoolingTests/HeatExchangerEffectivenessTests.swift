import RackTwinCooling
import XCTest

final class HeatExchangerEffectivenessTests: XCTestCase {
  typealias E = HeatExchangerEffectiveness

  /// Issue 15's values at NTU = 1, C_r = 1: counterflow 1/2 = 0.500000, parallel (1 − e⁻²)/2 = 0.432332, crossflow
  /// both unmixed (exact series, Mason 1954 / Baclic 1990; Kays & London Fig. 2-14) 0.476222. Tolerance 1e-6: the
  /// values are given to 6 decimals.
  func testNTU1CapacityRatio1MatchesIssueValues() {
    XCTAssertEqual(E.counterflow(ntu: 1, capacityRatio: 1), 0.500000, accuracy: 1e-6)
    XCTAssertEqual(E.parallelFlow(ntu: 1, capacityRatio: 1), 0.432332, accuracy: 1e-6)
    XCTAssertEqual(E.crossflowUnmixed(ntu: 1, capacityRatio: 1), 0.476222, accuracy: 1e-6)
  }

  /// The Table 11.3 closed form gives 1 − exp(e⁻¹ − 1) = 0.468536 at NTU = 1, C_r = 1: 1.61 % below the series
  /// (issue 15: "1.6 % off"), so it cannot stand in for the exact relation there. At NTU = 5, C_r = 0.7 the two agree
  /// within 2e-6 (issue 15), so that point cannot tell them apart: exact 0.844482, approximate 0.844480.
  func testApproximateCrossflowIsOnePointSixPercentOffAtNTU1() {
    let exact = E.crossflowUnmixed(ntu: 1, capacityRatio: 1)
    let approx = E.crossflowUnmixedApproximate(ntu: 1, capacityRatio: 1)
    XCTAssertEqual(approx, 0.468536, accuracy: 1e-6)
    XCTAssertEqual((exact - approx) / exact, 0.0161, accuracy: 0.0001)
    XCTAssertEqual(E.crossflowUnmixed(ntu: 5, capacityRatio: 0.7), 0.844482, accuracy: 1e-6)
    XCTAssertEqual(E.crossflowUnmixed(ntu: 5, capacityRatio: 0.7),
                   E.crossflowUnmixedApproximate(ntu: 5, capacityRatio: 0.7), accuracy: 2e-6)
  }

  /// Limits with closed forms: C_r → 0 gives 1 − e^(−NTU) for every arrangement (one fluid at constant temperature,
  /// Incropera eq. 11.35a); crossflow lies between parallel and counterflow (bounds of all two-stream exchangers).
  /// Tolerance 1e-6 at C_r = 1e-6: the series' first-order error in C_r.
  func testLimitsAndBounds() {
    for ntu in [0.1, 1, 3, 10] {
      XCTAssertEqual(E.crossflowUnmixed(ntu: ntu, capacityRatio: 1e-6), 1 - exp(-ntu), accuracy: 1e-6)
      for cr in [0.25, 0.5, 1.0] {
        let x = E.crossflowUnmixed(ntu: ntu, capacityRatio: cr)
        XCTAssertGreaterThan(x, E.parallelFlow(ntu: ntu, capacityRatio: cr))
        XCTAssertLessThan(x, E.counterflow(ntu: ntu, capacityRatio: cr))
      }
    }
  }

  /// The inverse returns the NTU that reproduces ε to 1e-10, and refuses an ε the exchanger cannot reach.
  func testInverseRoundTripsAndRefusesImpossibleEffectiveness() throws {
    for (ntu, cr) in [(0.3, 0.2), (1.0, 1.0), (4.0, 0.6)] {
      let eps = E.crossflowUnmixed(ntu: ntu, capacityRatio: cr)
      let back = try XCTUnwrap(E.crossflowUnmixedNTU(effectiveness: eps, capacityRatio: cr))
      XCTAssertEqual(back, ntu, accuracy: 1e-8 * ntu)
    }
    XCTAssertNil(E.crossflowUnmixedNTU(effectiveness: 1.01, capacityRatio: 0.5))
    XCTAssertNil(E.crossflowUnmixedNTU(effectiveness: 0.999, capacityRatio: 1))   // C_r = 1 limit is below 1
  }
}
