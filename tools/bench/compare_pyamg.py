#!/usr/bin/env python3
"""Benchmark: racktwin against pyamg on the same 1 M-cell heterogeneous system, in one run.

Builds the heterogeneous block of tools/bench/conduction-1m (copper, silicon, FR-4, air; 400 W; convective top face),
solves it with `racktwin solve --export-system` (AMG-CG, relative residual 1e-8), then solves the exported A θ = b
with pyamg (smoothed aggregation, CG acceleration, tol 1e-8) and prints setup and solve times of both, their ratio,
and the relative residual ‖b − Aθ‖₂/‖b‖₂ of racktwin's exported solution computed here with scipy (pyamg's metric:
pyamg's `solve` stops on ‖b − Ax‖₂ ≤ tol·‖b‖₂ from x₀ = 0).

Usage: tools/bench/compare_pyamg.py [--method cg-amg] [--keep DIR]. Installs pyamg, scipy, h5py with pip if missing.
"""
import argparse, os, re, resource, shutil, subprocess, sys, tempfile, time

def ensure(*modules):
    missing = []
    for m in modules:
        try:
            __import__(m)
        except ImportError:
            missing.append(m)
    if missing:
        print("pip install " + " ".join(missing), file=sys.stderr)
        subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", *missing])

ensure("numpy", "scipy", "h5py", "pyamg")
import numpy as np, scipy.sparse as sp, h5py, pyamg

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
rt = os.path.join(root, ".build", "release", "racktwin")
p = argparse.ArgumentParser()
p.add_argument("--keep", help="keep the work directory here")
p.add_argument("--method", default="cg-amg")
args = p.parse_args()
if not os.access(rt, os.X_OK):
    subprocess.check_call([os.path.join(root, "tools", "setup")])

work = args.keep or tempfile.mkdtemp(prefix="racktwin-pyamg-")
os.makedirs(work, exist_ok=True)
env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
src = os.path.join(root, "tools", "bench", "conduction-1m")
shutil.copy(os.path.join(src, "mesh.yaml"), os.path.join(work, "mesh.yaml"))
case = open(os.path.join(src, "case.yaml")).read()
case = re.sub(r"solver: \{[^}]*\}", "solver: {method: %s, tolerance: 1e-8, maxIterations: 20000}" % args.method, case)
open(os.path.join(work, "case.yaml"), "w").write(case)
subprocess.check_call([rt, "mesh", "generate", "mesh.yaml", "-o", "mesh.h5", "--quiet"], cwd=work, env=env)

t0 = time.perf_counter(); c0 = resource.getrusage(resource.RUSAGE_CHILDREN)
out = subprocess.run([rt, "solve", "case.yaml", "-o", "result.h5", "--export-system", "system.h5"], cwd=work, env=env,
                     check=True, capture_output=True, text=True).stdout
rt_wall = time.perf_counter() - t0; c1 = resource.getrusage(resource.RUSAGE_CHILDREN)
rt_cpu = (c1.ru_utime + c1.ru_stime) - (c0.ru_utime + c0.ru_stime)
with h5py.File(os.path.join(work, "result.h5"), "r") as f:
    rt_setup = float(f["metrics/setup_time"][()]); rt_solve = float(f["metrics/solve_time"][()])
    rt_iter = int(f["metrics/solver_iterations"][()]); rt_res = float(f["metrics/solver_residual"][()])
    rt_asm = float(f["metrics/assembly_time"][()])
with h5py.File(os.path.join(work, "system.h5"), "r") as f:
    g = f["system"]
    n = len(g["rhs"])
    A = sp.csr_matrix((g["data"][:], g["indices"][:], g["indptr"][:]), shape=(n, n))
    b = g["rhs"][:]; theta = g["solution"][:]
ours = np.linalg.norm(b - A @ theta) / np.linalg.norm(b)

w0 = time.perf_counter(); p0 = time.process_time()
ml = pyamg.smoothed_aggregation_solver(A, symmetry="symmetric")
w1 = time.perf_counter(); p1 = time.process_time()
residuals = []
x = ml.solve(b, x0=np.zeros(n), tol=1e-8, accel="cg", maxiter=2000, residuals=residuals)
w2 = time.perf_counter(); p2 = time.process_time()
theirs = np.linalg.norm(b - A @ x) / np.linalg.norm(b)
py_setup, py_solve = w1 - w0, w2 - w1

print("machine: %d cores; load average %s" % (os.cpu_count(), " ".join(open("/proc/loadavg").read().split()[:3])))
print("system: n = %d, nnz = %d (from racktwin --export-system)" % (n, A.nnz))
print("racktwin %-8s: %3d iterations, setup %.2f s, solve %.2f s (assembly %.2f s); whole process %.2f s wall, %.2f s CPU"
      % (args.method, rt_iter, rt_setup, rt_solve, rt_asm, rt_wall, rt_cpu))
print("pyamg SA + CG  : %3d iterations, setup %.2f s, solve %.2f s (CPU %.2f + %.2f s); operator complexity %.3f"
      % (len(residuals) - 1, py_setup, py_solve, p1 - p0, p2 - p1, ml.operator_complexity()))
print("racktwin %s" % next((l for l in out.splitlines() if l.startswith("solver:")), ""))
print("ratio racktwin / pyamg, setup + solve (wall): %.3f" % ((rt_setup + rt_solve) / (py_setup + py_solve)))
print("relative residual ||b - A theta|| / ||b||: racktwin's exported solution %.3e (racktwin reported %.3e); pyamg's %.3e"
      % (ours, rt_res, theirs))
print("max |theta_racktwin - x_pyamg| = %.3e K" % np.max(np.abs(theta - x)))
if not args.keep:
    shutil.rmtree(work)
