#!/usr/bin/env python3
"""Converged reference for the radiating slab (README), independent of racktwin: T at x = 0, L/2, L and the heat
radiated at t = 300 s.

rho c T_t = k T_xx on 0 < x < L;  -k T_x = 0 at x = 0;  -k T_x = eps sigma (T^4 - T_sur^4) at x = L;  T(x, 0) = T_i.
Method of lines: vertex-centred second-order differences on n + 1 nodes (half control volumes at the ends, where the
flux conditions enter), integrated in time by SciPy's Radau IIA (order 5) at rtol 1e-12; three grids n = 200, 400,
800, the observed order printed, and the values Richardson-extrapolated (p = 2) from the two finest.
Needs numpy and scipy (pip install numpy scipy). Takes about a minute.
"""
import numpy as np
from scipy.integrate import solve_ivp
from scipy.sparse import diags

sigma = 5.670374419e-8                      # W/(m^2 K^4), CODATA 2018 (as racktwin)
k, rho, c = 2.0, 2500.0, 800.0              # W/(m K), kg/m^3, J/(kg K)
L, eps, Ti, Tsur, t_end = 0.02, 0.9, 1000.0, 300.0, 300.0
section = 0.01 * 0.01                       # m^2, the modelled bar's cross-section


def solve(n):
    h = L / n
    C = rho * c * np.full(n + 1, h)
    C[0] = C[-1] = rho * c * h / 2

    def rhs(t, T):
        q = np.zeros_like(T)
        flux = k * (T[1:] - T[:-1]) / h     # W/m^2 from node i+1 into node i
        q[:-1] += flux
        q[1:] -= flux
        q[-1] -= eps * sigma * (T[-1] ** 4 - Tsur ** 4)
        return q / C

    def jac(t, T):
        d = np.full(n + 1, -2 * k / h)
        d[0] = d[-1] = -k / h
        d[-1] -= 4 * eps * sigma * T[-1] ** 3
        off = np.full(n, k / h)
        return diags([off / C[1:], d / C, off / C[:-1]], [-1, 0, 1]).tocsc()

    s = solve_ivp(rhs, (0, t_end), np.full(n + 1, Ti), method="Radau", jac=jac, rtol=1e-12, atol=1e-10)
    T = s.y[:, -1]
    return np.array([T[0], T[n // 2], T[-1], -eps * sigma * (T[-1] ** 4 - Tsur ** 4) * section])


names = ["T(0), adiabatic face, K", "T(L/2), K", "T(L), radiating face, K", "heat in through x = L, W"]
f = [solve(n) for n in (200, 400, 800)]
order = np.log2(np.abs(f[0] - f[1]) / np.abs(f[1] - f[2]))
best = f[2] + (f[2] - f[1]) / 3
for i, name in enumerate(names):
    print(f"{name:26s} {best[i]:.10f}  (n = 200, 400, 800: {f[0][i]:.10f}, {f[1][i]:.10f}, {f[2][i]:.10f}; order {order[i]:.3f})")
