#!/bin/sh
# The held-out check of the compact tray model (issue 14, item 4): builds the model from the detailed tray
# (geometries/tray-coldplate-detail, 169k cells) at the five committed flows, then solves the full 3-D tray at three
# flows NOT used to build (5, 9.5, 13 L/min; the CPU plates' inlets iterated to the GPU plates' mixed outlet) and
# compares every GPU's and CPU's maximum with the model: exit 1 if one misses by more than 0.5 K.
# RACKTWIN: the binary (default: the release build of this checkout). Several minutes on 2 cores.
set -e
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
racktwin=${RACKTWIN:-$root/.build/release/racktwin}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$root/geometries/tray-coldplate-detail/case.yaml" "$work/case.yaml"
"$racktwin" mesh generate "$root/geometries/tray-coldplate-detail/mesh.yaml" -o "$work/mesh.h5" -q
"$racktwin" compact build "$work/case.yaml" --flows "4 L/min, 6 L/min, 8 L/min, 11 L/min, 16 L/min" --jobs 2 \
  -o "$work/tray.compact.yaml" --check "5 L/min, 9.5 L/min, 13 L/min" --check-tolerance "0.5 K"
