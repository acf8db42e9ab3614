import RackTwinCooling

extension CaseDocument {
  /// A cold plate described by its geometry (`coldPlates:` with `model: porous` or `model: channels`,
  /// `docs/case-format.md`): fidelities (b) and (c) of DESIGN §3.3, regions of the mesh rather than a datasheet.
  ///
  /// (b) builds a `PorousColdPlateTerm` on a porous region (the fin stack, its material replaced by the stack's
  /// effective solid, its flow from `DarcyFlow` with the fin channels' permeability); (c) a `ChannelColdPlateTerm` on
  /// fluid regions (the fin channels resolved, their material the coolant's at the inlet temperature).
  public struct FinColdPlateSpec: Sendable, Equatable {
    public enum Model: String, Sendable, Equatable, CaseIterable {
      case porous, channels
    }

    /// The straight fins of a porous stack (`fins:`), lengths in m.
    public struct Fins: Sendable, Equatable {
      public var thickness: Double
      public var gap: Double
      public var height: Double
      /// nil: the region's extent along `flowAxis`.
      public var length: Double?
      /// A solid material of the library or of `materials` (its conductivity is the fins').
      public var material: String
      public init(thickness: Double, gap: Double, height: Double, length: Double?, material: String) {
        self.thickness = thickness
        self.gap = gap
        self.height = height
        self.length = length
        self.material = material
      }
    }

    /// The plate's name: its term's name, so its metrics are `NAME.heat_to_liquid`, ….
    public var name: String
    public var model: Model
    /// Mesh regions: one porous region (b), fluid regions (c).
    public var regions: [String]
    public var inlet: String
    public var outlet: String
    /// 0 = x, 1 = y, 2 = z (porous only).
    public var flowAxis: Int = 0
    public var heightAxis: Int = 2
    /// Porous only.
    public var fins: Fins? = nil
    /// Copies of the meshed part in the plate (a periodic unit cell or strip): the plate's flow is divided among them.
    public var unitCells: Int = 1
    /// Channels only.
    public var scheme: AdvectionTerm.Scheme = .vanLeer
    /// m³/s at the inlet temperature: the whole plate's.
    public var volumeFlow: Double
    /// K.
    public var inletTemperature: Double
    /// Where T_case is read (m), if given.
    public var casePoint: SIMD3<Double>? = nil
    /// The plate's key (`coldPlates.NAME`) and its line.
    public var origin: Origin
    /// Lines of the plate's keys (`region`, `inlet`, `flow`, `fins`, `casePoint`, …), for errors found when the model
    /// is built.
    public var lines: [String: Int] = [:]

    public init(name: String, model: Model, regions: [String], inlet: String, outlet: String, volumeFlow: Double,
                inletTemperature: Double, origin: Origin) {
      self.name = name
      self.model = model
      self.regions = regions
      self.inlet = inlet
      self.outlet = outlet
      self.volumeFlow = volumeFlow
      self.inletTemperature = inletTemperature
      self.origin = origin
    }

    /// The line of `key` under the plate, else the plate's.
    public func line(_ key: String) -> Int? { lines[key] ?? origin.line }
  }
}
