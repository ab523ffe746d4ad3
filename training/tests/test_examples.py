import json
from pathlib import Path

from trm_lens import sudoku6

EXAMPLES = Path(__file__).resolve().parent.parent.parent / "examples"


def flat(grid):
    return [v for row in grid for v in row]


def test_sudoku_examples_are_solved_unique_puzzles_from_the_test_seed():
    files = sorted((EXAMPLES / "sudoku6").glob("*.arc.json"))
    assert len(files) >= 20
    train_puzzles, _ = sudoku6.generate(sudoku6.TRAIN_SEED, 200)
    seen_in_training = {tuple(p) for p in train_puzzles.tolist()}
    for f in files:
        task = json.loads(f.read_text())
        assert task["train"], f
        for pair in task["train"] + task["test"]:
            puzzle, solution = flat(pair["input"]), flat(pair["output"])
            assert sudoku6.is_valid_solution(solution), f
            assert all(v == 0 or v == s for v, s in zip(puzzle, solution)), f
            assert sudoku6.count_solutions(puzzle) == 1, f
            assert tuple(puzzle) not in seen_in_training, f


def test_arc_examples_have_test_outputs_and_include_a_30x30_grid():
    files = sorted((EXAMPLES / "arc").glob("*.arc.json"))
    assert len(files) >= 3
    sizes = set()
    for f in files:
        task = json.loads(f.read_text())
        assert task["train"] and task["test"], f
        for pair in task["test"]:
            assert pair["output"], f
            sizes.add((len(pair["input"]), len(pair["input"][0])))
    assert (30, 30) in sizes
