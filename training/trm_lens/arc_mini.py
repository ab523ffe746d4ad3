"""The ARC miniature: ARC-AGI-1 training tasks whose grids all fit a small canvas, augmented as the public
TinyRecursiveModels builder (dataset/build_arc_dataset.py) does, for trm_lens.train --dataset arc-mini.

    cd training && python3 -m trm_lens.arc_mini --arc-data DIR     # print the chosen tasks and counts

DIR holds the Kaggle combined files training_challenges.json and training_solutions.json.

Task choice (deterministic, `choose_tasks`): a task qualifies when every grid of it (demonstration and
test inputs and outputs) fits the canvas, it has at least two demonstration pairs, and its rule is local on
its demonstration pairs (`is_local_rule`: every pair keeps the grid size and each output cell is a function
of the input's 3x3 neighbourhood around it, the same function over all pairs). That is the class of rules a
two-layer attention network over the flattened canvas can learn from a few pairs; the test pairs are never
looked at. Qualifying tasks are ranked by `simplicity_key`: the smaller mean fraction of cells that differ
between input and output over the demonstration pairs first, then the smaller mean output area, then the
task id. The first `count` are taken.

Splits: the test pairs of a task are never trained on (they are the held-out set the debugger solves). Its
last demonstration pair is the validation pair (checkpoint and hyper-parameter choice); the other
demonstration pairs are the training examples, under every augmentation of the task.

Augmentations: augmentation 0 is the task itself, identifier the plain task id (the one the engine looks
up); augmentation j > 0 is dihedral transform j mod 8 after a random permutation of colours 1-9 (colour 0
fixed), identifier `task|||t<k>|||<perm>` with perm the ten digits of the colour map, as the public
builder names them. Each (task, augmentation) has its own puzzle embedding; row 0 is `<blank>`. An
augmentation whose demonstration pairs equal an earlier one's is redrawn.

Encoding (the bundle's "arc-eos" layout, as src/core/encoding.ts): PAD 0, EOS 1, colour c -> token c + 2,
the grid at the top-left of the canvas, EOS on the row under it and the column right of it (where they
fit). Labels are the output's tokens with PAD ignored (-100), EOS predicted, as the public loss does.
"""
import argparse
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

from .losses import IGNORE_LABEL_ID

PAD_TOKEN, EOS_TOKEN, VALUE_OFFSET = 0, 1, 2
NUM_COLOURS = 10
VOCAB_SIZE = VALUE_OFFSET + NUM_COLOURS
SEPARATOR = "|||"
BLANK = "<blank>"
DEFAULT_CANVAS = 10
DIHEDRAL_COUNT = 8
IDENTITY_COLOURS = np.arange(NUM_COLOURS, dtype=np.int64)
REDRAWS = 5  # tries per augmentation before giving up on a duplicate-free one, as the public builder

Grid = np.ndarray  # int64 [rows, cols], values 0..9
Pair = Tuple[Grid, Grid]


@dataclass(frozen=True)
class Task:
    id: str
    train: List[Pair]  # demonstration pairs
    test: List[Pair]  # test inputs with their solutions: never trained on


@dataclass(frozen=True)
class Augmentation:
    dihedral: int  # 0..7, the public builder's dihedral_transform index
    colours: np.ndarray  # int64 [10], colours[c] is the new colour of c; colours[0] == 0

    def name(self, task_id: str) -> str:
        if self.dihedral == 0 and np.array_equal(self.colours, IDENTITY_COLOURS):
            return task_id
        perm = "".join(str(int(c)) for c in self.colours)
        return f"{task_id}{SEPARATOR}t{self.dihedral}{SEPARATOR}{perm}"

    def apply(self, grid: Grid) -> Grid:
        return dihedral_transform(self.colours[grid], self.dihedral)

    @staticmethod
    def from_name(name: str) -> Tuple[str, "Augmentation"]:
        """(task id, augmentation) of an identifier `name` gives (the inverse of `name`)."""
        if SEPARATOR not in name:
            return name, IDENTITY
        task_id, dihedral, perm = name.split(SEPARATOR)
        return task_id, Augmentation(int(dihedral[1:]), np.array([int(c) for c in perm], dtype=np.int64))


IDENTITY = Augmentation(0, IDENTITY_COLOURS)


def dihedral_transform(grid: Grid, k: int) -> Grid:
    """The 8 symmetries of the square, numbered as the public builder's dataset/common.py."""
    ops = (
        lambda g: g,
        lambda g: np.rot90(g, 1),
        lambda g: np.rot90(g, 2),
        lambda g: np.rot90(g, 3),
        np.fliplr,
        np.flipud,
        lambda g: g.T,
        lambda g: np.fliplr(np.rot90(g, 1)),
    )
    return np.ascontiguousarray(ops[k](grid))


def _grid(rows: List[List[int]]) -> Grid:
    return np.array(rows, dtype=np.int64)


def load_tasks(data_dir: Path) -> Dict[str, Task]:
    """ARC-AGI-1 training tasks from the Kaggle combined files in data_dir, test outputs filled in."""
    data_dir = Path(data_dir)
    challenges = json.loads((data_dir / "training_challenges.json").read_text())
    solutions = json.loads((data_dir / "training_solutions.json").read_text())
    tasks = {}
    for task_id, task in challenges.items():
        if len(solutions.get(task_id, [])) != len(task["test"]):
            raise ValueError(f"{data_dir / 'training_solutions.json'}: $.{task_id} does not have one solution"
                             f" per test input ({len(task['test'])})")
        tasks[task_id] = Task(
            id=task_id,
            train=[(_grid(p["input"]), _grid(p["output"])) for p in task["train"]],
            test=[(_grid(p["input"]), _grid(out)) for p, out in zip(task["test"], solutions[task_id])],
        )
    return tasks


def fits(task: Task, canvas: int) -> bool:
    return all(g.shape[0] <= canvas and g.shape[1] <= canvas for pair in task.train + task.test for g in pair)


OUTSIDE = -1  # the neighbourhood value of a cell beyond the grid's edge


def _neighbourhood(padded: Grid, row: int, col: int) -> bytes:
    return padded[row:row + 3, col:col + 3].tobytes()


def is_local_rule(task: Task) -> bool:
    """Whether every demonstration pair keeps its size and one function of the input's 3x3 neighbourhood
    (cells beyond the edge marked OUTSIDE) gives each output cell, over all the demonstration pairs."""
    rule: Dict[bytes, int] = {}
    for grid_in, grid_out in task.train:
        if grid_in.shape != grid_out.shape:
            return False
        padded = np.pad(grid_in, 1, constant_values=OUTSIDE)
        for (row, col), value in np.ndenumerate(grid_out):
            if rule.setdefault(_neighbourhood(padded, row, col), value) != value:
                return False
    return True


def simplicity_key(task: Task) -> Tuple:
    """Sort key of `choose_tasks`: fewer changed cells, then smaller outputs, then the id."""
    changed = float(np.mean([(i != o).mean() if i.shape == o.shape else 1.0 for i, o in task.train]))
    area = float(np.mean([o.size for _, o in task.train]))
    return (changed, area, task.id)


def choose_tasks(tasks: Dict[str, Task], canvas: int, count: int) -> List[Task]:
    """The first `count` local-rule tasks that fit the canvas, simplest first (see the module docstring)."""
    chosen = sorted((t for t in tasks.values() if fits(t, canvas) and len(t.train) >= 2 and is_local_rule(t)),
                    key=simplicity_key)
    if len(chosen) < count:
        raise ValueError(f"only {len(chosen)} local-rule tasks fit a {canvas}x{canvas} canvas, {count} asked for")
    return chosen[:count]


def _pairs_hash(pairs: Sequence[Pair]) -> str:
    h = hashlib.sha256()
    for grid in (g for pair in pairs for g in pair):
        h.update(repr(grid.shape).encode())
        h.update(grid.astype(np.uint8).tobytes())
    return h.hexdigest()


def augmentations(task: Task, count: int, rng: np.random.Generator) -> List[Augmentation]:
    """`count` augmentations of the task, the identity first; the others cycle through the 8 dihedral
    transforms, each with a random colour permutation, none giving the same demonstration pairs twice."""
    chosen = [IDENTITY]
    seen = {_pairs_hash(task.train)}
    for j in range(1, count):
        for _ in range(REDRAWS):
            aug = Augmentation(j % DIHEDRAL_COUNT, np.concatenate([[0], rng.permutation(np.arange(1, NUM_COLOURS))]))
            h = _pairs_hash([(aug.apply(i), aug.apply(o)) for i, o in task.train])
            if h not in seen:
                seen.add(h)
                chosen.append(aug)
                break
    return chosen


def encode(grid: Grid, canvas: int) -> np.ndarray:
    """Tokens [canvas * canvas] of a grid, as the engine's encodeGrid for the arc-eos layout."""
    rows, cols = grid.shape
    if rows > canvas or cols > canvas:
        raise ValueError(f"grid {rows}x{cols} does not fit the {canvas}x{canvas} canvas")
    tokens = np.full((canvas, canvas), PAD_TOKEN, dtype=np.int64)
    tokens[:rows, :cols] = grid + VALUE_OFFSET
    if rows < canvas:
        tokens[rows, :cols] = EOS_TOKEN
    if cols < canvas:
        tokens[:rows, cols] = EOS_TOKEN
    return tokens.reshape(-1)


def decode(tokens: np.ndarray, canvas: int) -> Grid:
    """The grid of a token sequence, cropped as the engine's cropOf (the largest top-left rectangle of
    colour tokens)."""
    t = np.asarray(tokens).reshape(canvas, canvas)
    is_colour = (t >= VALUE_OFFSET) & (t < VALUE_OFFSET + NUM_COLOURS)
    best, width = (0, 0), canvas
    for r in range(canvas):
        run = 0
        while run < width and is_colour[r, run]:
            run += 1
        width = run
        if (r + 1) * width > best[0] * best[1]:
            best = (r + 1, width)
    return t[: best[0], : best[1]] - VALUE_OFFSET


def labels_of(tokens: np.ndarray) -> np.ndarray:
    return np.where(tokens == PAD_TOKEN, IGNORE_LABEL_ID, tokens)


@dataclass
class Examples:
    inputs: np.ndarray  # int64 [N, canvas * canvas]
    labels: np.ndarray  # int64 [N, canvas * canvas], PAD -> -100
    puzzle_identifiers: np.ndarray  # int64 [N]


def _examples(pairs: List[Tuple[Pair, int]], canvas: int) -> Examples:
    return Examples(
        inputs=np.stack([encode(i, canvas) for (i, _), _ in pairs]),
        labels=np.stack([labels_of(encode(o, canvas)) for (_, o), _ in pairs]),
        puzzle_identifiers=np.array([pid for _, pid in pairs], dtype=np.int64),
    )


@dataclass
class ArcMini:
    """The built data set: identifier names (row i of the puzzle-embedding table), the training examples
    (all demonstration pairs but the last, under every augmentation) and the validation examples (the
    last demonstration pair of each task, plain task identifier)."""
    canvas: int
    tasks: List[Task]
    names: List[str]
    train: Examples
    validation: Examples

    @property
    def seq_len(self) -> int:
        return self.canvas * self.canvas


def build(tasks: Dict[str, Task], canvas: int = DEFAULT_CANVAS, task_count: int = 32,
          augmentation_count: int = 8, seed: int = 0) -> ArcMini:
    chosen = choose_tasks(tasks, canvas, task_count)
    rng = np.random.default_rng(seed)
    names, train, validation = [BLANK], [], []
    for task in chosen:
        *demos, held_out = task.train
        validation.append((held_out, len(names)))
        for aug in augmentations(task, augmentation_count, rng):
            pid = len(names)
            names.append(aug.name(task.id))
            train.extend(((aug.apply(i), aug.apply(o)), pid) for i, o in demos)
    return ArcMini(canvas, chosen, names, _examples(train, canvas), _examples(validation, canvas))


def main(argv: Optional[Sequence[str]] = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--arc-data", type=Path, required=True, help="folder of training_challenges/solutions.json")
    ap.add_argument("--canvas", type=int, default=DEFAULT_CANVAS)
    ap.add_argument("--tasks", type=int, default=32)
    ap.add_argument("--augmentations", type=int, default=8)
    args = ap.parse_args(argv)
    data = build(load_tasks(args.arc_data), args.canvas, args.tasks, args.augmentations)
    for task in data.tasks:
        changed, area, _ = simplicity_key(task)
        print(f"{task.id}  changed {changed:.3f}  mean output area {area:.0f}  demonstrations {len(task.train)}")
    print(f"{len(data.tasks)} tasks, {len(data.names)} identifiers (with {BLANK}), {len(data.train.inputs)}"
          f" training examples, {len(data.validation.inputs)} validation pairs, canvas {args.canvas}x{args.canvas}")


if __name__ == "__main__":
    main()
