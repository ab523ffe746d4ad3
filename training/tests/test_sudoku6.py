import random

import numpy as np

from trm_lens import sudoku6


def test_generated_puzzles_are_valid_unique_and_in_the_givens_range():
    puzzles, solutions = sudoku6.generate(seed=123, count=40)
    for p, s in zip(puzzles.tolist(), solutions.tolist()):
        assert sudoku6.is_valid_solution(s)
        assert all(v == 0 or v == sv for v, sv in zip(p, s))  # givens agree with the solution
        lo, hi = sudoku6.DEFAULT_GIVENS
        assert lo <= sum(v > 0 for v in p) <= hi
        assert sudoku6.count_solutions(p) == 1


def test_generation_is_deterministic_per_seed_and_seeds_differ():
    a, _ = sudoku6.generate(7, 5)
    b, _ = sudoku6.generate(7, 5)
    c, _ = sudoku6.generate(8, 5)
    assert np.array_equal(a, b)
    assert not np.array_equal(a, c)


def test_solution_counter_sees_ambiguity_and_contradiction():
    assert sudoku6.count_solutions([0] * 36) == 2  # stops at the limit
    bad = [0] * 36
    bad[0] = bad[1] = 3  # same digit twice in a row
    assert sudoku6.count_solutions(bad) == 0
    solution = sudoku6.random_solution(random.Random(0))
    assert sudoku6.count_solutions(solution) == 1


def test_validity_check_rejects_a_box_violation():
    # Cyclic shifts by one give valid rows and columns but repeat digits inside the 2x3 boxes.
    grid = [(r + c) % 6 + 1 for r in range(6) for c in range(6)]
    assert not sudoku6.is_valid_solution(grid)
    assert sudoku6.is_valid_solution(sudoku6.random_solution(random.Random(1)))


def test_augmentation_keeps_puzzles_valid_and_unique():
    puzzles, solutions = sudoku6.generate(seed=5, count=10)
    p, s = sudoku6.augment(puzzles, solutions, np.random.default_rng(0))
    assert not np.array_equal(p, puzzles)
    for pa, sa in zip(p.tolist(), s.tolist()):
        assert sudoku6.is_valid_solution(sa)
        assert all(v == 0 or v == sv for v, sv in zip(pa, sa))
        assert sudoku6.count_solutions(pa) == 1
    assert ((p > 0).sum(1) == (puzzles > 0).sum(1)).all()


def test_token_encoding():
    assert sudoku6.to_tokens(np.array([0, 1, 6])).tolist() == [1, 2, 7]
    assert sudoku6.VOCAB_SIZE == 8 and sudoku6.SEQ_LEN == 36 and sudoku6.PAD_TOKEN == 0
