/// An array of 3-vectors stored packed, x y z after one another: 24 bytes per element where `[SIMD3<Double>]` takes 32
/// (its stride is padded to 4 doubles). Unit vectors along the axes can instead be stored as one byte each, and the
/// centroids of axis-aligned faces as one coordinate each (the face plane's) beside the owner cell's centroid.
///
/// A random-access collection of `SIMD3<Double>`, so `vectors[i]`, `count` and iteration read as on an array. The
/// mesh's geometry (face normals and centroids, cell centroids) uses it: at 1 M cells and 3 M faces the padding alone
/// would be 56 MB, and a rectilinear mesh's face normals take 3 MB as axis directions instead of 72 MB as vectors, its
/// face centroids 24 MB as plane coordinates instead of 72 MB.
public struct Vector3Array: Sendable, RandomAccessCollection, MutableCollection, Equatable {
  /// The coordinates, `3 * count` of them: element `i` is `storage[3i], storage[3i + 1], storage[3i + 2]`; empty
  /// when `axes` holds the elements. With `planes`, the anchor vectors.
  @usableFromInline var storage: [Double]
  /// Axis directions, one per element: ±1, ±2, ±3 for ±x, ±y, ±z; empty when `storage` holds the elements.
  @usableFromInline var axes: [Int8]
  /// Plane mode, when not empty: element `i` is anchor vector `anchors[i]` of `storage` with its coordinate along
  /// axis `|axes[i]|` replaced by `planes[i]`.
  @usableFromInline var planes: [Double]
  @usableFromInline var anchors: [Int32]

  /// The coordinates, x y z per vector (`3 * count` of them).
  public var coordinates: [Double] {
    if !planes.isEmpty {
      var out = [Double](repeating: 0, count: 3 * count)
      for (i, v) in enumerated() { out[3 * i] = v.x; out[3 * i + 1] = v.y; out[3 * i + 2] = v.z }
      return out
    }
    return axes.isEmpty ? storage : Self.packed(axes)
  }

  /// An empty array.
  public init() { storage = []; axes = []; planes = []; anchors = [] }

  /// `count` copies of `vector`.
  public init(repeating vector: SIMD3<Double> = .zero, count: Int) {
    precondition(count >= 0, "negative count \(count)")
    axes = []; planes = []; anchors = []
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
    axes = []; planes = []; anchors = []
    storage.reserveCapacity(3 * vectors.underestimatedCount)
    for v in vectors { storage.append(v.x); storage.append(v.y); storage.append(v.z) }
  }

  /// The vectors whose coordinates are `coordinates` (x y z per vector).
  public init(coordinates: [Double]) {
    precondition(coordinates.count % 3 == 0, "\(coordinates.count) coordinates are not whole 3-vectors")
    storage = coordinates
    axes = []; planes = []; anchors = []
  }

  /// Unit vectors along the axes, one byte each: ±1, ±2, ±3 stand for (±1, 0, 0), (0, ±1, 0), (0, 0, ±1).
  public init(axisDirections: [Int8]) {
    precondition(axisDirections.allSatisfy { $0 != 0 && (-3...3).contains($0) }, "axis directions must be ±1, ±2 or ±3")
    storage = []
    axes = axisDirections
    planes = []; anchors = []
  }

  /// Points on axis-aligned planes, each beside an anchor vector: element `i` is `anchors[i]`'s vector with its
  /// coordinate along axis `|axisDirections[i]|` (±1, ±2, ±3 as in `init(axisDirections:)`) replaced by
  /// `planeCoordinates[i]`. The centroid of a face of a box cell is its cell's centroid moved onto the face's plane,
  /// so a rectilinear mesh stores 8 bytes per face centroid and shares its anchors, the cell centroids, the face
  /// owners and the axis directions with the arrays that hold them anyway.
  public init(anchors: Vector3Array, indices: [Int32], axisDirections: [Int8], planeCoordinates: [Double]) {
    precondition(indices.count == planeCoordinates.count && axisDirections.count == planeCoordinates.count,
                 "\(indices.count) anchors, \(axisDirections.count) axes and \(planeCoordinates.count) planes differ in count")
    precondition(indices.allSatisfy { $0 >= 0 && Int($0) < anchors.count }, "anchor index out of range 0..<\(anchors.count)")
    precondition(axisDirections.allSatisfy { $0 != 0 && (-3...3).contains($0) }, "axis directions must be ±1, ±2 or ±3")
    storage = anchors.coordinates
    axes = axisDirections
    self.anchors = indices
    planes = planeCoordinates
    if planes.isEmpty { axes = []; self.anchors = []; storage = [] }
  }

  @inlinable public var startIndex: Int { 0 }
  @inlinable public var endIndex: Int { count }
  @inlinable public var count: Int { !planes.isEmpty ? planes.count : axes.isEmpty ? storage.count / 3 : axes.count }

  @inlinable public func index(after i: Int) -> Int { i + 1 }
  @inlinable public func index(before i: Int) -> Int { i - 1 }

  @inlinable public subscript(i: Int) -> SIMD3<Double> {
    @inline(__always) get {
      if !planes.isEmpty {
        let a = Int(anchors[i]), axis = axes[i].magnitude, p = planes[i]
        return storage.withUnsafeBufferPointer { b in
          // In range: the initializer checked every anchor against the anchor count.
          SIMD3(axis == 1 ? p : b[3 * a], axis == 2 ? p : b[3 * a + 1], axis == 3 ? p : b[3 * a + 2])
        }
      }
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
    if !planes.isEmpty {
      storage = coordinates
      axes = []; planes = []; anchors = []
      return
    }
    guard !axes.isEmpty else { return }
    storage = Self.packed(axes)
    axes = []
  }
}
