extension Units {
  /// A physical dimension as integer exponents over the SI base units m, kg, s, K, A, mol.
  public struct Dimension: Hashable, Sendable, CustomStringConvertible {
    public var m: Int
    public var kg: Int
    public var s: Int
    public var K: Int
    public var A: Int
    public var mol: Int

    public init(m: Int = 0, kg: Int = 0, s: Int = 0, K: Int = 0, A: Int = 0, mol: Int = 0) {
      self.m = m
      self.kg = kg
      self.s = s
      self.K = K
      self.A = A
      self.mol = mol
    }

    public static let none = Dimension()

    private var exponents: [Int] { [kg, m, s, K, A, mol] }
    private static let symbols = ["kg", "m", "s", "K", "A", "mol"]

    /// The dimension of a product.
    public static func + (a: Dimension, b: Dimension) -> Dimension {
      Dimension(m: a.m + b.m, kg: a.kg + b.kg, s: a.s + b.s, K: a.K + b.K, A: a.A + b.A, mol: a.mol + b.mol)
    }

    /// The dimension raised to an integer power.
    public func power(_ n: Int) -> Dimension {
      Dimension(m: m * n, kg: kg * n, s: s * n, K: K * n, A: A * n, mol: mol * n)
    }

    /// In SI base units, e.g. `kg·m^2·s^-3` for a power; `1` when dimensionless.
    public var description: String {
      let parts = zip(Self.symbols, exponents).compactMap { sym, e -> String? in
        e == 0 ? nil : (e == 1 ? sym : "\(sym)^\(e)")
      }
      return parts.isEmpty ? "1" : parts.joined(separator: "·")
    }
  }
}
