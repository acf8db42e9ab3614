import Foundation
import RackTwinCooling
import RackTwinMesh
import RackTwinThermal
import XCTest

/// The single-phase tank as a term (`ImmersionTankTerm`) on a model whose mesh has no cells, solved by the steady
/// solver: the layers are the term's own unknowns.
final class ImmersionTankTermTests: XCTestCase {
  /// 40 boards (1.5 kW, 0.1–0.7 m) and 80 heat sinks (500 W, 0.3–0.4 m) in 8 layers of a 0.8 m tank, as two
  /// components with counts (the geometry's form).
  func tank(_ coolant: Coolant) throws -> SinglePhaseImmersionTank {
    try SinglePhaseImmersionTank(
      coolant: coolant, flow: 6e-3, supplyTemperature: 308.15, depth: 0.8, flowArea: 0.6, layers: 8, portArea: 0.005,
      components: [.init(name: "board", power: 1500, elevation: 0.1, length: 0.6, area: 0.5),
                   .init(name: "sink", power: 500, elevation: 0.3, length: 0.1, area: 0.3, surfaceEfficiency: 0.8,
                         finSpacing: 0.002, junctionResistance: 0.05)])
  }

  /// Plug flow with constant properties (Duffie & Beckman §8.4 zonal model) in closed form: ρ = 800, c_p = 2000,
  /// ṁ = 4.8 kg/s; sinks (80 × 500 W = 40 kW) top out in layer 3, boards (40 × 1.5 kW = 60 kW) in layer 6. Layers
  /// 0–2 at 35 °C, 3–5 at 35 + 40000/9600, 6–7 at 35 + 100000/9600 °C. Tolerance 1e-8 K: a direct solve of a
  /// bidiagonal system (round-off), and one Picard pass that finds c̄_p constant.
  func testLayersMatchPlugFlowClosedFormWithCounts() throws {
    let oil = Coolant.constant(name: "oil", density: 800, viscosity: 0.02, specificHeat: 2000, conductivity: 0.14,
                               range: 250...800)
    let term = try ImmersionTankTerm(tank: tank(oil), counts: [40, 80])
    XCTAssertEqual(term.layerHeat, [0, 0, 0, 40_000, 0, 0, 60_000, 0])
    let s = try solveWithoutCells(term)
    let t = s.termTemperature
    XCTAssertEqual(t.count, 8)
    for i in 0..<3 { XCTAssertEqual(t[i], 308.15, accuracy: 1e-8) }
    for i in 3..<6 { XCTAssertEqual(t[i], 308.15 + 40_000 / 9600, accuracy: 1e-8) }
    for i in 6..<8 { XCTAssertEqual(t[i], 308.15 + 100_000 / 9600, accuracy: 1e-8) }
    XCTAssertEqual(s.energyBalance.heatIn, 100_000, accuracy: 1e-9)
    XCTAssertLessThan(s.energyBalance.relative, 1e-12)
  }

  /// PAO-6 (c_p varies with T): the Picard-updated C_i = ṁ c̄_p makes heat to the liquid ṁ(h_out − h_in) equal the
  /// 100 kW within 1e-6 relative (issue 15's energy balance), and the term's layers equal the device model's
  /// enthalpy march (`SinglePhaseImmersionTank.state`, each copy once) within 1e-6 K (the Picard tolerance).
  func testPAO6TankAgreesWithTheDeviceMarch() throws {
    // The device with every copy listed, as SinglePhaseImmersionTankTests builds it.
    var parts: [SinglePhaseImmersionTank.Component] = []
    for i in 0..<40 {
      parts.append(.init(name: "board\(i)", power: 1500, elevation: 0.1, length: 0.6, area: 0.5))
      for j in 0..<2 {
        parts.append(.init(name: "sink\(i).\(j)", power: 500, elevation: 0.3, length: 0.1, area: 0.3,
                           surfaceEfficiency: 0.8, finSpacing: 0.002, junctionResistance: 0.05))
      }
    }
    let full = try SinglePhaseImmersionTank(coolant: .pao6, flow: 6e-3, supplyTemperature: 308.15, depth: 0.8,
                                            flowArea: 0.6, layers: 8, portArea: 0.005, components: parts).state()
    let s = try solveWithoutCells(ImmersionTankTerm(tank: tank(.pao6), counts: [40, 80]))
    for i in 0..<8 { XCTAssertEqual(s.termTemperature[i], full.layerTemperatures[i], accuracy: 1e-6) }
    let q = try XCTUnwrap(s.termMetrics.first { $0.name == "immersion.heat_to_liquid" }).value
    XCTAssertEqual(q, 100_000, accuracy: 1e-6 * 100_000)
    XCTAssertLessThan(s.energyBalance.relative, 1e-6)
    // Component temperatures as the device gives them for one copy.
    let sink = try XCTUnwrap(s.termMetrics.first { $0.name == "immersion.sink.junction_temperature" }).value
    XCTAssertEqual(sink, full.components[1].junctionTemperature, accuracy: 1e-5)
  }

  /// A count list that does not match the components, or a count below 1, is an error naming the term.
  func testBadCountsAreErrors() throws {
    XCTAssertThrowsError(try ImmersionTankTerm(tank: tank(.pao6), counts: [1])) { e in
      XCTAssertTrue("\(e)".contains("immersion.count"), "\(e)")
    }
    XCTAssertThrowsError(try ImmersionTankTerm(tank: tank(.pao6), counts: [1, 0]))
  }
}

/// The tank coupled to mesh cells (`ImmersionTankTerm.Coupling`): a heat sink modelled as a block of cells.
final class ImmersionTankTermCouplingTests: XCTestCase {
  /// A 500 W heat sink (0.3 m² wetted, 0.1 m tall at 0.3 m, 2 mm fins, η_o 0.8) as a 2 × 2 × 2-cell copper-like block
  /// (k = 1e5 W/m/K: isothermal within 1e-4 K) in the PAO-6 tank with 100 kW of lumped boards. Independent
  /// references: the energy balance (power in = ṁ(h_out − h_in), 1e-6 relative, issue 15) and the device's lumped
  /// surface temperature for the same sink in the same layer fluid (the bisection of P = η_o h(T_s) A (T_s − T_f),
  /// `SinglePhaseImmersionTank.componentState`): the coupled cells settle at it within 1e-4 K (Picard tolerance and
  /// the block's conduction).
  func testCoupledHeatSinkMatchesTheLumpedSurfaceAndBalances() throws {
    let tank = try SinglePhaseImmersionTank(
      coolant: .pao6, flow: 6e-3, supplyTemperature: 308.15, depth: 0.8, flowArea: 0.6, layers: 8, portArea: 0.005,
      components: [.init(name: "board", power: 1500, elevation: 0.1, length: 0.6, area: 0.5),
                   .init(name: "sink", power: 500, elevation: 0.3, length: 0.1, area: 0.3, surfaceEfficiency: 0.8,
                         finSpacing: 0.002)])
    let grid = RectilinearGrid(x: [0, 0.05, 0.1], y: [0, 0.05, 0.1], z: [0, 0.01, 0.02],
                               region: [Int32](repeating: 1, count: 8))
    let mesh = try FVMesh(MeshDefinition(geometry: .rectilinear(grid),
                                         regions: [RegionInfo(name: "sink", id: 1, material: "cu")]))
    var model = try ThermalModel(mesh: mesh, regionMaterials: [
      1: Material(name: "cu", conductivity: 1e5, density: 8900, specificHeat: 385, source: "test")])
    try model.addComponent(name: "sink", regionIDs: [1], power: 500, limit: nil, distribution: .volume)
    let m = model.components[0]
    let term = try ImmersionTankTerm(tank: tank, counts: [66, 1],
                                     couplings: [.init(component: 1, cells: m.cells, weights: m.fractions)])
    XCTAssertEqual(term.layerHeat.reduce(0, +), 99_000)   // the boards only: the sink's 500 W is the mesh's
    model.addTerm(term)
    let s = try SteadyThermalSolver().solve(model)
    XCTAssertEqual(s.energyBalance.sources, 500, accuracy: 1e-9)
    XCTAssertLessThan(s.energyBalance.relative, 1e-6)
    let q = try XCTUnwrap(s.termMetrics.first { $0.name == "immersion.heat_to_liquid" }).value
    XCTAssertEqual(q, 99_500, accuracy: 1e-6 * 99_500)
    let toFluid = try XCTUnwrap(s.termMetrics.first { $0.name == "immersion.sink.heat_to_fluid" }).value
    XCTAssertEqual(toFluid, 500, accuracy: 1e-6 * 500)
    // The lumped reference in the fluid the sink sees (layer 3, from the solved layers).
    let tf = s.termTemperature[3]
    let lumped = try tank.componentState(tank.components[1], fluidTemperature: tf, velocity: 6e-3 / 0.6)
    for t in s.temperature { XCTAssertEqual(t, lumped.surfaceTemperature, accuracy: 1e-4) }
  }
}
