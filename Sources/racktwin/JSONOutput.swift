import Foundation
import RackTwinIO

/// What `--json` prints: one JSON object on stdout, SI values each with its units (docs/cli.md, "JSON output").
enum JSONOutput {
  /// A number and its units; a non-finite number (no limit, no value) becomes null.
  static func quantity(_ value: Double, _ units: String) -> [String: Any] {
    ["value": number(value), "units": units]
  }

  static func number(_ value: Double) -> Any { value.isFinite ? value : NSNull() }

  /// The object, pretty-printed with sorted keys (stable for diffs and tests).
  static func text(_ object: [String: Any]) throws -> String {
    let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    return String(decoding: data, as: UTF8.self)
  }

  /// A solve's results: the case, the mesh, the files written, the energy balance, every metric with its units,
  /// components and probes. `kind` is steady, transient, network or devices.
  static func solve(results r: ResultsDocument, casePath: String, kind: String, mesh: (file: String, cells: Int, regions: Int)?,
                    output: String, sidecar: String?, warnings: [String]) -> [String: Any] {
    var metrics: [String: Any] = [:]
    for m in r.metrics { metrics[m.name] = quantity(m.value, m.units) }
    var balance: [String: Any] = [:]
    for (key, name) in [("sources", "power"), ("heatIn", "heat_in"), ("heatOut", "heat_out"),
                        ("error", "energy_balance_error"), ("relative", "energy_balance_relative")] {
      if let m = r.metrics.first(where: { $0.name == name }) { balance[key] = quantity(m.value, m.units) }
    }
    let components: [[String: Any]] = r.components.map { c in
      ["name": c.name, "power": quantity(c.power, "W"), "maxTemperature": quantity(c.maxTemperatureC, "degC"),
       "meanTemperature": quantity(c.meanTemperatureC, "degC"), "limit": quantity(c.limitC, "degC"),
       "margin": quantity(c.margin, "K")]
    }
    let probes: [[String: Any]] = r.probes.map { p in
      ["name": p.name, "position": quantity(0, "m").merging(["value": [p.position.x, p.position.y, p.position.z]]) { $1 },
       "temperature": quantity(p.temperatureC, "degC")]
    }
    var object: [String: Any] = [
      "case": casePath, "kind": kind, "output": output, "sidecar": sidecar ?? NSNull(), "energyBalance": balance,
      "metrics": metrics, "components": components, "probes": probes, "warnings": warnings,
    ]
    object["mesh"] = mesh.map { ["file": $0.file, "cells": $0.cells, "regions": $0.regions] as [String: Any] } ?? NSNull()
    return object
  }
}
