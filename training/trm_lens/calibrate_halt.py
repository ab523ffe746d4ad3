"""Calibrate the halting threshold of a trained checkpoint on the validation seed.

    cd training && python3 -m trm_lens.calibrate_halt --checkpoint runs/sudoku6-tiny/step_N.pt \
        --out runs/sudoku6-tiny/calibrated.pt

The halting BCE makes q_halt the log-odds that the grid is right, so "q_halt > 0" fires at 50 %
confidence, and on a nearly solved grid that is often wrong. A debugger user wants the head to fire
only when the grid is right, so this picks the smallest threshold t (on a 0.25 grid) at which, over
every (puzzle, supervision step) pair of the validation set, the head fires on at most
--max-unsolved-fire of the wrong grids, and folds it into the checkpoint by lowering the halt logit's
bias by t. The rule stays "halt when q_halt > 0", so the bundle and the engine need nothing new.
The held-out test seed is never looked at here.
"""
import argparse
from pathlib import Path
from typing import Optional, Sequence

import numpy as np
import torch

from . import sudoku6
from .checkpoint import load_checkpoint, save_checkpoint
from .evaluate import model_from_state, run_steps

WEIGHTS = "ema"


def choose_threshold(exact: np.ndarray, q_halt: np.ndarray, max_unsolved_fire: float, grid: float = 0.25) -> float:
    wrong = ~exact
    t = 0.0
    while wrong.any() and ((q_halt > t) & wrong).sum() / wrong.sum() > max_unsolved_fire:
        t += grid
    return t


def main(argv: Optional[Sequence[str]] = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--count", type=int, default=1000, help="validation puzzles")
    ap.add_argument("--steps", type=int, default=16)
    ap.add_argument("--max-unsolved-fire", type=float, default=0.05)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)

    state = load_checkpoint(args.checkpoint)
    if "halt_bias_shift" in state:
        raise SystemExit(f"{args.checkpoint} is already calibrated (shift {state['halt_bias_shift']})")
    model = model_from_state(state, WEIGHTS)
    puzzles, solutions = sudoku6.generate(sudoku6.VALIDATION_SEED, args.count)
    r = run_steps(model, puzzles, solutions, args.steps)
    t = choose_threshold(r["exact"], r["q_halt"], args.max_unsolved_fire)
    fires = r["q_halt"] > t
    print(f"threshold {t}: fires on {100 * fires[r['exact']].mean():.1f}% of right and"
          f" {100 * fires[~r['exact']].mean():.1f}% of wrong grids (validation seed {sudoku6.VALIDATION_SEED})")

    for key in ("model", "ema"):
        state[key]["inner.q_head.bias"] = state[key]["inner.q_head.bias"].clone()
        state[key]["inner.q_head.bias"][0] -= t
    state["halt_bias_shift"] = t
    state["halt_calibration"] = {"seed": sudoku6.VALIDATION_SEED, "puzzles": args.count,
                                 "max_unsolved_fire": args.max_unsolved_fire, "source": Path(args.checkpoint).name}
    save_checkpoint(args.out, state)


if __name__ == "__main__":
    main()
