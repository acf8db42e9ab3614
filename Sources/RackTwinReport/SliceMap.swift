import Foundation

/// A temperature map of the cells a plane cuts, as one SVG: rectangles on a rectilinear mesh, the exact cut polygons
/// of the cells on an unstructured one, coloured by temperature with a colour bar in °C, axes in mm.
struct SliceMap {
  /// A cut cell: its outline in the plane's coordinates (m) and its temperature (°C).
  struct Cut {
    var outline: [SIMD2<Double>]
    var temperature: Double
    var cell: Int
  }

  var slice: SliceSpec
  var cuts: [Cut]
  /// Where to mark the hottest component's hottest cell, in plane coordinates, with its label.
  var mark: (point: SIMD2<Double>, label: String)?

  /// The two in-plane axes for a slice normal to `axis`.
  static func planeAxes(_ axis: Int) -> (Int, Int) { axis == 0 ? (1, 2) : axis == 1 ? (0, 2) : (0, 1) }

  /// The centre of a file cell (m).
  static func centre(of cell: Int, in geometry: ResultsData.Geometry) -> SIMD3<Double> {
    switch geometry {
    case .rectilinear(let x, let y, let z):
      let nx = x.count - 1, ny = y.count - 1
      let i = cell % nx, j = (cell / nx) % ny, k = cell / (nx * ny)
      return SIMD3((x[i] + x[i + 1]) / 2, (y[j] + y[j + 1]) / 2, (z[k] + z[k + 1]) / 2)
    case .unstructured(let points, let cells):
      let ids = cells[cell]
      return ids.reduce(SIMD3<Double>(repeating: 0)) { $0 + points[$1] } / Double(ids.count)
    }
  }

  /// The bounds of the mesh along each axis (m).
  static func bounds(_ geometry: ResultsData.Geometry) -> [ClosedRange<Double>] {
    switch geometry {
    case .rectilinear(let x, let y, let z): return [x.first!...x.last!, y.first!...y.last!, z.first!...z.last!]
    case .unstructured(let points, _):
      return (0..<3).map { a in points.map { $0[a] }.min()!...points.map { $0[a] }.max()! }
    }
  }

  /// Cuts the mesh with the plane.
  init(geometry: ResultsData.Geometry, temperature: [Double], slice: SliceSpec) {
    self.slice = slice
    let (u, w) = SliceMap.planeAxes(slice.axis)
    var cuts: [Cut] = []
    switch geometry {
    case .rectilinear(let x, let y, let z):
      let nodes = [x, y, z]
      let n = [x.count - 1, y.count - 1, z.count - 1]
      let a = nodes[slice.axis]
      // The layer of cells containing the plane; a plane on a node takes the cell above it (the last node: below).
      var layer = a.lastIndex { $0 <= slice.value } ?? 0
      layer = min(max(0, layer), n[slice.axis] - 1)
      for jw in 0..<n[w] {
        for iu in 0..<n[u] {
          var idx = [0, 0, 0]
          idx[slice.axis] = layer
          idx[u] = iu
          idx[w] = jw
          let cell = (idx[2] * n[1] + idx[1]) * n[0] + idx[0]
          let t = temperature[cell]
          guard t.isFinite else { continue }
          let u0 = nodes[u][iu], u1 = nodes[u][iu + 1], w0 = nodes[w][jw], w1 = nodes[w][jw + 1]
          cuts.append(Cut(outline: [SIMD2(u0, w0), SIMD2(u1, w0), SIMD2(u1, w1), SIMD2(u0, w1)], temperature: t, cell: cell))
        }
      }
    case .unstructured(let points, let cells):
      for (c, ids) in cells.enumerated() {
        let t = temperature[c]
        guard t.isFinite else { continue }
        let s = ids.map { points[$0][slice.axis] - slice.value }
        guard s.min()! <= 0, s.max()! >= 0, s.min()! < s.max()! else { continue }
        // Every segment between two of the cell's points that crosses the plane: for a convex cell the hull of these
        // crossings is the cut (segments through the inside add points inside it, which the hull drops).
        var crossings: [SIMD2<Double>] = []
        for i in 0..<ids.count {
          for j in (i + 1)..<ids.count where (s[i] <= 0 && s[j] >= 0) || (s[i] >= 0 && s[j] <= 0) {
            let pi = points[ids[i]], pj = points[ids[j]]
            let f = s[i] == s[j] ? 0 : s[i] / (s[i] - s[j])
            let p = pi + (pj - pi) * f
            crossings.append(SIMD2(p[u], p[w]))
          }
        }
        let hull = SliceMap.convexHull(crossings)
        if hull.count >= 3 { cuts.append(Cut(outline: hull, temperature: t, cell: c)) }
      }
    }
    self.cuts = cuts
  }

  /// Andrew's monotone chain; counter-clockwise, collinear points dropped.
  static func convexHull(_ points: [SIMD2<Double>]) -> [SIMD2<Double>] {
    let p = points.sorted { $0.x < $1.x || ($0.x == $1.x && $0.y < $1.y) }
    guard p.count >= 3 else { return p }
    func cross(_ o: SIMD2<Double>, _ a: SIMD2<Double>, _ b: SIMD2<Double>) -> Double {
      (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x)
    }
    var lower: [SIMD2<Double>] = [], upper: [SIMD2<Double>] = []
    for q in p {
      while lower.count >= 2, cross(lower[lower.count - 2], lower[lower.count - 1], q) <= 0 { lower.removeLast() }
      lower.append(q)
    }
    for q in p.reversed() {
      while upper.count >= 2, cross(upper[upper.count - 2], upper[upper.count - 1], q) <= 0 { upper.removeLast() }
      upper.append(q)
    }
    return Array(lower.dropLast() + upper.dropLast())
  }

  /// The SVG element, axes in mm; the in-plane aspect kept unless one side is more than 4 times the other.
  func svg(id: String) -> String {
    let (u, w) = SliceMap.planeAxes(slice.axis)
    let names = SliceSpec.axisNames
    let all = cuts.flatMap(\.outline)
    let temps = cuts.map(\.temperature)
    let width = 900.0, height = 540.0, left = 78.0, top = 16.0, bottom = 58.0, right = 170.0
    guard !all.isEmpty else {
      return "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"\(xmlEscaped(id))\" class=\"plot map\" viewBox=\"0 0 \(Int(width)) 100\" width=\"\(Int(width))\" height=\"100\" role=\"img\"><text class=\"axis-title\" x=\"40\" y=\"60\">The plane cuts no cell.</text></svg>"
    }
    let uScale = NiceScale(covering: [all.map(\.x).min()! * 1000, all.map(\.x).max()! * 1000], target: 7)
    let wScale = NiceScale(covering: [all.map(\.y).min()! * 1000, all.map(\.y).max()! * 1000], target: 6)
    let cScale = NiceScale(covering: temps, target: 7)
    let boxW = width - left - right, boxH = height - top - bottom
    let spanU = uScale.upper - uScale.lower, spanW = wScale.upper - wScale.lower
    // Equal scales in both directions, unless that leaves a sliver: then stretch the short side up to 1:4.
    var sx = boxW / spanU, sy = boxH / spanW
    let equal = min(sx, sy)
    var stretched = false
    if sx / sy > 4 || sy / sx > 4 {
      if sx > sy { sx = min(sx, 4 * sy) } else { sy = min(sy, 4 * sx) }
      stretched = true
    } else {
      sx = equal
      sy = equal
    }
    let plotW = spanU * sx, plotH = spanW * sy
    let barHeight = max(140, min(plotH - 30, 380))
    // The drawing's height follows the plot (a stretched slice is short), with room for the colour bar.
    let drawnHeight = (max(top + plotH + bottom, top + 26 + barHeight + 16)).rounded(.up)
    var o = "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"\(xmlEscaped(id))\" class=\"plot map\" viewBox=\"0 0 \(Int(width)) \(Int(drawnHeight))\" width=\"\(Int(width))\" height=\"\(Int(drawnHeight))\" role=\"img\">\n"
    func X(_ v: Double) -> Double { left + (v * 1000 - uScale.lower) * sx }
    func Y(_ v: Double) -> Double { top + plotH - (v * 1000 - wScale.lower) * sy }
    // Void (no cell) is hatched, so it cannot be mistaken for the grey middle of the temperature scale.
    o += "<defs><pattern id=\"\(xmlEscaped(id))-void\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\">"
      + "<rect width=\"8\" height=\"8\" fill=\"#ffffff\"/><path d=\"M0,8 L8,0\" stroke=\"#b0b0b0\" stroke-width=\"1\"/></pattern></defs>\n"
    o += "<rect class=\"frame\" x=\"\(svgNumber(left))\" y=\"\(svgNumber(top))\" width=\"\(svgNumber(plotW))\" height=\"\(svgNumber(plotH))\" fill=\"url(#\(xmlEscaped(id))-void)\" stroke=\"#444444\"/>\n"
    o += "<g class=\"cells\" shape-rendering=\"crispEdges\">\n"
    // Rectangles of one row with the same colour are drawn as one (a large slice stays a few MB at most).
    var run: (x0: Double, x1: Double, y0: Double, y1: Double, colour: String)?
    func flush() {
      guard let r = run else { return }
      o += "<rect x=\"\(svgNumber(r.x0))\" y=\"\(svgNumber(r.y0))\" width=\"\(svgNumber(max(0.3, r.x1 - r.x0 + 0.3)))\" height=\"\(svgNumber(max(0.3, r.y1 - r.y0 + 0.3)))\" fill=\"\(r.colour)\"/>\n"
      run = nil
    }
    for c in cuts {
      let colour = ColourMap.coolWarm.hex(cScale.fraction(c.temperature))
      if c.outline.count == 4, c.outline[0].y == c.outline[1].y, c.outline[1].x == c.outline[2].x {
        let x0 = X(c.outline[0].x), x1 = X(c.outline[2].x), y0 = Y(c.outline[2].y), y1 = Y(c.outline[0].y)
        if let r = run, r.colour == colour, r.y0 == y0, r.y1 == y1, abs(r.x1 - x0) < 1e-9 {
          run!.x1 = x1
        } else {
          flush()
          run = (x0, x1, y0, y1, colour)
        }
      } else {
        flush()
        o += "<polygon points=\"\(c.outline.map { "\(svgNumber(X($0.x))),\(svgNumber(Y($0.y)))" }.joined(separator: " "))\" fill=\"\(colour)\" stroke=\"\(colour)\" stroke-width=\"0.4\"/>\n"
      }
    }
    flush()
    o += "</g>\n"
    for t in uScale.ticks {
      let x = left + (t - uScale.lower) * sx
      o += "<line x1=\"\(svgNumber(x))\" y1=\"\(svgNumber(top + plotH))\" x2=\"\(svgNumber(x))\" y2=\"\(svgNumber(top + plotH + 5))\" stroke=\"#444444\"/>"
      o += "<text class=\"tick\" x=\"\(svgNumber(x))\" y=\"\(svgNumber(top + plotH + 19))\" text-anchor=\"middle\">\(xmlEscaped(uScale.label(t)))</text>\n"
    }
    for t in wScale.ticks {
      let y = top + plotH - (t - wScale.lower) * sy
      o += "<line x1=\"\(svgNumber(left - 5))\" y1=\"\(svgNumber(y))\" x2=\"\(svgNumber(left))\" y2=\"\(svgNumber(y))\" stroke=\"#444444\"/>"
      o += "<text class=\"tick\" x=\"\(svgNumber(left - 8))\" y=\"\(svgNumber(y + 4.5))\" text-anchor=\"end\">\(xmlEscaped(wScale.label(t)))</text>\n"
    }
    o += "<text class=\"axis-title\" x=\"\(svgNumber(left + plotW / 2))\" y=\"\(svgNumber(top + plotH + 42))\" text-anchor=\"middle\">\(names[u]) [mm]</text>\n"
    o += "<text class=\"axis-title\" transform=\"translate(18 \(svgNumber(top + plotH / 2))) rotate(-90)\" text-anchor=\"middle\">\(names[w]) [mm]\(stretched ? " (stretched)" : "")</text>\n"
    if let mark {
      let x = X(mark.point.x), y = Y(mark.point.y)
      o += "<g class=\"hottest\"><circle cx=\"\(svgNumber(x))\" cy=\"\(svgNumber(y))\" r=\"7\" fill=\"none\" stroke=\"#000000\" stroke-width=\"2\"/>"
      o += "<line x1=\"\(svgNumber(x - 11))\" y1=\"\(svgNumber(y))\" x2=\"\(svgNumber(x + 11))\" y2=\"\(svgNumber(y))\" stroke=\"#000000\"/>"
      o += "<line x1=\"\(svgNumber(x))\" y1=\"\(svgNumber(y - 11))\" x2=\"\(svgNumber(x))\" y2=\"\(svgNumber(y + 11))\" stroke=\"#000000\"/>"
      o += "<title>\(xmlEscaped(mark.label))</title></g>\n"
    }
    o += ColourBar(title: "temperature [°C]", scale: cScale, map: .coolWarm)
      .svg(x: left + plotW + 30, y: top + 26, height: barHeight)
    o += "</svg>"
    return o
  }
}
