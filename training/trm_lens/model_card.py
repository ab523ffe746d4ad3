"""Write the model card of a trained 6x6 Sudoku model from its checkpoint and a held-out evaluation; and
(`public_card`) the card the exporter puts in a bundle converted from a public HRM checkpoint.

    cd training && python3 -m trm_lens.model_card --checkpoint runs/sudoku6-tiny/latest.pt \
        --eval runs/sudoku6-tiny/eval_test.json --json runs/sudoku6-tiny/card.json \
        --readme ../models/sudoku6-tiny/README.md

The JSON goes into the bundle manifest's `card` (the exporter's --card); the README is the same
figures for people. Nothing is typed in by hand: every figure comes from the two inputs.
"""
import argparse
import json
from pathlib import Path
from typing import Callable, Dict, Mapping, Optional, Sequence

from . import sudoku6
from .checkpoint import load_checkpoint
from .evaluate import REPORT_STEPS
from .hrm_model import HRMInner

HARDWARE = "2-core x86-64 CPU shared with other jobs, 1 torch thread, Debian torch 1.13 (OpenBLAS)"


def build_card(checkpoint: Path, evaluation: Dict, eval_command: str, calibration_command: Optional[str] = None) -> Dict:
    state = load_checkpoint(checkpoint)
    args, cfg = state["args"], state["config"]
    params = sum(v.numel() for k, v in state["model"].items() if not k.endswith(("H_init", "L_init")))
    per_step = {row["step"]: row for row in evaluation["per_step"]}
    last = per_step[evaluation["supervision_steps"]]
    pct = lambda v: None if v is None else round(100 * v, 1)  # noqa: E731
    return {
        "task": f"6x6 Sudoku (boxes of 2 rows x 3 columns), {args['givens'][0]}-{args['givens'][1]} givens, exactly one"
                " solution; value 0 is a blank",
        "generator": (
            f"training/trm_lens/sudoku6.py: random solved grid, then cells blanked in random order while the"
            f" solution stays unique. Training: {args['pool']} base puzzles from seed {sudoku6.TRAIN_SEED},"
            " each drawn with a random digit relabelling, band/row and stack/column permutation."
            f" Validation seed {sudoku6.VALIDATION_SEED}, held-out test seed {sudoku6.TEST_SEED}."
        ),
        "parameters": params,
        "architecture": {k: cfg[k] for k in ("hidden_size", "num_heads", "expansion", "L_layers", "H_cycles", "L_cycles",
                                             "pos_encodings", "mlp_t", "puzzle_emb_len", "vocab_size", "seq_len")},
        "training": training_section(
            state, f"cd training && nice -n 5 python3 -m trm_lens.train --name sudoku6-tiny --threads 1"
                   f" --steps {args['steps']}" + (f" --stop-step {state['step']}" if state["step"] < args["steps"] else "")),
        "haltCalibration": (
            None if "halt_bias_shift" not in state else
            f"halt logit bias lowered by {state['halt_bias_shift']} (trm_lens.calibrate_halt), the smallest shift at which"
            f" the head fires on at most {100 * state['halt_calibration']['max_unsolved_fire']:.0f}% of wrong grids over"
            f" every (puzzle, step) pair of {state['halt_calibration']['puzzles']} validation puzzles"
            f" (seed {state['halt_calibration']['seed']}); the rule stays q_halt > 0"
        ),
        "evaluation": {
            "set": f"{evaluation['puzzles']} held-out puzzles, generator seed {evaluation['seed']}",
            "supervisionSteps": evaluation["supervision_steps"],
            "exactAccuracyPercent": {str(s): pct(per_step[s]["exact"]) for s in REPORT_STEPS},
            "cellAccuracyPercent": {str(s): pct(per_step[s]["cell"]) for s in REPORT_STEPS},
            "haltFiresWhenSolvedPercent": pct(last["halt_fires_when_solved"]),
            "haltFiresWhenUnsolvedPercent": pct(last["halt_fires_when_unsolved"]),
            "haltRightAllStepsPercent": pct(evaluation["halt_right_all_steps"]),
            "haltFiresWhenSolvedAllStepsPercent": pct(evaluation["halt_fires_when_solved_all_steps"]),
            "haltFiresWhenUnsolvedAllStepsPercent": pct(evaluation["halt_fires_when_unsolved_all_steps"]),
            "haltAtFirstFire": {
                "meanStep": round(evaluation["halt_rule"]["mean_halt_step"], 2),
                "exactPercent": pct(evaluation["halt_rule"]["exact_at_halt"]),
                "neverFiresPercent": pct(evaluation["halt_rule"]["never_fires"]),
            },
            "command": eval_command,
            "calibrationCommand": calibration_command,
        },
    }


def training_section(state: Dict, command: str) -> Dict:
    """The card's training fields of one of this project's own runs, read from its checkpoint."""
    args, cfg = state["args"], state["config"]
    return {
        "optimizerSteps": state["step"],
        "batchSize": args["batch_size"],
        "optimizer": f"AdamW betas (0.9, 0.95), weight decay {args['weight_decay']}, lr {args['lr']} with"
                     f" {args['warmup_steps']}-step warm-up and cosine decay to {args['lr_min_ratio']} x lr over"
                     f" {args['steps']} steps; weights are the EMA ({args['ema']})",
        "loss": f"{args['loss']} cross-entropy + 0.5 x halting BCE (q_halt vs. grid exactly right)",
        "deepSupervision": f"public ACT loop with streaming carry; training halt horizon {args['train_halt_max']}"
                           f" supervision steps (evaluation: {cfg['halt_max_steps']}), exploration"
                           f" {cfg['halt_exploration_prob']}",
        "trainingSeconds": round(state["train_seconds"]),
        "hardware": HARDWARE,
        "command": command,
    }


# Training settings of the public pretrain.py config worth a model card, when all_config.yaml has them.
PUBLIC_TRAINING_KEYS = ("data_path", "global_batch_size", "epochs", "lr", "lr_min_ratio", "lr_warmup_steps",
                        "weight_decay", "beta1", "beta2", "puzzle_emb_lr", "puzzle_emb_weight_decay", "seed")


def public_card(all_config: Mapping, inner: HRMInner, checkpoint: Path, dataset: str) -> Dict:
    """The card of a bundle converted from a public HRM checkpoint: what it is and where it came from, read
    from its all_config.yaml and the converted model, so nothing is typed in by hand."""
    cfg = inner.config
    arch = all_config.get("arch") or {}
    return {
        "description": f"HRM (sapientinc/HRM) checkpoint on the {dataset} dataset, converted by trm_lens.export",
        "source": {"code": "sapientinc/HRM", "arch": arch.get("name"), "checkpoint": Path(checkpoint).name,
                   "runName": all_config.get("run_name"), "project": all_config.get("project_name")},
        "parameters": sum(p.numel() for p in inner.parameters()),
        "architecture": {
            "H_layers": cfg.H_layers, "L_layers": cfg.L_layers, "H_cycles": cfg.H_cycles, "L_cycles": cfg.L_cycles,
            "hidden_size": cfg.hidden_size, "num_heads": cfg.num_heads, "expansion": cfg.expansion,
            "pos_encodings": cfg.pos_encodings, "puzzle_emb_ndim": cfg.puzzle_emb_ndim,
            "puzzle_emb_len": cfg.puzzle_positions, "seq_len": cfg.seq_len, "vocab_size": cfg.vocab_size,
            "halt_max_steps": cfg.halt_max_steps, "halt_exploration_prob": cfg.halt_exploration_prob,
        },
        "halting": "trained to halt when q_halt > q_continue; the public evaluation runs every puzzle for all"
                   f" {cfg.halt_max_steps} supervision steps",
        "loss": (arch.get("loss") or {}).get("loss_type"),
        "training": {k: all_config[k] for k in PUBLIC_TRAINING_KEYS if k in all_config},
    }


def render_readme(card: Dict) -> str:
    ev, tr, arch = card["evaluation"], card["training"], card["architecture"]
    rows = "\n".join(
        f"| {s} | {ev['exactAccuracyPercent'][str(s)]} % | {ev['cellAccuracyPercent'][str(s)]} % |" for s in REPORT_STEPS
    )
    halt = ev["haltAtFirstFire"]
    emb_text = (
        f"{arch['puzzle_emb_len']} puzzle-embedding position(s) in front of the grid. With a single identifier"
        " the embedding is one learned vector; its position gives the halting head (which reads position 0)"
        " a slot of its own that attends to the whole grid, instead of the top-left cell's state."
        if arch["puzzle_emb_len"] else
        "No puzzle-embedding position: the halting head reads position 0, the top-left cell's state."
    )
    unsolved_last = ("no puzzle was still unsolved" if ev["haltFiresWhenUnsolvedPercent"] is None
                     else f"it fires on {ev['haltFiresWhenUnsolvedPercent']} % of those it has not")
    return f"""# sudoku6-tiny

The default model of TRM Lens: a Tiny Recursive Model trained from scratch on 6x6 Sudoku, small enough to
train on a laptop CPU and to step through in the debugger. Its answer visibly improves over the supervision
steps and its halting head learns to fire once the grid is right.

## Task and data

- {card['task']}.
- Generator: {card['generator']}
- Encoding: token = value + 1 (blank 1, digits 2..7), PAD 0, vocabulary {arch['vocab_size']}, sequence
  {arch['seq_len']} (row-major), one puzzle identifier `<blank>`.
- {emb_text}

## Model

TRM (one network used for both updates): hidden {arch['hidden_size']}, {arch['num_heads']} heads, expansion
{arch['expansion']}, {arch['L_layers']} post-norm layers with self-attention and 1D RoPE (`pos_encodings:
{arch['pos_encodings']}`), SwiGLU; H_cycles {arch['H_cycles']}, L_cycles {arch['L_cycles']} (each supervision
step is {arch['H_cycles']} x ({arch['L_cycles']} latent updates + 1 answer update)); {card['parameters']}
parameters, plus the fixed initial states H_init / L_init.

## Training

- {tr['optimizerSteps']} optimizer steps of batch {tr['batchSize']}: {tr['optimizer']}.
- Loss: {tr['loss']}.
- Deep supervision: {tr['deepSupervision']}.
- Time and hardware: {tr['trainingSeconds']} s of training ({tr['trainingSeconds'] / 60:.1f} min) on a
  {tr['hardware']}.
- Reproduce (resumes from `training/runs/sudoku6-tiny/latest.pt` if present):
  `{tr['command']}`. The shipped checkpoint is `checkpoint.pt` next to this card (EMA and raw weights,
  optimizer and random states); to train on from it, copy it to `training/runs/sudoku6-tiny/latest.pt` and
  rerun the command with a later `--stop-step` (resuming undoes the halting calibration below).

## Halting calibration

{card['haltCalibration'] or 'None: the halting head is used as trained (halt when q_halt > 0)'}.
{f"Command: `{ev['calibrationCommand']}`" if ev.get('calibrationCommand') else ''}

## Held-out results

{ev['set']}, every puzzle run for all {ev['supervisionSteps']} supervision steps:

| supervision step | exact (whole grid) | cell accuracy |
| --- | --- | --- |
{rows}

Halting head (q_halt logit > 0) after step {ev['supervisionSteps']}: fires on {ev['haltFiresWhenSolvedPercent']} % of
the puzzles the model has solved; {unsolved_last} (few grids are still wrong by then, so the
per-step figures at late steps are small samples). Over every (puzzle, step) pair it fires on
{ev['haltFiresWhenSolvedAllStepsPercent']} % of the grids that are right and on {ev['haltFiresWhenUnsolvedAllStepsPercent']} % of those
that are not, and is right (fires exactly when the grid is right) {ev['haltRightAllStepsPercent']} % of the time. Stopping at the first step where it fires, as the debugger's halting rule does, stops at step
{halt['meanStep']} on average with {halt['exactPercent']} % of grids exact; it never fires on
{halt['neverFiresPercent']} % of puzzles.

Reproduce these figures: `{ev['command']}`
""" + (f"\n## Notes\n\n{card['notes']}\n" if card.get("notes") else "")


def card_arguments(description: str, eval_help: str) -> argparse.ArgumentParser:
    """The arguments every card generator takes: the checkpoint, its evaluation, notes and where to write."""
    ap = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", required=True)
    ap.add_argument("--eval", required=True, help=eval_help)
    ap.add_argument("--eval-command", required=True, help="the command that wrote --eval, quoted on the card")
    ap.add_argument("--notes", help="a text file of notes (how the recipe was chosen...) for the card and README")
    ap.add_argument("--json", required=True)
    ap.add_argument("--readme", required=True)
    return ap


def write_card(card: Dict, args: argparse.Namespace, render: Callable[[Dict, Path], str]) -> None:
    """Adds the notes file to the card, then writes its JSON and the README `render` makes of it."""
    if args.notes:
        card["notes"] = Path(args.notes).read_text().strip()
    Path(args.json).write_text(json.dumps(card, indent=2) + "\n")
    readme = Path(args.readme)
    readme.parent.mkdir(parents=True, exist_ok=True)
    readme.write_text(render(card, readme.parent))


def main(argv: Optional[Sequence[str]] = None) -> None:
    ap = card_arguments(__doc__, "JSON written by trm_lens.evaluate on the test seed")
    ap.add_argument("--calibration-command", help="the command that calibrated the halting threshold, if one did")
    args = ap.parse_args(argv)
    card = build_card(Path(args.checkpoint), json.loads(Path(args.eval).read_text()), args.eval_command,
                      args.calibration_command)
    write_card(card, args, lambda c, _folder: render_readme(c))


if __name__ == "__main__":
    main()
