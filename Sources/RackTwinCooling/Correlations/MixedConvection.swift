import Foundation

/// Mixed (combined forced and natural) convection: Nu^n = Nu_F^n ± Nu_N^n, n = 3.
///
/// Churchill (1977), "A comprehensive correlating equation for laminar, assisting, forced and free convection",
/// AIChE J. 23(1), 10; Incropera et al. (2007), 6th ed., eq. 9.64 (n = 3 for vertical plates and spheres; + for
/// assisting and transverse flow, − for opposing flow, taken as |Nu_F³ − Nu_N³|: the stronger mode sets the sign).
/// - Parameters: forced: Nu_F; natural: Nu_N; assisting: true when the forced flow runs with buoyancy or across it.
public func nusseltMixedConvection(forced: Double, natural: Double, assisting: Bool = true,
                                   exponent n: Double = 3) -> Double {
  precondition(forced >= 0 && natural >= 0 && n > 0, "mixed: Nu_F \(forced), Nu_N \(natural), n \(n)")
  let s = pow(forced, n) + (assisting ? 1 : -1) * pow(natural, n)
  return pow(abs(s), 1 / n)
}
