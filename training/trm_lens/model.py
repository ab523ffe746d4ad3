"""Reference Tiny Recursive Model (TRM) in PyTorch, faithful to the public code
(SamsungSAILMontreal/TinyRecursiveModels, models/recursive_reasoning/trm.py) and carrying the same
state_dict key names, so a checkpoint of its pretrain.py loads here after stripping the
`_orig_mod.model.` / `model.` prefix (see `load_reference_state_dict`).

Public API
----------
TRMConfig (dataclass)            arch config; keys mirror the public arch config:
    hidden_size, num_heads, expansion, L_layers, H_cycles, L_cycles, halt_max_steps,
    halt_exploration_prob, pos_encodings ("rope" | "learned" | "none"), mlp_t, puzzle_emb_ndim,
    puzzle_emb_len, num_puzzle_identifiers, vocab_size, seq_len, rms_norm_eps, rope_theta,
    no_ACT_continue.
    TRMConfig.from_dict(d)       builds one from a dict (e.g. the `arch` section of the public
                                 all_config.yaml plus the dataset's seq_len/vocab_size/
                                 num_puzzle_identifiers); keys it does not model (name, loss,
                                 batch_size, H_layers, forward_dtype, causal) are ignored.
    config.to_dict()             plain dict (saved in our checkpoints).
    config.puzzle_positions      number of puzzle-embedding positions in front of the grid (P).
    config.total_len             P + seq_len.

TRMInner(config)                 the network and heads (the public `inner` module). Pieces the
                                 exporter calls separately (all fp32):
    input_embeddings(tokens[B,S] int64, puzzle_ids[B] int64) -> x [B, P+S, H]
                                 (puzzle embedding positions, learned positions if any, x sqrt(H))
    net(hidden, injection) -> [B, P+S, H]     = L_level: layers(hidden + injection) (RoPE inside)
    heads(state) -> (logits [B, S, vocab] without puzzle positions, q_logits [B, 2] (halt, continue))
    initial_state(batch) -> (z_H, z_L)       H_init / L_init broadcast to [B, P+S, H]
    supervision_step(z_H, z_L, x, on_update=None, grad_last_cycle=False) -> (z_H, z_L)
                                 one supervision step: H_cycles x (L_cycles latent updates
                                 z_L = net(z_L, z_H + x), one answer update z_H = net(z_H, z_L));
                                 on_update(kind, h_cycle, l_cycle, tensor) is called after every
                                 update with kind "latent" (l_cycle int) or "answer" (l_cycle None).
    forward(carry: InnerCarry, batch) -> (new_carry (detached), logits, (q_halt, q_continue))
                                 the public training step: H_cycles-1 cycles without grad, one with.
    Buffers: H_init, L_init (persistent, [H]); rotary_emb.cos_cached/sin_cached (non-persistent).

TRM(config)                      ACT wrapper (public TinyRecursiveReasoningModel_ACTV1); `.inner`.
    initial_carry(batch) -> Carry            every row "halted", so the first call loads data.
    forward(carry, batch) -> (Carry, outputs)
                                 streaming carry: halted rows are replaced by the rows of `batch`
                                 and reset to H_init/L_init; outputs has logits, q_halt_logits,
                                 q_continue_logits (+ target_q_continue when no_ACT_continue is
                                 False). In training mode a row halts when q_halt > 0 (or
                                 q_halt > q_continue), after halt_max_steps, with exploration
                                 (min halt steps drawn with probability halt_exploration_prob);
                                 in eval mode only after halt_max_steps.

bf16_forward(inner) -> copy      the same network running in genuine bf16, as the public code with forward_dtype
                                 bfloat16 (weights and carry bf16, fp32 accumulation); layers.bf16_rounding()
                                 emulates it in fp32 tensors, which is what `export --precision bf16` traces.

strip_reference_prefix(state_dict) -> state_dict   drops `_orig_mod.` and `model.` prefixes.
load_reference_state_dict(model: TRM, state_dict)  strips prefixes, casts floating tensors
                                 (bf16 too) to fp32, loads with strict=True.

Checkpoints of this project's training (trm_lens.train) are dicts with "config" (TRMConfig.to_dict()),
"model" (raw weights), "ema" (the averaged weights, the ones to ship), optimizer and progress state;
`trm_lens.evaluate.load_model(path)` returns the TRM to ship (EMA weights, eval mode).

Batches are dicts: "inputs" int64 [B, S] tokens, "labels" int64 [B, S] (-100 = ignored),
"puzzle_identifiers" int64 [B].
"""
import dataclasses
import math
from dataclasses import dataclass
from typing import Callable, Dict, Mapping, Optional, Tuple

import torch
from torch import nn

from .layers import (
    Attention,
    CastedEmbedding,
    CastedLinear,
    CosSin,
    PuzzleEmbedding,
    RotaryEmbedding,
    SwiGLU,
    rms_norm,
    stored,
    trunc_normal_,
)

POS_ENCODINGS = ("rope", "learned", "none")


@dataclass
class TRMConfig:
    vocab_size: int
    seq_len: int
    hidden_size: int = 64
    num_heads: int = 2
    expansion: float = 4.0
    L_layers: int = 2
    H_cycles: int = 2
    L_cycles: int = 3
    halt_max_steps: int = 16
    halt_exploration_prob: float = 0.1
    pos_encodings: str = "rope"
    mlp_t: bool = False
    puzzle_emb_ndim: int = 0
    puzzle_emb_len: int = 0
    num_puzzle_identifiers: int = 1
    rms_norm_eps: float = 1e-5
    rope_theta: float = 10000.0
    no_ACT_continue: bool = True

    def __post_init__(self):
        if self.pos_encodings not in POS_ENCODINGS:
            raise ValueError(f"pos_encodings must be one of {POS_ENCODINGS}, got {self.pos_encodings!r}")
        if self.puzzle_positions > 0 and self.puzzle_emb_ndim <= 0:
            # The reference would fail with a shape mismatch between carry and embeddings here.
            raise ValueError("puzzle_emb_len > 0 needs puzzle_emb_ndim > 0")
        if self.puzzle_emb_ndim > self.puzzle_positions * self.hidden_size:
            raise ValueError(
                f"puzzle_emb_ndim {self.puzzle_emb_ndim} does not fit in puzzle_emb_len {self.puzzle_emb_len}"
                f" x hidden_size {self.hidden_size}"
            )

    @property
    def puzzle_positions(self) -> int:
        """Positions in front of the grid: puzzle_emb_len, or ceil(puzzle_emb_ndim / hidden) when it is 0."""
        if self.puzzle_emb_len:
            return self.puzzle_emb_len
        return -(self.puzzle_emb_ndim // -self.hidden_size)

    @property
    def total_len(self) -> int:
        return self.puzzle_positions + self.seq_len

    @classmethod
    def from_dict(cls, d: Mapping) -> "TRMConfig":
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in names})

    def to_dict(self) -> Dict:
        return dataclasses.asdict(self)


def _scaled(scale: float, t: torch.Tensor) -> torch.Tensor:
    """scale x t with the scale in fp32, as GPU kernels multiply a bf16 tensor (torch's CPU ones round it first)."""
    return stored(scale * t.to(torch.float32), t.dtype)


class Block(nn.Module):
    """Post-norm block: token mixing (attention or mlp_t over positions), then SwiGLU."""

    def __init__(self, config: TRMConfig):
        super().__init__()
        self.eps = config.rms_norm_eps
        self.use_mlp_t = config.mlp_t
        if config.mlp_t:
            self.mlp_t = SwiGLU(config.total_len, config.expansion)
        else:
            self.self_attn = Attention(config.hidden_size, config.num_heads)
        self.mlp = SwiGLU(config.hidden_size, config.expansion)

    def forward(self, hidden: torch.Tensor, cos_sin: Optional[CosSin]) -> torch.Tensor:
        if self.use_mlp_t:
            t = hidden.transpose(1, 2)
            hidden = rms_norm(stored(t + self.mlp_t(t)), self.eps).transpose(1, 2)
        else:
            hidden = rms_norm(stored(hidden + self.self_attn(hidden, cos_sin)), self.eps)
        return rms_norm(stored(hidden + self.mlp(hidden)), self.eps)


class ReasoningModule(nn.Module):
    """The one network of TRM (the reference's `L_level`): layers(hidden + injection). HRM's two levels are
    this module too, with their own layer counts."""

    def __init__(self, config: TRMConfig, num_layers: Optional[int] = None):
        super().__init__()
        count = config.L_layers if num_layers is None else num_layers
        self.layers = nn.ModuleList([Block(config) for _ in range(count)])

    def forward(self, hidden: torch.Tensor, injection: torch.Tensor, cos_sin: Optional[CosSin]) -> torch.Tensor:
        # The injection (z_H + x for a latent update) is a stored sum in bf16 too: rounding it here keeps
        # graphs whose caller adds in fp32 equal to the reference.
        hidden = stored(hidden + stored(injection))
        for layer in self.layers:
            hidden = layer(hidden, cos_sin)
        return hidden


@dataclass
class InnerCarry:
    z_H: torch.Tensor  # the answer state y
    z_L: torch.Tensor  # the latent z


@dataclass
class Carry:
    inner_carry: InnerCarry
    steps: torch.Tensor  # int32 [B]: supervision steps done on the current puzzle of each row
    halted: torch.Tensor  # bool [B]
    current_data: Dict[str, torch.Tensor]


UpdateHook = Callable[[str, int, Optional[int], torch.Tensor], None]


class TRMInner(nn.Module):
    def __init__(self, config: TRMConfig):
        super().__init__()
        self.config = config
        h = config.hidden_size
        self.embed_scale = math.sqrt(h)
        embed_std = 1.0 / self.embed_scale

        self.embed_tokens = CastedEmbedding(config.vocab_size, h, init_std=embed_std)
        self.lm_head = CastedLinear(h, config.vocab_size, bias=False)
        self.q_head = CastedLinear(h, 2, bias=True)
        if config.puzzle_emb_ndim > 0:
            self.puzzle_emb = PuzzleEmbedding(config.num_puzzle_identifiers, config.puzzle_emb_ndim)
        if config.pos_encodings == "rope":
            self.rotary_emb = RotaryEmbedding(h // config.num_heads, config.total_len, config.rope_theta)
        elif config.pos_encodings == "learned":
            self.embed_pos = CastedEmbedding(config.total_len, h, init_std=embed_std)
        self.L_level = ReasoningModule(config)

        self.register_buffer("H_init", trunc_normal_(torch.empty(h), std=1.0), persistent=True)
        self.register_buffer("L_init", trunc_normal_(torch.empty(h), std=1.0), persistent=True)

        # The reference starts the Q head near "never halt" so that early training runs full length.
        with torch.no_grad():
            self.q_head.weight.zero_()
            self.q_head.bias.fill_(-5.0)

    # --- pieces the exporter uses -------------------------------------------------------------

    def cos_sin(self) -> Optional[CosSin]:
        return self.rotary_emb() if self.config.pos_encodings == "rope" else None

    def input_embeddings(self, tokens: torch.Tensor, puzzle_ids: torch.Tensor) -> torch.Tensor:
        rows = self.puzzle_emb(puzzle_ids.long()) if self.config.puzzle_emb_ndim > 0 else None
        return self.embed_rows(tokens, rows)

    def embed_rows(self, tokens: torch.Tensor, pe: Optional[torch.Tensor]) -> torch.Tensor:
        """input_embeddings given the puzzle-embedding rows [B, puzzle_emb_ndim] already looked up (None
        without a puzzle embedding): the exporter keeps the table out of the graph this way."""
        cfg = self.config
        emb = self.embed_tokens(tokens.long())
        if pe is not None:
            pad = cfg.puzzle_positions * cfg.hidden_size - pe.shape[-1]
            if pad > 0:
                pe = torch.nn.functional.pad(pe, (0, pad))
            emb = torch.cat((pe.view(-1, cfg.puzzle_positions, cfg.hidden_size), emb), dim=-2)
        if cfg.pos_encodings == "learned":
            # 1/sqrt(2) keeps the variance of the sum of two unit-variance embeddings.
            emb = _scaled(0.707106781, stored(emb + stored(self.embed_pos.embedding_weight)))
        return _scaled(self.embed_scale, emb)

    def net(self, hidden: torch.Tensor, injection: torch.Tensor) -> torch.Tensor:
        return self.L_level(hidden, injection, self.cos_sin())

    def heads(self, state: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        logits = self.lm_head(state)[:, self.config.puzzle_positions :]
        q_logits = self.q_head(state[:, 0]).to(torch.float32)
        return logits, q_logits

    def initial_state(self, batch_size: int) -> Tuple[torch.Tensor, torch.Tensor]:
        shape = (batch_size, self.config.total_len, self.config.hidden_size)
        return stored(self.H_init.expand(shape).clone()), stored(self.L_init.expand(shape).clone())

    def supervision_step(
        self,
        z_H: torch.Tensor,
        z_L: torch.Tensor,
        x: torch.Tensor,
        on_update: Optional[UpdateHook] = None,
        grad_last_cycle: bool = False,
    ) -> Tuple[torch.Tensor, torch.Tensor]:
        """One supervision step. With grad_last_cycle, only the last H cycle builds a graph (the
        reference's 1-step gradient approximation); otherwise autograd follows the caller's mode."""
        cfg = self.config
        cos_sin = self.cos_sin()
        for h in range(cfg.H_cycles):
            track = (not grad_last_cycle or h == cfg.H_cycles - 1) and torch.is_grad_enabled()
            with torch.set_grad_enabled(track):
                for l in range(cfg.L_cycles):
                    z_L = self.L_level(z_L, z_H + x, cos_sin)
                    if on_update is not None:
                        on_update("latent", h, l, z_L)
                z_H = self.L_level(z_H, z_L, cos_sin)
                if on_update is not None:
                    on_update("answer", h, None, z_H)
        return z_H, z_L

    # --- training step (public inner forward) -------------------------------------------------

    def empty_carry(self, batch_size: int) -> InnerCarry:
        shape = (batch_size, self.config.total_len, self.config.hidden_size)
        return InnerCarry(z_H=torch.zeros(shape), z_L=torch.zeros(shape))

    def reset_carry(self, reset: torch.Tensor, carry: InnerCarry) -> InnerCarry:
        r = reset.view(-1, 1, 1)
        return InnerCarry(z_H=torch.where(r, self.H_init, carry.z_H), z_L=torch.where(r, self.L_init, carry.z_L))

    def forward(self, carry: InnerCarry, batch: Mapping[str, torch.Tensor]):
        x = self.input_embeddings(batch["inputs"], batch["puzzle_identifiers"])
        z_H, z_L = self.supervision_step(carry.z_H, carry.z_L, x, grad_last_cycle=True)
        logits, q = self.heads(z_H)
        return InnerCarry(z_H=z_H.detach(), z_L=z_L.detach()), logits, (q[..., 0], q[..., 1])


class TRM(nn.Module):
    """ACT wrapper with deep supervision: one call = one supervision step for every row."""

    def __init__(self, config: TRMConfig):
        super().__init__()
        self.config = config
        self.inner = TRMInner(config)

    def initial_carry(self, batch: Mapping[str, torch.Tensor]) -> Carry:
        n = batch["inputs"].shape[0]
        return Carry(
            inner_carry=self.inner.empty_carry(n),
            steps=torch.zeros(n, dtype=torch.int32),
            halted=torch.ones(n, dtype=torch.bool),
            current_data={k: torch.empty_like(v) for k, v in batch.items()},
        )

    def forward(self, carry: Carry, batch: Mapping[str, torch.Tensor]) -> Tuple[Carry, Dict[str, torch.Tensor]]:
        cfg = self.config
        halted = carry.halted
        inner_carry = self.inner.reset_carry(halted, carry.inner_carry)
        steps = torch.where(halted, torch.zeros_like(carry.steps), carry.steps)
        data = {
            k: torch.where(halted.view((-1,) + (1,) * (batch[k].ndim - 1)), batch[k], v)
            for k, v in carry.current_data.items()
        }

        inner_carry, logits, (q_halt, q_continue) = self.inner(inner_carry, data)
        outputs = {"logits": logits, "q_halt_logits": q_halt, "q_continue_logits": q_continue}

        with torch.no_grad():
            steps = steps + 1
            is_last = steps >= cfg.halt_max_steps
            new_halted = is_last
            if self.training and cfg.halt_max_steps > 1:
                wants_halt = (q_halt > 0) if cfg.no_ACT_continue else (q_halt > q_continue)
                new_halted = new_halted | wants_halt
                # Exploration: some rows must run at least a random number of steps in [2, max].
                explore = torch.rand_like(q_halt) < cfg.halt_exploration_prob
                min_steps = explore * torch.randint_like(steps, low=2, high=cfg.halt_max_steps + 1)
                new_halted = new_halted & (steps >= min_steps)
                if not cfg.no_ACT_continue:
                    # Bootstrapped Q target from the next step (no replay buffer, as the reference).
                    _, _, (next_halt, next_continue) = self.inner(inner_carry, data)
                    outputs["target_q_continue"] = torch.sigmoid(
                        torch.where(is_last, next_halt, torch.maximum(next_halt, next_continue))
                    )

        return Carry(inner_carry, steps, new_halted, data), outputs


def bf16_forward(inner: TRMInner) -> TRMInner:
    """A copy of `inner` that runs the forward in genuine bf16, as the public code with forward_dtype bfloat16:
    weights, embeddings and carry in bf16 (the casts in the layers follow them), RoPE tables in fp32."""
    copy = type(inner)(inner.config)
    copy.load_state_dict(inner.state_dict())
    copy = copy.to(torch.bfloat16).eval()
    if hasattr(copy, "rotary_emb"):
        copy.rotary_emb.cos_cached, copy.rotary_emb.sin_cached = inner.rotary_emb()
    return copy


REFERENCE_PREFIXES = ("_orig_mod.", "model.")


def strip_reference_prefix(state_dict: Mapping[str, torch.Tensor]) -> Dict[str, torch.Tensor]:
    """`_orig_mod.model.inner.x` (torch.compile + loss head) or `model.inner.x` -> `inner.x`."""
    out = {}
    for key, value in state_dict.items():
        stripped = key
        for prefix in REFERENCE_PREFIXES:
            if stripped.startswith(prefix):
                stripped = stripped[len(prefix) :]
        out[stripped] = value
    return out


def load_reference_state_dict(model: TRM, state_dict: Mapping[str, torch.Tensor]) -> None:
    """Load a public-code (or our own) state dict: prefixes stripped, floats cast to fp32, strict."""
    sd = {
        k: (v.to(torch.float32) if torch.is_floating_point(v) else v)
        for k, v in strip_reference_prefix(state_dict).items()
    }
    model.load_state_dict(sd, strict=True)
