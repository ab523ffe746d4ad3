"""Write a parity fixture (docs/bundle-format.md): the reference's tensors after every latent update, answer
update and supervision step, for fixed inputs, so a Node test can run the exported graphs and compare.

    python3 -m trm_lens.parity --checkpoint ../models/sudoku6-tiny/checkpoint.pt \
        --bundle ../models/sudoku6-tiny --out ../test/fixtures/sudoku6-parity --steps 3
"""
import argparse
import json
import os
from pathlib import Path
from typing import List, Optional, Sequence

import torch

from .export import inner_from_own_checkpoint
from .model import TRMInner


def write_fixture(inner: TRMInner, tokens: torch.Tensor, puzzle_ids: torch.Tensor, steps: int,
                  out_dir: Path, bundle_dir: Path) -> None:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    records: List[dict] = []
    chunks: List[bytes] = []
    offset = 0

    def add(value: torch.Tensor, **coords) -> None:
        nonlocal offset
        data = value.detach().to(torch.float32).contiguous().numpy().astype("<f4").tobytes()
        records.append({**coords, "offset": offset, "shape": list(value.shape)})
        chunks.append(data)
        offset += len(data)

    inner = inner.float().eval()
    with torch.no_grad():
        x = inner.input_embeddings(tokens, puzzle_ids)
        y, z = inner.initial_state(tokens.shape[0])
        for s in range(steps):
            def on_update(kind: str, h: int, l: Optional[int], t: torch.Tensor, s: int = s) -> None:
                add(t, supStep=s, hCycle=h, lCycle=l, kind=kind, tensor="z" if kind == "latent" else "y")
            y, z = inner.supervision_step(y, z, x, on_update=on_update)
            logits, q = inner.heads(y)
            add(logits, supStep=s, kind="heads", tensor="logits")
            add(q, supStep=s, kind="heads", tensor="q_logits")
    (out_dir / "parity.bin").write_bytes(b"".join(chunks))
    fixture = {
        "bundle": os.path.relpath(bundle_dir, out_dir),
        "tokens": tokens.tolist(), "puzzleIds": puzzle_ids.tolist(),
        "supervisionSteps": steps, "records": records,
    }
    (out_dir / "parity.json").write_text(json.dumps(fixture, indent=1) + "\n")


def main(argv: Optional[Sequence[str]] = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", required=True, type=Path)
    ap.add_argument("--bundle", required=True, type=Path, help="the bundle exported from the same checkpoint")
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--steps", type=int, default=3)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    torch.set_num_threads(1)
    inner = inner_from_own_checkpoint(args.checkpoint)
    cfg = inner.config
    manifest = json.loads((args.bundle / "manifest.json").read_text())
    enc = manifest["encoding"]
    gen = torch.Generator().manual_seed(args.seed)
    values = torch.randint(0, enc["numValues"], (2, cfg.seq_len), generator=gen)
    tokens = values + enc["valueOffset"]
    ids = torch.zeros((2,), dtype=torch.long)
    write_fixture(inner, tokens, ids, args.steps, args.out, args.bundle)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
