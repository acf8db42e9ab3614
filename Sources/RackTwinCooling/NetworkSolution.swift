import Foundation

/// The solved state of a hydraulic network: branch flows and pressure drops, node pressures and temperatures,
/// pump operating points. SI: kg/s, m³/s, Pa, K, W.
public struct NetworkSolution: Sendable, Equatable {
  public var elements: [ElementState]
  public var nodes: [NodeState]
  public var pumps: [PumpState]
  /// Newton iterations of the last hydraulic solve, and outer (property ↔ temperature) iterations.
  public var newtonIterations: Int
  public var temperatureIterations: Int
  /// Solves of an outer loop around this one (a caller iterating flow-dependent element laws, e.g. compact trays'
  /// coefficients); 1 without one.
  public var outerIterations: Int = 1

  public struct ElementState: Sendable, Equatable {
    public var name: String
    /// Mass flow from `from` to `to` (kg/s); negative when the coolant flows backwards.
    public var massFlow: Double
    /// Volume flow at the element's mean temperature (m³/s), signed like `massFlow`.
    public var volumeFlow: Double
    /// p_from − p_to (Pa); negative across a pump.
    public var pressureDrop: Double
    /// Temperatures where the coolant enters and leaves, along the flow (K); NaN without flow.
    public var inletTemperature: Double
    public var outletTemperature: Double
    /// Heat taken up by the stream, ṁ (h_out − h_in) (W): the given heat, or what a set point removes.
    public var heat: Double
  }

  public struct NodeState: Sendable, Equatable {
    public var name: String
    /// Pressure (Pa): absolute when a boundary fixes it, else relative to the first pump's suction (0).
    public var pressure: Double
    /// Mixed-cup temperature of the coolant leaving the node (K); NaN at a node without flow.
    public var temperature: Double
  }

  public struct PumpState: Sendable, Equatable {
    public var name: String
    /// The group's volume flow (m³/s) and pressure rise (Pa) — the operating point.
    public var flow: Double
    public var pressureRise: Double
    /// Pressure rise in metres of the pumped coolant, ΔP/(ρ g).
    public var head: Double
    /// ΔP·Q (W), and ΔP·Q / wire-to-water efficiency (W).
    public var hydraulicPower: Double
    public var electricalPower: Double
    public var running: Int
    public var standby: Int
    /// Flow per running pump (m³/s).
    public var flowPerPump: Double
  }

  /// The state of the element with this name.
  public func element(_ name: String) -> ElementState? { elements.first { $0.name == name } }
  /// The state of the node with this name.
  public func node(_ name: String) -> NodeState? { nodes.first { $0.name == name } }
  /// The state of the pump with this name.
  public func pump(_ name: String) -> PumpState? { pumps.first { $0.name == name } }

  /// Manifold maldistribution over the named branches: minimum and maximum mass flow over their mean (1 when the
  /// split is even).
  public func maldistribution(of branches: [String]) -> (min: Double, max: Double) {
    let flows = branches.compactMap { element($0)?.massFlow }
    precondition(flows.count == branches.count && !flows.isEmpty, "maldistribution: unknown branch")
    let mean = flows.reduce(0, +) / Double(flows.count)
    return (flows.min()! / mean, flows.max()! / mean)
  }

  /// Total electrical power of all pumps (W).
  public var pumpPower: Double { pumps.reduce(0) { $0 + $1.electricalPower } }
}
