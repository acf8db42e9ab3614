import RackTwinMesh

/// A conduction problem on a finite-volume mesh: conductivity per cell, heat sources, boundary conditions,
/// contact resistances and probes. All SI; temperatures in kelvin. Boundary values and source densities may vary in
/// time (`VaryingValue`): `faceConditions` and `cellSources()` hold their values at `time`, moved by `setTime`.
public struct ThermalModel: Sendable {
  /// A condition on a boundary patch.
  public enum BoundaryCondition: Sendable, Equatable {
    case adiabatic
    /// Fixed temperature, K.
    case temperature(Double)
    /// Imposed heat flux in W/m², positive into the domain.
    case heatFlux(Double)
    /// Convection to an ambient: h in W/(m²·K), ambient in K.
    case convection(h: Double, ambient: Double)
    /// Grey-body radiation to large surroundings: q = εσ(T⁴ − T_sur⁴); surroundings in K.
    case radiation(emissivity: Double, surroundings: Double)
  }

  /// A condition whose values may vary in space and time (`VaryingValue`); evaluated at face centroids.
  public enum VaryingCondition: Sendable, Equatable {
    case adiabatic
    /// Fixed temperature, K.
    case temperature(VaryingValue)
    /// Imposed heat flux in W/m², positive into the domain.
    case heatFlux(VaryingValue)
    /// Convection to an ambient: h in W/(m²·K), ambient in K.
    case convection(h: VaryingValue, ambient: VaryingValue)
    /// Grey-body radiation: emissivity in (0, 1], surroundings in K.
    case radiation(emissivity: Double, surroundings: VaryingValue)

    public var dependsOnTime: Bool {
      switch self {
      case .adiabatic: return false
      case .temperature(let v), .heatFlux(let v): return v.dependsOnTime
      case .convection(let h, let a): return h.dependsOnTime || a.dependsOnTime
      case .radiation(_, let s): return s.dependsOnTime
      }
    }

    /// The condition at point `p` and time `t`.
    public func evaluate(at p: SIMD3<Double>, time t: Double) -> BoundaryCondition {
      switch self {
      case .adiabatic: return .adiabatic
      case .temperature(let v): return .temperature(v.value(at: p, time: t))
      case .heatFlux(let v): return .heatFlux(v.value(at: p, time: t))
      case .convection(let h, let a): return .convection(h: h.value(at: p, time: t), ambient: a.value(at: p, time: t))
      case .radiation(let e, let s): return .radiation(emissivity: e, surroundings: s.value(at: p, time: t))
      }
    }
  }

  /// A volumetric heat source (W/m³) over some regions, integrated over cells by the midpoint rule.
  public struct VolumetricSource: Sendable, Equatable {
    public var name: String
    /// W/m³.
    public var density: VaryingValue
    public internal(set) var cells: [Int]
  }

  /// How a component's power is spread over its cells.
  public enum PowerDistribution: Sendable, Equatable {
    /// Uniform power density: each cell gets power in proportion to its volume.
    case volume
    /// In proportion to volume × `/mesh/power_weight`.
    case weight
  }

  /// A heat-dissipating component: its cells and the share of its power each one gets.
  public struct Component: Sendable, Equatable {
    public var name: String
    /// Region ids the component occupies.
    public var regionIDs: [Int32]
    /// W.
    public var power: Double
    /// Temperature limit in K, if any.
    public var limit: Double?
    /// Power that rises with temperature, if any; `power` then holds the value at the latest temperatures.
    public var leakage: Leakage? = nil
    /// Cells of the component (mesh numbering) and their power fractions (summing to 1).
    public internal(set) var cells: [Int]
    public internal(set) var fractions: [Double]
  }

  /// A thin contact resistance on the faces between two regions.
  public struct ContactResistance: Sendable, Equatable {
    public var regionA: Int32
    public var regionB: Int32
    /// m²·K/W.
    public var resistance: Double
    public init(regionA: Int32, regionB: Int32, resistance: Double) {
      self.regionA = regionA
      self.regionB = regionB
      self.resistance = resistance
    }
  }

  /// A virtual sensor.
  public struct Probe: Sendable, Equatable {
    public var name: String
    /// Metres.
    public var position: SIMD3<Double>
    /// The cell that contains the point.
    public var cell: Int
  }

  public let mesh: FVMesh
  /// Material of each region id.
  public let regionMaterials: [Int32: Material]
  /// Principal conductivities per cell, W/(m·K) (at the latest temperatures where a material has a law).
  public internal(set) var cellConductivity: CellConductivities
  /// Linearised radiation coefficient h_rad = εσ(T_f² + T_sur²)(T_f + T_sur) per boundary face, W/(m²·K), at the
  /// latest face temperatures (0 on faces without radiation).
  public internal(set) var radiationCoefficient: [Double]
  /// Condition on each boundary face (index f − `mesh.internalFaceCount`); adiabatic unless set.
  public private(set) var faceConditions: [BoundaryCondition]
  /// Heat source per cell in W besides the components' power (a manufactured or measured source field).
  public private(set) var extraCellSource: [Double]?
  public private(set) var contactResistances: [ContactResistance]
  /// Film resistances 1/h (m²·K/W) that replace a cell's half-cell conduction d/k on chosen internal faces (wall
  /// heat transfer from a correlation where the mesh does not resolve the boundary layer): per internal face, x for
  /// the owner's side and y for the neighbour's, NaN where d/k stays. nil until `setFilmResistance` is called.
  public private(set) var faceFilmResistance: [SIMD2<Double>]?
  public internal(set) var components: [Component]
  public private(set) var probes: [Probe]
  public private(set) var volumetricSources: [VolumetricSource]
  /// Time (s) at which time-dependent boundary values and sources are currently evaluated (0 until `setTime`).
  public private(set) var time: Double
  /// Boundary conditions that depend on time, by patch, re-evaluated by `setTime`.
  var timeDependentBoundaries: [(patch: String, condition: VaryingCondition)]
  /// Power per cell (W) of `volumetricSources` at `time`.
  var volumetricSourceWatts: [Double]?
  /// Terms added beside the built-in ones (`addTerm`): cooling devices, user terms.
  public internal(set) var terms: [any ThermalTerm] = []

  /// Creates a model with every region's material; boundaries adiabatic, no sources yet.
  public init(mesh: FVMesh, regionMaterials: [Int32: Material]) throws {
    var k = CellConductivities(repeating: .zero, count: mesh.cellCount)
    for r in mesh.regions {
      guard let m = regionMaterials[r.id] else {
        throw ThermalError.invalidInput(location: "regions.\(r.name)", expected: "a material", found: "none")
      }
      for a in 0..<3 where !(m.conductivity[a] > 0 && m.conductivity[a].isFinite) {
        throw ThermalError.invalidInput(location: "materials.\(m.name).conductivity",
                                        expected: "a positive finite conductivity", found: "\(m.conductivity[a]) W/(m·K)")
      }
    }
    // One dictionary look-up per run of cells of one region.
    var runRegion: Int32? = nil, runConductivity = SIMD3<Double>.zero
    for c in 0..<mesh.cellCount {
      if mesh.cellRegion[c] != runRegion {
        guard let m = regionMaterials[mesh.cellRegion[c]] else {
          throw ThermalError.invalidInput(location: "region id \(mesh.cellRegion[c])", expected: "a region with a material",
                                          found: "cell \(mesh.cellToFile[c]) in an undeclared region")
        }
        runRegion = mesh.cellRegion[c]
        runConductivity = m.conductivity
      }
      k[c] = runConductivity
    }
    self.mesh = mesh
    self.regionMaterials = regionMaterials
    self.cellConductivity = k
    self.faceConditions = Array(repeating: .adiabatic, count: mesh.boundaryFaceCount)
    self.radiationCoefficient = Array(repeating: 0, count: mesh.boundaryFaceCount)
    self.extraCellSource = nil
    self.contactResistances = []
    self.faceFilmResistance = nil
    self.components = []
    self.probes = []
    self.volumetricSources = []
    self.time = 0
    self.timeDependentBoundaries = []
    self.volumetricSourceWatts = nil
  }

  /// Sets the same condition on every face of a patch.
  public mutating func setBoundary(_ patch: String, _ condition: BoundaryCondition) throws {
    try setBoundary(patch) { _ in condition }
  }

  /// Sets a condition that varies over a patch: `condition` is evaluated at each face centroid (metres).
  public mutating func setBoundary(_ patch: String, at condition: (SIMD3<Double>) -> BoundaryCondition) throws {
    try setBoundaryValues(patch, at: condition)
    timeDependentBoundaries.removeAll { $0.patch == patch }
  }

  /// Sets a condition whose values may vary in space and time. Evaluated now at `time`, and again by each
  /// `setTime` when it depends on time.
  public mutating func setBoundary(_ patch: String, varying condition: VaryingCondition) throws {
    let t = time
    try setBoundaryValues(patch, varying: true) { condition.evaluate(at: $0, time: t) }
    timeDependentBoundaries.removeAll { $0.patch == patch }
    if condition.dependsOnTime { timeDependentBoundaries.append((patch, condition)) }
  }

  /// Moves time-dependent boundary values and sources to time `t` (s).
  /// - Throws: `ThermalError.invalidInput` when a value evaluates to something impossible (a temperature ≤ 0 K,
  ///   h ≤ 0, NaN), naming the patch or source, the point and the time.
  public mutating func setTime(_ t: Double) throws {
    time = t
    for (patch, condition) in timeDependentBoundaries {
      try setBoundaryValues(patch, varying: true) { condition.evaluate(at: $0, time: t) }
    }
    if volumetricSources.contains(where: { $0.density.dependsOnTime }) { try updateVolumetricSources() }
    for i in terms.indices where terms[i].dependsOnTime { try terms[i].setTime(t) }
  }

  /// Whether anything in the model changes with time.
  public var dependsOnTime: Bool { allTerms.contains { $0.dependsOnTime } }

  /// The terms whose sum is the model's system, in assembly order: sources, conduction, boundaries, then the
  /// added terms.
  public var allTerms: [any ThermalTerm] {
    [SourceTerm(model: self), ConductionTerm(model: self), BoundaryTerm(model: self)] + terms
  }

  /// Each term with the system index of its first own unknown.
  public var allTermsWithOffsets: [(term: any ThermalTerm, first: Int)] {
    var first = mesh.cellCount
    return allTerms.map { t in
      defer { first += t.unknownCount }
      return (t, first)
    }
  }

  /// Unknowns of the model's system: the cells, then the added terms' own.
  public var unknownCount: Int { mesh.cellCount + terms.reduce(0) { $0 + $1.unknownCount } }

  /// Adds a term beside the built-in ones; its own unknowns follow those of the terms added before it.
  public mutating func addTerm(_ term: any ThermalTerm) {
    terms.append(term)
  }

  /// The context of each added term for the state `temperature` (K per unknown; may be empty).
  func addedTermContexts(temperature: [Double], referenceTemperature: Double) -> [TermContext] {
    var first = mesh.cellCount
    return terms.map { t in
      defer { first += t.unknownCount }
      return TermContext(mesh: mesh, firstUnknown: first, temperature: temperature,
                         referenceTemperature: referenceTemperature, time: time)
    }
  }

  /// Adds a volumetric source of `density` W/m³ (possibly varying) over the cells of `regionIDs` (nil: every cell).
  public mutating func addVolumetricSource(name: String, regionIDs: [Int32]?, density: VaryingValue) throws {
    let ids = regionIDs.map(Set.init)
    let cells = (0..<mesh.cellCount).filter { ids?.contains(mesh.cellRegion[$0]) ?? true }
    guard !cells.isEmpty else {
      throw ThermalError.invalidInput(location: "sources.\(name).regions", expected: "regions with cells",
                                      found: "no cells in the mesh")
    }
    volumetricSources.append(VolumetricSource(name: name, density: density, cells: cells))
    try updateVolumetricSources()
  }

  mutating func updateVolumetricSources() throws {
    var w = [Double](repeating: 0, count: mesh.cellCount)
    for s in volumetricSources {
      for c in s.cells {
        let q = s.density.value(at: mesh.cellCentroid[c], time: time)
        guard q.isFinite else {
          let p = mesh.cellCentroid[c]
          throw ThermalError.invalidInput(location: "sources.\(s.name).density", expected: "a finite power density",
                                          found: "\(q) W/m³ at (\(p.x), \(p.y), \(p.z)) m, t = \(time) s")
        }
        w[c] += q * mesh.cellVolume[c]
      }
    }
    volumetricSourceWatts = w
  }

  /// Heat capacity ρ·c·V of each cell, J/K.
  /// - Throws: `ThermalError.invalidInput` naming a material without a positive density or specific heat.
  public func cellHeatCapacity() throws -> [Double] {
    for r in mesh.regions {
      guard let m = regionMaterials[r.id] else { continue }
      guard m.density > 0, m.density.isFinite, m.specificHeat > 0, m.specificHeat.isFinite else {
        throw ThermalError.invalidInput(location: "materials.\(m.name)",
                                        expected: "a density and a specific heat > 0 (a transient solve needs both)",
                                        found: "density \(m.density) kg/m³, specificHeat \(m.specificHeat) J/(kg·K)")
      }
    }
    return (0..<mesh.cellCount).map { c in
      let m = regionMaterials[mesh.cellRegion[c]]!
      return m.density * m.specificHeat * mesh.cellVolume[c]
    }
  }

  /// Evaluates and sets a patch's conditions; `varying` adds the point and time to validation errors.
  mutating func setBoundaryValues(_ patch: String, varying: Bool = false,
                                  at condition: (SIMD3<Double>) -> BoundaryCondition) throws {
    guard let p = mesh.patch(named: patch) else {
      throw ThermalError.invalidInput(location: "boundaries.\(patch)",
                                      expected: "a patch of the mesh (\(mesh.patches.map(\.name).joined(separator: ", ")))",
                                      found: patch)
    }
    var values: [(Int, BoundaryCondition)] = []
    for f in p.faces {
      let bc = condition(mesh.faceCentroid[f])
      do {
        try Self.validate(bc, patch: patch)
      } catch let ThermalError.invalidInput(location, expected, found) where varying {
        let x = mesh.faceCentroid[f]
        let at = "at (\(x.x), \(x.y), \(x.z)) m, t = \(time) s"
        throw ThermalError.invalidInput(location: location, expected: expected, found: found + " " + at)
      }
      values.append((f - mesh.internalFaceCount, bc))
    }
    for (b, bc) in values {
      // A new radiation face starts from h_rad at the surroundings' temperature (4εσT_sur³); kept faces keep theirs.
      switch bc {
      case .radiation(let e, let s):
        if radiationCoefficient[b] == 0 { radiationCoefficient[b] = 4 * e * stefanBoltzmann * s * s * s }
      default:
        radiationCoefficient[b] = 0
      }
      faceConditions[b] = bc
    }
  }

  static func validate(_ condition: BoundaryCondition, patch: String) throws {
    switch condition {
    case .temperature(let t) where !(t > 0 && t.isFinite):
      throw ThermalError.invalidInput(location: "boundaries.\(patch).value", expected: "a temperature above 0 K", found: "\(t) K")
    case .convection(let h, let t) where !(h > 0 && h.isFinite) || !(t > 0 && t.isFinite):
      throw ThermalError.invalidInput(location: "boundaries.\(patch)", expected: "h > 0 and an ambient above 0 K",
                                      found: "h = \(h) W/(m²·K), ambient = \(t) K")
    case .heatFlux(let q) where !q.isFinite:
      throw ThermalError.invalidInput(location: "boundaries.\(patch).value", expected: "a finite heat flux", found: "\(q)")
    case .radiation(let e, let t) where !(e > 0 && e <= 1) || !(t > 0 && t.isFinite):
      throw ThermalError.invalidInput(location: "boundaries.\(patch)", expected: "emissivity in (0, 1] and surroundings above 0 K",
                                      found: "emissivity = \(e), surroundings = \(t) K")
    default: break
    }
  }

  /// Adds a heat source per cell (W), on top of the components' power.
  public mutating func addCellSource(_ watts: [Double]) throws {
    guard watts.count == mesh.cellCount, watts.allSatisfy(\.isFinite) else {
      throw ThermalError.invalidInput(location: "cell sources", expected: "\(mesh.cellCount) finite values",
                                      found: "\(watts.count) values")
    }
    if let old = extraCellSource {
      extraCellSource = zip(old, watts).map { $0 + $1 }
    } else {
      extraCellSource = watts
    }
  }

  /// Adds a contact resistance between two regions (applied on every face they share).
  public mutating func addContactResistance(_ r: ContactResistance) throws {
    guard r.resistance >= 0, r.resistance.isFinite else {
      throw ThermalError.invalidInput(location: "interfaces", expected: "a resistance ≥ 0 m²·K/W", found: "\(r.resistance)")
    }
    contactResistances.append(r)
  }

  /// Replaces the half-cell conduction d/k on `cell`'s side of internal face `face` by a film resistance 1/h
  /// (m²·K/W): the face conductance becomes A / (1/h + R'' + d_other/k_other). Setting it again replaces it.
  /// - Throws: `ThermalError.invalidInput` for a face that is not internal, a cell not on the face, or a resistance
  ///   that is not finite and > 0.
  public mutating func setFilmResistance(_ resistance: Double, face: Int, cell: Int) throws {
    guard face >= 0, face < mesh.internalFaceCount else {
      throw ThermalError.invalidInput(location: "film resistance face \(face)",
                                      expected: "an internal face (0..<\(mesh.internalFaceCount))", found: "\(face)")
    }
    let owner = Int(mesh.faceOwner[face]), neighbour = Int(mesh.faceNeighbour[face])
    guard cell == owner || cell == neighbour else {
      throw ThermalError.invalidInput(location: "film resistance face \(face)",
                                      expected: "cell \(owner) or \(neighbour)", found: "cell \(cell)")
    }
    guard resistance > 0, resistance.isFinite else {
      throw ThermalError.invalidInput(location: "film resistance face \(face)", expected: "a resistance > 0 m²·K/W",
                                      found: "\(resistance)")
    }
    if faceFilmResistance == nil {
      faceFilmResistance = Array(repeating: SIMD2(.nan, .nan), count: mesh.internalFaceCount)
    }
    if cell == owner { faceFilmResistance![face].x = resistance } else { faceFilmResistance![face].y = resistance }
  }

  /// Adds a component that dissipates `power` watts in the cells of `regionIDs`.
  public mutating func addComponent(name: String, regionIDs: [Int32], power: Double, limit: Double?,
                                    distribution: PowerDistribution) throws {
    guard power.isFinite else {
      throw ThermalError.invalidInput(location: "components.\(name).power", expected: "a finite power", found: "\(power)")
    }
    let ids = Set(regionIDs)
    var cells: [Int] = []
    var weights: [Double] = []
    let pw = mesh.powerWeight
    if distribution == .weight && pw == nil {
      throw ThermalError.invalidInput(location: "components.\(name).distribution",
                                      expected: "a mesh with /mesh/power_weight", found: "weight on a mesh without it")
    }
    for c in 0..<mesh.cellCount where ids.contains(mesh.cellRegion[c]) {
      cells.append(c)
      weights.append(mesh.cellVolume[c] * (distribution == .weight ? pw![c] : 1))
    }
    guard !cells.isEmpty else {
      throw ThermalError.invalidInput(location: "components.\(name).regions", expected: "regions with cells",
                                      found: "no cells in the mesh")
    }
    let total = weights.reduce(0, +)
    guard total > 0 else {
      throw ThermalError.invalidInput(location: "components.\(name)", expected: "a positive total power weight over its cells",
                                      found: "all power_weight values 0")
    }
    components.append(Component(name: name, regionIDs: regionIDs, power: power, limit: limit, cells: cells,
                                fractions: weights.map { $0 / total }))
  }

  /// Changes a component's power (the cells and their shares stay).
  public mutating func setPower(_ power: Double, forComponentAt index: Int) {
    components[index].power = power
  }

  /// Adds a probe at `position` (metres).
  public mutating func addProbe(name: String, position: SIMD3<Double>) throws {
    guard let cell = mesh.cell(containing: position) else {
      throw ThermalError.invalidInput(location: "probes.\(name)", expected: "a point inside a non-void cell of the mesh",
                                      found: "(\(position.x), \(position.y), \(position.z)) m outside the mesh or in void")
    }
    probes.append(Probe(name: name, position: position, cell: cell))
  }

  /// Heat source per cell in W.
  public func cellSources() -> [Double] {
    var q = extraCellSource ?? [Double](repeating: 0, count: mesh.cellCount)
    if let w = volumetricSourceWatts {
      for c in 0..<q.count { q[c] += w[c] }
    }
    for comp in components {
      for (i, c) in comp.cells.enumerated() { q[c] += comp.power * comp.fractions[i] }
    }
    return q
  }

  /// Contact resistance between two region ids (0 when none is set).
  func contactResistance(_ a: Int32, _ b: Int32) -> Double {
    guard a != b else { return 0 }
    var r = 0.0
    for c in contactResistances where (c.regionA == a && c.regionB == b) || (c.regionA == b && c.regionB == a) {
      r += c.resistance
    }
    return r
  }
}
