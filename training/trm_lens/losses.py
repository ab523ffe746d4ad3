"""Losses of the public TRM code (models/losses.py): stablemax or softmax cross-entropy per token
(label -100 ignored), the halting BCE, and the optional bootstrapped continue BCE.

total = lm_loss + 0.5 * (halt_loss [+ continue_loss]), every term summed over the batch, the LM term
averaged over the counted tokens of each puzzle first.
"""
from typing import Dict, Tuple

import torch
import torch.nn.functional as F

IGNORE_LABEL_ID = -100
HALT_WEIGHT = 0.5


def _stablemax_s(x: torch.Tensor, eps: float = 1e-30) -> torch.Tensor:
    # s(x) = x + 1 for x >= 0, 1 / (1 - x) for x < 0: a softmax substitute that does not saturate.
    return torch.where(x < 0, 1 / (1 - x + eps), x + 1)


def log_stablemax(x: torch.Tensor, dim: int = -1) -> torch.Tensor:
    s = _stablemax_s(x)
    return torch.log(s / s.sum(dim=dim, keepdim=True))


def stablemax_cross_entropy(logits: torch.Tensor, labels: torch.Tensor, ignore_index: int = IGNORE_LABEL_ID) -> torch.Tensor:
    """Per-token loss [*labels.shape], 0 where the label is ignored (computed in float64, as the reference)."""
    logprobs = log_stablemax(logits.to(torch.float64), dim=-1)
    valid = labels != ignore_index
    picked = torch.gather(logprobs, -1, torch.where(valid, labels, 0).long().unsqueeze(-1)).squeeze(-1)
    return -torch.where(valid, picked, torch.zeros_like(picked))


def softmax_cross_entropy(logits: torch.Tensor, labels: torch.Tensor, ignore_index: int = IGNORE_LABEL_ID) -> torch.Tensor:
    """Per-token loss [*labels.shape], 0 where the label is ignored."""
    flat = F.cross_entropy(
        logits.to(torch.float32).reshape(-1, logits.shape[-1]),
        labels.long().reshape(-1),
        ignore_index=ignore_index,
        reduction="none",
    )
    return flat.view(labels.shape)


LM_LOSSES = {"softmax": softmax_cross_entropy, "stablemax": stablemax_cross_entropy}


def act_loss(outputs: Dict[str, torch.Tensor], labels: torch.Tensor, halted: torch.Tensor, lm: str = "softmax") -> Tuple[torch.Tensor, Dict[str, float]]:
    """Loss of one ACT step (public ACTLossHead). `halted` selects the rows whose metrics count
    (their puzzle ends with this step). Returns (total loss, metrics summed over counted rows)."""
    logits = outputs["logits"]
    q_halt = outputs["q_halt_logits"]
    with torch.no_grad():
        mask = labels != IGNORE_LABEL_ID
        counts = mask.sum(-1)
        divisor = counts.clamp_min(1).unsqueeze(-1)
        correct = mask & (logits.argmax(-1) == labels)
        seq_correct = correct.sum(-1) == counts
        valid = halted & (counts > 0)
        metrics = {
            "count": valid.sum().item(),
            "accuracy": torch.where(valid, (correct.float() / divisor).sum(-1), torch.zeros(())).sum().item(),
            "exact_accuracy": (valid & seq_correct).sum().item(),
            "q_halt_accuracy": (valid & ((q_halt >= 0) == seq_correct)).sum().item(),
        }
    lm_loss = (LM_LOSSES[lm](logits, labels) / divisor).sum()
    halt_loss = F.binary_cross_entropy_with_logits(q_halt, seq_correct.to(q_halt.dtype), reduction="sum")
    total = lm_loss + HALT_WEIGHT * halt_loss
    metrics["lm_loss"] = lm_loss.item()
    metrics["q_halt_loss"] = halt_loss.item()
    if "target_q_continue" in outputs:
        cont = F.binary_cross_entropy_with_logits(outputs["q_continue_logits"], outputs["target_q_continue"], reduction="sum")
        total = total + HALT_WEIGHT * cont
        metrics["q_continue_loss"] = cont.item()
    return total, metrics
