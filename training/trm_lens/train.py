"""Train a TRM with the public code's ACT / deep-supervision loop, on seeded 6x6 Sudoku (the default
model) or on the ARC miniature (trm_lens.arc_mini).

    cd training && nice -n 5 python3 -m trm_lens.train --name sudoku6-tiny --threads 1
    cd training && nice -n 19 python3 -m trm_lens.train --dataset arc-mini --arc-data DIR --name arc-mini

One optimizer step = one supervision step for every row of the batch (the public "streaming carry":
a row that halts gets a new puzzle on the next step). Training uses a shorter halting horizon
(--train-halt-max, default 8) than evaluation (the saved config's halt_max_steps, 16): it gives more
fresh puzzles per second early on, which sped up learning here. Options left unset take the dataset's
preset (PRESETS). With --puzzle-emb-lr > 0 the puzzle embeddings are trained by the public code's sign-SGD
at that learning rate (same schedule and weight decay), the rest by AdamW.

Checkpoints go to runs/<name>/ (relative to this `training/` folder): `latest.pt` every
--checkpoint-minutes plus a `step_<N>.pt` snapshot each time, so intermediate models can be compared on
the validation set; each checkpoint appends the EMA model's exact and cell accuracy on the validation set
after every supervision step to `validation.jsonl`. Rerunning the same command resumes from `latest.pt`
(model, EMA, optimizers, step, random states, the streaming carry, accumulated training time), so the run
goes on as if uninterrupted; `--resume` insists on it (fails when there is no `latest.pt`).
"""
import argparse
import dataclasses
import json
import math
import random
import time
from pathlib import Path
from typing import Dict, List, Optional, Protocol, Sequence

import numpy as np
import torch

from . import arc_mini, sudoku6
from .checkpoint import load_checkpoint, save_checkpoint
from .evaluate import run_token_steps, summarize
from .losses import act_loss
from .model import TRM, Carry, InnerCarry, TRMConfig
from .sign_sgd import SparseSignSGD

TRAINING_DIR = Path(__file__).resolve().parent.parent
REPO_DIR = TRAINING_DIR.parent
RUNS_DIR = TRAINING_DIR / "runs"
DATASETS = ("sudoku6", "arc-mini")
# Defaults of the options left unset, per dataset. sudoku6 is the shipped default model's recipe; arc-mini
# is sized for about 3 hours of one CPU thread (see training/README.md).
PRESETS = {
    "sudoku6": {"hidden_size": 64, "num_heads": 2, "h_cycles": 1, "l_cycles": 2, "batch_size": 64, "lr": 2e-3,
                "warmup_steps": 50, "puzzle_emb_lr": 0.0, "checkpoint_minutes": 3.0},
    "arc-mini": {"hidden_size": 128, "num_heads": 4, "h_cycles": 2, "l_cycles": 2, "batch_size": 32, "lr": 1e-3,
                 "warmup_steps": 200, "puzzle_emb_lr": 1e-2, "checkpoint_minutes": 10.0},
}
SUDOKU_VALIDATION_COUNT = 64  # a quick look at each checkpoint; trm_lens.evaluate gives the figures


def default_config(args: argparse.Namespace, data: "TrainingData") -> TRMConfig:
    """The model of a run (with the evaluation halting horizon). For Sudoku, a small per-step budget
    (H_cycles x (L_cycles + 1) = 3 network calls) makes the answer improve across supervision steps instead
    of being finished in the first one, and one puzzle-embedding position gives the halting head a slot of
    its own to read (it reads position 0)."""
    return TRMConfig(
        vocab_size=data.vocab_size,
        seq_len=data.seq_len,
        hidden_size=args.hidden_size,
        num_heads=args.num_heads,
        expansion=4.0,
        L_layers=2,
        H_cycles=args.h_cycles,
        L_cycles=args.l_cycles,
        halt_max_steps=args.eval_halt_max,
        halt_exploration_prob=0.1,
        pos_encodings="rope",
        puzzle_emb_ndim=args.hidden_size if args.puzzle_emb_len > 0 else 0,
        puzzle_emb_len=args.puzzle_emb_len,
        num_puzzle_identifiers=len(data.names),
    )


def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dataset", choices=DATASETS, default="sudoku6")
    ap.add_argument("--name", default="sudoku6-tiny", help="run folder under training/runs/")
    ap.add_argument("--runs-dir", default=str(RUNS_DIR))
    ap.add_argument("--resume", action="store_true", help="resume from runs/<name>/latest.pt; fail if it is missing")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--steps", type=int, default=10000, help="total optimizer steps (schedule length)")
    ap.add_argument("--stop-step", type=int, default=None, help="stop at this step (the schedule still spans --steps)")
    ap.add_argument("--hidden-size", type=int, default=None)
    ap.add_argument("--num-heads", type=int, default=None)
    ap.add_argument("--h-cycles", type=int, default=None)
    ap.add_argument("--l-cycles", type=int, default=None)
    ap.add_argument("--puzzle-emb-len", type=int, default=1, help="puzzle-embedding positions in front of the grid (0 = none)")
    ap.add_argument("--max-minutes", type=float, default=None, help="stop (with a checkpoint) after this much training time in this invocation")
    ap.add_argument("--max-cpu-minutes", type=float, default=None,
                    help="stop (with a checkpoint) once the run has used this much CPU time, resumed parts included")
    ap.add_argument("--batch-size", type=int, default=None)
    ap.add_argument("--lr", type=float, default=None)
    ap.add_argument("--puzzle-emb-lr", type=float, default=None,
                    help="sign-SGD learning rate of the puzzle embeddings (0 = trained by AdamW with the rest)")
    ap.add_argument("--lr-min-ratio", type=float, default=0.1, help="cosine decay floor, as a fraction of --lr")
    ap.add_argument("--warmup-steps", type=int, default=None)
    ap.add_argument("--weight-decay", type=float, default=0.1)
    ap.add_argument("--ema", type=float, default=0.999, help="EMA decay of the weights (0 disables)")
    ap.add_argument("--train-halt-max", type=int, default=8)
    ap.add_argument("--eval-halt-max", type=int, default=16)
    ap.add_argument("--loss", choices=["softmax", "stablemax"], default="softmax")
    ap.add_argument("--pool", type=int, default=50000,
                    help="sudoku6: base puzzles generated from the training seed (augmented on the fly)")
    ap.add_argument("--givens", type=int, nargs=2, default=list(sudoku6.DEFAULT_GIVENS), metavar=("MIN", "MAX"))
    ap.add_argument("--arc-data", help="arc-mini: folder of the Kaggle training_challenges/solutions.json")
    ap.add_argument("--arc-canvas", type=int, default=arc_mini.DEFAULT_CANVAS)
    ap.add_argument("--arc-tasks", type=int, default=32, help="arc-mini: how many tasks (arc_mini.choose_tasks)")
    ap.add_argument("--arc-augmentations", type=int, default=8,
                    help="arc-mini: augmentations per task, the task itself included")
    ap.add_argument("--log-every", type=int, default=50)
    ap.add_argument("--checkpoint-minutes", type=float, default=None)
    args = ap.parse_args(argv)
    for key, value in PRESETS[args.dataset].items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    if args.dataset == "arc-mini" and not args.arc_data:
        ap.error("--dataset arc-mini needs --arc-data")
    return args


def lr_scale(step: int, args: argparse.Namespace) -> float:
    """Warm-up then cosine decay, as a fraction of the base learning rates."""
    if step < args.warmup_steps:
        return (step + 1) / args.warmup_steps
    progress = min(1.0, (step - args.warmup_steps) / max(1, args.steps - args.warmup_steps))
    return args.lr_min_ratio + (1 - args.lr_min_ratio) * 0.5 * (1 + math.cos(math.pi * progress))


def repo_relative(path: str) -> str:
    """A path inside the repository as relative to its root (so a saved checkpoint names no machine path)."""
    resolved = Path(path).resolve()
    try:
        return str(resolved.relative_to(REPO_DIR))
    except ValueError:
        return path


def saved_args(args: argparse.Namespace) -> Dict:
    return {**vars(args), "runs_dir": repo_relative(args.runs_dir),
            "arc_data": args.arc_data and repo_relative(args.arc_data)}


class TrainingData(Protocol):
    """What the loop needs of a data set: the vocabulary, sequence length and identifier names of the
    model, random training batches, and the validation examples."""

    vocab_size: int
    seq_len: int
    names: List[str]

    def batch(self, n: int) -> Dict[str, torch.Tensor]: ...

    def validation(self) -> Dict[str, torch.Tensor]: ...


class SudokuData:
    """Random augmented puzzles from a fixed pool of base puzzles; validation from the validation seed."""

    vocab_size, seq_len, names = sudoku6.VOCAB_SIZE, sudoku6.SEQ_LEN, [arc_mini.BLANK]

    def __init__(self, args: argparse.Namespace, rng: np.random.Generator):
        self.puzzles, self.solutions = sudoku6.generate(sudoku6.TRAIN_SEED, args.pool, tuple(args.givens))
        self.rng = rng

    def batch(self, n: int) -> Dict[str, torch.Tensor]:
        idx = self.rng.integers(0, len(self.puzzles), size=n)
        p, s = sudoku6.augment(self.puzzles[idx], self.solutions[idx], self.rng)
        return _tensors(sudoku6.to_tokens(p), sudoku6.to_tokens(s), np.zeros(n, dtype=np.int64))

    def validation(self) -> Dict[str, torch.Tensor]:
        p, s = sudoku6.generate(sudoku6.VALIDATION_SEED, SUDOKU_VALIDATION_COUNT)
        return _tensors(sudoku6.to_tokens(p), sudoku6.to_tokens(s), np.zeros(len(p), dtype=np.int64))


class ArcMiniData:
    """Random training examples of the ARC miniature (drawn with replacement from the numpy generator, so
    its state is the data order); validation is the held-out last demonstration pair of each task."""

    vocab_size = arc_mini.VOCAB_SIZE

    def __init__(self, args: argparse.Namespace, rng: np.random.Generator):
        tasks = arc_mini.load_tasks(Path(args.arc_data))
        self.data = arc_mini.build(tasks, args.arc_canvas, args.arc_tasks, args.arc_augmentations, args.seed)
        self.seq_len, self.names = self.data.seq_len, self.data.names
        self.rng = rng

    def batch(self, n: int) -> Dict[str, torch.Tensor]:
        t = self.data.train
        idx = self.rng.integers(0, len(t.inputs), size=n)
        return _tensors(t.inputs[idx], t.labels[idx], t.puzzle_identifiers[idx])

    def validation(self) -> Dict[str, torch.Tensor]:
        v = self.data.validation
        return _tensors(v.inputs, v.labels, v.puzzle_identifiers)


def _tensors(inputs: np.ndarray, labels: np.ndarray, ids: np.ndarray) -> Dict[str, torch.Tensor]:
    return {"inputs": torch.from_numpy(inputs), "labels": torch.from_numpy(labels),
            "puzzle_identifiers": torch.from_numpy(ids)}


DATA = {"sudoku6": SudokuData, "arc-mini": ArcMiniData}


def carry_state(carry: Optional[Carry]) -> Optional[Dict]:
    if carry is None:
        return None
    return {"z_H": carry.inner_carry.z_H, "z_L": carry.inner_carry.z_L, "steps": carry.steps,
            "halted": carry.halted, "current_data": carry.current_data}


def carry_from_state(state: Optional[Dict]) -> Optional[Carry]:
    if state is None:
        return None
    return Carry(InnerCarry(state["z_H"], state["z_L"]), state["steps"], state["halted"], state["current_data"])


def validation_row(ema: TRM, data: TrainingData, step: int, train_seconds: float) -> Dict:
    """Exact and cell accuracy (and halting) of the EMA model on the validation set after every
    supervision step, every example run to the evaluation horizon."""
    v = data.validation()
    summary = summarize(run_token_steps(ema.eval(), v["inputs"], v["labels"], v["puzzle_identifiers"],
                                        ema.config.halt_max_steps))
    return {"step": step, "train_seconds": round(train_seconds, 1), "examples": summary["puzzles"],
            "per_step": [{k: row[k] for k in ("step", "exact", "cell", "halt_fires")} for row in summary["per_step"]]}


def build_optimizers(model: TRM, args: argparse.Namespace) -> Dict[str, torch.optim.Optimizer]:
    """AdamW for the network; with --puzzle-emb-lr > 0, the public sign-SGD for the puzzle embeddings."""
    inner = model.inner
    sign_sgd = args.puzzle_emb_lr > 0 and hasattr(inner, "puzzle_emb")
    emb = [inner.puzzle_emb.weights] if sign_sgd else []
    rest = [p for p in model.parameters() if all(p is not e for e in emb)]
    optimizers = {"optimizer": torch.optim.AdamW(rest, lr=args.lr, betas=(0.9, 0.95), weight_decay=args.weight_decay)}
    if sign_sgd:
        optimizers["puzzle_emb_optimizer"] = SparseSignSGD(emb, lr=args.puzzle_emb_lr, weight_decay=args.weight_decay)
    return optimizers


def train(args: argparse.Namespace) -> List[Dict[str, float]]:
    """Runs (or resumes) training; returns the logged progress rows of this invocation."""
    torch.set_num_threads(args.threads)
    run_dir = Path(args.runs_dir) / args.name
    run_dir.mkdir(parents=True, exist_ok=True)
    latest = run_dir / "latest.pt"
    if args.resume and not latest.exists():
        raise SystemExit(f"--resume: {latest} does not exist")

    torch.manual_seed(args.seed)
    random.seed(args.seed)
    np_rng = np.random.default_rng(args.seed)

    t0 = time.time()
    data: TrainingData = DATA[args.dataset](args, np_rng)
    eval_config = default_config(args, data)
    model = TRM(dataclasses.replace(eval_config, halt_max_steps=args.train_halt_max))
    ema = TRM(eval_config)
    ema.load_state_dict(model.state_dict())
    for p in ema.parameters():
        p.requires_grad_(False)
    optimizers = build_optimizers(model, args)
    base_lrs = {"optimizer": args.lr, "puzzle_emb_optimizer": args.puzzle_emb_lr}

    step, train_seconds, cpu_seconds, carry = 0, 0.0, 0.0, None
    if latest.exists():
        state = load_checkpoint(latest)
        if state["config"] != eval_config.to_dict():
            raise SystemExit(f"{latest} was trained with config {state['config']}, not {eval_config.to_dict()}")
        if state.get("identifiers", data.names) != data.names:
            raise SystemExit(f"{latest} was trained on other puzzle identifiers than --arc-data and --arc-* give")
        shift = state.get("halt_bias_shift", 0.0)  # a calibrated checkpoint (trm_lens.calibrate_halt)
        for key in ("model", "ema"):
            state[key]["inner.q_head.bias"][0] += shift
        model.load_state_dict(state["model"])
        ema.load_state_dict(state["ema"])
        for key, optimizer in optimizers.items():
            optimizer.load_state_dict(state[key])
        step, train_seconds, cpu_seconds = state["step"], state["train_seconds"], state.get("cpu_seconds", 0.0)
        carry = carry_from_state(state.get("carry"))
        torch.set_rng_state(state["torch_rng"])
        np_rng.bit_generator.state = state["numpy_rng"]
        print(f"resumed {latest} at step {step} ({train_seconds / 60:.1f} min trained)", flush=True)
    else:
        with open(run_dir / "args.json", "w") as f:
            json.dump(saved_args(args), f, indent=2)
    print(f"{args.dataset}: {len(data.names)} puzzle identifiers, data ready in {time.time() - t0:.1f} s;"
          f" {sum(p.numel() for p in model.parameters())} parameters", flush=True)

    def checkpoint() -> None:
        nonlocal cpu_seconds
        cpu_tick = time.process_time()
        row = validation_row(ema, data, step, train_seconds)
        cpu_seconds += time.process_time() - cpu_tick
        state = {
            "config": eval_config.to_dict(),
            "identifiers": data.names,
            "model": model.state_dict(),
            "ema": ema.state_dict(),
            **{key: optimizer.state_dict() for key, optimizer in optimizers.items()},
            "step": step,
            "train_seconds": train_seconds,
            "cpu_seconds": cpu_seconds,
            "carry": carry_state(carry),
            "torch_rng": torch.get_rng_state(),
            "numpy_rng": np_rng.bit_generator.state,
            "args": saved_args(args),
            "threads": args.threads,
        }
        save_checkpoint(latest, state)
        save_checkpoint(run_dir / f"step_{step:06d}.pt", state)
        with open(run_dir / "validation.jsonl", "a") as f:
            f.write(json.dumps(row) + "\n")
        shown = [r for r in row["per_step"] if r["step"] in (1, 2, 4, 8, 16)]
        print(f"checkpoint step {step} -> {run_dir}; validation exact/cell by supervision step: "
              + "  ".join(f"{r['step']}: {r['exact']:.3f}/{r['cell']:.3f}" for r in shown), flush=True)

    model.train()
    totals: Dict[str, float] = {}
    history: List[Dict[str, float]] = []
    session_start = last_ckpt = window_start = time.time()
    window_cpu = cpu_seconds
    last_step = args.steps if args.stop_step is None else min(args.steps, args.stop_step)
    while step < last_step:
        if args.max_minutes is not None and time.time() - session_start > args.max_minutes * 60:
            break
        if args.max_cpu_minutes is not None and cpu_seconds >= args.max_cpu_minutes * 60:
            break
        tick, cpu_tick = time.time(), time.process_time()
        batch = data.batch(args.batch_size)
        if carry is None:
            carry = model.initial_carry(batch)
        for key, optimizer in optimizers.items():
            for group in optimizer.param_groups:
                group["lr"] = base_lrs[key] * lr_scale(step, args)
        carry, outputs = model(carry, batch)
        loss, metrics = act_loss(outputs, carry.current_data["labels"], carry.halted, args.loss)
        for optimizer in optimizers.values():
            optimizer.zero_grad(set_to_none=True)
        (loss / args.batch_size).backward()
        for optimizer in optimizers.values():
            optimizer.step()
        if args.ema > 0:
            with torch.no_grad():
                for pe, pm in zip(ema.parameters(), model.parameters()):
                    pe.mul_(args.ema).add_(pm, alpha=1 - args.ema)
        else:
            ema.load_state_dict(model.state_dict())
        step += 1
        train_seconds += time.time() - tick
        cpu_seconds += time.process_time() - cpu_tick
        metrics["steps_sum"] = float(carry.steps[carry.halted].sum())
        for k, v in metrics.items():
            totals[k] = totals.get(k, 0.0) + float(v)
        totals["n"] = totals.get("n", 0) + 1

        if step % args.log_every == 0:
            n, c = totals["n"], max(totals["count"], 1)
            row = {
                "step": step,
                "lr": args.lr * lr_scale(step, args),
                "lm_loss": totals["lm_loss"] / (n * args.batch_size),
                "halt_bce": totals["q_halt_loss"] / (n * args.batch_size),
                "exact_at_halt": totals["exact_accuracy"] / c,
                "cell_at_halt": totals["accuracy"] / c,
                "q_right": totals["q_halt_accuracy"] / c,
                "avg_steps": totals["steps_sum"] / c,
                "samples_per_s": n * args.batch_size / (time.time() - window_start),
                "samples_per_cpu_s": n * args.batch_size / max(cpu_seconds - window_cpu, 1e-9),
                "trained_min": train_seconds / 60,
                "cpu_min": cpu_seconds / 60,
            }
            history.append(row)
            print(
                f"step {step:6d}  lr {row['lr']:.2e}  lm {row['lm_loss']:.4f}  halt_bce {row['halt_bce']:.4f}"
                f"  exact@halt {row['exact_at_halt']:.3f}  cell@halt {row['cell_at_halt']:.3f}"
                f"  q_right {row['q_right']:.3f}  avg_steps {row['avg_steps']:.2f}"
                f"  {row['samples_per_s']:.1f} samples/s ({row['samples_per_cpu_s']:.1f} per CPU s)"
                f"  trained {row['trained_min']:.1f} min (cpu {row['cpu_min']:.1f})",
                flush=True,
            )
            totals = {}
            window_start, window_cpu = time.time(), cpu_seconds
        if time.time() - last_ckpt > args.checkpoint_minutes * 60:
            checkpoint()
            last_ckpt = time.time()
    checkpoint()
    print(f"done: step {step}, {train_seconds / 60:.1f} min of training ({cpu_seconds / 60:.1f} min CPU)", flush=True)
    return history


def main(argv: Optional[Sequence[str]] = None) -> None:
    train(parse_args(argv))


if __name__ == "__main__":
    main()
