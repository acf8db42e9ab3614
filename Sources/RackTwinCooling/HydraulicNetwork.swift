import Foundation

/// A 1-D hydraulic network (DESIGN §3.2): nodes joined by elements (pumps, pipes, fittings, valves, components,
/// the CDU's exchanger), with fixed-pressure nodes (an expansion tank; reservoirs of an open system).
///
/// `solve(coolant:)` finds branch flows and node pressures by Newton's method in the global gradient form
/// (Todini & Pilati 1988, as EPANET does), then carries enthalpy along the flow: each branch adds its heat, nodes
/// mix by enthalpy, and exchanger set points fix outlet temperatures. Properties are taken at each branch's mean
/// temperature and the two solves alternate until temperatures settle.
public struct HydraulicNetwork: Sendable, Equatable {
  public var elements: [HydraulicElement]
  /// Nodes held at a pressure (Pa); a node where coolant enters the network also needs `temperature` (K).
  public var boundaries: [String: Boundary]

  public struct Boundary: Sendable, Equatable {
    public var pressure: Double
    public var temperature: Double?
    public init(pressure: Double, temperature: Double? = nil) {
      self.pressure = pressure
      self.temperature = temperature
    }
  }

  public init(elements: [HydraulicElement] = [], boundaries: [String: Boundary] = [:]) {
    self.elements = elements
    self.boundaries = boundaries
  }

  public mutating func add(_ element: HydraulicElement) { elements.append(element) }

  /// Node names in order of first appearance (elements' `from`, `to`, then boundary nodes by name).
  public var nodes: [String] {
    var seen = Set<String>()
    var out: [String] = []
    for e in elements { for n in [e.from, e.to] where seen.insert(n).inserted { out.append(n) } }
    for n in boundaries.keys.sorted() where seen.insert(n).inserted { out.append(n) }
    return out
  }

  // MARK: - Checks before solving

  /// Throws for invalid values and for topology that cannot carry flow: no pump, pieces not connected to the loop,
  /// dead ends, and loops that no pump drives.
  public func validate() throws {
    var names = Set<String>()
    for e in elements {
      guard names.insert(e.name).inserted else {
        throw CoolingError.invalidInput(location: "element \(e.name)", expected: "a unique name", found: "a duplicate")
      }
      try validateValues(e)
    }
    guard elements.contains(where: { if case .pump = $0.kind { return true } else { return false } }) else {
      throw CoolingError.noPump(elements: [])
    }
    let nodeList = nodes
    let index = Dictionary(uniqueKeysWithValues: nodeList.enumerated().map { ($1, $0) })
    for n in boundaries.keys.sorted() where !elements.contains(where: { $0.from == n || $0.to == n }) {
      throw CoolingError.disconnected(location: "node \(n)", detail: "a fixed-pressure node that no element touches")
    }
    // Elements that can carry flow share a biconnected block with a pump, or with the virtual "ground" edges that
    // join the fixed-pressure nodes when there are two or more (an open system driven by their pressures).
    var edges: [(Int, Int, driven: Bool)] = elements.map {
      var driven = false
      if case .pump = $0.kind { driven = true }
      return (index[$0.from]!, index[$0.to]!, driven)
    }
    let ground = nodeList.count
    if boundaries.count >= 2 { for n in boundaries.keys { edges.append((index[n]!, ground, true)) } }
    let blocks = biconnectedBlocks(nodeCount: nodeList.count + 1, edges: edges.map { ($0.0, $0.1) })
    var drivenElement = [Bool](repeating: false, count: elements.count)
    var component = [Int](repeating: -1, count: nodeList.count + 1)
    // A block of one edge is a bridge: no loop passes through it, so it carries no steady flow even when it is a
    // pump (found by fuzzing the case files: a lone fixed-flow pump into a dead end made the Newton matrix singular).
    for block in blocks where block.count > 1 && block.contains(where: { edges[$0].driven }) {
      for e in block where e < elements.count { drivenElement[e] = true }
    }
    // Connected pieces: a piece without a pump is reported as such; otherwise undriven elements are dead ends or
    // loops hanging off a single node.
    for start in 0..<nodeList.count where component[start] < 0 {
      var stack = [start]
      component[start] = start
      while let n = stack.popLast() {
        for (k, e) in edges.enumerated() where k < elements.count && (e.0 == n || e.1 == n) {
          let m = e.0 == n ? e.1 : e.0
          if component[m] < 0 { component[m] = start; stack.append(m) }
        }
      }
    }
    let pieces = Set(elements.map { component[index[$0.from]!] })
    if pieces.count > 1 {
      let pumped = Set(elements.filter { if case .pump = $0.kind { return true } else { return false } }
        .map { component[index[$0.from]!] })
      if let lone = pieces.sorted().first(where: { !pumped.contains($0) }) {
        throw CoolingError.noPump(elements: elements.filter { component[index[$0.from]!] == lone }.map(\.name))
      }
      let other = elements.first { component[index[$0.from]!] != component[index[elements[0].from]!] }!
      throw CoolingError.disconnected(location: "element \(other.name)",
                                      detail: "a separate piece of network with its own pump (no element joins it "
                                        + "to element \(elements[0].name)'s loop)")
    }
    if let k = drivenElement.firstIndex(of: false) {
      let e = elements[k]
      let degree = { (n: String) in self.elements.filter { $0.from == n || $0.to == n }.count }
      if degree(e.from) == 1 && boundaries[e.from] == nil || degree(e.to) == 1 && boundaries[e.to] == nil {
        let end = degree(e.from) == 1 ? e.from : e.to
        throw CoolingError.disconnected(location: "element \(e.name)",
                                        detail: "a dead end at node \(end), which no other element connects")
      }
      let loop = elements.indices.filter { !drivenElement[$0] }.map { elements[$0].name }
      throw CoolingError.noPump(elements: loop)
    }
  }

  private func validateValues(_ e: HydraulicElement) throws {
    func require(_ ok: Bool, _ key: String, _ expected: String, _ value: Double) throws {
      if !ok || !value.isFinite {
        throw CoolingError.invalidInput(location: "element \(e.name): \(key)", expected: expected, found: "\(value)")
      }
    }
    if e.from == e.to {
      throw CoolingError.invalidInput(location: "element \(e.name)", expected: "two different nodes",
                                      found: "both ends at node \(e.from)")
    }
    try require(e.foulingFactor >= 1, "foulingFactor", "a factor ≥ 1", e.foulingFactor)
    try require(true, "heat", "a finite heat (W)", e.heat)
    try require(true, "inletHeatCoefficient", "a finite dq/dT_in (W/K)", e.inletHeatCoefficient)
    switch e.kind {
    case let .pipe(p):
      try require(p.length > 0, "length", "a length > 0", p.length)
      try require(p.diameter > 0, "diameter", "a diameter > 0", p.diameter)
      try require(p.roughness >= 0, "roughness", "a roughness ≥ 0", p.roughness)
      try require(p.minorLoss >= 0, "minorLoss", "a loss coefficient ≥ 0", p.minorLoss)
    case let .fitting(f):
      try require(f.lossCoefficient > 0, "lossCoefficient", "K > 0", f.lossCoefficient)
      try require(f.diameter > 0, "diameter", "a diameter > 0", f.diameter)
    case let .valve(v):
      try require(v.flowCoefficient > 0, "flowCoefficient", "K_v > 0", v.flowCoefficient)
      try require(v.opening > 0 && v.opening <= 1, "opening", "an opening in (0, 1]", v.opening)
    case let .component(c):
      try require(c.linear >= 0, "a", "a ≥ 0", c.linear)
      try require(c.coefficient >= 0, "b", "b ≥ 0", c.coefficient)
      try require(c.linear > 0 || c.coefficient > 0, "a, b", "a > 0 or b > 0", 0)
      try require(c.exponent >= 1 && c.exponent <= 2, "n", "an exponent in [1, 2]", c.exponent)
    case let .tabulated(t):
      try require(t.flows.count >= 2 && t.drops.count == t.flows.count, "pressureDrop",
                  "at least two flows with one pressure drop each", Double(t.drops.count))
      for i in t.flows.indices {
        try require(t.flows[i] > 0 && (i == 0 || t.flows[i] > t.flows[i - 1]), "flows.\(i)", "rising flows > 0",
                    t.flows[i])
        try require(t.drops[i] > 0, "pressureDrop.\(i)", "a pressure drop > 0", t.drops[i])
      }
    case let .pump(p):
      try require(p.running >= 1, "running", "at least 1 running pump", Double(p.running))
      try require(p.standby >= 0, "standby", "standby ≥ 0", Double(p.standby))
      try require(p.speed > 0, "speed", "a speed ratio > 0", p.speed)
      try require(p.efficiency > 0 && p.efficiency <= 1, "efficiency", "an efficiency in (0, 1]", p.efficiency)
      switch p.curve {
      case let .fixedFlow(q): try require(q > 0, "flow", "a flow > 0", q)
      case let .quadratic(p0, _, _): try require(p0 > 0, "shutoff", "a shut-off pressure > 0", p0)
      case let .table(points):
        try require(points.count >= 2, "curve", "at least 2 points", Double(points.count))
        for i in 1..<points.count {
          try require(points[i].flow > points[i - 1].flow, "curve.\(i).flow", "rising flows", points[i].flow)
        }
      }
    }
  }
}

/// Biconnected blocks of an undirected multigraph (Tarjan 1972), each as a list of edge indices.
/// A bridge is a block of one edge; parallel edges between two nodes form one block.
func biconnectedBlocks(nodeCount: Int, edges: [(Int, Int)]) -> [[Int]] {
  var adjacency = [[(node: Int, edge: Int)]](repeating: [], count: nodeCount)
  for (k, (a, b)) in edges.enumerated() {
    adjacency[a].append((b, k))
    adjacency[b].append((a, k))
  }
  var discovery = [Int](repeating: -1, count: nodeCount)
  var low = [Int](repeating: 0, count: nodeCount)
  var time = 0
  var edgeStack: [Int] = []
  var blocks: [[Int]] = []
  var usedEdge = [Bool](repeating: false, count: edges.count)
  // Iterative DFS: frames of (node, parent edge, next adjacency index).
  for root in 0..<nodeCount where discovery[root] < 0 && !adjacency[root].isEmpty {
    var frames: [(node: Int, parentEdge: Int, next: Int)] = [(root, -1, 0)]
    discovery[root] = time; low[root] = time; time += 1
    while !frames.isEmpty {
      let top = frames.count - 1
      let u = frames[top].node
      if frames[top].next < adjacency[u].count {
        let (v, k) = adjacency[u][frames[top].next]
        frames[top].next += 1
        if usedEdge[k] { continue }
        usedEdge[k] = true
        edgeStack.append(k)
        if discovery[v] < 0 {
          discovery[v] = time; low[v] = time; time += 1
          frames.append((v, k, 0))
        } else {
          low[u] = min(low[u], discovery[v])
        }
      } else {
        let finished = frames.removeLast()
        guard let parent = frames.last else { continue }
        let p = parent.node
        low[p] = min(low[p], low[u])
        if low[u] >= discovery[p] {
          // p separates u's subtree: the edges pushed since the tree edge p–u form one block.
          var block: [Int] = []
          while let k = edgeStack.popLast() {
            block.append(k)
            if k == finished.parentEdge { break }
          }
          blocks.append(block)
        }
      }
    }
  }
  return blocks
}

