"""Write a parity fixture (docs/bundle-format.md): the reference's tensors after every latent update, answer
update and supervision step, for fixed inputs, so a Node test can run the exported graphs and compare.

    python3 -m trm_lens.parity --checkpoint ../models/sudoku6-tiny/checkpoint.pt \
        --bundle ../models/sudoku6-tiny --out ../test/fixtures/sudoku6-parity --steps 3

With `--precision bf16` the reference runs as the bf16 bundle's graphs do (layers.bf16_rounding), and `--task`
takes the inputs from puzzles (each file's first test input) instead of random tokens.
"""
import argparse
import json
import os
from pathlib import Path
from typing import List, Optional, Sequence

import torch

from .export import PRECISIONS, inner_from_own_checkpoint
from .layers import bf16_rounding
from .model import TRMInner


def write_fixture(inner: TRMInner, tokens: torch.Tensor, puzzle_ids: torch.Tensor, steps: int,
                  out_dir: Path, bundle_dir: Path, precision: str = "fp32") -> None:
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
    with torch.no_grad(), bf16_rounding(precision == "bf16"):
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
        "bundle": os.path.relpath(bundle_dir, out_dir), "precision": precision,
        "tokens": tokens.tolist(), "puzzleIds": puzzle_ids.tolist(),
        "supervisionSteps": steps, "records": records,
    }
    (out_dir / "parity.json").write_text(json.dumps(fixture, indent=1) + "\n")


def task_tokens(files: Sequence[Path], encoding: dict) -> torch.Tensor:
    """The first test input of each task file, as tokens of a `fixed` layout."""
    if encoding["layout"] != "fixed":
        raise SystemExit(f"--task takes puzzles for a fixed layout; this bundle's is {encoding['layout']}")
    rows = []
    for f in files:
        grid = json.loads(Path(f).read_text())["test"][0]["input"]
        if len(grid) != encoding["height"] or any(len(r) != encoding["width"] for r in grid):
            raise SystemExit(f"{f}: $.test[0].input is not {encoding['height']}x{encoding['width']}")
        rows.append([v + encoding["valueOffset"] for r in grid for v in r])
    return torch.tensor(rows, dtype=torch.long)


def main(argv: Optional[Sequence[str]] = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", required=True, type=Path)
    ap.add_argument("--bundle", required=True, type=Path, help="the bundle exported from the same checkpoint")
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--steps", type=int, default=3)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--precision", choices=PRECISIONS, default="fp32", help="the bundle's precision")
    ap.add_argument("--task", type=Path, nargs="*", help="puzzles to run (default: 2 rows of random tokens)")
    args = ap.parse_args(argv)
    torch.set_num_threads(1)
    inner = inner_from_own_checkpoint(args.checkpoint)
    cfg = inner.config
    manifest = json.loads((args.bundle / "manifest.json").read_text())
    enc = manifest["encoding"]
    if args.task:
        tokens = task_tokens(args.task, enc)
    else:
        gen = torch.Generator().manual_seed(args.seed)
        tokens = torch.randint(0, enc["numValues"], (2, cfg.seq_len), generator=gen) + enc["valueOffset"]
    ids = torch.zeros((tokens.shape[0],), dtype=torch.long)
    write_fixture(inner, tokens, ids, args.steps, args.out, args.bundle, args.precision)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
