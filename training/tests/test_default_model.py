import json
from pathlib import Path

import pytest

from trm_lens import sudoku6
from trm_lens.evaluate import load_model, run_steps

MODEL_DIR = Path(__file__).resolve().parent.parent.parent / "models" / "sudoku6-tiny"


@pytest.mark.skipif(not (MODEL_DIR / "checkpoint.pt").exists(), reason="no committed default model")
def test_committed_model_solves_held_out_puzzles_over_several_steps():
    model = load_model(MODEL_DIR / "checkpoint.pt")
    puzzles, solutions = sudoku6.generate(sudoku6.TEST_SEED, 100)
    r = run_steps(model, puzzles, solutions, steps=4)
    exact = r["exact"].mean(0)
    assert exact[3] >= 0.95
    assert exact[0] <= exact[3] - 0.1  # the recursion does part of the work
    fires_when_right = (r["q_halt"] > 0)[r["exact"]].mean()
    assert fires_when_right >= 0.8
    card = json.loads((MODEL_DIR / "card.json").read_text())
    assert card["parameters"] == sum(p.numel() for p in model.parameters())


@pytest.mark.skipif(not (MODEL_DIR / "checkpoint.pt").exists(), reason="no committed default model")
def test_committed_checkpoint_names_no_path_of_the_machine_it_was_trained_on():
    import torch

    args = torch.load(MODEL_DIR / "checkpoint.pt", map_location="cpu")["args"]
    paths = {k: v for k, v in args.items() if isinstance(v, str) and ("/" in v or "\\" in v)}
    assert paths, "expected the run's folders among the stored arguments"
    assert all(not Path(v).is_absolute() and ":\\" not in v for v in paths.values()), paths
