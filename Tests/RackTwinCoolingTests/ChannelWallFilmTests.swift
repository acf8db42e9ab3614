import RackTwinCooling
import RackTwinMesh
import RackTwinThermal
import XCTest

/// Holds the given cells at a temperature through a large conductance: stands in for the coolant's bulk temperature
/// (the advection term is not part of these tests).
struct BulkTemperatureTerm: ThermalTerm {
  var cells: [Int]
  var temperature: Double
  var conductance = 1e7
  let name = "bulk"

  func assemble(into a: inout SystemAssembly, _ context: TermContext) {
    for c in cells {
      a.addDiagonal(c, conductance)
      a.addSource(c, conductance * (temperature - a.referenceTemperature))
    }
  }

  func heatStreams(_ context: TermContext) -> [HeatStream] {
    [HeatStream(name: "bulk", heatIn: cells.reduce(0) { $0 + conductance * (temperature - context.temperature[$1]) })]
  }

  func anchoredUnknowns(_ context: TermContext) -> [Int] { cells }
}

final class ChannelWallFilmTests: XCTestCase {
  let solid = RegionInfo(name: "block", id: 1, kind: .solid, material: "copper")
  let fluid = RegionInfo(name: "channel", id: 2, kind: .fluid, material: "water")
  let copper = Material(name: "copper", conductivity: 390, density: 8930, specificHeat: 385, source: "test")
  let water = Material(name: "water", conductivity: 0.6, density: 997, specificHeat: 4180, source: "test")
  // Constant properties: ρ 997 kg/m³, μ 8.9e-4 Pa·s, c_p 4180 J/(kg·K), k 0.6 W/(m·K).
  let props = try! testCoolant.properties(at: 300)

  /// Fully developed laminar flow in a 1 mm square channel gives h = Nu_T k/D_h with Nu_T = 2.976 (Shah & London
  /// 1978, Table 44; tolerance 0.2 %, the polynomial fit's accuracy).
  func testLaminarSquareDuctCoefficientIsShahLondon() throws {
    let film = try ChannelWallFilm(shape: .rectangular(aspectRatio: 1), hydraulicDiameter: 1e-3, flowArea: 1e-6)
    let c = film.coefficient(massFlow: 500 * 8.9e-4 * 1e-3, properties: props)
    XCTAssertEqual(c.reynolds, 500, accuracy: 1e-9)
    XCTAssertEqual(c.regime, .laminar)
    XCTAssertEqual(c.h, 2.976 * 0.6 / 1e-3, accuracy: 0.002 * 2.976 * 0.6 / 1e-3)
    let h1 = try ChannelWallFilm(shape: .circular, hydraulicDiameter: 1e-3, flowArea: 7.85e-7, condition: .uniformHeatInput)
    XCTAssertEqual(h1.nusselt(reynolds: 100, prandtl: 6).nusselt, 48.0 / 11, accuracy: 1e-12)
  }

  /// The regimes join: Gnielinski's interpolation (Gnielinski 2013) equals the laminar value at Re = 2300 and the
  /// turbulent one at 10⁴ (to 1e-6 relative across the switch); the laminar branch with a heated length is the
  /// developing mean (VDI G1) and above Nu_∞.
  func testRegimesAreContinuous() throws {
    let film = try ChannelWallFilm(shape: .rectangular(aspectRatio: 0.5), hydraulicDiameter: 2e-3, flowArea: 6e-6,
                                   heatedLength: 0.1)
    for (re, below, above) in [(2300.0, ChannelWallFilm.Regime.laminar, ChannelWallFilm.Regime.transitional),
                               (1e4, .transitional, .turbulent)] {
      let lo = film.nusselt(reynolds: re * (1 - 1e-9), prandtl: 6), hi = film.nusselt(reynolds: re, prandtl: 6)
      XCTAssertEqual(lo.regime, below)
      XCTAssertEqual(hi.regime, above)
      XCTAssertEqual(lo.nusselt, hi.nusselt, accuracy: 1e-6 * hi.nusselt, "Re \(re)")
    }
    let turbulent = film.nusselt(reynolds: 2e4, prandtl: 5).nusselt
    XCTAssertEqual(turbulent, nusseltGnielinski(reynolds: 2e4, prandtl: 5) * (1 + pow(2e-3 / 0.1, 2.0 / 3)),
                   accuracy: 1e-12 * turbulent)
    let laminar = film.nusselt(reynolds: 1000, prandtl: 6).nusselt
    XCTAssertEqual(laminar, nusseltLaminarDevelopingMean(fullyDeveloped: nusseltLaminarRectangularT(aspectRatio: 0.5),
                                                         graetz: 1000 * 6 * 2e-3 / 0.1), accuracy: 1e-12)
    XCTAssertGreaterThan(laminar, 3.391)
  }

  /// One solid cell and one coarse-channel cell between two fixed temperatures (x = 0 at T_s, x = 2d at T_e):
  /// series resistances d/(k_s A) (the solid cell, two half cells) + 1/(hA) (the film instead of the fluid's half
  /// cell) + (d/2)/(k_f A) (the fluid's other half cell to the far boundary), so Q = (T_s − T_e)/R in closed form;
  /// and the wall heat flux equals h A (T_wall − T_fluid) with T_wall = T_s − Q d/(k_s A). Tolerance 1e-10.
  func testFilmReplacesFluidHalfCellInSeriesPath() throws {
    let d = 1e-3, area = 1e-6
    let mesh = try regionMesh(x: nodes(2, 2 * d), y: nodes(1, d), z: nodes(1, d), regions: [solid, fluid]) {
      $0.x < d ? 1 : 2
    }
    var model = try ThermalModel(mesh: mesh, regionMaterials: [1: copper, 2: water])
    let region = try FlowRegion(mesh: mesh, regions: ["channel"], inlet: "ymin", outlet: "ymax")
    let film = try ChannelWallFilm(shape: .rectangular(aspectRatio: 1), hydraulicDiameter: d, flowArea: area)
    let h = film.coefficient(massFlow: 1e-4, properties: props).h
    let walls = try ChannelWallFilm.apply(coefficient: h, to: &model, region: region)
    XCTAssertEqual(walls, 1)
    let ts = 350.0, te = 300.0
    try model.setBoundary("xmin", .temperature(ts))
    try model.setBoundary("xmax", .temperature(te))
    let s = try SteadyThermalSolver(options: SolverOptions(tolerance: 1e-13)).solve(model)
    let r = d / (390 * area) + 1 / (h * area) + (d / 2) / (0.6 * area)
    let q = (ts - te) / r
    let tWall = ts - q * d / (390 * area)
    let tFluid = te + q * (d / 2) / (0.6 * area)
    XCTAssertEqual(s.temperature[1], tFluid, accuracy: 1e-10 * ts)
    XCTAssertEqual(h * area * (tWall - s.temperature[1]), q, accuracy: 1e-10 * q)
    XCTAssertEqual(s.temperature[0], ts - q * (d / 2) / (390 * area), accuracy: 1e-10 * ts)
  }

  /// A coarse square channel (one 1 mm cell across) along z through a 5 × 5 × 10 copper block heated from below
  /// (2 W through ymin), coolant at a bulk temperature of 300 K: every watt crosses the channel's 40 wall faces, and
  /// the heat through them equals Σ h A (T_wall − T_bulk) with h = 2.976 k_f/D_h (Shah & London 1978) and T_wall the
  /// wall temperature on the solid side, T_wall = T_solid − (heat) d/(k_s A). The sum over faces is checked against
  /// the 2 W (1e-6: the bulk term's finite conductance); with the fluid's half cell instead of the film the heat
  /// through the walls would differ by 30 %, so the assertion tests that the film is in the assembled system.
  func testCoarseChannelInBlockWallHeatFluxIsCorrelationH() throws {
    let d = 1e-3
    let mesh = try regionMesh(x: nodes(5, 5 * d), y: nodes(5, 5 * d), z: nodes(10, 0.02), regions: [solid, fluid]) {
      abs($0.x - 2.5 * d) < d / 2 && abs($0.y - 2.5 * d) < d / 2 ? 2 : 1
    }
    let region = try FlowRegion(mesh: mesh, regions: ["channel"], inlet: "zmin", outlet: "zmax")
    var model = try ThermalModel(mesh: mesh, regionMaterials: [1: copper, 2: water])
    let film = try ChannelWallFilm(shape: .rectangular(aspectRatio: 1), hydraulicDiameter: d, flowArea: d * d)
    let c = film.coefficient(massFlow: 3e-4, properties: props)
    let walls = try ChannelWallFilm.apply(coefficient: c.h, to: &model, region: region)
    XCTAssertEqual(walls, 40)
    let power = 2.0, bottom = 5 * d * 0.02
    try model.setBoundary("ymin", .heatFlux(power / bottom))
    model.addTerm(BulkTemperatureTerm(cells: region.cells, temperature: 300))
    let s = try SteadyThermalSolver(options: SolverOptions(tolerance: 1e-13)).solve(model)

    let h = 2.976 * 0.6 / d, faceArea = d * 0.002, halfCell = d / 2
    var total = 0.0
    for (f, fluidCell) in ChannelWallFilm.wallFaces(mesh: mesh, region: region) {
      let solidCell = Int(mesh.faceOwner[f]) == fluidCell ? Int(mesh.faceNeighbour[f]) : Int(mesh.faceOwner[f])
      let ts = s.temperature[solidCell], tb = s.temperature[fluidCell]
      // Heat through the face from the solid side: in series, solid half cell then film.
      let heat = (ts - tb) / (halfCell / (390 * faceArea) + 1 / (h * faceArea))
      let tWall = ts - heat * halfCell / (390 * faceArea)
      total += h * faceArea * (tWall - tb)
    }
    XCTAssertEqual(total, power, accuracy: 0.002 * power)  // h from the fit within 0.2 % of the table's 2.976
    // With the model's own h, the sum is the 2 W to the bulk term's conductance.
    var exact = 0.0
    for (f, fluidCell) in ChannelWallFilm.wallFaces(mesh: mesh, region: region) {
      let solidCell = Int(mesh.faceOwner[f]) == fluidCell ? Int(mesh.faceNeighbour[f]) : Int(mesh.faceOwner[f])
      exact += (s.temperature[solidCell] - s.temperature[fluidCell]) / (halfCell / (390 * faceArea) + 1 / (c.h * faceArea))
    }
    XCTAssertEqual(exact, power, accuracy: 1e-6 * power)
  }

  /// Film resistances are checked: an internal face, a cell on it, a positive value.
  func testFilmResistanceInputIsChecked() throws {
    let mesh = try regionMesh(x: nodes(2, 2e-3), y: nodes(1, 1e-3), z: nodes(1, 1e-3), regions: [solid, fluid]) {
      $0.x < 1e-3 ? 1 : 2
    }
    var model = try ThermalModel(mesh: mesh, regionMaterials: [1: copper, 2: water])
    XCTAssertThrowsError(try model.setFilmResistance(1e-3, face: mesh.internalFaceCount, cell: 0))
    XCTAssertThrowsError(try model.setFilmResistance(0, face: 0, cell: 0))
    let region = try FlowRegion(mesh: mesh, regions: ["channel"], inlet: "ymin", outlet: "ymax")
    assertCoolingError(["region channel wall heat transfer", "> 0 W/(m²·K)"]) {
      try ChannelWallFilm.apply(coefficient: 0, to: &model, region: region)
    }
  }
}
