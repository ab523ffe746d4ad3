import numpy as np

from trm_lens import arc_mini
from trm_lens.arc_mini_eval import ranked, undo


def test_undo_inverts_every_dihedral_transform_and_colour_permutation():
    rng = np.random.default_rng(3)
    grid = rng.integers(0, 10, size=(3, 5))
    for k in range(arc_mini.DIHEDRAL_COUNT):
        colours = np.concatenate([[0], rng.permutation(np.arange(1, 10))])
        augmentation = arc_mini.Augmentation(k, colours)
        assert not (k and np.array_equal(augmentation.apply(grid), grid))
        assert np.array_equal(undo(augmentation, augmentation.apply(grid)), grid)


def test_answers_rank_by_votes_then_by_mean_halting_probability():
    a, b, c = np.zeros((2, 2), int), np.ones((2, 2), int), np.full((1, 2), 2)
    # b and c tie on one vote each; c's sigmoid(q) is higher. a has two votes with low q.
    order = ranked([(a, -5.0), (b, 0.0), (a, -5.0), (c, 3.0)])
    assert [g.tolist() for g in order] == [a.tolist(), c.tolist(), b.tolist()]


def test_grids_with_the_same_cells_in_another_shape_are_different_answers():
    flat, tall = np.array([[1, 2]]), np.array([[1], [2]])
    assert len(ranked([(flat, 0.0), (tall, 0.0)])) == 2
