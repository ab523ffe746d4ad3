import math

import pytest
import torch

from trm_lens.losses import act_loss, log_stablemax, softmax_cross_entropy, stablemax_cross_entropy

LN3 = math.log(3.0)


def test_stablemax_matches_hand_computed_values():
    # s(0) = 1, s(1) = 2, s(-1) = 1 / 2: probabilities 1/3.5, 2/3.5, 0.5/3.5.
    logits = torch.tensor([[0.0, 1.0, -1.0], [0.0, 1.0, -1.0], [0.0, 1.0, -1.0]])
    labels = torch.tensor([1, 2, -100])
    loss = stablemax_cross_entropy(logits, labels)
    assert loss.tolist() == pytest.approx([math.log(1.75), math.log(7.0), 0.0], abs=1e-12)
    assert torch.exp(log_stablemax(logits[0])).sum().item() == pytest.approx(1.0)


def test_softmax_cross_entropy_matches_hand_computed_values():
    logits = torch.tensor([[[0.0, LN3], [0.0, LN3], [5.0, 1.0]]])  # p = (1/4, 3/4) for the first two
    labels = torch.tensor([[1, 0, -100]])
    loss = softmax_cross_entropy(logits, labels)
    assert loss.shape == (1, 3)
    assert loss[0].tolist() == pytest.approx([-math.log(0.75), math.log(4.0), 0.0], abs=1e-6)


def two_puzzles(labels):
    logits = torch.tensor([[[0.0, LN3], [0.0, LN3]]] * 2)  # predicts class 1 everywhere
    outputs = {"logits": logits, "q_halt_logits": torch.zeros(2), "q_continue_logits": torch.zeros(2)}
    return outputs, torch.tensor(labels)


def test_act_loss_is_lm_plus_half_the_halting_bce():
    outputs, labels = two_puzzles([[1, 1], [1, 0]])  # puzzle 0 solved, puzzle 1 not
    total, m = act_loss(outputs, labels, halted=torch.tensor([True, True]))
    lm = -math.log(0.75) + (-math.log(0.75) + math.log(4.0)) / 2  # per-puzzle token mean, summed
    halt = 2 * math.log(2.0)  # BCE(logit 0) is ln 2 whatever the target
    assert total.item() == pytest.approx(lm + 0.5 * halt, abs=1e-5)
    assert m["lm_loss"] == pytest.approx(lm, abs=1e-5)
    assert (m["count"], m["exact_accuracy"]) == (2, 1)
    assert m["q_halt_accuracy"] == 1  # q_halt = 0 counts as "halt", right only for the solved one
    assert m["accuracy"] == pytest.approx(1.5)


def test_ignored_labels_do_not_count_and_continue_loss_is_added():
    outputs, labels = two_puzzles([[1, 1], [1, -100]])
    outputs["target_q_continue"] = torch.tensor([1.0, 0.0])
    total, m = act_loss(outputs, labels, halted=torch.tensor([True, False]), lm="stablemax")
    # stablemax of (0, ln 3): s = (1, 1 + ln 3); class 1 gets (1 + ln 3) / (2 + ln 3)
    per_token = -math.log((1 + LN3) / (2 + LN3))
    lm = 2 * per_token
    assert m["lm_loss"] == pytest.approx(lm, abs=1e-6)
    assert total.item() == pytest.approx(lm + 0.5 * (2 * math.log(2.0) + 2 * math.log(2.0)), abs=1e-6)
    assert m["count"] == 1  # metrics only count rows that halt on this step
