#!/usr/bin/env python3
"""Writes the binary HDF5 files of the mesh corpus that racktwin's own writer cannot produce
(other element types, huge declared shapes with no data behind them, links, null dataspaces).

Run from this folder: `python3 make-binary-corpus.py` (needs h5py). The other malformed mesh files are
generated at test time from recipes in `Tests/racktwinTests/CorpusReplayTests.swift`.
Each file's `expect` attribute is not used; the expected text is in the `.expect` sidecar.
"""
import h5py
import numpy as np


def rectilinear(name, skip=(), expect=""):
    f = h5py.File(name, "w", track_order=False)
    f.attrs["format"] = "racktwin.mesh"
    f.attrs["version"] = np.int64(1)
    m = f.create_group("mesh")
    m.attrs["kind"] = "rectilinear"
    axes = {"x": [0, 1e-3, 2e-3], "y": [0, 1e-3], "z": [0, 1e-3]}
    for a, v in axes.items():
        if a not in skip:
            m.create_dataset(a, data=np.array(v, dtype="f8"))
    if "region" not in skip:
        m.create_dataset("region", data=np.ones((1, 1, 2), dtype="i4"))
    g = f.create_group("regions/solid")
    g.attrs["id"] = np.int32(1)
    g.attrs["kind"] = "solid"
    g.attrs["material"] = "copper"
    open(name[:-3] + ".expect", "w").write(expect + "\n")
    return f


def unstructured(name, skip=(), expect=""):
    f = h5py.File(name, "w")
    f.attrs["format"] = "racktwin.mesh"
    f.attrs["version"] = np.int64(1)
    m = f.create_group("mesh")
    m.attrs["kind"] = "unstructured"
    data = {
        "points": np.array([[0, 0, 0], [1e-3, 0, 0], [0, 1e-3, 0], [0, 0, 1e-3]], dtype="f8"),
        "connectivity": np.array([0, 1, 2, 3], dtype="i8"),
        "offsets": np.array([0, 4], dtype="i8"),
        "types": np.array([10], dtype="u1"),
        "region": np.array([1], dtype="i4"),
    }
    for k, v in data.items():
        if k not in skip:
            m.create_dataset(k, data=v)
    g = f.create_group("regions/solid")
    g.attrs["id"] = np.int32(1)
    g.attrs["kind"] = "solid"
    g.attrs["material"] = "copper"
    open(name[:-3] + ".expect", "w").write(expect + "\n")
    return f


with rectilinear("001-x-declares-2^40-nodes-with-no-data.h5", skip=("x",), expect="/mesh/x") as f:
    f["mesh"].create_dataset("x", shape=(2**40,), dtype="f8", chunks=(1024,))
with rectilinear("002-region-shape-product-overflows-int64.h5", skip=("region",), expect="/mesh/region") as f:
    f["mesh"].create_dataset("region", shape=(2**30, 2**30, 2**30), dtype="i4", chunks=(1, 1, 1024))
with unstructured("003-connectivity-declares-2^50-entries.h5", skip=("connectivity",), expect="/mesh/connectivity") as f:
    f["mesh"].create_dataset("connectivity", shape=(2**50,), dtype="i8", chunks=(4096,))
with rectilinear("004-x-float32.h5", skip=("x",), expect="/mesh/x") as f:
    f["mesh"].create_dataset("x", data=np.array([0, 1e-3, 2e-3], dtype="f4"))
with rectilinear("005-region-int64.h5", skip=("region",), expect="/mesh/region") as f:
    f["mesh"].create_dataset("region", data=np.ones((1, 1, 2), dtype="i8"))
with unstructured("006-types-int8.h5", skip=("types",), expect="/mesh/types") as f:
    f["mesh"].create_dataset("types", data=np.array([10], dtype="i1"))
with rectilinear("007-region-strings.h5", skip=("region",), expect="/mesh/region") as f:
    f["mesh"].create_dataset("region", data=np.array([[["a", "b"]]], dtype="S1"))
with rectilinear("008-region-compound.h5", skip=("region",), expect="/mesh/region") as f:
    f["mesh"].create_dataset("region", data=np.zeros((1, 1, 2), dtype=[("a", "i4"), ("b", "f8")]))
with rectilinear("009-version-array-of-two.h5", expect="/@version") as f:
    f.attrs["version"] = np.array([1, 1], dtype="i8")
with rectilinear("010-mesh-external-link-to-missing-file.h5", expect="/mesh") as f:
    del f["mesh"]
    f["mesh"] = h5py.ExternalLink("does-not-exist.h5", "/mesh")
with rectilinear("011-mesh-soft-link-to-itself.h5", expect="/mesh") as f:
    del f["mesh"]
    f["mesh"] = h5py.SoftLink("/mesh")
with rectilinear("012-x-null-dataspace.h5", skip=("x",), expect="/mesh/x") as f:
    f["mesh"].create_dataset("x", data=h5py.Empty("f8"))
with rectilinear("013-x-scalar.h5", skip=("x",), expect="/mesh/x") as f:
    f["mesh"].create_dataset("x", data=np.float64(0.0))
with rectilinear("014-kind-is-an-integer.h5", expect="/mesh@kind") as f:
    f["mesh"].attrs["kind"] = np.array([5], dtype="i4")
with unstructured("015-points-declares-2^40-rows.h5", skip=("points",), expect="/mesh/points") as f:
    f["mesh"].create_dataset("points", shape=(2**40, 3), dtype="f8", chunks=(1024, 3))
with rectilinear("016-format-attribute-is-integer.h5", expect="/@format") as f:
    f.attrs["format"] = np.int64(7)
with rectilinear("017-region-bitfield-enum.h5", skip=("region",), expect="/mesh/region") as f:
    f["mesh"].create_dataset("region", data=np.ones((1, 1, 2), dtype="i4"), dtype=h5py.enum_dtype({"a": 1}, basetype="i4"))
