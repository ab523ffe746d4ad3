"""Write the example task files a new user opens first (examples/ at the repo root).

    cd training && python3 -m trm_lens.make_examples

- examples/sudoku6/sudoku6-NNN.arc.json: held-out 6x6 Sudoku puzzles (the test seed, never trained
  on) in ARC task format, 0 = blank. The test pair holds the puzzle and its solution; the train list
  holds two other solved puzzles of the same seed as demonstrations (ARC files need a non-empty one).
- examples/arc/<task>.arc.json: a few ARC-AGI-1 training tasks (Apache-2.0, fchollet/ARC-AGI) with
  their test outputs filled in from the solutions file: some for viewing, some the bundled ARC model solves.
"""
import argparse
import json
from pathlib import Path
from typing import Dict, List, Optional, Sequence

from . import sudoku6

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
DEFAULT_ARC_DIR = REPO_ROOT.parent / "shared" / "data" / "arc-agi-1"
# Small tasks of different kinds, plus 3631a71a: a 30x30 grid, the largest ARC size; and tasks the bundled
# ARC model (models/arc-mini) was trained on whose held-out test input it answers (its card lists them).
ARC_TASKS = ("007bbfb7", "00d62c1b", "0d3d703e", "25ff71a9", "3631a71a",
             "ce22a75a", "4258a5f9", "d511f180", "b1948b0a")
DEMOS_PER_TASK = 2

Grid = List[List[int]]


def format_task(task: Dict[str, List[Dict[str, Grid]]]) -> str:
    """JSON with one grid row per line: readable in an editor and small in a diff."""

    def grid(g: Grid, indent: str) -> str:
        rows = ",\n".join(indent + "  " + json.dumps(row, separators=(",", ":")) for row in g)
        return "[\n" + rows + "\n" + indent + "]"

    parts = []
    for split in ("train", "test"):
        pairs = []
        for pair in task[split]:
            fields = [f'      "{k}": {grid(v, "      ")}' for k, v in pair.items()]
            pairs.append("    {\n" + ",\n".join(fields) + "\n    }")
        parts.append(f'  "{split}": [\n' + ",\n".join(pairs) + "\n  ]")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def sudoku_tasks(count: int, seed: int) -> List[Dict[str, List[Dict[str, Grid]]]]:
    total = count * (1 + DEMOS_PER_TASK)
    puzzles, solutions = sudoku6.generate(seed, total)
    pairs = [{"input": sudoku6.to_grid(p), "output": sudoku6.to_grid(s)} for p, s in zip(puzzles, solutions)]
    # The first `count` puzzles are the tests; demonstrations come from the rest of the same seed.
    demos = pairs[count:]
    return [
        {"train": demos[i * DEMOS_PER_TASK : (i + 1) * DEMOS_PER_TASK], "test": [pairs[i]]}
        for i in range(count)
    ]


def arc_task(challenges: Dict, solutions: Dict, task_id: str) -> Dict[str, List[Dict[str, Grid]]]:
    task = challenges[task_id]
    tests = [{"input": t["input"], "output": out} for t, out in zip(task["test"], solutions[task_id])]
    return {"train": task["train"], "test": tests}


def main(argv: Optional[Sequence[str]] = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=str(REPO_ROOT / "examples"))
    ap.add_argument("--count", type=int, default=24, help="Sudoku examples")
    ap.add_argument("--seed", type=int, default=sudoku6.TEST_SEED)
    ap.add_argument("--arc-dir", default=str(DEFAULT_ARC_DIR), help="folder of training_challenges.json / training_solutions.json")
    args = ap.parse_args(argv)

    out = Path(args.out)
    (out / "sudoku6").mkdir(parents=True, exist_ok=True)
    for i, task in enumerate(sudoku_tasks(args.count, args.seed), start=1):
        (out / "sudoku6" / f"sudoku6-{i:03d}.arc.json").write_text(format_task(task))

    arc_dir = Path(args.arc_dir)
    challenges = json.loads((arc_dir / "training_challenges.json").read_text())
    solutions = json.loads((arc_dir / "training_solutions.json").read_text())
    (out / "arc").mkdir(parents=True, exist_ok=True)
    for task_id in ARC_TASKS:
        (out / "arc" / f"{task_id}.arc.json").write_text(format_task(arc_task(challenges, solutions, task_id)))
    print(f"wrote {args.count} Sudoku and {len(ARC_TASKS)} ARC examples to {out}")


if __name__ == "__main__":
    main()
