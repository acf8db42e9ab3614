import Foundation

// Built-in coolants: a table per fluid, each headed by its source. Rows: [T °C, ρ kg/m³, μ Pa·s, c_p J/kg/K,
// k W/m/K]. Water and glycol rows are printed by tools/coolant-tables.py; the oils, the HFE and air are sampled every
// 5 K from the cited data-sheet values and correlations below.

extension Coolant {
  /// Liquid water at 101.325 kPa, 0.01…100 °C (the 100 °C row is saturated liquid).
  ///
  /// IAPWS-95 (Wagner & Pruß 2002, J. Phys. Chem. Ref. Data 31, 387), viscosity IAPWS R12-08, conductivity
  /// IAPWS R15-11, evaluated with CoolProp 8.0.0. Those formulations reproduce NIST data within 0.01 % (ρ),
  /// 0.1 % (c_p), 1 % (μ) and 2 % (k); linear interpolation at 5 K adds < 0.1 % (μ, log-linear), < 1e-4
  /// (ρ, c_p) and < 3e-4 (k, near 0 °C).
  public static let water = Coolant(
    name: "water", description: "liquid water at 101.325 kPa",
    source: "IAPWS-95, IAPWS R12-08 (μ), IAPWS R15-11 (k), via CoolProp 8.0.0",
    accuracy: "ρ 0.01 %, c_p 0.1 %, μ 1 %, k 2 % (formulation uncertainties)",
    table: CoolantTable(celsiusRows: [
      [   0.01,   999.844, 1.79113e-03,  4219.4, 0.55568],
      [   5.00,   999.967, 1.51817e-03,  4205.0, 0.56779],
      [  10.00,   999.702, 1.30590e-03,  4195.2, 0.57878],
      [  15.00,   999.103, 1.13757e-03,  4188.5, 0.58880],
      [  20.00,   998.207, 1.00160e-03,  4184.1, 0.59801],
      [  25.00,   997.048, 8.90022e-04,  4181.3, 0.60652],
      [  30.00,   995.649, 7.97222e-04,  4179.8, 0.61439],
      [  35.00,   994.033, 7.19126e-04,  4179.3, 0.62170],
      [  40.00,   992.216, 6.52729e-04,  4179.4, 0.62849],
      [  45.00,   990.213, 5.95769e-04,  4180.1, 0.63478],
      [  50.00,   988.035, 5.46516e-04,  4181.3, 0.64062],
      [  55.00,   985.693, 5.03625e-04,  4183.0, 0.64602],
      [  60.00,   983.196, 4.66035e-04,  4185.0, 0.65100],
      [  65.00,   980.551, 4.32903e-04,  4187.3, 0.65558],
      [  70.00,   977.765, 4.03548e-04,  4190.1, 0.65976],
      [  75.00,   974.843, 3.77416e-04,  4193.2, 0.66356],
      [  80.00,   971.790, 3.54051e-04,  4196.8, 0.66699],
      [  85.00,   968.611, 3.33075e-04,  4200.7, 0.67007],
      [  90.00,   965.310, 3.14175e-04,  4205.2, 0.67279],
      [  95.00,   961.888, 2.97085e-04,  4210.2, 0.67517],
      [ 100.00,   958.349, 2.81582e-04,  4215.7, 0.67721],
    ]))

  /// Propylene glycol 25 % by mass in water, from its freezing point (−9.7 °C) to 100 °C.
  ///
  /// Melinder (2010), *Properties of Secondary Working Fluids for Indirect Systems*, IIR, as fitted in CoolProp's
  /// incompressible backend (INCOMP::MPG[0.25], CoolProp 8.0.0). Melinder states the data within about 1 % (ρ, c_p),
  /// 3 % (k) and 5 % (μ) of the measurements compiled; the fit adds < 0.5 %, and linear interpolation at 5 K
  /// < 2e-4 (ρ, c_p, k) and < 0.5 % (μ, log-linear, worst near freezing).
  public static let propyleneGlycol25 = Coolant(
    name: "pg25", description: "propylene glycol 25 % by mass in water",
    source: "Melinder (2010) IIR, via CoolProp 8.0.0 INCOMP::MPG[0.25]",
    accuracy: "ρ, c_p 1 %; k 3 %; μ 5 %",
    table: CoolantTable(celsiusRows: [
      [  -9.70,  1027.758, 9.02739e-03,  3849.0, 0.44066],
      [  -5.00,  1026.924, 7.04778e-03,  3860.2, 0.44497],
      [   0.00,  1025.813, 5.51506e-03,  3872.2, 0.44955],
      [   5.00,  1024.483, 4.39286e-03,  3884.2, 0.45414],
      [  10.00,  1022.943, 3.55813e-03,  3896.3, 0.45872],
      [  15.00,  1021.204, 2.92788e-03,  3908.4, 0.46329],
      [  20.00,  1019.278, 2.44523e-03,  3920.5, 0.46785],
      [  25.00,  1017.174, 2.07062e-03,  3932.6, 0.47239],
      [  30.00,  1014.905, 1.77611e-03,  3944.6, 0.47690],
      [  35.00,  1012.479, 1.54174e-03,  3956.7, 0.48139],
      [  40.00,  1009.909, 1.35301e-03,  3968.6, 0.48584],
      [  45.00,  1007.205, 1.19927e-03,  3980.6, 0.49025],
      [  50.00,  1004.378, 1.07260e-03,  3992.4, 0.49462],
      [  55.00,  1001.439, 9.67041e-04,  4004.1, 0.49894],
      [  60.00,   998.397, 8.78035e-04,  4015.7, 0.50320],
      [  65.00,   995.265, 8.02083e-04,  4027.2, 0.50741],
      [  70.00,   992.052, 7.36454e-04,  4038.5, 0.51155],
      [  75.00,   988.770, 6.78999e-04,  4049.7, 0.51563],
      [  80.00,   985.430, 6.28013e-04,  4060.7, 0.51963],
      [  85.00,   982.041, 5.82132e-04,  4071.4, 0.52356],
      [  90.00,   978.615, 5.40265e-04,  4082.0, 0.52740],
      [  95.00,   975.163, 5.01537e-04,  4092.4, 0.53115],
      [ 100.00,   971.696, 4.65252e-04,  4102.5, 0.53481],
    ]))

  /// Propylene glycol 40 % by mass in water, from its freezing point (−20.5 °C) to 100 °C.
  ///
  /// Melinder (2010) IIR, via CoolProp 8.0.0 INCOMP::MPG[0.40]; accuracy as for `propyleneGlycol25`.
  public static let propyleneGlycol40 = Coolant(
    name: "pg40", description: "propylene glycol 40 % by mass in water",
    source: "Melinder (2010) IIR, via CoolProp 8.0.0 INCOMP::MPG[0.40]",
    accuracy: "ρ, c_p 1 %; k 3 %; μ 5 %",
    table: CoolantTable(celsiusRows: [
      [ -20.50,  1049.836, 4.77764e-02,  3573.7, 0.37585],
      [ -15.00,  1048.146, 3.15583e-02,  3592.0, 0.37898],
      [ -10.00,  1046.401, 2.22414e-02,  3608.6, 0.38189],
      [  -5.00,  1044.466, 1.60655e-02,  3625.1, 0.38484],
      [   0.00,  1042.350, 1.18794e-02,  3641.6, 0.38784],
      [   5.00,  1040.064, 8.98165e-03,  3658.0, 0.39089],
      [  10.00,  1037.616, 6.93522e-03,  3674.3, 0.39397],
      [  15.00,  1035.016, 5.46256e-03,  3690.5, 0.39710],
      [  20.00,  1032.273, 4.38378e-03,  3706.7, 0.40026],
      [  25.00,  1029.396, 3.58019e-03,  3722.8, 0.40346],
      [  30.00,  1026.396, 2.97204e-03,  3738.9, 0.40668],
      [  35.00,  1023.281, 2.50485e-03,  3754.9, 0.40993],
      [  40.00,  1020.060, 2.14078e-03,  3770.8, 0.41321],
      [  45.00,  1016.744, 1.85317e-03,  3786.7, 0.41651],
      [  50.00,  1013.341, 1.62292e-03,  3802.5, 0.41983],
      [  55.00,  1009.861, 1.43616e-03,  3818.2, 0.42316],
      [  60.00,  1006.314, 1.28268e-03,  3833.9, 0.42651],
      [  65.00,  1002.708, 1.15487e-03,  3849.5, 0.42987],
      [  70.00,   999.053, 1.04697e-03,  3865.0, 0.43324],
      [  75.00,   995.359, 9.54567e-04,  3880.4, 0.43661],
      [  80.00,   991.634, 8.74253e-04,  3895.8, 0.43998],
      [  85.00,   987.888, 8.03365e-04,  3911.1, 0.44336],
      [  90.00,   984.132, 7.39811e-04,  3926.4, 0.44673],
      [  95.00,   980.373, 6.81942e-04,  3941.6, 0.45009],
      [ 100.00,   976.621, 6.28463e-04,  3956.7, 0.45345],
    ]))

  /// Ethylene glycol 30 % by mass in water, from its freezing point (−14.5 °C) to 100 °C.
  ///
  /// Melinder (2010) IIR, via CoolProp 8.0.0 INCOMP::MEG[0.30]; accuracy as for `propyleneGlycol25`.
  public static let ethyleneGlycol30 = Coolant(
    name: "eg30", description: "ethylene glycol 30 % by mass in water",
    source: "Melinder (2010) IIR, via CoolProp 8.0.0 INCOMP::MEG[0.30]",
    accuracy: "ρ, c_p 1 %; k 3 %; μ 5 %",
    table: CoolantTable(celsiusRows: [
      [ -14.50,  1048.415, 7.98179e-03,  3612.9, 0.43171],
      [ -10.00,  1047.495, 6.50771e-03,  3627.1, 0.43616],
      [  -5.00,  1046.315, 5.25412e-03,  3642.6, 0.44106],
      [   0.00,  1044.972, 4.29759e-03,  3658.1, 0.44592],
      [   5.00,  1043.470, 3.55924e-03,  3673.4, 0.45074],
      [  10.00,  1041.813, 2.98300e-03,  3688.5, 0.45551],
      [  15.00,  1040.003, 2.52851e-03,  3703.5, 0.46023],
      [  20.00,  1038.046, 2.16645e-03,  3718.3, 0.46490],
      [  25.00,  1035.943, 1.87525e-03,  3732.8, 0.46951],
      [  30.00,  1033.699, 1.63889e-03,  3747.2, 0.47408],
      [  35.00,  1031.317, 1.44535e-03,  3761.4, 0.47858],
      [  40.00,  1028.800, 1.28555e-03,  3775.4, 0.48303],
      [  45.00,  1026.153, 1.15252e-03,  3789.1, 0.48741],
      [  50.00,  1023.379, 1.04090e-03,  3802.5, 0.49174],
      [  55.00,  1020.480, 9.46500e-04,  3815.8, 0.49599],
      [  60.00,  1017.462, 8.66045e-04,  3828.7, 0.50018],
      [  65.00,  1014.327, 7.96935e-04,  3841.4, 0.50431],
      [  70.00,  1011.079, 7.37094e-04,  3853.8, 0.50836],
      [  75.00,  1007.721, 6.84848e-04,  3865.9, 0.51233],
      [  80.00,  1004.257, 6.38840e-04,  3877.7, 0.51624],
      [  85.00,  1000.691, 5.97958e-04,  3889.1, 0.52006],
      [  90.00,   997.026, 5.61286e-04,  3900.3, 0.52381],
      [  95.00,   993.265, 5.28066e-04,  3911.1, 0.52748],
      [ 100.00,   989.413, 4.97664e-04,  3921.5, 0.53106],
    ]))

  /// PAO-6 (polyalphaolefin, 6 mm²/s at 100 °C), a single-phase immersion dielectric, −40…150 °C.
  ///
  /// Typical data-sheet values of 6 cSt PAO base stocks (ExxonMobil SpectraSyn 6): specific gravity 0.827 at
  /// 15.6 °C, ν = 30.5 mm²/s at 40 °C and 5.8 mm²/s at 100 °C, pour point −57 °C, flash point 246 °C. Viscosity
  /// between and beyond by ASTM D341 (Walther: log log(ν + 0.7) = A − B log T); density with the expansion
  /// coefficient 7.0e-4 K⁻¹ and c_p, k by Cragoe's correlations for oils (NBS Misc. Publ. 97, 1929):
  /// c_p = (1684 + 3.39 t)/√s J/kg/K, k = (0.1167/s)(1 − 0.00054 t) W/m/K (t in °C, s the specific gravity).
  /// Cragoe is stated within about 5 % for petroleum oils; for PAO expect c_p up to 10 % low.
  public static let pao6 = Coolant(
    name: "pao6", description: "polyalphaolefin PAO-6 (single-phase dielectric)",
    source: "SpectraSyn 6 data sheet (ρ, ν40, ν100); ASTM D341 (μ(T)); Cragoe 1929 NBS Misc. Publ. 97 (c_p, k)",
    accuracy: "ρ 1 %, μ 5 % (D341 between 40 and 100 °C, 10 % outside), c_p 10 %, k 5 %",
    table: oilTable(density: 0.827 * 999.0, densityTemperature: 15.6, expansion: 7.0e-4, nu40: 30.5, nu100: 5.8,
                    cp: { t in (1684 + 3.39 * t) / 0.827.squareRoot() },
                    k: { t in 0.1167 / 0.827 * (1 - 0.00054 * t) }, range: -40...150))

  /// A synthetic (pentaerythritol) ester dielectric of the MIDEL 7131 class, −40…150 °C.
  ///
  /// M&I Materials MIDEL 7131 data sheet (typical): density 970 kg/m³ at 20 °C, expansion coefficient
  /// 7.5e-4 K⁻¹, ν = 28 mm²/s at 40 °C and 5.25 mm²/s at 100 °C, c_p 1880 J/kg/K and k 0.144 W/m/K at 20 °C,
  /// pour point −56 °C, fire point 316 °C. Viscosity by ASTM D341; c_p and k carried to other temperatures with
  /// Cragoe's relative slopes (+3.39/1684 per K and −0.00054 per K, NBS Misc. Publ. 97), an assumption: the data
  /// sheet gives them at 20 °C only.
  public static let syntheticEster = Coolant(
    name: "ester", description: "synthetic ester (MIDEL 7131 class, single-phase dielectric)",
    source: "MIDEL 7131 data sheet (ρ, β, ν40, ν100, c_p and k at 20 °C); ASTM D341; Cragoe 1929 slopes",
    accuracy: "ρ 1 %, μ 5 % (10 % outside 40…100 °C), c_p and k 5 % near 20 °C, 10 % at 100 °C",
    table: oilTable(density: 970, densityTemperature: 20, expansion: 7.5e-4, nu40: 28, nu100: 5.25,
                    cp: { t in 1880 * (1684 + 3.39 * t) / (1684 + 3.39 * 20) },
                    k: { t in 0.144 * (1 - 0.00054 * t) / (1 - 0.00054 * 20) }, range: -40...150))

  /// HFE-7100 (methoxy-nonafluorobutane), a two-phase immersion dielectric: liquid 0…61 °C at 1 atm, and saturation.
  ///
  /// 3M Novec 7100 product information: at 25 °C ρ = 1510 kg/m³, μ = 0.58 mPa·s, c_p = 1183 J/kg/K,
  /// k = 0.069 W/m/K, σ = 13.6 mN/m; boiling point 61 °C with h_fg = 112 kJ/kg; at saturation (1 atm) about
  /// ρ = 1400 kg/m³, c_p = 1255 J/kg/K, σ = 10.4 mN/m, vapour 9.1 kg/m³; critical temperature 195.3 °C; molar
  /// mass 250.06 g/mol; vapour pressure ln p[Pa] = 22.415 − 3641.9/T[K]. Between: ρ linear through the 25 °C and
  /// saturation values; c_p = 1133 + 2.0 t J/kg/K (3M, t in °C; gives both published values); k slope
  /// −1.955e-4 W/m/K² and the viscosity's temperature shape ln μ ∝ 447.54/(T − 93.22) from 3M (2007) data as
  /// fitted by Skovrup (2013) (CoolProp INCOMP::HFE2), anchored to the 25 °C values above.
  public static let hfe7100 = Coolant(
    name: "hfe7100", description: "HFE-7100 (3M Novec 7100 class, two-phase dielectric)",
    source: "3M Novec 7100 product information (25 °C and boiling-point values); 3M 2007 / Skovrup 2013 slopes",
    accuracy: "matches the published points within 0.5 %; between them about 2 % (ρ, c_p), 5 % (μ, k)",
    table: sampledTable(range: 0...61) { t in
      [1510 + (1400 - 1510) * (t - 25) / 36,
       0.58e-3 * exp(447.54 / (t + 273.15 - 93.22) - 447.54 / (298.15 - 93.22)),
       1133 + 2.0 * t,
       0.069 - 1.9548e-4 * (t - 25)]
    },
    saturation: SaturationCurve(
      vapourPressureA: 22.415, vapourPressureB: 3641.9, latentHeatAtBoilingPoint: 112e3,
      normalBoilingPoint: 334.15, criticalTemperature: 468.45,
      surfaceTensionPoints: [(298.15, 13.6e-3), (334.15, 10.4e-3)], molarMass: 0.25006,
      temperatureRange: 298.15...373.15, fluid: "hfe7100"))

  /// Dry air at 101.325 kPa, −23…177 °C (humidity not modelled).
  ///
  /// Ideal gas ρ = p/(R T), R = 287.05 J/kg/K; viscosity and conductivity by Sutherland's law with White (2006),
  /// *Viscous Fluid Flow*, 3rd ed., Tables 1-2 and 1-3 (μ₀ = 1.716e-5 Pa·s, S = 110.4 K; k₀ = 0.0241 W/m/K,
  /// S = 194 K; T₀ = 273.15 K; within 2 %); c_p from Incropera et al., *Fundamentals of Heat and Mass Transfer*,
  /// 6th ed., Table A.4 (1006, 1007, 1009, 1014, 1021 J/kg/K at 250, 300, 350, 400, 450 K).
  public static let air = Coolant(
    name: "air", description: "dry air at 101.325 kPa",
    source: "ideal gas; Sutherland (White 2006, Tables 1-2, 1-3); c_p Incropera 6th ed. Table A.4",
    accuracy: "ρ 0.1 %, μ and k 2 %, c_p 0.5 %",
    table: sampledTable(range: -23.15...176.85) { t in
      let tk = t + 273.15
      let cpT: [Double] = [250, 300, 350, 400, 450], cpV: [Double] = [1006, 1007, 1009, 1014, 1021]
      let j = min(max(Int((tk - 250) / 50), 0), 3)
      let cp = cpV[j] + (cpV[j + 1] - cpV[j]) * (tk - cpT[j]) / 50
      return [101325 / (287.05 * tk),
              1.716e-5 * pow(tk / 273.15, 1.5) * (273.15 + 110.4) / (tk + 110.4),
              cp,
              0.0241 * pow(tk / 273.15, 1.5) * (273.15 + 194) / (tk + 194)]
    })

  /// Rows every 5 K over `range` (°C, ends included) of [ρ, μ, c_p, k] given by `row(t °C)`.
  static func sampledTable(range: ClosedRange<Double>, _ row: (Double) -> [Double]) -> CoolantTable {
    var temps: [Double] = [range.lowerBound]
    var t = (range.lowerBound / 5).rounded(.down) * 5 + 5
    while t < range.upperBound - 1e-9 { temps.append(t); t += 5 }
    temps.append(range.upperBound)
    return CoolantTable(celsiusRows: temps.map { [$0] + row($0) })
  }

  /// An oil's table from data-sheet values (a specific gravity 15.6/15.6 °C is ρ over water's 999.0 kg/m³):
  /// ρ(t) = ρ_ref / (1 + β (t − t_ref)); ν(t) by ASTM D341 through ν40 and
  /// ν100 (mm²/s); c_p(t), k(t) given.
  static func oilTable(density rhoRef: Double, densityTemperature: Double, expansion: Double, nu40: Double,
                       nu100: Double, cp: (Double) -> Double, k: (Double) -> Double,
                       range: ClosedRange<Double>) -> CoolantTable {
    let (a, b) = walther(nu40: nu40, nu100: nu100)
    return sampledTable(range: range) { t in
      let rho = rhoRef / (1 + expansion * (t - densityTemperature))
      let nu = pow(10, pow(10, a - b * log10(t + 273.15))) - 0.7  // mm²/s
      return [rho, nu * 1e-6 * rho, cp(t), k(t)]
    }
  }

  /// ASTM D341 constants A, B of log10 log10(ν + 0.7) = A − B log10(T[K]) through ν at 40 °C and 100 °C.
  static func walther(nu40: Double, nu100: Double) -> (Double, Double) {
    let y40 = log10(log10(nu40 + 0.7)), y100 = log10(log10(nu100 + 0.7))
    let x40 = log10(313.15), x100 = log10(373.15)
    let b = (y40 - y100) / (x100 - x40)
    return (y40 + b * x40, b)
  }
}
