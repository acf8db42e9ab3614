#!/usr/bin/env python3
"""Checks racktwin_results against the HDF5 datasets themselves, read with h5py.

Files come from the environment (several paths joined by ':' each):
  RACKTWIN_SWEEP_FILE    `racktwin sweep` outputs
  RACKTWIN_RESULTS_FILE  `racktwin solve` outputs (a network-only case's file exercises /loop)
A test whose variable is unset is skipped; with both unset every test is skipped, so a run meant to check files sets
them. Run: `RACKTWIN_SWEEP_FILE=s.h5 RACKTWIN_RESULTS_FILE=r.h5 python3 -m unittest -v test_racktwin_results`
(or pytest). The Swift test `PythonReaderTests` runs it on fresh files under `RACKTWIN_HEAVY=1`.
"""

import contextlib
import io
import math
import os
import sys
import tempfile
import unittest

import h5py
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import racktwin_results as rr  # noqa: E402


def _paths(variable):
    return [p for p in os.environ.get(variable, "").split(os.pathsep) if p]


def _first_line(path):
    with open(path) as fh:
        return fh.readline().strip()


def _quiet_main(args):
    """racktwin_results.main with its printout kept out of the test log."""
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return rr.main(args)


def _same(testcase, got, expected, what):
    """Equal element by element, NaN equal to NaN (values are copied, not computed: no tolerance)."""
    got, expected = np.asarray(got), np.asarray(expected)
    testcase.assertEqual(got.shape, expected.shape, what)
    if expected.dtype.kind == "f":
        np.testing.assert_array_equal(got.astype(float), expected, err_msg=what)
    else:
        testcase.assertEqual(list(got), list(expected), what)


class SweepFileTests(unittest.TestCase):
    def setUp(self):
        self.files = _paths("RACKTWIN_SWEEP_FILE")
        if not self.files:
            self.skipTest("set RACKTWIN_SWEEP_FILE to a `racktwin sweep` output")

    def test_points_table_matches_every_dataset_with_units(self):
        for path in self.files:
            s = rr.load(path)
            self.assertIsInstance(s, rr.Sweep)
            with h5py.File(path, "r") as f:
                g = f["sweep/points"]
                rows = g["index"].shape[0]
                self.assertGreater(rows, 0, path)
                self.assertEqual(s.points.shape, (rows, len(g)), f"{path}: one column per /sweep/points dataset")
                self.assertEqual(set(s.points.columns), set(g.keys()))
                self.assertEqual(list(s.points.columns[:1 + len(s.axis_columns)]), ["index"] + s.axis_columns)
                self.assertEqual(list(s.points.columns[-2:]), ["status", "message"])
                self.assertEqual(set(s.axis_columns), set(f["sweep/axes"].keys()))
                for name, d in g.items():
                    what = f"{path}: /sweep/points/{name}"
                    if h5py.check_string_dtype(d.dtype) is None:
                        self.assertEqual(s.units[name], d.attrs["units"], what)
                        self.assertEqual(s.points.attrs["units"][name], d.attrs["units"], what)
                        _same(self, s.points[name].to_numpy(), d[...], what)
                    else:
                        _same(self, s.points[name].to_numpy(), d.asstr()[...], what)
                self.assertEqual(str(s.points["status"].dtype), "int8")
                self.assertEqual(s.units["index"], "1")
                # Units the docs fix: temperatures in degC, margins in K, powers in W.
                for name in s.output_columns:
                    if name == "max_temperature" or name.endswith(("_temperature", ".temperature")):
                        self.assertEqual(s.units[name], "degC", name)
                    if name.endswith(".margin"):
                        self.assertEqual(s.units[name], "K", name)
                    if name in ("power", "heat_in", "heat_out", "pump_power") or name.endswith(".heat_in"):
                        self.assertEqual(s.units[name], "W", name)
                for name, d in f["sweep/axes"].items():
                    _same(self, s.axes[name], d.asstr()[...] if h5py.check_string_dtype(d.dtype) else d[...], name)
                    # Every distinct value an axis takes in the points is one of /sweep/axes/<name>.
                    self.assertTrue(set(np.unique(s.points[name])) <= set(np.asarray(s.axes[name]).tolist()), name)
                _same(self, s.pareto, f["sweep/pareto"][...], f"{path}: /sweep/pareto")

    def test_pareto_front_recomputed_equals_the_files_and_plots(self):
        for path in self.files:
            s = rr.load_sweep(path)
            if len(s.objectives) != 2:
                continue
            (a, ga), (b, gb) = s.objectives
            with h5py.File(path, "r") as f:
                expected = f["sweep/pareto"][...]
            front = s.pareto_front(a, ga, b, gb)
            _same(self, front, expected, f"{path}: the reader's front of {s.objectives} against /sweep/pareto")
            self.assertGreater(len(front), 0)
            # No solved point dominates a front point, and every solved point off the front is dominated.
            ok = s.points[s.ok]
            sa, sb = (1 if ga == "minimize" else -1), (1 if gb == "minimize" else -1)
            for _, row in ok.iterrows():
                dominated = ((sa * ok[a] <= sa * row[a]) & (sb * ok[b] <= sb * row[b])
                             & ((sa * ok[a] < sa * row[a]) | (sb * ok[b] < sb * row[b]))).any()
                self.assertEqual(bool(dominated), row["index"] not in front, f"point {row['index']}")
            with tempfile.TemporaryDirectory() as d:
                png = os.path.join(d, "pareto.png")
                ax = s.plot_pareto(a, ga, b, gb, path=png)
                with open(png, "rb") as fh:
                    self.assertEqual(fh.read(8), b"\x89PNG\r\n\x1a\n")
                self.assertIn(f"[{s.units[a]}]", ax.get_xlabel())
                self.assertIn(f"[{s.units[b]}]", ax.get_ylabel())
                self.assertEqual(_quiet_main([path, "-o", os.path.join(d, "cli.png"), "--csv", d]), 0)
                header = _first_line(os.path.join(d, "points.csv"))
                self.assertIn(f"{a}[{s.units[a]}]", header)


class ResultsFileTests(unittest.TestCase):
    def setUp(self):
        self.files = _paths("RACKTWIN_RESULTS_FILE")
        if not self.files:
            self.skipTest("set RACKTWIN_RESULTS_FILE to a `racktwin solve` output")

    def check_table(self, df, group, path):
        """Row count, one column per dataset (k columns for a [n][k] one), values and units as in the file."""
        rows = group["name"].shape[0]
        self.assertEqual(len(df), rows, f"{path}: {group.name}")
        self.assertEqual(df.columns[0], "name")
        _same(self, df["name"].to_numpy(), group["name"].asstr()[...], f"{path}: {group.name}/name")
        for key, d in group.items():
            if not isinstance(d, h5py.Dataset) or key == "name":
                continue
            what = f"{path}: {d.name}"
            if d.ndim == 1:
                _same(self, df[key].to_numpy(), d.asstr()[...] if h5py.check_string_dtype(d.dtype) else d[...], what)
                self.assertEqual(df.attrs["units"][key], d.attrs.get("units", ""), what)
            else:
                cols = [c for c in df.columns if c.startswith(key + "_")]
                self.assertEqual(len(cols), d.shape[1], what)
                _same(self, df[cols].to_numpy(), d[...], what)
                self.assertEqual({df.attrs["units"][c] for c in cols}, {d.attrs["units"]}, what)

    def test_tables_match_the_datasets_with_units(self):
        for path in self.files:
            r = rr.load(path)
            self.assertIsInstance(r, rr.Results)
            with h5py.File(path, "r") as f:
                m = f["metrics"]
                self.assertEqual(len(r.metrics), len(m), path)
                self.assertGreater(len(m), 0, path)
                for name, d in m.items():
                    self.assertEqual(d.shape, (), name)
                    v = r.metric(name)
                    self.assertTrue(v == d[()] or (math.isnan(v) and math.isnan(d[()])), name)
                    self.assertEqual(r.metric_units(name), d.attrs["units"], name)
                for name in ("max_temperature", "loop_supply_temperature", "loop_return_temperature"):
                    if name in m:
                        self.assertEqual(r.metric_units(name), "degC")
                self.check_table(r.components, f["components"], path)
                self.check_table(r.probes, f["probes"], path)
                self.check_table(r.patches, f["patches"], path)
                self.assertEqual(r.components.attrs["units"]["max_temperature"], "degC")
                self.assertEqual(r.components.attrs["units"]["margin"], "K")
                self.assertEqual(r.probes.attrs["units"]["position_x"], "m")
                self.assertEqual(r.patches.attrs["units"]["area"], "m^2")
                if len(r.components):
                    # The margin is limit - max, where there is a limit (docs/file-formats.md): 1e-9 K covers the
                    # round-off of one subtraction of temperatures near 100 degC.
                    c = r.components.dropna(subset=["limit"])
                    np.testing.assert_allclose(c["margin"], c["limit"] - c["max_temperature"], atol=1e-9)
                self.assertEqual("loop" in f, bool(r.loop), path)
                if "loop" in f:
                    self.assertEqual(set(r.loop), set(f["loop"].keys()))
                    for key in f["loop"]:
                        self.check_table(r.loop[key], f["loop"][key], path)
                    self.assertEqual(r.loop["pumps"].attrs["units"]["flow"], "m^3/s")
                    self.assertEqual(r.loop["elements"].attrs["units"]["inlet_temperature"], "degC")
                    self.assertEqual(r.attrs["coolant"], f["loop"].attrs["coolant"])
                if "series" in f:  # transient: [time][item] tables, indexed by /series/time
                    time = f["series/time"][...]
                    for key in ("components", "probes"):
                        names = list(f[f"series/{key}/name"].asstr()[...])
                        for q, d in f[f"series/{key}"].items():
                            if q == "name":
                                continue
                            df = r.series[f"{key}/{q}"]
                            self.assertEqual(list(df.columns), names, d.name)
                            _same(self, df.to_numpy(), d[...], d.name)
                            _same(self, df.index.to_numpy(), time, d.name)
                            self.assertEqual(set(df.attrs["units"].values()) or {d.attrs["units"]},
                                             {d.attrs["units"]}, d.name)
                if "fields" in f:
                    self.assertEqual(r.fields["temperature"], "degC")
                    t = r.field("temperature")
                    self.assertEqual(t.shape, f["fields/region"].shape)
                    # The hottest cell is the max_temperature metric (NaN in void cells).
                    self.assertEqual(np.nanmax(t), r.metric("max_temperature"))
                    cells = r.cells()
                    _same(self, cells["temperature"].to_numpy(), t.reshape(-1), path)
                    self.assertEqual(cells.attrs["units"]["temperature"], "degC")
                    if "velocity" in f["fields"]:  # a vector field: [cells][3], three columns in m/s
                        u = f["fields/velocity"]
                        self.assertEqual(u.shape, t.shape + (3,), path)
                        self.assertEqual(u.attrs["units"], "m/s", path)
                        for k, axis in enumerate("xyz"):
                            _same(self, cells[f"velocity_{axis}"].to_numpy(), u[...].reshape(-1, 3)[:, k], path)
                            self.assertEqual(cells.attrs["units"][f"velocity_{axis}"], "m/s")

    def test_cli_prints_and_writes_csv(self):
        for path in self.files:
            with tempfile.TemporaryDirectory() as d:
                self.assertEqual(_quiet_main([path, "--csv", d]), 0)
                header = _first_line(os.path.join(d, "metrics.csv"))
                self.assertEqual(header, "name,value,units")
                if rr.load(path).components.shape[0]:
                    self.assertIn("max_temperature[degC]", _first_line(os.path.join(d, "components.csv")))


class BadInputTests(unittest.TestCase):
    def test_other_files_are_refused_naming_the_file(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "mesh.h5")
            with h5py.File(path, "w") as f:
                f.attrs["format"] = "racktwin.mesh"
            with self.assertRaisesRegex(rr.FormatError, r"mesh\.h5: /@format: expected \"racktwin.results\""):
                rr.load(path)
            self.assertEqual(_quiet_main([path]), 2)


if __name__ == "__main__":
    unittest.main()
