import RackTwinCooling
import RackTwinMesh
import RackTwinThermal
import XCTest

final class DarcyFlowTests: XCTestCase {
  let porous = RegionInfo(name: "stack", id: 1, kind: .porous, material: "copper")
  /// The same stack beside a solid region with id 1.
  let embedded = RegionInfo(name: "stack", id: 2, kind: .porous, material: "copper")

  /// Uniform flow through a porous column: integrating Forchheimer's law −dp/dz = (μ/K)u + (c_F ρ/√K)u² (Nield &
  /// Bejan, *Convection in Porous Media*, 5th ed., eq. 1.12) over the length with u = Q/A gives
  /// ΔP = μLQ/(K_z A) + c_F ρ L Q²/(√K_z A²). The transverse permeabilities must not matter. Tolerance 1e-9: the
  /// two-point flux is exact for a linear pressure, the Picard iteration converges to 1e-12.
  func testUniformColumnMatchesIntegratedForchheimerLaw() throws {
    let (lx, ly, lz) = (0.02, 0.01, 0.05)
    let mesh = try regionMesh(x: nodes(4, lx), y: nodes(3, ly), z: nodes(10, lz), regions: [porous]) { _ in 1 }
    let region = try FlowRegion(mesh: mesh, regions: ["stack"], inlet: "zmin", outlet: "zmax")
    let k = SIMD3(3e-9, 7e-10, 2e-9), cF = 0.55
    let flow = try DarcyFlow(mesh: mesh, region: region, coolant: testCoolant,
                             medium: .init(permeability: k, forchheimer: cF),
                             options: .init(picardTolerance: 1e-13))
    let mdot = 0.02
    let s = try flow.solve(massFlow: mdot, inletTemperature: 300)
    let rho = 997.0, mu = 8.9e-4, area = lx * ly, q = mdot / rho
    let a = mu * lz / (k.z * area), b = cF * rho * lz / (k.z.squareRoot() * area * area)
    XCTAssertEqual(s.pressureDrop, a * q + b * q * q, accuracy: 1e-9 * s.pressureDrop)
    XCTAssertEqual(s.law.linear, a, accuracy: 1e-9 * a)
    XCTAssertEqual(s.law.quadratic, b, accuracy: 1e-8 * b)
    XCTAssertEqual(s.faceFlow.inflow(s.faceFlow.inlets[0]), mdot, accuracy: 1e-12 * mdot)
    XCTAssertEqual(s.faceFlow.outflow(s.faceFlow.outlets[0]), mdot, accuracy: 1e-12 * mdot)
    XCTAssertLessThanOrEqual(s.maxContinuityError, 1e-12 * mdot)

    // At zero flow the quadratic term comes from the Darcy field's inertial dissipation: the same b for uniform flow.
    let zero = try flow.solve(massFlow: 0, inletTemperature: 300)
    XCTAssertEqual(zero.pressureDrop, 0)
    XCTAssertEqual(zero.law.quadratic, b, accuracy: 1e-9 * b)
    XCTAssertTrue(zero.faceFlow.massFlux.allSatisfy { $0 == 0 })
  }

  /// Two layers in series along the flow: ΔP = μQ/A (L₁/K₁ + L₂/K₂) (resistances in series). Exact for two-point
  /// fluxes with harmonic averaging when the layer interface is a mesh face; tolerance 1e-10.
  func testSeriesLayersAddResistances() throws {
    let a1 = RegionInfo(name: "fine", id: 1, kind: .porous, material: "copper")
    let a2 = RegionInfo(name: "coarse", id: 2, kind: .porous, material: "copper")
    let mesh = try regionMesh(x: nodes(2, 0.01), y: nodes(2, 0.01), z: nodes(12, 0.06), regions: [a1, a2]) {
      $0.z < 0.02 ? 1 : 2
    }
    let region = try FlowRegion(mesh: mesh, regions: ["fine", "coarse"], inlet: "zmin", outlet: "zmax")
    let k1 = 1e-10, k2 = 4e-9
    let flow = try DarcyFlow(mesh: mesh, region: region, coolant: testCoolant,
                             media: ["fine": .init(permeability: k1), "coarse": .init(permeability: k2)])
    let s = try flow.solve(massFlow: 1e-3, inletTemperature: 300)
    let q = 1e-3 / 997
    let expected = 8.9e-4 * q / 1e-4 * (0.02 / k1 + 0.04 / k2)
    XCTAssertEqual(s.pressureDrop, expected, accuracy: 1e-10 * expected)
    XCTAssertEqual(s.law.linear * q, expected, accuracy: 1e-10 * expected)
    XCTAssertEqual(s.law.quadratic, 0)
  }

  /// Plug flow in a coarse square channel (one cell across) in a copper block, with K = D_h²/(2 fRe) from the square
  /// duct's Fanning fRe = 14.227 (Shah & London 1978, Table 44): the pressure drop equals the duct's fully
  /// developed laminar one, ΔP = f_D (L/D_h) ρU²/2 with f_D = 4·14.227/Re. Tolerance 1e-10: uniform flow, exact.
  /// Only the channel's axial faces carry coolant.
  func testPlugFlowInCoarseChannelGivesShahLondonPressureDrop() throws {
    let solid = RegionInfo(name: "block", id: 1, kind: .solid, material: "copper")
    let fluid = RegionInfo(name: "channel", id: 2, kind: .fluid, material: "water")
    let h = 1e-3
    let mesh = try regionMesh(x: nodes(5, 5 * h), y: nodes(5, 5 * h), z: nodes(20, 0.04), regions: [solid, fluid]) {
      abs($0.x - 2.5 * h) < h / 2 && abs($0.y - 2.5 * h) < h / 2 ? 2 : 1
    }
    let region = try FlowRegion(mesh: mesh, regions: ["channel"], inlet: "zmin", outlet: "zmax")
    XCTAssertEqual(region.cells.count, 20)
    XCTAssertEqual(region.inletFaces.count, 1)
    let k = DarcyFlow.ductPermeability(hydraulicDiameter: h, fanningFRe: 14.227)
    let flow = try DarcyFlow(mesh: mesh, region: region, coolant: testCoolant, medium: .init(permeability: k))
    let rho = 997.0, mu = 8.9e-4, re = 500.0
    let u = re * mu / (rho * h), mdot = rho * u * h * h
    let s = try flow.solve(massFlow: mdot, inletTemperature: 300)
    let fDarcy = 4 * 14.227 / re
    let expected = fDarcy * (0.04 / h) * rho * u * u / 2
    XCTAssertEqual(s.pressureDrop, expected, accuracy: 1e-10 * expected)
    for f in 0..<mesh.faceCount where s.faceFlow.massFlux[f] != 0 {
      XCTAssertEqual(abs(mesh.faceNormal[f].z), 1, "flow through a face across the channel axis")
      XCTAssertEqual(abs(s.faceFlow.massFlux[f]), mdot, accuracy: 1e-12 * mdot)
    }
    XCTAssertEqual(s.faceFlow.isFluidCell.filter { $0 }.count, 20)
  }

  /// Side-by-side layers parallel to the flow: the flow splits as K·A (conductances in parallel),
  /// ΔP = μLQ/(K₁A₁ + K₂A₂), and nothing crosses the layer interface. Tolerance 1e-9 (IC(0)-CG to 1e-12).
  func testParallelLayersSplitFlowByPermeability() throws {
    let a1 = RegionInfo(name: "dense", id: 1, kind: .porous, material: "copper")
    let a2 = RegionInfo(name: "open", id: 2, kind: .porous, material: "copper")
    let mesh = try regionMesh(x: nodes(6, 0.03), y: nodes(2, 0.01), z: nodes(8, 0.04), regions: [a1, a2]) {
      $0.x < 0.01 ? 1 : 2
    }
    let region = try FlowRegion(mesh: mesh, regions: ["dense", "open"], inlet: "zmin", outlet: "zmax")
    let k1 = 2e-10, k2 = 3e-9
    let flow = try DarcyFlow(mesh: mesh, region: region, coolant: testCoolant,
                             media: ["dense": .init(permeability: k1), "open": .init(permeability: k2)],
                             options: .init(linearTolerance: 1e-13, method: .cgIC0))
    let mdot = 0.01
    let s = try flow.solve(massFlow: mdot, inletTemperature: 300)
    XCTAssertEqual(s.method, "cg-ic0")
    let a1Area = 0.01 * 0.01, a2Area = 0.02 * 0.01
    let expected = 8.9e-4 * 0.04 * (mdot / 997) / (k1 * a1Area + k2 * a2Area)
    XCTAssertEqual(s.pressureDrop, expected, accuracy: 1e-9 * expected)
    var dense = 0.0
    for f in region.inletFaces where mesh.faceCentroid[f].x < 0.01 { dense -= s.faceFlow.massFlux[f] }
    XCTAssertEqual(dense / mdot, k1 * a1Area / (k1 * a1Area + k2 * a2Area), accuracy: 1e-9)
    for f in 0..<mesh.internalFaceCount where abs(mesh.faceNormal[f].z) < 0.5 {
      XCTAssertEqual(s.faceFlow.massFlux[f], 0, accuracy: 1e-12 * mdot, "transverse flux")
    }
  }

  /// An L-shaped porous region embedded in solid, fed through the bottom of one leg and leaving through the side of
  /// the other, with inertia: the face fluxes are divergence-free to the solver tolerance (continuity error per
  /// cell ≤ 1e-9 ṁ) with the banded direct solve and with AMG-CG, which agree on ΔP to 1e-8; inflow equals
  /// outflow equals ṁ; and the law's secant reproduces ΔP at the operating point.
  func testBentRegionIsDivergenceFreeWithEitherSolver() throws {
    let solid = RegionInfo(name: "body", id: 1, kind: .solid, material: "copper")
    let pins = RegionInfo(name: "pins", id: 2, kind: .porous, material: "copper")
    let mesh = try regionMesh(x: nodes(20, 0.02), y: nodes(6, 0.006), z: nodes(20, 0.02), regions: [solid, pins]) {
      ($0.x < 0.006 || $0.z > 0.014) && $0.y < 0.004 ? 2 : 1
    }
    let region = try FlowRegion(mesh: mesh, regions: ["pins"], inlet: "zmin", outlet: "xmax")
    let mdot = 0.005
    var drops: [Double] = []
    for method in [LinearSolverMethod.banded, .cgAMG] {
      let flow = try DarcyFlow(mesh: mesh, region: region, coolant: testCoolant,
                               medium: .init(permeability: SIMD3(2e-9, 1e-9, 2e-9), forchheimer: 0.3),
                               options: .init(linearTolerance: 1e-12, method: method))
      let s = try flow.solve(massFlow: mdot, inletTemperature: 310, propertyTemperature: 300)
      XCTAssertEqual(s.method, method.rawValue)
      XCTAssertGreaterThan(s.picardIterations, 2)
      XCTAssertLessThanOrEqual(s.maxContinuityError, 1e-9 * mdot, "\(method)")
      XCTAssertEqual(s.faceFlow.inflow(s.faceFlow.inlets[0]), mdot, accuracy: 1e-12 * mdot)
      XCTAssertEqual(s.faceFlow.outflow(s.faceFlow.outlets[0]), mdot, accuracy: 1e-9 * mdot)
      XCTAssertEqual(s.faceFlow.inlets[0].temperature, 310)
      XCTAssertEqual(s.law.pressureDrop(volumeFlow: s.volumeFlow), s.pressureDrop, accuracy: 1e-9 * s.pressureDrop)
      XCTAssertGreaterThan(s.law.quadratic, 0)
      // Nothing crosses into the solid.
      for f in 0..<mesh.internalFaceCount where s.faceFlow.massFlux[f] != 0 {
        XCTAssertTrue(region.cells.contains(Int(mesh.faceOwner[f])) && region.cells.contains(Int(mesh.faceNeighbour[f])))
      }
      drops.append(s.pressureDrop)
    }
    XCTAssertEqual(drops[0], drops[1], accuracy: 1e-8 * drops[0])
  }

  /// Bad input names the region or patch, what was expected and what was found.
  func testBadInputIsNamed() throws {
    let solid = RegionInfo(name: "body", id: 1, kind: .solid, material: "copper")
    let mesh = try regionMesh(x: nodes(4, 0.01), y: nodes(2, 0.01), z: nodes(4, 0.01), regions: [solid, embedded]) {
      $0.x < 0.005 ? 2 : 1
    }
    assertCoolingError(["region plenum", "no region named plenum", "expected"]) {
      _ = try FlowRegion(mesh: mesh, regions: ["plenum"], inlet: "zmin", outlet: "zmax")
    }
    assertCoolingError(["region body", "a fluid or porous region", "solid"]) {
      _ = try FlowRegion(mesh: mesh, regions: ["body"], inlet: "zmin", outlet: "zmax")
    }
    assertCoolingError(["inlet patch top", "no patch named top"]) {
      _ = try FlowRegion(mesh: mesh, regions: ["stack"], inlet: "top", outlet: "zmax")
    }
    assertCoolingError(["inlet patch xmax", "faces on the boundary of region stack", "none of its"]) {
      _ = try FlowRegion(mesh: mesh, regions: ["stack"], inlet: "xmax", outlet: "zmax")
    }
    assertCoolingError(["outlet", "a patch other than the inlet"]) {
      _ = try FlowRegion(mesh: mesh, regions: ["stack"], inlet: "zmin", outlet: "zmin")
    }
    let region = try FlowRegion(mesh: mesh, regions: ["stack"], inlet: "zmin", outlet: "zmax")
    for k in [SIMD3(1e-9, 0, 1e-9), SIMD3(-1e-9, 1e-9, 1e-9), SIMD3(.nan, 1e-9, 1e-9)] {
      assertCoolingError(["region stack permeability", "> 0 m² on every axis", "found"]) {
        _ = try DarcyFlow(mesh: mesh, region: region, coolant: testCoolant, medium: .init(permeability: k))
      }
    }
    assertCoolingError(["region stack forchheimer", "c_F ≥ 0", "-1"]) {
      _ = try DarcyFlow(mesh: mesh, region: region, coolant: testCoolant,
                        medium: .init(permeability: 1e-9, forchheimer: -1))
    }
    let flow = try DarcyFlow(mesh: mesh, region: region, coolant: testCoolant, medium: .init(permeability: 1e-9))
    assertCoolingError(["region stack mass flow", "≥ 0 kg/s", "-0.1"]) {
      _ = try flow.solve(massFlow: -0.1, inletTemperature: 300)
    }
    assertCoolingError(["region stack", "testwater"]) {
      _ = try flow.solve(massFlow: 0.1, inletTemperature: 500)
    }
  }

  /// Inlet and outlet in separate pieces of the region: no flow path, an error rather than a singular matrix.
  func testDisconnectedInletAndOutletIsAnError() throws {
    let solid = RegionInfo(name: "body", id: 1, kind: .solid, material: "copper")
    let mesh = try regionMesh(x: nodes(4, 0.01), y: nodes(2, 0.01), z: nodes(6, 0.01), regions: [solid, embedded]) {
      $0.z < 0.004 || $0.z > 0.006 ? 2 : 1
    }
    let region = try FlowRegion(mesh: mesh, regions: ["stack"], inlet: "zmin", outlet: "zmax")
    let flow = try DarcyFlow(mesh: mesh, region: region, coolant: testCoolant, medium: .init(permeability: 1e-9))
    assertCoolingError(["region stack", "connected path", "no flow path"]) {
      _ = try flow.solve(massFlow: 0.01, inletTemperature: 300)
    }
  }
}
