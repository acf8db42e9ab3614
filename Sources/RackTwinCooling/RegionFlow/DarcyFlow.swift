import RackTwinMesh
import RackTwinNumerics
import RackTwinThermal

/// Darcy–Forchheimer flow through a porous or coarse fluid region (DESIGN §3.2): the pressure equation
/// ∇·(Λ ∇p) = 0 with the mobility Λ = (μ K⁻¹ + ρ c_F |u| K^(−1/2))⁻¹ per principal axis, on the region's cells only,
/// driven from the inlet patch to the outlet patch, scaled to a given mass flow.
///
/// The momentum law is Forchheimer's extension of Darcy's, −∇p = (μ/K) u + (c_F ρ/√K) |u| u, with u the superficial
/// (Darcy) velocity and c_F the dimensionless inertial coefficient (Nield & Bejan, *Convection in Porous Media*,
/// 5th ed., 2017, eq. 1.12; c_F ≈ 0.55 for packed beds, Ward 1964). Two-point fluxes with harmonic averaging of the
/// normal mobility n·Λ·n across faces, as `ConductionTerm` does for conductivity; inlet at p = ΔP, outlet at p = 0,
/// all other faces of the region closed. The Forchheimer term is resolved by Picard iteration on Λ at the requested
/// flow (the linear solve at fixed Λ scales exactly with the flow). The face fluxes come from the converged pressure
/// with the same transmissibilities, so their divergence is the linear solve's residual.
///
/// **Plug flow in a coarse channel** (about one cell across) is this solve with isotropic K: the uniform pressure
/// gradient gives a uniform superficial velocity. Choosing K = φ D_h² / (2 fRe), fRe the duct's Fanning
/// friction factor times Reynolds number and φ = A_duct/A_cells the fraction of the cells' cross-section the duct
/// occupies, gives the duct's fully developed laminar pressure drop (`ductPermeability`).
public struct DarcyFlow: Sendable {
  /// The porous medium: permeability per mesh axis and the inertial (Forchheimer) coefficient.
  public struct Medium: Sendable, Equatable {
    /// Principal permeabilities along x, y, z (m²), each > 0.
    public var permeability: SIMD3<Double>
    /// Dimensionless inertial coefficient c_F ≥ 0 (0: pure Darcy).
    public var forchheimer: Double

    public init(permeability: SIMD3<Double>, forchheimer: Double = 0) {
      self.permeability = permeability
      self.forchheimer = forchheimer
    }

    public init(permeability k: Double, forchheimer: Double = 0) {
      self.init(permeability: SIMD3(repeating: k), forchheimer: forchheimer)
    }
  }

  /// Iteration and linear-solve settings.
  public struct Options: Sendable, Equatable {
    /// Relative residual of the pressure solve (CG); the banded solve is direct.
    public var linearTolerance: Double
    /// Picard stops when the pressure drop changes by less than this fraction between iterations.
    public var picardTolerance: Double
    public var maxPicardIterations: Int
    /// Linear method (`auto`: banded Cholesky when cheap, else AMG-CG or IC(0)-CG).
    public var method: LinearSolverMethod

    public init(linearTolerance: Double = 1e-11, picardTolerance: Double = 1e-9, maxPicardIterations: Int = 200,
                method: LinearSolverMethod = .auto) {
      self.linearTolerance = linearTolerance
      self.picardTolerance = picardTolerance
      self.maxPicardIterations = maxPicardIterations
      self.method = method
    }
  }

  public let mesh: FVMesh
  public let region: FlowRegion
  public let coolant: Coolant
  /// The medium of each region, by name.
  public let media: [String: Medium]
  public let options: Options
  /// Index into `mediumList` of each region cell.
  let cellMedium: [Int32]
  let mediumList: [Medium]

  /// Permeability (m²) that makes Darcy flow reproduce a duct's fully developed laminar pressure drop.
  ///
  /// Fanning friction f = τ_w/(ρU²/2) and the force balance ΔP/L = 4τ_w/D_h give ΔP/L = 2 (fRe) μ U / D_h², with U
  /// the mean velocity in the duct and fRe its Fanning f·Re (16 for a circular tube; `fanningFReLaminarRectangular`
  /// for rectangular ducts, Shah & London 1978). Darcy's law ΔP/L = μ U_s / K with the superficial velocity
  /// U_s = φ U (φ = duct area / cell cross-section area) then gives K = φ D_h² / (2 fRe).
  /// - Parameters:
  ///   - hydraulicDiameter: D_h = 4A/P of the duct (m).
  ///   - fanningFRe: f·Re (Fanning) of the duct.
  ///   - porosity: duct cross-section over the cross-section of the cells that represent it (1 when they match).
  public static func ductPermeability(hydraulicDiameter dh: Double, fanningFRe fre: Double,
                                      porosity phi: Double = 1) -> Double {
    phi * dh * dh / (2 * fre)
  }

  /// One medium for every region of the flow region.
  public init(mesh: FVMesh, region: FlowRegion, coolant: Coolant, medium: Medium, options: Options = Options()) throws {
    try self.init(mesh: mesh, region: region, coolant: coolant,
                  media: Dictionary(uniqueKeysWithValues: region.regionNames.map { ($0, medium) }), options: options)
  }

  /// A medium per region (layers of different permeability), by region name.
  /// - Throws: `CoolingError.invalidInput` naming the region for a missing medium, a permeability that is not finite
  ///   and > 0 on every axis, or a negative or non-finite Forchheimer coefficient.
  public init(mesh: FVMesh, region: FlowRegion, coolant: Coolant, media: [String: Medium],
              options: Options = Options()) throws {
    var list: [Medium] = []
    var byID: [Int32: Int32] = [:]
    for name in region.regionNames {
      guard let medium = media[name] else {
        throw CoolingError.invalidInput(location: "region \(name) permeability", expected: "a porous medium",
                                        found: "none given")
      }
      let k = medium.permeability
      guard k.x > 0, k.y > 0, k.z > 0, k.x.isFinite, k.y.isFinite, k.z.isFinite else {
        throw CoolingError.invalidInput(location: "region \(name) permeability",
                                        expected: "a finite permeability > 0 m² on every axis",
                                        found: "(\(k.x), \(k.y), \(k.z)) m²")
      }
      guard medium.forchheimer >= 0, medium.forchheimer.isFinite else {
        throw CoolingError.invalidInput(location: "region \(name) forchheimer",
                                        expected: "an inertial coefficient c_F ≥ 0", found: "\(medium.forchheimer)")
      }
      byID[mesh.region(named: name)!.id] = Int32(list.count)
      list.append(medium)
    }
    self.mesh = mesh
    self.region = region
    self.coolant = coolant
    self.media = media
    self.options = options
    mediumList = list
    cellMedium = region.cells.map { byID[mesh.cellRegion[$0]]! }
  }

  /// Solves for the mass flow ṁ (kg/s, ≥ 0) entering at `inletTemperature` (K); properties are taken at
  /// `propertyTemperature` (K, default the inlet temperature).
  /// - Throws: `CoolingError` for a negative flow, a temperature outside the coolant's range, no path from inlet to
  ///   outlet, or a Picard iteration that does not converge; `ThermalError` from the linear solver.
  public func solve(massFlow: Double, inletTemperature: Double,
                    propertyTemperature: Double? = nil) throws -> DarcyFlowSolution {
    let start = ContinuousClock.now
    guard massFlow >= 0, massFlow.isFinite else {
      throw CoolingError.invalidInput(location: "region \(region.label) mass flow",
                                      expected: "a finite mass flow ≥ 0 kg/s (inlet \(region.inletName) to outlet "
                                        + "\(region.outletName))", found: "\(massFlow) kg/s")
    }
    let props = try coolant.properties(at: propertyTemperature ?? inletTemperature, context: "region \(region.label)")
    try coolant.check(inletTemperature, context: "region \(region.label) inlet \(region.inletName)")
    let rho = props.density, mu = props.viscosity
    let q = massFlow / rho
    let geometry = RegionFaceGeometry(mesh: mesh, region: region)
    let n = region.cells.count
    guard geometry.inletReachesOutlet else {
      throw CoolingError.invalidInput(
        location: "region \(region.label)",
        expected: "a connected path through the region from inlet \(region.inletName) to outlet \(region.outletName)",
        found: "no flow path (the inlet and outlet faces are in separate parts of the region)")
    }

    let invK = mediumList.map { 1 / $0.permeability }
    let invSqrtK = mediumList.map { 1 / $0.permeability.squareRoot() }
    let cF = mediumList.map(\.forchheimer)
    let inertial = cF.contains { $0 > 0 }
    var speed = [Double](repeating: 0, count: n)
    func mobility(_ c: Int) -> SIMD3<Double> {
      let m = Int(cellMedium[c])
      return 1 / (mu * invK[m] + rho * cF[m] * speed[c] * invSqrtK[m])
    }

    var p = [Double](repeating: 0, count: n)
    var linearIterations = 0, method = "", setupTime = 0.0, lastResidual = 0.0
    var deltaP = 0.0, darcyLinear = 0.0
    var flux = RegionFaceFlux(internalFlux: [], inletFlux: [], outletFlux: [])
    var iterations = 0
    while true {
      iterations += 1
      let lambda = (0..<n).map(mobility)
      let system = geometry.assemble(mobility: lambda)
      let solver = try RegionLinearSolver(system.matrix, method: options.method, tolerance: options.linearTolerance)
      setupTime += solver.setupTime
      method = solver.method.rawValue
      let report = try solver.solve(system.rhs, x: &p)
      linearIterations += report.iterations
      lastResidual = report.relativeResidual
      // Unit inlet pressure: scale to the requested flow.
      let unit = geometry.fluxes(pressure: p, inletPressure: 1, transmissibility: system)
      let qUnit = -unit.inletFlux.reduce(0, +)
      precondition(qUnit > 0, "connected region \(region.label) without inflow")
      if iterations == 1 { darcyLinear = 1 / qUnit }
      let scale = q / qUnit
      let newDeltaP = scale
      flux = unit.scaled(by: scale)
      let change = abs(newDeltaP - deltaP) / max(abs(newDeltaP), .leastNormalMagnitude)
      deltaP = newDeltaP
      if !inertial || q == 0 { break }
      if iterations > 1 && change <= options.picardTolerance { break }
      guard iterations < options.maxPicardIterations else {
        throw CoolingError.invalidInput(
          location: "region \(region.label) Darcy–Forchheimer",
          expected: "the Picard iteration on the inertial term to converge in \(options.maxPicardIterations) iterations",
          found: "a relative change of the pressure drop of \(change) after the last one")
      }
      speed = geometry.cellVelocities(flux).map { ($0 * $0).sum().squareRoot() }
    }

    // The law: Darcy slope, and the Forchheimer part as the secant through the operating point (at zero flow, the
    // first-order dissipation of the Darcy field, b = Σ V ρ c_F |u| Σᵢ uᵢ²/√Kᵢ / Q³).
    var quadratic = 0.0
    if inertial {
      if q > 0 {
        quadratic = max(0, (deltaP - darcyLinear * q) / (q * q))
      } else {
        let unitFlux = geometry.fluxes(pressure: p, inletPressure: 1,
                                       transmissibility: geometry.assemble(mobility: (0..<n).map(mobility)))
        let qUnit = -unitFlux.inletFlux.reduce(0, +)
        let u = geometry.cellVelocities(unitFlux)
        var dissipation = 0.0
        for i in 0..<n {
          let speed = (u[i] * u[i]).sum().squareRoot()
          let m = Int(cellMedium[i])
          dissipation += mesh.cellVolume[region.cells[i]] * rho * cF[m] * speed * (u[i] * u[i] * invSqrtK[m]).sum()
        }
        quadratic = dissipation / (qUnit * qUnit * qUnit)
      }
    }
    let law = RegionPressureLaw(linear: darcyLinear, quadratic: quadratic, density: rho, viscosity: mu)
    let faceFlow = geometry.faceFlow(flux, density: rho, coolant: coolant, inletTemperature: inletTemperature)
    let continuity = faceFlow.continuityError(on: mesh).reduce(0) { max($0, abs($1)) }
    return DarcyFlowSolution(faceFlow: faceFlow, pressure: p.map { $0 * deltaP }, pressureDrop: deltaP,
                             volumeFlow: q, law: law, picardIterations: iterations, linearIterations: linearIterations,
                             linearResidual: lastResidual, method: method, maxContinuityError: continuity,
                             setupTime: setupTime, totalTime: regionFlowSeconds(since: start))
  }
}

/// The flow a `DarcyFlow` solve found.
public struct DarcyFlowSolution: Sendable {
  /// Mass fluxes through every mesh face (kg/s), the region's cells as fluid, its inlet and outlet.
  public var faceFlow: FaceFlow
  /// Pressure above the outlet (Pa) of each region cell, in `FlowRegion.cells` order.
  public var pressure: [Double]
  /// Inlet minus outlet pressure (Pa).
  public var pressureDrop: Double
  /// m³/s at the property temperature.
  public var volumeFlow: Double
  /// ΔP = aQ + bQ² for the network.
  public var law: RegionPressureLaw
  public var picardIterations: Int
  /// Krylov iterations summed over the Picard iterations (0 for the banded solve).
  public var linearIterations: Int
  /// Relative residual of the last pressure solve.
  public var linearResidual: Double
  /// The linear method used (`banded`, `cg-amg`, `cg-ic0`).
  public var method: String
  /// Largest net mass flux out of any cell (kg/s): the discrete continuity error.
  public var maxContinuityError: Double
  /// Seconds spent factoring or building preconditioners, and in the whole solve.
  public var setupTime: Double
  public var totalTime: Double
}
