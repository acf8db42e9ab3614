import Foundation

// External forced convection: flat plates and plate-fin heat-sink arrays, average Nusselt numbers.

/// Average Nusselt number over a flat plate of length L in parallel flow, laminar or mixed laminar–turbulent.
///
/// Incropera et al. (2007), 6th ed.: laminar eq. 7.30, Nu_L = 0.664 Re_L^(1/2) Pr^(1/3) (Re_L ≤ 5·10⁵, Pr ≥ 0.6);
/// mixed boundary layer eq. 7.38 with Re_x,c = 5·10⁵, Nu_L = (0.037 Re_L^(4/5) − 871) Pr^(1/3)
/// (5·10⁵ < Re_L ≤ 10⁸, 0.6 ≤ Pr ≤ 60). Used beyond Pr = 60 for oils, where it is the usual estimate (Pr^(1/3)).
public func nusseltFlatPlate(reynolds re: Double, prandtl pr: Double) -> Double {
  precondition(re >= 0 && pr > 0, "flat plate: Re \(re), Pr \(pr)")
  if re <= 5e5 { return 0.664 * re.squareRoot() * pow(pr, 1.0 / 3) }
  return (0.037 * pow(re, 0.8) - 871) * pow(pr, 1.0 / 3)
}

/// Average Nusselt number, based on the fin spacing b, of the channels of a plate-fin heat sink in laminar flow.
///
/// Teertstra, Yovanovich & Culham (2000), "Analytical forced convection modeling of plate fin heat sinks",
/// J. Electronics Manufacturing 10(4), 253, eq. 12: Nu_b = [(Re*_b Pr/2)⁻³ + (0.664 √Re*_b Pr^(1/3)
/// √(1 + 3.65/√Re*_b))⁻³]^(−1/3), with the channel Reynolds number Re*_b = Re_b b/L, Re_b = V_ch b/ν (V_ch the mean
/// velocity between the fins). Fully developed limit first, developing flat-plate limit second; within 6 % of their
/// data for 0.26 < Re*_b < 175.
/// - Parameters: channelReynolds: Re_b = V_ch b/ν; spacing: b (m); length: fin length along the flow L (m).
public func nusseltPlateFinChannel(channelReynolds reB: Double, prandtl pr: Double, spacing b: Double,
                                   length l: Double) -> Double {
  precondition(reB > 0 && pr > 0 && b > 0 && l > 0, "plate-fin: Re_b \(reB), Pr \(pr), b \(b), L \(l)")
  let reStar = reB * b / l
  let developed = reStar * pr / 2
  let developing = 0.664 * reStar.squareRoot() * pow(pr, 1.0 / 3) * (1 + 3.65 / reStar.squareRoot()).squareRoot()
  return pow(pow(developed, -3) + pow(developing, -3), -1.0 / 3)
}

/// Efficiency of a straight rectangular fin with an adiabatic tip: η_f = tanh(mL)/(mL), m = √(2h/(k t)).
///
/// Incropera et al. (2007), 6th ed., Table 3.4 case D and eq. 3.89 (thin fin, w ≫ t).
/// - Parameters: h (W/m²K), conductivity k (W/m/K), thickness t (m), height L (m).
public func finEfficiencyStraight(h: Double, conductivity k: Double, thickness t: Double, height l: Double) -> Double {
  precondition(h >= 0 && k > 0 && t > 0 && l > 0, "fin: h \(h), k \(k), t \(t), L \(l)")
  let ml = (2 * h / (k * t)).squareRoot() * l
  return ml < 1e-12 ? 1 : tanh(ml) / ml
}
