#!/usr/bin/env python3
"""Read racktwin results and sweep files (HDF5) into pandas tables, and plot a sweep's Pareto front.

Layouts: docs/file-formats.md ("racktwin.results") and docs/sweep-format.md ("racktwin.sweep"). Units are kept as
the files give them (temperatures in degC, margins in K, powers in W, ...): every table carries them in
``df.attrs["units"]`` (column -> unit), and the metrics table has a ``units`` column.

    import racktwin_results as rr
    r = rr.load("results/gpu-stack.h5")           # a Results
    r.metrics                                      # name, value, units
    s = rr.load("results/gpu-stack-sweep.h5")     # a Sweep
    s.points[s.ok]                                 # one row per point, status 0 only
    s.plot_pareto("max_temperature", "minimize", "power", "maximize", "pareto.png")

Command line: ``python3 racktwin_results.py FILE [--pareto A:GOAL B:GOAL] [-o pareto.png] [--csv DIR]``.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass, field

import h5py
import numpy as np
import pandas as pd

__all__ = ["FormatError", "Results", "Sweep", "load", "load_results", "load_sweep", "pareto_front", "read_table",
           "main"]

RESULTS_FORMAT = "racktwin.results"
SWEEP_FORMAT = "racktwin.sweep"


class FormatError(ValueError):
    """A file that is not what racktwin writes; the message names the file and the dataset."""


def _text(value) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def _units(dataset: h5py.Dataset) -> str:
    """The dataset's `units` attribute (string datasets carry ""; files before December 2026 carry none)."""
    return _text(dataset.attrs["units"]) if "units" in dataset.attrs else ""


def _is_string(dataset: h5py.Dataset) -> bool:
    return h5py.check_string_dtype(dataset.dtype) is not None


def _column(dataset: h5py.Dataset) -> np.ndarray:
    return dataset.asstr()[...] if _is_string(dataset) else dataset[...]


def read_table(group: h5py.Group, path: str = "") -> pd.DataFrame:
    """The 1-D and 2-D datasets of `group` as one table, one row per item.

    `name` comes first when present; a 2-D dataset `[n][k]` becomes k columns (`position` -> `position_x`,
    `position_y`, `position_z` when k = 3, else `<name>_0`, ...). Scalars and sub-groups are left out. Units go to
    ``df.attrs["units"]``. All columns must have the same number of rows.
    """
    columns: dict[str, np.ndarray] = {}
    units: dict[str, str] = {}
    rows = None
    names = sorted(group.keys(), key=lambda k: (k != "name", k))
    for key in names:
        d = group[key]
        if not isinstance(d, h5py.Dataset) or d.ndim == 0:
            continue
        if rows is not None and d.shape[0] != rows:
            raise FormatError(f"{group.file.filename}: {d.name}: expected {rows} rows as the other columns of "
                              f"{group.name}, found {d.shape[0]}")
        rows = d.shape[0]
        values = _column(d)
        if d.ndim == 1:
            columns[key], units[key] = values, _units(d)
        else:
            flat = values.reshape(d.shape[0], int(np.prod(d.shape[1:])))
            suffixes = ["x", "y", "z"] if flat.shape[1] == 3 else [str(i) for i in range(flat.shape[1])]
            for i, s in enumerate(suffixes):
                columns[f"{key}_{s}"], units[f"{key}_{s}"] = flat[:, i], _units(d)
    df = pd.DataFrame(columns)
    df.attrs["units"] = units
    df.attrs["path"] = path or group.name
    return df


def _scalars(group: h5py.Group) -> pd.DataFrame:
    """Rank-0 datasets of `group` (the metrics) as rows name, value, units, in file (alphabetical) order."""
    rows = [(k, float(d[()]), _units(d)) for k, d in group.items() if isinstance(d, h5py.Dataset) and d.ndim == 0]
    df = pd.DataFrame(rows, columns=["name", "value", "units"])
    df.attrs["units"] = {}  # per row, in the units column
    return df


def _check_format(f: h5py.File, expected: str) -> None:
    found = _text(f.attrs.get("format", ""))
    if found != expected:
        raise FormatError(f"{f.filename}: /@format: expected \"{expected}\", found \"{found}\"")
    version = int(f.attrs.get("version", -1))
    if version != 1:
        raise FormatError(f"{f.filename}: /@version: expected 1, found {version}")


@dataclass
class Results:
    """A `racktwin solve` results file as tables (docs/file-formats.md, "Results file")."""

    path: str
    attrs: dict
    metrics: pd.DataFrame
    components: pd.DataFrame
    probes: pd.DataFrame
    patches: pd.DataFrame
    loop: dict[str, pd.DataFrame] = field(default_factory=dict)
    risk: dict[str, pd.DataFrame] = field(default_factory=dict)
    series: dict[str, pd.DataFrame] = field(default_factory=dict)
    fields: dict[str, str] = field(default_factory=dict)

    def metric(self, name: str) -> float:
        """One metric's value (unit: ``self.metric_units(name)``)."""
        row = self.metrics[self.metrics["name"] == name]
        if row.empty:
            raise KeyError(f"{self.path}: /metrics/{name}: no such metric; have {list(self.metrics['name'])}")
        return float(row["value"].iloc[0])

    def metric_units(self, name: str) -> str:
        return str(self.metrics.loc[self.metrics["name"] == name, "units"].iloc[0])

    def field(self, name: str) -> np.ndarray:
        """A cell field (`/fields/<name>`), shape [nz][ny][nx] or [ncells]; a vector field (`velocity`) has a last
        axis of 3 (x, y, z). Unit in ``self.fields[name]``."""
        with h5py.File(self.path, "r") as f:
            return f[f"fields/{name}"][...]

    def cells(self) -> pd.DataFrame:
        """The steady cell fields as one table, a row per file cell (rectilinear: index (k·ny + j)·nx + i): a column
        per scalar field (`temperature`, `region`) and `<name>_x`, `<name>_y`, `<name>_z` for a vector field
        (`velocity_x` …); units in ``df.attrs["units"]``. Transient snapshots (`temperature_<n>`) are left out."""
        columns: dict[str, np.ndarray] = {}
        units: dict[str, str] = {}
        with h5py.File(self.path, "r") as f:
            if "fields" not in f:
                raise KeyError(f"{self.path}: /fields: no cell fields (a network-only case)")
            shape = f["fields/region"].shape
            for name, d in f["fields"].items():
                if d.shape == shape:
                    columns[name] = d[...].reshape(-1)
                    units[name] = _units(d)
                elif d.shape == shape + (3,):
                    v = d[...].reshape(-1, 3)
                    for k, axis in enumerate("xyz"):
                        columns[f"{name}_{axis}"] = v[:, k]
                        units[f"{name}_{axis}"] = _units(d)
        df = pd.DataFrame(columns)
        df.attrs["units"] = units
        return df


@dataclass
class Sweep:
    """A `racktwin sweep` file as one table of points (docs/sweep-format.md)."""

    path: str
    attrs: dict
    points: pd.DataFrame
    units: dict[str, str]
    axis_columns: list[str]
    output_columns: list[str]
    axes: dict[str, np.ndarray]
    pareto: np.ndarray
    objectives: list[tuple[str, str]]

    @property
    def ok(self) -> pd.Series:
        """Rows whose status is 0 (solved)."""
        return self.points["status"] == 0

    def label(self, column: str) -> str:
        """`column [unit]`, for axis labels."""
        u = self.units.get(column, "")
        return f"{column} [{u}]" if u else column

    def pareto_front(self, a: str, goal_a: str, b: str, goal_b: str) -> np.ndarray:
        """Point indices (the `index` column) on the front of columns a and b among status-0 points, ascending."""
        return pareto_front(self.points, a, goal_a, b, goal_b)

    def plot_pareto(self, a: str | None = None, goal_a: str | None = None, b: str | None = None,
                    goal_b: str | None = None, path: str | None = None, ax=None):
        """Scatter of every solved point in (a, b) with the Pareto front highlighted; the file's objectives by
        default. Writes a PNG when `path` is given; returns the matplotlib Axes."""
        if a is None:
            if len(self.objectives) != 2:
                raise ValueError(f"{self.path}: the sweep has no objectives; name two columns and their goals")
            (a, goal_a), (b, goal_b) = self.objectives
        for name in (a, b):
            if name not in self.points.columns:
                raise KeyError(f"{self.path}: /sweep/points/{name}: no such column; have {list(self.points.columns)}")
        front = self.pareto_front(a, goal_a, b, goal_b)
        ok = self.points[self.ok]
        on = ok[ok["index"].isin(front)].sort_values(a)
        if ax is None and path:  # a figure outside pyplot: no backend change, nothing left open
            from matplotlib.figure import Figure
            ax = Figure(figsize=(6.4, 4.8)).subplots()
        elif ax is None:
            import matplotlib.pyplot as plt
            ax = plt.subplots(figsize=(6.4, 4.8))[1]
        ax.scatter(ok[a], ok[b], s=18, color="0.6", label=f"solved points ({len(ok)})")
        ax.plot(on[a], on[b], "--o", color="C3", ms=7, lw=1, label=f"Pareto front ({len(on)})")
        ax.set_xlabel(f"{self.label(a)} ({goal_a})")
        ax.set_ylabel(f"{self.label(b)} ({goal_b})")
        ax.set_title(os.path.basename(self.path))
        ax.grid(True, alpha=0.3)
        ax.legend()
        if path:
            ax.figure.tight_layout()
            ax.figure.savefig(path, dpi=120)
        return ax


def pareto_front(points: pd.DataFrame, a: str, goal_a: str, b: str, goal_b: str) -> np.ndarray:
    """Indices (`index` column) of the status-0 rows no other such row dominates in (a, b): another row dominates
    when it is at least as good in both and better in one. Rows with NaN in a or b are left out. The same rule as
    racktwin's `/sweep/pareto` (`ParetoFront`)."""
    for g in (goal_a, goal_b):
        if g not in ("minimize", "maximize"):
            raise ValueError(f"goal: expected minimize or maximize, found {g!r}")
    ok = points[(points["status"] == 0) & points[a].notna() & points[b].notna()]
    sa = 1.0 if goal_a == "minimize" else -1.0
    sb = 1.0 if goal_b == "minimize" else -1.0
    va, vb = sa * ok[a].to_numpy(float), sb * ok[b].to_numpy(float)
    keep = [i for i in range(len(ok))
            if not np.any((va <= va[i]) & (vb <= vb[i]) & ((va < va[i]) | (vb < vb[i])))]
    return np.sort(ok["index"].to_numpy(np.int64)[keep])


def _file_attrs(f: h5py.File) -> dict:
    return {k: (_text(v) if isinstance(v, (bytes, str)) else v.item() if hasattr(v, "item") else v)
            for k, v in f.attrs.items()}


def _groups_as_tables(group: h5py.Group) -> dict[str, pd.DataFrame]:
    """Every sub-group of `group` holding 1-D datasets as a table; the group's own 1-D datasets under ""."""
    out: dict[str, pd.DataFrame] = {}
    if any(isinstance(d, h5py.Dataset) and d.ndim >= 1 for d in group.values()):
        out[""] = read_table(group)
    if any(isinstance(d, h5py.Dataset) and d.ndim == 0 for d in group.values()):
        out["scalars"] = _scalars(group)
    for key, sub in group.items():
        if isinstance(sub, h5py.Group):
            for name, df in _groups_as_tables(sub).items():
                out[f"{key}/{name}" if name else key] = df
    return out


def load_results(path: str) -> Results:
    """Read a `racktwin solve` file: metrics, components, probes, patches, and `/loop`, `/risk`, `/series` when
    present (as {table name: DataFrame}, e.g. ``loop["pumps"]``); field names with their units in `fields`."""
    with h5py.File(path, "r") as f:
        _check_format(f, RESULTS_FORMAT)
        r = Results(path=path, attrs=_file_attrs(f), metrics=_scalars(f["metrics"]),
                    components=read_table(f["components"]), probes=read_table(f["probes"]),
                    patches=read_table(f["patches"]))
        if "loop" in f:
            r.loop = _groups_as_tables(f["loop"])
            r.attrs["coolant"] = _text(f["loop"].attrs.get("coolant", ""))
        if "risk" in f:
            r.risk = _groups_as_tables(f["risk"])
        if "series" in f:
            r.series = _series(f["series"])
        if "fields" in f:
            r.fields = {k: _units(d) for k, d in f["fields"].items()}
    return r


def _series(group: h5py.Group) -> dict[str, pd.DataFrame]:
    """Transient series: `time` (one column per 1-D dataset of [nt]), `snapshot_time`, and per item group a
    [time][item] table per quantity, indexed by time (s), columns named by the items (`components/max_temperature`)."""
    out: dict[str, pd.DataFrame] = {}
    time = group["time"][...] if "time" in group else None
    flat = {k: d for k, d in group.items()
            if isinstance(d, h5py.Dataset) and d.ndim == 1 and time is not None and d.shape[0] == len(time)}
    if flat:
        df = pd.DataFrame({k: d[...] for k, d in flat.items()})
        df.attrs["units"] = {k: _units(d) for k, d in flat.items()}
        out["time"] = df
    if "snapshot_time" in group:
        d = group["snapshot_time"]
        out["snapshot_time"] = pd.DataFrame({"snapshot_time": d[...]})
        out["snapshot_time"].attrs["units"] = {"snapshot_time": _units(d)}
    for key, sub in group.items():
        if isinstance(sub, h5py.Group) and "name" in sub:
            names = list(sub["name"].asstr()[...])
            for q, d in sub.items():
                if q != "name" and d.ndim == 2:
                    df = pd.DataFrame(d[...], columns=names, index=pd.Index(time, name="time"))
                    df.attrs["units"] = {n: _units(d) for n in names}
                    out[f"{key}/{q}"] = df
    return out


def load_sweep(path: str) -> Sweep:
    """Read a `racktwin sweep` (or merged) file: one row per point with `index`, the axis columns, the outputs,
    `status` (0 ok, 1 not converged, 2 bad input, 3 not run) and `message`; units per column in `units`."""
    with h5py.File(path, "r") as f:
        _check_format(f, SWEEP_FORMAT)
        g = f["sweep/points"]
        axis_columns = [c for c in _text(g.attrs.get("axis_columns", "")).split("\n") if c]
        output_columns = [c for c in _text(g.attrs.get("output_columns", "")).split("\n") if c]
        if not axis_columns:  # files without the attributes: the axes group names them
            axis_columns = list(f["sweep/axes"].keys())
        if not output_columns:
            output_columns = sorted(set(g.keys()) - set(axis_columns) - {"index", "status", "message"})
        order = ["index"] + axis_columns + output_columns + ["status", "message"]
        missing = [c for c in order if c not in g]
        if missing:
            raise FormatError(f"{path}: /sweep/points/{missing[0]}: expected a column, found none")
        rows = g["index"].shape[0]
        data, units = {}, {}
        for c in order:
            d = g[c]
            if d.shape != (rows,):
                raise FormatError(f"{path}: /sweep/points/{c}: expected {rows} rows as /sweep/points/index, "
                                  f"found shape {d.shape}")
            data[c], units[c] = _column(d), _units(d)
        points = pd.DataFrame(data)
        points.attrs["units"] = units
        axes = {k: _column(d) for k, d in f["sweep/axes"].items()}
        pareto = f["sweep/pareto"][...].astype(np.int64)
        spec = _text(f["sweep/pareto"].attrs.get("objectives", ""))
        objectives = [tuple(p.strip().split(":", 1)) for p in spec.split(",") if ":" in p]
        return Sweep(path=path, attrs=_file_attrs(f), points=points, units=units, axis_columns=axis_columns,
                     output_columns=output_columns, axes=axes, pareto=pareto, objectives=objectives)


def load(path: str) -> Results | Sweep:
    """A results file or a sweep file, by its `/@format`."""
    with h5py.File(path, "r") as f:
        kind = _text(f.attrs.get("format", ""))
    if kind == SWEEP_FORMAT:
        return load_sweep(path)
    if kind == RESULTS_FORMAT:
        return load_results(path)
    raise FormatError(f"{path}: /@format: expected \"{RESULTS_FORMAT}\" or \"{SWEEP_FORMAT}\", found \"{kind}\"")


def _with_units(df: pd.DataFrame) -> pd.DataFrame:
    """A copy whose column names carry their units, `max_temperature[degC]`, as the sweep CSV writes them."""
    u = df.attrs.get("units", {})
    return df.rename(columns={c: f"{c}[{u[c]}]" for c in df.columns if u.get(c)})


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Print a racktwin results or sweep file as tables; plot a sweep's "
                                            "Pareto front.")
    p.add_argument("file", help="racktwin solve or racktwin sweep output (.h5)")
    p.add_argument("--pareto", nargs=2, metavar="COLUMN:GOAL",
                   help="two columns with minimize|maximize (default: the sweep's objectives)")
    p.add_argument("-o", "--output", help="write the Pareto plot to this PNG (sweep files)")
    p.add_argument("--csv", metavar="DIR", help="also write every table as DIR/<table>.csv")
    a = p.parse_args(argv)
    try:
        data = load(a.file)
    except FormatError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"error: {a.file}: expected a racktwin HDF5 file, found {e}", file=sys.stderr)
        return 2
    pd.set_option("display.width", 160)
    pd.set_option("display.max_columns", 12)
    tables: dict[str, pd.DataFrame]
    if isinstance(data, Sweep):
        ok = int(data.ok.sum())
        print(f"{a.file}: sweep of {len(data.points)} points ({ok} ok), axes {data.axis_columns}, "
              f"{len(data.output_columns)} outputs; Pareto front {data.pareto.tolist()} "
              f"({', '.join(':'.join(o) for o in data.objectives) or 'no objectives'})")
        shown = ["index"] + data.axis_columns + [c for c, _ in data.objectives] + ["status"]
        print(_with_units(data.points[list(dict.fromkeys(shown))]).to_string(index=False))
        tables = {"points": data.points}
        if a.output:
            if a.pareto:
                (ca, ga), (cb, gb) = (x.split(":", 1) for x in a.pareto)
                data.plot_pareto(ca, ga, cb, gb, path=a.output)
            else:
                data.plot_pareto(path=a.output)
            print(f"wrote {a.output}")
    else:
        print(f"{a.file}: results; metrics:")
        print(data.metrics.to_string(index=False))
        tables = {"metrics": data.metrics, "components": data.components, "probes": data.probes,
                  "patches": data.patches}
        tables.update({f"loop_{k or 'loop'}".replace("/", "_"): v for k, v in data.loop.items()})
        tables.update({f"risk_{k or 'risk'}".replace("/", "_"): v for k, v in data.risk.items()})
        for name in ("components", "probes", "patches"):
            if len(tables[name]):
                print(f"\n{name}:")
                print(_with_units(tables[name]).to_string(index=False))
        for k, v in data.loop.items():
            if k in ("pumps", "manifolds") and len(v):
                print(f"\nloop/{k}:")
                print(_with_units(v).to_string(index=False))
    if a.csv:
        os.makedirs(a.csv, exist_ok=True)
        for name, df in tables.items():
            _with_units(df).to_csv(os.path.join(a.csv, f"{name}.csv"), index=False)
        print(f"wrote {len(tables)} tables to {a.csv}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
