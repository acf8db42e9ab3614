import Foundation
import RackTwinCooling
import RackTwinMesh
import RackTwinThermal
import XCTest

/// The two-phase tank as a term (`TwoPhaseTankTerm`) on a model without cells: the pool at T_sat is its unknown.
final class TwoPhaseTankTermTests: XCTestCase {
  static let room = 297.15

  /// Two-phase tank term: the pool sits at T_sat (61.3095 °C at 1 atm, TwoPhaseImmersionTankTests' hand value), the
  /// load counts every copy, and a load above the condenser is stored heat, so the balance closes either way.
  func testTwoPhaseTermCountsCopiesAndStoresTheExcess() throws {
    let tank = try TwoPhaseImmersionTank(coolant: .hfe7100, pressure: 101_325,
                                         surfaces: [.init(name: "gpu", power: 1000, area: 0.08)],
                                         condenser: .init(ua: 5000, waterFlow: 1, waterSupplyTemperature: 303.15))
    let term = try TwoPhaseTankTerm(tank: tank, counts: [100])
    XCTAssertEqual(term.load, 100e3)
    let s = try solveWithoutCells(term)
    XCTAssertEqual(s.termTemperature[0], 334.4595, accuracy: 1e-4)
    XCTAssertEqual(termMetric(s, "immersion.condenser_capacity"), 91_302, accuracy: 1)
    XCTAssertEqual(termMetric(s, "immersion.vapour_build_up"), 1)
    XCTAssertLessThan(s.energyBalance.relative, 1e-12)
    let one = try solveWithoutCells(TwoPhaseTankTerm(tank: tank, counts: [50]))
    XCTAssertEqual(termMetric(one, "immersion.vapour_build_up"), 0)
    XCTAssertEqual(termMetric(one, "immersion.heat_to_liquid"), 50e3, accuracy: 1e-9)
  }
}
