"""6x6 Sudoku (boxes of 2 rows x 3 columns) with a unique solution: seeded generator, validity and
uniqueness checks, symmetry augmentation and the token encoding of the default model.

Why 14..20 givens: with 18..22 givens a puzzle needs only 2-4 rounds of "this cell has one candidate",
which a small TRM learns to finish inside its first supervision step, leaving nothing for the recursion
to do; 14..20 givens need 2-8 rounds, so the answer keeps improving across supervision steps.

Encoding (the bundle's "fixed" layout): value 0 = blank, 1..6 = digits; token = value + 1, so a blank
is token 1, digits are tokens 2..7 and token 0 is PAD (never used on a full 6x6 grid). Vocabulary 8,
sequence 36 (row-major), one puzzle identifier ("<blank>", id 0).

Generation: a random solved grid (randomised backtracking), then cells are blanked in random order,
keeping a blank only if the puzzle still has exactly one solution, until the drawn number of givens
(default 14..20) is reached. Every step is driven by `random.Random(seed)`, so a seed names a set.
Augmentations (digit relabelling, row swaps inside a band, band swaps, column swaps inside a stack,
stack swaps) map a uniquely solvable puzzle to another one.
"""
import argparse
import random
from typing import List, Optional, Sequence, Tuple

import numpy as np

SIZE = 6
BOX_ROWS, BOX_COLS = 2, 3
CELLS = SIZE * SIZE
DIGITS = tuple(range(1, SIZE + 1))
FULL_MASK = (1 << (SIZE + 1)) - 2  # bits 1..6
VALUE_OFFSET = 1
PAD_TOKEN = 0
VOCAB_SIZE = SIZE + 1 + VALUE_OFFSET  # PAD, blank, 6 digits
SEQ_LEN = CELLS
DEFAULT_GIVENS = (14, 20)

# Seeds of the data sets; the held-out test set is never used for a training decision.
TRAIN_SEED, VALIDATION_SEED, TEST_SEED = 0, 1, 2

Grid = List[int]  # 36 values, row-major, 0 = blank


def box_of(cell: int) -> int:
    r, c = divmod(cell, SIZE)
    return (r // BOX_ROWS) * (SIZE // BOX_COLS) + c // BOX_COLS


_ROW = [i // SIZE for i in range(CELLS)]
_COL = [i % SIZE for i in range(CELLS)]
_BOX = [box_of(i) for i in range(CELLS)]


def count_solutions(grid: Sequence[int], limit: int = 2) -> int:
    """Number of solutions of `grid`, counting stops at `limit`. Returns 0 for contradictory givens."""
    rows, cols, boxes = [0] * SIZE, [0] * SIZE, [0] * SIZE
    blanks = []
    for i, v in enumerate(grid):
        if v == 0:
            blanks.append(i)
            continue
        bit = 1 << v
        if (rows[_ROW[i]] | cols[_COL[i]] | boxes[_BOX[i]]) & bit:
            return 0
        rows[_ROW[i]] |= bit
        cols[_COL[i]] |= bit
        boxes[_BOX[i]] |= bit

    def search(remaining: List[int]) -> int:
        if not remaining:
            return 1
        # Most constrained blank first.
        best, best_opts, best_n = -1, 0, SIZE + 1
        for idx, cell in enumerate(remaining):
            opts = FULL_MASK & ~(rows[_ROW[cell]] | cols[_COL[cell]] | boxes[_BOX[cell]])
            n = bin(opts).count("1")
            if n < best_n:
                best, best_opts, best_n = idx, opts, n
                if n <= 1:
                    break
        if best_n == 0:
            return 0
        cell = remaining[best]
        rest = remaining[:best] + remaining[best + 1 :]
        r, c, b = _ROW[cell], _COL[cell], _BOX[cell]
        found = 0
        opts = best_opts
        while opts:
            bit = opts & -opts
            opts ^= bit
            rows[r] |= bit
            cols[c] |= bit
            boxes[b] |= bit
            found += search(rest)
            rows[r] ^= bit
            cols[c] ^= bit
            boxes[b] ^= bit
            if found >= limit:
                break
        return found

    return search(blanks)


def is_valid_solution(grid: Sequence[int]) -> bool:
    """Every row, column and box holds each digit exactly once."""
    if len(grid) != CELLS:
        return False
    units = [[r * SIZE + c for c in range(SIZE)] for r in range(SIZE)]
    units += [[r * SIZE + c for r in range(SIZE)] for c in range(SIZE)]
    units += [[i for i in range(CELLS) if _BOX[i] == b] for b in range(SIZE)]
    return all(sorted(grid[i] for i in unit) == list(DIGITS) for unit in units)


def random_solution(rng: random.Random) -> Grid:
    grid = [0] * CELLS

    def fill(cell: int) -> bool:
        if cell == CELLS:
            return True
        used = {grid[i] for i in range(CELLS) if grid[i] and (_ROW[i] == _ROW[cell] or _COL[i] == _COL[cell] or _BOX[i] == _BOX[cell])}
        candidates = [d for d in DIGITS if d not in used]
        rng.shuffle(candidates)
        for d in candidates:
            grid[cell] = d
            if fill(cell + 1):
                return True
        grid[cell] = 0
        return False

    fill(0)
    return grid


def make_puzzle(rng: random.Random, givens: Tuple[int, int] = DEFAULT_GIVENS) -> Tuple[Grid, Grid]:
    """(puzzle, solution) with a unique solution and a number of givens drawn from `givens` (inclusive)."""
    target = rng.randint(*givens)
    while True:
        solution = random_solution(rng)
        puzzle = list(solution)
        order = list(range(CELLS))
        rng.shuffle(order)
        n_givens = CELLS
        for cell in order:
            if n_givens == target:
                break
            kept = puzzle[cell]
            puzzle[cell] = 0
            if count_solutions(puzzle) == 1:
                n_givens -= 1
            else:
                puzzle[cell] = kept
        if n_givens == target:
            return puzzle, solution


def generate(seed: int, count: int, givens: Tuple[int, int] = DEFAULT_GIVENS) -> Tuple[np.ndarray, np.ndarray]:
    """`count` (puzzles, solutions) as uint8 arrays [count, 36], deterministic in `seed`."""
    rng = random.Random(seed)
    pairs = [make_puzzle(rng, givens) for _ in range(count)]
    puzzles = np.array([p for p, _ in pairs], dtype=np.uint8).reshape(count, CELLS)
    solutions = np.array([s for _, s in pairs], dtype=np.uint8).reshape(count, CELLS)
    return puzzles, solutions


def _random_line_perm(rng: np.random.Generator, groups: int, group_size: int) -> np.ndarray:
    order = rng.permutation(groups)
    return np.concatenate([g * group_size + rng.permutation(group_size) for g in order])


def augment(puzzles: np.ndarray, solutions: np.ndarray, rng: np.random.Generator) -> Tuple[np.ndarray, np.ndarray]:
    """One random symmetry per row of [n, 36] arrays: digit relabelling and row/band, column/stack
    permutations. (Transposition is not a symmetry: it would turn 2x3 boxes into 3x2 ones.)"""
    n = puzzles.shape[0]
    out_p = np.empty_like(puzzles)
    out_s = np.empty_like(solutions)
    for i in range(n):
        digit_map = np.concatenate([[0], 1 + rng.permutation(SIZE)]).astype(puzzles.dtype)
        rows = _random_line_perm(rng, SIZE // BOX_ROWS, BOX_ROWS)
        cols = _random_line_perm(rng, SIZE // BOX_COLS, BOX_COLS)
        cell_map = (rows[:, None] * SIZE + cols[None, :]).reshape(-1)
        out_p[i] = digit_map[puzzles[i][cell_map]]
        out_s[i] = digit_map[solutions[i][cell_map]]
    return out_p, out_s


def to_tokens(values: np.ndarray) -> np.ndarray:
    """Grid values (0 blank, 1..6) -> model tokens (int64)."""
    return values.astype(np.int64) + VALUE_OFFSET


def to_grid(values: Sequence[int]) -> List[List[int]]:
    return [list(map(int, values[r * SIZE : (r + 1) * SIZE])) for r in range(SIZE)]


def main(argv: Optional[Sequence[str]] = None) -> None:
    ap = argparse.ArgumentParser(description="Print seeded 6x6 Sudoku puzzles (0 = blank).")
    ap.add_argument("--seed", type=int, default=TEST_SEED)
    ap.add_argument("--count", type=int, default=3)
    args = ap.parse_args(argv)
    puzzles, solutions = generate(args.seed, args.count)
    for p, s in zip(puzzles, solutions):
        print("".join(map(str, p)), "".join(map(str, s)))


if __name__ == "__main__":
    main()
