import RackTwinMesh

/// Everything a results file (`racktwin.results` v1, DESIGN §4.3) holds, in the units it is written in.
///
/// The solver side fills this; `ResultsWriter` turns it into HDF5 plus an XDMF sidecar.
public struct ResultsDocument: Sendable {
  /// A per-cell field in file cell order (rectilinear: `(k·ny + j)·nx + i`), NaN in void cells.
  public struct Field: Sendable {
    public var name: String
    /// `components` values per cell, a cell's together (x y z for a vector).
    public var values: [Double]
    public var units: String
    /// 1 for a scalar, 3 for a vector (written `[cells][3]`, shown as an XDMF `Vector` attribute).
    public var components: Int
    public init(name: String, values: [Double], units: String, components: Int = 1) {
      precondition(components == 1 || components == 3, "a field has 1 or 3 components, not \(components)")
      self.name = name
      self.values = values
      self.units = units
      self.components = components
    }
  }

  /// A scalar under `/metrics`.
  public struct Metric: Sendable {
    public var name: String
    public var value: Double
    public var units: String
    public init(name: String, value: Double, units: String) {
      self.name = name
      self.value = value
      self.units = units
    }
  }

  /// A virtual sensor reading.
  public struct Probe: Sendable {
    public var name: String
    /// Position in metres.
    public var position: SIMD3<Double>
    /// Temperature in °C.
    public var temperatureC: Double
    public init(name: String, position: SIMD3<Double>, temperatureC: Double) {
      self.name = name
      self.position = position
      self.temperatureC = temperatureC
    }
  }

  /// One row of the `/components` table.
  public struct Component: Sendable {
    public var name: String
    /// Power in W.
    public var power: Double
    public var maxTemperatureC: Double
    public var meanTemperatureC: Double
    /// Limit in °C; NaN when the component has none.
    public var limitC: Double
    /// Limit minus maximum temperature, in K; NaN when there is no limit.
    public var margin: Double
    /// File cell index of the hottest cell.
    public var hottestCell: Int64
    public init(name: String, power: Double, maxTemperatureC: Double, meanTemperatureC: Double, limitC: Double,
                margin: Double, hottestCell: Int64) {
      self.name = name
      self.power = power
      self.maxTemperatureC = maxTemperatureC
      self.meanTemperatureC = meanTemperatureC
      self.limitC = limitC
      self.margin = margin
      self.hottestCell = hottestCell
    }
  }

  /// One row of the `/patches` table: a boundary patch's heat flow and face temperature.
  public struct Patch: Sendable {
    public var name: String
    /// Heat into the domain through the patch, W (negative: heat leaves).
    public var heatIn: Double
    /// m².
    public var area: Double
    /// Area-weighted mean face temperature, °C.
    public var meanTemperatureC: Double
    public init(name: String, heatIn: Double, area: Double, meanTemperatureC: Double) {
      self.name = name
      self.heatIn = heatIn
      self.area = area
      self.meanTemperatureC = meanTemperatureC
    }
  }

  /// Time series of a transient run (`/series`, `docs/file-formats.md`). Matrices are [time][item], row-major.
  public struct Series: Sendable {
    /// s, every accepted step from t = 0.
    public var time: [Double]
    public var componentNames: [String]
    /// degC, [time][component].
    public var componentMaxTemperatureC: [Double]
    /// W, [time][component].
    public var componentPower: [Double]
    public var probeNames: [String]
    /// degC, [time][probe].
    public var probeTemperatureC: [Double]
    /// Relative energy imbalance of each step including the stored-energy rate (0 at t = 0).
    public var energyBalanceRelative: [Double]
    /// s: the time of each snapshot field `/fields/temperature_<n>`, n = 0, 1, …
    public var snapshotTimes: [Double]
    public init(time: [Double], componentNames: [String], componentMaxTemperatureC: [Double], componentPower: [Double],
                probeNames: [String], probeTemperatureC: [Double], energyBalanceRelative: [Double], snapshotTimes: [Double]) {
      self.time = time
      self.componentNames = componentNames
      self.componentMaxTemperatureC = componentMaxTemperatureC
      self.componentPower = componentPower
      self.probeNames = probeNames
      self.probeTemperatureC = probeTemperatureC
      self.energyBalanceRelative = energyBalanceRelative
      self.snapshotTimes = snapshotTimes
    }
  }

  /// The case file's text as it was run (with `--set` overrides listed after it).
  public var caseText: String
  /// SHA-256 of the mesh file's bytes, lowercase hex.
  public var meshSHA256: String
  public var softwareVersion: String
  /// The mesh the fields live on (geometry for the XDMF sidecar, regions for the `region` field); nil for a
  /// network-only case, whose file has no `/geometry`, no `/fields` and no sidecar.
  public var mesh: MeshDefinition?
  public var fields: [Field]
  public var probes: [Probe]
  public var components: [Component]
  public var metrics: [Metric]
  /// Boundary patches with faces, in the mesh's patch order.
  public var patches: [Patch] = []
  /// Present for transient runs.
  public var series: Series? = nil
  /// The hydraulic network's state (`/loop`), present when the case has a network.
  public var loop: Loop? = nil
  /// Hotspot risk (`/risk`), present when the case has an `uncertainty` section.
  public var risk: Risk? = nil

  public init(caseText: String, meshSHA256: String, softwareVersion: String, mesh: MeshDefinition?,
              fields: [Field] = [], probes: [Probe] = [], components: [Component] = [], metrics: [Metric] = []) {
    self.caseText = caseText
    self.meshSHA256 = meshSHA256
    self.softwareVersion = softwareVersion
    self.mesh = mesh
    self.fields = fields
    self.probes = probes
    self.components = components
    self.metrics = metrics
  }
}
