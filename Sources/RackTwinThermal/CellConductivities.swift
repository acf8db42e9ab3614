import RackTwinMesh

/// Principal conductivities per cell (W/(m·K)), one `SIMD3<Double>` per cell as an array would give them, stored as
/// one value per cell while every cell is isotropic: 8 bytes per cell instead of the 32 of `[SIMD3<Double>]` (24 MB
/// at 1 M cells). The first anisotropic value stored switches to packed vectors (`Vector3Array`, 24 bytes per cell).
public struct CellConductivities: Sendable, RandomAccessCollection, MutableCollection, Equatable {
  /// k per cell while every cell is isotropic; empty once `vectors` holds the values.
  @usableFromInline var isotropic: [Double]
  /// The vectors, once a cell is anisotropic; nil before.
  @usableFromInline var vectors: Vector3Array?

  /// The conductivities of a sequence, in order.
  public init<S: Sequence>(_ values: S) where S.Element == SIMD3<Double> {
    isotropic = []
    vectors = nil
    isotropic.reserveCapacity(values.underestimatedCount)
    for v in values { append(v) }
  }

  /// `count` copies of `value`.
  public init(repeating value: SIMD3<Double>, count: Int) {
    if Self.isIsotropic(value) {
      isotropic = [Double](repeating: value.x, count: count)
      vectors = nil
    } else {
      isotropic = []
      vectors = Vector3Array(repeating: value, count: count)
    }
  }

  /// Whether the three principal values are the same bits (so `SIMD3(repeating: v.x)` gives `v` back exactly).
  @inlinable @inline(__always) static func isIsotropic(_ v: SIMD3<Double>) -> Bool {
    v.x.bitPattern == v.y.bitPattern && v.x.bitPattern == v.z.bitPattern
  }

  /// Whether one value per cell holds them all.
  public var isAllIsotropic: Bool { vectors == nil }

  @inlinable public var startIndex: Int { 0 }
  @inlinable public var endIndex: Int { vectors?.count ?? isotropic.count }
  @inlinable public func index(after i: Int) -> Int { i + 1 }
  @inlinable public func index(before i: Int) -> Int { i - 1 }

  @inlinable public subscript(i: Int) -> SIMD3<Double> {
    @inline(__always) get {
      if let vectors { return vectors[i] }
      return SIMD3(repeating: isotropic[i])
    }
    set {
      if vectors == nil {
        if Self.isIsotropic(newValue) { isotropic[i] = newValue.x; return }
        unpack()
      }
      vectors![i] = newValue
    }
  }

  /// Appends one cell's conductivities.
  public mutating func append(_ v: SIMD3<Double>) {
    if vectors == nil {
      if Self.isIsotropic(v) { isotropic.append(v.x); return }
      unpack()
    }
    vectors!.append(v)
  }

  /// Moves the values into `vectors`.
  @usableFromInline mutating func unpack() {
    var packed = Vector3Array()
    packed.reserveCapacity(isotropic.count)
    for k in isotropic { packed.append(SIMD3(repeating: k)) }
    isotropic = []
    vectors = packed
  }

  public static func == (lhs: CellConductivities, rhs: CellConductivities) -> Bool {
    lhs.count == rhs.count && lhs.elementsEqual(rhs)
  }
}
