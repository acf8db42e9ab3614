#!/usr/bin/env python3
"""Exact 2-D solution of the VM97 fin (README): tip section-mean and tip-centre temperatures, base heat flow.

The fin is infinitely wide (adiabatic width sides), so the field is 2-D in (x, z), symmetric about the mid-plane.
With half-thickness b, theta = T - T_a, and Bi = h b / k, separation of variables gives

    theta(x, z) / theta_b = sum_n a_n cos(beta_n z / b) F_n(x),
    beta_n tan beta_n = Bi                      (the plane-wall eigenproblem, Incropera et al. 6th ed. Eq. 5.39c)
    a_n = 2 sin beta_n / (beta_n + sin beta_n cos beta_n)
    F_n(x) = [cosh l_n (L - x) + g_n sinh l_n (L - x)] / [cosh l_n L + g_n sinh l_n L],
    l_n = beta_n / b,  g_n = h / (k l_n)        (F_n satisfies -k F' = h F at the convective tip x = L)

    tip section mean / theta_b = sum a_n (sin beta_n / beta_n) F_n(L)
    tip centre / theta_b       = sum a_n F_n(L)
    base heat flow, per width  = 2 k theta_b sum a_n sin beta_n (sinh l_n L + g_n cosh l_n L) / (cosh l_n L + g_n sinh l_n L)

The temperature series converge like exp(-n pi L / b) (L/b = 8): a few terms give every digit. The heat-flow terms
fall like 1/n^3, so the sum is taken to N and 2N terms and extrapolated in N (tail ~ 1/N^2).
Needs mpmath (pip install mpmath). Prints the reference values of reference.yaml.
"""
import mpmath as mp

mp.mp.dps = 30
inch = mp.mpf(1) / 12                       # ft
k, h = mp.mpf(15), mp.mpf(15)               # Btu/(h ft degF), Btu/(h ft^2 degF)
L, b, width = 4 * inch, inch / 2, inch      # length, half-thickness, modelled width (ft)
Ta, Tw = mp.mpf(100), mp.mpf(1100)          # degF
Bi = h * b / k


def beta(n):
    """n-th positive root of beta tan beta = Bi, in ((n-1) pi, (n-1) pi + pi/2)."""
    lo = (n - 1) * mp.pi
    return mp.findroot(lambda x: x * mp.sin(x) - Bi * mp.cos(x), (lo + mp.mpf("1e-25"), lo + mp.pi / 2 - mp.mpf("1e-25")),
                       solver="anderson")


def sums(N):
    mean = centre = heat = mp.mpf(0)
    for n in range(1, N + 1):
        be = beta(n)
        l = be / b
        a = 2 * mp.sin(be) / (be + mp.sin(be) * mp.cos(be))
        g = h / (k * l)
        den = mp.cosh(l * L) + g * mp.sinh(l * L)
        mean += a * mp.sin(be) / be / den
        centre += a / den
        heat += a * mp.sin(be) * (mp.sinh(l * L) + g * mp.cosh(l * L)) / den
    return mean, centre, heat


theta_b = Tw - Ta
m1, c1, q1 = sums(400)
m2, c2, q2 = sums(800)
heat = q2 + (q2 - q1) / 3                   # Richardson in N: tail ~ 1/N^2
print(f"Bi = h b / k = {mp.nstr(Bi, 6)}")
print(f"tip temperature, section mean: {mp.nstr(Ta + theta_b * m2, 12)} degF (N = 400: {mp.nstr(Ta + theta_b * m1, 12)})")
print(f"tip centre:                    {mp.nstr(Ta + theta_b * c2, 12)} degF")
print(f"base heat flow ({mp.nstr(width * 12, 2)} in wide):  {mp.nstr(2 * k * theta_b * heat * width, 10)} Btu/h "
      f"(partial sums N = 400, 800: {mp.nstr(2 * k * theta_b * q1 * width, 10)}, {mp.nstr(2 * k * theta_b * q2 * width, 10)})")
