"""The public TRM code's optimizer for puzzle embeddings (models/sparse_embedding.py,
CastedSparseEmbeddingSignSGD_Distributed), for a dense embedding parameter.

Only the rows of the batch move: w <- w * (1 - lr * weight_decay) - lr * sign(grad). The reference
collects the gradient of the rows its batch looked up; an absent row's gradient is exactly zero here, so
the rows with a non-zero gradient are those rows.
"""
import torch


class SparseSignSGD(torch.optim.Optimizer):
    def __init__(self, params, lr: float, weight_decay: float):
        super().__init__(params, {"lr": lr, "weight_decay": weight_decay})

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                rows = p.grad.reshape(p.shape[0], -1).ne(0).any(-1)
                p[rows] = p[rows] * (1 - group["lr"] * group["weight_decay"]) - group["lr"] * torch.sign(p.grad[rows])
        return None
