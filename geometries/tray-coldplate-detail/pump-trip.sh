#!/bin/sh
# The tray's ride-through after a CDU pump trip (README, "Ride-through after a CDU pump trip"), from the repository
# root: the mesh, the steady state of the least-fed compute tray of the NVL72 rack at 35 °C FWS (case.yaml at the
# flows and inlets of pump-trip.yaml), then the trip with τ = 1 s and with the flow stopped at once (τ = 0).
set -e
R=${RACKTWIN:-.build/release/racktwin}
D=geometries/tray-coldplate-detail
OUT=${OUT:-results}
mkdir -p "$OUT"
[ -f $D/mesh.h5 ] || $R mesh generate $D/mesh.yaml -o $D/mesh.h5
$R solve $D/case.yaml -o $D/pump-trip-steady.h5 \
  --set 'coldPlates.gpu*.flow=2.20214 L/min' --set 'coldPlates.gpu*.inletTemperature=37.2913 degC' \
  --set 'coldPlates.cpu*.flow=4.40429 L/min' --set 'coldPlates.cpu*.inletTemperature=45.134 degC'
$R solve $D/pump-trip.yaml -o "$OUT/tray-pump-trip.h5"
$R solve $D/pump-trip.yaml -o "$OUT/tray-pump-trip-tau0.h5" --set 'transient.events.0.pumpTrip.coastDown=0 s' \
  --set 'transient.step=0.01 s' --set 'transient.duration=1.5 s' --set 'transient.output=0.5 s'
