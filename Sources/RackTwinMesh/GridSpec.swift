/// A description of a rectilinear mesh as boxes placed in a domain (`racktwin mesh generate SPEC.yaml`).
///
/// Every box edge becomes a grid line, so each box is meshed exactly; between grid lines the cells are graded
/// from `minCellSize` next to each line up to `maxCellSize`, growing by at most `grading` from cell to cell.
public struct GridSpec: Sendable, Equatable {
  /// Cell-size controls along one axis.
  public struct Axis: Sendable, Equatable {
    /// Largest cell size in metres.
    public var maxCellSize: Double
    /// Size of the first cell next to every grid line (box edge), in metres; nil means uniform `maxCellSize`.
    public var minCellSize: Double?
    /// Largest ratio of neighbouring cell sizes (≥ 1).
    public var grading: Double
    /// Fewest cells across any layer between two grid lines (a thin TIM still gets this many).
    public var minCellsPerLayer: Int
    public init(maxCellSize: Double, minCellSize: Double? = nil, grading: Double = 1.2, minCellsPerLayer: Int = 1) {
      self.maxCellSize = maxCellSize
      self.minCellSize = minCellSize
      self.grading = grading
      self.minCellsPerLayer = minCellsPerLayer
    }
  }

  /// An axis-aligned box of one region; later boxes overwrite earlier ones.
  public struct Box: Sendable, Equatable {
    public var region: String
    /// Corner with the smallest coordinates, metres.
    public var min: SIMD3<Double>
    /// Corner with the largest coordinates, metres.
    public var max: SIMD3<Double>
    public init(region: String, min: SIMD3<Double>, max: SIMD3<Double>) {
      self.region = region
      self.min = min
      self.max = max
    }
  }

  /// A named patch: the faces of `region`'s cells on side `side` that face void or the domain boundary (the top of
  /// a lid where a cold plate sits).
  public struct PatchSpec: Sendable, Equatable {
    public var name: String
    public var region: String
    /// 0 … 5 = xmin, xmax, ymin, ymax, zmin, zmax (the local face order of rectilinear cells).
    public var side: Int
    public init(name: String, region: String, side: Int) {
      self.name = name
      self.region = region
      self.side = side
    }
  }

  /// How the rectilinear cells are turned into unstructured ones, if at all.
  public enum Split: String, Sendable, Equatable, CaseIterable {
    case none
    /// Six tetrahedra per hexahedron around its main diagonal.
    case kuhn
    /// Hexahedra, wedges and pyramids by thirds of the domain along x.
    case mixed
  }

  /// Domain corners in metres; cells not covered by any box are void.
  public var domainMin: SIMD3<Double>
  public var domainMax: SIMD3<Double>
  /// Controls along x, y and z.
  public var axes: [Axis]
  /// Regions; ids are assigned 1, 2, … in this order when the id given is 0.
  public var regions: [RegionInfo]
  public var boxes: [Box]
  public var split: Split
  /// Named patches besides the six domain sides (rectilinear meshes only).
  public var patches: [PatchSpec] = []

  public init(domainMin: SIMD3<Double>, domainMax: SIMD3<Double>, axes: [Axis], regions: [RegionInfo], boxes: [Box],
              split: Split = .none, patches: [PatchSpec] = []) {
    self.split = split
    self.patches = patches
    self.domainMin = domainMin
    self.domainMax = domainMax
    self.axes = axes
    self.regions = regions
    self.boxes = boxes
  }
}
