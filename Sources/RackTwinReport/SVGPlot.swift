import Foundation

/// Escapes text for XML content and attribute values.
func xmlEscaped(_ s: String) -> String {
  var out = ""
  out.reserveCapacity(s.count)
  for ch in s {
    switch ch {
    case "&": out += "&amp;"
    case "<": out += "&lt;"
    case ">": out += "&gt;"
    case "\"": out += "&quot;"
    default: out.append(ch)
    }
  }
  return out
}

/// Coordinates in SVG, with two decimals (enough at screen resolution, and keeps the page small).
func svgNumber(_ v: Double) -> String { String(format: "%.2f", v) }

/// A hand-written x–y plot as one inline SVG element: axes with nice ticks and units, lines, markers coloured by a
/// third variable with its colour bar, a legend, and tooltips (`<title>`) on markers.
struct SVGPlot {
  struct Axis {
    var title: String
    var log = false
  }

  /// A marker.
  struct Point {
    var x: Double
    var y: Double
    /// Colour from the plot's colour bar; nil: the layer's colour.
    var colourValue: Double? = nil
    /// Tooltip shown on hover.
    var tooltip: String = ""
    /// CSS class and extra attributes, e.g. `data-index`.
    var cssClass: String = "point"
    var attributes: [(String, String)] = []
  }

  enum Layer {
    /// A polyline through the points in the given order, with small markers.
    case line(name: String, points: [Point], colour: String)
    /// Markers only.
    case scatter(name: String?, points: [Point], colour: String, radius: Double)
    /// Ringed markers on top of earlier layers, joined by a dashed line in the given order: a Pareto front.
    case front(name: String, points: [Point])
  }

  var id: String
  var x: Axis
  var y: Axis
  var layers: [Layer] = []
  /// The colour bar for `Point.colourValue`: title (with unit) and the values it spans.
  var colourBar: (title: String, values: [Double])? = nil

  let width = 900.0, height = 470.0
  let left = 84.0, top = 18.0, bottom = 62.0

  private var right: Double { 250 }
  private var plotWidth: Double { width - left - right }
  private var plotHeight: Double { height - top - bottom }

  private func allPoints() -> [Point] {
    layers.flatMap { layer -> [Point] in
      switch layer {
      case .line(_, let p, _), .scatter(_, let p, _, _), .front(_, let p): return p
      }
    }
  }

  /// A legend name in at most two lines of 26 characters: wrapped at the last space that fits, the rest cut with "…".
  static func legendLines(_ name: String, width: Int = 26) -> [String] {
    func cut(_ s: Substring) -> String { s.count > width ? String(s.prefix(width - 1)) + "…" : String(s) }
    guard name.count > width else { return [name] }
    let head = name.prefix(width + 1)
    guard let space = head.lastIndex(of: " "), space > name.startIndex else { return [cut(name[...])] }
    return [String(name[..<space]), cut(name[name.index(after: space)...])]
  }

  /// The SVG element.
  func svg() -> String {
    let pts = allPoints()
    let xs = NiceScale(covering: pts.map(\.x), log: x.log)
    let ys = NiceScale(covering: pts.map(\.y), log: y.log)
    let cScale = colourBar.map { NiceScale(covering: $0.values, target: 6) }
    func px(_ v: Double) -> Double { left + xs.fraction(v) * plotWidth }
    func py(_ v: Double) -> Double { top + (1 - ys.fraction(v)) * plotHeight }
    func drawable(_ p: Point) -> Bool { p.x.isFinite && p.y.isFinite && (!xs.isLog || p.x > 0) && (!ys.isLog || p.y > 0) }
    func fill(_ p: Point, _ fallback: String) -> String {
      guard let c = p.colourValue, let s = cScale else { return fallback }
      return c.isFinite ? ColourMap.viridis.hex(s.fraction(c)) : "#999999"
    }
    var o = "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"\(xmlEscaped(id))\" class=\"plot\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\">\n"
    // Frame and grid.
    o += "<rect class=\"frame\" x=\"\(svgNumber(left))\" y=\"\(svgNumber(top))\" width=\"\(svgNumber(plotWidth))\" height=\"\(svgNumber(plotHeight))\" fill=\"#ffffff\" stroke=\"#444444\"/>\n"
    for t in xs.ticks {
      let X = px(t)
      o += "<line class=\"grid\" x1=\"\(svgNumber(X))\" y1=\"\(svgNumber(top))\" x2=\"\(svgNumber(X))\" y2=\"\(svgNumber(top + plotHeight))\" stroke=\"#e4e4e4\"/>"
      o += "<line x1=\"\(svgNumber(X))\" y1=\"\(svgNumber(top + plotHeight))\" x2=\"\(svgNumber(X))\" y2=\"\(svgNumber(top + plotHeight + 5))\" stroke=\"#444444\"/>"
      o += "<text class=\"tick\" x=\"\(svgNumber(X))\" y=\"\(svgNumber(top + plotHeight + 20))\" text-anchor=\"middle\">\(xmlEscaped(xs.label(t)))</text>\n"
    }
    for t in ys.ticks {
      let Y = py(t)
      o += "<line class=\"grid\" x1=\"\(svgNumber(left))\" y1=\"\(svgNumber(Y))\" x2=\"\(svgNumber(left + plotWidth))\" y2=\"\(svgNumber(Y))\" stroke=\"#e4e4e4\"/>"
      o += "<line x1=\"\(svgNumber(left - 5))\" y1=\"\(svgNumber(Y))\" x2=\"\(svgNumber(left))\" y2=\"\(svgNumber(Y))\" stroke=\"#444444\"/>"
      o += "<text class=\"tick\" x=\"\(svgNumber(left - 8))\" y=\"\(svgNumber(Y + 4.5))\" text-anchor=\"end\">\(xmlEscaped(ys.label(t)))</text>\n"
    }
    o += "<text class=\"axis-title\" x=\"\(svgNumber(left + plotWidth / 2))\" y=\"\(svgNumber(height - 14))\" text-anchor=\"middle\">\(xmlEscaped(x.title + (x.log ? " (log scale)" : "")))</text>\n"
    o += "<text class=\"axis-title\" transform=\"translate(18 \(svgNumber(top + plotHeight / 2))) rotate(-90)\" text-anchor=\"middle\">\(xmlEscaped(y.title + (y.log ? " (log scale)" : "")))</text>\n"
    // Data.
    var legend: [(name: String, colour: String, kind: String)] = []
    func marker(_ p: Point, r: Double, fill: String, stroke: String, width: Double) -> String {
      var attrs = "class=\"\(xmlEscaped(p.cssClass))\""
      for (k, v) in p.attributes { attrs += " \(k)=\"\(xmlEscaped(v))\"" }
      let tip = p.tooltip.isEmpty ? "" : "<title>\(xmlEscaped(p.tooltip))</title>"
      return "<circle \(attrs) cx=\"\(svgNumber(px(p.x)))\" cy=\"\(svgNumber(py(p.y)))\" r=\"\(svgNumber(r))\" fill=\"\(fill)\" stroke=\"\(stroke)\" stroke-width=\"\(svgNumber(width))\">\(tip)</circle>\n"
    }
    for layer in layers {
      switch layer {
      case .line(let name, let points, let colour):
        let d = points.filter(drawable)
        if d.count > 1 {
          o += "<polyline class=\"series\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\" points=\"\(d.map { "\(svgNumber(px($0.x))),\(svgNumber(py($0.y)))" }.joined(separator: " "))\"><title>\(xmlEscaped(name))</title></polyline>\n"
        }
        // Markers (with their tooltips) while they stay apart; a long time series is a line only.
        if d.count <= 300 { for p in d { o += marker(p, r: 3.5, fill: colour, stroke: "#ffffff", width: 1) } }
        legend.append((name, colour, "line"))
      case .scatter(let name, let points, let colour, let radius):
        for p in points.filter(drawable) { o += marker(p, r: radius, fill: fill(p, colour), stroke: "#333333", width: 0.6) }
        if let name { legend.append((name, colour, "dot")) }
      case .front(let name, let points):
        let d = points.filter(drawable)
        if d.count > 1 {
          o += "<polyline class=\"front-line\" fill=\"none\" stroke=\"#c00000\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\" points=\"\(d.map { "\(svgNumber(px($0.x))),\(svgNumber(py($0.y)))" }.joined(separator: " "))\"/>\n"
        }
        for p in d { o += marker(p, r: 9, fill: "none", stroke: "#c00000", width: 2.5) }
        legend.append((name, "#c00000", "ring"))
      }
    }
    // Legend and colour bar, right of the plot.
    var ly = top + 8
    let lx = left + plotWidth + 18
    for entry in legend.prefix(14) {
      switch entry.kind {
      case "line":
        o += "<line x1=\"\(svgNumber(lx))\" y1=\"\(svgNumber(ly))\" x2=\"\(svgNumber(lx + 22))\" y2=\"\(svgNumber(ly))\" stroke=\"\(entry.colour)\" stroke-width=\"2.5\"/>"
      case "ring":
        o += "<circle cx=\"\(svgNumber(lx + 11))\" cy=\"\(svgNumber(ly))\" r=\"7\" fill=\"none\" stroke=\"\(entry.colour)\" stroke-width=\"2.5\"/>"
      default:
        o += "<circle cx=\"\(svgNumber(lx + 11))\" cy=\"\(svgNumber(ly))\" r=\"5\" fill=\"\(entry.colour)\" stroke=\"#333333\" stroke-width=\"0.6\"/>"
      }
      // About 26 characters fit beside the plot at 13 px: a longer name wraps once at a space, then is cut; the
      // whole name is in the tooltip.
      for (k, line) in Self.legendLines(entry.name).enumerated() {
        o += "<text class=\"legend\" x=\"\(svgNumber(lx + 30))\" y=\"\(svgNumber(ly + 4.5 + 16 * Double(k)))\">\(xmlEscaped(line))<title>\(xmlEscaped(entry.name))</title></text>\n"
      }
      ly += 20 + 16 * Double(Self.legendLines(entry.name).count - 1)
    }
    if legend.count > 14 {
      o += "<text class=\"legend\" x=\"\(svgNumber(lx))\" y=\"\(svgNumber(ly + 4.5))\">… \(legend.count - 14) more</text>\n"
      ly += 20
    }
    if let bar = colourBar, let s = cScale {
      o += ColourBar(title: bar.title, scale: s, map: .viridis).svg(x: lx, y: ly + 24, height: max(120, top + plotHeight - ly - 30))
    }
    o += "</svg>"
    return o
  }
}

/// A vertical colour bar with ticks and a title above it.
struct ColourBar {
  var title: String
  var scale: NiceScale
  var map: ColourMap

  func svg(x: Double, y: Double, height: Double, width: Double = 18) -> String {
    var o = "<g class=\"colour-bar\">"
    o += "<text class=\"legend\" x=\"\(svgNumber(x))\" y=\"\(svgNumber(y - 10))\">\(xmlEscaped(title))</text>"
    let n = 48
    for i in 0..<n {
      let t0 = Double(i) / Double(n)
      let yy = y + height * (1 - t0 - 1 / Double(n))
      o += "<rect x=\"\(svgNumber(x))\" y=\"\(svgNumber(yy))\" width=\"\(svgNumber(width))\" height=\"\(svgNumber(height / Double(n) + 0.6))\" fill=\"\(map.hex(t0 + 0.5 / Double(n)))\"/>"
    }
    o += "<rect x=\"\(svgNumber(x))\" y=\"\(svgNumber(y))\" width=\"\(svgNumber(width))\" height=\"\(svgNumber(height))\" fill=\"none\" stroke=\"#444444\"/>"
    for t in scale.ticks {
      let yy = y + height * (1 - scale.fraction(t))
      o += "<line x1=\"\(svgNumber(x + width))\" y1=\"\(svgNumber(yy))\" x2=\"\(svgNumber(x + width + 4))\" y2=\"\(svgNumber(yy))\" stroke=\"#444444\"/>"
      o += "<text class=\"tick\" x=\"\(svgNumber(x + width + 7))\" y=\"\(svgNumber(yy + 4.5))\">\(xmlEscaped(scale.label(t)))</text>"
    }
    o += "</g>\n"
    return o
  }
}
