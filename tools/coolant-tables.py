#!/usr/bin/env python3
"""Prints the water and glycol tables of Sources/RackTwinCooling/CoolantData.swift.

Water: IAPWS-95 (Wagner & Pruss 2002), viscosity IAPWS R12-08, conductivity IAPWS R15-11, at 101.325 kPa
(the 100 degC row is saturated liquid). Glycols: Melinder (2010), Properties of Secondary Working Fluids for
Indirect Systems, IIR, as fitted in CoolProp's incompressible backend (INCOMP::MPG / INCOMP::MEG, mass fraction).
Both evaluated with CoolProp (pip install CoolProp); the version is printed in the header comment.
"""
import CoolProp.CoolProp as CP

def rows(fluid, temps_c, pressure=101325.0, sat_last=False):
    out = []
    for i, t in enumerate(temps_c):
        T = t + 273.15
        if sat_last and i == len(temps_c) - 1:
            args = ("T", T, "Q", 0)
        else:
            args = ("T", T, "P", pressure)
        rho, mu, cp, k = (CP.PropsSI(p, *args, fluid) for p in ("D", "V", "C", "L"))
        out.append((t, rho, mu, cp, k))
    return out

def show(name, table):
    print(f"// {name}  (CoolProp {CP.get_global_param_string('version')})")
    for t, rho, mu, cp, k in table:
        print(f"    [{t:7.2f}, {rho:9.3f}, {mu:.5e}, {cp:7.1f}, {k:.5f}],")

show("water", rows("Water", [0.01] + list(range(5, 101, 5)), sat_last=True))
for fluid, name in [("INCOMP::MPG[0.25]", "PG25"), ("INCOMP::MPG[0.40]", "PG40"), ("INCOMP::MEG[0.30]", "EG30")]:
    tf = CP.PropsSI("T_freeze", "T", 300, "P", 101325, fluid) - 273.15
    tf = -((-tf * 10) // 1) / 10  # rounded up to 0.1 K: the first row is at (just above) freezing
    temps = [tf] + [t for t in range(-40, 101, 5) if t > tf + 0.5]
    show(f"{name} freezing {tf}", rows(fluid, temps))
