import XCTest
import RackTwinCase
import RackTwinIO
import RackTwinMesh
import RackTwinThermal

/// Enthalpy advected along +x at speed u by central differences: the face flux ρc u·n A carries the face mean of
/// its two cells; boundary faces carry their boundary temperature. A term written in the test target that makes the
/// system non-symmetric.
struct CentralAdvectionTerm: ThermalTerm {
  /// ρ·c, J/(m³·K).
  var heatCapacity: Double
  /// m/s along +x.
  var speed: Double
  /// Boundary temperature per patch name, K (fixed-temperature patches the flow crosses).
  var boundaryTemperature: [String: Double]
  let name = "advection"
  var isSymmetric: Bool { false }

  func flux(_ f: Int, _ mesh: FVMesh) -> Double { heatCapacity * speed * mesh.faceNormal[f].x * mesh.faceArea[f] }

  func assemble(into a: inout SystemAssembly, _ context: TermContext) {
    let mesh = context.mesh
    for f in 0..<mesh.internalFaceCount {
      let w = 0.5 * flux(f, mesh)
      a.addFace(f, ownerDiagonal: w, ownerOffDiagonal: w, neighbourDiagonal: -w, neighbourOffDiagonal: -w, mesh: mesh)
    }
    for (f, t) in boundaryFaces(mesh) {
      a.addSource(Int(mesh.faceOwner[f]), -flux(f, mesh) * (t - a.referenceTemperature))
    }
  }

  func boundaryFaces(_ mesh: FVMesh) -> [(Int, Double)] {
    mesh.patches.flatMap { p in p.faces.compactMap { f in boundaryTemperature[p.name].map { (f, $0) } } }
  }

  /// Net enthalpy carried in through the boundary faces, W.
  func heatStreams(_ context: TermContext) -> [HeatStream] {
    let q = boundaryFaces(context.mesh).reduce(0.0) { $0 - flux($1.0, context.mesh) * ($1.1 - context.referenceTemperature) }
    return [HeatStream(name: "enthalpy", heatIn: q)]
  }
}

final class NonSymmetricCaseTests: XCTestCase {
  /// 1-D advection–diffusion between two fixed temperatures: θ = (e^{Pe·x/L} − 1)/(e^{Pe} − 1) (Patankar,
  /// *Numerical Heat Transfer and Fluid Flow*, 1980, §5.2-1), solved through the case path (case file, mesh file,
  /// `ModelBuilder`, `SteadyCaseRunner`) with `solver.method: auto`, which must see a non-symmetric matrix.
  func testAdvectionDiffusionThroughCasePathMatchesClosedForm() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("racktwin-nonsym-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let k = 0.6, rhoC = 4e6, length = 0.1, pe = 10.0, area = 1e-4
    let u = pe * k / (rhoC * length)
    var errors: [Double] = []
    for cells in [50, 100] {
      let specPath = dir.appendingPathComponent("mesh\(cells).yaml").path
      try """
        domain: {min: [0, 0, 0], max: [0.1, 0.01, 0.01]}
        cells: {x: {maxSize: \(length / Double(cells))}, y: {maxSize: 0.01}, z: {maxSize: 0.01}}
        regions: {bar: {material: copper}}
        boxes:
          - {region: bar, min: [0, 0, 0], max: [0.1, 0.01, 0.01]}
        """.write(toFile: specPath, atomically: true, encoding: .utf8)
      try MeshFileWriter.write(MeshGenerator.generate(GridSpecDecoder.decode(contentsOf: specPath)),
                               to: dir.appendingPathComponent("mesh\(cells).h5").path)
      let casePath = dir.appendingPathComponent("case\(cells).yaml").path
      try """
        mesh: mesh\(cells).h5
        materials:
          fluid: {conductivity: "0.6 W/m/K", density: 1000, specificHeat: 4000}
        regions:
          bar: {material: fluid}
        boundaries:
          xmin: {type: temperature, value: "20 degC"}
          xmax: {type: temperature, value: "30 degC"}
        """.write(toFile: casePath, atomically: true, encoding: .utf8)
      let doc = try CaseDecoder.decode(contentsOf: casePath)
      XCTAssertEqual(doc.solver.method, .auto)
      let term = CentralAdvectionTerm(heatCapacity: rhoC, speed: u,
                                      boundaryTemperature: ["xmin": 293.15, "xmax": 303.15])
      let outcome = try SteadyCaseRunner(document: doc, additionalTerms: [term]).solve()
      let s = outcome.solution
      XCTAssertEqual(outcome.mesh.cellCount, cells)
      // auto on a small non-symmetric system: banded LU, never CG.
      XCTAssertTrue(s.report.method.lowercased().contains("lu"), s.report.method)
      var worst = 0.0
      for c in 0..<outcome.mesh.cellCount {
        let x = outcome.mesh.cellCentroid[c].x
        let exact = 293.15 + 10 * (exp(pe * x / length) - 1) / (exp(pe) - 1)
        worst = max(worst, abs(s.temperature[c] - exact))
      }
      errors.append(worst)
      XCTAssertLessThan(s.energyBalance.relative, 1e-9)
      XCTAssertEqual(s.energyBalance.streams.map(\.name), ["advection.enthalpy"])
      // The enthalpy carried in, ρc u A (T_in − T_out), exact whatever the mesh: the boundary faces carry their values.
      XCTAssertEqual(s.energyBalance.streams[0].heatIn, rhoC * u * area * (293.15 - 303.15), accuracy: 1e-9)
    }
    // Central differences are second order: the maximum error (at the outlet layer) falls 4× per halving. At 100
    // cells (cell Péclet 0.1) a NumPy solve of the same scheme gives 0.01229 K; first-order upwinding or a wrong
    // boundary flux gives ratios near 2 and errors above 0.05 K.
    let order = log2(errors[0] / errors[1])
    XCTAssertGreaterThan(order, 1.9, "errors \(errors)")
    XCTAssertLessThan(errors[1], 0.0125)
  }
}
