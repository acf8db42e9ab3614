import Foundation
import RackTwinMesh
import RackTwinThermal

/// A cold plate's fin stack as a porous two-temperature region: each porous cell P holds the fins' temperature T_s
/// (the cell's own unknown, conducting with the stack's effective conductivity) and the coolant's bulk temperature
/// T_f (an unknown of this term), exchanging G_P = h·a·V_P (T_s − T_f).
///
/// DESIGN §3.3 (b); the model of Kim & Kim (1999, ASME J. Heat Transfer 121:639–645) for microchannel heat sinks:
/// a = 2/p the fin-wall area per volume and h the fin channel's laminar Nusselt number (`FinStack`). The coolant
/// unknowns carry the face mass fluxes of a region flow solve (`DarcyFlow` on the stack with `FinStack.permeability`)
/// by first-order upwinding: row P is Σ_(inflow faces) |F| c̄ (T_f,P − T_f,U) + G_P (T_f,P − T_s,P) + Σ_floor g (T_f,P −
/// T_N) = 0 (inlet faces bring T_in), the form that moves no heat on a uniform temperature whatever the continuity
/// error. The channel floor (a face between a porous cell and a solid cell of the base along the fin height) also
/// touches the coolant: g = 1/(1/(h φ A) + d_N/(k_N A)), the open fraction φ of the face in series with the base's
/// half cell; the fins' roots are the conduction term's face between the same two cells.
///
/// The second unknown per cell sits in the one assembled system (the term protocol's own unknowns), so the solid and
/// coolant temperatures are solved together, not segregated. c̄ is one capacity for the stream, refreshed by
/// Picard as Σ_out F [h(T_f) − h(T_in)] / Σ_out F (T_f − T_in) over the outlet faces, so that at convergence the heat
/// the fins give the coolant (the energy balance's stream, Σ exchanges) equals ṁ(h_out − h_in) of the outlet mix.
/// Coolant properties for h are taken at the inlet temperature.
public struct PorousColdPlateTerm: ThermalTerm {
  public let name: String
  public let stack: FinStack
  /// The coolant's face mass fluxes over the stack's cells (`isFluidCell` marks them), with its inlet.
  public let flow: FaceFlow
  /// kg/s into the inlets.
  public let massFlow: Double
  /// K.
  public let inletTemperature: Double
  /// Mean of the cells' h, W/(m²·K) (equal in every cell for fully developed flow).
  public let heatTransferCoefficient: Double
  /// Mesh cell of each coolant unknown.
  let cells: [Int]
  /// G_P = h·a·V_P, W/K.
  let exchange: [Double]
  /// Floor couplings: (local coolant unknown, base cell, g in W/K).
  let floor: [(fluid: Int, solid: Int, conductance: Double)]
  /// Faces that carry coolant into a stack cell: (downstream local unknown, upstream local unknown or −1 for the
  /// inlet, |F| kg/s).
  let inflow: [(down: Int, up: Int, flux: Double)]
  /// Outlet faces: (local unknown, F kg/s).
  let outflow: [(cell: Int, flux: Double)]
  /// c̄, J/(kg·K) (Picard).
  var capacity: Double

  /// - Parameters:
  ///   - flow: face mass fluxes with `isFluidCell` true on the stack's cells (one inlet); its coolant is the plate's.
  ///   - cellConductivity: the model's cell conductivities, for the base's half cell at the channel floor.
  ///   - heightAxis: the mesh axis along the fin height, 0 = x, 1 = y, 2 = z: floor faces are those normal to it.
  /// - Throws: `CoolingError.invalidInput` naming the plate for a flow with no stack cell, not exactly one inlet, or no
  ///   inflow; a turbulent fin channel (`FinStack.nusselt`); `temperatureOutOfRange` for the inlet.
  public init(name: String, stack: FinStack, flow: FaceFlow, mesh: FVMesh, cellConductivity: CellConductivities,
              heightAxis: Int = 2) throws {
    let location = "cold plate \(name)"
    guard flow.inlets.count == 1, let inlet = flow.inlets.first else {
      throw CoolingError.invalidInput(location: location, expected: "one coolant inlet",
                                      found: "\(flow.inlets.count)")
    }
    let cells = (0..<mesh.cellCount).filter { flow.isFluidCell[$0] }
    guard !cells.isEmpty else {
      throw CoolingError.invalidInput(location: location, expected: "porous stack cells in the flow", found: "none")
    }
    var local = [Int](repeating: -1, count: mesh.cellCount)
    for (i, c) in cells.enumerated() { local[c] = i }
    let m = flow.inflow(inlet)
    guard m > 0, m.isFinite else {
      throw CoolingError.invalidInput(location: location, expected: "coolant entering at inlet \(inlet.name)",
                                      found: "\(m) kg/s")
    }
    let props = try flow.coolant.properties(at: inlet.temperature, context: location)
    // Interstitial velocity per cell: u = (1/(φV)) Σ_f (F_f/ρ)(x_f − x_c), exact for uniform flow on any cell.
    var velocity = [SIMD3<Double>](repeating: .zero, count: cells.count)
    var inflow: [(down: Int, up: Int, flux: Double)] = []
    var outflow: [(cell: Int, flux: Double)] = []
    let inletFaces = Set(inlet.faces)
    for f in 0..<mesh.faceCount {
      let flux = flow.massFlux[f]
      let p = Int(mesh.faceOwner[f])
      let q = f < mesh.internalFaceCount ? Int(mesh.faceNeighbour[f]) : -1
      if flux != 0 {
        if local[p] >= 0 { velocity[local[p]] += flux / props.density * (mesh.faceCentroid[f] - mesh.cellCentroid[p]) }
        if q >= 0, local[q] >= 0 {
          velocity[local[q]] += flux / props.density * (mesh.faceCentroid[f] - mesh.cellCentroid[q]) * -1
        }
      }
      if q < 0 {
        guard local[p] >= 0, flux != 0 else { continue }
        if inletFaces.contains(f) { inflow.append((local[p], -1, -flux)) } else { outflow.append((local[p], flux)) }
      } else if flux > 0, local[q] >= 0 {
        inflow.append((local[q], local[p], flux))
      } else if flux < 0, local[p] >= 0 {
        inflow.append((local[p], local[q], -flux))
      }
    }
    var exchange: [Double] = []
    var hSum = 0.0
    var hCell: [Double] = []
    for (i, c) in cells.enumerated() {
      let u = (velocity[i] * velocity[i]).sum().squareRoot() / (mesh.cellVolume[c] * stack.porosity)
      let h = try stack.heatTransferCoefficient(channelVelocity: u, properties: props, name: location)
      hCell.append(h)
      hSum += h
      exchange.append(h * stack.wettedAreaDensity * mesh.cellVolume[c])
    }
    // Channel floor: internal faces between a stack cell and a cell outside the flow, normal along the fin height.
    var floor: [(fluid: Int, solid: Int, conductance: Double)] = []
    for f in 0..<mesh.internalFaceCount {
      let p = Int(mesh.faceOwner[f]), q = Int(mesh.faceNeighbour[f])
      let n = mesh.faceNormal[f]
      guard abs(n[heightAxis]) > 1 - 1e-9, (local[p] >= 0) != (local[q] >= 0) else { continue }
      let (fluid, solid) = local[p] >= 0 ? (local[p], q) : (local[q], p)
      let area = mesh.faceArea[f]
      let d = abs(((mesh.faceCentroid[f] - mesh.cellCentroid[solid]) * n).sum())
      let k = (n * n * cellConductivity[solid]).sum()
      floor.append((fluid, solid, 1 / (1 / (hCell[fluid] * stack.porosity * area) + d / (k * area))))
    }
    self.name = name
    self.stack = stack
    self.flow = flow
    self.massFlow = m
    self.inletTemperature = inlet.temperature
    self.heatTransferCoefficient = hSum / Double(cells.count)
    self.cells = cells
    self.exchange = exchange
    self.floor = floor
    self.inflow = inflow
    self.outflow = outflow
    self.capacity = props.specificHeat
  }

  public var unknownCount: Int { cells.count }
  public var isNonlinear: Bool { true }
  public var isSymmetric: Bool { false }

  public func matrixEntries(_ context: TermContext) -> [SystemEntry] {
    let first = context.firstUnknown
    var entries: [SystemEntry] = []
    for (i, c) in cells.enumerated() {
      entries.append(SystemEntry(row: c, column: first + i))
      entries.append(SystemEntry(row: first + i, column: c))
    }
    for w in floor {
      entries.append(SystemEntry(row: w.solid, column: first + w.fluid))
      entries.append(SystemEntry(row: first + w.fluid, column: w.solid))
    }
    for e in inflow where e.up >= 0 { entries.append(SystemEntry(row: first + e.down, column: first + e.up)) }
    return entries
  }

  public func assemble(into a: inout SystemAssembly, _ context: TermContext) {
    let first = context.firstUnknown
    let tRef = a.referenceTemperature
    for (i, c) in cells.enumerated() {
      let g = exchange[i]
      a.addDiagonal(c, g)
      a.add(-g, row: c, column: first + i)
      a.addDiagonal(first + i, g)
      a.add(-g, row: first + i, column: c)
    }
    for w in floor {
      a.addDiagonal(w.solid, w.conductance)
      a.add(-w.conductance, row: w.solid, column: first + w.fluid)
      a.addDiagonal(first + w.fluid, w.conductance)
      a.add(-w.conductance, row: first + w.fluid, column: w.solid)
    }
    for e in inflow {
      let fc = e.flux * capacity
      a.addDiagonal(first + e.down, fc)
      if e.up >= 0 { a.add(-fc, row: first + e.down, column: first + e.up) } else {
        a.addSource(first + e.down, fc * (inletTemperature - tRef))
      }
    }
  }

  /// Coolant temperature of each stack cell, K, in mesh-cell order of the stack (the state's, or T_in before a solve).
  public func coolantTemperatures(_ context: TermContext) -> [Double] {
    let first = context.firstUnknown
    guard context.temperature.count >= first + cells.count else {
      return [Double](repeating: inletTemperature, count: cells.count)
    }
    return Array(context.temperature[first..<(first + cells.count)])
  }

  /// Mesh cells of the stack, in the order of `coolantTemperatures`.
  public var stackCells: [Int] { cells }

  public mutating func update(_ context: TermContext) throws {
    let t = coolantTemperatures(context)
    let hIn = try flow.coolant.enthalpy(at: inletTemperature)
    var dh = 0.0, dt = 0.0
    for o in outflow {
      let h = try flow.coolant.properties(at: t[o.cell], context: "cold plate \(name) outlet").enthalpy
      dh += o.flux * (h - hIn)
      dt += o.flux * (t[o.cell] - inletTemperature)
    }
    if abs(dt) > 1e-9 * massFlow { capacity = dh / dt }
  }

  /// Heat the fins and the floor give the coolant, W: Σ G_P (T_s − T_f) + Σ g (T_N − T_f) (the term's own rows).
  public func heatExchanged(_ context: TermContext) -> Double {
    let t = coolantTemperatures(context)
    var q = 0.0
    for (i, c) in cells.enumerated() { q += exchange[i] * (context.temperature[c] - t[i]) }
    for w in floor { q += w.conductance * (context.temperature[w.solid] - t[w.fluid]) }
    return q
  }

  /// Mixed-cup outlet temperature, K, from Σ F h(T_f) / Σ F.
  public func outletTemperature(_ context: TermContext) -> Double {
    let t = coolantTemperatures(context)
    var m = 0.0, mh = 0.0
    for o in outflow {
      m += o.flux
      mh += o.flux * ((try? flow.coolant.enthalpy(at: t[o.cell])) ?? .nan)
    }
    return (try? flow.coolant.temperature(enthalpy: mh / m)) ?? .nan
  }

  /// Heat into the coolant, W: ṁ(h_out − h_in) from the outlet's mixed cup.
  public func heatToLiquid(_ context: TermContext) -> Double {
    let t = coolantTemperatures(context)
    let hIn = (try? flow.coolant.enthalpy(at: inletTemperature)) ?? .nan
    var q = 0.0
    for o in outflow { q += o.flux * (((try? flow.coolant.enthalpy(at: t[o.cell])) ?? .nan) - hIn) }
    return q
  }

  public func heatStreams(_ context: TermContext) -> [HeatStream] {
    [HeatStream(name: "coolant", heatIn: -heatExchanged(context))]
  }

  /// heat_to_liquid (W, ṁ(h_out − h_in)), mass_flow (kg/s), inlet and outlet (mixed-cup) temperatures (K), the fin
  /// channel's heat_transfer_coefficient (W/(m²·K)) and the stack's exchange_conductance Σ h·a·V (W/K).
  public func metrics(_ context: TermContext) -> [TermMetric] {
    [
      TermMetric(name: "heat_to_liquid", value: heatToLiquid(context), units: "W"),
      TermMetric(name: "mass_flow", value: massFlow, units: "kg/s"),
      TermMetric(name: "inlet_temperature", value: inletTemperature, units: "K"),
      TermMetric(name: "outlet_temperature", value: outletTemperature(context), units: "K"),
      TermMetric(name: "heat_transfer_coefficient", value: heatTransferCoefficient, units: "W/(m2*K)"),
      TermMetric(name: "exchange_conductance", value: exchange.reduce(0, +), units: "W/K"),
    ]
  }

  /// The coolant unknowns at the inlet, tied to T_in, and their cells.
  public func anchoredUnknowns(_ context: TermContext) -> [Int] {
    let first = context.firstUnknown
    return inflow.filter { $0.up < 0 }.flatMap { [first + $0.down, cells[$0.down]] }
  }
}
