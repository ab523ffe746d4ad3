"""Evaluate a 6x6 Sudoku TRM checkpoint on a seeded held-out set, always running every supervision step.

    cd training && python3 -m trm_lens.evaluate --checkpoint runs/sudoku6-tiny/latest.pt \
        --seed 2 --count 1000 --json runs/sudoku6-tiny/eval_test.json

Seeds: 0 trains, 1 is the validation set (for choices made while training), 2 is the held-out test
set (reported on the model card, never used for a choice).

Reports exact (whole grid right) and cell accuracy after supervision steps 1, 2, 4, 8 and 16, and how
the halting head (q_halt logit > 0) behaves: how often it fires on puzzles that are solved and on
those that are not, after each step, and what halting at the first firing step would give.
"""
import argparse
import json
from pathlib import Path
from typing import Dict, Optional, Sequence, Tuple

import numpy as np
import torch

from . import sudoku6
from .checkpoint import load_checkpoint
from .losses import IGNORE_LABEL_ID
from .model import TRM, TRMConfig

REPORT_STEPS = (1, 2, 4, 8, 16)


def model_from_state(state: Dict, weights: str = "ema") -> TRM:
    """The TRM of a training checkpoint's state, in eval mode; `weights` "ema" (shipped) or "model" (raw)."""
    model = TRM(TRMConfig.from_dict(state["config"]))
    model.load_state_dict(state[weights] if weights in state else state["model"])
    return model.eval()


def load_model(checkpoint: Path, weights: str = "ema") -> TRM:
    """The model to ship from one of our training checkpoints (EMA weights, eval mode)."""
    return model_from_state(load_checkpoint(checkpoint), weights)


@torch.no_grad()
def predict_steps(model: TRM, inputs: torch.Tensor, puzzle_ids: torch.Tensor, steps: int,
                  batch_size: int = 250) -> Tuple[torch.Tensor, torch.Tensor]:
    """Per example and supervision step, every step run: the predicted tokens [N, steps, seq] and q_halt
    [N, steps]."""
    inner = model.inner
    tokens_out, q_out = [], []
    for start in range(0, len(inputs), batch_size):
        tokens = inputs[start : start + batch_size]
        x = inner.input_embeddings(tokens, puzzle_ids[start : start + batch_size])
        z_H, z_L = inner.initial_state(len(tokens))
        t, q = [], []
        for _ in range(steps):
            z_H, z_L = inner.supervision_step(z_H, z_L, x)
            logits, q_logits = inner.heads(z_H)
            t.append(logits.argmax(-1))
            q.append(q_logits[:, 0])
        tokens_out.append(torch.stack(t, 1))
        q_out.append(torch.stack(q, 1))
    return torch.cat(tokens_out), torch.cat(q_out)


def run_token_steps(model: TRM, inputs: torch.Tensor, labels: torch.Tensor, puzzle_ids: torch.Tensor, steps: int,
                    batch_size: int = 250) -> Dict[str, np.ndarray]:
    """Per example and supervision step: exact [N, steps] bool (every counted cell right), cell accuracy
    [N, steps] over the counted cells (label != -100), q_halt [N, steps]."""
    predicted, q_halt = predict_steps(model, inputs, puzzle_ids, steps, batch_size)
    counted = (labels != IGNORE_LABEL_ID)[:, None, :]
    right = (predicted == labels[:, None, :]) & counted
    return {
        "exact": (right.sum(-1) == counted.sum(-1)).numpy(),
        "cell": (right.sum(-1) / counted.sum(-1).clamp_min(1)).numpy(),
        "q_halt": q_halt.numpy(),
    }


def run_steps(model: TRM, puzzles: np.ndarray, solutions: np.ndarray, steps: int, batch_size: int = 250) -> Dict[str, np.ndarray]:
    """run_token_steps on 6x6 Sudoku puzzles (values, 0 = blank) and their solutions."""
    ids = torch.zeros(len(puzzles), dtype=torch.int64)
    return run_token_steps(model, torch.from_numpy(sudoku6.to_tokens(puzzles)),
                           torch.from_numpy(sudoku6.to_tokens(solutions)), ids, steps, batch_size)


def summarize(r: Dict[str, np.ndarray]) -> Dict:
    exact, cell, fires = r["exact"], r["cell"], r["q_halt"] > 0
    n, steps = exact.shape

    def rate(mask: np.ndarray, of: np.ndarray) -> Optional[float]:
        return float((mask & of).sum() / of.sum()) if of.sum() else None

    per_step = []
    for s in range(steps):
        per_step.append({
            "step": s + 1,
            "exact": float(exact[:, s].mean()),
            "cell": float(cell[:, s].mean()),
            "halt_fires": float(fires[:, s].mean()),
            "halt_fires_when_solved": rate(fires[:, s], exact[:, s]),
            "halt_fires_when_unsolved": rate(fires[:, s], ~exact[:, s]),
            "halt_right": float((fires[:, s] == exact[:, s]).mean()),
        })
    # What a user sees with the engine's rule: stop at the first step whose q_halt > 0 (else the last).
    first = np.where(fires.any(1), fires.argmax(1), steps - 1)
    halted_exact = exact[np.arange(n), first]
    return {
        "puzzles": n,
        "supervision_steps": steps,
        "per_step": per_step,
        "halt_rule": {
            "mean_halt_step": float((first + 1).mean()),
            "never_fires": float((~fires.any(1)).mean()),
            "exact_at_halt": float(halted_exact.mean()),
        },
        # Over every (puzzle, step) pair: is the halting head's call (fire / not) right, and how often
        # does it fire on the grids that are right and on those that are not?
        "halt_right_all_steps": float((fires == exact).mean()),
        "halt_fires_when_solved_all_steps": rate(fires, exact),
        "halt_fires_when_unsolved_all_steps": rate(fires, ~exact),
    }


def evaluate(checkpoint: Path, seed: int, count: int, steps: int = 16, weights: str = "ema") -> Dict:
    state = load_checkpoint(checkpoint)
    model = model_from_state(state, weights)
    puzzles, solutions = sudoku6.generate(seed, count)
    summary = summarize(run_steps(model, puzzles, solutions, steps))
    summary.update({
        "checkpoint": Path(checkpoint).name,
        "weights": weights if weights in state else "model",
        "train_step": state.get("step"),
        "train_seconds": state.get("train_seconds"),
        "seed": seed,
    })
    return summary


def format_report(s: Dict) -> str:
    fmt = lambda v: "  n/a " if v is None else f"{100 * v:5.1f}%"  # noqa: E731
    lines = [f"{s['puzzles']} puzzles (seed {s['seed']}), {s['supervision_steps']} supervision steps,"
             f" checkpoint {s['checkpoint']} ({s['weights']} weights, train step {s['train_step']})",
             "step  exact   cell    halt fires: solved / unsolved"]
    for row in s["per_step"]:
        if row["step"] in REPORT_STEPS or row["step"] == s["supervision_steps"]:
            lines.append(f"{row['step']:4d}  {100 * row['exact']:5.1f}%  {100 * row['cell']:5.1f}%"
                         f"   {fmt(row['halt_fires_when_solved'])} / {fmt(row['halt_fires_when_unsolved'])}")
    h = s["halt_rule"]
    lines.append(f"halting at the first q_halt > 0: mean step {h['mean_halt_step']:.2f}, exact there"
                 f" {100 * h['exact_at_halt']:.1f}%, never fires {100 * h['never_fires']:.1f}%")
    lines.append(f"over all (puzzle, step) pairs: halting head right {100 * s['halt_right_all_steps']:.1f}%, fires on"
                 f" {fmt(s['halt_fires_when_solved_all_steps'])} of solved and {fmt(s['halt_fires_when_unsolved_all_steps'])}"
                 " of unsolved grids")
    return "\n".join(lines)


def main(argv: Optional[Sequence[str]] = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", required=True)
    ap.add_argument("--seed", type=int, default=sudoku6.VALIDATION_SEED)
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--steps", type=int, default=16)
    ap.add_argument("--weights", choices=["ema", "model"], default="ema")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--json", help="write the summary here")
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    summary = evaluate(Path(args.checkpoint), args.seed, args.count, args.steps, args.weights)
    print(format_report(summary))
    if args.json:
        Path(args.json).write_text(json.dumps(summary, indent=2) + "\n")


if __name__ == "__main__":
    main()
