import Foundation
import RackTwinMesh
import RackTwinNumerics
import RackTwinThermal

/// A straight-fin cold plate heated uniformly over its fin field from below, solved as one strip of pitch width (the
/// plate is N such strips side by side, each with 1/N of the flow and of the heat, cut by symmetry planes): by the
/// porous two-temperature stack (`PorousColdPlateTerm`, fidelity b) or with the channel resolved
/// (`ChannelColdPlateTerm`, fidelity c), on the same footprint, base and fins.
///
/// Coordinates: x along the flow (inlet at x = 0, the `xmin` patch), y across the fins (one pitch, 0…p), z up from the
/// contact face (z = 0, heated) through the base (b) and the fins (H) to the cover (adiabatic). In (c) the strip is
/// half a fin (t/2), the gap s, half a fin. The case temperature T_case is read where the OCP guideline's data read
/// it, the top-centre point of the package under the plate: a probe on the contact face at the centre of the
/// footprint, (L/2, p/2, 0); R = (T_case − T_in)/Q with Q the plate's power. A TIM between package and plate is not
/// part of this model (add R''_TIM/A_footprint).
public struct FinPlateSlab: Sendable {
  public var stack: FinStack
  /// Fin channels across the plate (the strip count N); the plate's width is N·p.
  public var channels: Int
  /// m.
  public var baseThickness: Double
  /// W/(m·K) of the base (and, in c, of the resolved fins: `stack.finConductivity`).
  public var baseConductivity: Double
  /// W over the whole footprint L × N·p.
  public var power: Double

  /// Cells per direction.
  public struct Resolution: Sendable {
    public var along: Int
    public var base: Int
    public var finHeight: Int
    /// Across the gap (c).
    public var gap: Int
    /// Across each half fin (c).
    public var halfFin: Int
    public init(along: Int = 24, base: Int = 4, finHeight: Int = 12, gap: Int = 8, halfFin: Int = 2) {
      self.along = along
      self.base = base
      self.finHeight = finHeight
      self.gap = gap
      self.halfFin = halfFin
    }
  }

  /// One solve.
  public struct Result: Sendable {
    /// (T_case − T_in)/Q of the plate, K/W.
    public var resistance: Double
    /// K.
    public var caseTemperature: Double
    /// The plate's heat to its coolant, W (strip's ṁ(h_out − h_in) × N).
    public var heatToLiquid: Double
    /// K, mixed cup.
    public var outletTemperature: Double
    /// The solve's relative energy imbalance.
    public var energyBalance: Double
    /// Cells of the strip.
    public var cells: Int
    /// Seconds of the steady solve (mesh and flow set-up excluded).
    public var solveSeconds: Double
    public var solution: ThermalSolution
  }

  public init(stack: FinStack, channels: Int, baseThickness: Double, baseConductivity: Double, power: Double) {
    self.stack = stack
    self.channels = channels
    self.baseThickness = baseThickness
    self.baseConductivity = baseConductivity
    self.power = power
  }

  /// The OAM-class plate of `validation/ocp-oam-coldplate-fidelity` (README there for the sources): skived copper
  /// fins 0.2 mm thick with 0.2 mm gaps (pitch 0.4 mm) and 3 mm tall over a 50 × 50 mm field (125 channels, 50 mm
  /// long), a 2 mm base, C11000 copper 388 W/(m·K) (Copper Development Association, C11000 data sheet), 1000 W.
  public static func oamClass(power: Double = 1000) throws -> FinPlateSlab {
    FinPlateSlab(stack: try FinStack(finThickness: 0.2e-3, gap: 0.2e-3, finHeight: 3e-3, length: 0.05,
                                     finConductivity: 388),
                 channels: 125, baseThickness: 2e-3, baseConductivity: 388, power: power)
  }

  /// Heat flux on the contact face, W/m².
  public var heatFlux: Double { power / (stack.length * Double(channels) * stack.pitch) }

  static func nodes(_ n: Int, from a: Double, to b: Double) -> [Double] {
    (0...n).map { a + (b - a) * Double($0) / Double(n) }
  }

  func xNodes(_ r: Resolution) -> [Double] { Self.nodes(r.along, from: 0, to: stack.length) }
  func zNodes(_ r: Resolution) -> [Double] {
    Self.nodes(r.base, from: 0, to: baseThickness)
      + Self.nodes(r.finHeight, from: baseThickness, to: baseThickness + stack.finHeight).dropFirst()
  }

  func copper() -> Material {
    Material(name: "plate", conductivity: baseConductivity, density: 8933, specificHeat: 385, source: "fin plate base")
  }

  /// (b): base and porous stack, one cell across the pitch.
  public func solvePorous(coolant: Coolant, massFlow: Double, inletTemperature: Double,
                          resolution r: Resolution = Resolution()) throws -> Result {
    let x = xNodes(r), y = [0, stack.pitch], z = zNodes(r)
    var ids: [Int32] = []
    for k in 0..<(z.count - 1) {
      for _ in 0..<(x.count - 1) { ids.append(k < r.base ? 1 : 2) }
    }
    let mesh = try FVMesh(MeshDefinition(
      geometry: .rectilinear(RectilinearGrid(x: x, y: y, z: z, region: ids)),
      regions: [RegionInfo(name: "base", id: 1, material: "plate"),
                RegionInfo(name: "stack", id: 2, kind: .porous, material: "fin-stack")]))
    let kf = try coolant.conductivity(at: inletTemperature)
    let stackMaterial = Material(name: "fin-stack",
                                 conductivity: stack.solidConductivity(flowAxis: 0, heightAxis: 2, fluidConductivity: kf),
                                 density: 8933 * (1 - stack.porosity), specificHeat: 385, source: "FinStack (Kim & Kim 1999)")
    var model = try ThermalModel(mesh: mesh, regionMaterials: [1: copper(), 2: stackMaterial])
    let region = try FlowRegion(mesh: mesh, regions: ["stack"], inlet: "xmin", outlet: "xmax")
    let darcy = try DarcyFlow(mesh: mesh, region: region, coolant: coolant,
                              medium: .init(permeability: stack.permeability))
    let flow = try darcy.solve(massFlow: massFlow / Double(channels), inletTemperature: inletTemperature)
    let term = try PorousColdPlateTerm(name: "plate", stack: stack, flow: flow.faceFlow, mesh: mesh,
                                       cellConductivity: model.cellConductivity)
    model.addTerm(term)
    return try finish(&model, inletTemperature: inletTemperature, heatMetric: "plate.heat_to_liquid",
                      outletMetric: "plate.outlet_temperature")
  }

  /// (c): base, half fins and the resolved channel, `gap` cells across it.
  public func solveChannels(coolant: Coolant, massFlow: Double, inletTemperature: Double,
                            resolution r: Resolution = Resolution(), scheme: AdvectionTerm.Scheme = .vanLeer) throws -> Result {
    let t2 = stack.finThickness / 2
    let x = xNodes(r), z = zNodes(r)
    let y = Self.nodes(r.halfFin, from: 0, to: t2)
      + Self.nodes(r.gap, from: t2, to: t2 + stack.gap).dropFirst()
      + Self.nodes(r.halfFin, from: t2 + stack.gap, to: stack.pitch).dropFirst()
    var ids: [Int32] = []
    for k in 0..<(z.count - 1) {
      for j in 0..<(y.count - 1) {
        let fluid = k >= r.base && j >= r.halfFin && j < r.halfFin + r.gap
        for _ in 0..<(x.count - 1) { ids.append(fluid ? 2 : 1) }
      }
    }
    let mesh = try FVMesh(MeshDefinition(
      geometry: .rectilinear(RectilinearGrid(x: x, y: y, z: z, region: ids)),
      regions: [RegionInfo(name: "plate", id: 1, material: "plate"),
                RegionInfo(name: "coolant", id: 2, kind: .fluid, material: coolant.name)]))
    var model = try ThermalModel(mesh: mesh, regionMaterials: [1: copper(),
                                                               2: try Material(coolant: coolant, at: inletTemperature)])
    let region = try FlowRegion(mesh: mesh, regions: ["coolant"], inlet: "xmin", outlet: "xmax")
    let term = try ChannelColdPlateTerm(name: "plate", mesh: mesh, region: region, coolant: coolant,
                                        plateMassFlow: massFlow, inletTemperature: inletTemperature,
                                        unitCells: channels, scheme: scheme)
    model.addTerm(term)
    return try finish(&model, inletTemperature: inletTemperature, heatMetric: "plate.heat_to_liquid",
                      outletMetric: "plate.outlet_temperature.xmax")
  }

  func finish(_ model: inout ThermalModel, inletTemperature: Double, heatMetric: String,
              outletMetric: String) throws -> Result {
    try model.setBoundary("zmin", .heatFlux(heatFlux))
    try model.addProbe(name: "case", position: SIMD3(stack.length / 2, stack.pitch / 2, 0))
    let start = ContinuousClock.now
    let s = try SteadyThermalSolver(options: SolverOptions(tolerance: 1e-12, nonlinearTolerance: 1e-9)).solve(model)
    let seconds = regionFlowSeconds(since: start)
    let tCase = s.probes.first { $0.name == "case" }!.temperature
    let metric = { (n: String) in s.termMetrics.first { $0.name == n }?.value ?? .nan }
    return Result(resistance: (tCase - inletTemperature) / power, caseTemperature: tCase,
                  heatToLiquid: metric(heatMetric) * Double(channels), outletTemperature: metric(outletMetric),
                  energyBalance: s.energyBalance.relative, cells: model.mesh.cellCount, solveSeconds: seconds,
                  solution: s)
  }
}
