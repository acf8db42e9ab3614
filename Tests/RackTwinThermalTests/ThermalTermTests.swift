import XCTest
import RackTwinMesh
import RackTwinNumerics
import RackTwinThermal

/// A volumetric heat exchange q''' = −H (T − T∞) over every cell, written in the test target through the
/// `ThermalTerm` protocol alone: the pin-fin equation k T'' = H (T − T∞).
struct VolumetricExchangeTerm: ThermalTerm {
  /// W/(m³·K).
  var coefficient: Double
  /// K.
  var ambient: Double
  let name = "exchange"

  func assemble(into a: inout SystemAssembly, _ context: TermContext) {
    for c in 0..<context.mesh.cellCount {
      let g = coefficient * context.mesh.cellVolume[c]
      a.addDiagonal(c, g)
      a.addSource(c, g * (ambient - a.referenceTemperature))
    }
  }

  func heatStreams(_ context: TermContext) -> [HeatStream] {
    var q = 0.0
    for c in 0..<context.mesh.cellCount {
      q += coefficient * context.mesh.cellVolume[c] * (ambient - context.temperature[c])
    }
    return [HeatStream(name: "to ambient", heatIn: q)]
  }

  func metrics(_ context: TermContext) -> [TermMetric] {
    [TermMetric(name: "heat", value: -heatStreams(context)[0].heatIn, units: "W")]
  }

  func anchoredUnknowns(_ context: TermContext) -> [Int] { Array(0..<context.mesh.cellCount) }
}

/// One lumped node of its own (an unknown beside the cells) exchanging heat with every cell through a conductance
/// per volume, and with a fixed sink through `sinkConductance`: tests own unknowns and declared entries.
struct LumpedNodeTerm: ThermalTerm {
  var cellConductance: Double  // W/(m³·K)
  var sinkConductance: Double  // W/K
  var sinkTemperature: Double  // K
  let name = "node"
  var unknownCount: Int { 1 }

  func matrixEntries(_ context: TermContext) -> [SystemEntry] {
    let node = context.firstUnknown
    return (0..<context.mesh.cellCount).flatMap {
      [SystemEntry(row: $0, column: node), SystemEntry(row: node, column: $0)]
    }
  }

  func assemble(into a: inout SystemAssembly, _ context: TermContext) {
    let node = context.firstUnknown
    for c in 0..<context.mesh.cellCount {
      let g = cellConductance * context.mesh.cellVolume[c]
      a.addDiagonal(c, g)
      a.addDiagonal(node, g)
      a.add(-g, row: c, column: node)
      a.add(-g, row: node, column: c)
    }
    a.addDiagonal(node, sinkConductance)
    a.addSource(node, sinkConductance * (sinkTemperature - a.referenceTemperature))
  }

  func heatStreams(_ context: TermContext) -> [HeatStream] {
    [HeatStream(name: "sink", heatIn: sinkConductance * (sinkTemperature - context.temperature[context.firstUnknown]))]
  }

  func anchoredUnknowns(_ context: TermContext) -> [Int] { [context.firstUnknown] }
}

final class ThermalTermTests: XCTestCase {
  /// Pin-fin equation with both ends at T₀: θ(x) = θ₀ cosh(m(x − L/2)) / cosh(mL/2), m² = H/k (Incropera et al.,
  /// *Fundamentals of Heat and Mass Transfer*, 7th ed., §3.6.2, the fin equation with the volumetric form of its
  /// loss); heat leaving through the term 2 k A θ₀ m tanh(mL/2).
  func testVolumetricSinkFromTestTargetMatchesPinFinClosedForm() throws {
    let k = 10.0, h = 4000.0, t0 = 350.0, tInf = 300.0, length = 0.1, area = 1e-4
    let (mesh, materials) = try boxMesh(x: uniform(200, length), y: uniform(1, 0.01), z: uniform(1, 0.01),
                                        materials: [material("m", k: k)])
    var model = try ThermalModel(mesh: mesh, regionMaterials: materials)
    try model.setBoundary("xmin", .temperature(t0))
    try model.setBoundary("xmax", .temperature(t0))
    model.addTerm(VolumetricExchangeTerm(coefficient: h, ambient: tInf))
    XCTAssertTrue(model.allTerms.contains { $0.name == "exchange" })
    let s = try solveChecked(model)
    let m = (h / k).squareRoot()
    let error = l2Error(mesh, s.temperature) { p in tInf + (t0 - tInf) * cosh(m * (p.x - length / 2)) / cosh(m * length / 2) }
    // Second-order FV at h = L/200 with mL = 2: error ≈ θ₀ (mh)²/12 ≈ 4e-5 K; 1e-3 K leaves room and fails on a wrong sign or a lost term.
    XCTAssertLessThan(error, 1e-3)
    let exactHeat = 2 * k * area * (t0 - tInf) * m * tanh(m * length / 2)
    XCTAssertEqual(s.energyBalance.streams.count, 1)
    XCTAssertEqual(s.energyBalance.streams[0].name, "exchange.to ambient")
    // The heat the term takes equals what the two fixed faces give (energy balance) and the closed form (1e-3: discretisation).
    XCTAssertEqual(-s.energyBalance.streams[0].heatIn, exactHeat, accuracy: 1e-3 * exactHeat)
    let faces = s.energyBalance.perPatch.filter { $0.patch == "xmin" || $0.patch == "xmax" }.map(\.heatIn).reduce(0, +)
    XCTAssertEqual(faces, -s.energyBalance.streams[0].heatIn, accuracy: 1e-9 * exactHeat)
    XCTAssertEqual(s.termMetrics.first?.name, "exchange.heat")
  }

  /// A term with an unknown of its own: a lumped node linked to every cell and to a sink, with a uniform source in
  /// the cells and adiabatic faces. The node must carry all the power to the sink: T_node = T_sink + P/G_sink, and
  /// every cell sits at T_node + q'''/g (uniform), so the cells are not "without a thermal path".
  func testTermWithOwnUnknownCarriesTheHeatToItsSink() throws {
    let (mesh, materials) = try boxMesh(x: uniform(6, 0.06), y: uniform(3, 0.03), z: uniform(2, 0.02),
                                        materials: [material("m", k: 5)])
    var model = try ThermalModel(mesh: mesh, regionMaterials: materials)
    let volume = 0.06 * 0.03 * 0.02, qv = 2e5
    try model.addVolumetricSource(name: "heat", regionIDs: nil, density: .constant(qv))
    let g = 1e5, gSink = 3.0, tSink = 290.0
    model.addTerm(LumpedNodeTerm(cellConductance: g, sinkConductance: gSink, sinkTemperature: tSink))
    XCTAssertEqual(model.unknownCount, mesh.cellCount + 1)
    let s = try solveChecked(model)
    let power = qv * volume
    XCTAssertEqual(s.termTemperature.count, 1)
    XCTAssertEqual(s.termTemperature[0], tSink + power / gSink, accuracy: 1e-8 * power / gSink)
    for t in s.temperature { XCTAssertEqual(t, tSink + power / gSink + qv / g, accuracy: 1e-7) }
    XCTAssertEqual(-s.energyBalance.heatOut, -power, accuracy: 1e-9 * power)
  }

  /// Without the term the same block has no path for its heat; the protocol's anchors are what makes the difference.
  func testModelWithoutAnchoringTermHasNoThermalPath() throws {
    let (mesh, materials) = try boxMesh(x: uniform(4), y: uniform(1), z: uniform(1), materials: [material("m", k: 5)])
    var model = try ThermalModel(mesh: mesh, regionMaterials: materials)
    try model.addVolumetricSource(name: "heat", regionIDs: nil, density: .constant(1e3))
    XCTAssertThrowsError(try SteadyThermalSolver().solve(model)) { error in
      guard case ThermalError.noThermalPath = error else { return XCTFail("\(error)") }
    }
  }
}
