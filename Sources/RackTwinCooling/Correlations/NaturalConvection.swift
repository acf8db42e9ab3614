import Foundation

// Free (natural) convection correlations: vertical plates and horizontal cylinders, average Nusselt numbers.
// Properties at the film temperature (T_s + T_∞)/2; Ra = g β ΔT L³/(ν α).

/// Rayleigh number g β |ΔT| L³/(ν α) (Incropera et al. 2007, 6th ed., eq. 9.25).
/// - Parameters: beta: expansion coefficient (1/K); deltaT: |T_s − T_∞| (K); length: L (m); nu, alpha: m²/s.
public func rayleighNumber(beta: Double, deltaT: Double, length: Double, kinematicViscosity nu: Double,
                           diffusivity alpha: Double, gravity g: Double = 9.80665) -> Double {
  precondition(nu > 0 && alpha > 0 && length > 0, "Ra: ν \(nu), α \(alpha), L \(length)")
  return g * beta * abs(deltaT) * length * length * length / (nu * alpha)
}

/// Average Nusselt number of a vertical plate, laminar and turbulent (full range), Churchill & Chu (1975).
///
/// Churchill & Chu (1975), Int. J. Heat Mass Transfer 18, 1323; Incropera et al., 6th ed., eq. 9.26:
/// Nu_L = {0.825 + 0.387 Ra^(1/6) / [1 + (0.492/Pr)^(9/16)]^(8/27)}², all Ra, all Pr.
public func nusseltVerticalPlateChurchillChu(rayleigh ra: Double, prandtl pr: Double) -> Double {
  precondition(ra >= 0 && pr > 0, "Churchill–Chu: Ra \(ra), Pr \(pr)")
  let psi = pow(1 + pow(0.492 / pr, 9.0 / 16), 8.0 / 27)
  let root = 0.825 + 0.387 * pow(ra, 1.0 / 6) / psi
  return root * root
}

/// Average Nusselt number of a vertical plate in laminar flow, Churchill & Chu (1975), the laminar form.
///
/// Incropera et al., 6th ed., eq. 9.27: Nu_L = 0.68 + 0.670 Ra^(1/4) / [1 + (0.492/Pr)^(9/16)]^(4/9), Ra ≤ 10⁹.
/// More accurate than eq. 9.26 in laminar flow; at oil's Prandtl numbers (100–300) and Ra ~ 10⁸ it is about
/// 20–25 % below eq. 9.26, so which one a model uses matters.
public func nusseltVerticalPlateChurchillChuLaminar(rayleigh ra: Double, prandtl pr: Double) -> Double {
  precondition(ra >= 0 && pr > 0, "Churchill–Chu laminar: Ra \(ra), Pr \(pr)")
  return 0.68 + 0.670 * pow(ra, 0.25) / pow(1 + pow(0.492 / pr, 9.0 / 16), 4.0 / 9)
}

/// Average Nusselt number of a long horizontal cylinder (diameter D), Churchill & Chu (1975).
///
/// Churchill & Chu (1975), Int. J. Heat Mass Transfer 18, 1049; Incropera et al., 6th ed., eq. 9.34:
/// Nu_D = {0.60 + 0.387 Ra_D^(1/6) / [1 + (0.559/Pr)^(9/16)]^(8/27)}², Ra_D ≤ 10¹².
public func nusseltHorizontalCylinderChurchillChu(rayleigh ra: Double, prandtl pr: Double) -> Double {
  precondition(ra >= 0 && ra <= 1e12 && pr > 0, "Churchill–Chu cylinder: Ra \(ra), Pr \(pr)")
  let root = 0.60 + 0.387 * pow(ra, 1.0 / 6) / pow(1 + pow(0.559 / pr, 9.0 / 16), 8.0 / 27)
  return root * root
}
