import numpy as np
import pytest

from trm_lens.evaluate import summarize


def test_halting_statistics_from_hand_made_runs():
    # 3 puzzles x 3 supervision steps. Puzzle 0 is solved from step 2 and the head fires from step 2;
    # puzzle 1 is solved at step 3 but the head fires already at step 1; puzzle 2 is never solved and
    # the head never fires.
    exact = np.array([[False, True, True], [False, False, True], [False, False, False]])
    q = np.array([[-1.0, 2.0, 3.0], [0.5, 1.0, 1.0], [-3.0, -2.0, -1.0]])
    cell = np.where(exact, 1.0, 0.5)
    s = summarize({"exact": exact, "cell": cell, "q_halt": q})
    last = s["per_step"][-1]
    assert last["exact"] == pytest.approx(2 / 3)
    assert last["halt_fires_when_solved"] == 1.0
    assert last["halt_fires_when_unsolved"] == 0.0
    assert s["per_step"][0]["halt_fires_when_solved"] is None  # nothing solved at step 1
    assert s["per_step"][0]["halt_fires_when_unsolved"] == pytest.approx(1 / 3)
    # First firing step: 2, 1, never (counted as the last step, 3).
    assert s["halt_rule"]["mean_halt_step"] == pytest.approx((2 + 1 + 3) / 3)
    assert s["halt_rule"]["exact_at_halt"] == pytest.approx(1 / 3)
    assert s["halt_rule"]["never_fires"] == pytest.approx(1 / 3)
    # Pooled over the 9 (puzzle, step) pairs: 3 solved (all fired on), 6 unsolved (2 fired on).
    assert s["halt_fires_when_solved_all_steps"] == 1.0
    assert s["halt_fires_when_unsolved_all_steps"] == pytest.approx(2 / 6)
    assert s["halt_right_all_steps"] == pytest.approx(7 / 9)


def test_halt_threshold_is_the_smallest_that_keeps_wrong_grids_quiet():
    from trm_lens.calibrate_halt import choose_threshold

    exact = np.array([[False, True], [False, True], [False, True], [False, True]])
    q = np.array([[0.6, 3.0], [1.1, 3.0], [-1.0, 3.0], [-2.0, 3.0]])
    assert choose_threshold(exact, q, max_unsolved_fire=0.5) == 0.0  # 2 of 4 wrong grids fire at 0
    assert choose_threshold(exact, q, max_unsolved_fire=0.25) == 0.75  # q = 1.1 still fires
    assert choose_threshold(exact, q, max_unsolved_fire=0.0) == 1.25
    assert choose_threshold(np.ones((2, 2), dtype=bool), q[:2], max_unsolved_fire=0.0) == 0.0
