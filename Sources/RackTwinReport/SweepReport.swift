import Foundation

/// The sweep part of the report: the objectives with their Pareto front, maximum temperature and pump power against
/// flow, and the table of points. Columns are chosen from those present; a plot without its columns is replaced by
/// a sentence saying which column is missing.
struct SweepReport {
  var data: SweepData

  /// One of the report's plots, or why it is left out.
  struct Section {
    var heading: String
    var svg: String?
    var howToRead: String
    var notes: [String] = []
  }

  /// Objectives used when the file stores none: the first present of PUE, TUE, maximum temperature (minimised)
  /// against the first present of the reliability index (maximised), hotspot risk, pump power (minimised).
  static let defaultYObjectives = ["pue", "tue", "max_temperature"]
  static let defaultXObjectives: [(String, Bool)] = [("reliability_index", false), ("hotspot_risk", true),
                                                    ("pump_power", true), ("tcs_pump_power", true)]

  var ok: [Int] { data.status.indices.filter { data.status[$0] == 0 } }

  /// The plotted objectives: the file's two, else the defaults above. (y, x).
  func objectives() -> (y: SweepData.Objective, x: SweepData.Objective, fromFile: Bool)? {
    if data.objectives.count == 2, data.objectives.allSatisfy({ data.hasValues($0.metric) }) {
      return (data.objectives[0], data.objectives[1], true)
    }
    guard let y = Self.defaultYObjectives.first(where: data.hasValues),
          let x = Self.defaultXObjectives.first(where: { data.hasValues($0.0) && $0.0 != y }) else { return nil }
    return (.init(metric: y, minimize: true), .init(metric: x.0, minimize: x.1), false)
  }

  /// Row numbers (into the file's rows) of the points no other ok point dominates: at least as good in both
  /// objectives and better in one; NaN left out. The rule of `/sweep/pareto`.
  func front(_ y: SweepData.Objective, _ x: SweepData.Objective) -> [Int] {
    guard let a = data.numbers(y.metric), let b = data.numbers(x.metric) else { return [] }
    let sa = y.minimize ? 1.0 : -1.0, sb = x.minimize ? 1.0 : -1.0
    let rows = ok.filter { a[$0].isFinite && b[$0].isFinite }
    return rows.filter { i in
      !rows.contains { j in
        sa * a[j] <= sa * a[i] && sb * b[j] <= sb * b[i] && (sa * a[j] < sa * a[i] || sb * b[j] < sb * b[i])
      }
    }
  }

  /// The flow column: an axis in flow units, an axis named …flow…, else the loop or first pump flow output.
  func flowColumn() -> SweepData.Column? {
    let numeric = data.columns.filter { $0.numbers != nil }
    if let c = numeric.first(where: { $0.isAxis && DisplayUnit.isFlow($0.units) }) { return c }
    if let c = numeric.first(where: { $0.isAxis && $0.name.lowercased().contains("flow") }) { return c }
    if let c = numeric.first(where: { $0.name == "loop_flow" && data.hasValues($0.name) }) { return c }
    return numeric.first { $0.name.hasPrefix("pumps.") && $0.name.hasSuffix(".flow") && data.hasValues($0.name) }
  }

  /// The supply-temperature column: an axis in temperature units, else a supply-temperature output.
  func supplyColumn() -> SweepData.Column? {
    let numeric = data.columns.filter { $0.numbers != nil }
    if let c = numeric.first(where: { $0.isAxis && DisplayUnit.isTemperature($0.units) }) { return c }
    for name in ["tcs_supply_temperature", "fws_supply_temperature", "loop_supply_temperature"] where data.hasValues(name) {
      return data.column(name)
    }
    return nil
  }

  /// A string axis value for a legend: a path's file name, at most 20 characters.
  static func shortValue(_ text: String) -> String {
    let name = text.contains("/") && !text.contains("{") ? (text as NSString).lastPathComponent : text
    return name.count > 20 ? String(name.prefix(19)) + "…" : name
  }

  static func shortName(_ column: String) -> String {
    column.split(separator: ".").last.map(String.init) ?? column
  }

  func label(_ c: SweepData.Column) -> String { DisplayUnit(stored: c.units).label(c.name) }

  func tooltip(_ row: Int, _ cols: [SweepData.Column]) -> String {
    "point \(data.index[row]): " + cols.map { c in
      let u = DisplayUnit(stored: c.units)
      return "\(c.name) = \(c.text(row))\(u.text.isEmpty ? "" : " " + u.text)"
    }.joined(separator: ", ")
  }

  // MARK: (i) objectives and front

  func objectivesSection() -> Section {
    let heading = "Objectives and Pareto front"
    guard let (y, x, fromFile) = objectives(), let yc = data.column(y.metric), let xc = data.column(x.metric) else {
      return Section(heading: heading, svg: nil, howToRead: "",
                     notes: ["Not drawn: the sweep has no objectives stored, and none of the default pairs "
                             + "(\(Self.defaultYObjectives.joined(separator: ", ")) against "
                             + "\(Self.defaultXObjectives.map(\.0).joined(separator: ", "))) has values."])
    }
    let flow = flowColumn()
    let colour = flow ?? data.columns.first { $0.isAxis && $0.numbers != nil && $0.name != xc.name && $0.name != yc.name }
    let yu = DisplayUnit(stored: yc.units), xu = DisplayUnit(stored: xc.units)
    let cu = colour.map { DisplayUnit(stored: $0.units) }
    let yv = yc.numbers!, xv = xc.numbers!
    let tipCols = [yc, xc] + (colour.map { [$0] } ?? [])
    let front = front(y, x)
    let frontSet = Set(front)
    var points: [SVGPlot.Point] = []
    for r in ok {
      points.append(.init(x: xv[r] * xu.factor, y: yv[r] * yu.factor,
                          colourValue: colour.map { $0.numbers![r] * cu!.factor },
                          tooltip: tooltip(r, tipCols) + (frontSet.contains(r) ? " (on the front)" : ""),
                          cssClass: "point", attributes: [("data-index", String(data.index[r]))]))
    }
    let frontPoints = front.sorted { xv[$0] < xv[$1] || (xv[$0] == xv[$1] && yv[$0] < yv[$1]) }.map { r in
      SVGPlot.Point(x: xv[r] * xu.factor, y: yv[r] * yu.factor, tooltip: tooltip(r, tipCols) + " (on the front)",
                    cssClass: "pareto-point", attributes: [("data-index", String(data.index[r]))])
    }
    var plot = SVGPlot(id: "sweep-objectives", x: .init(title: xu.label(xc.name)), y: .init(title: yu.label(yc.name)))
    plot.layers = [.scatter(name: colour == nil ? "sweep points" : nil, points: points, colour: "#0072b2", radius: 5.5),
                   .front(name: "Pareto front (\(front.count))", points: frontPoints)]
    if let colour, let cu {
      plot.colourBar = (cu.label(Self.shortName(colour.name)), ok.map { colour.numbers![$0] * cu.factor })
    }
    func better(_ o: SweepData.Objective) -> String { o.minimize ? "lower" : "higher" }
    var notes: [String] = []
    notes.append(fromFile ? "Objectives from the sweep file: \(y.metric) (\(y.minimize ? "minimise" : "maximise")) and "
                   + "\(x.metric) (\(x.minimize ? "minimise" : "maximise"))."
                 : "The sweep file stores no objectives (or they have no values); the report's default pair: "
                   + "\(y.metric) (minimise) against \(x.metric) (\(x.minimize ? "minimise" : "maximise")).")
    if let colour, flow == nil { notes.append("No flow column; the points are coloured by \(colour.name) instead.") }
    if fromFile {
      let fileFront = Set(data.pareto)
      let mine = Set(front.map { data.index[$0] })
      if fileFront != mine {
        notes.append("The file's /sweep/pareto (\(data.pareto.count) points) differs from the front recomputed here "
                     + "(\(front.count) points); the plot shows the recomputed one.")
      }
    }
    let failed = data.status.count - ok.count
    if failed > 0 { notes.append("\(failed) point(s) did not finish (status ≠ 0) and are not drawn.") }
    let how = "How to read this: each marker is one sweep point\(colour.map { ", its colour the \(Self.shortName($0.name))" } ?? ""). "
      + "\(better(y).capitalized) \(y.metric) and \(better(x)) \(x.metric) are better; the ringed points on the dashed "
      + "line are the Pareto front, where neither objective can improve without the other getting worse. "
      + "Any other point is beaten by a front point in both. Hover over a marker for its values."
    return Section(heading: heading, svg: plot.svg(), howToRead: how, notes: notes)
  }

  // MARK: (ii), (iii) against flow

  func againstFlowSection(id: String, heading: String, yNames: [String], howToRead: String) -> Section {
    guard let flow = flowColumn() else {
      return Section(heading: heading, svg: nil, howToRead: "",
                     notes: ["Not drawn: the sweep has no flow column (an axis in flow units such as L/min or m^3/s, "
                             + "an axis named …flow…, loop_flow or pumps.<name>.flow)."])
    }
    guard let yName = yNames.first(where: data.hasValues), let yc = data.column(yName) else {
      return Section(heading: heading, svg: nil, howToRead: "",
                     notes: ["Not drawn: the sweep has no \(yNames.joined(separator: " or ")) column with values."])
    }
    let supply = supplyColumn()
    // One line per supply temperature and per value of every other axis (except flow and pump speed, which set it).
    let others = data.columns.filter {
      $0.isAxis && $0.name != flow.name && $0.name != supply?.name
        && !$0.name.lowercased().contains("speed") && !$0.name.lowercased().contains("flow")
    }
    let groupCols = (supply.map { [$0] } ?? []) + others
    // A group's key is its parts, one (column, value, unit) per group column.
    var groups: [String: [Int]] = [:]
    var parts: [String: [(name: String, value: String, unit: String)]] = [:]
    var order: [String] = []
    for r in ok {
      let p = groupCols.map { c -> (name: String, value: String, unit: String) in
        let u = DisplayUnit(stored: c.units)
        return (Self.shortName(c.name), c.numbers == nil ? Self.shortValue(c.text(r)) : c.text(r), u.text)
      }
      let key = p.map { "\($0.name) \($0.value)\($0.unit.isEmpty ? "" : " " + $0.unit)" }.joined(separator: ", ")
      if groups[key] == nil { order.append(key); parts[key] = p }
      groups[key, default: []].append(r)
    }
    let fu = DisplayUnit(stored: flow.units), yu = DisplayUnit(stored: yc.units)
    let fv = flow.numbers!, yv = yc.numbers!
    if let s = supply, let sv = s.numbers {
      order.sort { a, b in (sv[groups[a]![0]], a) < (sv[groups[b]![0]], b) }
    }
    let series = Self.coincident(order.map { groups[$0]!.sorted { fv[$0] < fv[$1] } }, x: fv, y: yv)
    var plot = SVGPlot(id: id, x: .init(title: fu.label(flow.name)), y: .init(title: yu.label(yc.name)))
    var notes: [String] = []
    for (g, members) in series.enumerated() {
      let keys = members.map { order[$0] }
      let rows = groups[keys[0]]!.sorted { fv[$0] < fv[$1] }
      let name = keys.count == 1 ? keys[0] : Self.mergedName(keys.map { parts[$0]! })
      // The other members' rows, in the same flow order: each marker's tooltip gives their values too.
      let others = keys.dropFirst().map { k in (k, groups[k]!.sorted { fv[$0] < fv[$1] }) }
      let pts = rows.enumerated().map { n, r in
        let same = others.map { k, rs in
          "; \(k): point \(data.index[rs[n]]), \(yc.name) = \(yc.text(rs[n]))\(yu.text.isEmpty ? "" : " " + yu.text)"
        }.joined()
        return SVGPlot.Point(x: fv[r] * fu.factor, y: yv[r] * yu.factor,
                             tooltip: tooltip(r, [flow, yc] + groupCols) + same,
                             attributes: [("data-index", String(data.index[r]))])
      }
      plot.layers.append(.line(name: name.isEmpty ? yc.name : name, points: pts, colour: LinePalette.colour(g)))
      if keys.count > 1 {
        notes.append("\(keys.count) lines coincide (every point within \(String(format: "%g", Self.coincidenceFraction * 100)) % of the "
                       + "axis span) and are drawn as one, named \"\(name)\": \(keys.joined(separator: "; ")).")
      }
    }
    if supply == nil { notes.append("No supply-temperature column: one line per combination of the other axes.") }
    return Section(heading: heading, svg: plot.svg(), howToRead: howToRead, notes: notes)
  }

  /// Lines closer than this fraction of the plot's x and y spans at every point are one line on the page: 1 % is
  /// about 4 px of the 390 px plot height, a line's width plus a marker's radius. E.g. pump power against flow at
  /// supply temperatures that barely change it (the nvl72 sweep's four lines lie within 0.44 % of the span).
  static let coincidenceFraction = 0.01

  /// Groups of the given lines (rows sorted by x) that coincide: the same number of points, each within
  /// `coincidenceFraction` of the spans in x and y, NaN only where the other is NaN. Returns indices into `lines`,
  /// each group in the lines' order, groups in the order of their first line.
  static func coincident(_ lines: [[Int]], x: [Double], y: [Double]) -> [[Int]] {
    func span(_ v: [Double]) -> Double {
      let f = lines.flatMap { $0 }.map { v[$0] }.filter(\.isFinite)
      guard let lo = f.min(), let hi = f.max() else { return 0 }
      return hi > lo ? hi - lo : max(abs(hi), 1e-300) * 1e-12
    }
    let tx = coincidenceFraction * span(x), ty = coincidenceFraction * span(y)
    func close(_ a: Double, _ b: Double, _ t: Double) -> Bool { a.isNaN ? b.isNaN : abs(a - b) <= t }
    var groups: [[Int]] = []
    for (i, rows) in lines.enumerated() {
      if let g = groups.firstIndex(where: { g in
        let other = lines[g[0]]
        return other.count == rows.count
          && zip(other, rows).allSatisfy { close(x[$0], x[$1], tx) && close(y[$0], y[$1], ty) }
      }) {
        groups[g].append(i)
      } else {
        groups.append([i])
      }
    }
    return groups
  }

  /// The legend name of coincident lines: where they differ in one column only, that column's values joined by
  /// " = " (`supplyTemperature 30 = 35 = 40 °C`), else the lines' names joined by " = ".
  static func mergedName(_ parts: [[(name: String, value: String, unit: String)]]) -> String {
    let columns = parts[0].indices
    let differing = columns.filter { c in parts.contains { $0[c].value != parts[0][c].value } }
    func text(_ p: (name: String, value: String, unit: String)) -> String {
      "\(p.name) \(p.value)\(p.unit.isEmpty ? "" : " " + p.unit)"
    }
    guard differing.count == 1, let d = differing.first else {
      return parts.map { $0.map(text).joined(separator: ", ") }.joined(separator: " = ")
    }
    return columns.map { c in
      c == d ? text((parts[0][c].name, parts.map { $0[c].value }.joined(separator: " = "), parts[0][c].unit))
        : text(parts[0][c])
    }.joined(separator: ", ")
  }

  // MARK: (iv) table

  func table(front: Set<Int>) -> String {
    let cols = data.columns
    var o = "<div class=\"table-wrap\"><table class=\"points\" id=\"sweep-table\">\n<thead><tr><th>index</th>"
    for c in cols { o += "<th>\(xmlEscaped(DisplayUnit(stored: c.units).label(c.name)))</th>" }
    o += "<th>status</th><th>message</th></tr></thead>\n<tbody>\n"
    for r in 0..<data.rowCount {
      let cls = front.contains(r) ? " class=\"pareto\"" : data.status[r] != 0 ? " class=\"failed\"" : ""
      o += "<tr\(cls)><td>\(data.index[r])\(front.contains(r) ? " ★" : "")</td>"
      for c in cols { o += "<td>\(xmlEscaped(c.text(r)))</td>" }
      o += "<td>\(data.status[r])</td><td>\(xmlEscaped(data.messages[r]))</td></tr>\n"
    }
    o += "</tbody></table></div>\n"
    return o
  }

  /// The sweep's sections as HTML.
  func html() -> String {
    var o = ""
    let obj = objectivesSection()
    let frontRows = objectives().map { Set(front($0.y, $0.x)) } ?? []
    let sections = [
      obj,
      againstFlowSection(
        id: "sweep-max-temperature", heading: "Maximum temperature against flow", yNames: ["max_temperature"],
        howToRead: "How to read this: one line per supply temperature (and per value of any other axis); more flow "
          + "lowers the hottest cell's temperature, with diminishing returns as the coolant's rise gets small beside "
          + "the cold plate's resistance. Read off the flow that keeps a line below the components' limit."),
      againstFlowSection(
        id: "sweep-pump-power", heading: "Pump power against flow", yNames: ["pump_power", "tcs_pump_power"],
        howToRead: "How to read this: the electrical power of the pumps at each flow; it rises roughly with the cube "
          + "of flow (pressure drop ∝ Q² times Q), so the last litres per minute cost the most."),
    ]
    for s in sections {
      o += "<section>\n<h2>\(xmlEscaped(s.heading))</h2>\n"
      if let svg = s.svg { o += "<figure>\n\(svg)\n</figure>\n" }
      for n in s.notes { o += "<p class=\"note\">\(xmlEscaped(n))</p>\n" }
      if !s.howToRead.isEmpty { o += "<p class=\"how\">\(xmlEscaped(s.howToRead))</p>\n" }
      o += "</section>\n"
    }
    o += "<section>\n<h2>Points</h2>\n"
    o += "<p class=\"how\">How to read this: one row per sweep point, in index order; temperatures in °C, "
      + "temperature differences (margins) in K, volume flows in L/min. Rows marked ★ are on the Pareto front "
      + "of the first plot; greyed rows did not finish (see status and message).</p>\n"
    o += table(front: frontRows)
    o += "</section>\n"
    return o
  }
}
