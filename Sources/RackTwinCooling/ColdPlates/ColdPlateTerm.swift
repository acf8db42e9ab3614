import Foundation
import RackTwinMesh
import RackTwinThermal

/// A datasheet cold plate on a boundary patch of a 3-D part: its coolant flows along a stated direction over the
/// patch as a 1-D path of N segments, each taking heat from the faces beneath it, so the downstream end runs hotter.
///
/// DESIGN §3.3 (a); the plate's law is a `ColdPlateCurve` (datasheet fit). The whole-plate conductance is the
/// effective UA of the curve at this flow, UA_eff (R(ṁ) = 1/[ṁc_p(1 − e^(−UA_eff/ṁc_p))], R_base folded in), shared
/// among the patch faces by area. Face f (area A_f, owner cell P at distance d_f with normal conductivity k_f) couples
/// its cell to the coolant with g_f = 1/(d_f/(k_f A_f) + A/(UA_eff A_f)). Segment s (faces F_s, G_s = Σ g_f, coolant
/// capacity rate C_s = ṁ c̄_p) is an exchanger past a wall at the conductance-weighted cell temperature: its heat is
/// C_s ε_s (T̄_w − T_(s−1)) with ε_s = 1 − e^(−G_s/C_s) (Incropera 6th ed. Eq. 8.45b), face f's share
/// w_f (T_P − T_(s−1)) with w_f = g_f C_s ε_s / G_s, and its outlet T_s = T_(s−1) + heat/C_s. The exponential makes a
/// segment exact for a uniform wall, so an isothermal patch gives back R(ṁ) for any N; N resolves the wall's variation
/// along the flow. c̄_p is the segment's mean [h(T_s) − h(T_(s−1))]/(T_s − T_(s−1)) at the latest iterate (a Picard
/// update), so the heat to the coolant ṁ(h_out − h_in) closes the energy balance exactly at convergence.
///
/// Faces are assigned to segments by their position along the flow direction, in equal shares of the patch area
/// (faces at the same position go together). The case temperature is the area-weighted mean of the patch's face
/// temperatures, each T_P − q_f d_f/k_f (the face value its heat flow implies, as `patchMean` and boundary probes
/// read it); the plate's resistance is R = (T_case − T_in)/Q with Q the heat to the coolant.
///
/// **Thermal mass** (transients, `withThermalMass`): the plate's metal and the coolant it holds are one lumped node
/// per patch face, of heat capacity C_f (the plate's total split over the faces by their conductance share g⁰_f/Σg⁰),
/// coupled to the face's own cell by g⁰_f, the face's conductance at the plate's flow at t = 0, held as the flow
/// changes (copper conducts whatever the flow). Each node is a dead end joined to one cell only: in a steady state it
/// carries no heat and moves none between cells, so steady answers are those of the plate without mass (a node per
/// segment would join the cells of a segment and spread heat across the patch, which the steady plate does not); when the flow falls, the coolant stream takes less (none at f → 0)
/// and the node stores what the cells give it. The coolant stream itself stays quasi-steady (its segments have no
/// capacity): the coolant's heat capacity is in the node.
///
/// **Flow schedule** (`withFlowSchedule`): the flow is ṁ(t) = f(t)·ṁ₀; at each time the plate's UA_eff, face
/// conductances and segment capacity rates are those of ṁ(t) (R(ṁ) from the datasheet curve, extrapolated below its
/// range). f is floored at `minimumFlowFraction` so that the coolant rows stay regular; the heat the floored stream
/// carries is ≤ 1e-9 of the nominal capacity rate times the wall-to-inlet difference.
public struct ColdPlateTerm: ThermalTerm {
  /// The smallest flow fraction a schedule reaches (f(t) below it is taken as this).
  public static let minimumFlowFraction = 1e-9
  public let name: String
  public let curve: ColdPlateCurve
  /// Coolant mass flow through the plate, kg/s (at the schedule's current time, with a schedule).
  public private(set) var massFlow: Double
  /// The mass flow the plate was made with (f = 1), kg/s.
  public let nominalMassFlow: Double
  /// Coolant inlet temperature, K.
  public let inletTemperature: Double
  /// Segments of the coolant path.
  public let segmentCount: Int
  /// UA_eff of the whole plate at `massFlow`, W/K.
  public private(set) var effectiveConductance: Double
  let owners: [Int]
  let faceArea: [Double]
  let faceSegment: [Int]
  /// g_f, W/K: cell to coolant.
  private(set) var faceConductance: [Double]
  /// d_f/(k_f A_f), K/W: cell centre to face.
  let halfCellResistance: [Double]
  /// G_s, W/K.
  private(set) var segmentConductance: [Double]
  /// g⁰_f, W/K: cell to its face's lumped plate node (g_f at the nominal flow); used only with a thermal mass.
  let nodeConductance: [Double]
  /// C_f of each face's plate node, J/K, in patch order; empty: no thermal mass (no nodes).
  public private(set) var nodeCapacity: [Double] = []
  /// f(t), the flow fraction; nil: the flow stays `nominalMassFlow`.
  public private(set) var flowSchedule: (@Sendable (Double) -> Double)? = nil
  /// C_s = ṁ c̄_p, W/K (updated by Picard).
  var segmentCapacity: [Double]
  /// Whether c_p is held at the value the plate was made with (no Picard update): the term is then linear, so a
  /// model of such plates at fixed flows superposes (`CompactTrayBuilder`).
  public let fixesSpecificHeat: Bool

  /// A plate on `patch` of `mesh`.
  /// - Parameters:
  ///   - cellConductivity: the model's cell conductivities (`ThermalModel.cellConductivity`), for the half-cell
  ///     conduction from each patch cell to its face.
  ///   - flowDirection: the coolant's direction over the patch (any length); it must not be normal to the patch.
  ///   - segments: N ≥ 1.
  ///   - specificHeat: a coolant c_p (J/(kg·K)) to hold for every segment (the term is then linear); nil starts from
  ///     c_p at the inlet and updates it by Picard.
  /// - Throws: `CoolingError.invalidInput` naming the plate for an unknown or empty patch, a patch face that is not a
  ///   boundary face, a non-positive flow, N < 1, or a zero direction; `temperatureOutOfRange` for an inlet outside
  ///   the coolant's data.
  public init(name: String, curve: ColdPlateCurve, mesh: FVMesh, patch: String, cellConductivity: CellConductivities,
              massFlow: Double, inletTemperature: Double, flowDirection: SIMD3<Double>, segments: Int = 20,
              specificHeat: Double? = nil) throws {
    let location = "cold plate \(name)"
    guard let p = mesh.patch(named: patch) else {
      throw CoolingError.invalidInput(location: location, expected: "a patch of the mesh, one of ["
                                        + mesh.patches.map(\.name).joined(separator: ", ") + "]", found: "\"\(patch)\"")
    }
    guard !p.faces.isEmpty, p.faces.allSatisfy({ $0 >= mesh.internalFaceCount && $0 < mesh.faceCount }) else {
      throw CoolingError.invalidInput(location: location, expected: "a non-empty patch of boundary faces",
                                      found: "patch \(patch) with \(p.faces.count) faces")
    }
    guard massFlow.isFinite, massFlow > 0 else {
      throw CoolingError.invalidInput(location: location, expected: "a positive coolant mass flow",
                                      found: "\(massFlow) kg/s")
    }
    guard segments >= 1 else {
      throw CoolingError.invalidInput(location: location, expected: "at least 1 segment", found: "\(segments)")
    }
    let length = (flowDirection * flowDirection).sum().squareRoot()
    guard length > 0, length.isFinite else {
      throw CoolingError.invalidInput(location: location, expected: "a non-zero flow direction", found: "\(flowDirection)")
    }
    let direction = flowDirection / length
    if let specificHeat {
      guard specificHeat.isFinite, specificHeat > 0 else {
        throw CoolingError.invalidInput(location: location, expected: "a positive coolant specific heat",
                                        found: "\(specificHeat) J/(kg·K)")
      }
    }
    let cp = try specificHeat ?? curve.coolant.specificHeat(at: inletTemperature)
    let faces = p.faces
    let area = faces.map { mesh.faceArea[$0] }
    let totalArea = area.reduce(0, +)
    let ua = curve.effectiveConductance(massFlow: massFlow)
    var owners: [Int] = []
    var half: [Double] = []
    var g: [Double] = []
    for (i, f) in faces.enumerated() {
      let c = Int(mesh.faceOwner[f])
      let n = mesh.faceNormal[f]
      let d = abs(((mesh.faceCentroid[f] - mesh.cellCentroid[c]) * n).sum())
      let k = (n * n * cellConductivity[c]).sum()
      let rHalf = d / (k * area[i])
      owners.append(c)
      half.append(rHalf)
      g.append(1 / (rHalf + totalArea / (ua * area[i])))
    }
    // Segments: equal shares of the area along the flow; faces at one position (within 1e-9 of the extent) together.
    let xi = faces.map { (mesh.faceCentroid[$0] * direction).sum() }
    let order = xi.indices.sorted { xi[$0] < xi[$1] }
    let extent = max(xi.max()! - xi.min()!, 1e-300)
    var segment = [Int](repeating: 0, count: faces.count)
    var start = 0
    var before = 0.0
    while start < order.count {
      var end = start
      var groupArea = 0.0
      while end < order.count && xi[order[end]] - xi[order[start]] <= 1e-9 * extent {
        groupArea += area[order[end]]
        end += 1
      }
      let s = min(segments - 1, Int(Double(segments) * (before + 0.5 * groupArea) / totalArea))
      for i in start..<end { segment[order[i]] = s }
      before += groupArea
      start = end
    }
    var gs = [Double](repeating: 0, count: segments)
    for (i, s) in segment.enumerated() { gs[s] += g[i] }
    self.name = name
    self.curve = curve
    self.massFlow = massFlow
    self.nominalMassFlow = massFlow
    self.nodeConductance = g
    self.inletTemperature = inletTemperature
    self.segmentCount = segments
    self.effectiveConductance = ua
    self.owners = owners
    self.faceArea = area
    self.faceSegment = segment
    self.faceConductance = g
    self.halfCellResistance = half
    self.segmentConductance = gs
    self.segmentCapacity = [Double](repeating: massFlow * cp, count: segments)
    self.fixesSpecificHeat = specificHeat != nil
  }

  /// The plate with a thermal mass of `capacity` J/K (metal and the coolant it holds), split over the patch faces by
  /// their conductance share; 0 leaves the plate without nodes (quasi-steady).
  /// - Throws: `CoolingError.invalidInput` naming the plate for a negative or non-finite capacity.
  public func withThermalMass(_ capacity: Double) throws -> ColdPlateTerm {
    guard capacity.isFinite, capacity >= 0 else {
      throw CoolingError.invalidInput(location: "cold plate \(name)", expected: "a thermal mass ≥ 0 J/K",
                                      found: "\(capacity) J/K")
    }
    var t = self
    guard capacity > 0 else { t.nodeCapacity = []; return t }
    let total = nodeConductance.reduce(0, +)
    t.nodeCapacity = nodeConductance.map { capacity * $0 / total }
    return t
  }

  /// The plate whose flow follows ṁ(t) = f(t)·ṁ₀ (f ≥ 0, floored at `minimumFlowFraction`); `setTime` applies it.
  public func withFlowSchedule(_ schedule: @escaping @Sendable (Double) -> Double) -> ColdPlateTerm {
    var t = self
    t.flowSchedule = schedule
    return t
  }

  /// Whether the plate has lumped nodes (a thermal mass).
  public var hasThermalMass: Bool { !nodeCapacity.isEmpty }

  public var unknownCount: Int { segmentCount + nodeCapacity.count }
  public var dependsOnTime: Bool { flowSchedule != nil }
  public var isNonlinear: Bool { !fixesSpecificHeat }

  /// Moves the flow to f(t)·ṁ₀: UA_eff(ṁ), the face conductances g_f and the capacity rates C_s = ṁ c̄_p (each
  /// segment keeps its c̄_p).
  public mutating func setTime(_ t: Double) throws {
    guard let schedule = flowSchedule else { return }
    let f = schedule(t)
    guard f.isFinite, f >= 0 else {
      throw CoolingError.invalidInput(location: "cold plate \(name)", expected: "a flow fraction ≥ 0",
                                      found: "\(f) at t = \(t) s")
    }
    setMassFlow(max(f, Self.minimumFlowFraction) * nominalMassFlow)
  }

  mutating func setMassFlow(_ m: Double) {
    guard m != massFlow else { return }
    var ua = curve.effectiveConductance(massFlow: m)
    // At very low flow 1/(ṁc_p R) rounds to 1 and UA_eff to ∞; its limit there is the exchanger's own UA(ṁ).
    if !ua.isFinite { ua = curve.conductance(massFlow: m) }
    let totalArea = faceArea.reduce(0, +)
    var gs = [Double](repeating: 0, count: segmentCount)
    for i in faceConductance.indices {
      faceConductance[i] = 1 / (halfCellResistance[i] + totalArea / (ua * faceArea[i]))
      gs[faceSegment[i]] += faceConductance[i]
    }
    for s in segmentCapacity.indices { segmentCapacity[s] *= m / massFlow }
    segmentConductance = gs
    effectiveConductance = ua
    massFlow = m
  }

  public func ownHeatCapacity(_ context: TermContext) -> [Double] {
    [Double](repeating: 0, count: segmentCount) + nodeCapacity
  }

  /// The state the plate rests in over the cells `context.temperature` (cells only): the coolant marched along the
  /// segments, each node at its cell's temperature (its steady value).
  public func initialOwnTemperatures(_ context: TermContext) -> [Double]? {
    let cells = context.temperature
    guard cells.count >= context.mesh.cellCount else { return nil }
    var wall = [Double](repeating: 0, count: segmentCount)
    for (i, c) in owners.enumerated() { wall[faceSegment[i]] += faceConductance[i] * cells[c] }
    var coolant: [Double] = []
    var upstream = inletTemperature
    let eps = segmentEffectiveness
    for s in 0..<segmentCount {
      if segmentConductance[s] > 0 { upstream += eps[s] * (wall[s] / segmentConductance[s] - upstream) }
      coolant.append(upstream)
    }
    return coolant + (hasThermalMass ? owners.map { cells[$0] } : [])
  }
  public var isSymmetric: Bool { false }

  /// ε_s of each segment.
  var segmentEffectiveness: [Double] {
    zip(segmentConductance, segmentCapacity).map { g, c in -expm1(-g / c) }
  }

  /// w_f of each face, W/K.
  var faceWeights: [Double] {
    let eps = segmentEffectiveness
    return faceConductance.indices.map { i in
      let s = faceSegment[i]
      return faceConductance[i] * segmentCapacity[s] * eps[s] / segmentConductance[s]
    }
  }

  public func matrixEntries(_ context: TermContext) -> [SystemEntry] {
    let first = context.firstUnknown
    var entries: [SystemEntry] = []
    for s in 1..<max(segmentCount, 1) { entries.append(SystemEntry(row: first + s, column: first + s - 1)) }
    for (i, c) in owners.enumerated() {
      let s = faceSegment[i]
      entries.append(SystemEntry(row: first + s, column: c))
      if s > 0 { entries.append(SystemEntry(row: c, column: first + s - 1)) }
      if hasThermalMass {
        entries.append(SystemEntry(row: c, column: first + segmentCount + i))
        entries.append(SystemEntry(row: first + segmentCount + i, column: c))
      }
    }
    return entries
  }

  public func assemble(into a: inout SystemAssembly, _ context: TermContext) {
    let first = context.firstUnknown
    let tRef = a.referenceTemperature
    let w = faceWeights
    let eps = segmentEffectiveness
    for (i, c) in owners.enumerated() {
      let s = faceSegment[i]
      a.addDiagonal(c, w[i])
      a.add(-w[i], row: first + s, column: c)
      if s == 0 { a.addSource(c, w[i] * (inletTemperature - tRef)) } else { a.add(-w[i], row: c, column: first + s - 1) }
    }
    // Segment s: C_s T_s − C_s(1 − ε_s) T_(s−1) − Σ w_f T_P = 0 (Σ w_f = C_s ε_s).
    for s in 0..<segmentCount {
      let c = segmentCapacity[s]
      a.addDiagonal(first + s, c)
      let upstream = c * (1 - eps[s])
      if s == 0 { a.addSource(first, upstream * (inletTemperature - tRef)) } else {
        a.add(-upstream, row: first + s, column: first + s - 1)
      }
    }
    // Plate nodes: g⁰_f (T_P − T_node,f) from each face to its own node; a dead end in a steady state.
    guard hasThermalMass else { return }
    for (i, c) in owners.enumerated() {
      let node = first + segmentCount + i
      let g = nodeConductance[i]
      a.addDiagonal(c, g)
      a.add(-g, row: c, column: node)
      a.addDiagonal(node, g)
      a.add(-g, row: node, column: c)
    }
  }

  /// Temperatures of the plate's lumped nodes (one per patch face, in patch order), K; empty without a thermal mass.
  public func nodeTemperatures(_ context: TermContext) -> [Double] {
    let start = context.firstUnknown + segmentCount
    guard hasThermalMass, context.temperature.count >= start + owners.count else { return [] }
    return Array(context.temperature[start..<(start + owners.count)])
  }

  /// Coolant temperatures at the segment outlets, K (from a solved or iterated state).
  public func segmentTemperatures(_ context: TermContext) -> [Double] {
    guard context.temperature.count >= context.firstUnknown + segmentCount else {
      return [Double](repeating: inletTemperature, count: segmentCount)
    }
    return Array(context.temperature[context.firstUnknown..<(context.firstUnknown + segmentCount)])
  }

  public mutating func update(_ context: TermContext) throws {
    guard !fixesSpecificHeat else { return }
    let t = segmentTemperatures(context)
    var upstream = inletTemperature
    for s in 0..<segmentCount {
      // Under a flow schedule the coolant may stagnate at the wall's temperature, past its data (boiling is not
      // modelled): that segment keeps its c̄_p, and `coolant_outside_data` says so. A steady plate stops instead.
      if flowSchedule != nil, !(curve.coolant.range.contains(t[s]) && curve.coolant.range.contains(upstream)) {
        upstream = t[s]
        continue
      }
      let where_ = "cold plate \(name), coolant segment \(s + 1) of \(segmentCount)"
      let h1 = try curve.coolant.properties(at: t[s], context: where_).enthalpy
      let h0 = try curve.coolant.enthalpy(at: upstream)
      let dt = t[s] - upstream
      let cp = abs(dt) > 1e-9 ? (h1 - h0) / dt : try curve.coolant.specificHeat(at: t[s])
      segmentCapacity[s] = massFlow * cp
      upstream = t[s]
    }
  }

  /// Heat through each patch face, W, in patch order: into the coolant, and into the plate's node with a thermal mass.
  public func faceHeat(_ context: TermContext) -> [Double] {
    let t = segmentTemperatures(context)
    let nodes = nodeTemperatures(context)
    let w = faceWeights
    return owners.indices.map { i in
      let s = faceSegment[i]
      let tp = context.temperature[owners[i]]
      let stored = nodes.isEmpty ? 0 : nodeConductance[i] * (tp - nodes[i])
      return w[i] * (tp - (s == 0 ? inletTemperature : t[s - 1])) + stored
    }
  }

  /// Heat into the coolant, W: ṁ(h_out − h_in) (C_s-weighted rises if the coolant left its data, or with a held c_p).
  public func heatToLiquid(_ context: TermContext) -> Double {
    let t = segmentTemperatures(context)
    if !fixesSpecificHeat, let hOut = try? curve.coolant.enthalpy(at: t[segmentCount - 1]),
       let hIn = try? curve.coolant.enthalpy(at: inletTemperature) {
      return massFlow * (hOut - hIn)
    }
    var q = 0.0
    var upstream = inletTemperature
    for s in 0..<segmentCount {
      q += segmentCapacity[s] * (t[s] - upstream)
      upstream = t[s]
    }
    return q
  }

  /// The case temperature, K: the area-weighted mean of the patch's face temperatures T_P − q_f d_f/(k_f A_f).
  public func caseTemperature(_ context: TermContext) -> Double {
    let q = faceHeat(context)
    var sum = 0.0
    for i in owners.indices { sum += faceArea[i] * (context.temperature[owners[i]] - q[i] * halfCellResistance[i]) }
    return sum / faceArea.reduce(0, +)
  }

  public func heatStreams(_ context: TermContext) -> [HeatStream] {
    [HeatStream(name: "\(name) coolant", heatIn: -heatToLiquid(context))]
  }

  /// heat_to_liquid (W), inlet/outlet/case temperatures (K), resistance (T_case − T_in)/Q and the datasheet's R(ṁ)
  /// (K/W), UA_eff (W/K), extrapolated (1 when the flow is outside the data's range, else 0), pressure_drop (Pa) when
  /// the datasheet gives ΔP; with a thermal mass plate_temperature (K, the nodes' capacity-weighted mean), with a flow
  /// schedule flow_fraction (1).
  public func metrics(_ context: TermContext) -> [TermMetric] {
    let q = heatToLiquid(context)
    let tCase = caseTemperature(context)
    var m = [
      TermMetric(name: "heat_to_liquid", value: q, units: "W"),
      TermMetric(name: "inlet_temperature", value: inletTemperature, units: "K"),
      TermMetric(name: "outlet_temperature", value: segmentTemperatures(context)[segmentCount - 1], units: "K"),
      TermMetric(name: "case_temperature", value: tCase, units: "K"),
      TermMetric(name: "resistance", value: (tCase - inletTemperature) / q, units: "K/W"),
      TermMetric(name: "datasheet_resistance", value: curve.resistance(massFlow: massFlow), units: "K/W"),
      TermMetric(name: "effective_conductance", value: effectiveConductance, units: "W/K"),
      TermMetric(name: "extrapolated", value: curve.isExtrapolated(massFlow: massFlow) ? 1 : 0, units: "1"),
    ]
    if let dp = curve.pressureDrop(massFlow: massFlow) {
      m.append(TermMetric(name: "pressure_drop", value: dp, units: "Pa"))
    }
    let nodes = nodeTemperatures(context)
    if !nodes.isEmpty {
      // The capacity-weighted mean of the plate's nodes, and the flow fraction now.
      let c = nodeCapacity.reduce(0, +)
      m.append(TermMetric(name: "plate_temperature", value: zip(nodes, nodeCapacity).reduce(0) { $0 + $1.0 * $1.1 } / c,
                          units: "K"))
    }
    if flowSchedule != nil {
      m.append(TermMetric(name: "flow_fraction", value: massFlow / nominalMassFlow, units: "1"))
      let outside = segmentTemperatures(context).contains { !curve.coolant.range.contains($0) }
      m.append(TermMetric(name: "coolant_outside_data", value: outside ? 1 : 0, units: "1"))
    }
    return m
  }

  /// The first segment (tied to the inlet) and the cells beneath it.
  public func anchoredUnknowns(_ context: TermContext) -> [Int] {
    [context.firstUnknown] + owners.indices.filter { faceSegment[$0] == 0 }.map { owners[$0] }
  }
}
