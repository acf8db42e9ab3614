import Foundation

/// The solve part of the report: the temperature map of a slice, the component table, the heat split, and for a
/// transient run the component maxima against time.
struct ResultsReport {
  var data: ResultsData
  var slice: SliceSpec?

  /// The slice the map shows: the one asked for, else horizontal through the hottest component's hottest cell
  /// (or the hottest cell when there are no components). nil without a mesh.
  func chosenSlice() throws -> (spec: SliceSpec, why: String, mark: (SIMD2<Double>, String)?)? {
    guard let g = data.geometry, let t = data.temperature else { return nil }
    let bounds = SliceMap.bounds(g)
    var hottest: (cell: Int, label: String)?
    if let c = data.components.filter({ $0.maxTemperature.isFinite && $0.hottestCell >= 0 && Int($0.hottestCell) < g.cellCount })
      .max(by: { $0.maxTemperature < $1.maxTemperature }) {
      hottest = (Int(c.hottestCell), "hottest cell of \(c.name), \(NumberText.format(c.maxTemperature)) °C")
    } else if let i = t.indices.filter({ t[$0].isFinite }).max(by: { t[$0] < t[$1] }) {
      hottest = (i, "hottest cell, \(NumberText.format(t[i])) °C")
    }
    if let slice {
      let b = bounds[slice.axis]
      guard b.contains(slice.value) else {
        throw ReportError(file: data.file, location: "--slice",
                          expected: "\(SliceSpec.axisNames[slice.axis]) within the mesh, \(NumberText.format(b.lowerBound)) … "
                            + "\(NumberText.format(b.upperBound)) m",
                          found: "\(NumberText.format(slice.value)) m")
      }
      return (slice, "\(SliceSpec.axisNames[slice.axis]) = \(NumberText.format(slice.value * 1000)) mm, as asked", mark(hottest, slice))
    }
    guard let h = hottest else { return nil }
    let centre = SliceMap.centre(of: h.cell, in: g)
    let spec = SliceSpec(axis: 2, value: centre.z)
    return (spec, "horizontal, z = \(NumberText.format(centre.z * 1000)) mm, through the \(h.label)", mark(h, spec))
  }

  private func mark(_ h: (cell: Int, label: String)?, _ spec: SliceSpec) -> (SIMD2<Double>, String)? {
    guard let h, let g = data.geometry else { return nil }
    let c = SliceMap.centre(of: h.cell, in: g)
    let (u, w) = SliceMap.planeAxes(spec.axis)
    return (SIMD2(c[u], c[w]), h.label)
  }

  func mapSection() throws -> String {
    var o = "<section>\n<h2>Temperature map</h2>\n"
    guard let g = data.geometry, let t = data.temperature, let chosen = try chosenSlice() else {
      return o + "<p class=\"note\">Not drawn: the file has no mesh and no temperature field (a network alone).</p>\n</section>\n"
    }
    var map = SliceMap(geometry: g, temperature: t, slice: chosen.spec)
    if let m = chosen.mark { map.mark = (m.0, m.1) }
    o += "<p class=\"note\">Slice: \(xmlEscaped(chosen.why)); \(map.cuts.count) cells cut"
    if case .unstructured = g { o += " (each drawn as its exact cut polygon)" }
    o += ".</p>\n<figure>\n\(map.svg(id: "temperature-map"))\n</figure>\n"
    o += "<p class=\"how\">How to read this: each coloured patch is one mesh cell cut by the plane, its colour the "
      + "cell's temperature (blue cool, red hot; scale on the right in °C); hatched white shows no cell (void). The ringed cross "
      + "marks the hottest component's hottest cell. Choose another plane with --slice, e.g. --slice z=0.01 (metres) "
      + "or --slice \"y=20 mm\".</p>\n</section>\n"
    return o
  }

  func componentTable() -> String {
    var o = "<section>\n<h2>Components</h2>\n"
    if data.components.isEmpty { return o + "<p class=\"note\">The case has no components.</p>\n</section>\n" }
    o += "<table class=\"components\" id=\"component-table\">\n<thead><tr><th>component</th><th>power [W]</th>"
      + "<th>max [°C]</th><th>mean [°C]</th><th>limit [°C]</th><th>margin [K]</th></tr></thead>\n<tbody>\n"
    for c in data.components {
      let cls = c.margin.isFinite && c.margin < 0 ? " class=\"over\"" : ""
      o += "<tr\(cls)><td>\(xmlEscaped(c.name))</td><td>\(String(format: "%.2f", c.power))</td>"
        + "<td>\(fixed(c.maxTemperature))</td><td>\(fixed(c.meanTemperature))</td><td>\(fixed(c.limit))</td>"
        + "<td>\(fixed(c.margin))</td></tr>\n"
    }
    o += "</tbody></table>\n<p class=\"how\">How to read this: max is the component's hottest cell, mean its "
      + "volume-weighted mean; margin = limit − max, in K (red rows are over their limit; – means no limit).</p>\n</section>\n"
    return o
  }

  func fixed(_ v: Double) -> String { v.isFinite ? String(format: "%.2f", v) : "–" }

  func heatSplit() -> String {
    var o = "<section>\n<h2>Heat split</h2>\n"
    let power = data.metric("power") ?? .nan
    func row(_ name: String, _ w: Double, small: Bool = false) -> String {
      let pct = power.isFinite && power != 0 && w.isFinite ? String(format: "%.1f", 100 * w / power) : "–"
      let text = small ? NumberText.format(w, significant: 3) : fixed(w)
      return "<tr><td>\(xmlEscaped(name))</td><td>\(text)</td><td>\(small ? NumberText.format(100 * w / power, significant: 2) : pct)</td></tr>\n"
    }
    o += "<table class=\"heat\" id=\"heat-split\">\n<thead><tr><th>where the heat goes</th><th>heat [W]</th>"
      + "<th>share of the power [%]</th></tr></thead>\n<tbody>\n"
    o += row("dissipated (power)", power)
    if let l = data.metric("heat_to_liquid") { o += row("to the liquid (coolant streams)", l) }
    if let a = data.metric("heat_to_air") { o += row("to air and boundaries (net, all patches)", a) }
    for p in data.patches where p.heatIn != 0 {
      o += row("  through patch \(p.name) (out)", -p.heatIn)
    }
    if let e = data.metric("energy_balance_error") { o += row("energy-balance error", e, small: true) }
    o += "</tbody></table>\n<p class=\"how\">How to read this: the power the components and sources dissipate, and "
      + "where it leaves: picked up by the coolant (ṁ·Δh) or through the mesh's boundaries (convection, fixed "
      + "temperatures, fluxes; each patch's net outflow below it). Shares are of the dissipated power; in a transient "
      + "run the rest is being stored.</p>\n</section>\n"
    return o
  }

  func seriesSection() -> String {
    guard let s = data.series else { return "" }
    var o = "<section>\n<h2>Component maxima against time</h2>\n"
    let nt = s.time.count, nc = s.componentNames.count
    guard nt > 0, nc > 0 else { return o + "<p class=\"note\">The run has no component series.</p>\n</section>\n" }
    var plot = SVGPlot(id: "transient-series", x: .init(title: "time [s]"), y: .init(title: "max temperature [°C]"))
    for c in 0..<nc {
      let pts = (0..<nt).map { i in
        SVGPlot.Point(x: s.time[i], y: s.componentMaxTemperature[i * nc + c],
                      tooltip: "\(s.componentNames[c]): \(NumberText.format(s.componentMaxTemperature[i * nc + c])) °C at \(NumberText.format(s.time[i])) s",
                      cssClass: "series-point")
      }
      plot.layers.append(.line(name: s.componentNames[c], points: pts, colour: LinePalette.colour(c)))
    }
    let limits = data.components.filter { $0.limit.isFinite && s.componentNames.contains($0.name) }
    for (k, c) in limits.enumerated() where k < 4 {
      let pts = [s.time.first!, s.time.last!].map { SVGPlot.Point(x: $0, y: c.limit, cssClass: "limit-point") }
      plot.layers.append(.line(name: "limit of \(c.name)", points: pts, colour: "#999999"))
    }
    o += "<figure>\n\(plot.svg())\n</figure>\n"
    o += "<p class=\"how\">How to read this: each line is one component's hottest cell against time, every accepted "
      + "time step a marker (the steps show where the solver refined the time step); grey lines are the components' "
      + "limits. Events (power steps, boundary changes) show as kinks.</p>\n</section>\n"
    return o
  }

  func html() throws -> String {
    var o = ""
    if let t = data.metric("max_temperature"), let p = data.metric("power") {
      o += "<p class=\"summary\">Power \(NumberText.format(p)) W; hottest cell \(NumberText.format(t)) °C"
      if let d = data.metric("duration") { o += "; transient, \(NumberText.format(d)) s simulated" }
      o += ".</p>\n"
    }
    o += seriesSection()
    o += try mapSection()
    o += componentTable()
    o += heatSplit()
    return o
  }
}
