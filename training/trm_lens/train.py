"""Train a TRM on seeded 6x6 Sudoku with the public code's ACT / deep-supervision loop.

    cd training && nice -n 5 python3 -m trm_lens.train --name sudoku6-tiny --threads 1

One optimizer step = one supervision step for every row of the batch (the public "streaming carry":
a row that halts gets a new puzzle on the next step). Training uses a shorter halting horizon
(--train-halt-max, default 8) than evaluation (the saved config's halt_max_steps, 16): it gives more
fresh puzzles per second early on, which sped up learning here.

Checkpoints go to runs/<name>/ (relative to this `training/` folder): `latest.pt` every
--checkpoint-minutes plus a `step_<N>.pt` snapshot each time, so intermediate models can be compared on
the validation seed. Rerunning the same command resumes from `latest.pt` (model, EMA, optimizer, step,
random states, accumulated training time); the streaming carry restarts with fresh puzzles.
"""
import argparse
import dataclasses
import json
import math
import random
import time
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import numpy as np
import torch

from . import sudoku6
from .checkpoint import load_checkpoint, save_checkpoint
from .losses import act_loss
from .model import TRM, TRMConfig

TRAINING_DIR = Path(__file__).resolve().parent.parent
RUNS_DIR = TRAINING_DIR / "runs"


def default_config(eval_halt_max: int = 16, h_cycles: int = 1, l_cycles: int = 2, puzzle_emb_len: int = 1) -> TRMConfig:
    """The default model. A small per-step budget (H_cycles x (L_cycles + 1) = 3 network calls) makes
    the answer improve across supervision steps instead of being finished in the first one, and one
    puzzle-embedding position gives the halting head a slot of its own to read (it reads position 0)."""
    hidden = 64
    return TRMConfig(
        vocab_size=sudoku6.VOCAB_SIZE,
        seq_len=sudoku6.SEQ_LEN,
        hidden_size=hidden,
        num_heads=2,
        expansion=4.0,
        L_layers=2,
        H_cycles=h_cycles,
        L_cycles=l_cycles,
        halt_max_steps=eval_halt_max,
        halt_exploration_prob=0.1,
        pos_encodings="rope",
        puzzle_emb_ndim=hidden if puzzle_emb_len > 0 else 0,
        puzzle_emb_len=puzzle_emb_len,
        num_puzzle_identifiers=1,
    )


def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--name", default="sudoku6-tiny", help="run folder under training/runs/")
    ap.add_argument("--runs-dir", default=str(RUNS_DIR))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--steps", type=int, default=10000, help="total optimizer steps (schedule length)")
    ap.add_argument("--stop-step", type=int, default=None, help="stop at this step (the schedule still spans --steps)")
    ap.add_argument("--h-cycles", type=int, default=1)
    ap.add_argument("--l-cycles", type=int, default=2)
    ap.add_argument("--puzzle-emb-len", type=int, default=1, help="puzzle-embedding positions in front of the grid (0 = none)")
    ap.add_argument("--max-minutes", type=float, default=None, help="stop (with a checkpoint) after this much training time in this invocation")
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--lr-min-ratio", type=float, default=0.1, help="cosine decay floor, as a fraction of --lr")
    ap.add_argument("--warmup-steps", type=int, default=50)
    ap.add_argument("--weight-decay", type=float, default=0.1)
    ap.add_argument("--ema", type=float, default=0.999, help="EMA decay of the weights (0 disables)")
    ap.add_argument("--train-halt-max", type=int, default=8)
    ap.add_argument("--eval-halt-max", type=int, default=16)
    ap.add_argument("--loss", choices=["softmax", "stablemax"], default="softmax")
    ap.add_argument("--pool", type=int, default=50000, help="base puzzles generated from the training seed (augmented on the fly)")
    ap.add_argument("--givens", type=int, nargs=2, default=list(sudoku6.DEFAULT_GIVENS), metavar=("MIN", "MAX"))
    ap.add_argument("--log-every", type=int, default=50)
    ap.add_argument("--checkpoint-minutes", type=float, default=3.0)
    return ap.parse_args(argv)


def lr_at(step: int, args: argparse.Namespace) -> float:
    if step < args.warmup_steps:
        return args.lr * (step + 1) / args.warmup_steps
    progress = min(1.0, (step - args.warmup_steps) / max(1, args.steps - args.warmup_steps))
    return args.lr * (args.lr_min_ratio + (1 - args.lr_min_ratio) * 0.5 * (1 + math.cos(math.pi * progress)))


class PuzzleStream:
    """Random augmented puzzles from a fixed pool of base puzzles."""

    def __init__(self, seed: int, pool: int, givens, rng: np.random.Generator):
        self.puzzles, self.solutions = sudoku6.generate(seed, pool, tuple(givens))
        self.rng = rng

    def batch(self, n: int) -> Dict[str, torch.Tensor]:
        idx = self.rng.integers(0, len(self.puzzles), size=n)
        p, s = sudoku6.augment(self.puzzles[idx], self.solutions[idx], self.rng)
        return {
            "inputs": torch.from_numpy(sudoku6.to_tokens(p)),
            "labels": torch.from_numpy(sudoku6.to_tokens(s)),
            "puzzle_identifiers": torch.zeros(n, dtype=torch.int64),
        }


def train(args: argparse.Namespace) -> List[Dict[str, float]]:
    """Runs (or resumes) training; returns the logged progress rows of this invocation."""
    torch.set_num_threads(args.threads)
    run_dir = Path(args.runs_dir) / args.name
    run_dir.mkdir(parents=True, exist_ok=True)
    latest = run_dir / "latest.pt"

    torch.manual_seed(args.seed)
    random.seed(args.seed)
    np_rng = np.random.default_rng(args.seed)

    eval_config = default_config(args.eval_halt_max, args.h_cycles, args.l_cycles, args.puzzle_emb_len)
    model = TRM(dataclasses.replace(eval_config, halt_max_steps=args.train_halt_max))
    ema = TRM(eval_config)
    ema.load_state_dict(model.state_dict())
    for p in ema.parameters():
        p.requires_grad_(False)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, betas=(0.9, 0.95), weight_decay=args.weight_decay)

    step, train_seconds = 0, 0.0
    if latest.exists():
        state = load_checkpoint(latest)
        if state["config"] != eval_config.to_dict():
            raise SystemExit(f"{latest} was trained with config {state['config']}, not {eval_config.to_dict()}")
        shift = state.get("halt_bias_shift", 0.0)  # a calibrated checkpoint (trm_lens.calibrate_halt)
        for key in ("model", "ema"):
            state[key]["inner.q_head.bias"][0] += shift
        model.load_state_dict(state["model"])
        ema.load_state_dict(state["ema"])
        optimizer.load_state_dict(state["optimizer"])
        step, train_seconds = state["step"], state["train_seconds"]
        torch.set_rng_state(state["torch_rng"])
        np_rng.bit_generator.state = state["numpy_rng"]
        print(f"resumed {latest} at step {step} ({train_seconds / 60:.1f} min trained)", flush=True)
    else:
        with open(run_dir / "args.json", "w") as f:
            json.dump(vars(args), f, indent=2)

    t0 = time.time()
    stream = PuzzleStream(sudoku6.TRAIN_SEED, args.pool, args.givens, np_rng)
    print(f"puzzle pool: {args.pool} base puzzles from seed {sudoku6.TRAIN_SEED} in {time.time() - t0:.1f} s;"
          f" {sum(p.numel() for p in model.parameters())} parameters", flush=True)

    def checkpoint() -> None:
        state = {
            "config": eval_config.to_dict(),
            "model": model.state_dict(),
            "ema": ema.state_dict(),
            "optimizer": optimizer.state_dict(),
            "step": step,
            "train_seconds": train_seconds,
            "torch_rng": torch.get_rng_state(),
            "numpy_rng": np_rng.bit_generator.state,
            "args": vars(args),
            "threads": args.threads,
        }
        save_checkpoint(latest, state)
        save_checkpoint(run_dir / f"step_{step:06d}.pt", state)
        print(f"checkpoint step {step} -> {run_dir}", flush=True)

    model.train()
    carry = None
    totals: Dict[str, float] = {}
    history: List[Dict[str, float]] = []
    session_start = last_ckpt = window_start = time.time()
    last_step = args.steps if args.stop_step is None else min(args.steps, args.stop_step)
    while step < last_step:
        if args.max_minutes is not None and time.time() - session_start > args.max_minutes * 60:
            break
        tick = time.time()
        batch = stream.batch(args.batch_size)
        if carry is None:
            carry = model.initial_carry(batch)
        for group in optimizer.param_groups:
            group["lr"] = lr_at(step, args)
        carry, outputs = model(carry, batch)
        loss, metrics = act_loss(outputs, carry.current_data["labels"], carry.halted, args.loss)
        optimizer.zero_grad(set_to_none=True)
        (loss / args.batch_size).backward()
        optimizer.step()
        if args.ema > 0:
            with torch.no_grad():
                for pe, pm in zip(ema.parameters(), model.parameters()):
                    pe.mul_(args.ema).add_(pm, alpha=1 - args.ema)
        else:
            ema.load_state_dict(model.state_dict())
        step += 1
        train_seconds += time.time() - tick
        metrics["steps_sum"] = float(carry.steps[carry.halted].sum())
        for k, v in metrics.items():
            totals[k] = totals.get(k, 0.0) + float(v)
        totals["n"] = totals.get("n", 0) + 1

        if step % args.log_every == 0:
            n, c = totals["n"], max(totals["count"], 1)
            row = {
                "step": step,
                "lr": lr_at(step, args),
                "lm_loss": totals["lm_loss"] / (n * args.batch_size),
                "halt_bce": totals["q_halt_loss"] / (n * args.batch_size),
                "exact_at_halt": totals["exact_accuracy"] / c,
                "cell_at_halt": totals["accuracy"] / c,
                "q_right": totals["q_halt_accuracy"] / c,
                "avg_steps": totals["steps_sum"] / c,
                "samples_per_s": n * args.batch_size / (time.time() - window_start),
                "trained_min": train_seconds / 60,
            }
            history.append(row)
            print(
                f"step {step:6d}  lr {row['lr']:.2e}  lm {row['lm_loss']:.4f}  halt_bce {row['halt_bce']:.4f}"
                f"  exact@halt {row['exact_at_halt']:.3f}  cell@halt {row['cell_at_halt']:.3f}"
                f"  q_right {row['q_right']:.3f}  avg_steps {row['avg_steps']:.2f}"
                f"  {row['samples_per_s']:.0f} samples/s  trained {row['trained_min']:.1f} min",
                flush=True,
            )
            totals = {}
            window_start = time.time()
        if time.time() - last_ckpt > args.checkpoint_minutes * 60:
            checkpoint()
            last_ckpt = time.time()
    checkpoint()
    print(f"done: step {step}, {train_seconds / 60:.1f} min of training", flush=True)
    return history


def main(argv: Optional[Sequence[str]] = None) -> None:
    train(parse_args(argv))


if __name__ == "__main__":
    main()
