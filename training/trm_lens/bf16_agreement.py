"""Agreement with the reference's genuine bf16 forward, per supervision step, on the full-size random networks of
random_bundles (Sudoku mlp_t, ARC attention): the fraction of answer tokens (argmax of the logits) on which the
fp32 export and the bf16 export agree with the bf16 reference run (free-running: each run from its own states),
and with the emulated one (layers.bf16_rounding).

The exports are represented by the forwards their graphs replay: the fp32 model (checked by the parity fixtures)
and the emulated bf16 model (the graphs are its trace under bf16_rounding; tests/test_export.py checks that they
round, tests/test_bf16.py that the emulation rounds like a genuine bf16 forward).

    python3 -m trm_lens.bf16_agreement [--only sudoku arc] [--steps 16]
"""
import argparse
import json
import tempfile
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import torch

from .convert import config_from_public, load_public_state_dict, model_from_public, read_yaml
from .export import ENCODINGS
from .layers import bf16_rounding
from .model import TRMInner, bf16_forward
from .random_bundles import CONFIGS, fake_public_checkpoint


def _answers(inner: TRMInner, tokens: torch.Tensor, ids: torch.Tensor, steps: int) -> List[torch.Tensor]:
    """The answer tokens after each supervision step of a free-running solve."""
    x = inner.input_embeddings(tokens, ids)
    y, z = inner.initial_state(tokens.shape[0])
    out = []
    for _ in range(steps):
        y, z = inner.supervision_step(y, z, x)
        out.append(inner.heads(y)[0].float().argmax(-1))
    return out


def agreement(name: str, steps: int, seed: int = 1) -> List[Dict[str, float]]:
    spec = CONFIGS[name]
    with tempfile.TemporaryDirectory() as tmp:
        ckpt = fake_public_checkpoint(name, Path(tmp))
        names = json.loads((ckpt.parent / "identifiers.json").read_text())
        config, _ = config_from_public(read_yaml(ckpt.parent / "all_config.yaml"), spec["dataset"], len(names))
        inner = model_from_public(load_public_state_dict(ckpt), config, str(ckpt)).inner.eval()
    gen = torch.Generator().manual_seed(seed)
    enc = ENCODINGS[spec["dataset"]]
    tokens = torch.randint(0, enc["numValues"], (1, config.seq_len), generator=gen) + enc["valueOffset"]
    ids = torch.tensor([min(1, config.num_puzzle_identifiers - 1)])
    with torch.no_grad():
        genuine = _answers(bf16_forward(inner), tokens, ids, steps)
        fp32 = _answers(inner, tokens, ids, steps)
        with bf16_rounding():
            emulated = _answers(inner, tokens, ids, steps)
    rate = lambda a, b: (a == b).float().mean().item()  # noqa: E731
    return [{"fp32_vs_bf16": rate(f, g), "bf16export_vs_bf16": rate(e, g), "fp32_vs_emulated": rate(f, e)}
            for f, e, g in zip(fp32, emulated, genuine)]


def main(argv: Optional[Sequence[str]] = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", nargs="*", choices=["sudoku", "arc"], default=["sudoku", "arc"])
    ap.add_argument("--steps", type=int, default=16)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    for name in args.only:
        print(f"{name}: step  fp32-export=bf16-ref  bf16-export=bf16-ref  fp32-export=emulated", flush=True)
        for s, row in enumerate(agreement(name, args.steps), 1):
            print(f"{name}: {s:4d}  {row['fp32_vs_bf16']:18.4f}  {row['bf16export_vs_bf16']:20.4f}"
                  f"  {row['fp32_vs_emulated']:20.4f}", flush=True)


if __name__ == "__main__":
    main()
