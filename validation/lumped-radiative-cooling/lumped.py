#!/usr/bin/env python3
"""Lumped radiative cooling of the diamond cube (README): T(t_end) from Incropera et al. Eq. 5.18, and the heat it
radiates then.

Lumped body (Bi << 1) radiating to large surroundings, rho V c dT/dt = -eps A sigma (T^4 - T_sur^4), integrates to
(F. P. Incropera, D. P. DeWitt, T. L. Bergman, A. S. Lavine, Fundamentals of Heat and Mass Transfer, 6th ed.,
Wiley 2007, Eq. 5.18):

    t = rho V c / (4 eps A sigma T_sur^3) * { ln|(T_sur + T)/(T_sur - T)| - ln|(T_sur + T_i)/(T_sur - T_i)|
                                             + 2 [atan(T/T_sur) - atan(T_i/T_sur)] }

T(t_end) is the root of t(T) = t_end (bisection to 30 digits). Needs mpmath (pip install mpmath).
"""
import mpmath as mp

mp.mp.dps = 30
sigma = mp.mpf("5.670374419e-8")              # W/(m^2 K^4), CODATA 2018 (as racktwin)
rho, c, k = mp.mpf(3500), mp.mpf(509), mp.mpf(2300)  # diamond type IIa, Incropera Table A.2 (300 K)
a = mp.mpf("0.01")                             # cube side, m
eps, Ti, Tsur, t_end = mp.mpf("0.8"), mp.mpf(1000), mp.mpf(300), mp.mpf(100)
V, A = a ** 3, 6 * a ** 2


def t_of(T):
    f = lambda T: mp.log(abs((Tsur + T) / (Tsur - T))) + 2 * mp.atan(T / Tsur)
    return rho * V * c / (4 * eps * A * sigma * Tsur ** 3) * (f(T) - f(Ti))


T = mp.findroot(lambda T: t_of(T) - t_end, (Tsur + 1, Ti), solver="bisect")
h_rad = eps * sigma * (Ti ** 2 + Tsur ** 2) * (Ti + Tsur)
print(f"T({mp.nstr(t_end, 4)} s) = {mp.nstr(T, 12)} K")
print(f"heat radiated at t_end = eps sigma A (T^4 - T_sur^4) = {mp.nstr(eps * sigma * A * (T ** 4 - Tsur ** 4), 12)} W")
print(f"Biot number at T_i, h_rad (V/A) / k = {mp.nstr(h_rad * V / A / k, 4)}")
