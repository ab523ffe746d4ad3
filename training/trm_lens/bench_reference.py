"""Times the PyTorch reference on the forward a TRM Lens solve computes, for `npm run bench`: embed once,
then every supervision step (H_cycles x (L_cycles latent updates, one answer update)), the heads after
each answer update. The model is built from the bundle's manifest with random weights: timing depends
on the configuration and shapes, not on the weight values. Prints one JSON line.

    python3 -m trm_lens.bench_reference BUNDLE_DIR [--threads 2] [--runs 3]
"""
import argparse
import json
import statistics
import time
from pathlib import Path
from typing import Optional, Sequence

import torch

from .model import TRMConfig, TRMInner


def config_from_manifest(manifest: dict) -> TRMConfig:
    a, s = manifest["architecture"], manifest["schedule"]
    return TRMConfig(
        vocab_size=a["vocabSize"], seq_len=a["seqLen"], hidden_size=a["hiddenSize"], num_heads=a["numHeads"],
        expansion=a["expansion"], L_layers=a["layers"], H_cycles=s["hCycles"], L_cycles=s["lCycles"],
        halt_max_steps=s["haltMaxSteps"], pos_encodings=a["posEncodings"], mlp_t=a["mixer"] == "mlp_t",
        # The manifest does not keep puzzle_emb_ndim; one position's worth is what the public configs use.
        puzzle_emb_ndim=a["hiddenSize"] if a["puzzleEmbLen"] else 0, puzzle_emb_len=a["puzzleEmbLen"],
        num_puzzle_identifiers=len(manifest["identifiers"]["names"]),
    )


def solve_once(inner: TRMInner, tokens: torch.Tensor, puzzle_ids: torch.Tensor) -> float:
    """Milliseconds for one full solve of one input."""
    started = time.perf_counter()
    with torch.no_grad():
        x = inner.input_embeddings(tokens, puzzle_ids)
        y, z = inner.initial_state(1)
        inner.heads(y)
        on_update = lambda kind, h, l, state: inner.heads(state) if kind == "answer" else None  # noqa: E731
        for _ in range(inner.config.halt_max_steps):
            y, z = inner.supervision_step(y, z, x, on_update=on_update)
    return (time.perf_counter() - started) * 1000


def main(argv: Optional[Sequence[str]] = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("bundle", type=Path)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    manifest = json.loads((args.bundle / "manifest.json").read_text())
    inner = TRMInner(config_from_manifest(manifest)).eval()
    enc = manifest["encoding"]
    tokens = torch.randint(0, enc["numValues"], (1, inner.config.seq_len)) + enc["valueOffset"]
    puzzle_ids = torch.zeros(1, dtype=torch.long)
    solve_once(inner, tokens, puzzle_ids)  # warm-up
    times = [solve_once(inner, tokens, puzzle_ids) for _ in range(args.runs)]
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "solveMs": statistics.median(times), "runs": times}))


if __name__ == "__main__":
    main()
