/// The built-in materials, each row headed by its source. Properties near 300 K.
///
/// Case files add to or override these by name (`materials:` in the case file).
public enum MaterialLibrary {
  public static let builtIn: [String: Material] = {
    var all: [Material] = []
    // Incropera, DeWitt, Bergman & Lavine, Fundamentals of Heat and Mass Transfer, 6th ed., Table A.1 (300 K).
    let incroperaA1 = "Incropera et al., Fundamentals of Heat and Mass Transfer, 6th ed., Table A.1, 300 K"
    all.append(Material(name: "copper", conductivity: 401, density: 8933, specificHeat: 385, source: incroperaA1))
    all.append(Material(name: "aluminium", conductivity: 237, density: 2702, specificHeat: 903, source: incroperaA1))
    all.append(Material(name: "silicon", conductivity: 148, density: 2330, specificHeat: 712, source: incroperaA1))
    all.append(Material(name: "steel", conductivity: 63.9, density: 7832, specificHeat: 434,
                        source: incroperaA1 + " (plain carbon steel, AISI 1010)"))
    all.append(Material(name: "stainless304", conductivity: 14.9, density: 7900, specificHeat: 477,
                        source: incroperaA1 + " (AISI 304)"))
    // ASM Handbook Vol. 2 (1990), Properties of Wrought Aluminum Alloys: 6061-T6.
    all.append(Material(name: "al6061", conductivity: 167, density: 2700, specificHeat: 896,
                        source: "ASM Handbook Vol. 2 (1990), wrought aluminium alloy 6061-T6"))
    // Azar & Graebner (1996), SEMI-THERM XII, "Experimental determination of thermal conductivity of printed wiring
    // boards": bare FR-4 laminate, in-plane ≈ 0.8, through-plane ≈ 0.3 W/(m·K); density and cp from IPC-4101 data sheets.
    all.append(Material(name: "fr4", inPlane: 0.81, throughPlane: 0.29, axis: 2, density: 1900, specificHeat: 1150,
                        source: "Azar & Graebner 1996 (SEMI-THERM XII); through-plane axis z"))
    // Siewert, Liu, Smith & Madeni (2002), NIST Database for Solder Properties with Emphasis on New Lead-free Solders:
    // Sn-3.9Ag-0.6Cu.
    all.append(Material(name: "solder", conductivity: 58.7, density: 7390, specificHeat: 232,
                        source: "Siewert et al. 2002, NIST Database for Solder Properties, SnAgCu"))
    // Prasher (2006), Proc. IEEE 94(8):1571, "Thermal interface materials": greases and PCMs 0.4–5 W/(m·K);
    // a representative mid-range grease.
    all.append(Material(name: "tim", conductivity: 4.0, density: 2500, specificHeat: 800,
                        source: "Prasher 2006, Proc. IEEE 94(8), representative thermal grease"))
    // Incropera et al., 6th ed., Table A.4 (air, 300 K) and Table A.6 (saturated water, 300 K).
    all.append(Material(name: "air", conductivity: 0.0263, density: 1.1614, specificHeat: 1007,
                        source: "Incropera et al., 6th ed., Table A.4, 300 K"))
    all.append(Material(name: "water", conductivity: 0.613, density: 997, specificHeat: 4179,
                        source: "Incropera et al., 6th ed., Table A.6, 300 K"))
    // ASHRAE Handbook—Fundamentals (2009), ch. 31, Tables 8–11: propylene glycol 25 % by mass, 20 °C.
    all.append(Material(name: "pg25", conductivity: 0.49, density: 1020, specificHeat: 3930,
                        source: "ASHRAE Handbook—Fundamentals 2009, ch. 31, 25 % propylene glycol by mass, 20 °C"))
    // Valid ranges: Incropera's tables for the metals and silicon (to below melting), the liquid range at 1 atm for
    // water and pg25 (ASHRAE freezing point of 25 % PG ≈ −10 °C), FR-4's glass transition (IPC-4101/21: Tg ≥ 130 °C),
    // SAC solder's solidus (217 °C) and a grease's rated range (−40 … 150 °C, Prasher 2006).
    let ranges: [String: ClosedRange<Double>] = [
      "copper": 100...1200, "aluminium": 100...800, "silicon": 100...1500, "steel": 100...1000,
      "stainless304": 100...1500, "al6061": 100...800, "fr4": 200...403.15, "solder": 200...490.15,
      "tim": 233.15...423.15, "air": 100...3000, "water": 273.15...373.15, "pg25": 263.15...373.15,
    ]
    for i in all.indices { all[i].validRange = ranges[all[i].name] }
    return Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })
  }()
}
