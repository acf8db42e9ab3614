/// Reverse Cuthill–McKee ordering, which reduces the bandwidth (and profile) of a sparse symmetric matrix.
///
/// Cuthill & McKee (1969), reversed as George (1971) recommends; each connected component starts at a
/// pseudo-peripheral node found by the George & Liu (1979) level-structure search (*ACM TOMS* 5(3):284–304),
/// seeded with an unnumbered node of minimum degree. Neighbours are numbered in order of increasing degree,
/// ties by index, so the result is deterministic. The graph is that of A + Aᵀ without the diagonal.
public enum ReverseCuthillMcKee {
  /// perm[newIndex] = oldIndex; handles disconnected graphs (starts each component at a pseudo-peripheral node of minimum degree).
  public static func ordering(of a: CSRMatrix) -> [Int] {
    precondition(a.rowCount == a.columnCount, "RCM needs a square matrix, got \(a.rowCount)×\(a.columnCount)")
    let n = a.rowCount
    let graph = SymmetricGraph(a)
    let degree = (0..<n).map { graph.start[$0 + 1] - graph.start[$0] }
    var search = LevelSearch(count: n)
    var numbered = [Bool](repeating: false, count: n)
    var order: [Int] = []
    order.reserveCapacity(n)

    let seeds = (0..<n).sorted { degree[$0] != degree[$1] ? degree[$0] < degree[$1] : $0 < $1 }
    for seed in seeds where !numbered[seed] {
      let root = search.pseudoPeripheralNode(from: seed, graph: graph, degree: degree)
      // Cuthill–McKee breadth-first numbering of this component.
      var head = order.count
      order.append(root)
      numbered[root] = true
      while head < order.count {
        let v = order[head]
        head += 1
        let firstNew = order.count
        for k in graph.start[v]..<graph.start[v + 1] {
          let w = Int(graph.neighbours[k])
          if !numbered[w] {
            numbered[w] = true
            order.append(w)
          }
        }
        order[firstNew...].sort { degree[$0] != degree[$1] ? degree[$0] < degree[$1] : $0 < $1 }
      }
    }
    order.reverse()
    return order
  }

  /// max |inverse[i] − inverse[j]| over the entries of `a`: the bandwidth of P A Pᵀ without forming it.
  static func bandwidth(of a: CSRMatrix, inverse: [Int]) -> Int {
    var width = 0
    for i in 0..<a.rowCount {
      let pi = inverse[i]
      for k in a.rowStart[i]..<a.rowStart[i + 1] {
        width = max(width, abs(pi - inverse[Int(a.columns[k])]))
      }
    }
    return width
  }
}

/// Adjacency of A + Aᵀ without self-loops, CSR form, neighbours sorted and unique.
struct SymmetricGraph {
  var start: [Int]
  var neighbours: [Int32]

  init(_ a: CSRMatrix) {
    let n = a.rowCount
    var counts = [Int](repeating: 0, count: n + 1)
    for i in 0..<n {
      for k in a.rowStart[i]..<a.rowStart[i + 1] {
        let j = Int(a.columns[k])
        if j != i {
          counts[i + 1] += 1
          counts[j + 1] += 1
        }
      }
    }
    for i in 0..<n { counts[i + 1] += counts[i] }
    var next = counts
    var raw = [Int32](repeating: 0, count: counts[n])
    for i in 0..<n {
      for k in a.rowStart[i]..<a.rowStart[i + 1] {
        let j = Int(a.columns[k])
        if j != i {
          raw[next[i]] = Int32(j)
          next[i] += 1
          raw[next[j]] = Int32(i)
          next[j] += 1
        }
      }
    }
    var compactStart = [Int](repeating: 0, count: n + 1)
    var write = 0
    for i in 0..<n {
      raw[counts[i]..<counts[i + 1]].sort()
      var previous: Int32 = -1
      for k in counts[i]..<counts[i + 1] where raw[k] != previous {
        previous = raw[k]
        raw[write] = previous
        write += 1
      }
      compactStart[i + 1] = write
    }
    raw.removeLast(raw.count - write)
    start = compactStart
    neighbours = raw
  }
}

/// Breadth-first level structures with reusable scratch (a visit stamp instead of clearing a flag array).
struct LevelSearch {
  var stamp: [Int]
  var currentStamp = 0
  var queue: [Int]

  init(count: Int) {
    stamp = [Int](repeating: 0, count: count)
    queue = [Int](repeating: 0, count: count)
  }

  /// Breadth-first search from `root`; returns the eccentricity (number of levels − 1) and the range of `queue`
  /// holding the last level.
  mutating func levels(from root: Int, graph: SymmetricGraph) -> (eccentricity: Int, lastLevel: Range<Int>) {
    currentStamp += 1
    stamp[root] = currentStamp
    queue[0] = root
    var levelStart = 0, levelEnd = 1, tail = 1
    var depth = 0
    while true {
      for q in levelStart..<levelEnd {
        let v = queue[q]
        for k in graph.start[v]..<graph.start[v + 1] {
          let w = Int(graph.neighbours[k])
          if stamp[w] != currentStamp {
            stamp[w] = currentStamp
            queue[tail] = w
            tail += 1
          }
        }
      }
      if tail == levelEnd { return (depth, levelStart..<levelEnd) }
      levelStart = levelEnd
      levelEnd = tail
      depth += 1
    }
  }

  /// George & Liu's pseudo-peripheral node finder: move to a minimum-degree node of the last level while that
  /// increases the eccentricity.
  mutating func pseudoPeripheralNode(from seed: Int, graph: SymmetricGraph, degree: [Int]) -> Int {
    var root = seed
    var (eccentricity, last) = levels(from: root, graph: graph)
    while true {
      var candidate = queue[last.lowerBound]
      for q in last where degree[queue[q]] < degree[candidate] { candidate = queue[q] }
      let (e, l) = levels(from: candidate, graph: graph)
      if e <= eccentricity { return root }
      root = candidate
      eccentricity = e
      last = l
    }
  }
}
