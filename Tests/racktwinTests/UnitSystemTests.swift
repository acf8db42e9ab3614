import RackTwinIO
import XCTest
@testable import racktwin

/// `--units us` conversions against exact factors, NIST SP 811 (2008) Appendix B: 1 in = 0.0254 m, 1 US gal =
/// 231 in³ (1 gpm = 6.30901964e-5 m³/s), 1 lbf = 4.4482216152605 N (1 psi = 6894.757293168 Pa), 1 Btu_IT =
/// 1055.05585262 J, °F = °C · 9/5 + 32. Also against the case reader's own units (the same factors on input), so
/// "2 gpm" read and printed back is 2.
final class UnitSystemTests: XCTestCase {
  let us = UnitSystem.us, si = UnitSystem.si

  func testExactFactors() {
    // The published factors to their printed digits; the tolerance is half a unit of their last digit.
    XCTAssertEqual(us.volumeFlow(cubicMetresPerSecond: 6.30901964e-5), 1, accuracy: 1e-9)
    XCTAssertEqual(us.pressure(pascals: 6894.757), 1, accuracy: 0.0005 / 6894.757)
    XCTAssertEqual(us.power(watts: 0.29307107), 1, accuracy: 0.5e-8 / 0.29307107)
    XCTAssertEqual(us.length(metres: 0.0254), 1, accuracy: 1e-15)
    XCTAssertEqual(us.head(metres: 0.3048), 1, accuracy: 1e-15)
    // Temperatures: the fixed points of water and −40 where the scales meet (exact in binary to 1e-12).
    XCTAssertEqual(us.temperature(celsius: 0), 32, accuracy: 1e-12)
    XCTAssertEqual(us.temperature(celsius: 100), 212, accuracy: 1e-12)
    XCTAssertEqual(us.temperature(celsius: -40), -40, accuracy: 1e-12)
    XCTAssertEqual(us.temperature(kelvin: 373.15), 212, accuracy: 1e-12)
    XCTAssertEqual(us.temperatureDifference(kelvin: 5), 9, accuracy: 1e-12)
    XCTAssertEqual(us.area(squareMetres: 0.3048 * 0.3048, large: true), 1, accuracy: 1e-15)
    XCTAssertEqual(us.volume(cubicMetres: 0.0254 * 0.0254 * 0.0254), 1, accuracy: 1e-12)
    // SI stays what the summaries always printed: °C, L/min, kPa, mm.
    XCTAssertEqual(si.temperature(kelvin: 373.15), 100, accuracy: 1e-12)
    XCTAssertEqual(si.volumeFlow(cubicMetresPerSecond: 1e-3 / 60), 1, accuracy: 1e-12)
    XCTAssertEqual(si.pressure(pascals: 1500), 1.5, accuracy: 1e-12)
    XCTAssertEqual(si.length(metres: 0.0015), 1.5, accuracy: 1e-12)
  }

  /// Metrics by their HDF5 units: converted in US, untouched in SI and for other units.
  func testMetricsByTheirUnits() {
    XCTAssertEqual(us.metric(100, units: "degC").value, 212, accuracy: 1e-12)
    XCTAssertEqual(us.metric(100, units: "degC").units, "°F")
    XCTAssertEqual(us.metric(6894.757293168361, units: "Pa").value, 1, accuracy: 1e-12)
    XCTAssertEqual(us.metric(6.30901964e-5, units: "m^3/s").value, 1, accuracy: 1e-9)
    XCTAssertEqual(us.metric(3, units: "s").value, 3)
    XCTAssertEqual(si.metric(100, units: "degC").units, "degC")
  }

  /// What the case reader takes in US units comes back out unchanged (its factors are NIST's too, docs/case-format.md).
  func testRoundTripThroughTheCaseReader() throws {
    func read(_ text: String, _ kind: QuantityKind) throws -> Double { try parseQuantity(text, as: kind, key: "test") }
    XCTAssertEqual(us.volumeFlow(cubicMetresPerSecond: try read("2 gpm", .volumeFlow)), 2, accuracy: 1e-12)
    XCTAssertEqual(us.pressure(pascals: try read("15 psi", .pressure)), 15, accuracy: 1e-9)
    XCTAssertEqual(us.temperature(kelvin: try read("194 degF", .temperature)), 194, accuracy: 1e-9)
    XCTAssertEqual(us.length(metres: try read("3 in", .length)), 3, accuracy: 1e-12)
  }
}
