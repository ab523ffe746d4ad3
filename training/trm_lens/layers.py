"""Building blocks of the Tiny Recursive Model, written to behave like the public reference code
(SamsungSAILMontreal/TinyRecursiveModels, models/layers.py) and to carry the same parameter names, so
that its checkpoints load into these modules unchanged.

Everything here is plain fp32 PyTorch that runs on torch 1.13 and 2.x and exports to ONNX: attention
is written out (no fused kernels), buffers are registered with `register_buffer`.
"""
import math
from contextlib import contextmanager
from typing import Iterator, Optional, Tuple

import torch
import torch.nn.functional as F
from torch import nn

CosSin = Tuple[torch.Tensor, torch.Tensor]


def trunc_normal_(tensor: torch.Tensor, std: float = 1.0, lower: float = -2.0, upper: float = 2.0) -> torch.Tensor:
    """Truncated normal whose *actual* standard deviation is `std` (JAX/flax semantics; torch's
    `trunc_normal_` truncates without rescaling). Truncation is at `lower`/`upper` standard deviations."""
    with torch.no_grad():
        if std == 0:
            return tensor.zero_()
        # Variance of a standard normal truncated to [lower, upper].
        cdf_lo = 0.5 * (1 + math.erf(lower / math.sqrt(2)))
        cdf_hi = 0.5 * (1 + math.erf(upper / math.sqrt(2)))
        mass = cdf_hi - cdf_lo
        pdf = lambda v: math.exp(-0.5 * v * v) / math.sqrt(2 * math.pi)  # noqa: E731
        var = 1 + (lower * pdf(lower) - upper * pdf(upper)) / mass - ((pdf(lower) - pdf(upper)) / mass) ** 2
        scale = std / math.sqrt(var)
        # Inverse-CDF sampling inside the truncation window.
        tensor.uniform_(2 * cdf_lo - 1, 2 * cdf_hi - 1).erfinv_().mul_(math.sqrt(2) * scale)
        return tensor.clamp_(lower * scale, upper * scale)


def find_multiple(a: int, b: int) -> int:
    """Smallest multiple of b that is >= a."""
    return -(a // -b) * b


def swiglu_intermediate_size(hidden_size: int, expansion: float) -> int:
    """The reference rounds 2/3 of expansion x hidden up to a multiple of 256."""
    return find_multiple(round(expansion * hidden_size * 2 / 3), 256)


_emulating_bf16 = False


@contextmanager
def bf16_rounding(enabled: bool = True) -> Iterator[None]:
    """Within it, fp32 forwards round every tensor the public code stores in bf16 (forward_dtype bfloat16)
    while each operation still computes in fp32, as the GPU kernels accumulate: the same numbers as a bf16
    forward, in ops that export to ONNX (Cast to BFLOAT16 and back) and run on CPU."""
    global _emulating_bf16
    previous, _emulating_bf16 = _emulating_bf16, enabled
    try:
        yield
    finally:
        _emulating_bf16 = previous


def round_bf16(t: torch.Tensor) -> torch.Tensor:
    return t.to(torch.bfloat16).to(torch.float32)


def stored(t: torch.Tensor, dtype: Optional[torch.dtype] = None) -> torch.Tensor:
    """`t` as the forward stores it: in `dtype` (default its own; a genuine bf16 forward rounds here by
    itself), and rounded to bf16 while emulating one under `bf16_rounding`."""
    t = t.to(t.dtype if dtype is None else dtype)
    return round_bf16(t) if _emulating_bf16 and t.dtype == torch.float32 else t


def rms_norm(hidden: torch.Tensor, eps: float) -> torch.Tensor:
    """RMSNorm without a learned weight, computed in fp32 and returned in the input dtype."""
    dtype = hidden.dtype
    h = hidden.to(torch.float32)
    h = h * torch.rsqrt(h.square().mean(-1, keepdim=True) + eps)
    return stored(h, dtype)


class CastedLinear(nn.Module):
    """Linear layer with truncated LeCun-normal init (parameter names `weight`, `bias`)."""

    def __init__(self, in_features: int, out_features: int, bias: bool):
        super().__init__()
        self.weight = nn.Parameter(trunc_normal_(torch.empty(out_features, in_features), std=in_features ** -0.5))
        self.bias = nn.Parameter(torch.zeros(out_features)) if bias else None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        bias = stored(self.bias, x.dtype) if self.bias is not None else None
        return stored(F.linear(x, stored(self.weight, x.dtype), bias))


class CastedEmbedding(nn.Module):
    """Embedding table stored as `embedding_weight` (the reference's name)."""

    def __init__(self, num_embeddings: int, embedding_dim: int, init_std: float):
        super().__init__()
        self.embedding_weight = nn.Parameter(trunc_normal_(torch.empty(num_embeddings, embedding_dim), std=init_std))

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        return F.embedding(ids, stored(self.embedding_weight))


class PuzzleEmbedding(nn.Module):
    """Per-puzzle-identifier embedding, stored as `weights` like the reference's CastedSparseEmbedding.

    The reference keeps it as a buffer trained by a sparse sign-SGD; here it is an ordinary parameter
    (trained by the main optimizer), which gives the same state_dict key and shape."""

    def __init__(self, num_embeddings: int, embedding_dim: int):
        super().__init__()
        self.weights = nn.Parameter(torch.zeros(num_embeddings, embedding_dim))  # zero init, as the reference

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        return F.embedding(ids, stored(self.weights))


class RotaryEmbedding(nn.Module):
    """RoPE tables [positions, head_dim], half-split layout (rotate_half). Non-persistent buffers, so
    they are not part of a checkpoint."""

    def __init__(self, dim: int, max_position_embeddings: int, base: float):
        super().__init__()
        inv_freq = 1.0 / (base ** (torch.arange(0, dim, 2, dtype=torch.float32) / dim))
        t = torch.arange(max_position_embeddings, dtype=torch.float32)
        freqs = torch.outer(t, inv_freq)
        emb = torch.cat((freqs, freqs), dim=-1)
        self.register_buffer("cos_cached", emb.cos(), persistent=False)
        self.register_buffer("sin_cached", emb.sin(), persistent=False)

    def forward(self) -> CosSin:
        return self.cos_cached, self.sin_cached


def rotate_half(x: torch.Tensor) -> torch.Tensor:
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


def apply_rotary(x: torch.Tensor, cos: torch.Tensor, sin: torch.Tensor) -> torch.Tensor:
    """x: [batch, seq, heads, head_dim]; cos/sin: [seq, head_dim]. Computed in the tables' fp32, stored in x's dtype."""
    h = x.to(cos.dtype)
    return stored(h * cos.unsqueeze(-2) + rotate_half(h) * sin.unsqueeze(-2), x.dtype)


class Attention(nn.Module):
    """Non-causal multi-head self-attention with a fused `qkv_proj` and `o_proj` (no biases)."""

    def __init__(self, hidden_size: int, num_heads: int):
        super().__init__()
        if hidden_size % num_heads:
            raise ValueError(f"hidden_size {hidden_size} is not divisible by num_heads {num_heads}")
        self.num_heads = num_heads
        self.head_dim = hidden_size // num_heads
        self.qkv_proj = CastedLinear(hidden_size, 3 * num_heads * self.head_dim, bias=False)
        self.o_proj = CastedLinear(num_heads * self.head_dim, hidden_size, bias=False)

    def forward(self, hidden: torch.Tensor, cos_sin: Optional[CosSin]) -> torch.Tensor:
        batch, seq, _ = hidden.shape
        qkv = self.qkv_proj(hidden).view(batch, seq, 3 * self.num_heads, self.head_dim)
        q = qkv[:, :, : self.num_heads]
        k = qkv[:, :, self.num_heads : 2 * self.num_heads]
        v = qkv[:, :, 2 * self.num_heads :]
        if cos_sin is not None:
            cos, sin = cos_sin
            q = apply_rotary(q, cos, sin)
            k = apply_rotary(k, cos, sin)
        # [batch, heads, seq, head_dim]
        q, k, v = (t.transpose(1, 2) for t in (q, k, v))
        # Scores and softmax in fp32, probabilities stored like v, as the fused bf16 kernels do.
        scores = torch.matmul(q.to(torch.float32), k.to(torch.float32).transpose(-1, -2)) * (self.head_dim ** -0.5)
        out = stored(torch.matmul(stored(torch.softmax(scores, dim=-1), v.dtype), v))
        return self.o_proj(out.transpose(1, 2).reshape(batch, seq, self.num_heads * self.head_dim))


class SwiGLU(nn.Module):
    """`down_proj(silu(gate) * up)` with `gate_up_proj` fused, reference intermediate-size rounding."""

    def __init__(self, hidden_size: int, expansion: float):
        super().__init__()
        inter = swiglu_intermediate_size(hidden_size, expansion)
        self.gate_up_proj = CastedLinear(hidden_size, 2 * inter, bias=False)
        self.down_proj = CastedLinear(inter, hidden_size, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        gate, up = self.gate_up_proj(x).chunk(2, dim=-1)
        # SiLU in fp32 and stored once, as GPU kernels do (CPU bf16 silu rounds inside).
        return self.down_proj(stored(stored(F.silu(gate.to(torch.float32)), gate.dtype) * up))
