import XCTest
import RackTwinCase
import RackTwinIO
import RackTwinThermal

final class CaseDecoderTests: XCTestCase {
  /// The example case of the brief and `docs/case-format.md` (a contract: extend, don't rename).
  static let example = """
    mesh: stack.h5                      # path relative to the case file
    materials:                          # adds to / overrides the built-in library
      myTIM: {conductivity: "5 W/m/K", density: "2500 kg/m^3", specificHeat: "800 J/kg/K"}
      pcb: {conductivity: {inPlane: "30 W/m/K", throughPlane: "0.4 W/m/K", axis: z}}
    regions:
      tim: {material: myTIM}
    components:
      gpu0: {regions: [die], power: "1000 W", limit: "90 degC"}
    interfaces:
      - {between: [die, lid], resistance: "5e-6 m^2*K/W"}
    boundaries:
      zmax: {type: convection, h: "20000 W/m^2/K", ambient: "35 degC"}
      zmin: {type: heatFlux, value: "-200 W/m^2"}
      xmin: {type: temperature, value: "40 degC"}
      ymin: {type: adiabatic}
    probes:
      lidCentre: [0.05, 0.05, 0.012]
    solver: {method: auto, tolerance: 1e-10, maxIterations: 10000}

    """

  func decode(_ text: String, overrides: [String] = []) throws -> CaseDocument {
    try CaseDecoder.decode(text: text, path: "cases/case.yaml", overrides: overrides)
  }

  /// The error `text` raises, or a test failure.
  func error(_ text: String, overrides: [String] = [], file: StaticString = #filePath, line: UInt = #line) -> CaseError? {
    caseDecodingError(text, path: "cases/case.yaml", overrides: overrides, file: file, line: line)
  }

  func testFullExampleDecodes() throws {
    let doc = try decode(Self.example)
    let expected = CaseDocument(
      path: "cases/case.yaml", text: Self.example, meshPath: "cases/stack.h5",
      materials: [
        .init(name: "myTIM", conductivity: .isotropic(5), density: 2500, specificHeat: 800),
        .init(name: "pcb", conductivity: .planar(inPlane: 30, throughPlane: 0.4, axis: 2)),
      ],
      regions: [.init(region: "tim", material: "myTIM")],
      components: [.init(name: "gpu0", regions: ["die"], power: 1000, limit: 363.15)],
      interfaces: [.init(between: ("die", "lid"), resistance: 5e-6)],
      boundaries: [
        .init(patch: "zmax", condition: .convection(h: 20000, ambient: 308.15)),
        .init(patch: "zmin", condition: .heatFlux(-200)),
        .init(patch: "xmin", condition: .temperature(313.15)),
        .init(patch: "ymin", condition: .adiabatic),
      ],
      probes: [.init(name: "lidCentre", position: SIMD3(0.05, 0.05, 0.012))],
      solver: .init(method: .auto, tolerance: 1e-10, maxIterations: 10000))
    XCTAssertEqual(doc, expected)
  }

  func testMinimalCaseUsesDefaultsAndAbsoluteMeshPath() throws {
    let doc = try CaseDecoder.decode(text: "mesh: /data/m.h5\n", path: "case.yaml")
    XCTAssertEqual(doc.meshPath, "/data/m.h5")
    XCTAssertEqual(doc.solver, CaseDocument.SolverSpec())
    XCTAssertTrue(doc.components.isEmpty)
    XCTAssertEqual(try CaseDecoder.decode(text: "mesh: m.h5", path: "case.yaml").meshPath, "m.h5")
  }

  func testDiagonalConductivityAndProbeUnits() throws {
    let doc = try decode("""
      mesh: m.h5
      materials:
        a: {conductivity: ["1 W/m/K", 2, 3]}
      probes:
        p: ["50 mm", "5 cm", "12 mm"]
      """)
    XCTAssertEqual(doc.materials[0].conductivity, .diagonal(1, 2, 3))
    XCTAssertEqual(doc.probes[0].position.x, 0.05, accuracy: 1e-15)
    XCTAssertEqual(doc.probes[0].position.y, 0.05, accuracy: 1e-15)
    XCTAssertEqual(doc.probes[0].position.z, 0.012, accuracy: 1e-15)
  }

  func testUnknownKeySuggestsNearest() {
    let e = error("mesh: m.h5\nmaterials:\n  a: {conductivty: 5}\n")
    XCTAssertEqual(e?.keyPath, "materials.a.conductivty")
    XCTAssertEqual(e?.line, 3)
    XCTAssertEqual(e?.suggestion, "conductivity")
    XCTAssertTrue(e?.description.contains(#"did you mean "conductivity"?"#) ?? false, "\(String(describing: e))")
    XCTAssertEqual(error("mesh: m.h5\nsolvr: {}\n")?.suggestion, "solver")
  }

  func testWrongDimensionNamesKeyLineAndFound() {
    let e = error("mesh: m.h5\ncomponents:\n  gpu0:\n    power: 5 kg\n")
    XCTAssertEqual(e?.description,
                   #"cases/case.yaml:4: components.gpu0.power: expected a power (W), found "5 kg" (a mass)"#)
  }

  func testYAMLSyntaxErrorHasLine() {
    let e = error("mesh: m.h5\nsolver: {method: auto\nprobes: {}\n")
    XCTAssertNotNil(e?.line)
    XCTAssertEqual(e?.expected, "valid YAML")
    let tab = error("mesh: m.h5\ncomponents:\n  gpu0: {power: 1}\n    bad: [\n")
    XCTAssertEqual(tab?.line, 4)
  }

  func testMissingMesh() {
    let e = error("solver: {method: auto}\n")
    XCTAssertEqual(e?.keyPath, "mesh")
    XCTAssertTrue(e?.found.contains("no \"mesh\" key") ?? false)
  }

  func testBadSolverMethodAndTolerance() {
    let e = error("mesh: m.h5\nsolver:\n  method: cg-ic\n")
    XCTAssertEqual(e?.keyPath, "solver.method")
    XCTAssertEqual(e?.line, 3)
    XCTAssertEqual(e?.suggestion, "cg-ic0")
    XCTAssertEqual(error("mesh: m.h5\nsolver: {tolerance: 1.5}\n")?.keyPath, "solver.tolerance")
    XCTAssertEqual(error("mesh: m.h5\nsolver: {maxIterations: 0}\n")?.keyPath, "solver.maxIterations")
    XCTAssertEqual(error("mesh: m.h5\nsolver: {maxIterations: 2.5}\n")?.keyPath, "solver.maxIterations")
    XCTAssertEqual(try? decode("mesh: m.h5\nsolver: {maxIterations: 1e4}\n").solver.maxIterations, 10_000)
  }

  /// Every method of docs/case-format.md decodes, and each maps to the thermal solver's method of the same name.
  func testEveryDocumentedSolverMethodDecodesAndMaps() throws {
    for name in ["auto", "banded", "banded-lu", "cg-amg", "cg-ic0", "cg-jacobi", "bicgstab-amg", "bicgstab-ilu0",
                 "gmres-amg", "gmres-ilu0"] {
      let doc = try decode("mesh: m.h5\nsolver: {method: \(name)}\n")
      XCTAssertEqual(doc.solver.method.rawValue, name)
      XCTAssertEqual(ModelBuilder.solverOptions(doc).method.rawValue, name)
    }
    XCTAssertEqual(error("mesh: m.h5\nsolver: {method: bicgstab-ilu}\n")?.suggestion, "bicgstab-ilu0")
  }

  func testNonPositiveMaterialPropertiesAreRejected() {
    let e = error("mesh: m.h5\nmaterials:\n  a:\n    conductivity: -5 W/m/K\n")
    XCTAssertEqual(e?.keyPath, "materials.a.conductivity")
    XCTAssertEqual(e?.line, 4)
    XCTAssertEqual(error("mesh: m.h5\nmaterials: {a: {density: 0}}\n")?.keyPath, "materials.a.density")
    XCTAssertEqual(error("mesh: m.h5\nmaterials: {a: {specificHeat: .nan}}\n")?.keyPath, "materials.a.specificHeat")
    XCTAssertEqual(error("mesh: m.h5\ninterfaces: [{between: [a, b], resistance: -1}]\n")?.keyPath,
                   "interfaces.0.resistance")
  }

  func testStructuralErrors() {
    XCTAssertEqual(error("mesh: m.h5\ncomponents: [gpu0]\n")?.keyPath, "components")
    XCTAssertEqual(error("mesh: m.h5\ncomponents: {gpu0: {regions: [die]}}\n")?.keyPath, "components.gpu0.power")
    XCTAssertEqual(error("mesh: m.h5\nboundaries: {zmax: {h: 5}}\n")?.keyPath, "boundaries.zmax.type")
    XCTAssertEqual(error("mesh: m.h5\nboundaries: {zmax: {type: convection, h: 5}}\n")?.keyPath,
                   "boundaries.zmax.ambient")
    XCTAssertEqual(error("mesh: m.h5\nboundaries: {zmax: {type: convektion}}\n")?.suggestion, "convection")
    XCTAssertEqual(error("mesh: m.h5\nboundaries: {zmax: {type: adiabatic, value: 3}}\n")?.keyPath,
                   "boundaries.zmax.value")
    XCTAssertEqual(error("mesh: m.h5\ninterfaces: [{between: [a, b, c], resistance: 0}]\n")?.keyPath,
                   "interfaces.0.between")
    XCTAssertEqual(error("mesh: m.h5\nprobes: {p: [1, 2]}\n")?.keyPath, "probes.p")
    XCTAssertEqual(error("mesh: m.h5\nmesh: n.h5\n")?.found, "duplicate key \"mesh\"")
  }

  func testOverridesAppendedToText() throws {
    let doc = try decode("mesh: m.h5", overrides: ["solver.method=banded"])
    XCTAssertEqual(doc.text, "mesh: m.h5\n# --set solver.method=banded\n")
    XCTAssertEqual(doc.solver.method, .banded)
  }

  func testMissingFileIsNamed() {
    XCTAssertThrowsError(try CaseDecoder.decode(contentsOf: "/nonexistent/case.yaml")) {
      let e = $0 as! CaseError
      XCTAssertEqual(e.file, "/nonexistent/case.yaml")
      XCTAssertTrue(e.description.hasPrefix("/nonexistent/case.yaml: "), e.description)
    }
  }

  func testReadsFileFromTemporaryDirectory() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("racktwin-case-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("case.yaml").path
    try Self.example.write(toFile: path, atomically: true, encoding: .utf8)
    let doc = try CaseDecoder.decode(contentsOf: path)
    XCTAssertEqual(doc.meshPath, dir.appendingPathComponent("stack.h5").path)
  }
}

final class CaseDecoderVaryingTests: XCTestCase {
  func decode(_ text: String) throws -> CaseDocument { try CaseDecoder.decode(text: text, path: "case.yaml") }
  func message(_ text: String) -> String {
    do { _ = try decode(text); return "no error" } catch { return "\(error)" }
  }

  func testExpressionsTablesSourcesAndTransient() throws {
    let doc = try decode("""
      mesh: m.h5
      boundaries:
        xmax: {type: temperature, value: "100*sin(pi*t/40)"}
        xmin: {type: convection, h: {table: [[0, 10], ["1 min", 20]], interpolation: step}, ambient: "(40 + t/60) degC"}
        ymin: {type: heatFlux, value: "2 kW/m^2"}
      sources:
        heater: {density: "1e6*x W/m^3", regions: [die]}
      transient:
        duration: "2 min"
        step: "0.5 s"
        scheme: euler
        tolerance: "0.1 K"
        output: "10 s"
        initial: "25 degC"
        events:
          - {time: "90 s", set: {boundaries.xmin.ambient: "50 degC"}}
          - {time: "60 s", set: {components.gpu.power: "5 W", boundaries.ymin: {type: adiabatic}}}
      """)
    guard case .temperature(let v) = doc.boundaries[0].condition else { return XCTFail() }
    XCTAssertEqual(v.value(at: .zero, time: 20), 100, accuracy: 1e-12)
    guard case .convection(let h, let a) = doc.boundaries[1].condition else { return XCTFail() }
    XCTAssertEqual(h.value(at: .zero, time: 59), 10)
    XCTAssertEqual(h.value(at: .zero, time: 60), 20)
    XCTAssertEqual(a.value(at: .zero, time: 60), 314.15, accuracy: 1e-12, "the unit applies to the expression's value")
    XCTAssertEqual(doc.boundaries[2].condition, .heatFlux(2000))
    XCTAssertEqual(doc.sources[0].density.value(at: SIMD3(0.5, 0, 0), time: 0), 5e5)
    XCTAssertEqual(doc.sources[0].regions, ["die"])
    let t = try XCTUnwrap(doc.transient)
    XCTAssertEqual(t.duration, 120)
    XCTAssertEqual(t.step, 0.5)
    XCTAssertEqual(t.scheme, .euler)
    XCTAssertEqual(t.tolerance, 0.1)
    XCTAssertEqual(t.output, 10)
    XCTAssertEqual(t.initial, .value(298.15))
    XCTAssertEqual(t.events.map(\.time), [90, 60])
    XCTAssertEqual(t.events[1].changes[0], .componentPower(component: "gpu", power: 5))
    XCTAssertEqual(t.events[1].changes[1], .boundary(patch: "ymin", condition: .adiabatic))
    guard case .boundary("xmin", .convection(let h2, let a2)) = t.events[0].changes[0] else { return XCTFail() }
    XCTAssertEqual(h2, h, "a one-field change keeps the other fields")
    XCTAssertEqual(a2, 323.15)
  }

  func testErrorsNameKeyLineAndColumn() {
    XCTAssertEqual(message("mesh: m.h5\nboundaries:\n  xmax: {type: temperature, value: \"100*sin(pi*)\"}\n"),
                   "case.yaml:3: boundaries.xmax.value: expected an expression, found unexpected ')' at column 12")
    XCTAssertEqual(message("mesh: m.h5\nboundaries:\n  xmax: {type: temperature, value: \"2*t W\"}\n"),
                   "case.yaml:3: boundaries.xmax.value: expected a temperature (K, degC or degF; a bare number is kelvin), found \"2*t W\" (a power)")
    XCTAssertEqual(message("mesh: m.h5\nboundaries:\n  xmax: {type: temperature, value: \"5 kg\"}\n"),
                   "case.yaml:3: boundaries.xmax.value: expected a temperature (K, degC or degF; a bare number is kelvin), found \"5 kg\" (a mass)")
    XCTAssertTrue(message("mesh: m.h5\ntransient: {duration: 10, step: 1, initial: 300, dt: 2}\n").contains("transient.dt"))
    XCTAssertTrue(message("mesh: m.h5\ntransient: {duration: 10, step: 1}\n").contains("transient.initial"))
    XCTAssertTrue(message("mesh: m.h5\ntransient: {duration: 10, step: 1, initial: 300, events: [{time: 20, set: {}}]}\n")
      .contains("transient.events.0.time"))
    XCTAssertTrue(message("mesh: m.h5\ntransient: {duration: 10, step: 1, initial: 300, events: [{time: 2, set: {boundaries.xmin.value: 300}}]}\n")
      .contains("adiabatic condition"))
    XCTAssertTrue(message("mesh: m.h5\nboundaries:\n  xmax: {type: convection, h: {table: [[0, 1], [0, 2]]}, ambient: 300}\n")
      .contains("strictly increasing"))
  }
}
