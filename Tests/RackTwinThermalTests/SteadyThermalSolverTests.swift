import XCTest
import RackTwinMesh
import RackTwinThermal

final class SteadyThermalSolverTests: XCTestCase {
  /// Toptan, Porter, Hansen, Stierman, Kieweg (2020), "Construction of a Code Verification Matrix for Heat
  /// Conduction with Finite Element Code Applications", SAND2020-3887 R, case I.1: q''' = 1200, k = 12, L = 1,
  /// u(0) = 100, u(L) = 0 ⇒ u = 100 − 50x − 50x². Shifted by 1000 K here (the model takes absolute temperatures
  /// above 0 K; the problem is linear, so the shift changes nothing else).
  func testToptanI1SlabWithSourceAndFixedEnds() throws {
    var errors: [Double] = []
    for n in [10, 20, 40] {
      let (mesh, mats) = try boxMesh(x: uniform(n), y: uniform(2, 0.1), z: uniform(2, 0.1), materials: [material("m", k: 12)])
      var model = try ThermalModel(mesh: mesh, regionMaterials: mats)
      try model.setBoundary("xmin", .temperature(1100))
      try model.setBoundary("xmax", .temperature(1000))
      try model.addComponent(name: "slab", regionIDs: [1], power: 1200 * 0.1 * 0.1, limit: nil, distribution: .volume)
      let s = try solveChecked(model)
      errors.append(l2Error(mesh, s.temperature) { 1100 - 50 * $0.x - 50 * $0.x * $0.x })
      XCTAssertEqual(s.energyBalance.sources, 12, accuracy: 1e-12)
    }
    // Cell-centred FV is second order: the error falls 4× per halving of h.
    for (a, b) in zip(errors, errors.dropFirst()) { XCTAssertGreaterThan(log2(a / b), 1.9) }
    XCTAssertLessThan(errors.last!, 0.05, "|u| ~ 100, h = 1/40")
  }

  /// Toptan et al. (2020) case I.4 (Robin): q''' = 1200, q0 = 200 W/m² into x = 0, k = 1, h = 10, u_f = 100
  /// ⇒ u = 1040 − 200x − 600x², u(1) = 240, u(0) = 1040. Probes on both faces report the face temperatures.
  /// For this 1-D quadratic the two half-cell extrapolations (flux face and Robin face) err by the same u''h²/8 in
  /// opposite directions, so both face values are exact on any grid: a probe returning the cell value (off by
  /// |u'(0)|h/2 = 2.5 K at h = 1/40) or a wrong face extrapolation fails this.
  func testToptanI4RobinSlabProbesReadFaceTemperatures() throws {
    for n in [10, 40] {
      let (mesh, mats) = try boxMesh(x: uniform(n), y: uniform(1, 0.1), z: uniform(1, 0.1), materials: [material("m", k: 1)])
      var model = try ThermalModel(mesh: mesh, regionMaterials: mats)
      try model.setBoundary("xmin", .heatFlux(200))
      try model.setBoundary("xmax", .convection(h: 10, ambient: 100))
      try model.addComponent(name: "slab", regionIDs: [1], power: 1200 * 0.01, limit: nil, distribution: .volume)
      try model.addProbe(name: "x0", position: SIMD3(0, 0.05, 0.05))
      try model.addProbe(name: "x1", position: SIMD3(1, 0.05, 0.05))
      let s = try solveChecked(model)
      XCTAssertEqual(s.probes[1].temperature, 240, accuracy: 240 * 1e-9, "h(u(1) − u_f) = total heat fixes u(1) exactly")
      XCTAssertEqual(s.probes[0].temperature, 1040, accuracy: 1040 * 1e-9)
      // Patch means use the same face rule: exact at both ends, and each patch's area is its face's.
      let patches = Dictionary(uniqueKeysWithValues: s.patches.map { ($0.name, $0) })
      XCTAssertEqual(patches["xmax"]?.meanTemperature ?? 0, 240, accuracy: 240 * 1e-9)
      XCTAssertEqual(patches["xmin"]?.meanTemperature ?? 0, 1040, accuracy: 1040 * 1e-9)
      XCTAssertEqual(patches["xmin"]?.area ?? 0, 0.01, accuracy: 1e-15)
      XCTAssertNil(patches["void"], "patches without faces are left out")
      // Heat leaves only through the convective face: 1200·0.01 + 200·0.01 = 14 W.
      XCTAssertEqual(s.energyBalance.heatOut, 14, accuracy: 1e-9)
    }
  }

  /// Manufactured solution T = f_i(x)·g(y, z) on the unit cube with k₁ = 1 for x < ½ and k₂ = 10 for x > ½ (a jump on
  /// a mesh face), f_i = 2 + eˣ/k_i + d_i (d₁ = 0, d₂ = e^½(1/k₁ − 1/k₂): T and k∂T/∂x continuous at x = ½),
  /// g = 2 + cos πy cos πz (adiabatic sides). Source −k∇²T; T fixed at x = 0; convection (h = 50, T∞ = T + k T_x/h) at
  /// x = 1. Observed L2 order over three nested grids must be ≥ 1.9, on uniform and graded grids; a probe on the
  /// convective face (the face temperature) converges at second order too.
  func testManufacturedSolutionWithConductivityJumpAndRobinFace() throws {
    let k1 = 1.0, k2 = 10.0, h = 50.0, e = M_E
    let d2 = exp(0.5) * (1 / k1 - 1 / k2)
    func f(_ x: Double) -> (value: Double, k: Double) {
      x < 0.5 ? (2 + exp(x) / k1, k1) : (2 + exp(x) / k2 + d2, k2)
    }
    func cc(_ p: SIMD3<Double>) -> Double { cos(.pi * p.y) * cos(.pi * p.z) }
    func exact(_ p: SIMD3<Double>) -> Double { f(p.x).value * (2 + cc(p)) }
    func source(_ p: SIMD3<Double>) -> Double {
      let (fv, k) = f(p.x)
      return -exp(p.x) * (2 + cc(p)) + 2 * .pi * .pi * k * fv * cc(p)
    }
    for gradedGrid in [false, true] {
      var errors: [Double] = []
      var probeErrors: [Double] = []
      for level in 0..<3 {
        let nodes = gradedGrid ? graded(6, ratio: 1.25, split: level) : uniform(6 << level)
        let xNodes = gradedGrid ? graded(3, ratio: 1.3, split: level + 1, 0.5) + graded(3, ratio: 0.8, split: level + 1, 0.5).dropFirst().map { $0 + 0.5 }
          : uniform(6 << level)
        let (mesh, mats) = try boxMesh(x: xNodes, y: nodes, z: nodes, materials: [material("a", k: k1), material("b", k: k2)]) {
          $0.x < 0.5 ? 1 : 2
        }
        var model = try ThermalModel(mesh: mesh, regionMaterials: mats)
        try model.setBoundary("xmin") { .temperature(exact($0)) }
        try model.setBoundary("xmax") { p in .convection(h: h, ambient: exact(p) + e * (2 + cc(p)) / h) }
        try model.addCellSource((0..<mesh.cellCount).map { source(mesh.cellCentroid[$0]) * mesh.cellVolume[$0] })
        // Probes at every face centre of the convective face: the largest error must fall at second order.
        for (i, f) in mesh.patch(named: "xmax")!.faces.enumerated() {
          try model.addProbe(name: "face\(i)", position: mesh.faceCentroid[f])
        }
        let s = try solveChecked(model, method: .cgIC0)
        errors.append(l2Error(mesh, s.temperature, exact))
        probeErrors.append(s.probes.map { abs($0.temperature - exact($0.position)) }.max()!)
      }
      let orders = zip(errors, errors.dropFirst()).map { log2($0 / $1) }
      for p in orders { XCTAssertGreaterThanOrEqual(p, 1.9, "graded: \(gradedGrid), errors \(errors)") }
      let probeOrders = zip(probeErrors, probeErrors.dropFirst()).map { log2($0 / $1) }
      print("MMS graded=\(gradedGrid): L2 errors \(errors), orders \(orders); face probe errors \(probeErrors), orders \(probeOrders)")
      // Measured 1.89/1.97 (uniform) and 1.85/1.97 (graded): the coarsest grid (6 cells) is pre-asymptotic.
      XCTAssertGreaterThanOrEqual(probeOrders.min()!, 1.8, "face probes, graded: \(gradedGrid)")
      XCTAssertGreaterThanOrEqual(probeOrders.last!, 1.9, "face probes, graded: \(gradedGrid)")
    }
  }

  /// Two slabs (k = 1, each 0.5 m) with R'' = 0.5 m²K/W between them, 400 K and 300 K at the ends: the exact profile is
  /// piecewise linear with q = 100/1.5 W/m², so T = 366.67 K just left of the interface and 333.33 K just right.
  func testProbeBesideContactResistanceTakesItsOwnRegion() throws {
    let (mesh, mats) = try boxMesh(x: uniform(10), y: uniform(1), z: uniform(1),
                                   materials: [material("a", k: 1), material("b", k: 1)]) { $0.x < 0.5 ? 1 : 2 }
    var model = try ThermalModel(mesh: mesh, regionMaterials: mats)
    try model.setBoundary("xmin", .temperature(400))
    try model.setBoundary("xmax", .temperature(300))
    try model.addContactResistance(.init(regionA: 1, regionB: 2, resistance: 0.5))
    try model.addProbe(name: "left", position: SIMD3(0.5, 0.5, 0.5))
    try model.addProbe(name: "right", position: SIMD3(0.5 + 1e-12, 0.5, 0.5))
    try model.addProbe(name: "mid", position: SIMD3(0.25, 0.5, 0.5))
    let s = try solveChecked(model)
    let q = 100 / 1.5
    XCTAssertEqual(s.probes[0].temperature, 400 - q * 0.5, accuracy: 1e-8)
    XCTAssertEqual(s.probes[1].temperature, 400 - q * 1.0, accuracy: 1e-8)
    XCTAssertEqual(s.probes[2].temperature, 400 - q * 0.25, accuracy: 1e-8)
    XCTAssertEqual(s.energyBalance.heatIn, q, accuracy: 1e-9)
  }

  /// FR-4 (Azar & Graebner: 0.29 W/m/K through the plane, z): 1 m² slab, 1 mm thick, 10 W through it ⇒ ΔT = qL/k_z =
  /// 10·0.001/0.29 = 0.034483 K (the in-plane 0.81 must not be used).
  func testAnisotropicBoardConductsThroughPlaneWithItsOwnConductivity() throws {
    let fr4 = try XCTUnwrap(MaterialLibrary.builtIn["fr4"])
    let (mesh, mats) = try boxMesh(x: uniform(2), y: uniform(2), z: uniform(8, 0.001), materials: [fr4])
    var model = try ThermalModel(mesh: mesh, regionMaterials: mats)
    try model.setBoundary("zmin", .heatFlux(10))
    try model.setBoundary("zmax", .temperature(300))
    try model.addProbe(name: "bottom", position: SIMD3(0.5, 0.5, 0))
    let s = try solveChecked(model)
    XCTAssertEqual(s.probes[0].temperature - 300, 10 * 0.001 / 0.29, accuracy: 1e-10)
  }

  /// Banded LAPACK Cholesky, IC(0)-, Jacobi- and AMG-CG solve the same heterogeneous system (copper 401 / air 0.0263 W/m/K,
  /// a 15,000:1 jump) to 1e-9.
  func testBandedAndPreconditionedCGAgree() throws {
    let lib = MaterialLibrary.builtIn
    let (mesh, mats) = try boxMesh(x: uniform(12, 0.05), y: uniform(10, 0.05), z: uniform(8, 0.02),
                                   materials: [lib["copper"]!, lib["air"]!, lib["silicon"]!]) { p in
      p.z < 0.005 ? 2 : (p.x > 0.02 && p.x < 0.03 ? 3 : 1)
    }
    var model = try ThermalModel(mesh: mesh, regionMaterials: mats)
    try model.setBoundary("zmax", .convection(h: 5000, ambient: 308.15))
    try model.setBoundary("zmin", .temperature(300))
    try model.addComponent(name: "chip", regionIDs: [3], power: 500, limit: 363.15, distribution: .volume)
    let banded = try solveChecked(model, method: .banded)
    let cg = try solveChecked(model, method: .cgIC0, tolerance: 1e-13)
    let jac = try solveChecked(model, method: .cgJacobi, tolerance: 1e-13)
    let amg = try solveChecked(model, method: .cgAMG, tolerance: 1e-13)
    for c in 0..<mesh.cellCount {
      XCTAssertEqual(cg.temperature[c], banded.temperature[c], accuracy: 1e-9 * banded.temperature[c])
      XCTAssertEqual(jac.temperature[c], banded.temperature[c], accuracy: 1e-9 * banded.temperature[c])
      XCTAssertEqual(amg.temperature[c], banded.temperature[c], accuracy: 1e-9 * banded.temperature[c])
    }
    XCTAssertEqual(banded.report.method, "banded-cholesky")
    XCTAssertGreaterThan(cg.report.iterations, 0)
  }

  func testPowerWithNoThermalPathNamesTheRegion() throws {
    // Region 2 sits alone in void-free contact only with itself: an island separated by region 3... simpler: make the
    // heated block touch nothing but adiabatic faces by giving the boundary condition to a disconnected block.
    var region = [Int32](repeating: 1, count: 4)
    region[1] = 0
    region[2] = 0
    region[3] = 2
    let grid = RectilinearGrid(x: [0, 1, 2], y: [0, 1, 2], z: [0, 1], region: region)
    let mesh = try FVMesh(MeshDefinition(geometry: .rectilinear(grid), regions: [
      RegionInfo(name: "sink", id: 1, material: "m"), RegionInfo(name: "die", id: 2, material: "m")]))
    var model = try ThermalModel(mesh: mesh, regionMaterials: [1: material("m", k: 1), 2: material("m", k: 1)])
    try model.setBoundary("xmin", .temperature(300))
    try model.addComponent(name: "gpu", regionIDs: [2], power: 50, limit: nil, distribution: .volume)
    XCTAssertThrowsError(try SteadyThermalSolver().solve(model)) { error in
      let text = "\(error)"
      XCTAssertTrue(text.contains("region die") && text.contains("50 W") && text.contains("no steady state"), text)
    }
  }

  func testNonConvergenceReportsTheResidualReached() throws {
    let (mesh, mats) = try boxMesh(x: uniform(20), y: uniform(20), z: uniform(4), materials: [material("m", k: 1)])
    var model = try ThermalModel(mesh: mesh, regionMaterials: mats)
    try model.setBoundary("xmin", .temperature(300))
    try model.addComponent(name: "c", regionIDs: [1], power: 10, limit: nil, distribution: .volume)
    let solver = SteadyThermalSolver(options: SolverOptions(method: .cgJacobi, tolerance: 1e-12, maxIterations: 3))
    XCTAssertThrowsError(try solver.solve(model)) { error in
      guard case ThermalError.notConverged(let report) = error else { return XCTFail("\(error)") }
      XCTAssertEqual(report.iterations, 3)
      XCTAssertTrue("\(error)".contains("did not converge: relative residual"), "\(error)")
    }
  }
}
