import RackTwinCooling

extension CaseDocument {
  /// A network element of `type: region` (`docs/case-format.md`): mesh regions of kind fluid or porous that the
  /// loop's coolant flows through, from an inlet patch to an outlet patch. SI throughout.
  public struct RegionElementSpec: Sendable, Equatable {
    /// How the region's flow is found (DESIGN §3.2), by what the mesh resolves.
    public enum Model: String, Sendable, Equatable, CaseIterable {
      /// About one cell across: plug flow (Darcy with the duct's fRe) and wall heat transfer from Nusselt correlations.
      case plug
      /// A porous stack: Darcy–Forchheimer.
      case porous
      /// Several cells across a straight channel: the fully developed profile of a cross-section Poisson solve.
      case resolved
    }

    /// The cross-section of a `plug` channel.
    public enum Shape: Sendable, Equatable {
      /// Short side over long side, in (0, 1].
      case rectangle(aspectRatio: Double)
      case circle
    }

    /// The network element's name (`regions.<element>.*` metrics and the advection term's name).
    public var element: String
    /// Mesh region names.
    public var regions: [String]
    public var inlet: String
    public var outlet: String
    public var model: Model
    /// m; required with `plug`.
    public var hydraulicDiameter: Double?
    public var shape: Shape
    /// m² along x, y, z; required with `porous`.
    public var permeability: SIMD3<Double>?
    /// Forchheimer coefficient c_F.
    public var inertia: Double
    public var porosity: Double
    public var scheme: AdvectionTerm.Scheme
    /// Where the element was given.
    public var origin: Origin

    public init(element: String, regions: [String], inlet: String, outlet: String, model: Model = .plug,
                hydraulicDiameter: Double? = nil, shape: Shape = .rectangle(aspectRatio: 1),
                permeability: SIMD3<Double>? = nil, inertia: Double = 0, porosity: Double = 1,
                scheme: AdvectionTerm.Scheme = .vanLeer, origin: Origin) {
      self.element = element
      self.regions = regions
      self.inlet = inlet
      self.outlet = outlet
      self.model = model
      self.hydraulicDiameter = hydraulicDiameter
      self.shape = shape
      self.permeability = permeability
      self.inertia = inertia
      self.porosity = porosity
      self.scheme = scheme
      self.origin = origin
    }
  }

  /// `network.coupling`: the fixed-point iteration between the loop and the 3-D regions.
  public struct CouplingSpec: Sendable, Equatable {
    /// K: stop when no region element's inlet temperature moves by more between two network solves.
    public var tolerance: Double
    public var maxIterations: Int
    public init(tolerance: Double = 1e-3, maxIterations: Int = 50) {
      self.tolerance = tolerance
      self.maxIterations = maxIterations
    }
  }
}
