"""Reference Hierarchical Reasoning Model (HRM) in PyTorch, faithful to the public code (sapientinc/HRM,
models/hrm/hrm_act_v1.py) and carrying the same state_dict key names, so a checkpoint of its pretrain.py
loads here after stripping the `_orig_mod.model.` prefix (model.load_reference_state_dict).

HRM is where TRM comes from, and the two differ in few places, so this module reuses model.py:
- two networks of post-norm attention blocks instead of one: `L_level` (L_layers blocks) makes the low-level
  update z_L = L_level(z_L, z_H + x), `H_level` (H_layers blocks) the high-level one z_H = H_level(z_H, z_L);
  TRM runs both updates through its one `L_level`.
- the puzzle embedding always takes ceil(puzzle_emb_ndim / hidden_size) positions (no `puzzle_emb_len`);
  positions are RoPE or learned (`embed_pos`), no `mlp_t`.
- halting (training only) is q_halt > q_continue, and the continue target is always bootstrapped.
- the 1-step gradient covers only the last low-level and the last high-level update.
Everything else is TRM's: embedding x sqrt(hidden), zero-initialised puzzle embedding, H_init / L_init,
lm_head on z_H after the puzzle positions, q_head on z_H[:, 0]. In eval mode, as in the public evaluate.py,
every puzzle runs halt_max_steps supervision steps of H_cycles x (L_cycles low-level updates + 1 high-level
update).

Public API
----------
HRMConfig (dataclass)      keys mirror the public arch config (config/arch/hrm_v1.yaml): hidden_size,
                           num_heads, expansion, H_layers, L_layers, H_cycles, L_cycles, halt_max_steps,
                           halt_exploration_prob, pos_encodings ("rope" | "learned"), puzzle_emb_ndim,
                           num_puzzle_identifiers, vocab_size, seq_len, rms_norm_eps, rope_theta.
                           from_dict / to_dict / puzzle_positions / total_len as TRMConfig.
HRMInner(config)           TRMInner's pieces (input_embeddings, heads, initial_state, supervision_step with
                           the same on_update hook: kind "latent" for z_L, "answer" for z_H), plus
    latent_net(z_L, injection)  = L_level      answer_net(z_H, injection) = H_level
HRM(config)                the ACT wrapper (public HierarchicalReasoningModel_ACTV1), TRM's loop.
"""
import dataclasses
from dataclasses import dataclass
from typing import ClassVar, Dict, Mapping, Optional, Tuple

import torch

from .model import TRM, ReasoningModule, TRMInner, UpdateHook

POS_ENCODINGS = ("rope", "learned")


@dataclass
class HRMConfig:
    vocab_size: int
    seq_len: int
    hidden_size: int = 512
    num_heads: int = 8
    expansion: float = 4.0
    H_layers: int = 4
    L_layers: int = 4
    H_cycles: int = 2
    L_cycles: int = 2
    halt_max_steps: int = 16
    halt_exploration_prob: float = 0.1
    pos_encodings: str = "rope"
    puzzle_emb_ndim: int = 0
    num_puzzle_identifiers: int = 1
    rms_norm_eps: float = 1e-5
    rope_theta: float = 10000.0

    # What HRM does not have, under the names the shared TRM modules read.
    mlp_t: ClassVar[bool] = False  # every block mixes tokens by attention
    no_ACT_continue: ClassVar[bool] = False  # halt when q_halt > q_continue, bootstrapped continue target

    def __post_init__(self):
        if self.pos_encodings not in POS_ENCODINGS:
            # The public model raises NotImplementedError for anything else.
            raise ValueError(f"HRM pos_encodings must be one of {POS_ENCODINGS}, got {self.pos_encodings!r}")
        if self.puzzle_emb_ndim < 0:
            raise ValueError(f"puzzle_emb_ndim must be >= 0, got {self.puzzle_emb_ndim}")

    @property
    def puzzle_positions(self) -> int:
        """ceil(puzzle_emb_ndim / hidden_size) positions in front of the grid."""
        return -(self.puzzle_emb_ndim // -self.hidden_size)

    @property
    def total_len(self) -> int:
        return self.puzzle_positions + self.seq_len

    @classmethod
    def from_dict(cls, d: Mapping) -> "HRMConfig":
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in names})

    def to_dict(self) -> Dict:
        return dataclasses.asdict(self)


class HRMInner(TRMInner):
    """TRM's inner module with a second network: `H_level` for the high-level (answer) update."""

    def __init__(self, config: HRMConfig):
        super().__init__(config)  # embeddings, heads, L_level (L_layers blocks), H_init / L_init
        self.H_level = ReasoningModule(config, config.H_layers)

    def latent_net(self, z_L: torch.Tensor, injection: torch.Tensor) -> torch.Tensor:
        return self.L_level(z_L, injection, self.cos_sin())

    def answer_net(self, z_H: torch.Tensor, injection: torch.Tensor) -> torch.Tensor:
        return self.H_level(z_H, injection, self.cos_sin())

    def net(self, hidden: torch.Tensor, injection: torch.Tensor) -> torch.Tensor:
        raise TypeError("HRM has two networks: use latent_net (L_level) or answer_net (H_level)")

    def supervision_step(
        self,
        z_H: torch.Tensor,
        z_L: torch.Tensor,
        x: torch.Tensor,
        on_update: Optional[UpdateHook] = None,
        grad_last_cycle: bool = False,
    ) -> Tuple[torch.Tensor, torch.Tensor]:
        """H_cycles x (L_cycles updates z_L = L_level(z_L, z_H + x), then z_H = H_level(z_H, z_L)). With
        grad_last_cycle only the last z_L and the last z_H update build a graph (HRM's 1-step gradient)."""
        cfg = self.config
        cos_sin = self.cos_sin()
        grad = torch.is_grad_enabled()
        for h in range(cfg.H_cycles):
            last_h = h == cfg.H_cycles - 1
            for l in range(cfg.L_cycles):
                with torch.set_grad_enabled(grad and (not grad_last_cycle or (last_h and l == cfg.L_cycles - 1))):
                    z_L = self.L_level(z_L, z_H + x, cos_sin)
                if on_update is not None:
                    on_update("latent", h, l, z_L)
            with torch.set_grad_enabled(grad and (not grad_last_cycle or last_h)):
                z_H = self.H_level(z_H, z_L, cos_sin)
            if on_update is not None:
                on_update("answer", h, None, z_H)
        return z_H, z_L


class HRM(TRM):
    """ACT wrapper: TRM's loop (reset halted rows, one supervision step, halt after halt_max_steps, in
    training also on q_halt > q_continue with exploration and the bootstrapped continue target)."""

    def __init__(self, config: HRMConfig):
        torch.nn.Module.__init__(self)
        self.config = config
        self.inner = HRMInner(config)
