"""Tiny, seeded, random-weight bundles with parity fixtures, committed under test/fixtures/ so the TypeScript
engine's tests run without the full-size bundles: one per shape of model the engine must handle.

    python3 -m trm_lens.tiny_fixtures --out ../test/fixtures

tiny-trm   4x4 "fixed" grid, attention + RoPE, no puzzle embedding
tiny-arc   "arc-eos" layout on an 8x8 canvas, attention + RoPE, 2 puzzle-embedding positions, 3 identifiers
tiny-mlpt  4x4 "fixed" grid, the mlp_t token mixer, no positional encoding, 1 puzzle-embedding position
tiny-hrm   an HRM (two networks: L_level 1 layer, H_level 2 layers), 4x4 "fixed" grid, learned positions,
           puzzle_emb_ndim 40 -> 2 puzzle-embedding positions (the second zero-padded), 3 identifiers

Each gets NAME/bundle/ (export.export_bundle) and NAME/parity/ (parity.write_fixture: batch 1, fixed tokens,
3 supervision steps, every latent and answer update).
"""
import argparse
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import torch

from . import export, parity
from .hrm_model import HRMConfig, HRMInner
from .model import TRMConfig, TRMInner

SEED = 1234
STEPS = 3
COMMON = {"hidden_size": 32, "num_heads": 2, "expansion": 2, "L_layers": 2, "H_cycles": 2, "L_cycles": 2,
          "halt_max_steps": 3}
FIXED_4x4 = {"layout": "fixed", "height": 4, "width": 4, "padToken": 0, "eosToken": None,
             "valueOffset": 1, "numValues": 5, "palette": "digits", "cellLabels": None}
SPECS: Dict[str, Dict] = {
    "tiny-trm": {"config": {**COMMON, "vocab_size": 6, "seq_len": 16, "pos_encodings": "rope"},
                 "encoding": FIXED_4x4, "identifiers": {"scope": "single", "names": [export.BLANK]}},
    "tiny-arc": {"config": {**COMMON, "vocab_size": 12, "seq_len": 64, "pos_encodings": "rope",
                            "puzzle_emb_ndim": 32, "puzzle_emb_len": 2, "num_puzzle_identifiers": 3},
                 "encoding": {"layout": "arc-eos", "height": 8, "width": 8, "padToken": 0, "eosToken": 1,
                              "valueOffset": 2, "numValues": 10, "palette": "arc", "cellLabels": None},
                 "identifiers": {"scope": "file", "names": [export.BLANK, "taskA", "taskB"]},
                 "loss": "stablemax", "puzzle_id": 1},
    "tiny-mlpt": {"config": {**COMMON, "vocab_size": 6, "seq_len": 16, "pos_encodings": "none", "mlp_t": True,
                             "puzzle_emb_ndim": 32, "puzzle_emb_len": 1}, "seed": 1,
                  "encoding": FIXED_4x4, "identifiers": {"scope": "single", "names": [export.BLANK]}},
    "tiny-hrm": {"family": "hrm",
                 "config": {"hidden_size": 32, "num_heads": 2, "expansion": 2, "H_layers": 2, "L_layers": 1,
                            "H_cycles": 2, "L_cycles": 2, "halt_max_steps": 3, "vocab_size": 6, "seq_len": 16,
                            "pos_encodings": "learned", "puzzle_emb_ndim": 40, "num_puzzle_identifiers": 3},
                 "encoding": FIXED_4x4, "puzzle_id": 2,
                 "identifiers": {"scope": "all", "names": [export.BLANK, "taskA", "taskA_t1_0123456789"]}},
}
INNERS = {"trm": (TRMConfig, TRMInner), "hrm": (HRMConfig, HRMInner)}


def random_inner(config: TRMConfig, seed: int, family: str = "trm") -> TRMInner:
    """The reference's init, plus random q_head weights/bias and puzzle embeddings (both start at zero or
    constant in the public code), so halting and puzzle ids make a difference the engine can be tested on."""
    torch.manual_seed(seed)
    inner = INNERS[family][1](config)
    with torch.no_grad():
        inner.q_head.weight.normal_(0, 1.0 / config.hidden_size ** 0.5)
        inner.q_head.bias.normal_(0, 0.5)
        if hasattr(inner, "puzzle_emb"):
            inner.puzzle_emb.weights.normal_(0, 0.5)
    return inner.eval()


def arc_eos_tokens(grid: List[List[int]], enc: Dict) -> List[int]:
    """A grid placed top-left on the PAD canvas, EOS on the row under it and the column right of it
    (the corner stays PAD, as in the public build_arc_dataset)."""
    h, w = len(grid), len(grid[0])
    canvas = [[enc["padToken"]] * enc["width"] for _ in range(enc["height"])]
    for r in range(h):
        for c in range(w):
            canvas[r][c] = grid[r][c] + enc["valueOffset"]
    if h < enc["height"]:
        for c in range(w):
            canvas[h][c] = enc["eosToken"]
    if w < enc["width"]:
        for r in range(h):
            canvas[r][w] = enc["eosToken"]
    return [t for row in canvas for t in row]


def fixed_tokens(spec: Dict, seed: int) -> torch.Tensor:
    enc, cfg = spec["encoding"], spec["config"]
    gen = torch.Generator().manual_seed(seed)
    if enc["layout"] == "arc-eos":
        grid = torch.randint(0, enc["numValues"], (5, 6), generator=gen).tolist()
        return torch.tensor([arc_eos_tokens(grid, enc)], dtype=torch.long)
    return torch.randint(0, enc["numValues"], (1, cfg["seq_len"]), generator=gen) + enc["valueOffset"]


def build(name: str, out: Path) -> None:
    spec = SPECS[name]
    family = spec.get("family", "trm")
    config = INNERS[family][0].from_dict(spec["config"])
    seed = spec.get("seed", SEED)
    inner = random_inner(config, seed, family)
    bundle = out / name / "bundle"
    export.export_bundle(inner, bundle, name=name, encoding=spec["encoding"], identifiers=spec["identifiers"],
                         loss=spec.get("loss", "softmax"),
                         card={"description": "random weights (seeded), a test fixture: not a trained model",
                               "seed": seed, "generator": "python3 -m trm_lens.tiny_fixtures"})
    tokens = fixed_tokens(spec, seed)
    ids = torch.tensor([spec.get("puzzle_id", 0)], dtype=torch.long)
    parity.write_fixture(inner, tokens, ids, STEPS, out / name / "parity", bundle)
    print(f"wrote {out / name}")


def main(argv: Optional[Sequence[str]] = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[2] / "test" / "fixtures")
    ap.add_argument("--only", choices=sorted(SPECS), nargs="*")
    args = ap.parse_args(argv)
    torch.set_num_threads(1)
    for name in args.only or sorted(SPECS):
        build(name, args.out)


if __name__ == "__main__":
    main()
