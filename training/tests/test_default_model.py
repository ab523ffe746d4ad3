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
