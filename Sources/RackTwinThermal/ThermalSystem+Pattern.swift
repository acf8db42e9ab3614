import RackTwinMesh

extension ThermalSystem.Pattern {
  /// The mesh's pattern grown by `extraUnknowns` rows and columns after the cells (terms' own unknowns) and the
  /// entries `extra` (row, column) that terms declare; every new row has its diagonal. Without extras this is
  /// `init(mesh:)`.
  public init(mesh: FVMesh, extraUnknowns: Int, extra: [SystemEntry]) {
    let base = ThermalSystem.Pattern(mesh: mesh)
    guard extraUnknowns > 0 || !extra.isEmpty else { self = base; return }
    let n = mesh.cellCount + extraUnknowns
    var added = [[Int32]](repeating: [], count: n)
    for r in mesh.cellCount..<n { added[r].append(Int32(r)) }
    for e in extra {
      precondition(e.row >= 0 && e.row < n && e.column >= 0 && e.column < n, "entry \(e) outside the system (\(n) unknowns)")
      added[e.row].append(Int32(e.column))
    }
    // Each row: the mesh's columns (kept in place, repeated ones too) merged with the new ones, ascending.
    var rowStart = [Int](repeating: 0, count: n + 1)
    var columns: [Int32] = []
    var moved = [Int32](repeating: 0, count: base.columns.count)  // old entry index -> new
    columns.reserveCapacity(base.columns.count + extra.count + extraUnknowns)
    for r in 0..<n {
      let old = r < mesh.cellCount ? Array(base.rowStart[r]..<base.rowStart[r + 1]) : []
      let oldColumns = Set(old.map { base.columns[$0] })
      let new = Array(Set(added[r]).subtracting(oldColumns)).sorted()
      var i = 0, j = 0
      while i < old.count || j < new.count {
        if j == new.count || (i < old.count && base.columns[old[i]] <= new[j]) {
          moved[old[i]] = Int32(columns.count)
          columns.append(base.columns[old[i]])
          i += 1
        } else {
          columns.append(new[j])
          j += 1
        }
      }
      rowStart[r + 1] = columns.count
    }
    var diagonal = base.diagonal.map { moved[Int($0)] }
    let faceEntries = base.faceEntries.map { SIMD2(moved[Int($0[0])], moved[Int($0[1])]) }
    for r in mesh.cellCount..<n {
      diagonal.append(Int32((rowStart[r]..<rowStart[r + 1]).first { columns[$0] == Int32(r) }!))
    }
    self.init(rowStart: rowStart, columns: columns, faceEntries: faceEntries, diagonal: diagonal)
  }

  /// The pattern of a model's system: the mesh's, with the unknowns and entries its terms add.
  public init(model: ThermalModel) {
    var extra: [SystemEntry] = []
    for (term, first) in model.allTermsWithOffsets {
      extra += term.matrixEntries(TermContext(mesh: model.mesh, firstUnknown: first, temperature: [],
                                              referenceTemperature: 0, time: model.time))
    }
    self.init(mesh: model.mesh, extraUnknowns: model.unknownCount - model.mesh.cellCount, extra: extra)
  }

  /// The values index of entry (row, column), if the pattern has it (the first of repeated ones).
  public func entryIndex(row: Int, column: Int) -> Int? {
    guard row >= 0, row < rowStart.count - 1 else { return nil }
    var lo = rowStart[row], hi = rowStart[row + 1]
    let c = Int32(column)
    while lo < hi {
      let mid = (lo + hi) / 2
      if columns[mid] < c { lo = mid + 1 } else { hi = mid }
    }
    return lo < rowStart[row + 1] && columns[lo] == c ? lo : nil
  }

  /// Unknowns of the system the pattern belongs to.
  public var unknownCount: Int { rowStart.count - 1 }
}
