import Foundation
import RackTwinMesh
import RackTwinNumerics
import RackTwinThermal

/// A 3-D conjugate solve of a long straight channel for its fully developed laminar fRe and Nusselt numbers, with no
/// correlation applied (issue 13, the Shah & London check): a fluid channel inside a one-cell wall, the resolved
/// profile of `ResolvedChannelFlow` carried by an `AdvectionTerm`, conduction everywhere, solved by
/// `SteadyThermalSolver`, and the values read off the temperatures far downstream.
///
/// - Section: a rectangle b × b/α (b = 1 mm, n cells across b, square cells) on a rectilinear mesh, or a circle of
///   radius 1 mm on a polar mesh (wedges at the axis, hexahedra in rings; the wall is the inscribed polygon with
///   `sectors` sides). The wall ring is one cell thick.
/// - Heating H1 (axially uniform heat input, peripherally uniform wall temperature): a uniform heat flux on the
///   outside of the wall, whose conductivity across the channel is 10³ k_f and along it k_f. The wall makes the
///   periphery isothermal; its axial conductivity is kept at the fluid's because a highly conducting wall would also
///   carry heat along the channel from its adiabatic ends (the axial wall-conduction effect, over about
///   k_w A_w / (ṁ c_p) upstream of the outlet) and the heat input would no longer be axially uniform.
/// - Heating T (uniform wall temperature): the outside of the same wall held at T_w, the inlet at T_w + 10 K.
/// - Constant properties: a water-like constant-property coolant (997 kg/m³, 8.9e-4 Pa·s, 4180 J/kg/K, 0.6 W/m/K).
/// - Advection is upwind: along the channel the fully developed fields are linear (H1), on which upwind is exact, or
///   geometric (T), on which each upwind slice is a step of inverse iteration on the cross-section's eigenproblem,
///   so the local Nu_T is the discrete cross-section's eigenvalue whatever the axial step.
///
/// Local values at slice k: the heat into the fluid through its wall faces (two-point fluxes as the solver assembles
/// them, W), the wall temperature (area mean of those faces' temperatures), the mixed-cup bulk temperature
/// Σ w A T / Σ w A; Nu = q'' D_h / (k (T_w − T_b)), q'' = Q / (P Δz). fRe comes from the 3-D face mass fluxes of the
/// middle slice: the mean wall shear τ̄ = Σ μ w_P / d_P · ℓ / P of the FV wall gradient, fRe = 2 τ̄ D_h / (μ w̄); the
/// flow solve has no 3-D pressure field (its pressure drop is the cross-section's), and that value is reported beside
/// it. D_h is 4A/P of the discrete section (exact for the rectangle; the polygon's for the circle).
public struct StraightChannelSolve: Sendable {
  /// The channel's cross-section and its resolution.
  public enum Section: Sendable, Equatable, CustomStringConvertible {
    /// b × b/α, α ≤ 1, `cellsAcrossShortSide` square cells across b.
    case rectangle(aspectRatio: Double, cellsAcrossShortSide: Int)
    /// A circle on a polar mesh: `rings` cells from the axis to the wall, `sectors` around.
    case circle(rings: Int, sectors: Int)

    public var description: String {
      switch self {
      case .rectangle(let a, let n): return "rectangle α = \(a), \(n) cells across the short side"
      case .circle(let r, let s): return "circle, \(r) rings × \(s) sectors"
      }
    }
  }

  /// The thermal wall condition.
  public enum Heating: String, Sendable, CaseIterable {
    /// Axially uniform heat input, peripherally uniform wall temperature.
    case h1 = "H1"
    /// Uniform wall temperature.
    case t = "T"
  }

  public var section: Section
  public var heating: Heating
  /// Pe = ρ c_p w̄ D_h / k of the flow.
  public var peclet: Double
  /// Channel length over D_h.
  public var lengthInDiameters: Double
  /// Cells along the channel.
  public var axialCells: Int
  /// H1: where the local values are read, as a fraction of the length (the slice containing it). T: ignored; the
  /// values are read at the first slice where T_w − T_b has decayed below `decay` of the inlet difference.
  public var station: Double = 0.5
  /// T: the decay of (T_w − T_b)/(T_w − T_in) that marks "far downstream".
  public var decay: Double = exp(-10)

  /// - Parameters: see the properties. Defaults: H1 at Pe = 2 over 8 D_h in 32 cells (fully developed H1 does not
  ///   depend on Pe, and at low Pe axial conduction shortens the entry to about 3 D_h); T at Pe = 50 (the axial
  ///   conduction correction of Nu_T is of order 1.2/Pe², 5e-4, Shah & London 1978 ch. V) over 60 D_h in 60 cells.
  public init(section: Section, heating: Heating, peclet: Double? = nil, lengthInDiameters: Double? = nil,
              axialCells: Int? = nil) {
    self.section = section
    self.heating = heating
    self.peclet = peclet ?? (heating == .h1 ? 2 : 50)
    self.lengthInDiameters = lengthInDiameters ?? (heating == .h1 ? 8 : 60)
    self.axialCells = axialCells ?? (heating == .h1 ? 32 : 60)
  }

  /// What one solve gives.
  public struct Result: Sendable {
    /// Fanning fRe from the wall shear of the 3-D face fluxes.
    public var fanningFRe: Double
    /// Fanning fRe from the flow solve's pressure drop, ΔP D_h² / (2 μ w̄ L).
    public var fanningFReFromPressureDrop: Double
    /// Local Nu (H1 or T, per `heating`) at the station.
    public var nusselt: Double
    /// Local Nu at every slice, with the slice centre's z / D_h (NaN where T_w − T_b vanishes to rounding).
    public var nusseltAlong: [(z: Double, nusselt: Double)]
    /// The station's z / D_h.
    public var stationPosition: Double
    /// (max − min)/(T_w − T_b) of the wall-face temperatures around the periphery at the station.
    public var wallTemperatureSpread: Double
    /// Heat into the fluid per length at the station over the heat put in per length (H1; 1 when fully developed).
    public var heatInputRatio: Double
    /// D_h (m), 4A/P of the discrete section.
    public var hydraulicDiameter: Double
    /// Cells of the 3-D mesh, and of one cross-section of the fluid.
    public var cellCount: Int
    public var sectionCells: Int
    /// Relative energy balance of the 3-D solve.
    public var energyBalance: Double
    /// Wall-clock seconds of mesh, flow and thermal solve.
    public var seconds: Double
  }

  /// The constant-property coolant of the solve.
  public static let coolant = Coolant.constant(name: "water-constant", density: 997, viscosity: 8.9e-4,
                                               specificHeat: 4180, conductivity: 0.6)

  /// Builds the mesh, solves flow and heat, and reads the values.
  public func run() throws -> Result {
    let start = ContinuousClock.now
    let props = try Self.coolant.properties(at: 300, context: "straight channel")
    let kf = props.conductivity
    let (mesh, outer) = try buildMesh()
    let region = try FlowRegion(mesh: mesh, regions: ["channel"], inlet: "inlet", outlet: "outlet")
    let channel = try ResolvedChannelFlow(mesh: mesh, region: region, coolant: Self.coolant)
    let dh = channel.profile.hydraulicDiameter, area = channel.profile.area
    let perimeter = channel.profile.wettedPerimeter
    let mdot = peclet * kf * area / (props.specificHeat * dh)
    let tWall = 300.0, tIn = heating == .t ? 310.0 : 300.0
    let flow = try channel.solve(massFlow: mdot, inletTemperature: tIn)

    let fluid = try Material(coolant: Self.coolant, at: 300)
    let wall = Material(name: "wall", conductivity: SIMD3(1e3 * kf, 1e3 * kf, kf), density: 8900, specificHeat: 385,
                        source: "idealised wall for the H1/T conditions")
    var model = try ThermalModel(mesh: mesh, regionMaterials: [1: wall, 2: fluid])
    // H1: 10 K rise of the bulk over the channel.
    let heatPerLength = mdot * props.specificHeat * 10 / channel.length
    let outerArea = outer.reduce(0.0) { s, p in s + mesh.patch(named: p)!.faces.reduce(0) { $0 + mesh.faceArea[$1] } }
    let flux = heatPerLength * channel.length / outerArea
    for p in outer { try model.setBoundary(p, heating == .h1 ? .heatFlux(flux) : .temperature(tWall)) }
    model.addTerm(try AdvectionTerm(flow: flow.faceFlow, mesh: mesh, scheme: .upwind))
    var options = SolverOptions(tolerance: heating == .t ? 1e-12 : 1e-9)
    options.maxIterations = 50_000
    let s = try SteadyThermalSolver(options: options).solve(model)
    let t = s.temperature

    // fRe from the middle slice's face fluxes.
    let nz = channel.columns[0].count
    let mid = nz / 2
    var tauLength = 0.0, wq = 0.0
    let mu = props.viscosity, rho = props.density
    for (i, column) in channel.columns.enumerated() {
      let c = column[mid]
      let w = abs(flow.faceFlow.massFlux[channel.columnFaces[i][mid + 1].face]) / (rho * channel.profile.cellArea[i])
      wq += w * channel.profile.cellArea[i]
      for (f, _) in lateralWallFaces(c, mesh: mesh, region: region, axis: channel.profile.axis) {
        let d = abs(((mesh.faceCentroid[f] - mesh.cellCentroid[c]) * mesh.faceNormal[f]).sum())
        let thickness = mesh.cellVolume[c] / channel.profile.cellArea[i]
        tauLength += mu * w / d * mesh.faceArea[f] / thickness
      }
    }
    let wMean = wq / area
    let fRe = 2 * (tauLength / perimeter) * dh / (mu * wMean)
    let fReDP = flow.pressureDrop * dh * dh / (2 * mu * wMean * channel.length)

    // Local Nusselt numbers per slice.
    var along: [(z: Double, nusselt: Double)] = []
    var spreads: [Double] = [], ratios: [Double] = [], excess: [Double] = []
    for k in 0..<nz {
      var q = 0.0, faceArea = 0.0, tw = 0.0, twMin = Double.infinity, twMax = -Double.infinity
      var tb = 0.0, weight = 0.0, dz = 0.0
      for (i, column) in channel.columns.enumerated() {
        let c = column[k]
        dz = mesh.cellVolume[c] / channel.profile.cellArea[i]
        let m = flow.velocity[i] * channel.profile.cellArea[i]
        tb += m * t[c]
        weight += m
        for (f, other) in lateralWallFaces(c, mesh: mesh, region: region, axis: channel.profile.axis) {
          guard let o = other else { continue }  // the wall is always a solid cell here
          let n = mesh.faceNormal[f], xf = mesh.faceCentroid[f]
          let dP = abs(((xf - mesh.cellCentroid[c]) * n).sum()), dN = abs(((mesh.cellCentroid[o] - xf) * n).sum())
          let kP = fluid.normalConductivity(n), kN = wall.normalConductivity(n)
          let a = mesh.faceArea[f]
          let g = a / (dP / kP + dN / kN)
          let heat = g * (t[o] - t[c])
          let tFace = t[c] + heat * dP / (kP * a)
          q += heat
          faceArea += a
          tw += tFace * a
          twMin = min(twMin, tFace)
          twMax = max(twMax, tFace)
        }
      }
      tw /= faceArea
      tb /= weight
      let qFlux = q / faceArea
      let z = mesh.cellCentroid[channel.columns[0][k]]
      let zPos = ((z * channel.profile.axis).sum() - (mesh.faceCentroid[region.inletFaces[0]] * channel.profile.axis).sum())
      let difference = tw - tb
      along.append((zPos / dh, difference == 0 ? .nan : qFlux * dh / (kf * difference)))
      spreads.append((twMax - twMin) / abs(difference))
      ratios.append(q / dz / heatPerLength)
      excess.append(abs(tb - tWall) / (tIn - tWall))
    }
    let k: Int
    switch heating {
    case .h1: k = min(nz - 1, Int(station * Double(nz)))
    case .t:
      guard let first = excess.firstIndex(where: { $0 < decay }) else {
        throw CoolingError.invalidInput(location: "straight channel (\(section), T)",
                                        expected: "T_w − T_b below \(decay) of the inlet's within the channel",
                                        found: "\(excess.last!) at the outlet: lengthen it")
      }
      k = first
    }
    return Result(fanningFRe: fRe, fanningFReFromPressureDrop: fReDP, nusselt: along[k].nusselt, nusseltAlong: along,
                  stationPosition: along[k].z, wallTemperatureSpread: spreads[k], heatInputRatio: ratios[k],
                  hydraulicDiameter: dh, cellCount: mesh.cellCount, sectionCells: channel.columns.count,
                  energyBalance: s.energyBalance.relative, seconds: regionFlowSeconds(since: start))
  }

  /// The faces of fluid cell c across the channel axis that do not lead to another fluid cell, with the cell on
  /// their other side (nil on the domain boundary).
  private func lateralWallFaces(_ c: Int, mesh: FVMesh, region: FlowRegion,
                                axis: SIMD3<Double>) -> [(face: Int, other: Int?)] {
    var out: [(face: Int, other: Int?)] = []
    for j in mesh.cellFaceStart[c]..<mesh.cellFaceStart[c + 1] {
      let f = Int(mesh.cellFaces[j])
      if abs((mesh.faceNormal[f] * axis).sum()) > 0.5 { continue }
      if f < mesh.internalFaceCount {
        let o = Int(mesh.faceOwner[f]) == c ? Int(mesh.faceNeighbour[f]) : Int(mesh.faceOwner[f])
        if !region.contains(o) { out.append((f, o)) }
      } else {
        out.append((f, nil))
      }
    }
    return out
  }

  /// The mesh (region 1 the wall, region 2 the channel; patches `inlet`, `outlet` on the channel's ends) and the
  /// names of the patches on the outside of the wall.
  func buildMesh() throws -> (FVMesh, outer: [String]) {
    switch section {
    case .rectangle(let alpha, let n):
      guard alpha > 0, alpha <= 1, n >= 2 else {
        throw CoolingError.invalidInput(location: "straight channel", expected: "0 < α ≤ 1 and n ≥ 2",
                                        found: "α \(alpha), n \(n)")
      }
      let b = 1e-3, h = b / Double(n)
      let nx = Int((Double(n) / alpha).rounded())
      let width = Double(nx) * h
      let dh = 2 * b * width / (b + width)
      let x = (0...(nx + 2)).map { Double($0 - 1) * h }, y = (0...(n + 2)).map { Double($0 - 1) * h }
      let length = lengthInDiameters * dh
      let z = (0...axialCells).map { length * Double($0) / Double(axialCells) }
      var ids: [Int32] = []
      var inlet: [CellFace] = [], outlet: [CellFace] = []
      for k in 0..<axialCells {
        for j in 0..<(n + 2) {
          for i in 0..<(nx + 2) {
            let isFluid = i > 0 && i <= nx && j > 0 && j <= n
            if isFluid && k == 0 { inlet.append(CellFace(cell: ids.count, localFace: 4)) }
            if isFluid && k == axialCells - 1 { outlet.append(CellFace(cell: ids.count, localFace: 5)) }
            ids.append(isFluid ? 2 : 1)
          }
        }
      }
      let regions = [RegionInfo(name: "wall", id: 1, kind: .solid, material: "wall"),
                     RegionInfo(name: "channel", id: 2, kind: .fluid, material: "water-constant")]
      let mesh = try FVMesh(MeshDefinition(
        geometry: .rectilinear(RectilinearGrid(x: x, y: y, z: z, region: ids)), regions: regions,
        patches: [MeshPatch(name: "inlet", faces: inlet), MeshPatch(name: "outlet", faces: outlet)]))
      return (mesh, ["xmin", "xmax", "ymin", "ymax"])
    case .circle(let rings, let sectors):
      guard rings >= 2, sectors >= 8 else {
        throw CoolingError.invalidInput(location: "straight channel", expected: "≥ 2 rings and ≥ 8 sectors",
                                        found: "\(rings) rings, \(sectors) sectors")
      }
      let r = 1e-3, dr = r / Double(rings)
      let dh = 2 * r * cos(Double.pi / Double(sectors))
      let length = lengthInDiameters * dh
      let nz = axialCells
      // Points per level: the axis, then ring i = 1…rings+1 (the last is the wall's outside), sector j.
      let perLevel = 1 + (rings + 1) * sectors
      var points: [SIMD3<Double>] = []
      for k in 0...nz {
        let z = length * Double(k) / Double(nz)
        points.append(SIMD3(0, 0, z))
        for i in 1...(rings + 1) {
          for j in 0..<sectors {
            let th = 2 * Double.pi * Double(j) / Double(sectors)
            points.append(SIMD3(Double(i) * dr * cos(th), Double(i) * dr * sin(th), z))
          }
        }
      }
      func p(_ k: Int, _ i: Int, _ j: Int) -> Int64 {
        Int64(k * perLevel + (i == 0 ? 0 : 1 + (i - 1) * sectors + (j % sectors)))
      }
      var connectivity: [Int64] = [], offsets: [Int64] = [0], types: [UInt8] = [], region: [Int32] = []
      var inlet: [CellFace] = [], outlet: [CellFace] = [], outerFaces: [CellFace] = []
      for k in 0..<nz {
        for j in 0..<sectors {
          // Wedge: the base (0, 1, 2) turns clockwise seen from its opposite face (VTK).
          connectivity += [p(k, 0, 0), p(k, 1, j + 1), p(k, 1, j), p(k + 1, 0, 0), p(k + 1, 1, j + 1), p(k + 1, 1, j)]
          if k == 0 { inlet.append(CellFace(cell: types.count, localFace: 0)) }
          if k == nz - 1 { outlet.append(CellFace(cell: types.count, localFace: 1)) }
          types.append(VTKCellType.wedge.rawValue)
          region.append(2)
          offsets.append(Int64(connectivity.count))
        }
        for i in 1...rings {
          for j in 0..<sectors {
            // Hexahedron: the base counter-clockwise seen from its opposite face (VTK).
            connectivity += [p(k, i, j), p(k, i + 1, j), p(k, i + 1, j + 1), p(k, i, j + 1),
                             p(k + 1, i, j), p(k + 1, i + 1, j), p(k + 1, i + 1, j + 1), p(k + 1, i, j + 1)]
            let isFluid = i < rings
            if isFluid && k == 0 { inlet.append(CellFace(cell: types.count, localFace: 4)) }
            if isFluid && k == nz - 1 { outlet.append(CellFace(cell: types.count, localFace: 5)) }
            if !isFluid { outerFaces.append(CellFace(cell: types.count, localFace: 1)) }
            types.append(VTKCellType.hexahedron.rawValue)
            region.append(isFluid ? 2 : 1)
            offsets.append(Int64(connectivity.count))
          }
        }
      }
      let regions = [RegionInfo(name: "wall", id: 1, kind: .solid, material: "wall"),
                     RegionInfo(name: "channel", id: 2, kind: .fluid, material: "water-constant")]
      let cells = UnstructuredCells(points: points, connectivity: connectivity, offsets: offsets, types: types,
                                    region: region)
      let mesh = try FVMesh(MeshDefinition(
        geometry: .unstructured(cells), regions: regions,
        patches: [MeshPatch(name: "inlet", faces: inlet), MeshPatch(name: "outlet", faces: outlet),
                  MeshPatch(name: "outer", faces: outerFaces)]))
      return (mesh, ["outer"])
    }
  }
}
