#!/usr/bin/env python3
"""Exact series solution of NAFEMS T3 (README): T(0.08 m, 32 s) of the bar with a sinusoidal end temperature.

u_t = alpha u_xx on 0 < x < L, u(0, t) = 0, u(L, t) = g(t) = A sin(w t), u(x, 0) = 0 (A = 100 K, w = pi/40 1/s).
With u = (x/L) g(t) + v, v solves v_t = alpha v_xx - (x/L) g'(t) with v = 0 on both ends and v(x, 0) = 0 (g(0) = 0).
Expanding x/L = sum c_n sin(k_n x), c_n = 2 (-1)^(n+1) / (n pi), k_n = n pi / L, mu_n = alpha k_n^2 (Duhamel, as in
Carslaw & Jaeger, Conduction of Heat in Solids, 2nd ed. 1959, ch. III:
slab with end temperatures that vary in time):

    u(x, t) = (x/L) A sin(w t) - sum_n c_n A w sin(k_n x) [mu_n cos(w t) + w sin(w t) - mu_n exp(-mu_n t)] / (mu_n^2 + w^2)

The terms fall like 1/n^3; the sum is taken to N and 2N terms and extrapolated in N (tail ~ 1/N^2).
Needs mpmath (pip install mpmath). Prints the reference value of reference.yaml.
"""
import mpmath as mp

mp.mp.dps = 30
k, rho, c, L = mp.mpf(35), mp.mpf(7200), mp.mpf("440.5"), mp.mpf("0.1")
alpha = k / (rho * c)
A, w = mp.mpf(100), mp.pi / 40


def u(x, t, N):
    s = x / L * A * mp.sin(w * t)
    for n in range(1, N + 1):
        kn = n * mp.pi / L
        mu = alpha * kn ** 2
        cn = 2 * (-1) ** (n + 1) / (n * mp.pi)
        s -= cn * A * w * mp.sin(kn * x) * (mu * mp.cos(w * t) + w * mp.sin(w * t) - mu * mp.exp(-mu * t)) / (mu ** 2 + w ** 2)
    return s


x, t = mp.mpf("0.08"), mp.mpf(32)
u1, u2 = u(x, t, 4000), u(x, t, 8000)
print(f"T(0.08 m, 32 s) = {mp.nstr(u2 + (u2 - u1) / 3, 10)} degC (partial sums N = 4000, 8000: {mp.nstr(u1, 10)}, {mp.nstr(u2, 10)})")
