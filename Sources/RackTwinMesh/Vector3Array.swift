/// An array of 3-vectors stored packed, x y z after one another: 24 bytes per element where `[SIMD3<Double>]` takes 32
/// (its stride is padded to 4 doubles).
///
/// A random-access collection of `SIMD3<Double>`, so `vectors[i]`, `count` and iteration read as on an array. The
/// mesh's geometry (face normals and centroids, cell centroids) uses it: at 1 M cells and 3 M faces the padding alone
/// would be 56 MB.
public struct Vector3Array: Sendable, RandomAccessCollection, MutableCollection, Equatable {
  /// The coordinates, `3 * count` of them: element `i` is `storage[3i], storage[3i + 1], storage[3i + 2]`.
  @usableFromInline var storage: [Double]

  /// The coordinates, x y z per vector (`3 * count` of them).
  public var coordinates: [Double] { storage }

  /// An empty array.
  public init() { storage = [] }

  /// `count` copies of `vector`.
  public init(repeating vector: SIMD3<Double> = .zero, count: Int) {
    precondition(count >= 0, "negative count \(count)")
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
    storage.reserveCapacity(3 * vectors.underestimatedCount)
    for v in vectors { storage.append(v.x); storage.append(v.y); storage.append(v.z) }
  }

  /// The vectors whose coordinates are `coordinates` (x y z per vector).
  public init(coordinates: [Double]) {
    precondition(coordinates.count % 3 == 0, "\(coordinates.count) coordinates are not whole 3-vectors")
    storage = coordinates
  }

  @inlinable public var startIndex: Int { 0 }
  @inlinable public var endIndex: Int { storage.count / 3 }
  @inlinable public var count: Int { storage.count / 3 }

  @inlinable public func index(after i: Int) -> Int { i + 1 }
  @inlinable public func index(before i: Int) -> Int { i - 1 }

  @inlinable public subscript(i: Int) -> SIMD3<Double> {
    @inline(__always) get {
      precondition(i >= 0 && i < count, "index \(i) out of range 0..<\(count)")
      return storage.withUnsafeBufferPointer { b in
        // In range: checked above, and storage holds 3 * count doubles.
        SIMD3(b[3 * i], b[3 * i + 1], b[3 * i + 2])
      }
    }
    @inline(__always) set {
      precondition(i >= 0 && i < count, "index \(i) out of range 0..<\(count)")
      storage[3 * i] = newValue.x
      storage[3 * i + 1] = newValue.y
      storage[3 * i + 2] = newValue.z
    }
  }

  /// Appends one vector.
  @inlinable public mutating func append(_ v: SIMD3<Double>) {
    storage.append(v.x); storage.append(v.y); storage.append(v.z)
  }

  /// Reserves room for `n` vectors in all.
  public mutating func reserveCapacity(_ n: Int) { storage.reserveCapacity(3 * n) }
}
