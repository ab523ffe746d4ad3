"""Agreement with the reference's genuine bf16 forward, per supervision step: the fraction of answer tokens
(argmax of the logits) on which the fp32 export and the bf16 export agree with the bf16 reference run
(free-running: each run from its own states), and with the emulated one (layers.bf16_rounding). On the
full-size random networks of random_bundles (Sudoku mlp_t, ARC attention), or with --checkpoint on a trained
checkpoint of trm_lens.train: a 6x6 Sudoku one over its seeded held-out puzzles, or an ARC miniature (with
--arc-data) over its tasks' held-out test inputs under their own identifiers. On trained checkpoints it also
gives how many puzzles get the bf16 reference's whole answer, and each forward's exact-puzzle rate.

The exports are represented by the forwards their graphs replay: the fp32 model (checked by the parity fixtures)
and the emulated bf16 model (the graphs are its trace under bf16_rounding; tests/test_export.py checks that they
round, tests/test_bf16.py that the emulation rounds like a genuine bf16 forward).

    python3 -m trm_lens.bf16_agreement [--only sudoku arc] [--steps 16]
    python3 -m trm_lens.bf16_agreement --checkpoint ../models/sudoku6-tiny/checkpoint.pt [--count 1000]
    python3 -m trm_lens.bf16_agreement --checkpoint ../models/arc-mini/checkpoint.pt --arc-data ARC_AGI_1_DIR
"""
import argparse
import json
import tempfile
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import numpy as np
import torch

from . import arc_mini, sudoku6
from .checkpoint import load_checkpoint
from .convert import config_from_public, load_public_state_dict, model_from_public, read_yaml
from .export import ENCODINGS, inner_from_own_checkpoint
from .layers import bf16_rounding
from .losses import IGNORE_LABEL_ID
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


def _rows(inner: TRMInner, tokens: torch.Tensor, ids: torch.Tensor, steps: int,
          labels: Optional[torch.Tensor] = None) -> List[Dict[str, float]]:
    """Per supervision step: how often the forwards' answer tokens agree and, given labels (IGNORE_LABEL_ID
    where any token will do), how often each export's whole answer is the bf16 reference's and how often each
    forward's is right."""
    with torch.no_grad():
        genuine = _answers(bf16_forward(inner), tokens, ids, steps)
        fp32 = _answers(inner, tokens, ids, steps)
        with bf16_rounding():
            emulated = _answers(inner, tokens, ids, steps)
    # Only the positions the labels score (an ARC target's cells and its EOS row and column; every cell of a
    # Sudoku): what the model answers beyond them is cropped away.
    scored = torch.ones_like(tokens, dtype=torch.bool) if labels is None else labels != IGNORE_LABEL_ID
    rate = lambda a, b: (a == b)[scored].float().mean().item()  # noqa: E731
    same = lambda a, b: ((a == b) | ~scored).all(-1).float().mean().item()  # noqa: E731
    exact = lambda a: same(a, labels)  # noqa: E731
    rows = []
    for f, e, g in zip(fp32, emulated, genuine):
        row = {"fp32_vs_bf16": rate(f, g), "bf16export_vs_bf16": rate(e, g), "fp32_vs_emulated": rate(f, e)}
        if labels is not None:
            row.update(same_fp32=same(f, g), same_bf16export=same(e, g),
                       exact_fp32=exact(f), exact_bf16export=exact(e), exact_bf16=exact(g))
        rows.append(row)
    return rows


def agreement(name: str, steps: int, seed: int = 1) -> List[Dict[str, float]]:
    """On a full-size random network of random_bundles, one puzzle of random tokens."""
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
    return _rows(inner, tokens, ids, steps)


def trained_agreement(checkpoint: Path, steps: int, count: int = 1000,
                      arc_data: Optional[Path] = None) -> List[Dict[str, float]]:
    """On a trained checkpoint: a 6x6 Sudoku one over `count` held-out puzzles of the seeded generator; an ARC
    miniature over each chosen task's test inputs (never trained on), under the task's own identifier."""
    inner = inner_from_own_checkpoint(checkpoint).eval()
    args = load_checkpoint(checkpoint).get("args", {})
    if args.get("dataset") != "arc-mini":
        puzzles, solutions = sudoku6.generate(sudoku6.TEST_SEED, count)
        tokens = torch.from_numpy(sudoku6.to_tokens(puzzles))
        labels = torch.from_numpy(sudoku6.to_tokens(solutions))
        return _rows(inner, tokens, torch.zeros(count, dtype=torch.long), steps, labels)
    if arc_data is None:
        raise SystemExit(f"error: {checkpoint} is an ARC miniature checkpoint: give --arc-data")
    data = arc_mini.build(arc_mini.load_tasks(arc_data), args["arc_canvas"], args["arc_tasks"],
                          args["arc_augmentations"], args["seed"])
    row_of = {name: i for i, name in enumerate(data.names)}
    pairs = [(task.id, i, o) for task in data.tasks for i, o in task.test]
    encode = lambda grid: arc_mini.encode(grid, data.canvas)  # noqa: E731
    tokens = torch.from_numpy(np.stack([encode(i) for _, i, _ in pairs]))
    labels = torch.from_numpy(np.stack([arc_mini.labels_of(encode(o)) for _, _, o in pairs]))
    ids = torch.tensor([row_of[task] for task, _, _ in pairs], dtype=torch.long)
    return _rows(inner, tokens, ids, steps, labels)


def main(argv: Optional[Sequence[str]] = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", nargs="*", choices=["sudoku", "arc"], default=["sudoku", "arc"])
    ap.add_argument("--checkpoint", type=Path, help="a checkpoint of trm_lens.train instead of the random networks")
    ap.add_argument("--count", type=int, default=1000, help="held-out puzzles for a Sudoku --checkpoint")
    ap.add_argument("--arc-data", type=Path, help="the ARC-AGI-1 folder, for an ARC miniature --checkpoint")
    ap.add_argument("--steps", type=int, default=16)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    if args.checkpoint:
        print(f"{args.checkpoint}: tokens equal to the bf16 reference's; puzzles with its whole answer; exact")
        print("step  tokens: fp32-export  bf16-export  puzzles: fp32-export  bf16-export"
              "  exact: fp32-export  bf16-export  bf16-ref", flush=True)
        for s, row in enumerate(trained_agreement(args.checkpoint, args.steps, args.count, args.arc_data), 1):
            cells = [row[k] for k in ("fp32_vs_bf16", "bf16export_vs_bf16", "same_fp32", "same_bf16export",
                                      "exact_fp32", "exact_bf16export", "exact_bf16")]
            print(f"{s:4d}" + "".join(f"  {c:11.4f}" for c in cells), flush=True)
        return
    for name in args.only:
        print(f"{name}: step  fp32-export=bf16-ref  bf16-export=bf16-ref  fp32-export=emulated", flush=True)
        for s, row in enumerate(agreement(name, args.steps), 1):
            print(f"{name}: {s:4d}  {row['fp32_vs_bf16']:18.4f}  {row['bf16export_vs_bf16']:20.4f}"
                  f"  {row['fp32_vs_emulated']:20.4f}", flush=True)


if __name__ == "__main__":
    main()
