import Foundation
import RackTwinCase
import RackTwinCooling
import RackTwinIO
import RackTwinMesh
import RackTwinThermal

/// What running one validation case produced.
public struct ValidationCaseResult: Sendable {
  public var name: String
  public var title: String
  public var rows: [ValidationRow]
  /// Cells of each mesh level solved, coarsest first.
  public var cellCounts: [Int]
  /// Wall time, seconds.
  public var seconds: Double
  /// Why the case did not run (a heavy case without `--heavy`), if it did not.
  public var skipped: String?

  public var failed: Int { rows.filter { !$0.passed }.count }
  public var passed: Int { rows.filter(\.passed).count }
}

/// Runs one validation case: generates its mesh(es) from the spec, solves, reads each quantity and compares it with
/// its reference, its gold value and, over refinement levels, its expected order.
public struct ValidationCaseRunner {
  public var reference: ValidationReference
  /// Run heavy cases and heavy commands.
  public var heavy: Bool

  public init(reference: ValidationReference, heavy: Bool = false) {
    self.reference = reference
    self.heavy = heavy
  }

  /// Runs the case. Bad validation files (case, spec, unknown probe …) throw `CaseError` or `MeshError`; a solve
  /// that fails otherwise becomes a failed row.
  public func run() throws -> ValidationCaseResult {
    let clock = ContinuousClock()
    let start = clock.now
    let ref = reference
    var result = ValidationCaseResult(name: ref.name, title: ref.title, rows: [], cellCounts: [], seconds: 0)
    if ref.heavy && !heavy {
      result.skipped = "heavy; run with --heavy"
      return result
    }
    if heavy, let command = ref.heavyCommand {
      let status = try Self.shell(command, in: (ref.path as NSString).deletingLastPathComponent)
      if status != 0 {
        result.rows.append(errorRow("heavyCommand exited with status \(status): \(command)"))
        result.seconds = (clock.now - start).validationSeconds
        return result
      }
    }
    let levels = ref.convergence?.levels ?? 1
    let ratio = ref.convergence?.ratio ?? 2
    var values: [[Double]] = []   // [level][quantity]
    if let device = ref.devicePath {
      values = [try Self.deviceValues(ref, device: device)]
      return compare(ref, values: values, ratio: ratio, into: result, since: start, clock: clock)
    }
    if let channel = ref.channelPath {
      do {
        let (v, cells) = try ChannelCaseFile.values(ref, channel: channel)
        values = [v]
        result.cellCounts = cells
      } catch let e as CaseError {
        throw e
      } catch {
        result.rows.append(errorRow("\(error)"))
        result.seconds = (clock.now - start).validationSeconds
        return result
      }
      return compare(ref, values: values, ratio: ratio, into: result, since: start, clock: clock)
    }
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("racktwin-validate-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    do {
      let refine = ref.convergence?.refine ?? .mesh
      var baseStep: Double?
      for level in 0..<levels {
        let factor = Int(pow(ratio, Double(level)).rounded())
        var overrides: [String] = []
        if let specPath = ref.meshSpecPath {
          // Refine the rectilinear grid, then apply the spec's split (Kuhn tetrahedra, mixed cells): splitting nested
          // grids gives nested unstructured meshes.
          var spec = try GridSpecDecoder.decode(contentsOf: specPath)
          let cellSplit = spec.split
          spec.split = .none
          let base = try MeshGenerator.generate(spec)
          let refined = Self.split(base, into: refine == .time ? 1 : factor, axes: ref.convergence?.axes ?? [0, 1, 2])
          let meshPath = dir.appendingPathComponent("level\(level).h5").path
          try MeshFileWriter.write(try MeshGenerator.split(refined, cellSplit), to: meshPath)
          overrides.append("mesh=\(meshPath)")
        }
        var doc = try CaseDecoder.decode(contentsOf: ref.casePath, overrides: overrides)
        if refine != .mesh {
          guard let step = baseStep ?? doc.transient?.step else {
            throw CaseError(file: ref.path, keyPath: "convergence.refine",
                            expected: "a transient case for time refinement", found: "a steady case")
          }
          baseStep = step
          if level > 0 {
            overrides.append("transient.step=\(step / Double(factor))")
            doc = try CaseDecoder.decode(contentsOf: ref.casePath, overrides: overrides)
          }
        }
        if doc.hasDevices {
          // Lumped devices (no mesh): read `/metrics` of the device run (°C back to K for max_temperature).
          let outcome = try DeviceCaseRunner(document: doc).solve()
          result.cellCounts.append(0)
          values.append(try ref.quantities.enumerated().map { i, q in
            try Self.deviceValue(of: q, index: i, metrics: outcome.results.metrics, referencePath: ref.path)
          })
          continue
        }
        // Quantities of a transient case are read at the end of the run, t = duration; the solution's patch values
        // (face temperatures, heat per patch) are those of its final state, with the boundary conditions of that time.
        let solution: ThermalSolution
        let mesh: FVMesh
        if doc.transient != nil {
          let outcome = try TransientCaseRunner.solve(doc)
          solution = outcome.solution.final
          mesh = outcome.mesh
        } else {
          let outcome = try SteadyCaseRunner(document: doc).solve()
          solution = outcome.solution
          mesh = outcome.mesh
        }
        result.cellCounts.append(mesh.cellCount)
        values.append(try ref.quantities.enumerated().map { i, q in
          try Self.value(of: q, index: i, solution: solution, referencePath: ref.path)
        })
      }
    } catch let e as CaseError {
      throw e
    } catch let e as MeshError {
      throw e
    } catch {
      result.rows.append(errorRow("\(error)"))
      result.seconds = (clock.now - start).validationSeconds
      return result
    }
    return compare(ref, values: values, ratio: ratio, into: result, since: start, clock: clock)
  }

  /// The rows of a case from its quantities' values on each level (coarsest first).
  func compare(_ ref: ValidationReference, values: [[Double]], ratio: Double, into partial: ValidationCaseResult,
               since start: ContinuousClock.Instant, clock: ContinuousClock) -> ValidationCaseResult {
    var result = partial
    let finest = values[values.count - 1]
    for (i, q) in ref.quantities.enumerated() {
      let consistency = q.kind == .consistency
      result.rows.append(ValidationComparison.row(caseName: ref.name, quantity: q,
                                                  label: consistency ? q.name + " [consistency]" : q.name,
                                                  tier: consistency ? .consistency : .reference,
                                                  value: finest[i], reference: q.reference, tolerance: q.tolerance))
      if let gold = q.gold {
        result.rows.append(ValidationComparison.row(caseName: ref.name, quantity: q, label: q.name + " [gold]",
                                                    tier: .gold, value: finest[i], reference: gold,
                                                    tolerance: q.goldTolerance))
      }
      if let order = q.order, values.count >= 2 {
        let unit = DisplayUnit(text: q.referenceText, kind: q.selector.quantityKind)
        let observed = Self.observedOrder(values.map { $0[i] }, reference: q.reference, ratio: ratio)
        let error = abs(observed - order.expected)
        let passed = error <= order.tolerance
        result.rows.append(ValidationRow(
          caseName: ref.name, quantity: q.name + " [order]", tier: .order, value: formatNumber(observed, digits: 4),
          reference: formatNumber(order.expected, digits: 4), error: formatNumber(error, digits: 3),
          tolerance: formatNumber(order.tolerance, digits: 3), passed: passed && observed.isFinite, rawValue: observed,
          detail: "values on the \(values.count) levels: " + values.map { unit.format($0[i], digits: 10) }
            .joined(separator: ", ")))
      }
    }
    result.seconds = (clock.now - start).validationSeconds
    return result
  }

  /// The observed order of accuracy of a sequence of values on meshes refined by `ratio`, coarsest first: from the
  /// last three values alone when there are three or more (Richardson: p = ln((f₁ − f₂)/(f₂ − f₃)) / ln r, which
  /// needs no exact value and so also holds where the reference is a different model, such as 1-D fin theory), else
  /// from the errors of the last two against the reference.
  public static func observedOrder(_ f: [Double], reference: Double, ratio: Double) -> Double {
    let n = f.count
    guard n >= 2 else { return .nan }
    if n >= 3 { return log(abs(f[n - 3] - f[n - 2]) / abs(f[n - 2] - f[n - 1])) / log(ratio) }
    return log(abs(f[n - 2] - reference) / abs(f[n - 1] - reference)) / log(ratio)
  }

  func errorRow(_ message: String) -> ValidationRow {
    ValidationRow(caseName: reference.name, quantity: "(case did not run)", tier: .error, value: message,
                  reference: "", error: "", tolerance: "", passed: false, rawValue: .nan)
  }

  /// `mesh` with every cell split into `factor` equal parts along each of `axes` (factor³ cells for all three):
  /// geometrically similar refinement, so the observed order is meaningful on graded meshes too. Regions, power weights and patches follow
  /// the cells they came from.
  public static func split(_ mesh: MeshDefinition, into factor: Int, axes: [Int] = [0, 1, 2]) -> MeshDefinition {
    guard factor > 1, case .rectilinear(let g) = mesh.geometry else { return mesh }
    let (rx, ry, rz) = (axes.contains(0) ? factor : 1, axes.contains(1) ? factor : 1, axes.contains(2) ? factor : 1)
    func nodes(_ c: [Double], _ r: Int) -> [Double] {
      var out: [Double] = []
      for i in 0..<(c.count - 1) {
        for s in 0..<r { out.append(c[i] + (c[i + 1] - c[i]) * Double(s) / Double(r)) }
      }
      out.append(c[c.count - 1])
      return out
    }
    let (nx, ny, nz) = (g.nx * rx, g.ny * ry, g.nz * rz)
    func parent(_ c: Int) -> Int {
      let i = c % nx, j = (c / nx) % ny, k = c / (nx * ny)
      return g.index(i / rx, j / ry, k / rz)
    }
    let count = nx * ny * nz
    let region = (0..<count).map { g.region[parent($0)] }
    let fine = RectilinearGrid(x: nodes(g.x, rx), y: nodes(g.y, ry), z: nodes(g.z, rz), region: region)
    let weight = mesh.powerWeight.map { w in (0..<count).map { w[parent($0)] } }
    // Each coarse boundary face becomes the r² fine faces on the same side of its r³ children.
    let patches = mesh.patches.map { p in
      MeshPatch(name: p.name, faces: p.faces.flatMap { f -> [CellFace] in
        let i = f.cell % g.nx, j = (f.cell / g.nx) % g.ny, k = f.cell / (g.nx * g.ny)
        var out: [CellFace] = []
        for dk in 0..<rz {
          for dj in 0..<ry {
            for di in 0..<rx {
              let (a, b, c) = (i * rx + di, j * ry + dj, k * rz + dk)
              let onSide: Bool
              switch f.localFace {
              case 0: onSide = di == 0
              case 1: onSide = di == rx - 1
              case 2: onSide = dj == 0
              case 3: onSide = dj == ry - 1
              case 4: onSide = dk == 0
              default: onSide = dk == rz - 1
              }
              if onSide { out.append(CellFace(cell: fine.index(a, b, c), localFace: f.localFace)) }
            }
          }
        }
        return out
      })
    }
    return MeshDefinition(geometry: .rectilinear(fine), regions: mesh.regions, patches: patches, powerWeight: weight)
  }

  /// The values of a device case (`device:`): each quantity a `coldPlate` selector on a curve of the device file.
  static func deviceValues(_ ref: ValidationReference, device: String) throws -> [Double] {
    if ref.quantities.contains(where: { if case .correlation = $0.selector { true } else { false } }) {
      return try CorrelationDeviceFile.values(ref, device: device)
    }
    let curves = try ColdPlateDeviceFile.curves(contentsOf: device)
    let plates = try FinPlateDevice.plates(contentsOf: device)
    return try ref.quantities.enumerated().map { i, q in
      guard case .coldPlate(let name, let flow) = q.selector else {
        throw CaseError(file: ref.path, keyPath: "quantities.\(i)", expected: "a coldPlate selector in a device case",
                        found: "\(q.selector)")
      }
      if let plate = plates[name] {
        do { return try plate.resistance(volumeFlow: flow) } catch let e as CoolingError {
          throw CaseError(file: device, keyPath: "finPlates.\(name)", expected: "a fin plate that solves",
                          found: e.description)
        }
      }
      guard let curve = curves[name] else {
        let names = (Array(curves.keys) + Array(plates.keys)).sorted()
        let suggestion = NearestKey.suggestion(for: name, among: names)
        throw CaseError(file: ref.path, keyPath: "quantities.\(i).coldPlate.curve",
                        expected: "a curve of \(device), " + NearestKey.expectedOneOf(names, suggestion: suggestion),
                        found: "\"\(name)\"", suggestion: suggestion)
      }
      return curve.resistance(massFlow: flow * curve.properties.density)
    }
  }

  /// The SI value a quantity selects from a solved case.
  static func value(of q: ValidationReference.Quantity, index i: Int, solution s: ThermalSolution,
                    referencePath: String) throws -> Double {
    func missing(_ key: String, _ name: String, among names: [String]) -> CaseError {
      let suggestion = NearestKey.suggestion(for: name, among: names)
      var expected = "a \(key) of the case, one of [\(names.joined(separator: ", "))]"
      if let suggestion { expected += " (did you mean \"\(suggestion)\"?)" }
      return CaseError(file: referencePath, keyPath: "quantities.\(i).\(key)", expected: expected,
                       found: "\"\(name)\"", suggestion: suggestion)
    }
    switch q.selector {
    case .probe(let name):
      guard let p = s.probes.first(where: { $0.name == name }) else {
        throw missing("probe", name, among: s.probes.map(\.name))
      }
      return p.temperature
    case .metric(let m):
      let eb = s.energyBalance
      switch m {
      case .power: return eb.sources
      case .heatIn: return eb.heatIn
      case .heatOut: return eb.heatOut
      case .energyBalanceError: return eb.imbalance
      case .energyBalanceRelative: return eb.relative
      case .maxTemperature: return s.temperature.max() ?? .nan
      case .heatToLiquid: return SolutionMetrics.heatToLiquid(s)
      case .heatToAir: return SolutionMetrics.heatToAir(s)
      case .doorCapturedHeat, .doorCaptureRatio:
        throw CaseError(file: referencePath, keyPath: "quantities.\(i).metric",
                        expected: "a metric of a mesh case (\(m.rawValue) needs a case with rearDoor)",
                        found: "\"\(m.rawValue)\"")
      }
    case .component(let name, let field):
      guard let c = s.components.first(where: { $0.name == name }) else {
        throw missing("component", name, among: s.components.map(\.name))
      }
      switch field {
      case .maxTemperature: return c.maxTemperature
      case .meanTemperature: return c.meanTemperature
      case .power: return c.power
      }
    case .patchMean(let name):
      guard let p = s.patches.first(where: { $0.name == name }) else {
        throw missing("patchMean", name, among: s.patches.map(\.name))
      }
      return p.meanTemperature
    case .coldPlate, .correlation:
      let key = if case .coldPlate = q.selector { "coldPlate" } else { "correlation" }
      throw CaseError(file: referencePath, keyPath: "quantities.\(i).\(key)",
                      expected: "a probe, metric, component or patch selector (\(key) needs `device:` instead of "
                        + "`case:`)", found: "a \(key) selector in a case that solves \"case:\"")
    case .channel:
      throw CaseError(file: referencePath, keyPath: "quantities.\(i).channel",
                      expected: "a probe, metric, component or patch selector (channel needs `channel:` instead of "
                        + "`case:`)", found: "a channel selector in a case that solves \"case:\"")
    case .patchHeat(let name):
      guard let flow = s.energyBalance.perPatch.first(where: { $0.patch == name }) else {
        throw missing("patchHeat", name, among: s.energyBalance.perPatch.map(\.patch))
      }
      return flow.heatIn
    }
  }

  /// A quantity of a lumped-device case, read from its `/metrics` by name; only `metric:` selectors apply.
  static func deviceValue(of q: ValidationReference.Quantity, index i: Int, metrics: [ResultsDocument.Metric],
                          referencePath: String) throws -> Double {
    guard case .metric(let m) = q.selector else {
      throw CaseError(file: referencePath, keyPath: "quantities.\(i)",
                      expected: "a metric selector (a case of lumped devices has no probes, patches or mesh components)",
                      found: q.selector.description)
    }
    guard let v = metrics.first(where: { $0.name == m.rawValue }) else {
      throw CaseError(file: referencePath, keyPath: "quantities.\(i).metric",
                      expected: "a metric the case writes", found: "\"\(m.rawValue)\" (not written: no such device)")
    }
    return m == .maxTemperature ? v.value + 273.15 : v.value
  }

  /// Runs `/bin/sh -c command` in `directory`; returns its exit status.
  static func shell(_ command: String, in directory: String) throws -> Int32 {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/bin/sh")
    p.arguments = ["-c", command]
    p.currentDirectoryURL = URL(fileURLWithPath: directory.isEmpty ? "." : directory)
    try p.run()
    p.waitUntilExit()
    return p.terminationStatus
  }
}

extension Duration {
  var validationSeconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
