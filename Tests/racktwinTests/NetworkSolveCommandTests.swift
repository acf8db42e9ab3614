import Foundation
import RackTwinIO
import RackTwinSweep
import XCTest

/// `racktwin solve` and `racktwin sweep` on cases that are a hydraulic network alone (docs/case-format.md,
/// `coolant` and `network`; docs/file-formats.md, `/loop`), run as the built binary.
final class NetworkSolveCommandTests: XCTestCase {
  /// Water at 25 °C (IAPWS-95, the coolant table's 25 °C row): ρ = 997.048 kg/m³; g = 9.80665 m/s² (CGPM 1901).
  static let rhoG = 997.048 * 9.80665

  /// Issue 13's pump H = 30 − 2e5·Q² (m, m³/s) against a system H = 5 + 3e5·Q², built from case keys: an open
  /// system between two reservoirs 5 m of head apart (`boundaries`), and the friction as a component ΔP = bQ² whose
  /// rated point is 10 L/s at 30 m. Water enters at 25 °C with no heat, so ρ is the table's 25 °C value everywhere.
  static func pumpAgainstSystem(speed: Double? = nil) -> String {
    let g = rhoG
    return """
      coolant: water
      network:
        elements:
          pump: {type: pump, from: low, to: out, curve: {shutoff: \(g * 30), maxFlow: \((30 / 2e5).squareRoot())},
                 efficiency: 0.5\(speed.map { ", speed: \($0)" } ?? "")}
          system: {type: component, from: out, to: high, flow: "10 L/s", pressureDrop: \(g * 3e5 * 1e-4)}
        boundaries:
          low: {pressure: 0, temperature: "25 degC"}
          high: {pressure: \(g * 5), temperature: "25 degC"}
      """
  }

  /// A closed loop: a fixed-flow pump, a 1 kW load, and the CDU exchanger holding the supply at 30 °C.
  static let closedLoop = """
    coolant: water
    network:
      elements:
        pump: {type: pump, from: tank, to: supply, flow: "6 L/min", efficiency: 0.4}
        feed: {type: pipe, from: supply, to: plate.in, length: "2 m", diameter: "10 mm"}
        plate: {type: component, from: plate.in, to: plate.out, flow: "1 L/min", pressureDrop: "10 kPa",
                exponent: 1.8, laminarFraction: 0.3, heat: "1 kW"}
        qd: {type: quickDisconnect, from: plate.out, to: back, K: 2.5, diameter: "8 mm"}
        hx: {type: exchanger, from: back, to: tank, flow: "6 L/min", pressureDrop: "20 kPa", supplyTemperature: "30 degC"}
    """

  func testPumpMeetsSystemCurveAtHandOperatingPoint() throws {
    let dir = try temporaryDirectory(self)
    try write(Self.pumpAgainstSystem(), to: "net.yaml", in: dir)
    let r = try runRacktwin(["solve", "net.yaml", "-o", "out.h5"], in: dir)
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertTrue(r.stdout.contains("pump pump: 424.3 L/min"), r.stdout)
    XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out.xdmf").path))
    let f = try HDF5File.open(readingAt: dir.appendingPathComponent("out.h5").path)
    XCTAssertEqual(try f.stringAttribute("format", of: "/"), "racktwin.results")
    XCTAssertEqual(try f.stringAttribute("mesh_sha256", of: "/"), "")
    XCTAssertTrue(try f.stringAttribute("case_text", of: "/").contains("coolant: water"))
    XCTAssertEqual(try f.stringAttribute("coolant", of: "/loop"), "water")
    // 30 − 2e5 Q² = 5 + 3e5 Q²: Q = √(25/5e5) = 7.0711 L/s, H = 20.000 m. Newton stops at 1e-11 relative change
    // and converges quadratically; properties are exact table values: 1e-9 relative.
    let q = (25 / 5e5).squareRoot()
    XCTAssertEqual(try f.read(Double.self, at: "/loop/pumps/flow").values[0], q, accuracy: 1e-9 * q)
    XCTAssertEqual(try f.read(Double.self, at: "/loop/pumps/head").values[0], 20, accuracy: 1e-8)
    XCTAssertEqual(try f.read(Double.self, at: "/loop/pumps/pressure_rise").values[0], 20 * Self.rhoG, accuracy: 1e-6)
    XCTAssertEqual(try f.read(Double.self, at: "/metrics/loop_flow").values[0], q, accuracy: 1e-9 * q)
    // Hydraulic power ΔP·Q and electrical ΔP·Q/0.5.
    let hydraulic = 20 * Self.rhoG * q
    XCTAssertEqual(try f.read(Double.self, at: "/metrics/pump_hydraulic_power").values[0], hydraulic,
                   accuracy: 1e-8 * hydraulic)
    XCTAssertEqual(try f.read(Double.self, at: "/metrics/pump_power").values[0], 2 * hydraulic, accuracy: 1e-8 * hydraulic)
    XCTAssertEqual(try f.readStrings(at: "/loop/elements/name"), ["pump", "system"])
    XCTAssertEqual(try f.readStrings(at: "/loop/elements/type"), ["pump", "component"])
    XCTAssertEqual(try f.readStrings(at: "/loop/elements/from"), ["low", "out"])
    XCTAssertEqual(try f.readStrings(at: "/loop/nodes/name"), ["low", "out", "high"])
    let p = try f.read(Double.self, at: "/loop/nodes/pressure").values
    XCTAssertEqual(p[0], 0)
    XCTAssertEqual(p[1], 20 * Self.rhoG, accuracy: 1e-6)  // the pump's rise above the low reservoir
    XCTAssertEqual(p[2], 5 * Self.rhoG, accuracy: 1e-9)  // held
    let drop = try f.read(Double.self, at: "/loop/elements/pressure_drop").values
    XCTAssertEqual(drop[0], -20 * Self.rhoG, accuracy: 1e-6)
    XCTAssertEqual(drop[1], 15 * Self.rhoG, accuracy: 1e-6)  // 3e5 Q² = 15 m
    let mass = try f.read(Double.self, at: "/loop/elements/mass_flow").values
    XCTAssertEqual(mass[0], 997.048 * q, accuracy: 1e-9 * mass[0])
    XCTAssertEqual(try f.read(Double.self, at: "/loop/elements/outlet_temperature").values, [25, 25])
    XCTAssertTrue(try f.read(Double.self, at: "/metrics/loop_supply_temperature").values[0].isNaN)  // no exchanger
    XCTAssertEqual(try f.read(Int64.self, at: "/loop/pumps/running").values, [1])
    XCTAssertEqual(try f.read(Double.self, at: "/loop/manifolds/min_over_mean").shape, [0])
    // Units on every /loop dataset and metric.
    let units: [String: String] = [
      "elements/mass_flow": "kg/s", "elements/volume_flow": "m^3/s", "elements/pressure_drop": "Pa",
      "elements/inlet_temperature": "degC", "elements/outlet_temperature": "degC", "elements/heat": "W",
      "nodes/pressure": "Pa", "nodes/temperature": "degC", "pumps/flow": "m^3/s", "pumps/pressure_rise": "Pa",
      "pumps/head": "m", "pumps/hydraulic_power": "W", "pumps/electrical_power": "W", "pumps/running": "1",
      "pumps/standby": "1", "manifolds/min_over_mean": "1", "manifolds/max_over_mean": "1",
    ]
    for (path, unit) in units { XCTAssertEqual(try f.stringAttribute("units", of: "/loop/" + path), unit, path) }
    for m in MetricCatalog.all where m.runs == .network {
      XCTAssertEqual(try f.stringAttribute("units", of: "/metrics/" + m.name), m.units, m.name)
    }
    XCTAssertFalse(f.exists("/metrics/max_temperature"))  // no mesh: no thermal metrics
    XCTAssertFalse(f.exists("/fields"))
  }

  /// Heat picked up by the coolant: h(T_return) − h(T_supply) = Q/ṁ with ṁ = ρ(30 °C)·6 L/min (the pump sits on
  /// the supply side). With c_p linear between the IAPWS-95 table rows at 30 and 35 °C (4179.8 and 4179.3 J/kg/K),
  /// ∫c_p dT = c_p(midpoint)·ΔT exactly, so ΔT solves ΔT·c_p(30 + ΔT/2) = Q/ṁ.
  func testClosedLoopReturnTemperatureFromEnthalpyBalance() throws {
    let dir = try temporaryDirectory(self)
    try write(Self.closedLoop, to: "net.yaml", in: dir)
    let r = try runRacktwin(["solve", "net.yaml", "-o", "out.h5"], in: dir)
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertTrue(r.stdout.contains("exchanger hx: return 32.40 °C → supply 30.00 °C"), r.stdout)
    let f = try HDF5File.open(readingAt: dir.appendingPathComponent("out.h5").path)
    let mdot = 995.649 * 1e-4
    var dT = 2.4
    for _ in 0..<20 { dT = 1000 / mdot / (4179.8 - 0.1 * dT / 2) }
    let metric = { (name: String) in try f.read(Double.self, at: "/metrics/" + name).values[0] }
    XCTAssertEqual(try metric("loop_supply_temperature"), 30, accuracy: 1e-9)
    // Enthalpy inversion and table interpolation are exact to rounding: 1e-7 K.
    XCTAssertEqual(try metric("loop_return_temperature"), 30 + dT, accuracy: 1e-7)
    XCTAssertEqual(try metric("heat_to_liquid"), 1000, accuracy: 1e-9)
    let heat = try f.read(Double.self, at: "/loop/elements/heat").values
    XCTAssertEqual(heat[4], -1000, accuracy: 1e-6)  // the exchanger removes what the plate adds
    // Mass is conserved along the series loop.
    let m = try f.read(Double.self, at: "/loop/elements/mass_flow").values
    for v in m { XCTAssertEqual(v, mdot, accuracy: 1e-12) }
    XCTAssertEqual(try f.readStrings(at: "/loop/elements/type"),
                   ["pump", "pipe", "component", "quickDisconnect", "exchanger"])
  }

  /// A sweep over the pump's speed: by the affinity law the rise is s²·ΔP₁, so s²(30 − 2e5 Q²/s²)… with the
  /// quadratic curve in Q/s: 30 s² − 2e5 Q² = 5 + 3e5 Q², Q = √((30 s² − 5)/5e5).
  func testSweepOverPumpSpeedGivesAffinityLawFlows() throws {
    let dir = try temporaryDirectory(self)
    try write(Self.pumpAgainstSystem(), to: "net.yaml", in: dir)
    try write("""
      base: net.yaml
      axes:
        network.elements.pump.speed: [0.8, 1.0, 1.2]
      """, to: "sweep.yaml", in: dir)
    let r = try runRacktwin(["sweep", "sweep.yaml", "-o", "sweep.h5", "--jobs", "2"], in: dir)
    XCTAssertEqual(r.status, 0, r.stderr + r.stdout)
    let t = try SweepTableFile.read(dir.appendingPathComponent("sweep.h5").path)
    XCTAssertEqual(t.status, [0, 0, 0])
    let flow = try XCTUnwrap(t.outputs.first { $0.name == "loop_flow" })
    XCTAssertEqual(flow.units, "m^3/s")
    for (k, s) in [0.8, 1.0, 1.2].enumerated() {
      let q = ((30 * s * s - 5) / 5e5).squareRoot()
      XCTAssertEqual(flow.values[k], q, accuracy: 1e-9 * q)
    }
    let pumpColumn = try XCTUnwrap(t.outputs.first { $0.name == "pumps.pump.pressure_rise" })
    XCTAssertEqual(pumpColumn.units, "Pa")
    XCTAssertNotNil(t.outputs.first { $0.name == "pump_power" })
  }

  /// A sweep over the supply temperature and the pump flow of the closed loop: the return temperature follows
  /// the enthalpy balance at each point (ρ and c_p from the IAPWS-95 table rows, linear between them).
  func testSweepOverSupplyTemperatureAndFlow() throws {
    let dir = try temporaryDirectory(self)
    try write(Self.closedLoop, to: "net.yaml", in: dir)
    try write("""
      base: net.yaml
      axes:
        network.elements.hx.supplyTemperature: ["30 degC", "40 degC"]
        network.elements.pump.flow: ["6 L/min", "12 L/min"]
      objectives:
        - {metric: pump_power, goal: minimize}
        - {metric: loop_return_temperature, goal: maximize}
      """, to: "sweep.yaml", in: dir)
    let r = try runRacktwin(["sweep", "sweep.yaml", "-o", "sweep.h5"], in: dir)
    XCTAssertEqual(r.status, 0, r.stderr + r.stdout)
    let t = try SweepTableFile.read(dir.appendingPathComponent("sweep.h5").path)
    XCTAssertEqual(t.status, [0, 0, 0, 0])
    let ret = try XCTUnwrap(t.outputs.first { $0.name == "loop_return_temperature" }).values
    // (supply °C, ρ kg/m³, c_p J/kg/K at supply, dc_p/dT J/kg/K²) from the water table rows.
    let rows: [(Double, Double, Double, Double)] = [(30, 995.649, 4179.8, -0.1), (40, 992.216, 4179.4, 0.14)]
    for (i, (ts, rho, cp, slope)) in rows.enumerated() {
      for (j, q) in [1e-4, 2e-4].enumerated() {
        var dT = 2.0
        for _ in 0..<30 { dT = 1000 / (rho * q) / (cp + slope * dT / 2) }
        XCTAssertEqual(ret[2 * i + j], ts + dT, accuracy: 1e-7, "point \(2 * i + j)")
      }
    }
  }

  /// A case with a mesh and a network solves both, side by side (not coupled yet): the thermal results as without
  /// the network (all 20 W leave through the bottom), plus `/loop` and the loop metrics, and the sidecar.
  func testMeshAndNetworkSolveSideBySide() throws {
    let dir = try temporaryDirectory(self)
    try write(smallMeshSpec, to: "mesh.yaml", in: dir)
    try write(smallCase + "\n" + Self.closedLoop + "\n", to: "case.yaml", in: dir)
    let gen = try runRacktwin(["mesh", "generate", "mesh.yaml", "-o", "mesh.h5"], in: dir)
    XCTAssertEqual(gen.status, 0, gen.stderr)
    let r = try runRacktwin(["solve", "case.yaml", "-o", "out.h5"], in: dir)
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertTrue(r.stdout.contains("hydraulic network (solved beside the mesh, not coupled to it)"), r.stdout)
    XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out.xdmf").path))
    let f = try HDF5File.open(readingAt: dir.appendingPathComponent("out.h5").path)
    XCTAssertEqual(try f.read(Double.self, at: "/metrics/heat_out").values[0], 20, accuracy: 1e-8)
    XCTAssertEqual(try f.read(Double.self, at: "/metrics/heat_to_liquid").values[0], 1000, accuracy: 1e-9)
    XCTAssertEqual(try f.readStrings(at: "/loop/pumps/name"), ["pump"])
    XCTAssertTrue(f.exists("/fields/temperature"))
  }

  func testPhysicsErrorsNameFileKeyAndElement() throws {
    let dir = try temporaryDirectory(self)
    // The reservoir 40 m up is beyond the 30 m shut-off head.
    let weak = Self.pumpAgainstSystem().replacingOccurrences(of: "high: {pressure: \(Self.rhoG * 5),",
                                                             with: "high: {pressure: \(Self.rhoG * 40),")
    try write(weak, to: "weak.yaml", in: dir)
    var r = try runRacktwin(["solve", "weak.yaml", "-o", "out.h5"], in: dir)
    XCTAssertEqual(r.status, 2)
    XCTAssertTrue(r.stderr.hasPrefix("error: weak.yaml:4: network.elements.pump.curve: pump pump: expected its curve"),
                  r.stderr)
    // 50 kW into 6 L/min of water: about 120 K of rise, beyond boiling.
    try write(Self.closedLoop.replacingOccurrences(of: "heat: \"1 kW\"", with: "heat: \"50 kW\""), to: "hot.yaml", in: dir)
    r = try runRacktwin(["solve", "hot.yaml", "-o", "out.h5"], in: dir)
    XCTAssertEqual(r.status, 2)
    XCTAssertTrue(r.stderr.contains("hot.yaml:"), r.stderr)
    XCTAssertTrue(r.stderr.contains("coolant water: expected a temperature in 0.01 °C…100.00 °C"), r.stderr)
    XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out.h5").path))
    // Newton cannot reach 1e-300 of the flow: not converged, exit 1.
    try write("""
      coolant: water
      network:
        elements:
          p: {type: pump, from: a, to: b, curve: {shutoff: "50 kPa", maxFlow: "10 L/min"}}
          x: {type: exchanger, from: b, to: a, flow: "1 L/min", pressureDrop: "10 kPa", supplyTemperature: "30 degC"}
        tolerance: 1e-300
      """, to: "strict.yaml", in: dir)
    r = try runRacktwin(["solve", "strict.yaml", "-o", "out.h5"], in: dir)
    XCTAssertEqual(r.status, 1, r.stderr)
    XCTAssertTrue(r.stderr.hasPrefix("error: strict.yaml: network.tolerance: network: Newton iteration did not converge"),
                  r.stderr)
    XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out.h5").path))
  }
}
