import Foundation
import RackTwinCooling
import RackTwinIO
import RackTwinMesh
import RackTwinNumerics
import RackTwinThermal

/// The coupled loop did not settle: some region element's inlet temperature still moved by more than
/// `network.coupling.tolerance`, or some network cold plate's mass flow by more than 1e-6 of itself, after
/// `maxIterations` network ↔ 3-D passes (exit 1, like any solve that does not converge). The description names what
/// did not settle.
public struct CouplingNotSettled: Error, CustomStringConvertible, Sendable {
  /// A network cold plate whose mass flow had not settled.
  public struct PlateFlow: Sendable, Equatable {
    /// The plate's name (`coldPlates.NAME`) and its network element.
    public var plate: String
    public var element: String
    /// |Δṁ|/|ṁ| of the last pass (dimensionless), and the bound it exceeded.
    public var relativeChange: Double
    public var tolerance: Double
    public init(plate: String, element: String, relativeChange: Double, tolerance: Double) {
      self.plate = plate
      self.element = element
      self.relativeChange = relativeChange
      self.tolerance = tolerance
    }
  }

  public var iterations: Int
  /// K, the largest inlet-temperature change of the last pass, and the element it belongs to.
  public var change: Double
  public var element: String
  public var tolerance: Double
  /// The plate whose mass flow moved most, relative to itself, when that exceeded its tolerance; nil otherwise.
  public var plateFlow: PlateFlow? = nil

  public init(iterations: Int, change: Double, element: String, tolerance: Double, plateFlow: PlateFlow? = nil) {
    self.iterations = iterations
    self.change = change
    self.element = element
    self.tolerance = tolerance
    self.plateFlow = plateFlow
  }

  public var description: String {
    let start = "expected the loop and the 3-D regions to settle within \(iterations) passes ("
    let temperature = change > tolerance
    let flow = plateFlow.map {
      "cold plate \($0.plate)'s mass flow (element \($0.element)) still moving by "
        + String(format: "%.3g of itself (more than %.3g)", $0.relativeChange, $0.tolerance)
    }
    guard temperature else {
      // Only a plate flow kept the loop going: the inlet temperatures had settled.
      return start + "no network cold plate's mass flow moving by more than "
        + String(format: "%.3g of itself between two network solves), found ", plateFlow?.tolerance ?? 0)
        + (flow ?? "a plate's mass flow still moving") + String(format: " (inlet temperatures settled: %.3g K, within "
        + "%.3g K); raise network.coupling.maxIterations", change, tolerance)
    }
    return start + "no region inlet temperature moving by "
      + String(format: "more than %.3g K), found element ", tolerance) + element
      + String(format: "'s inlet still moving by %.3g K", change) + (flow.map { ", and " + $0 } ?? "")
      + "; raise network.coupling.maxIterations or the tolerance"
  }
}

/// Runs a steady case whose network has elements of `type: region` (`docs/case-format.md`): 3-D fluid or porous
/// regions of the mesh in the hydraulic loop (issue 13, DESIGN §3.2).
///
/// Each region element gets its flow from its own solve — plug flow (Darcy with the duct's fRe, wall heat transfer
/// from Nusselt correlations, `ChannelWallFilm`), porous (`DarcyFlow`) or resolved (`ResolvedChannelFlow`) — which
/// also gives its law ΔP = aQ + bQ² for the network; its fluid cells take the coolant's properties; an
/// `AdvectionTerm` named `regions.<element>` carries the heat. The coupling is a fixed point:
/// network solve → ṁ and T_in of every region element → region flows and one steady 3-D solve → each element's heat,
/// ṁ(h_out − h_in) from the outlet's mixed-cup temperature, back into the network → repeat, until no element's inlet
/// temperature moves by more than `network.coupling.tolerance` between two network solves. The last network solve
/// carries the last 3-D heats, so the loop's energy is consistent with the field; the field's inlet temperatures are
/// those of the previous network solve, within the tolerance. From the second pass on the 3-D solves reuse the first
/// pass's matrix pattern and preconditioner (`SolverReuse`).
public struct CoupledCaseRunner {
  public var document: CaseDocument
  /// The case file as the user named it.
  public var casePath: String
  /// The mesh, when the caller has read it already (a sweep shares one); nil reads it from the case.
  public var caseMesh: CaseMesh?

  public init(document: CaseDocument, casePath: String? = nil, caseMesh: CaseMesh? = nil) {
    self.document = document
    self.casePath = casePath ?? document.path
    self.caseMesh = caseMesh
  }

  /// One region element set up on the mesh.
  struct Region {
    var spec: CaseDocument.RegionElementSpec
    var elementIndex: Int
    var flowRegion: FlowRegion
    var darcy: DarcyFlow?
    var resolved: ResolvedChannelFlow?
    var film: ChannelWallFilm?
  }

  /// One region's flow at a mass flow: the face fluxes and the network law.
  struct RegionFlowState {
    var faceFlow: FaceFlow
    var law: RegionPressureLaw
    var pressureDrop: Double
    /// kg/m³, the density the face fluxes were made with (the coolant's at the inlet temperature).
    var density: Double
  }

  /// Reads, couples and solves; writes nothing.
  public func solve() throws -> SteadyCaseRunner.Outcome {
    let clock = ContinuousClock()
    let t0 = clock.now
    let doc = document
    guard let spec = doc.network, let coolant = doc.coolant, !spec.regions.isEmpty || doc.hasNetworkPlates else {
      preconditionFailure("CoupledCaseRunner: the case has no region elements and no plate fed by the network")
    }
    let plates = Self.networkPlates(doc, spec)
    if doc.facility != nil {
      throw ThermalError.invalidInput(
        location: "\(casePath): facility",
        expected: "a facility on a network without 3-D fluid regions or plates fed by it (the CDU's TCS supply is "
          + "not yet iterated with the coupled solve)",
        found: "network elements of type region or coldPlate: "
          + (spec.regions.map(\.element) + plates.map { spec.network.elements[$0.element].name })
          .joined(separator: ", "))
    }
    let caseMesh = try self.caseMesh ?? CaseMesh.load(for: doc, caseFile: casePath)
    let mesh = caseMesh.mesh
    let regions = try setUp(spec, coolant: coolant, mesh: mesh)
    // The elements whose inlet temperature the loop iterates: the regions', then the network plates'.
    let fed = regions.map { ($0.spec.element, $0.elementIndex) }
      + plates.map { (spec.network.elements[$0.element].name, $0.element) }

    // Laws for the first network solve: each region's flow at a nominal 1 g/s (the viscous part does not depend on
    // the flow; an inertial part is refitted at the network's flow on every pass).
    let startTemperature = Self.startTemperature(spec, coolant)
    var laws = try regions.map { try flowState($0, massFlow: 1e-3, inletTemperature: startTemperature).law }
    var heats = [Double](repeating: 0, count: regions.count)
    var plateHeats = [Double](repeating: 0, count: plates.count)

    var network = try solveNetwork(spec, coolant, regions, laws: laws, heats: heats, plates: plates,
                                   plateHeats: plateHeats)
    var inlet = fed.map { network.elements[$0.1].inletTemperature }

    // The fluid regions' material: the coolant at the mean inlet temperature of the first network solve.
    let baseDocument: CaseDocument
    if regions.isEmpty {
      baseDocument = doc
    } else {
      let materialTemperature = inlet.prefix(regions.count).reduce(0, +) / Double(regions.count)
      baseDocument = try regionDocument(doc, coolant: coolant, at: materialTemperature, regions: regions)
    }
    // Without network plates the model is built once; with them, each pass builds it with the plates at the
    // network's flows and inlet temperatures (`ModelBuilder` checks their patches as for fixed flows).
    let model0 = plates.isEmpty ? try ModelBuilder.build(case: baseDocument, mesh: mesh) : nil
    let readTime = (clock.now - t0).racktwinSeconds
    let options = ModelBuilder.solverOptions(doc)
    var reuse: SolverReuse? = nil
    var solution: ThermalSolution! = nil
    var states: [RegionFlowState] = []
    var passes = 0
    while true {
      passes += 1
      // The 3-D solve at the network's flows and inlet temperatures.
      states = []
      // The plates' flows this field is solved at: a pass also repeats while one of them still moves (the
      // network's properties follow the heats the field gives).
      let plateFlows = plates.map { network.elements[$0.element].massFlow }
      var model = try model0 ?? platesModel(baseDocument, plates, network: network,
                                             inlet: Array(inlet.suffix(plates.count)), mesh: mesh)
      for (k, region) in regions.enumerated() {
        let m = network.elements[region.elementIndex].massFlow
        guard m > 1e-12 else {
          throw place(CoolingError.noHeatPath(
            location: "element \(region.spec.element)",
            detail: String(format: "expected coolant flowing through region %@ from inlet %@ to outlet %@ to carry "
                             + "its heat in a steady solve, found a mass flow of %.3g kg/s",
                           region.spec.regions.joined(separator: "+"), region.spec.inlet, region.spec.outlet, m)),
            region.spec)
        }
        let state = try flowState(region, massFlow: m, inletTemperature: inlet[k])
        states.append(state)
        laws[k] = state.law
        do {
          if let film = region.film {
            let props = try coolant.properties(at: inlet[k], context: "region element \(region.spec.element)")
            try ChannelWallFilm.apply(coefficient: film.coefficient(massFlow: m, properties: props).h, to: &model,
                                      region: region.flowRegion)
          }
          model.addTerm(try AdvectionTerm(name: "regions.\(region.spec.element)", flow: state.faceFlow, mesh: mesh,
                                          scheme: region.spec.scheme))
        } catch let e as CoolingError {
          throw place(e, region.spec)
        } catch let e as ThermalError {
          throw CaseRunError(file: casePath, underlying: e, keyPath: region.spec.origin.keyPath,
                             line: region.spec.origin.line)
        }
      }
      if reuse == nil && passes > 1 {
        reuse = try CaseRunError.naming(casePath) { try SolverReuse(baseModel: model, options: options) }
      }
      let s = try CaseRunError.naming(casePath) {
        try SteadyThermalSolver(options: options, reuse: reuse).solve(model)
      }
      solution = s
      for (k, region) in regions.enumerated() {
        heats[k] = s.termMetrics.first { $0.name == "regions.\(region.spec.element).heat_to_liquid" }?.value ?? 0
      }
      for (k, plate) in plates.enumerated() {
        plateHeats[k] = s.termMetrics.first { $0.name == "\(plate.spec.name).heat_to_liquid" }?.value ?? 0
      }
      // The network with the field's heats; settled when no element's inlet moved by more than the tolerance.
      network = try solveNetwork(spec, coolant, regions, laws: laws, heats: heats, plates: plates,
                                 plateHeats: plateHeats)
      let next = fed.map { network.elements[$0.1].inletTemperature }
      let changes = zip(next, inlet).map { abs($0 - $1) }
      let worst = changes.indices.max { changes[$0] < changes[$1] }!
      inlet = next
      // Each plate's flow change relative to itself (0 when both are 0).
      let flowChanges = zip(plateFlows, plates).map { m, plate in
        let d = abs(network.elements[plate.element].massFlow - m)
        return d == 0 ? 0 : d / abs(m)
      }
      let flowsSettled = flowChanges.allSatisfy { $0 <= Self.plateFlowTolerance }
      if changes[worst] <= spec.coupling.tolerance && flowsSettled { break }
      if passes >= spec.coupling.maxIterations {
        let moving = flowsSettled ? nil : flowChanges.indices.max { flowChanges[$0] < flowChanges[$1] }.map {
          CouplingNotSettled.PlateFlow(plate: plates[$0].spec.name, element: network.elements[plates[$0].element].name,
                                       relativeChange: flowChanges[$0], tolerance: Self.plateFlowTolerance)
        }
        throw CaseRunError(file: casePath,
                           underlying: CouplingNotSettled(iterations: passes, change: changes[worst],
                                                          element: fed[worst].0,
                                                          tolerance: spec.coupling.tolerance, plateFlow: moving),
                           keyPath: "network.coupling.maxIterations")
      }
    }
    if let c = solution.temperature.firstIndex(where: { !$0.isFinite }) {
      throw CaseRunError(file: casePath, underlying: ThermalError.invalidInput(
        location: casePath, expected: "a finite temperature field", found: "temperature \(solution.temperature[c]) "
          + "in cell \(mesh.cellToFile[c])"))
    }
    var results = SteadyCaseRunner.resultsDocument(doc: doc, caseMesh: caseMesh, solution: solution)
    results.fields.append(Self.velocityField(states, mesh: mesh))
    NetworkRun.add(network, of: doc, to: &results)
    for (k, region) in regions.enumerated() {
      let prefix = "regions.\(region.spec.element)"
      let out = solution.termMetrics.first { $0.name == "\(prefix).outlet_temperature.\(region.spec.outlet)" }?.value
      results.metrics.append(ResultsDocument.Metric(name: "\(prefix).outlet_temperature", value: (out ?? .nan) - 273.15,
                                                    units: "degC"))
      results.metrics.append(ResultsDocument.Metric(name: "\(prefix).pressure_drop", value: states[k].pressureDrop,
                                                    units: "Pa"))
    }
    results.metrics.append(ResultsDocument.Metric(name: "coupling_iterations", value: Double(passes), units: "1"))
    return SteadyCaseRunner.Outcome(document: doc, mesh: mesh, solution: solution, results: results,
                                    readTime: readTime, network: network)
  }

  /// `/fields/velocity` (m/s, x y z per cell in file order): each region's coolant velocity from its face fluxes
  /// (`FaceFlow.cellVelocity`), zero in cells without coolant, NaN in void cells.
  static func velocityField(_ states: [RegionFlowState], mesh: FVMesh) -> ResultsDocument.Field {
    var cell = [Double](repeating: 0, count: 3 * mesh.cellCount)
    for state in states {
      let u = state.faceFlow.cellVelocity(on: mesh, density: state.density)
      for c in 0..<mesh.cellCount where state.faceFlow.isFluidCell[c] {
        for k in 0..<3 { cell[3 * c + k] = u[3 * c + k] }
      }
    }
    var file = [Double](repeating: .nan, count: 3 * mesh.fileCellCount)
    for c in 0..<mesh.cellCount {
      let f = mesh.cellToFile[c]
      for k in 0..<3 { file[3 * f + k] = cell[3 * c + k] }
    }
    return ResultsDocument.Field(name: "velocity", values: file, units: "m/s", components: 3)
  }

  /// The temperature the first laws are computed at: the first boundary or set point the network has, else 25 °C.
  static func startTemperature(_ spec: CaseDocument.NetworkSpec, _ coolant: Coolant) -> Double {
    let t = spec.network.elements.compactMap(\.outletTemperature).first
      ?? spec.network.boundaries.keys.sorted().compactMap { spec.network.boundaries[$0]!.temperature }.first
      ?? 298.15
    return min(max(t, coolant.range.lowerBound), coolant.range.upperBound)
  }

  /// Checks every region element against the mesh and the case, and builds its flow solver.
  func setUp(_ spec: CaseDocument.NetworkSpec, coolant: Coolant, mesh: FVMesh) throws -> [Region] {
    var owner: [String: String] = [:]  // mesh region -> element
    var regions: [Region] = []
    // The case-level checks of every element first (a region in two elements, a solid, a patch with a condition).
    for r in spec.regions {
      let at = r.origin
      for name in r.regions {
        if let other = owner[name] {
          throw CaseError(file: casePath, keyPath: at.keyPath + ".region", line: at.line,
                          expected: "each mesh region in one region element",
                          found: "region \(name) also in element \(other)")
        }
        owner[name] = r.element
        if let info = mesh.region(named: name), info.kind == .solid {
          throw CaseError(file: casePath, keyPath: at.keyPath + ".region", line: at.line,
                          expected: "a mesh region of kind fluid or porous (element \(r.element))",
                          found: "region \(name), a solid (material \(info.material))")
        }
      }
      for (role, patch) in [("inlet", r.inlet), ("outlet", r.outlet)] {
        if let b = document.boundaries.first(where: { $0.patch == patch }) {
          throw CaseError(file: casePath, keyPath: at.keyPath + "." + role, line: at.line,
                          expected: "a patch without a boundary condition for the \(role) of element \(r.element) "
                            + "(the coolant's \(role == "inlet" ? "Danckwerts inlet carries all heat across it" : "outlet is zero-gradient"))",
                          found: "patch \(patch) with a condition under boundaries.\(b.patch)")
        }
      }
    }
    // Then each element's flow on the mesh.
    for r in spec.regions {
      let at = r.origin
      do {
        let flowRegion = try FlowRegion(mesh: mesh, regions: r.regions, inlet: r.inlet, outlet: r.outlet)
        var region = Region(spec: r, elementIndex: spec.network.elements.firstIndex { $0.name == r.element }!,
                            flowRegion: flowRegion)
        switch r.model {
        case .plug:
          let fre: Double
          let shape: ChannelWallFilm.Shape
          switch r.shape {
          case .circle: fre = 16; shape = .circular
          case .rectangle(let a): fre = fanningFReLaminarRectangular(aspectRatio: a); shape = .rectangular(aspectRatio: a)
          }
          let dh = r.hydraulicDiameter!
          let k = DarcyFlow.ductPermeability(hydraulicDiameter: dh, fanningFRe: fre)
          region.darcy = try DarcyFlow(mesh: mesh, region: flowRegion, coolant: coolant, medium: .init(permeability: k))
          let area = flowRegion.inletFaces.reduce(0) { $0 + mesh.faceArea[$1] }
          region.film = try ChannelWallFilm(shape: shape, hydraulicDiameter: dh, flowArea: area)
        case .porous:
          region.darcy = try DarcyFlow(mesh: mesh, region: flowRegion, coolant: coolant,
                                       medium: .init(permeability: r.permeability!, forchheimer: r.inertia))
        case .resolved:
          do {
            region.resolved = try ResolvedChannelFlow(mesh: mesh, region: flowRegion, coolant: coolant,
                                                      method: document.solver.method)
          } catch let e as CoolingError {
            guard case let .invalidInput(location, expected, found) = e else { throw e }
            throw CaseError(file: casePath, keyPath: at.keyPath + ".model", line: at.line,
                            expected: "model resolved only on a straight channel (element \(r.element)): \(expected)",
                            found: "\(location): \(found); use model plug or porous")
          }
        }
        regions.append(region)
      } catch let e as CoolingError {
        throw place(e, r)
      } catch let e as ThermalError {
        throw CaseRunError(file: casePath, underlying: e, keyPath: at.keyPath, line: at.line)
      }
    }
    return regions
  }

  /// The region's face flow and law at mass flow ṁ entering at T_in.
  func flowState(_ region: Region, massFlow m: Double, inletTemperature t: Double) throws -> RegionFlowState {
    do {
      if let darcy = region.darcy {
        let s = try darcy.solve(massFlow: m, inletTemperature: t)
        return RegionFlowState(faceFlow: s.faceFlow, law: s.law, pressureDrop: s.pressureDrop, density: s.law.density)
      }
      let s = try region.resolved!.solve(massFlow: m, inletTemperature: t)
      return RegionFlowState(faceFlow: s.faceFlow, law: s.law, pressureDrop: s.pressureDrop, density: s.law.density)
    } catch let e as CoolingError {
      throw place(e, region.spec)
    } catch let e as ThermalError {
      throw CaseRunError(file: casePath, underlying: e, keyPath: region.spec.origin.keyPath, line: region.spec.origin.line)
    }
  }

  /// The network with each region element's law and heat, and each network plate's heat added to its element's.
  func solveNetwork(_ spec: CaseDocument.NetworkSpec, _ coolant: Coolant, _ regions: [Region],
                    laws: [RegionPressureLaw], heats: [Double], plates: [NetworkPlate] = [],
                    plateHeats: [Double] = []) throws -> NetworkSolution {
    var s = spec
    for (k, region) in regions.enumerated() {
      s.network.elements[region.elementIndex].kind = .component(laws[k].networkComponent)
      s.network.elements[region.elementIndex].heat = heats[k]
    }
    for (k, plate) in plates.enumerated() { s.network.elements[plate.element].heat += plateHeats[k] }
    var doc = document
    doc.network = s
    return try NetworkRun.solve(doc)
  }

  /// The case's model with the fluid regions' material replaced by the coolant's at T.
  func baseModel(_ doc: CaseDocument, coolant: Coolant, at t: Double, regions: [Region], mesh: FVMesh) throws
    -> ThermalModel {
    try ModelBuilder.build(case: regionDocument(doc, coolant: coolant, at: t, regions: regions), mesh: mesh)
  }

  /// The case with the fluid regions' material replaced by the coolant's at T.
  func regionDocument(_ doc: CaseDocument, coolant: Coolant, at t: Double, regions: [Region]) throws
    -> CaseDocument {
    let m: Material
    do { m = try Material(coolant: coolant, at: t) } catch let e as CoolingError { throw place(e, regions[0].spec) }
    var d = doc
    let name = "\(coolant.name) (coolant)"
    d.materials.append(CaseDocument.MaterialSpec(name: name, conductivity: .isotropic(m.conductivity.x),
                                                 density: m.density, specificHeat: m.specificHeat))
    for region in regions {
      for r in region.spec.regions {
        d.regions.removeAll { $0.region == r }
        d.regions.append(CaseDocument.RegionOverride(region: r, material: name))
      }
    }
    return d
  }

  /// A `CoolingError` of a region element, placed at the element's key.
  func place(_ e: CoolingError, _ spec: CaseDocument.RegionElementSpec) -> CaseRunError {
    CaseRunError(file: casePath, underlying: e, keyPath: spec.origin.keyPath, line: spec.origin.line)
  }
}
