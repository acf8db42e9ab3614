import XCTest
import Foundation
import RackTwinMesh
import RackTwinThermal

/// Diagonal anisotropic conductivity on unstructured meshes: the face flux is (K∇T)·n A, its part along the face (the
/// flux of K n minus its normal component) included through the deferred correction.
final class AnisotropicConductionTests: XCTestCase {
  func anisotropic(_ name: String, _ k: SIMD3<Double>) -> Material {
    Material(name: name, conductivity: k, density: 1000, specificHeat: 1000, source: "test")
  }

  /// The unit cube in n³ hexahedra, split; region 1 for x < ½, region 2 above (the interface on mesh faces).
  func cube(_ n: Int, _ split: GridSpec.Split) throws -> MeshDefinition {
    let spec = GridSpec(domainMin: .zero, domainMax: SIMD3(1, 1, 1),
                        axes: Array(repeating: GridSpec.Axis(maxCellSize: 1 / Double(n)), count: 3),
                        regions: [RegionInfo(name: "a", id: 1, material: "a"), RegionInfo(name: "b", id: 2, material: "b")],
                        boxes: [GridSpec.Box(region: "a", min: .zero, max: SIMD3(0.5, 1, 1)),
                                GridSpec.Box(region: "b", min: SIMD3(0.5, 0, 0), max: SIMD3(1, 1, 1))],
                        split: split)
    return try MeshGenerator.generate(spec)
  }

  /// The unit cube in n³ hexahedra listed as unstructured cells (VTK order), one region, with the six side patches:
  /// an orthogonal mesh that is not a grid.
  func unstructuredHexahedra(_ n: Int) -> MeshDefinition {
    let m = n + 1
    var points: [SIMD3<Double>] = []
    for k in 0...n { for j in 0...n { for i in 0...n { points.append(SIMD3(Double(i), Double(j), Double(k)) / Double(n)) } } }
    func p(_ i: Int, _ j: Int, _ k: Int) -> Int64 { Int64((k * m + j) * m + i) }
    var connectivity: [Int64] = [], offsets: [Int64] = [0]
    var sides: [String: [CellFace]] = [:]
    for k in 0..<n {
      for j in 0..<n {
        for i in 0..<n {
          let c = (k * n + j) * n + i
          connectivity += [p(i, j, k), p(i + 1, j, k), p(i + 1, j + 1, k), p(i, j + 1, k),
                           p(i, j, k + 1), p(i + 1, j, k + 1), p(i + 1, j + 1, k + 1), p(i, j + 1, k + 1)]
          offsets.append(Int64(connectivity.count))
          // vtkHexahedron's local faces: 0 x−, 1 x+, 2 y−, 3 y+, 4 z−, 5 z+.
          for (name, local, onSide) in [("xmin", 0, i == 0), ("xmax", 1, i == n - 1), ("ymin", 2, j == 0),
                                        ("ymax", 3, j == n - 1), ("zmin", 4, k == 0), ("zmax", 5, k == n - 1)] where onSide {
            sides[name, default: []].append(CellFace(cell: c, localFace: local))
          }
        }
      }
    }
    let cells = UnstructuredCells(points: points, connectivity: connectivity, offsets: offsets,
                                  types: [UInt8](repeating: VTKCellType.hexahedron.rawValue, count: n * n * n),
                                  region: [Int32](repeating: 1, count: n * n * n))
    return MeshDefinition(geometry: .unstructured(cells), regions: [RegionInfo(name: "a", id: 1, material: "a")],
                          patches: sides.sorted { $0.key < $1.key }.map { MeshPatch(name: $0.key, faces: $0.value) })
  }

  /// The definition with every point moved by `map` (unstructured meshes).
  func mapped(_ definition: MeshDefinition, _ map: (SIMD3<Double>) -> SIMD3<Double>) -> MeshDefinition {
    guard case .unstructured(var cells) = definition.geometry else { preconditionFailure("unstructured only") }
    cells.points = cells.points.map(map)
    var result = definition
    result.geometry = .unstructured(cells)
    return result
  }

  /// Heat into the domain through a patch (W), from the solution's energy balance.
  func heatIn(_ s: ThermalSolution, _ patch: String) -> Double {
    s.energyBalance.perPatch.first { $0.patch == patch }!.heatIn
  }

  static let sides = ["xmin", "xmax", "ymin", "ymax", "zmin", "zmax"]

  /// Largest |T − exact| over the cells, and the tolerance for a field the scheme reproduces exactly: 1e-8 of the
  /// exact field's span over the cells. The correction passes stop when no cell changes by more than 1e-10 of the
  /// span, and CG at 1e-12: the factor 100 covers the remaining error of a contracting iteration (change·ρ/(1 − ρ)
  /// with ρ up to about 0.99).
  func cellError(_ mesh: FVMesh, _ s: ThermalSolution, _ exact: (SIMD3<Double>) -> Double) -> (error: Double, tolerance: Double) {
    var worst = 0.0, lo = Double.infinity, hi = -Double.infinity
    for c in 0..<mesh.cellCount {
      let e = exact(mesh.cellCentroid[c])
      worst = max(worst, abs(s.temperature[c] - e))
      lo = min(lo, e)
      hi = max(hi, e)
    }
    return (worst, 1e-8 * (hi - lo))
  }

  /// The case of issue 12: K = diag(10, 1, 1), T = 300 + 10x + 10y imposed on every side of the unit cube. The heat
  /// through x = 0 is (K∇T)·(−x̂)·A = −10·10 W = −100 W exactly; the two-point flux alone gave −60.4, −60.0 and
  /// −59.8 W on 384, 3,072 and 24,576 Kuhn tetrahedra and −81.3 W on mixed cells. A linear field must come out
  /// exact on any mesh: tolerance 1e-8 relative (the correction passes stop at 1e-10 of the span, CG at 1e-12).
  func testLinearFieldHeatThroughXMinOnKuhnAndMixedCells() throws {
    let k = SIMD3<Double>(10, 1, 1)
    func exact(_ p: SIMD3<Double>) -> Double { 300 + 10 * p.x + 10 * p.y }
    for (split, n) in [(GridSpec.Split.kuhn, 4), (.kuhn, 8), (.kuhn, 16), (.mixed, 6), (.mixed, 12)] {
      let mesh = try FVMesh(try cube(n, split))
      var model = try ThermalModel(mesh: mesh, regionMaterials: [1: anisotropic("a", k), 2: anisotropic("b", k)])
      for side in Self.sides { try model.setBoundary(side) { .temperature(exact($0)) } }
      let s = try solveChecked(model, method: .cgIC0)
      print("K = diag(10, 1, 1), \(split) \(mesh.cellCount) cells: heat in at x = 0 \(heatIn(s, "xmin")) W, "
            + "\(s.correctionIterations) correction passes")
      XCTAssertEqual(heatIn(s, "xmin"), -100, accuracy: 100 * 1e-8, "\(split), \(mesh.cellCount) cells")
      XCTAssertEqual(heatIn(s, "xmax"), 100, accuracy: 100 * 1e-8, "\(split), \(mesh.cellCount) cells")
      XCTAssertEqual(heatIn(s, "ymin"), -10, accuracy: 10 * 1e-8, "\(split), \(mesh.cellCount) cells")
      let (worst, tolerance) = cellError(mesh, s, exact)
      XCTAssertLessThanOrEqual(worst, tolerance, "\(split), \(mesh.cellCount) cells: cell temperatures")
      XCTAssertGreaterThan(s.correctionIterations, 0)
    }
  }

  /// Piecewise-linear fields across a material interface with a contact resistance: K₁ = diag(10, 1, 1) for x < ½,
  /// K₂ = diag(2, 5, 0.5) above, R'' = 0.01 m²K/W on x = ½. T₁ = 300 + 10x + 10y − 5z; flux continuity
  /// k₁ₓ∂T₁/∂x = k₂ₓ∂T₂/∂x gives ∂T₂/∂x = 50, the tangential gradient is shared, and T jumps by R''·k₁ₓ·10 = 1 K
  /// (heat flows towards −x): T₂ = T₁(½, y, z) + 1 + 50(x − ½). Every boundary type with a normal flux taken from the
  /// exact field: T on x = 0 and the z sides, convection on x = 1 and y = 1, heat flux on y = 0. Exact to solver
  /// tolerance on Kuhn tetrahedra and mixed cells, with the other diagonal K.
  func testPiecewiseLinearFieldAcrossAnAnisotropicJumpWithContactResistance() throws {
    let k1 = SIMD3<Double>(10, 1, 1), k2 = SIMD3<Double>(2, 5, 0.5), r = 0.01, h = 50.0
    func gradient(_ p: SIMD3<Double>) -> SIMD3<Double> { p.x < 0.5 ? SIMD3(10, 10, -5) : SIMD3(50, 10, -5) }
    func exact(_ p: SIMD3<Double>) -> Double {
      let t1 = 300 + 10 * min(p.x, 0.5) + 10 * p.y - 5 * p.z
      return p.x < 0.5 ? t1 : t1 + r * k1.x * 10 + 50 * (p.x - 0.5)
    }
    func kOf(_ p: SIMD3<Double>) -> SIMD3<Double> { p.x < 0.5 ? k1 : k2 }
    for (split, n) in [(GridSpec.Split.kuhn, 4), (.kuhn, 8), (.mixed, 6)] {
      let mesh = try FVMesh(try cube(n, split))
      var model = try ThermalModel(mesh: mesh, regionMaterials: [1: anisotropic("a", k1), 2: anisotropic("b", k2)])
      try model.addContactResistance(.init(regionA: 1, regionB: 2, resistance: r))
      for side in ["xmin", "zmin", "zmax"] { try model.setBoundary(side) { .temperature(exact($0)) } }
      // Robin: −(K∇T)·n = h(T − T∞) ⇒ T∞ = T + (K∇T)·n/h, n the outward normal.
      try model.setBoundary("xmax") { p in .convection(h: h, ambient: exact(p) + (kOf(p) * gradient(p)).x / h) }
      try model.setBoundary("ymax") { p in .convection(h: h, ambient: exact(p) + (kOf(p) * gradient(p)).y / h) }
      // Heat into the domain through y = 0 (outward normal −ŷ): (K∇T)·(−ŷ)… entering is −q·n = (K∇T)·n.
      try model.setBoundary("ymin") { p in .heatFlux(-(kOf(p) * gradient(p)).y) }
      let s = try solveChecked(model, method: .cgIC0)
      let (worst, tolerance) = cellError(mesh, s, exact)
      print("jump + contact, \(split) \(mesh.cellCount) cells: max error \(worst) K, heat in at x = 0 "
            + "\(heatIn(s, "xmin")) W, \(s.correctionIterations) passes")
      XCTAssertLessThanOrEqual(worst, tolerance, "\(split), \(mesh.cellCount) cells")
      // x = 0: (K₁∇T)·(−x̂) = −100 W/m²; x = 1: (K₂∇T)·x̂ = 100 W/m² (the same heat leaves through x = 0).
      XCTAssertEqual(heatIn(s, "xmin"), -100, accuracy: 100 * 1e-8)
      XCTAssertEqual(heatIn(s, "xmax"), 100, accuracy: 100 * 1e-8)
      // y = 1: (K∇T)·ŷ = 1·10 on half the face, 5·10 on the other half: 30 W.
      XCTAssertEqual(heatIn(s, "ymax"), 30, accuracy: 30 * 1e-8)
    }
  }

  /// A sheared cube (x' = x + 0.3y, y' = y + 0.2z) of Kuhn tetrahedra: no boundary face is aligned with the axes, so
  /// K n has a part along every face there too. K = diag(10, 1, 1) and T = 300 + 3x + 100y, chosen so that
  /// (K∇T)·n = 10·3 − 0.3·100 = 0 on the sheared x sides, normal ∝ (1, −0.3, 0.06): those sides are adiabatic and the
  /// gradient fit must take the zero flux along the conormal K n, not along n. The other sides: T, convection and heat
  /// flux from the exact field. Exact to solver tolerance.
  func testLinearFieldOnAShearedMeshWithEveryBoundaryType() throws {
    let k = SIMD3<Double>(10, 1, 1), h = 20.0, g = SIMD3<Double>(3, 100, 0)
    func exact(_ p: SIMD3<Double>) -> Double { 300 + (g * p).sum() }
    let mesh = try FVMesh(mapped(try cube(6, .kuhn)) { SIMD3($0.x + 0.3 * $0.y, $0.y + 0.2 * $0.z, $0.z) })
    var model = try ThermalModel(mesh: mesh, regionMaterials: [1: anisotropic("a", k), 2: anisotropic("b", k)])
    let q = k * g  // −(heat flux vector)
    let nY = SIMD3<Double>(0, 1, -0.2) / (1.04 as Double).squareRoot()  // outward normal of y = 1
    try model.setBoundary("ymin") { .temperature(exact($0)) }
    try model.setBoundary("ymax") { p in .convection(h: h, ambient: exact(p) + (q * nY).sum() / h) }
    try model.setBoundary("zmin", .heatFlux(-q.z))
    try model.setBoundary("zmax", .heatFlux(q.z))
    // xmin, xmax: adiabatic (the default).
    let s = try solveChecked(model, method: .cgIC0)
    let (worst, tolerance) = cellError(mesh, s, exact)
    print("sheared Kuhn \(mesh.cellCount) cells: max error \(worst) K, \(s.correctionIterations) passes")
    XCTAssertLessThanOrEqual(worst, tolerance)
    // Heat in through y = 0 = −(heat out through y = 1): |K∇T·n| A with A = |(1, 0, 0.2)|·1 ... from the exact field.
    XCTAssertEqual(heatIn(s, "ymin"), -heatIn(s, "ymax"), accuracy: 1e-8 * abs(heatIn(s, "ymax")))
    XCTAssertEqual(heatIn(s, "ymax"), (q * nY).sum() * (1.04 as Double).squareRoot(), accuracy: 1e-8 * 100)
    XCTAssertEqual(heatIn(s, "xmin"), 0, accuracy: 1e-8 * 100)
  }

  /// An orthogonal unstructured mesh whose faces are not aligned with K's axes (hexahedra rotated 30° about z): with
  /// isotropic k the two-point flux is exact and no correction runs; with K = diag(10, 1, 1) the flux has a part along
  /// every face, so the correction must run. T = 300 + 10x + 10y − 5z with T fixed on x = 0 and the z sides,
  /// convection on x = 1 and y = 1 and heat flux on y = 0 (the rotated sides, from the exact field): exact cell values,
  /// and the Robin faces' patch means are the exact face means (the lean of the conormal in the face temperature; the
  /// cells are orthogonal, so nothing else enters).
  func testRotatedHexahedraNeedTheCorrectionOnlyWhenAnisotropic() throws {
    let c = cos(Double.pi / 6), s = sin(Double.pi / 6), h = 30.0
    func rotate(_ p: SIMD3<Double>) -> SIMD3<Double> { SIMD3(c * p.x - s * p.y, s * p.x + c * p.y, p.z) }
    let mesh = try FVMesh(mapped(unstructuredHexahedra(6), rotate))
    let g = SIMD3<Double>(10, 10, -5)
    func exact(_ p: SIMD3<Double>) -> Double { 300 + (g * p).sum() }
    let outward = ["xmax": rotate(SIMD3(1, 0, 0)), "ymax": rotate(SIMD3(0, 1, 0)), "ymin": rotate(SIMD3(0, -1, 0))]
    for (k, expectsCorrection) in [(SIMD3<Double>(3, 3, 3), false), (SIMD3(10, 1, 1), true)] {
      var model = try ThermalModel(mesh: mesh, regionMaterials: [1: anisotropic("a", k)])
      let q = k * g  // (K∇T): heat into the domain through a face with outward normal n is q·n per area
      for side in ["xmin", "zmin", "zmax"] { try model.setBoundary(side) { .temperature(exact($0)) } }
      for side in ["xmax", "ymax"] {
        try model.setBoundary(side) { p in .convection(h: h, ambient: exact(p) + (q * outward[side]!).sum() / h) }
      }
      try model.setBoundary("ymin", .heatFlux((q * outward["ymin"]!).sum()))
      let solution = try solveChecked(model, method: .cgIC0)
      let (worst, tolerance) = cellError(mesh, solution, exact)
      XCTAssertLessThanOrEqual(worst, tolerance, "K = \(k)")
      XCTAssertEqual(solution.correctionIterations > 0, expectsCorrection, "K = \(k)")
      XCTAssertEqual(heatIn(solution, "xmax"), (q * outward["xmax"]!).sum(), accuracy: 1e-8 * 100, "K = \(k)")
      for (side, centre) in [("xmax", SIMD3<Double>(1, 0.5, 0.5)), ("ymax", SIMD3(0.5, 1, 0.5))] {
        let mean = solution.patches.first { $0.name == side }!.meanTemperature
        XCTAssertEqual(mean, exact(rotate(centre)), accuracy: tolerance, "K = \(k), \(side) patch mean")
      }
    }
  }

  /// Board-like anisotropy, K = diag(30, 30, 0.4) W/(m·K) (a multilayer PCB, 75:1), on Kuhn tetrahedra whose inner
  /// points are moved by up to 0.15 of a cell (a mesh with no preferred face directions, as a mesh generator gives):
  /// the conormal leans up to √75/2 ≈ 4.3 normal distances out of the face, yet the deferred correction converges and
  /// T = 300 + 20x − 10y + 50z comes out exact (T fixed on every side).
  func testLinearFieldWithBoardAnisotropyOnAnIrregularTetMesh() throws {
    let n = 8
    var seed: UInt64 = 12
    func jitter() -> Double {
      seed = seed &* 6364136223846793005 &+ 1442695040888963407
      return (Double(seed >> 11) / Double(1 << 53) - 0.5) * 0.3 / Double(n)
    }
    let mesh = try FVMesh(mapped(try cube(n, .kuhn)) { p in
      let inside = (0..<3).allSatisfy { p[$0] > 1e-9 && p[$0] < 1 - 1e-9 }
      return inside ? p + SIMD3(jitter(), jitter(), jitter()) : p
    })
    let k = SIMD3<Double>(30, 30, 0.4)
    func exact(_ p: SIMD3<Double>) -> Double { 300 + 20 * p.x - 10 * p.y + 50 * p.z }
    var model = try ThermalModel(mesh: mesh, regionMaterials: [1: anisotropic("a", k), 2: anisotropic("b", k)])
    for side in Self.sides { try model.setBoundary(side) { .temperature(exact($0)) } }
    let s = try solveChecked(model, method: .cgIC0)
    let (worst, tolerance) = cellError(mesh, s, exact)
    print("board anisotropy, jittered Kuhn \(mesh.cellCount) cells: max error \(worst) K, \(s.correctionIterations) passes")
    XCTAssertLessThanOrEqual(worst, tolerance)
    XCTAssertEqual(heatIn(s, "zmin"), -0.4 * 50, accuracy: 1e-8 * 20)
  }

  /// Manufactured solution with anisotropic K on both sides of a jump, on Kuhn tetrahedra and the
  /// hexahedron/wedge/pyramid mesh: T = 300 + f_i(x)·g(y, z), g = 2 + cos πy·cos πz, f_i = 2 + eˣ/k_ix + d_i as in
  /// `UnstructuredConductionTests` (k_1x = 1, k_2x = 10: T and k_x ∂T/∂x = eˣ g continuous at x = ½), with
  /// K₁ = diag(1, 10, 4), K₂ = diag(10, 1, 0.25). Source −∇·K∇T = −eˣ g + π²(k_iy + k_iz) f_i cos πy cos πz; T fixed at
  /// x = 0, Robin at x = 1, adiabatic sides. Observed L2 order ≥ 1.9 over three nested levels (second-order FV).
  func testManufacturedSolutionWithAnisotropicJumpIsSecondOrder() throws {
    let k1 = SIMD3<Double>(1, 10, 4), k2 = SIMD3<Double>(10, 1, 0.25), h = 50.0, e = M_E
    let d2 = exp(0.5) * (1 / k1.x - 1 / k2.x)
    func f(_ x: Double) -> (value: Double, k: SIMD3<Double>) {
      x < 0.5 ? (2 + exp(x) / k1.x, k1) : (2 + exp(x) / k2.x + d2, k2)
    }
    func cc(_ p: SIMD3<Double>) -> Double { cos(.pi * p.y) * cos(.pi * p.z) }
    func exact(_ p: SIMD3<Double>) -> Double { 300 + f(p.x).value * (2 + cc(p)) }
    func source(_ p: SIMD3<Double>) -> Double {
      let (fv, k) = f(p.x)
      return -exp(p.x) * (2 + cc(p)) + .pi * .pi * (k.y + k.z) * fv * cc(p)
    }
    for (split, sizes) in [(GridSpec.Split.kuhn, [4, 8, 16]), (.mixed, [6, 12, 24])] {
      var errors: [Double] = []
      var passes: [Int] = []
      for n in sizes {
        let mesh = try FVMesh(try cube(n, split))
        var model = try ThermalModel(mesh: mesh, regionMaterials: [1: anisotropic("a", k1), 2: anisotropic("b", k2)])
        try model.setBoundary("xmin") { .temperature(exact($0)) }
        try model.setBoundary("xmax") { p in .convection(h: h, ambient: exact(p) + e * (2 + cc(p)) / h) }
        try model.addCellSource((0..<mesh.cellCount).map { source(mesh.cellCentroid[$0]) * mesh.cellVolume[$0] })
        let s = try solveChecked(model, method: .cgIC0)
        errors.append(l2Error(mesh, s.temperature, exact))
        passes.append(s.correctionIterations)
      }
      let orders = zip(errors, errors.dropFirst()).map { log2($0 / $1) }
      print("anisotropic MMS \(split): cells \(sizes), L2 errors \(errors), orders \(orders), correction passes \(passes)")
      for p in orders { XCTAssertGreaterThanOrEqual(p, 1.9, "\(split): errors \(errors)") }
    }
  }

  /// Energy balance with volumetric sources, convection and heat flux on an anisotropic board-like block of Kuhn
  /// tetrahedra (K = diag(30, 30, 0.4), a hot component region above a heat-spreading one): the boundary heat flows
  /// with the corrected fluxes must carry the sources out, |imbalance| / max(in, out) < 1e-8.
  func testEnergyBalanceClosesWithSourcesAndConvection() throws {
    let mesh = try FVMesh(try cube(8, .kuhn))
    var model = try ThermalModel(mesh: mesh, regionMaterials: [1: anisotropic("a", SIMD3(30, 30, 0.4)),
                                                                2: anisotropic("b", SIMD3(2, 15, 5))])
    try model.addComponent(name: "chip", regionIDs: [2], power: 250, limit: nil, distribution: .volume)
    try model.addCellSource((0..<mesh.cellCount).map { 1e3 * mesh.cellCentroid[$0].y * mesh.cellVolume[$0] })
    try model.setBoundary("zmin") { p in .convection(h: 800, ambient: 300 + 5 * p.x) }
    try model.setBoundary("xmin", .convection(h: 40, ambient: 310))
    try model.setBoundary("ymax", .heatFlux(-2000))
    try model.setBoundary("xmax") { p in .temperature(320 + 3 * p.y) }
    let s = try solveChecked(model, method: .cgIC0)
    let eb = s.energyBalance
    print("anisotropic energy balance: sources \(eb.sources) W, in \(eb.heatIn) W, out \(eb.heatOut) W, "
          + "relative \(eb.relative), \(s.correctionIterations) passes")
    XCTAssertEqual(eb.sources, 250 + 500, accuracy: 1e-9)
    XCTAssertLessThan(eb.relative, 1e-8)
    XCTAssertGreaterThan(s.correctionIterations, 0)
  }
}

final class AnisotropicTransientTests: XCTestCase {
  /// T = 300 + 10·(x + 2y)·t on Kuhn tetrahedra with K = diag(10, 1, 1): linear in space (the corrected fluxes are
  /// exact and ∇·K∇T = 0) and in time (implicit Euler is exact), with source ρc·10(x + 2y) and T fixed on every side,
  /// so the only error is the solver tolerance.
  func testLinearFieldInSpaceAndTimeIsExactOnTetrahedra() throws {
    let spec = GridSpec(domainMin: .zero, domainMax: SIMD3(1, 1, 1), axes: Array(repeating: GridSpec.Axis(maxCellSize: 0.25), count: 3),
                        regions: [RegionInfo(name: "a", id: 1, material: "m")],
                        boxes: [GridSpec.Box(region: "a", min: .zero, max: SIMD3(1, 1, 1))], split: .kuhn)
    let mesh = try FVMesh(try MeshGenerator.generate(spec))
    let m = Material(name: "m", conductivity: SIMD3(10, 1, 1), density: 1000, specificHeat: 500, source: "test")
    var model = try ThermalModel(mesh: mesh, regionMaterials: [1: m])
    for side in ["xmin", "xmax", "ymin", "ymax", "zmin", "zmax"] {
      try model.setBoundary(side, varying: .temperature(.expression(try Expression("300 + 10*(x + 2*y)*t"))))
    }
    try model.addVolumetricSource(name: "rate", regionIDs: nil, density: .expression(try Expression("1000*500*10*(x + 2*y)")))
    let s = try TransientThermalSolver(options: TransientOptions(scheme: .euler, duration: 2, step: 0.5,
                                                                 linear: SolverOptions(tolerance: 1e-13)))
      .solve(model, initial: [Double](repeating: 300, count: mesh.cellCount))
    for c in 0..<mesh.cellCount {
      let p = mesh.cellCentroid[c]
      XCTAssertEqual(s.final.temperature[c], 300 + 10 * (p.x + 2 * p.y) * 2, accuracy: 1e-7)
    }
    XCTAssertLessThanOrEqual(s.energyBalanceRelative, 1e-8)
  }
}
