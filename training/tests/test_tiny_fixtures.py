"""The committed tiny fixtures (test/fixtures/tiny-*) are what tiny_fixtures.py writes, and an embed graph without
a puzzle-embedding table takes `puzzle_ids` (format version 1), even with no puzzle embedding to use it."""
import json
from pathlib import Path

import numpy as np
import onnx
from onnx import numpy_helper
import pytest

from trm_lens import tiny_fixtures

COMMITTED = Path(__file__).resolve().parents[2] / "test" / "fixtures"


def _initializers(path):
    return {t.name: numpy_helper.to_array(t) for t in onnx.load(str(path)).graph.initializer}


@pytest.mark.parametrize("name", sorted(tiny_fixtures.SPECS))
def test_the_committed_tiny_fixture_is_what_the_script_writes(tmp_path, name):
    # What the script decides (manifest, records, tokens, weights) must be equal; the weights come from the seeded
    # RNG, not from BLAS, so they are equal on any CPU. The reference tensors are computed through BLAS, whose
    # kernels round differently on Intel and AMD; the mlp_t recursion amplifies that to 8e-5 of a tensor's
    # largest value after 3 supervision steps. A script that changed shows up as an O(1) difference.
    tiny_fixtures.build(name, tmp_path)
    ours, theirs = tmp_path / name, COMMITTED / name
    assert json.loads((ours / "bundle/manifest.json").read_text()) == json.loads((theirs / "bundle/manifest.json").read_text())
    fixture = json.loads((theirs / "parity/parity.json").read_text())
    regenerated = json.loads((ours / "parity/parity.json").read_text())
    assert regenerated == fixture
    for graph in sorted(set(json.loads((theirs / "bundle/manifest.json").read_text())["graphs"].values())):
        onnx.checker.check_model(onnx.load(str(theirs / "bundle" / graph)))
        a, b = _initializers(ours / "bundle" / graph), _initializers(theirs / "bundle" / graph)
        assert a.keys() == b.keys()
        for key in b:
            assert np.array_equal(a[key], b[key]), f"{graph}: initializer {key} differs"
    table = json.loads((theirs / "bundle/manifest.json").read_text())["identifiers"].get("table")
    if table:
        assert (ours / "bundle" / table["file"]).read_bytes() == (theirs / "bundle" / table["file"]).read_bytes()
    a = np.fromfile(ours / "parity/parity.bin", "<f4")
    b = np.fromfile(theirs / "parity/parity.bin", "<f4")
    assert a.shape == b.shape
    for r in fixture["records"]:
        start, n = r["offset"] // 4, int(np.prod(r["shape"]))
        x, y = a[start:start + n], b[start:start + n]
        assert np.abs(x - y).max() <= 1e-3 * np.abs(y).max(), f"{r['kind']} {r['tensor']} at supervision step {r['supStep']}"


def test_an_embed_graph_without_puzzle_embedding_still_takes_puzzle_ids(tmp_path):
    tiny_fixtures.build("tiny-trm", tmp_path)
    graph = onnx.load(str(tmp_path / "tiny-trm" / "bundle" / "embed.onnx")).graph
    assert [i.name for i in graph.input] == ["tokens", "puzzle_ids"]
    assert graph.input[1].type.tensor_type.shape.dim[0].dim_param == "batch"


def test_the_tiny_arc_fixture_encodes_its_grid_with_eos_and_names_its_identifiers():
    manifest = json.loads((COMMITTED / "tiny-arc" / "bundle" / "manifest.json").read_text())
    assert manifest["identifiers"] == {"scope": "file", "names": ["<blank>", "taskA", "taskB"], "table": {
        "file": "puzzle_emb.f32", "dtype": "float32", "rows": 3, "dim": 32}}
    assert manifest["architecture"]["puzzleEmbLen"] == 2 and manifest["encoding"]["layout"] == "arc-eos"
    tokens = json.loads((COMMITTED / "tiny-arc" / "parity" / "parity.json").read_text())["tokens"][0]
    rows = [tokens[r * 8:(r + 1) * 8] for r in range(8)]
    assert all(row[6] == 1 for row in rows[:5]) and rows[5][:6] == [1] * 6
    assert rows[5][6] == 0 and all(t == 0 for row in rows[6:] for t in row)
    assert all(2 <= t <= 11 for row in rows[:5] for t in row[:6])
