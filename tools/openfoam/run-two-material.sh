#!/usr/bin/env bash
# Cross-code check (validation/openfoam-two-material): solve the same two-material conduction problem with
# OpenFOAM's laplacianFoam (Debian package `openfoam`) on the same hexahedral mesh, and write its cell-centre
# temperatures at the case's probes to validation/openfoam-two-material/openfoam-probes.csv.
#
#   tools/openfoam/run-two-material.sh          run OpenFOAM, (re)write the CSV
#   tools/openfoam/run-two-material.sh --check  run OpenFOAM, compare with the committed CSV (exit 1 if they differ
#                                               by more than 1e-6 K); this is the case's heavyCommand
#
# Installs `openfoam` with apt-get when laplacianFoam is missing (sudo when not root).
# Problem (README of the case): box 100 × 50 × 20 mm, 2 mm cubic cells (50 × 25 × 10); material A with
# k = 10 W/m/K everywhere except an insert B (k = 1 W/m/K) at x 30–70 mm, y 0–30 mm, z 0–10 mm;
# T = 100 degC on x = 0, convection h = 50 W/m^2/K to 20 degC on y = 50 mm, all other faces adiabatic.
# Steady state: ddt steadyState, one time step with a converged PCG solve. Interface: Gauss harmonic corrected
# (face conductivity 1/(w/kP + (1-w)/kN), the same two-point conductance racktwin uses). Convection: a `mixed`
# condition with valueFraction = h/(h + k/delta), delta = 1 mm (the cell-centre distance to the face), which gives
# the face conductance A/(delta/k + 1/h), again as racktwin.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
out="$here/validation/openfoam-two-material/openfoam-probes.csv"
check=0
[ "${1:-}" = "--check" ] && check=1

if ! command -v laplacianFoam >/dev/null 2>&1; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends openfoam
fi

# The Debian binaries need the OpenFOAM environment (etc/controlDict and friends).
if [ -z "${WM_PROJECT_DIR:-}" ] && [ -d /usr/share/openfoam/etc ]; then export WM_PROJECT_DIR=/usr/share/openfoam; fi

work="$(mktemp -d "${TMPDIR:-/tmp}/racktwin-openfoam-XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/system" "$work/constant" "$work/0"
header() { printf 'FoamFile { version 2.0; format ascii; class %s; object %s; }\n' "$1" "$2"; }

{ header dictionary blockMeshDict; cat <<'D'
scale 0.001;
vertices ((0 0 0) (100 0 0) (100 50 0) (0 50 0) (0 0 20) (100 0 20) (100 50 20) (0 50 20));
blocks (hex (0 1 2 3 4 5 6 7) (50 25 10) simpleGrading (1 1 1));
boundary (
  xmin { type patch; faces ((0 4 7 3)); }
  xmax { type patch; faces ((1 2 6 5)); }
  ymin { type patch; faces ((0 1 5 4)); }
  ymax { type patch; faces ((3 7 6 2)); }
  zmin { type patch; faces ((0 3 2 1)); }
  zmax { type patch; faces ((4 5 6 7)); }
);
D
} > "$work/system/blockMeshDict"

{ header dictionary controlDict; cat <<'D'
application laplacianFoam; startFrom startTime; startTime 0; stopAt endTime; endTime 1; deltaT 1;
writeControl timeStep; writeInterval 1; writeFormat ascii; writePrecision 17; writeCompression off;
timeFormat general; timePrecision 6; runTimeModifiable false;
D
} > "$work/system/controlDict"

{ header dictionary fvSchemes; cat <<'D'
ddtSchemes { default steadyState; }
gradSchemes { default Gauss linear; }
divSchemes { default none; }
laplacianSchemes { default Gauss harmonic corrected; }
interpolationSchemes { default linear; }
snGradSchemes { default corrected; }
D
} > "$work/system/fvSchemes"

{ header dictionary fvSolution; cat <<'D'
solvers { T { solver PCG; preconditioner DIC; tolerance 1e-14; relTol 0; maxIter 10000; } }
SIMPLE { nNonOrthogonalCorrectors 0; }
D
} > "$work/system/fvSolution"

{ header dictionary setFieldsDict; cat <<'D'
defaultFieldValues (volScalarFieldValue DT 10);
regions ( boxToCell { box (0.03 0 0) (0.07 0.03 0.01); fieldValues (volScalarFieldValue DT 1); } );
D
} > "$work/system/setFieldsDict"

# DT as a uniform fallback; the field 0/DT (set by setFields) is what laplacianFoam reads when present.
{ header dictionary transportProperties; echo 'DT DT [0 2 -1 0 0 0 0] 10;'; } > "$work/constant/transportProperties"

{ header volScalarField DT; cat <<'D'
dimensions [0 2 -1 0 0 0 0];
internalField uniform 10;
boundaryField { ".*" { type zeroGradient; } }
D
} > "$work/0/DT"

# valueFraction = h/(h + k/delta) = 50/(50 + 10/0.001).
{ header volScalarField T; cat <<'D'
dimensions [0 0 0 1 0 0 0];
internalField uniform 293.15;
boundaryField {
  xmin { type fixedValue; value uniform 373.15; }
  ymax { type mixed; refValue uniform 293.15; refGradient uniform 0; valueFraction uniform 0.004975124378109453; value uniform 293.15; }
  xmax { type zeroGradient; }
  ymin { type zeroGradient; }
  zmin { type zeroGradient; }
  zmax { type zeroGradient; }
}
D
} > "$work/0/T"

( cd "$work" && blockMesh > log.blockMesh 2>&1 && setFields > log.setFields 2>&1 && laplacianFoam > log.laplacianFoam 2>&1 ) || {
  echo "OpenFOAM failed; logs:" >&2; tail -n 20 "$work"/log.* >&2; exit 1; }

python3 - "$work/1/T" "$out" "$check" <<'PY'
import re, sys
path, out, check = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
text = open(path).read()
m = re.search(r"internalField\s+nonuniform\s+List<scalar>\s+(\d+)\s*\(([^)]*)\)", text)
values = [float(v) for v in m.group(2).split()]
nx, ny, nz, h = 50, 25, 10, 0.002
assert len(values) == nx * ny * nz == int(m.group(1))
# Probes at cell centres (mm), as in the case file.
probes = {"hotSide": (11, 25, 11), "insertCore": (51, 11, 5), "aboveInsertZ": (51, 11, 15),
          "aboveInsertY": (51, 41, 15), "coolCorner": (91, 45, 19), "insertEdge": (69, 29, 9)}
rows = []
for name, (x, y, z) in probes.items():
    i, j, k = (x - 1) // 2, (y - 1) // 2, (z - 1) // 2
    rows.append((name, x, y, z, values[(k * ny + j) * nx + i]))
if check:
    old = {}
    for line in open(out):
        if line.startswith("#") or line.startswith("name"):
            continue
        f = line.strip().split(",")
        old[f[0]] = float(f[4])
    worst = max(abs(old[n] - t) for n, *_, t in rows)
    print(f"openfoam-two-material: largest difference from the committed CSV {worst:.3e} K")
    sys.exit(0 if worst <= 1e-6 else 1)
with open(out, "w") as f:
    f.write("# laplacianFoam (OpenFOAM v1912, Debian package openfoam) cell-centre temperatures, written by\n")
    f.write("# tools/openfoam/run-two-material.sh; positions in mm, temperature in K.\n")
    f.write("name,x_mm,y_mm,z_mm,T_K\n")
    for name, x, y, z, t in rows:
        f.write(f"{name},{x},{y},{z},{t!r}\n")
print(f"wrote {out}")
PY
