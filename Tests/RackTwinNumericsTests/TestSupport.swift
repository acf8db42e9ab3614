import RackTwinNumerics

extension SplitMix64 {
  mutating func symmetricUnit() -> Double { Double.random(in: -1..<1, using: &self) }
}

/// The 5-point (2-D) or 7-point (3-D) Laplacian with Dirichlet walls on an nx×ny×nz grid of unit spacing,
/// x fastest. `conductivity(cell)` gives a cell coefficient; faces use the harmonic mean (as a FV code would).
func laplacian(nx: Int, ny: Int, nz: Int = 1, conductivity: (Int) -> Double = { _ in 1 }) -> CSRMatrix {
  var triplets: [(row: Int, column: Int, value: Double)] = []
  func index(_ i: Int, _ j: Int, _ k: Int) -> Int { i + nx * (j + ny * k) }
  for k in 0..<nz {
    for j in 0..<ny {
      for i in 0..<nx {
        let c = index(i, j, k)
        let kc = conductivity(c)
        var diagonal = 0.0
        let neighbours = [(i - 1, j, k), (i + 1, j, k), (i, j - 1, k), (i, j + 1, k), (i, j, k - 1), (i, j, k + 1)]
        for (a, b, d) in neighbours {
          if nz == 1 && d != k { continue }
          if a < 0 || a >= nx || b < 0 || b >= ny || d < 0 || d >= nz {
            diagonal += 2 * kc  // wall at half a cell: conductance k / (h/2)
            continue
          }
          let kn = conductivity(index(a, b, d))
          let g = 2 * kc * kn / (kc + kn)
          diagonal += g
          triplets.append((c, index(a, b, d), -g))
        }
        triplets.append((c, c, diagonal))
      }
    }
  }
  return CSRMatrix(rowCount: nx * ny * nz, columnCount: nx * ny * nz, triplets: triplets)
}

/// Dense row-major copy of a sparse matrix.
func dense(_ a: CSRMatrix) -> [Double] {
  var d = [Double](repeating: 0, count: a.rowCount * a.columnCount)
  for i in 0..<a.rowCount {
    for k in a.rowStart[i]..<a.rowStart[i + 1] { d[i * a.columnCount + Int(a.columns[k])] = a.values[k] }
  }
  return d
}

/// max |xᵢ − yᵢ| / max |yᵢ|.
func relativeDifference(_ x: [Double], _ y: [Double]) -> Double {
  precondition(x.count == y.count)
  var num = 0.0, den = 0.0
  for i in 0..<x.count {
    num = max(num, abs(x[i] - y[i]))
    den = max(den, abs(y[i]))
  }
  return num / den
}
