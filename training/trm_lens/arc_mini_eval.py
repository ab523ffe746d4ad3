"""Evaluate an ARC-miniature checkpoint on its tasks' held-out test inputs, every supervision step run.

    cd training && python3 -m trm_lens.arc_mini_eval --checkpoint runs/arc-mini/latest.pt \
        --arc-data DIR --json runs/arc-mini/eval_test.json

Each test input of each chosen task (never trained on) runs under every augmentation the model has an
embedding for; each augmentation's answer is mapped back to the original orientation and colours. Per
supervision step it reports:
- single pass: exact and cell accuracy of the plain task identifier alone (what one Solve shows);
- voted pass@1 / pass@2: the augmentations' answers grouped when identical, ranked by votes, then by mean
  sigmoid(q_halt), as TRM's ARC evaluator ranks them (TRM Lens's `trm-lens vote` is the product's own
  implementation of that rule; this module gives the same figure per step for the card);
- the halting head: how often q_halt > 0 fires on right and on wrong plain answers.

The task set, augmentations and identifiers are rebuilt from the checkpoint's own arguments, so the figures
are of the inputs the model never saw, under the names it was trained with.
"""
import argparse
import json
from collections import defaultdict
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np
import torch

from . import arc_mini
from .checkpoint import load_checkpoint
from .evaluate import model_from_state, predict_steps

DIHEDRAL_INVERSE = (0, 3, 2, 1, 4, 5, 6, 7)  # rotations by 90 and 270 undo each other; flips undo themselves


def undo(augmentation: arc_mini.Augmentation, grid: np.ndarray) -> np.ndarray:
    """The grid in the original orientation and colours (the inverse of Augmentation.apply)."""
    inverse_colours = np.argsort(augmentation.colours)
    return inverse_colours[arc_mini.dihedral_transform(grid, DIHEDRAL_INVERSE[augmentation.dihedral])]


def ranked(answers: List[Tuple[np.ndarray, float]]) -> List[np.ndarray]:
    """Distinct answers, most votes first, ties by the higher mean sigmoid(q_halt)."""
    groups: Dict[Tuple, List] = defaultdict(lambda: [None, 0, 0.0])
    for grid, q in answers:
        group = groups[(grid.shape, grid.tobytes())]
        group[0], group[1], group[2] = grid, group[1] + 1, group[2] + 1 / (1 + np.exp(-q))
    order = sorted(groups.values(), key=lambda g: (-g[1], -g[2] / g[1]))
    return [g[0] for g in order]


def evaluate(checkpoint: Path, arc_data: Path, steps: int, weights: str = "ema") -> Dict:
    state = load_checkpoint(checkpoint)
    args = state["args"]
    model = model_from_state(state, weights)
    tasks = arc_mini.load_tasks(arc_data)
    data = arc_mini.build(tasks, args["arc_canvas"], args["arc_tasks"], args["arc_augmentations"], args["seed"])
    rows = {name: i for i, name in enumerate(data.names)}
    canvas = data.canvas
    records = []  # per test input: task id, plain exact/cell per step, voted top-2 hit per step, plain q
    for task in data.tasks:
        augmentations = [(arc_mini.Augmentation.from_name(n)[1], i) for n, i in rows.items()
                         if n != arc_mini.BLANK and arc_mini.Augmentation.from_name(n)[0] == task.id]
        for test_input, test_output in task.test:
            inputs = torch.from_numpy(np.stack([arc_mini.encode(a.apply(test_input), canvas) for a, _ in augmentations]))
            ids = torch.tensor([i for _, i in augmentations], dtype=torch.int64)
            tokens, q_halt = predict_steps(model, inputs, ids, steps)
            plain = next(k for k, (_, i) in enumerate(augmentations) if data.names[i] == task.id)
            per_step = []
            for s in range(steps):
                answers = [(undo(a, arc_mini.decode(tokens[k, s].numpy(), canvas)), float(q_halt[k, s]))
                           for k, (a, _) in enumerate(augmentations)]
                mine = answers[plain][0]
                top = ranked(answers)
                same = mine.shape == test_output.shape
                per_step.append({
                    "exact": bool(same and np.array_equal(mine, test_output)),
                    "cell": float((mine == test_output).mean()) if same else 0.0,
                    "pass1": bool(np.array_equal(top[0], test_output)),
                    "pass2": any(np.array_equal(g, test_output) for g in top[:2]),
                    "any": any(np.array_equal(g, test_output) for g, _ in answers),
                    "fires": float(q_halt[plain, s]) > 0,
                })
            records.append({"task": task.id, "augmentations": len(augmentations), "per_step": per_step})
    return summarize(records, state, checkpoint, weights)


def summarize(records: List[Dict], state: Dict, checkpoint: Path, weights: str) -> Dict:
    steps = len(records[0]["per_step"])
    mean = lambda key, s: float(np.mean([r["per_step"][s][key] for r in records]))  # noqa: E731

    def fires_when(s: int, solved: bool) -> Optional[float]:
        rows = [r["per_step"][s] for r in records if r["per_step"][s]["exact"] == solved]
        return float(np.mean([row["fires"] for row in rows])) if rows else None

    return {
        "checkpoint": Path(checkpoint).name,
        "weights": weights if weights in state else "model",
        "train_step": state.get("step"),
        "train_seconds": state.get("train_seconds"),
        "test_inputs": len(records),
        "tasks": len({r["task"] for r in records}),
        "augmentations_per_task": records[0]["augmentations"],
        "supervision_steps": steps,
        "per_step": [{
            "step": s + 1,
            "exact": mean("exact", s),
            "cell": mean("cell", s),
            "voted_pass1": mean("pass1", s),
            "voted_pass2": mean("pass2", s),
            "any_augmentation": mean("any", s),
            "halt_fires_when_solved": fires_when(s, True),
            "halt_fires_when_unsolved": fires_when(s, False),
        } for s in range(steps)],
        "per_task": {r["task"]: {"exact_last": r["per_step"][-1]["exact"], "pass2_last": r["per_step"][-1]["pass2"]}
                     for r in records},
    }


def format_report(s: Dict) -> str:
    fmt = lambda v: "  n/a " if v is None else f"{100 * v:5.1f}%"  # noqa: E731
    lines = [f"{s['test_inputs']} held-out test inputs of {s['tasks']} tasks, {s['augmentations_per_task']}"
             f" augmentations each, checkpoint {s['checkpoint']} ({s['weights']} weights, step {s['train_step']})",
             "step  single exact  cell    voted pass@1  pass@2  any aug   halt fires: solved / unsolved"]
    for row in s["per_step"]:
        lines.append(f"{row['step']:4d}  {fmt(row['exact'])}       {fmt(row['cell'])}  {fmt(row['voted_pass1'])}"
                     f"        {fmt(row['voted_pass2'])}  {fmt(row['any_augmentation'])}   "
                     f"{fmt(row['halt_fires_when_solved'])} / {fmt(row['halt_fires_when_unsolved'])}")
    return "\n".join(lines)


def main(argv: Optional[Sequence[str]] = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", required=True)
    ap.add_argument("--arc-data", type=Path, required=True, help="folder of training_challenges/solutions.json")
    ap.add_argument("--steps", type=int, default=16)
    ap.add_argument("--weights", choices=["ema", "model"], default="ema")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--json", help="write the summary here")
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    summary = evaluate(Path(args.checkpoint), args.arc_data, args.steps, args.weights)
    print(format_report(summary))
    if args.json:
        Path(args.json).write_text(json.dumps(summary, indent=2) + "\n")


if __name__ == "__main__":
    main()
