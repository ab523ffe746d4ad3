import json
from pathlib import Path

import torch

from trm_lens.bench_reference import config_from_manifest, solve_once
from trm_lens.model import TRMConfig, TRMInner

MODEL_DIR = Path(__file__).resolve().parent.parent.parent / "models" / "sudoku6-tiny"


def test_the_timed_model_has_the_default_bundles_configuration():
    manifest = json.loads((MODEL_DIR / "manifest.json").read_text())
    trained = torch.load(MODEL_DIR / "checkpoint.pt", map_location="cpu")["config"]
    assert config_from_manifest(manifest) == TRMConfig.from_dict(trained)


def test_one_timed_solve_runs_the_whole_schedule():
    manifest = json.loads((MODEL_DIR / "manifest.json").read_text())
    inner = TRMInner(config_from_manifest(manifest)).eval()
    updates = []
    inner.L_level.register_forward_hook(lambda *_: updates.append(1))
    assert solve_once(inner, torch.ones(1, inner.config.seq_len, dtype=torch.long), torch.zeros(1, dtype=torch.long)) > 0
    s = manifest["schedule"]
    assert len(updates) == s["haltMaxSteps"] * s["hCycles"] * (s["lCycles"] + 1)
