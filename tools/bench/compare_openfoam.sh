#!/usr/bin/env bash
# Benchmark: the same 1 M-cell homogeneous block (100³ cells in a 1 m cube, k = 1 W/m/K, 100 °C on x = 0 and 30 °C on
# x = 1, other faces adiabatic) solved by OpenFOAM's laplacianFoam with GAMG (Debian `openfoam`, serial) and by
# racktwin (AMG-CG to 1e-8), in one run. Reports the whole-process wall and CPU time of each solver process (each
# reads its own mesh and writes its result) and of each mesh generator, and the ratio racktwin / OpenFOAM.
# Usage: tools/bench/compare_openfoam.sh [cells per side, default 100]
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-100}
[ -x .build/release/racktwin ] || tools/setup
command -v /usr/bin/time >/dev/null || apt-get install -y -qq time >/dev/null
if ! command -v laplacianFoam >/dev/null; then
  echo "installing Debian openfoam" >&2; apt-get install -y -qq openfoam >/dev/null
fi
# Debian's OpenFOAM finds its etc/ files only with its environment sourced.
foam_bashrc=$(dpkg -L openfoam 2>/dev/null | grep -m1 '/etc/bashrc$' || echo /usr/share/openfoam/etc/bashrc)
set +eu; source "$foam_bashrc" >/dev/null 2>&1; set -eu
rt=$PWD/.build/release/racktwin
work=$(mktemp -d)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
export OPENBLAS_NUM_THREADS=1

# --- racktwin
mkdir -p "$work/rt"
h=$(awk -v n="$n" 'BEGIN { printf "%.9f", 1.00001 / n }')   # just above 1/n, so exactly n cells per side
cat > "$work/rt/mesh.yaml" <<EOF
domain: {min: [0, 0, 0], max: ["1 m", "1 m", "1 m"]}
cells:
  all: {maxSize: "$h m"}
regions:
  block: {material: unit}
boxes:
  - {region: block, min: [0, 0, 0], max: ["1 m", "1 m", "1 m"]}
EOF
cat > "$work/rt/case.yaml" <<EOF
mesh: mesh.h5
materials:
  unit: {conductivity: "1 W/m/K", density: "1000 kg/m^3", specificHeat: "1000 J/kg/K"}
boundaries:
  xmin: {type: temperature, value: "100 degC"}
  xmax: {type: temperature, value: "30 degC"}
solver: {method: cg-amg, tolerance: 1e-8}
EOF
(cd "$work/rt" && /usr/bin/time -f "%e %U %S %M" -o mesh.time "$rt" mesh generate mesh.yaml -o mesh.h5 --quiet)
(cd "$work/rt" && /usr/bin/time -f "%e %U %S %M" -o solve.time "$rt" solve case.yaml -o result.h5 > solve.log)

# --- OpenFOAM
of="$work/of"
mkdir -p "$of/system" "$of/constant" "$of/0"
header() { printf 'FoamFile { version 2.0; format ascii; class %s; object %s; }\n' "$1" "$2"; }
{ header dictionary blockMeshDict; cat <<EOF
convertToMeters 1;
vertices ((0 0 0) (1 0 0) (1 1 0) (0 1 0) (0 0 1) (1 0 1) (1 1 1) (0 1 1));
blocks (hex (0 1 2 3 4 5 6 7) ($n $n $n) simpleGrading (1 1 1));
boundary (
  hot  { type patch; faces ((0 4 7 3)); }
  cold { type patch; faces ((1 2 6 5)); }
  walls { type wall; faces ((0 1 5 4) (3 7 6 2) (0 3 2 1) (4 5 6 7)); }
);
EOF
} > "$of/system/blockMeshDict"
{ header dictionary controlDict; cat <<EOF
application laplacianFoam; startFrom startTime; startTime 0; stopAt endTime; endTime 1; deltaT 1;
writeControl timeStep; writeInterval 1; purgeWrite 0; writeFormat binary; writePrecision 12;
writeCompression off; timeFormat general; timePrecision 6; runTimeModifiable false;
EOF
} > "$of/system/controlDict"
# k is uniform here, so linear interpolation of DT is exact; with varying k use "Gauss harmonic corrected".
{ header dictionary fvSchemes; cat <<EOF
ddtSchemes { default steadyState; }
gradSchemes { default Gauss linear; }
divSchemes { default none; }
laplacianSchemes { default Gauss linear corrected; }
interpolationSchemes { default linear; }
snGradSchemes { default corrected; }
EOF
} > "$of/system/fvSchemes"
{ header dictionary fvSolution; cat <<EOF
solvers { T { solver GAMG; smoother GaussSeidel; tolerance 1e-8; relTol 0; } }
SIMPLE { nNonOrthogonalCorrectors 0; }
EOF
} > "$of/system/fvSolution"
{ header dictionary transportProperties; echo 'DT DT [0 2 -1 0 0 0 0] 1;'; } > "$of/constant/transportProperties"
{ header volScalarField T; cat <<EOF
dimensions [0 0 0 1 0 0 0];
internalField uniform 0;
boundaryField {
  hot { type fixedValue; value uniform 100; }
  cold { type fixedValue; value uniform 30; }
  walls { type zeroGradient; }
}
EOF
} > "$of/0/T"
(cd "$of" && /usr/bin/time -f "%e %U %S %M" -o mesh.time blockMesh > blockMesh.log 2>&1)
(cd "$of" && /usr/bin/time -f "%e %U %S %M" -o solve.time laplacianFoam > laplacianFoam.log 2>&1)

# --- report
read -r rmw rmu rms rmm < "$work/rt/mesh.time"
read -r rsw rsu rss rsm < "$work/rt/solve.time"
read -r omw omu oms omm < "$of/mesh.time"
read -r osw osu oss osm < "$of/solve.time"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "racktwin:  $(grep '^solver:' "$work/rt/solve.log")"
echo "OpenFOAM:  $(grep 'GAMG:' "$of/laplacianFoam.log" | tail -1 | sed 's/^ *//')"
printf '%-34s %9s %9s %12s\n' "process" "wall s" "CPU s" "peak RSS MB"
printf '%-34s %9.2f %9.2f %12.0f\n' "racktwin mesh generate" "$rmw" "$(echo "$rmu + $rms" | bc)" "$(echo "$rmm / 1024" | bc)"
printf '%-34s %9.2f %9.2f %12.0f\n' "OpenFOAM blockMesh" "$omw" "$(echo "$omu + $oms" | bc)" "$(echo "$omm / 1024" | bc)"
printf '%-34s %9.2f %9.2f %12.0f\n' "racktwin solve (whole process)" "$rsw" "$(echo "$rsu + $rss" | bc)" "$(echo "$rsm / 1024" | bc)"
printf '%-34s %9.2f %9.2f %12.0f\n' "OpenFOAM laplacianFoam (whole)" "$osw" "$(echo "$osu + $oss" | bc)" "$(echo "$osm / 1024" | bc)"
echo "ratio racktwin / OpenFOAM, solve process: wall $(echo "scale=3; $rsw / $osw" | bc), CPU $(echo "scale=3; ($rsu + $rss) / ($osu + $oss)" | bc)"
