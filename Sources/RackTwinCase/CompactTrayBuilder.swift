import Foundation
import RackTwinCooling
import RackTwinIO
import RackTwinMesh
import RackTwinNumerics
import RackTwinThermal

/// Builds a flow-parametrised compact tray model (`CompactTray`, `racktwin compact build`) from a detailed 3-D
/// tray case with datasheet cold plates (issue 14, item 4).
///
/// At a fixed tray flow the case is linear (constant k, fixed plate flows, each plate's coolant c_p held at its value
/// at the supply temperature), so every temperature is Σᵢ cᵢ xᵢ over the inputs x = (inlet, air, each component's
/// power). The builder assembles the matrix once per flow and solves one right-hand side per input with one
/// preconditioner (or one banded factor): the difference between the system with that input moved by one unit and
/// the nominal system. A plate fed by others (`upstream:`, a series connection) gets its inlet temperature uₖ as an
/// extra internal input; its exact value, the mixed outlet of its upstream plates, uₖ = Σ_p (ṁ_p/ṁₖ) T_out,p(x, u),
/// is linear in x and u, and the small system (I − Wβ) u = Wα x eliminates u from every output.
///
/// Plate flows: at tray flow Q every plate fed from the supply takes the share of Q its case flow has of the case's
/// tray flow (the sum of the supply-fed plates' flows); a series plate takes the sum of its upstream plates' mass
/// flows. Mass flows use the coolant's density at the supply temperature. The tray's pressure drop is the largest
/// sum of the plates' datasheet ΔP laws along a path from supply to outlet.
public struct CompactTrayBuilder: Sendable {
  public let doc: CaseDocument
  public let caseMesh: CaseMesh
  /// The case's model without its cold plates (their patches adiabatic until the plates' terms are added).
  let base: ThermalModel
  /// The same with every boundary temperature and ambient 1 K higher (the `air` input).
  let baseAir: ThermalModel
  let plates: [CaseDocument.ColdPlateSpec]
  /// Supply temperature (K), air temperature (K), case tray flow (m³/s), coolant at the supply.
  public let supplyTemperature: Double
  public let airTemperature: Double
  public let caseFlow: Double
  public let coolant: Coolant
  let density: Double
  let specificHeat: Double

  /// Reads the case and its mesh.
  public init(casePath: String, overrides: [String] = []) throws {
    let doc = try CaseDecoder.decode(contentsOf: casePath, overrides: overrides)
    try self.init(document: doc, mesh: CaseMesh.load(for: doc))
  }

  /// - Throws: `CaseError` naming the key for a case that is not a linear tray with datasheet cold plates (a
  ///   `model: porous` or `model: channels` plate at its `coldPlates.NAME.model`).
  public init(document doc: CaseDocument, mesh caseMesh: CaseMesh) throws {
    func fail(_ key: String, _ line: Int? = nil, expected: String, found: String) -> CaseError {
      CaseError(file: doc.path, keyPath: key, line: line, expected: expected, found: found)
    }
    let linear = "(a compact model superposes: the case must be linear at a fixed flow)"
    // Before the other checks: a geometry plate's porous or fluid region is nonlinear in T, and its refusal at
    // `materials` would not say that the plate's fidelity is the cause.
    if let f = doc.finColdPlates.first {
      throw fail(f.origin.keyPath + ".model", f.lines["model"] ?? f.origin.line,
                 expected: "model: datasheet (compact models are built from datasheet plates, fidelity (a), only)",
                 found: "model: \(f.model.rawValue)")
    }
    guard !doc.coldPlates.isEmpty else {
      throw fail("coldPlates", expected: "a tray with datasheet cold plates", found: "no coldPlates section")
    }
    if doc.transient != nil { throw fail("transient", expected: "a steady case", found: "a transient section") }
    if doc.network != nil {
      throw fail("network", expected: "plates with fixed flows (no network)", found: "a network section")
    }
    if let s = doc.sources.first {
      throw fail("sources.\(s.name)", expected: "heat only from components (a source is not an input of the compact "
                   + "model)", found: "a volumetric source")
    }
    for m in doc.materials { if case .law = m.conductivity {
      throw fail("materials.\(m.name).conductivity", expected: "a constant conductivity " + linear, found: "k(T)")
    } }
    for c in doc.components where c.leakage != nil {
      throw fail("components.\(c.name).power", expected: "a fixed power " + linear, found: "a leakage law")
    }
    var air: Double? = nil
    for b in doc.boundaries {
      let key = "boundaries.\(b.patch)"
      let value: VaryingValue
      switch b.condition {
      case .adiabatic: continue
      case .radiation: throw fail(key, expected: "a linear boundary condition " + linear, found: "radiation")
      case .heatFlux: throw fail(key, expected: "a convection or temperature boundary (a fixed heat flux is not an "
                                   + "input of the compact model)", found: "heatFlux")
      case .temperature(let v): value = v
      case .convection(let h, let v):
        guard h.constantValue != nil else {
          throw fail(key + ".h", expected: "a constant heat-transfer coefficient", found: "a varying value")
        }
        value = v
      }
      guard let t = value.constantValue else {
        throw fail(key, expected: "a constant temperature (the air input shifts every boundary together)",
                   found: "a varying value")
      }
      if let a = air, abs(a - t) > 1e-9 {
        throw fail(key, expected: "one air temperature for every boundary (the compact model's `air` input)",
                   found: String(format: "%.3f °C beside %.3f °C", t - 273.15, a - 273.15))
      }
      air = t
    }
    guard let air else {
      throw fail("boundaries", expected: "at least one convection or temperature boundary (the air)", found: "none")
    }
    guard let coolant = doc.coolant else { throw fail("coolant", expected: "the plates' coolant", found: "none") }
    var supply: Double? = nil
    var caseFlow = 0.0
    for p in doc.coldPlates {
      guard case let .fixed(q, t) = p.flow else {
        throw fail(p.origin.keyPath + ".flow", p.flowLine, expected: "a fixed flow", found: "a network element")
      }
      guard p.curve.pressureDrop(massFlow: 1e-3) != nil else {
        throw fail(p.origin.keyPath + ".datasheet.pressureDrop", p.origin.line,
                   expected: "a pressure-drop law (the tray's ΔP(Q))", found: "none")
      }
      if p.upstream.isEmpty {
        if let s = supply, abs(s - t) > 1e-9 {
          throw fail(p.origin.keyPath + ".inletTemperature", p.origin.line,
                     expected: "one supply temperature for every plate fed from the supply",
                     found: String(format: "%.3f °C beside %.3f °C", t - 273.15, s - 273.15))
        }
        supply = t
        caseFlow += q
      }
    }
    for p in doc.coldPlates where !p.upstream.isEmpty {
      guard case let .fixed(q, _) = p.flow else { continue }
      let sum = doc.coldPlates.filter { p.upstream.contains($0.name) }.reduce(0.0) { s, u in
        if case let .fixed(qu, _) = u.flow { return s + qu } else { return s }
      }
      guard abs(q - sum) <= 0.01 * sum else {
        throw fail(p.origin.keyPath + ".flow", p.flowLine, expected: "the sum of its upstream plates' flows (within "
                     + "1 %)", found: String(format: "%.4g L/min against %.4g L/min", q * 6e4, sum * 6e4))
      }
    }
    guard let supply else {
      throw fail("coldPlates", expected: "at least one plate fed from the supply (no upstream)", found: "none")
    }
    var plain = doc
    plain.coldPlates = []
    var model = try ModelBuilder.build(case: plain, mesh: caseMesh.mesh)
    if model.isNonlinear {
      let which = model.allTerms.filter(\.isNonlinear).map(\.name).joined(separator: ", ")
      throw fail("materials", expected: "a model linear in temperature " + linear, found: "nonlinear terms: " + which)
    }
    guard model.terms.isEmpty else {
      throw fail("coldPlates", expected: "a model whose only added terms are the cold plates",
                 found: model.terms.map(\.name).joined(separator: ", "))
    }
    self.base = model
    for b in doc.boundaries {
      var byCentroid: [SIMD3<Double>: ThermalModel.BoundaryCondition] = [:]
      for f in caseMesh.mesh.patch(named: b.patch)?.faces ?? [] {
        byCentroid[caseMesh.mesh.faceCentroid[f]] = model.faceConditions[f - caseMesh.mesh.internalFaceCount]
      }
      try model.setBoundary(b.patch) { x in
        switch byCentroid[x] ?? .adiabatic {
        case .temperature(let t): return .temperature(t + 1)
        case .convection(let h, let t): return .convection(h: h, ambient: t + 1)
        case let other: return other
        }
      }
    }
    self.baseAir = model
    self.doc = doc
    self.caseMesh = caseMesh
    self.plates = doc.coldPlates
    self.supplyTemperature = supply
    self.airTemperature = air
    self.caseFlow = caseFlow
    self.coolant = coolant
    self.density = try coolant.density(at: supply)
    self.specificHeat = try coolant.specificHeat(at: supply)
  }

  /// Checks a list of tray flows (m³/s): at least 3, positive, strictly increasing.
  public static func checkFlows(_ flows: [Double], file: String) throws {
    let shown = "[" + flows.map { String(format: "%.4g L/min", $0 * 6e4) }.joined(separator: ", ") + "]"
    guard flows.count >= 3 else {
      throw CaseError(file: file, keyPath: "--flows", expected: "at least 3 tray flows (interpolation in 1/Q)",
                      found: shown)
    }
    guard flows.allSatisfy({ $0.isFinite && $0 > 0 }), zip(flows, flows.dropFirst()).allSatisfy({ $0 < $1 }) else {
      throw CaseError(file: file, keyPath: "--flows", expected: "positive flows, strictly increasing", found: shown)
    }
  }

  /// Each plate's coolant mass flow (kg/s) at tray flow `q` (m³/s), in case order.
  public func plateMassFlows(trayFlow q: Double) -> [Double] {
    var m = [Double?](repeating: nil, count: plates.count)
    func flow(_ i: Int) -> Double {
      if let v = m[i] { return v }
      let p = plates[i]
      var v = 0.0
      if p.upstream.isEmpty {
        if case let .fixed(qp, _) = p.flow { v = density * q * qp / caseFlow }
      } else {
        for u in p.upstream { v += flow(plates.firstIndex { $0.name == u }!) }
      }
      m[i] = v
      return v
    }
    return plates.indices.map(flow)
  }

  /// The tray's pressure drop (Pa) at tray flow `q`: the largest sum of plate ΔP along a supply-to-outlet path.
  public func pressureDrop(trayFlow q: Double) -> Double {
    let m = plateMassFlows(trayFlow: q)
    func path(_ i: Int) -> Double {
      let own = plates[i].curve.pressureDrop(massFlow: m[i]) ?? 0
      let up = plates[i].upstream.map { u in path(plates.firstIndex { $0.name == u }!) }.max() ?? 0
      return own + up
    }
    let fed = Set(plates.flatMap(\.upstream))
    return plates.indices.filter { !fed.contains(plates[$0].name) }.map(path).max() ?? 0
  }

  /// The model at tray flow `q` with plate inlets `inlets` (K, case order); `air`: the air-shifted base;
  /// `fixedSpecificHeat`: plates linear (c_p at the supply), else c_p(T) by Picard as in a solve.
  func model(trayFlow q: Double, inlets: [Double], air: Bool = false, fixedSpecificHeat: Bool = true) throws
    -> ThermalModel {
    var model = air ? baseAir : base
    let m = plateMassFlows(trayFlow: q)
    for (i, p) in plates.enumerated() {
      do {
        model.addTerm(try ColdPlateTerm(name: p.name, curve: p.curve, mesh: caseMesh.mesh, patch: p.patch,
                                        cellConductivity: model.cellConductivity, massFlow: m[i],
                                        inletTemperature: inlets[i], flowDirection: p.flowDirection,
                                        segments: p.segments, specificHeat: fixedSpecificHeat ? specificHeat : nil))
      } catch let e as CoolingError {
        throw CaseRunError(file: doc.path, underlying: e, keyPath: p.origin.keyPath, line: p.origin.line)
      }
    }
    return model
  }

  /// The case's plate inlets: the supply for supply-fed plates, the case's `inletTemperature` for series plates.
  var caseInlets: [Double] {
    plates.map { p in if case let .fixed(_, t) = p.flow { return p.upstream.isEmpty ? supplyTemperature : t } else {
      return supplyTemperature } }
  }

  /// What one tray flow gives.
  public struct FlowResult: Sendable {
    /// coefficients[o][i] in the builder's output and input order.
    public var coefficients: [[Double]]
    /// Hottest cell of each component at the nominal inputs (file order).
    public var hotspotCells: [Int]
    public var pressureDrop: Double
    /// max |T_solved − Σ cᵢxᵢ| (K) over the cells, at the case's plate inlets: the superposition's residual.
    public var superpositionError: Double
    /// Linear solves and their method; seconds.
    public var solves: Int
    public var method: String
    public var time: Double
  }

  /// The input names: inlet, air, then each component.
  public var inputNames: [String] { ["inlet", "air"] + base.components.map(\.name) }

  /// The outputs in file order.
  public var outputs: [CompactTray.Output] {
    base.components.flatMap { c in
      [CompactTray.Output(name: c.name + ".max", unit: "K", component: c.name, limit: c.limit),
       CompactTray.Output(name: c.name + ".mean", unit: "K", component: c.name)]
    } + [CompactTray.Output(name: "heat_to_liquid", unit: "W"), CompactTray.Output(name: "heat_to_air", unit: "W")]
  }

  /// The coefficients at tray flow `q` (m³/s).
  public func solveFlow(_ q: Double) throws -> FlowResult {
    let clock = ContinuousClock(), t0 = clock.now
    let mesh = caseMesh.mesh
    let n = mesh.cellCount
    let inlets0 = caseInlets
    let nominal = try model(trayFlow: q, inlets: inlets0)
    let options = ModelBuilder.solverOptions(doc)
    let reuse = try SolverReuse(baseModel: nominal, options: options, symmetric: false)
    let pattern = reuse.pattern
    let tRef = airTemperature
    let system0 = ThermalSystem(model: nominal, referenceTemperature: tRef, pattern: pattern,
                                storesFaceConductance: false)
    let a = system0.matrix
    var factor: BandedLUSolver.Factor? = nil
    if reuse.method == .banded || reuse.method == .bandedLU { factor = try BandedLUSolver().factor(a) }
    var solves = 0
    func solve(_ b: [Double]) throws -> [Double] {
      solves += 1
      if let factor { return factor.solve(b) }
      var x = [Double](repeating: 0, count: b.count)
      var o = options
      o.method = reuse.method
      _ = try SteadyThermalSolver.solveLinear(a, b, &x, options: o, preconditioner: reuse.preconditioner,
                                              symmetric: false)
      return x
    }
    func column(_ moved: ThermalModel, _ what: String) throws -> [Double] {
      let s = ThermalSystem(model: moved, referenceTemperature: tRef, pattern: pattern, storesFaceConductance: false)
      guard s.matrix.values == a.values else {
        throw CaseError(file: doc.path, keyPath: what, expected: "an input that leaves the matrix unchanged",
                        found: "a changed matrix (the model is not linear in \(what))")
      }
      return try solve(zip(s.rhs, system0.rhs).map { $0 - $1 })
    }
    // External inputs x: inlet, air, powers; internal u: each series plate's inlet.
    var cols: [[Double]] = []
    cols.append(try column(model(trayFlow: q, inlets: zip(inlets0, plates).map { $1.upstream.isEmpty ? $0 + 1 : $0 }),
                           "inlet"))
    cols.append(try column(model(trayFlow: q, inlets: inlets0, air: true), "air"))
    for (i, c) in base.components.enumerated() {
      var m = nominal
      m.setPower(c.power + 1, forComponentAt: i)
      cols.append(try column(m, "components.\(c.name)"))
    }
    let series = plates.indices.filter { !plates[$0].upstream.isEmpty }
    var ucols: [[Double]] = []
    for k in series {
      var inlets = inlets0
      inlets[k] += 1
      ucols.append(try column(model(trayFlow: q, inlets: inlets), "coldPlates.\(plates[k].name).upstream"))
    }
    let xNominal = [supplyTemperature, airTemperature] + base.components.map(\.power)
    // The superposition's residual: the nominal system solved directly against Σ cᵢxᵢ + Σ dₖuₖ.
    let direct = try solve(system0.rhs)
    var superposition = 0.0
    for c in 0..<n {
      var t = 0.0
      for (i, col) in cols.enumerated() { t += col[c] * xNominal[i] }
      for (j, k) in series.enumerated() { t += ucols[j][c] * inlets0[k] }
      superposition = max(superposition, abs(direct[c] + tRef - t))
    }

    // Row functionals: each output is Σ over unknowns of weights · θ, plus a direct dependence on x and u.
    let offsets = nominal.allTermsWithOffsets.suffix(plates.count).map(\.first)
    let mass = plateMassFlows(trayFlow: q)
    func outletIndex(_ p: Int) -> Int { offsets[p] + plates[p].segments - 1 }
    let m = cols.count, kCount = series.count
    // α_p, β_p: T_out,p over x and u.
    func rowOf(_ unknown: Int) -> (x: [Double], u: [Double]) {
      (cols.map { $0[unknown] }, ucols.map { $0[unknown] })
    }
    // Elimination: u = Γ x with (I − Wβ) Γ = Wα.
    var lhs = [[Double]](repeating: [Double](repeating: 0, count: kCount), count: kCount)
    var rhs = [[Double]](repeating: [Double](repeating: 0, count: m), count: kCount)
    for (j, k) in series.enumerated() {
      lhs[j][j] = 1
      for u in plates[k].upstream {
        let p = plates.firstIndex { $0.name == u }!
        let w = mass[p] / mass[k]
        let r = rowOf(outletIndex(p))
        for jj in 0..<kCount { lhs[j][jj] -= w * r.u[jj] }
        for i in 0..<m { rhs[j][i] += w * r.x[i] }
      }
    }
    let gamma = try Self.solveDense(lhs, rhs)   // kCount × m
    func eliminated(_ x: [Double], _ u: [Double]) -> [Double] {
      (0..<m).map { i in x[i] + (0..<kCount).reduce(0.0) { $0 + u[$1] * gamma[$1][i] } }
    }
    // Nominal field with consistent series inlets: hottest cells.
    let uNominal = (0..<kCount).map { j in (0..<m).reduce(0.0) { $0 + gamma[j][$1] * xNominal[$1] } }
    var rows: [[Double]] = []
    var hotspots: [Int] = []
    for c in base.components {
      var hottest = c.cells[0], tMax = -Double.infinity
      for cell in c.cells {
        var t = 0.0
        for i in 0..<m { t += cols[i][cell] * xNominal[i] }
        for j in 0..<kCount { t += ucols[j][cell] * uNominal[j] }
        if t > tMax || (t == tMax && cell < hottest) { tMax = t; hottest = cell }
      }
      hotspots.append(mesh.cellToFile[hottest])
      let r = rowOf(hottest)
      rows.append(eliminated(r.x, r.u))
      var mx = [Double](repeating: 0, count: m), mu = [Double](repeating: 0, count: kCount), v = 0.0
      for cell in c.cells {
        let w = mesh.cellVolume[cell]
        v += w
        for i in 0..<m { mx[i] += w * cols[i][cell] }
        for j in 0..<kCount { mu[j] += w * ucols[j][cell] }
      }
      rows.append(eliminated(mx.map { $0 / v }, mu.map { $0 / v }))
    }
    // heat_to_liquid = Σ_p C_p (T_out,p − T_in,p); T_in,p is the inlet input or u.
    var lx = [Double](repeating: 0, count: m), lu = [Double](repeating: 0, count: kCount)
    for p in plates.indices {
      let cap = mass[p] * specificHeat
      let r = rowOf(outletIndex(p))
      for i in 0..<m { lx[i] += cap * r.x[i] }
      for j in 0..<kCount { lu[j] += cap * r.u[j] }
      if let j = series.firstIndex(of: p) { lu[j] -= cap } else { lx[0] -= cap }
    }
    rows.append(eliminated(lx, lu))
    // heat_to_air = Σ_f G_f (T_P − T∞,f) over the boundary faces with a temperature (convection or fixed).
    var ax = [Double](repeating: 0, count: m), au = [Double](repeating: 0, count: kCount)
    for (b, g) in system0.boundaryConductance.enumerated() where g > 0 {
      let cell = Int(mesh.faceOwner[mesh.internalFaceCount + b])
      for i in 0..<m { ax[i] += g * cols[i][cell] }
      for j in 0..<kCount { au[j] += g * ucols[j][cell] }
      ax[1] -= g
    }
    rows.append(eliminated(ax, au))
    return FlowResult(coefficients: rows, hotspotCells: hotspots, pressureDrop: pressureDrop(trayFlow: q),
                      superpositionError: superposition, solves: solves, method: reuse.method.rawValue,
                      time: (clock.now - t0).racktwinSeconds)
  }

  /// Solves A X = B for a small dense A (Gaussian elimination with partial pivoting).
  static func solveDense(_ a: [[Double]], _ b: [[Double]]) throws -> [[Double]] {
    var a = a, b = b
    let n = a.count
    for col in 0..<n {
      let p = (col..<n).max { abs(a[$0][col]) < abs(a[$1][col]) }!
      guard abs(a[p][col]) > 1e-14 else {
        throw ThermalError.solverFailed("the series plates' inlet system is singular")
      }
      a.swapAt(col, p)
      b.swapAt(col, p)
      for r in 0..<n where r != col {
        let f = a[r][col] / a[col][col]
        if f == 0 { continue }
        for c in 0..<n { a[r][c] -= f * a[col][c] }
        for c in b[r].indices { b[r][c] -= f * b[col][c] }
      }
    }
    return (0..<n).map { r in b[r].map { $0 / a[r][r] } }
  }

  /// What a build reports besides the model.
  public struct Report: Sendable {
    public var perFlow: [FlowResult]
    /// Largest |inlet + air − 1| over the temperature rows, and the energy rows' largest relative misfit.
    public var shiftError: Double
    public var energyError: Double
    public var time: Double
  }

  /// Builds the model at `flows` (m³/s), `jobs` flows at a time.
  /// - Parameters:
  ///   - coolantVolume: the tray's coolant volume (m³) for the coolant's capacitance (datasheet plates have none in
  ///     the mesh).
  ///   - outputPath: where the file will be written, to name the case relative to it.
  public func build(flows: [Double], jobs: Int = 1, coolantVolume: Double = 0, version: String = racktwinVersion,
                    outputPath: String? = nil) throws -> (model: CompactTray, report: Report) {
    try Self.checkFlows(flows, file: doc.path)
    let clock = ContinuousClock(), t0 = clock.now
    let box = ResultBox(count: flows.count)
    let workers = max(1, min(jobs, flows.count))
    DispatchQueue.concurrentPerform(iterations: workers) { w in
      for f in stride(from: w, to: flows.count, by: workers) {
        do { box.set(f, .success(try solveFlow(flows[f]))) } catch { box.set(f, .failure(error)) }
      }
    }
    let results = try box.results()
    let outs = outputs
    var shift = 0.0, energy = 0.0
    let powers = base.components.map(\.power)
    for r in results {
      for (o, out) in outs.enumerated() where out.unit == "K" {
        shift = max(shift, abs(r.coefficients[o][0] + r.coefficients[o][1] - 1))
      }
      let liquid = r.coefficients[outs.count - 2], air = r.coefficients[outs.count - 1]
      for i in 2..<liquid.count { energy = max(energy, abs(liquid[i] + air[i] - 1)) }
      let scale = max(abs(liquid[0]), abs(air[1]), 1e-300)
      energy = max(energy, abs(liquid[0] + air[0]) / scale, abs(liquid[1] + air[1]) / scale)
    }
    guard shift <= 1e-6 else {
      throw ThermalError.solverFailed(String(format: "compact tray: inlet + air coefficients differ from 1 by %.2e "
                                               + "(> 1e-6): tighten solver.tolerance", shift))
    }
    let heat = try base.cellHeatCapacity()
    var capacitance = Dictionary(uniqueKeysWithValues: base.components.map { c in
      (c.name, c.cells.reduce(0.0) { $0 + heat[$1] })
    })
    capacitance["coolant"] = coolantVolume * density * specificHeat
    let source = CompactTray.Source(caseFile: Self.relativePath(doc.path, from: outputPath),
                                    cells: caseMesh.mesh.cellCount,
                                    built: ISO8601DateFormatter().string(from: Date()), racktwin: version)
    let model = CompactTray(
      path: outputPath ?? "", source: source, coolant: coolant.name, flows: flows, inputs: inputNames,
      nominal: [0, 0] + powers, outputs: outs, coefficients: results.map(\.coefficients),
      pressureDrop: results.map(\.pressureDrop), capacitance: capacitance, hotspotCells: results.map(\.hotspotCells))
    return (model, Report(perFlow: results, shiftError: shift, energyError: energy,
                          time: (clock.now - t0).racktwinSeconds))
  }

  /// `path` relative to the folder of `file` when both are given, else `path`.
  static func relativePath(_ path: String, from file: String?) -> String {
    guard let file else { return path }
    let target = URL(fileURLWithPath: path).standardizedFileURL.pathComponents
    let dir = URL(fileURLWithPath: file).standardizedFileURL.deletingLastPathComponent().pathComponents
    var i = 0
    while i < min(target.count, dir.count) && target[i] == dir[i] { i += 1 }
    return (Array(repeating: "..", count: dir.count - i) + target[i...]).joined(separator: "/")
  }

  /// The detailed 3-D tray at tray flow `q` as a solve runs it (c_p(T) by Picard), with every series plate's inlet
  /// iterated to its upstream plates' mixed (mass-weighted) outlet until it moves by less than `tolerance` (K).
  public func detailedSolution(trayFlow q: Double, tolerance: Double = 1e-4) throws
    -> (solution: ThermalSolution, iterations: Int) {
    var inlets = caseInlets
    let mass = plateMassFlows(trayFlow: q)
    let options = ModelBuilder.solverOptions(doc)
    let first = try model(trayFlow: q, inlets: inlets, fixedSpecificHeat: false)
    let solver = SteadyThermalSolver(options: options, reuse: try SolverReuse(baseModel: first, options: options))
    var current = first
    for iteration in 1...50 {
      let s = try solver.solve(current)
      let outlet = Dictionary(uniqueKeysWithValues: plates.map { p in
        (p.name, s.termMetrics.first { $0.name == "\(p.name).outlet_temperature" }!.value)
      })
      var change = 0.0
      for (k, p) in plates.enumerated() where !p.upstream.isEmpty {
        var t = 0.0
        for u in p.upstream { t += mass[plates.firstIndex { $0.name == u }!] * outlet[u]! }
        t /= mass[k]
        change = max(change, abs(t - inlets[k]))
        inlets[k] = t
      }
      if change < tolerance { return (s, iteration) }
      current = try model(trayFlow: q, inlets: inlets, fixedSpecificHeat: false)
    }
    throw ThermalError.solverFailed("compact tray: the series plates' inlets did not settle in 50 solves")
  }
}

/// Results of concurrent flows, each written once by its worker.
private final class ResultBox: @unchecked Sendable {
  private var items: [Result<CompactTrayBuilder.FlowResult, any Error>?]
  private let lock = NSLock()
  init(count: Int) { items = Array(repeating: nil, count: count) }
  func set(_ i: Int, _ r: Result<CompactTrayBuilder.FlowResult, any Error>) { lock.withLock { items[i] = r } }
  func results() throws -> [CompactTrayBuilder.FlowResult] { try lock.withLock { try items.map { try $0!.get() } } }
}
