import Foundation

// Internal-flow correlations: friction factor and Nusselt numbers for pipes and rectangular ducts.

/// Darcy friction factor for all flow regimes, laminar through transition to fully rough turbulent.
///
/// Churchill (1977), "Friction-factor equation spans all fluid-flow regimes", Chem. Eng. 84(24), 91:
/// f = 8 [(8/Re)¹² + (A + B)^(−3/2)]^(1/12), A = {2.457 ln[1/((7/Re)^0.9 + 0.27 ε/D)]}¹⁶, B = (37530/Re)¹⁶.
/// Tends to 64/Re (laminar) and to Colebrook (turbulent) within about 1 %.
/// - Parameters:
///   - re: Reynolds number ρVD/μ, > 0.
///   - relativeRoughness: ε/D ≥ 0.
public func churchillFrictionFactor(reynolds re: Double, relativeRoughness: Double) -> Double {
  precondition(re > 0 && relativeRoughness >= 0, "Churchill friction: Re \(re), ε/D \(relativeRoughness)")
  let a = pow(2.457 * log(1 / (pow(7 / re, 0.9) + 0.27 * relativeRoughness)), 16)
  let b = pow(37530 / re, 16)
  return 8 * pow(pow(8 / re, 12) + pow(a + b, -1.5), 1.0 / 12)
}

/// Fully developed laminar Nusselt number at constant wall temperature (T) in a rectangular duct.
///
/// Shah & London (1978), *Laminar Flow Forced Convection in Ducts*, ch. VII: their polynomial fit to the
/// rectangular-duct table, within 0.1 %. Based on the hydraulic diameter.
/// - Parameter aspectRatio: short side over long side, in 0...1 (0: parallel plates, 7.541).
public func nusseltLaminarRectangularT(aspectRatio a: Double) -> Double {
  precondition((0...1).contains(a), "aspect ratio \(a) outside 0...1")
  return 7.541 * (1 - 2.610 * a + 4.970 * a * a - 5.119 * a * a * a + 2.702 * a * a * a * a
                  - 0.548 * a * a * a * a * a)
}

/// Fully developed laminar Nusselt number with axially uniform heat input and peripherally uniform wall
/// temperature (H1) in a rectangular duct.
///
/// Shah & London (1978), ch. VII: their polynomial fit to the rectangular-duct table, within 0.1 %. Based on the hydraulic diameter.
/// - Parameter aspectRatio: short side over long side, in 0...1 (0: parallel plates, 8.235).
public func nusseltLaminarRectangularH1(aspectRatio a: Double) -> Double {
  precondition((0...1).contains(a), "aspect ratio \(a) outside 0...1")
  return 8.235 * (1 - 2.0421 * a + 3.0853 * a * a - 2.4765 * a * a * a + 1.0578 * a * a * a * a
                  - 0.1861 * a * a * a * a * a)
}

/// Fully developed laminar Fanning friction factor times Reynolds number, f·Re, in a rectangular duct.
///
/// Shah & London (1978), ch. VII: 24 (1 − 1.3553α + 1.9467α² − 1.7012α³ + 0.9564α⁴ − 0.2537α⁵), within 0.05 %.
/// The Darcy value is 4 f·Re. Based on the hydraulic diameter.
/// - Parameter aspectRatio: short side over long side, in 0...1 (0: parallel plates, 24).
public func fanningFReLaminarRectangular(aspectRatio a: Double) -> Double {
  precondition((0...1).contains(a), "aspect ratio \(a) outside 0...1")
  return 24 * (1 - 1.3553 * a + 1.9467 * a * a - 1.7012 * a * a * a + 0.9564 * a * a * a * a
               - 0.2537 * a * a * a * a * a)
}

/// Turbulent Nusselt number in a smooth tube or duct (hydraulic diameter), fully developed.
///
/// Gnielinski (1976), Int. Chem. Eng. 16, 359: Nu = (f/8)(Re − 1000)Pr / [1 + 12.7 √(f/8)(Pr^(2/3) − 1)] with
/// Petukhov's smooth-tube f = (0.790 ln Re − 1.64)⁻². Valid 3000 ≤ Re ≤ 5·10⁶, 0.5 ≤ Pr ≤ 2000, within about 10 %.
public func nusseltGnielinski(reynolds re: Double, prandtl pr: Double) -> Double {
  precondition(re >= 2300 && pr > 0, "Gnielinski: Re \(re), Pr \(pr)")
  let f8 = pow(0.790 * log(re) - 1.64, -2) / 8
  return f8 * (re - 1000) * pr / (1 + 12.7 * f8.squareRoot() * (pow(pr, 2.0 / 3) - 1))
}

/// Mean Nusselt number over a heated length L with a thermally developing laminar profile (hydrodynamically
/// developed), at constant wall temperature.
///
/// VDI Heat Atlas (2010), section G1 (Gnielinski's superposition for thermally developing laminar flow):
/// Nu_m = [Nu_∞³ + 0.7³ + (1.077 (Re Pr D_h/L)^(1/3) − 0.7)³]^(1/3), with Nu_∞ = 3.66 for the circular tube; here
/// Nu_∞ is the duct's fully developed value (e.g. `nusseltLaminarRectangularT`), the usual extension to
/// non-circular ducts. Tends to Nu_∞ for long ducts and to Lévêque's 1.077 Gz^(1/3) near the inlet.
/// - Parameters:
///   - fullyDeveloped: Nu_∞ of the duct.
///   - graetz: Re·Pr·D_h/L, ≥ 0.
public func nusseltLaminarDevelopingMean(fullyDeveloped nu: Double, graetz gz: Double) -> Double {
  precondition(nu > 0 && gz >= 0, "developing laminar Nu: Nu∞ \(nu), Gz \(gz)")
  let leveque = 1.077 * pow(gz, 1.0 / 3) - 0.7
  return pow(nu * nu * nu + 0.343 + (leveque > 0 ? leveque * leveque * leveque : 0), 1.0 / 3)
}

/// Entrance factor for the mean turbulent Nusselt number over a length L: Nu_m = Nu_∞ [1 + (D_h/L)^(2/3)].
///
/// Hausen (1959), as used with Gnielinski's equation in VDI Heat Atlas (2010), section G1;
/// for L/D_h ≥ 1.
public func turbulentEntranceFactor(hydraulicDiameter d: Double, length l: Double) -> Double {
  precondition(d > 0 && l >= d, "turbulent entrance factor: D_h \(d), L \(l)")
  return 1 + pow(d / l, 2.0 / 3)
}
