/// An approximation M ≈ A whose inverse is cheap to apply, used by Krylov solvers.
public protocol Preconditioner: Sendable {
  /// z = M⁻¹ r. `z` has the length of `r` on return (implementations resize it only if it does not).
  func apply(_ r: [Double], into z: inout [Double])
  /// Short name used in solver reports, e.g. "jacobi", "ic0".
  var name: String { get }
  /// Seconds spent building the preconditioner.
  var setupTime: Double { get }
}

extension Preconditioner {
  /// Default name for preconditioners that do not give one.
  public var name: String { "\(type(of: self))" }
  /// Default: no setup recorded.
  public var setupTime: Double { 0 }
}

/// M = I: no preconditioning.
public struct IdentityPreconditioner: Preconditioner {
  /// Creates the identity preconditioner.
  public init() {}

  public func apply(_ r: [Double], into z: inout [Double]) {
    if z.count != r.count { z = [Double](repeating: 0, count: r.count) }
    r.withUnsafeBufferPointer { rs in
      z.withUnsafeMutableBufferPointer { zs in
        for i in 0..<zs.count { zs[i] = rs[i] }
      }
    }
  }

  public var name: String { "none" }
}
