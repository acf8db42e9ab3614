/// One validation case (`validation/<case>/reference.yaml`, `docs/validation.md`): the case to solve, the mesh spec
/// to generate, and each checked quantity with its outside reference (with source and tolerance) and our own gold
/// value for non-regression.
public struct ValidationReference: Sendable, Equatable {
  /// Where a reference value comes from.
  public enum Kind: String, Sendable, CaseIterable {
    case analytic, benchmark
    case publishedData = "published-data"
    case crossCode = "cross-code"
    /// Not an outside reference: a property the discrete equations must keep whatever the physics (conservation,
    /// an energy balance built from the solver's own conductances). It catches a broken solve, not wrong physics,
    /// and is reported in its own tier, apart from the outside references.
    case consistency
  }

  /// A field of a component's results.
  public enum ComponentField: String, Sendable, CaseIterable {
    case maxTemperature = "max_temperature"
    case meanTemperature = "mean_temperature"
    case power
  }

  /// Scalar metrics of a solve that a quantity may check (names as in `/metrics`, DESIGN §4.3).
  public enum Metric: String, Sendable, CaseIterable {
    case power
    case heatIn = "heat_in"
    case heatOut = "heat_out"
    case energyBalanceError = "energy_balance_error"
    case energyBalanceRelative = "energy_balance_relative"
    case maxTemperature = "max_temperature"
    /// Heat to the coolant streams and to the air (W), as `/metrics` writes them.
    case heatToLiquid = "heat_to_liquid"
    case heatToAir = "heat_to_air"
    /// A rear door's captured heat (W) and capture ratio (plain): cases with `rearDoor` only.
    case doorCapturedHeat = "door_captured_heat"
    case doorCaptureRatio = "door_capture_ratio"
  }

  /// What a quantity reads from the solution.
  public enum Selector: Sendable, Equatable, CustomStringConvertible {
    /// A probe's temperature.
    case probe(String)
    case metric(Metric)
    case component(String, ComponentField)
    /// Area-weighted mean of the face temperatures on a boundary patch (the value the boundary condition implies).
    case patchMean(String)
    /// Net heat into the domain through a boundary patch, W (negative when heat leaves).
    case patchHeat(String)
    /// A device case (`device:`): a cold plate curve's case-to-inlet resistance (K/W) at a volume flow (m³/s).
    case coldPlate(curve: String, volumeFlow: Double)
    /// A device case (`device:`): a named evaluation of a correlation device file, a value of the given kind.
    case correlation(name: String, kind: QuantityKind)
    /// A channel case (`channel:`): a dimensionless value (`fRe`, `nusselt`) of one run of the channel file.
    case channel(run: String, value: String)

    /// The kind of quantity the selected value is.
    public var quantityKind: QuantityKind {
      switch self {
      case .probe, .patchMean: return .temperature
      case .metric(let m):
        switch m {
        case .energyBalanceRelative, .doorCaptureRatio: return .dimensionless
        case .maxTemperature: return .temperature
        default: return .power
        }
      case .component(_, let f): return f == .power ? .power : .temperature
      case .patchHeat: return .power
      case .coldPlate: return .thermalResistance
      case .correlation(_, let kind): return kind
      case .channel: return .dimensionless
      }
    }

    public var description: String {
      switch self {
      case .probe(let p): return "probe \(p)"
      case .metric(let m): return "metric \(m.rawValue)"
      case .component(let c, let f): return "component \(c)/\(f.rawValue)"
      case .patchMean(let p): return "patchMean \(p)"
      case .patchHeat(let p): return "patchHeat \(p)"
      case .coldPlate(let c, let q): return "coldPlate \(c) at \(q * 60_000) L/min"
      case .correlation(let n, _): return "correlation \(n)"
      case .channel(let run, let v): return "channel \(run) \(v)"
      }
    }
  }

  /// An allowed deviation. Temperatures take absolute tolerances only (a fraction of an absolute temperature in
  /// kelvin would mean nothing).
  public enum Tolerance: Sendable, Equatable {
    /// SI units of the quantity (K for temperatures); `text` as written, for printing.
    case absolute(Double, text: String)
    /// |value − reference| ≤ fraction · |reference|.
    case relative(Double)
  }

  /// The observed order of accuracy a convergence case must show.
  public struct Order: Sendable, Equatable {
    public var expected: Double
    /// Allowed |observed − expected|.
    public var tolerance: Double
    public init(expected: Double, tolerance: Double) {
      self.expected = expected
      self.tolerance = tolerance
    }
  }

  /// What a convergence study refines from one level to the next.
  public enum Refinement: String, Sendable, Equatable, CaseIterable {
    /// Every cell split into `ratio` parts per axis (before any `split: kuhn | mixed` of the spec).
    case mesh
    /// The transient time step divided by `ratio`; the mesh is kept.
    case time
    /// Both at once (space and time errors of the same order fall together).
    case both
  }

  /// Refinement for an observed-order check: `levels` solves, each made by splitting every cell of the one before
  /// into `ratio` parts along each axis (an integer ≥ 2), dividing the time step by `ratio`, or both (`refine`).
  public struct Convergence: Sendable, Equatable {
    public var levels: Int
    public var ratio: Double
    public var refine: Refinement
    /// The axes whose cells are split (0 = x, 1 = y, 2 = z); all three by default. A 1-D case splits only its
    /// long axis.
    public var axes: [Int]
    public init(levels: Int, ratio: Double, refine: Refinement = .mesh, axes: [Int] = [0, 1, 2]) {
      self.levels = levels
      self.ratio = ratio
      self.refine = refine
      self.axes = axes
    }
  }

  /// One checked quantity.
  public struct Quantity: Sendable, Equatable {
    public var name: String
    public var selector: Selector
    /// SI (kelvin for temperatures).
    public var reference: Double
    /// As written (`"416.48 degF"`): its unit is the unit values are printed in.
    public var referenceText: String
    public var kind: Kind
    public var source: String
    public var tolerance: Tolerance
    public var why: String
    /// Our own converged value (SI), checked at `goldTolerance` for non-regression.
    public var gold: Double?
    public var goldTolerance: Tolerance
    public var order: Order?
  }

  /// The reference file as named.
  public var path: String
  /// The case's name: its directory's name.
  public var name: String
  public var title: String
  /// Case file, resolved against the reference file's directory; empty for a device case.
  public var casePath: String
  /// A device case: a device file evaluated without a mesh (`docs/validation.md`), resolved likewise; nil for a case
  /// that solves a case file.
  public var devicePath: String? = nil
  /// A channel case: a channel file of 3-D straight-channel solves (`docs/validation.md`), resolved likewise; nil
  /// otherwise.
  public var channelPath: String? = nil
  /// Mesh-generator spec, resolved likewise; nil when the case file's own mesh is used.
  public var meshSpecPath: String?
  public var convergence: Convergence?
  /// Heavy cases run only when asked (`racktwin validate --heavy`).
  public var heavy: Bool
  /// A shell command run in the case's directory before solving, only with `--heavy` (e.g. re-running the other
  /// code of a cross-code case and checking its committed numbers); a non-zero exit fails the case.
  public var heavyCommand: String?
  public var quantities: [Quantity]
}
