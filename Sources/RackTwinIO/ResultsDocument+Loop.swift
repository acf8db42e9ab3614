extension ResultsDocument {
  /// The hydraulic network's state (`/loop`, `docs/file-formats.md`), in the units it is written in: kg/s, m³/s, Pa,
  /// °C, W, m.
  public struct Loop: Sendable, Equatable {
    /// One row of `/loop/elements`.
    public struct Element: Sendable, Equatable {
      public var name: String
      /// The case-file type: `pump`, `pipe`, `fitting`, `quickDisconnect`, `valve`, `component`, `exchanger`.
      public var type: String
      public var from: String
      public var to: String
      /// kg/s and m³/s, positive from `from` to `to`.
      public var massFlow: Double
      public var volumeFlow: Double
      /// p_from − p_to, Pa (negative across a pump).
      public var pressureDrop: Double
      /// °C along the flow; NaN without flow.
      public var inletTemperatureC: Double
      public var outletTemperatureC: Double
      /// ṁ(h_out − h_in), W.
      public var heat: Double
      public init(name: String, type: String, from: String, to: String, massFlow: Double, volumeFlow: Double,
                  pressureDrop: Double, inletTemperatureC: Double, outletTemperatureC: Double, heat: Double) {
        self.name = name
        self.type = type
        self.from = from
        self.to = to
        self.massFlow = massFlow
        self.volumeFlow = volumeFlow
        self.pressureDrop = pressureDrop
        self.inletTemperatureC = inletTemperatureC
        self.outletTemperatureC = outletTemperatureC
        self.heat = heat
      }
    }

    /// One row of `/loop/nodes`.
    public struct Node: Sendable, Equatable {
      public var name: String
      /// Pa.
      public var pressure: Double
      /// Mixed-cup temperature leaving the node, °C; NaN without flow.
      public var temperatureC: Double
      public init(name: String, pressure: Double, temperatureC: Double) {
        self.name = name
        self.pressure = pressure
        self.temperatureC = temperatureC
      }
    }

    /// One row of `/loop/pumps`: a pump group's operating point.
    public struct Pump: Sendable, Equatable {
      public var name: String
      /// m³/s, Pa, m (of the pumped coolant), W, W.
      public var flow: Double
      public var pressureRise: Double
      public var head: Double
      public var hydraulicPower: Double
      public var electricalPower: Double
      public var running: Int64
      public var standby: Int64
      public init(name: String, flow: Double, pressureRise: Double, head: Double, hydraulicPower: Double,
                  electricalPower: Double, running: Int64, standby: Int64) {
        self.name = name
        self.flow = flow
        self.pressureRise = pressureRise
        self.head = head
        self.hydraulicPower = hydraulicPower
        self.electricalPower = electricalPower
        self.running = running
        self.standby = standby
      }
    }

    /// One row of `/loop/manifolds`: branch mass flow over the mean, smallest and largest.
    public struct Manifold: Sendable, Equatable {
      public var name: String
      public var minOverMean: Double
      public var maxOverMean: Double
      public init(name: String, minOverMean: Double, maxOverMean: Double) {
        self.name = name
        self.minOverMean = minOverMean
        self.maxOverMean = maxOverMean
      }
    }

    /// One row of `/loop/trays`: a compact tray (`type: compactTray`) at its solved operating point.
    public struct Tray: Sendable, Equatable {
      /// The tray's element name.
      public var name: String
      /// m³/s, Pa, °C, °C, W, W.
      public var volumeFlow: Double
      public var pressureDrop: Double
      public var inletTemperatureC: Double
      public var outletTemperatureC: Double
      public var heatToLiquid: Double
      public var heatToAir: Double
      /// 1 when the tray's flow lies outside the compact model's flows (extrapolated), else 0.
      public var extrapolated: Int64
      public init(name: String, volumeFlow: Double, pressureDrop: Double, inletTemperatureC: Double,
                  outletTemperatureC: Double, heatToLiquid: Double, heatToAir: Double, extrapolated: Int64) {
        self.name = name
        self.volumeFlow = volumeFlow
        self.pressureDrop = pressureDrop
        self.inletTemperatureC = inletTemperatureC
        self.outletTemperatureC = outletTemperatureC
        self.heatToLiquid = heatToLiquid
        self.heatToAir = heatToAir
        self.extrapolated = extrapolated
      }
    }

    /// The coolant's name (`/loop@coolant`).
    public var coolant: String
    public var elements: [Element]
    public var nodes: [Node]
    public var pumps: [Pump]
    public var manifolds: [Manifold]
    /// Compact trays; `/loop/trays` is written only when there are some.
    public var trays: [Tray] = []

    public init(coolant: String, elements: [Element] = [], nodes: [Node] = [], pumps: [Pump] = [],
                manifolds: [Manifold] = []) {
      self.coolant = coolant
      self.elements = elements
      self.nodes = nodes
      self.pumps = pumps
      self.manifolds = manifolds
    }
  }
}
