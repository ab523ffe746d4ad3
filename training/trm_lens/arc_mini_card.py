"""Write the model card of a trained ARC miniature from its checkpoint and its held-out evaluation
(trm_lens.arc_mini_eval): the JSON for the bundle manifest's `card` and the README beside the bundle.

    cd training && python3 -m trm_lens.arc_mini_card --checkpoint ../models/arc-mini/checkpoint.pt \
        --eval runs/arc-mini/eval_test.json --eval-command "..." --notes runs/arc-mini/notes.md \
        --json runs/arc-mini/card.json --readme ../models/arc-mini/README.md

Nothing is typed in by hand but the notes: every figure comes from the checkpoint and the evaluation.
"""
import json
from pathlib import Path
from typing import Dict, Optional, Sequence

from .checkpoint import load_checkpoint
from .evaluate import REPORT_STEPS
from .model_card import card_arguments, training_section, write_card

pct = lambda v: None if v is None else round(100 * v, 1)  # noqa: E731


def build_card(checkpoint: Path, evaluation: Dict, eval_command: str) -> Dict:
    state = load_checkpoint(checkpoint)
    args, cfg = state["args"], state["config"]
    params = sum(v.numel() for k, v in state["model"].items() if not k.endswith(("H_init", "L_init")))
    per_step = {row["step"]: row for row in evaluation["per_step"]}
    shown = [s for s in REPORT_STEPS if s in per_step]
    command = (f"cd training && nice -n 19 python3 -m trm_lens.train --dataset arc-mini --arc-data DIR"
               f" --name {args['name']} --arc-tasks {args['arc_tasks']}"
               f" --arc-augmentations {args['arc_augmentations']} --threads 1 --hidden-size {args['hidden_size']}"
               f" --num-heads {args['num_heads']} --h-cycles {args['h_cycles']} --l-cycles {args['l_cycles']}"
               f" --batch-size {args['batch_size']} --lr {args['lr']} --warmup-steps {args['warmup_steps']}"
               f" --steps {args['steps']}" + (f" --stop-step {state['step']}" if state["step"] < args["steps"] else ""))
    return {
        "task": f"ARC-AGI-1 training tasks: the {evaluation['tasks']} simplest whose rule is local (each output cell"
                f" a function of its 3x3 input neighbourhood on every demonstration pair) and whose grids fit a"
                f" {args['arc_canvas']}x{args['arc_canvas']} canvas (trm_lens.arc_mini.choose_tasks)",
        "data": (f"the demonstration pairs of each task but its last, under {args['arc_augmentations']} augmentations"
                 " (the task itself, then dihedral transform k mod 8 with a random permutation of colours 1-9), each"
                 " with its own puzzle embedding named as the public builder names it (task|||t<k>|||<colours>);"
                 " the last demonstration pair is the validation pair; the test inputs are never trained on"),
        "parameters": params,
        "architecture": {k: cfg[k] for k in ("hidden_size", "num_heads", "expansion", "L_layers", "H_cycles", "L_cycles",
                                             "pos_encodings", "puzzle_emb_len", "vocab_size", "seq_len")},
        "training": {**training_section(state, command),
                     "puzzleEmbeddings": f"sign-SGD (the public code's) at lr {args['puzzle_emb_lr']}"},
        "evaluation": {
            "set": f"{evaluation['test_inputs']} held-out test inputs of {evaluation['tasks']} tasks, each run under"
                   f" all {evaluation['augmentations_per_task']} of its task's augmentations, answers mapped back",
            "supervisionSteps": evaluation["supervision_steps"],
            "singleExactPercent": {str(s): pct(per_step[s]["exact"]) for s in shown},
            "singleCellPercent": {str(s): pct(per_step[s]["cell"]) for s in shown},
            "votedPass1Percent": {str(s): pct(per_step[s]["voted_pass1"]) for s in shown},
            "votedPass2Percent": {str(s): pct(per_step[s]["voted_pass2"]) for s in shown},
            "anyAugmentationPercent": {str(s): pct(per_step[s]["any_augmentation"]) for s in shown},
            "haltFiresWhenSolvedPercent": {str(s): pct(per_step[s]["halt_fires_when_solved"]) for s in shown},
            "haltFiresWhenUnsolvedPercent": {str(s): pct(per_step[s]["halt_fires_when_unsolved"]) for s in shown},
            "solvedTasks": sorted(t for t, r in evaluation["per_task"].items() if r["pass2_last"]),
            "command": eval_command,
        },
    }


def _cell(value: Optional[float]) -> str:
    return "n/a" if value is None else f"{value} %"


def render_readme(card: Dict, name: str) -> str:
    ev, tr, arch = card["evaluation"], card["training"], card["architecture"]
    rows = "\n".join(
        f"| {s} | {_cell(ev['singleExactPercent'][s])} | {_cell(ev['singleCellPercent'][s])} |"
        f" {_cell(ev['votedPass1Percent'][s])} | {_cell(ev['votedPass2Percent'][s])} |"
        f" {_cell(ev['anyAugmentationPercent'][s])} | {_cell(ev['haltFiresWhenSolvedPercent'][s])} |"
        f" {_cell(ev['haltFiresWhenUnsolvedPercent'][s])} |"
        for s in ev["singleExactPercent"]
    )
    solved = ", ".join(f"`{t}`" for t in ev["solvedTasks"]) or "none"
    return f"""# {name}

A Tiny Recursive Model trained from scratch on a miniature of TRM's ARC-AGI recipe, on one CPU thread: a
model that solves some real ARC tasks, so that stepping through it and voting over its augmentations show
what the recursion does on ARC grids. It is not a general ARC solver: it knows only the tasks below.

## Task and data

- {card['task']}.
- Data: {card['data']}.
- Encoding: the bundle's `arc-eos` layout (PAD 0, EOS 1, colour c -> token c + 2, grid top-left on the
  canvas, EOS under and right of it); vocabulary {arch['vocab_size']}, sequence {arch['seq_len']}, PAD labels ignored.

## Model

TRM (one network used for both updates): hidden {arch['hidden_size']}, {arch['num_heads']} heads, expansion
{arch['expansion']}, {arch['L_layers']} post-norm layers with self-attention and 1D RoPE, SwiGLU; H_cycles
{arch['H_cycles']}, L_cycles {arch['L_cycles']}; {arch['puzzle_emb_len']} puzzle-embedding position(s);
{card['parameters']} parameters, plus H_init / L_init.

## Training

- {tr['optimizerSteps']} optimizer steps of batch {tr['batchSize']}: {tr['optimizer']}; puzzle embeddings by
  {tr['puzzleEmbeddings']}.
- Loss: {tr['loss']}.
- Deep supervision: {tr['deepSupervision']}.
- Time and hardware: {tr['trainingSeconds']} s of training ({tr['trainingSeconds'] / 60:.1f} min) on a
  {tr['hardware']}.
- Reproduce: `{tr['command']}` (DIR holds the Kaggle `training_challenges.json` and
  `training_solutions.json`). The shipped `checkpoint.pt` holds the EMA and raw weights, optimizer and random
  states; copy it to `training/runs/{name}/latest.pt` to train on from it.

## Held-out results

{ev['set']}, every input run for all {ev['supervisionSteps']} supervision steps. "Single" is the plain task
identifier alone (one Solve); "voted" ranks the augmentations' answers by votes, then by mean
sigmoid(q_halt), as TRM's ARC evaluator does (`trm-lens vote`); "any" counts an input when at least one
augmentation answered it right. The halting columns say how often q_halt > 0 on the plain run's grid when
it is right and when it is wrong.

| supervision step | single exact | single cell | voted pass@1 | voted pass@2 | any augmentation | halt fires: right | halt fires: wrong |
| --- | --- | --- | --- | --- | --- | --- | --- |
{rows}

Tasks whose test input(s) voted pass@2 gets right at the last step: {solved}.

Reproduce these figures: `{ev['command']}`
""" + (f"\n## Notes\n\n{card['notes']}\n" if card.get("notes") else "")


def main(argv: Optional[Sequence[str]] = None) -> None:
    args = card_arguments(__doc__, "JSON written by trm_lens.arc_mini_eval").parse_args(argv)
    card = build_card(Path(args.checkpoint), json.loads(Path(args.eval).read_text()), args.eval_command)
    write_card(card, args, lambda c, folder: render_readme(c, folder.name))


if __name__ == "__main__":
    main()
