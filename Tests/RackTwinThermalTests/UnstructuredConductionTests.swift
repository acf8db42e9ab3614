import XCTest
import RackTwinMesh
import RackTwinThermal

/// Conduction on tetrahedral and mixed meshes: the deferred non-orthogonal correction must keep second order.
final class UnstructuredConductionTests: XCTestCase {
  /// The unit cube in n³ hexahedra, split; region 1 for x < ½, region 2 above (a conductivity jump on mesh faces).
  func cube(_ n: Int, _ split: GridSpec.Split, k1: Double, k2: Double) throws -> (FVMesh, [Int32: Material]) {
    let spec = GridSpec(domainMin: .zero, domainMax: SIMD3(1, 1, 1),
                        axes: Array(repeating: GridSpec.Axis(maxCellSize: 1 / Double(n)), count: 3),
                        regions: [RegionInfo(name: "a", id: 1, material: "a"), RegionInfo(name: "b", id: 2, material: "b")],
                        boxes: [GridSpec.Box(region: "a", min: .zero, max: SIMD3(0.5, 1, 1)),
                                GridSpec.Box(region: "b", min: SIMD3(0.5, 0, 0), max: SIMD3(1, 1, 1))],
                        split: split)
    let mesh = try FVMesh(try MeshGenerator.generate(spec))
    return (mesh, [1: material("a", k: k1), 2: material("b", k: k2)])
  }

  /// The manufactured solution of `SteadyThermalSolverTests` (k₁ = 1, k₂ = 10, flux-continuous at x = ½, a Robin face
  /// at x = 1, adiabatic sides) on Kuhn tetrahedra and on the hexahedron/wedge/pyramid mesh: observed L2 order ≥ 1.9
  /// over three nested grids.
  func testManufacturedSolutionOnTetrahedraAndMixedCells() throws {
    let k1 = 1.0, k2 = 10.0, h = 50.0, e = M_E
    let d2 = exp(0.5) * (1 / k1 - 1 / k2)
    func f(_ x: Double) -> (value: Double, k: Double) { x < 0.5 ? (2 + exp(x) / k1, k1) : (2 + exp(x) / k2 + d2, k2) }
    func cc(_ p: SIMD3<Double>) -> Double { cos(.pi * p.y) * cos(.pi * p.z) }
    func exact(_ p: SIMD3<Double>) -> Double { f(p.x).value * (2 + cc(p)) }
    func source(_ p: SIMD3<Double>) -> Double {
      let (fv, k) = f(p.x)
      return -exp(p.x) * (2 + cc(p)) + 2 * .pi * .pi * k * fv * cc(p)
    }
    for (split, sizes) in [(GridSpec.Split.kuhn, [4, 8, 16]), (.mixed, [6, 12, 24])] {
      var errors: [Double] = []
      var passes: [Int] = []
      for n in sizes {
        let (mesh, mats) = try cube(n, split, k1: k1, k2: k2)
        var model = try ThermalModel(mesh: mesh, regionMaterials: mats)
        try model.setBoundary("xmin") { .temperature(exact($0)) }
        try model.setBoundary("xmax") { p in .convection(h: h, ambient: exact(p) + e * (2 + cc(p)) / h) }
        try model.addCellSource((0..<mesh.cellCount).map { source(mesh.cellCentroid[$0]) * mesh.cellVolume[$0] })
        let s = try solveChecked(model, method: .cgIC0)
        errors.append(l2Error(mesh, s.temperature, exact))
        passes.append(s.correctionIterations)
      }
      let orders = zip(errors, errors.dropFirst()).map { log2($0 / $1) }
      print("MMS \(split): cells \(sizes), L2 errors \(errors), orders \(orders), correction passes \(passes)")
      for p in orders { XCTAssertGreaterThanOrEqual(p, 1.9, "\(split): errors \(errors)") }
    }
  }

  /// Code_Aster TPLP301 (V4.03.301, "Plaque rectangulaire avec conditions aux limites sinusoïdales"): unit square,
  /// k = 1, T = sin(πx) on y = 0 and 0 on the other edges ⇒ T = sinh(π(1 − y))·sin(πx)/sinh(π); here on Kuhn
  /// tetrahedra of a one-cell-thick slab (adiabatic in z), shifted by 300 K. Centre value T(½, ½) = 0.19927 + 300 K.
  func testTPLP301SinusoidalPlateOnTetraMesh() throws {
    var errors: [Double] = []
    for n in [8, 16, 32] {
      let spec = GridSpec(domainMin: .zero, domainMax: SIMD3(1, 1, 1.0 / Double(n)),
                          axes: Array(repeating: GridSpec.Axis(maxCellSize: 1 / Double(n)), count: 3),
                          regions: [RegionInfo(name: "plate", id: 1, material: "m")],
                          boxes: [GridSpec.Box(region: "plate", min: .zero, max: SIMD3(1, 1, 1))], split: .kuhn)
      let mesh = try FVMesh(try MeshGenerator.generate(spec))
      var model = try ThermalModel(mesh: mesh, regionMaterials: [1: material("m", k: 1)])
      try model.setBoundary("ymin") { .temperature(300 + sin(.pi * $0.x)) }
      for side in ["xmin", "xmax", "ymax"] { try model.setBoundary(side, .temperature(300)) }
      try model.addProbe(name: "centre", position: SIMD3(0.5, 0.5, 0.5 / Double(n)))
      let s = try solveChecked(model, method: .cgIC0)
      errors.append(l2Error(mesh, s.temperature) { 300 + sinh(.pi * (1 - $0.y)) * sin(.pi * $0.x) / sinh(.pi) })
      if n == 32 {
        // sinh(π/2)/sinh(π) = 0.199268: the exact centre value.
        XCTAssertEqual(s.probes[0].temperature - 300, sinh(.pi / 2) / sinh(.pi), accuracy: 2e-3, "2nd-order FV at h = 1/32")
      }
    }
    let orders = zip(errors, errors.dropFirst()).map { log2($0 / $1) }
    print("TPLP301 on tetrahedra: L2 errors \(errors), orders \(orders)")
    for p in orders { XCTAssertGreaterThanOrEqual(p, 1.9) }
  }

  /// A linear field is reproduced exactly on tetrahedra (the correction makes the flux exact for linear T):
  /// T = 300 + 10x + 20y − 5z with the three components fixed on every side.
  func testLinearFieldIsExactOnTetrahedra() throws {
    let (mesh, _) = try cube(4, .kuhn, k1: 3, k2: 3)
    var model = try ThermalModel(mesh: mesh, regionMaterials: [1: material("a", k: 3), 2: material("b", k: 3)])
    for side in ["xmin", "xmax", "ymin", "ymax", "zmin", "zmax"] {
      try model.setBoundary(side) { .temperature(300 + 10 * $0.x + 20 * $0.y - 5 * $0.z) }
    }
    let s = try solveChecked(model, method: .banded)
    for c in 0..<mesh.cellCount {
      let p = mesh.cellCentroid[c]
      XCTAssertEqual(s.temperature[c], 300 + 10 * p.x + 20 * p.y - 5 * p.z, accuracy: 1e-8)
    }
    XCTAssertGreaterThan(s.correctionIterations, 1)
  }

  /// Correction passes that have not settled give an error (exit 1 in the CLI), never a result: the same linear field
  /// with two passes allowed, where it needs more (`correctionIterations` > 2 above), is refused.
  func testUnsettledCorrectionIsAnErrorNotAResult() throws {
    let (mesh, _) = try cube(4, .kuhn, k1: 3, k2: 3)
    var model = try ThermalModel(mesh: mesh, regionMaterials: [1: material("a", k: 3), 2: material("b", k: 3)])
    for side in ["xmin", "xmax", "ymin", "ymax", "zmin", "zmax"] {
      try model.setBoundary(side) { .temperature(300 + 10 * $0.x + 20 * $0.y - 5 * $0.z) }
    }
    let full = try SteadyThermalSolver(options: SolverOptions(method: .banded)).solve(model)
    XCTAssertGreaterThan(full.correctionIterations, 2)
    XCTAssertThrowsError(try SteadyThermalSolver(options: SolverOptions(method: .banded, maxCorrections: 2)).solve(model)) {
      guard case let ThermalError.correctionNotConverged(passes, changes, _) = $0 else {
        return XCTFail("expected correctionNotConverged, got \($0)")
      }
      XCTAssertEqual(passes, 2)
      XCTAssertEqual(changes.count, 2)
      XCTAssertTrue("\($0)".contains("did not settle after 2 passes"))
    }
  }

  /// Passes stopped at their limit: contracting ones with a small geometric tail are accepted, growing or stalled ones
  /// not. Tail of (2e-7, 1.8e-7, 1.6e-7) with ρ = 0.889: 1.28e-6 K, below 1e-6 of a 10 K span (1e-5 K).
  func testPassesAtTheLimitAreAcceptedOnlyWhenContracting() {
    XCTAssertTrue(SteadyThermalSolver.correctionNearlySettled([2e-7, 1.8e-7, 1.6e-7], span: 10))
    XCTAssertFalse(SteadyThermalSolver.correctionNearlySettled([2e-7, 1.8e-7, 1.6e-7], span: 0.1))  // tail 1.28e-6 > 1e-7
    XCTAssertFalse(SteadyThermalSolver.correctionNearlySettled([1e-3, 2e-3, 4e-3], span: 10))       // growing
    XCTAssertFalse(SteadyThermalSolver.correctionNearlySettled([1e-7, 1e-7, 1e-7], span: 10))       // stalled
    XCTAssertFalse(SteadyThermalSolver.correctionNearlySettled([.nan, 1, 0.5], span: 10))
  }
}

final class UnstructuredTransientTests: XCTestCase {
  /// T = 300 + 10·x·t on Kuhn tetrahedra: linear in space (the corrected fluxes are exact) and in time (implicit
  /// Euler is exact), with source ρc·10x and T fixed on x = 0 and x = 1; so the only error is the solver tolerance.
  /// Without the in-step non-orthogonal correction the two-point flux misses it by far more.
  func testLinearFieldInSpaceAndTimeIsExactOnTetrahedra() throws {
    let spec = GridSpec(domainMin: .zero, domainMax: SIMD3(1, 1, 1), axes: Array(repeating: GridSpec.Axis(maxCellSize: 0.25), count: 3),
                        regions: [RegionInfo(name: "a", id: 1, material: "m")],
                        boxes: [GridSpec.Box(region: "a", min: .zero, max: SIMD3(1, 1, 1))], split: .kuhn)
    let mesh = try FVMesh(try MeshGenerator.generate(spec))
    let m = Material(name: "m", conductivity: 2, density: 1000, specificHeat: 500, source: "test")
    var model = try ThermalModel(mesh: mesh, regionMaterials: [1: m])
    try model.setBoundary("xmin", varying: .temperature(300))
    try model.setBoundary("xmax", varying: .temperature(.expression(try Expression("300 + 10*t"))))
    try model.addVolumetricSource(name: "rate", regionIDs: nil, density: .expression(try Expression("1000*500*10*x")))
    let s = try TransientThermalSolver(options: TransientOptions(scheme: .euler, duration: 2, step: 0.5,
                                                                 linear: SolverOptions(tolerance: 1e-13)))
      .solve(model, initial: [Double](repeating: 300, count: mesh.cellCount))
    for c in 0..<mesh.cellCount {
      XCTAssertEqual(s.final.temperature[c], 300 + 10 * mesh.cellCentroid[c].x * 2, accuracy: 1e-7)
    }
    XCTAssertLessThanOrEqual(s.energyBalanceRelative, 1e-8)
  }
}
