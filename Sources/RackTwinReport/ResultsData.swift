import RackTwinIO

/// The parts of a results file (`racktwin.results` v1, docs/file-formats.md) the report shows.
public struct ResultsData: Sendable {
  public struct Component: Sendable, Equatable {
    public var name: String
    /// W
    public var power: Double
    /// °C
    public var maxTemperature: Double
    public var meanTemperature: Double
    /// °C, NaN without a limit
    public var limit: Double
    /// K, NaN without a limit
    public var margin: Double
    /// File cell index of the hottest cell.
    public var hottestCell: Int64
  }

  public struct Metric: Sendable, Equatable {
    public var name: String
    public var value: Double
    public var units: String
  }

  public struct Patch: Sendable, Equatable {
    public var name: String
    /// W into the domain (negative: leaves).
    public var heatIn: Double
  }

  /// The mesh the fields live on.
  public enum Geometry: Sendable {
    /// Node coordinates (m); cells in C order, x fastest.
    case rectilinear(x: [Double], y: [Double], z: [Double])
    /// Points (m) and each cell's point indices.
    case unstructured(points: [SIMD3<Double>], cells: [[Int]])

    var cellCount: Int {
      switch self {
      case .rectilinear(let x, let y, let z): return (x.count - 1) * (y.count - 1) * (z.count - 1)
      case .unstructured(_, let cells): return cells.count
      }
    }
  }

  /// `/series` of a transient run.
  public struct Series: Sendable {
    /// s
    public var time: [Double]
    public var componentNames: [String]
    /// °C, [time][component]
    public var componentMaxTemperature: [Double]
  }

  public var file: String
  public var softwareVersion: String
  public var caseText: String
  public var components: [Component]
  public var metrics: [Metric]
  public var patches: [Patch]
  public var geometry: Geometry?
  /// `/fields/temperature`, °C, NaN in void cells.
  public var temperature: [Double]?
  public var series: Series?

  public func metric(_ name: String) -> Double? { metrics.first { $0.name == name }?.value }
}
