/// An array of 3-vectors stored packed, x y z after one another: 24 bytes per element where `[SIMD3<Double>]` takes 32
/// (its stride is padded to 4 doubles). Unit vectors along the axes can instead be stored as one byte each.
///
/// A random-access collection of `SIMD3<Double>`, so `vectors[i]`, `count` and iteration read as on an array. The
/// mesh's geometry (face normals and centroids, cell centroids) uses it: at 1 M cells and 3 M faces the padding alone
/// would be 56 MB, and a rectilinear mesh's face normals take 3 MB as axis directions instead of 72 MB as vectors.
public struct Vector3Array: Sendable, RandomAccessCollection, MutableCollection, Equatable {
  /// The coordinates, `3 * count` of them: element `i` is `storage[3i], storage[3i + 1], storage[3i + 2]`; empty
  /// when `axes` holds the elements.
  @usableFromInline var storage: [Double]
  /// Axis directions, one per element: ±1, ±2, ±3 for ±x, ±y, ±z; empty when `storage` holds the elements.
  @usableFromInline var axes: [Int8]

  /// The coordinates, x y z per vector (`3 * count` of them).
  public var coordinates: [Double] { axes.isEmpty ? storage : Self.packed(axes) }

  /// An empty array.
  public init() { storage = []; axes = [] }

  /// `count` copies of `vector`.
  public init(repeating vector: SIMD3<Double> = .zero, count: Int) {
    precondition(count >= 0, "negative count \(count)")
    axes = []
    if vector == .zero {
      storage = [Double](repeating: 0, count: 3 * count)
    } else {
      storage = [Double](unsafeUninitializedCapacity: 3 * count) { buffer, initialized in
        for i in 0..<count {
          buffer[3 * i] = vector.x; buffer[3 * i + 1] = vector.y; buffer[3 * i + 2] = vector.z
        }
        initialized = 3 * count
      }
    }
  }

  /// The vectors of a sequence, in order.
  public init<S: Sequence>(_ vectors: S) where S.Element == SIMD3<Double> {
    storage = []
    axes = []
    storage.reserveCapacity(3 * vectors.underestimatedCount)
    for v in vectors { storage.append(v.x); storage.append(v.y); storage.append(v.z) }
  }

  /// The vectors whose coordinates are `coordinates` (x y z per vector).
  public init(coordinates: [Double]) {
    precondition(coordinates.count % 3 == 0, "\(coordinates.count) coordinates are not whole 3-vectors")
    storage = coordinates
    axes = []
  }

  /// Unit vectors along the axes, one byte each: ±1, ±2, ±3 stand for (±1, 0, 0), (0, ±1, 0), (0, 0, ±1).
  public init(axisDirections: [Int8]) {
    precondition(axisDirections.allSatisfy { $0 != 0 && (-3...3).contains($0) }, "axis directions must be ±1, ±2 or ±3")
    storage = []
    axes = axisDirections
  }

  @inlinable public var startIndex: Int { 0 }
  @inlinable public var endIndex: Int { count }
  @inlinable public var count: Int { axes.isEmpty ? storage.count / 3 : axes.count }

  @inlinable public func index(after i: Int) -> Int { i + 1 }
  @inlinable public func index(before i: Int) -> Int { i - 1 }

  @inlinable public subscript(i: Int) -> SIMD3<Double> {
    @inline(__always) get {
      if !axes.isEmpty { return Self.unitVector(axes[i]) }
      precondition(i >= 0 && i < storage.count / 3, "index \(i) out of range 0..<\(count)")
      return storage.withUnsafeBufferPointer { b in
        // In range: checked above, and storage holds 3 * count doubles.
        SIMD3(b[3 * i], b[3 * i + 1], b[3 * i + 2])
      }
    }
    set {
      precondition(i >= 0 && i < count, "index \(i) out of range 0..<\(count)")
      unpack()
      storage[3 * i] = newValue.x
      storage[3 * i + 1] = newValue.y
      storage[3 * i + 2] = newValue.z
    }
  }

  /// Appends one vector.
  public mutating func append(_ v: SIMD3<Double>) {
    unpack()
    storage.append(v.x); storage.append(v.y); storage.append(v.z)
  }

  /// Reserves room for `n` vectors in all.
  public mutating func reserveCapacity(_ n: Int) {
    unpack()
    storage.reserveCapacity(3 * n)
  }

  public static func == (lhs: Vector3Array, rhs: Vector3Array) -> Bool {
    lhs.count == rhs.count && lhs.elementsEqual(rhs)
  }

  /// The unit vector of an axis direction code (±1, ±2, ±3); zeros are +0.
  @inlinable @inline(__always) static func unitVector(_ code: Int8) -> SIMD3<Double> {
    // Lane by lane, not `v[axis] = s`: a store to a computed lane goes through memory and stalls the reload.
    let axis = code.magnitude, s: Double = code > 0 ? 1 : -1
    return SIMD3(axis == 1 ? s : 0, axis == 2 ? s : 0, axis == 3 ? s : 0)
  }

  @usableFromInline static func packed(_ axes: [Int8]) -> [Double] {
    var coordinates = [Double](repeating: 0, count: 3 * axes.count)
    for (i, code) in axes.enumerated() { coordinates[3 * i + Int(code.magnitude) - 1] = code > 0 ? 1 : -1 }
    return coordinates
  }

  /// Switches axis-direction storage to coordinates, before a write that may not be a unit axis vector.
  @usableFromInline mutating func unpack() {
    guard !axes.isEmpty else { return }
    storage = Self.packed(axes)
    axes = []
  }
}
