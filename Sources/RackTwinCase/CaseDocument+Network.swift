import RackTwinCooling

extension CaseDocument {
  /// Where a network element or node came from in the case file, for errors: its key path and line.
  public struct Origin: Sendable, Equatable {
    public var keyPath: String
    public var line: Int?
    public init(keyPath: String, line: Int? = nil) {
      self.keyPath = keyPath
      self.line = line
    }
  }

  /// A manifold's name and its branches' first elements (whose flows are the branch flows), in tap order.
  public struct ManifoldSummary: Sendable, Equatable {
    public var name: String
    public var branchElements: [String]
    public init(name: String, branchElements: [String]) {
      self.name = name
      self.branchElements = branchElements
    }
  }

  /// The `network:` section (`docs/case-format.md`): the hydraulic network built from the case's elements and
  /// manifolds, every value in SI, with where each element came from.
  public struct NetworkSpec: Sendable, Equatable {
    /// Elements in `/loop` row order: the case's `elements` in file order, then each manifold's in builder order.
    /// Fixed-pressure nodes (`reference`, `boundaries`) are the network's boundaries.
    public var network: HydraulicNetwork
    /// The case-file `type` of each element (`quickDisconnect`, `exchanger`, …), aligned with `network.elements`.
    public var elementTypes: [String]
    /// Where each element was given, aligned with `network.elements` (a manifold's generated elements point at
    /// the manifold key that made them).
    public var elementOrigins: [Origin]
    /// Where each node was first named (an element's `from`/`to`, a boundary, the reference).
    public var nodeOrigins: [String: Origin]
    public var manifolds: [ManifoldSummary]
    /// Newton stops when no mass flow changes by more than this times the largest (`network.tolerance`).
    public var tolerance: Double
    /// The elements of `type: region` (3-D fluid regions in the loop), in element order; their network law and heat
    /// come from the coupled solve (`CoupledCaseRunner`).
    public var regions: [RegionElementSpec] = []
    /// `network.coupling`.
    public var coupling = CouplingSpec()
    /// The elements of `type: compactTray`, in element order.
    public var trays: [CompactTraySpec] = []

    public init(network: HydraulicNetwork, elementTypes: [String], elementOrigins: [Origin],
                nodeOrigins: [String: Origin] = [:], manifolds: [ManifoldSummary] = [], tolerance: Double = 1e-11) {
      self.network = network
      self.elementTypes = elementTypes
      self.elementOrigins = elementOrigins
      self.nodeOrigins = nodeOrigins
      self.manifolds = manifolds
      self.tolerance = tolerance
    }

    /// Where the element of this name came from.
    public func origin(ofElement name: String) -> Origin? {
      network.elements.firstIndex { $0.name == name }.map { elementOrigins[$0] }
    }
  }
}

extension CaseDocument {
  /// A network element of `type: compactTray`: its compact model and the inputs the case gives it.
  public struct CompactTraySpec: Sendable, Equatable {
    /// The element's name in the network.
    public var element: String
    public var model: CompactTray
    /// Component powers (W) in `model.powerInputs` order: the file's nominal unless the case's `powers` sets them.
    public var powers: [Double]
    /// The tray's air temperature (K), `air`.
    public var air: Double
    public init(element: String, model: CompactTray, powers: [Double], air: Double) {
      self.element = element
      self.model = model
      self.powers = powers
      self.air = air
    }
  }
}
