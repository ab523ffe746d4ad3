r"""Export a TRM to a TRM Lens model bundle (docs/bundle-format.md): manifest.json + ONNX graphs, and the
puzzle-embedding table as a raw float32 file (puzzle_emb.f32) when the model has one.

    python3 -m trm_lens.export --checkpoint ../models/sudoku6-tiny/checkpoint.pt --out ../models/sudoku6-tiny

An ARC miniature checkpoint exports with its own canvas and puzzle identifiers (every task and augmentation):

    python3 -m trm_lens.export --checkpoint runs/arc-mini/latest.pt --out ../models/arc-mini

A checkpoint of the public TRM code (its all_config.yaml beside it, and the dataset's identifiers.json):

    python3 -m trm_lens.export --public-checkpoint ckpt/step_N --config ckpt/all_config.yaml \
        --identifiers data/arc1concept-aug-1000/identifiers.json --dataset arc \
        --identifier-scope base --out ~/bundles/trm-arc1

A checkpoint of the public HRM code the same way (its all_config.yaml names `hrm.hrm_act_v1`); `--checkpoint`
given with `--config` reads a public checkpoint too, and a folder stands for its newest checkpoint file:

    python3 -m trm_lens.export --checkpoint HRM-checkpoint-ARC-2 --config HRM-checkpoint-ARC-2/all_config.yaml \
        --identifiers data/arc-2-aug-1000/identifiers.json --dataset arc --out ~/bundles/hrm-arc2

A TRM network is exported once and named for both updates (latentNet = answerNet), which is the point of TRM;
an HRM gets one graph per level (latentNet = L_level, answerNet = H_level).
"""
import argparse
import inspect
import json
from pathlib import Path
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

import torch
from torch import nn

from .convert import DATASETS, ConversionError, config_from_public, load_public_state_dict, model_from_public, \
    public_checkpoint_file, read_yaml, reindex_puzzle_embeddings, select_identifiers, task_ids_of
from .hrm_model import HRMInner
from .layers import bf16_rounding, stored
from .model_card import public_card
from .model import TRMConfig, TRMInner

# Version 2 keeps the puzzle-embedding table out of embed.onnx, in a raw file the engine reads row by row (a
# public ARC table is ~1.8 GB; protobuf caps one graph at 2 GB). A model without a puzzle embedding has no
# table, so its bundle stays version 1, which every engine since reads.
FORMAT_VERSION = 2
FORMAT_VERSION_WITHOUT_TABLE = 1
TABLE_FILE = "puzzle_emb.f32"
OPSET = 17
PRECISIONS = ("fp32", "bf16")
BLANK = "<blank>"

# Encodings of the public datasets, and of this project's 6x6 Sudoku. Keys as in docs/bundle-format.md.
ENCODINGS: Dict[str, Dict] = {
    "arc": {"layout": "arc-eos", "height": 30, "width": 30, "padToken": 0, "eosToken": 1,
            "valueOffset": 2, "numValues": 10, "palette": "arc", "cellLabels": None},
    "sudoku": {"layout": "fixed", "height": 9, "width": 9, "padToken": 0, "eosToken": None,
               "valueOffset": 1, "numValues": 10, "palette": "digits", "cellLabels": None},
    "maze": {"layout": "fixed", "height": 30, "width": 30, "padToken": 0, "eosToken": None,
             "valueOffset": 1, "numValues": 5, "palette": "maze", "cellLabels": ["#", " ", "S", "G", "o"]},
    "sudoku6": {"layout": "fixed", "height": 6, "width": 6, "padToken": 0, "eosToken": None,
                "valueOffset": 1, "numValues": 7, "palette": "digits", "cellLabels": None},
}


class _Embed(nn.Module):
    """A model without a puzzle embedding (format version 1): tokens and puzzle_ids."""

    def __init__(self, inner: TRMInner):
        super().__init__()
        self.inner = inner

    def forward(self, tokens: torch.Tensor, puzzle_ids: torch.Tensor) -> torch.Tensor:
        x = self.inner.input_embeddings(tokens, puzzle_ids)
        if self.inner.config.puzzle_emb_ndim <= 0:
            # Without a puzzle embedding the tracer would drop the unused `puzzle_ids` input, and the
            # bundle format promises the engine that every embed graph takes it.
            x = x + 0 * puzzle_ids.to(x.dtype)[:, None, None]
        return x


class _EmbedRows(nn.Module):
    """A model with a puzzle embedding (format version 2): tokens and the looked-up table rows, so the table
    stays out of the graph."""

    def __init__(self, inner: TRMInner):
        super().__init__()
        self.inner = inner

    def forward(self, tokens: torch.Tensor, puzzle_emb: torch.Tensor) -> torch.Tensor:
        return self.inner.embed_rows(tokens, puzzle_emb)


HEADS_OUTPUTS = ["logits", "q_logits"]
NET_OUTPUTS = ["out", *HEADS_OUTPUTS]


class _Net(nn.Module):
    """One update of `inner` as a graph: `update` names its method (TRM: net; HRM: latent_net, answer_net).
    It also outputs the heads on the state it wrote (NET_OUTPUTS): the engine reads every updated state, and
    inside the update that reading costs next to nothing, where a run of the heads graph after it paid for its
    start and for caches the net had emptied (docs/bundle-format.md)."""

    def __init__(self, inner: TRMInner, update: str = "net"):
        super().__init__()
        self.inner = inner
        self.update = update

    def forward(self, hidden: torch.Tensor, injection: torch.Tensor):
        out = getattr(self.inner, self.update)(hidden, injection)
        return (out, *self.inner.heads(out))


class _Heads(nn.Module):
    def __init__(self, inner: TRMInner):
        super().__init__()
        self.inner = inner

    def forward(self, state: torch.Tensor):
        return self.inner.heads(state)


def _onnx_export(module: nn.Module, args, path: Path, inputs: Sequence[str], outputs: Sequence[str]) -> None:
    kwargs = {}
    if "dynamo" in inspect.signature(torch.onnx.export).parameters:
        kwargs["dynamo"] = False  # the TorchScript exporter: same graphs on torch 1.13 and 2.x
    torch.onnx.export(
        module, args, str(path), input_names=list(inputs), output_names=list(outputs),
        dynamic_axes={name: {0: "batch"} for name in list(inputs) + list(outputs)},
        opset_version=OPSET, do_constant_folding=True, **kwargs)
    import onnx
    onnx.checker.check_model(onnx.load(str(path)))


def _floats(t: torch.Tensor) -> List[float]:
    # float32 -> Python float is exact, and JSON's shortest repr round-trips it through float64.
    return [float(v) for v in t.detach().to(torch.float32).flatten().tolist()]


def export_bundle(inner: TRMInner, out_dir: Path, *, name: str, encoding: Mapping, identifiers: Mapping,
                  loss: str = "softmax", card: Optional[Mapping] = None, precision: str = "fp32") -> Dict:
    """Write manifest.json, embed.onnx, net.onnx and heads.onnx (and the puzzle-embedding table, if the model
    has one) for `inner` into out_dir. With precision "bf16" the graphs (and the table) round where the
    public code's forward_dtype bfloat16 stores (layers.bf16_rounding)."""
    if precision not in PRECISIONS:
        raise ValueError(f"precision must be one of {PRECISIONS}, got {precision!r}")
    cfg: TRMConfig = inner.config
    _check_encoding(cfg, encoding)
    names = list(identifiers["names"])
    if not names or names[0] != BLANK:
        raise ValueError(f"identifier names must start with {BLANK!r}, got {names[:3]}")
    if cfg.puzzle_emb_ndim > 0 and len(names) != cfg.num_puzzle_identifiers:
        raise ValueError(f"{len(names)} identifier names for a puzzle-embedding table of "
                         f"{cfg.num_puzzle_identifiers} rows")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    inner = inner.float().eval()
    batch, total = 1, cfg.total_len
    tokens = torch.full((batch, cfg.seq_len), encoding["valueOffset"], dtype=torch.long)
    state = torch.zeros((batch, total, cfg.hidden_size))
    graphs = _hrm_net_graphs(inner) if isinstance(inner, HRMInner) else _trm_net_graphs(inner)
    with torch.no_grad(), bf16_rounding(precision == "bf16"):
        initial_state = inner.initial_state(1)
        table = _export_embed(inner, tokens, out_dir)
        for file, net in {file: net for file, net in graphs.values()}.items():
            _onnx_export(net, (state, state.clone()), out_dir / file, ["hidden", "injection"], NET_OUTPUTS)
        _onnx_export(_Heads(inner), (state,), out_dir / "heads.onnx", ["state"], HEADS_OUTPUTS)
    model = _hrm_fields(inner) if isinstance(inner, HRMInner) else _trm_fields(inner)
    manifest = {
        "format": "trm-lens-bundle",
        "formatVersion": FORMAT_VERSION if table else FORMAT_VERSION_WITHOUT_TABLE,
        "name": name,
        "family": model["family"],
        "dtype": "float32",
        "precision": precision,
        "architecture": {
            **model["architecture"],
            "posEncodings": cfg.pos_encodings, "seqLen": cfg.seq_len, "puzzleEmbLen": cfg.puzzle_positions,
            "vocabSize": cfg.vocab_size, "parameters": sum(p.numel() for p in inner.parameters()),
        },
        "schedule": {"hCycles": cfg.H_cycles, "lCycles": cfg.L_cycles, "haltMaxSteps": cfg.halt_max_steps,
                     "haltRule": model["haltRule"]},
        "encoding": dict(encoding),
        "loss": {"lm": loss, "haltWeight": 0.5, "ignorePadLabels": True},
        "identifiers": {"scope": identifiers.get("scope", "single"), "names": names, **table},
        "graphs": {"embed": "embed.onnx", "latentNet": graphs["latentNet"][0], "answerNet": graphs["answerNet"][0],
                   "heads": "heads.onnx"},
        "initialState": {"y": _floats(initial_state[0][0, 0]), "z": _floats(initial_state[1][0, 0])},
        "card": dict(card or {}),
    }
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    return manifest


def _export_embed(inner: TRMInner, tokens: torch.Tensor, out_dir: Path) -> Dict:
    """Writes embed.onnx, and the puzzle-embedding table as TABLE_FILE when the model has one; returns the
    manifest's identifiers.table entry ({} without a table)."""
    cfg = inner.config
    if cfg.puzzle_emb_ndim <= 0:
        ids = torch.zeros((tokens.shape[0],), dtype=torch.long)
        _onnx_export(_Embed(inner), (tokens, ids), out_dir / "embed.onnx", ["tokens", "puzzle_ids"], ["x"])
        return {}
    # The table as the graph would read it: under bf16_rounding, stored() rounds it as the public code
    # stores its bf16 embedding weights.
    weights = stored(inner.puzzle_emb.weights.detach())
    rows = torch.zeros((tokens.shape[0], cfg.puzzle_emb_ndim))
    _onnx_export(_EmbedRows(inner), (tokens, rows), out_dir / "embed.onnx", ["tokens", "puzzle_emb"], ["x"])
    write_table(weights, out_dir / TABLE_FILE)
    return {"table": {"file": TABLE_FILE, "dtype": "float32", "rows": weights.shape[0], "dim": weights.shape[1]}}


def write_table(weights: torch.Tensor, path: Path) -> None:
    """Little-endian float32, row-major: row i at byte offset i * dim * 4."""
    import numpy as np
    np.ascontiguousarray(weights.to(torch.float32).numpy(), dtype="<f4").tofile(str(path))


NetGraphs = Dict[str, Tuple[str, nn.Module]]  # manifest role -> (file, module to export)


def _trm_net_graphs(inner: TRMInner) -> NetGraphs:
    net = ("net.onnx", _Net(inner))
    return {"latentNet": net, "answerNet": net}


def _hrm_net_graphs(inner: HRMInner) -> NetGraphs:
    return {"latentNet": ("l_level.onnx", _Net(inner, "latent_net")),
            "answerNet": ("h_level.onnx", _Net(inner, "answer_net"))}


def _trm_fields(inner: TRMInner) -> Dict:
    cfg = inner.config
    return {"family": "trm",
            "architecture": {"hiddenSize": cfg.hidden_size, "numHeads": cfg.num_heads, "expansion": cfg.expansion,
                             "layers": cfg.L_layers, "mixer": "mlp_t" if cfg.mlp_t else "attention"},
            "haltRule": "q_halt_positive" if cfg.no_ACT_continue else "q_halt_gt_continue"}


def _hrm_fields(inner: HRMInner) -> Dict:
    cfg = inner.config
    return {"family": "hrm",
            "architecture": {"hiddenSize": cfg.hidden_size, "numHeads": cfg.num_heads, "expansion": cfg.expansion,
                             "layers": cfg.L_layers, "hLayers": cfg.H_layers, "mixer": "attention"},
            "haltRule": "q_halt_gt_continue"}


def _check_encoding(cfg: TRMConfig, enc: Mapping) -> None:
    cells = enc["height"] * enc["width"]
    if cells != cfg.seq_len:
        raise ValueError(f"encoding canvas {enc['height']}x{enc['width']} = {cells} cells, model seq_len {cfg.seq_len}")
    top = enc["valueOffset"] + enc["numValues"]
    if top > cfg.vocab_size:
        raise ValueError(f"encoding needs tokens up to {top - 1}, model vocab_size is {cfg.vocab_size}")


def inner_from_own_checkpoint(path: Path, weights: str = "ema") -> TRMInner:
    from .evaluate import load_model
    return load_model(Path(path), weights).inner


def own_training_setup(path: Path, dataset: Optional[str]) -> Tuple[Dict, Dict, str]:
    """The encoding, identifier table and lm loss one of our checkpoints was trained with. An ARC miniature
    run stores its canvas and its puzzle identifiers (the tasks and their augmentations); a Sudoku run has
    one blank identifier."""
    from .checkpoint import load_checkpoint
    saved = load_checkpoint(path)
    args = saved.get("args", {})
    loss = args.get("loss", "softmax")
    if args.get("dataset") != "arc-mini":
        return ENCODINGS[dataset or "sudoku6"], {"scope": "single", "names": [BLANK]}, loss
    if dataset not in (None, "arc"):
        raise SystemExit(f"error: {path} is an ARC miniature checkpoint; --dataset {dataset} does not fit it")
    canvas = args["arc_canvas"]
    encoding = {**ENCODINGS["arc"], "height": canvas, "width": canvas}
    return encoding, {"scope": "all", "names": list(saved["identifiers"])}, loss


def _public(args) -> Tuple[TRMInner, str, Dict, Dict]:
    """Model, loss kind, identifier table and model card of a public checkpoint, per the CLI arguments."""
    if args.dataset not in DATASETS:
        raise SystemExit(f"error: --dataset must be one of {', '.join(DATASETS)} for a public checkpoint")
    if not args.identifiers:
        raise SystemExit("error: --identifiers (the dataset's identifiers.json) is required for a public checkpoint")
    names = json.loads(args.identifiers.read_text())
    try:
        checkpoint = public_checkpoint_file(args.public_checkpoint)
        all_config = read_yaml(args.config or checkpoint.parent / "all_config.yaml")
        config, loss = config_from_public(all_config, args.dataset, len(names))
        model = model_from_public(load_public_state_dict(checkpoint), config, str(checkpoint))
        rows = select_identifiers(names, args.identifier_scope, task_ids_of(args.tasks))
    except (ConversionError, KeyError) as e:
        raise SystemExit(f"error: {e}")
    reindex_puzzle_embeddings(model, rows)
    card = public_card(all_config, model.inner, checkpoint, args.dataset) if isinstance(model.inner, HRMInner) else {}
    return model.inner, loss, {"scope": args.identifier_scope, "names": [BLANK] + [names[i] for i in rows[1:]]}, card


def main(argv: Optional[Sequence[str]] = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--checkpoint", type=Path,
                     help="a checkpoint of trm_lens.train (with --config: a public one, as --public-checkpoint)")
    src.add_argument("--public-checkpoint", type=Path,
                     help="a checkpoint saved by the public TRM or HRM code's pretrain.py, or its folder")
    ap.add_argument("--config", type=Path, help="its all_config.yaml (default: beside the checkpoint)")
    ap.add_argument("--identifiers", type=Path, help="the dataset's identifiers.json")
    ap.add_argument("--identifier-scope", choices=["all", "base", "file"], default="base",
                    help="keep every identifier, only un-augmented ones (default), or the tasks of --tasks")
    ap.add_argument("--tasks", type=Path, nargs="*", default=[], help="task files for --identifier-scope file")
    ap.add_argument("--out", required=True, type=Path, help="bundle folder to write")
    ap.add_argument("--name", help="bundle name (default: the folder name)")
    ap.add_argument("--dataset", choices=sorted(ENCODINGS),
                    help="encoding (our checkpoints: the ARC miniature's own canvas, else sudoku6)")
    ap.add_argument("--weights", choices=["ema", "model"], default="ema")
    ap.add_argument("--loss", choices=["softmax", "stablemax"], help="lm loss (default: from the config, else softmax)")
    ap.add_argument("--card", type=Path, help="JSON file whose object becomes the manifest's card")
    ap.add_argument("--precision", choices=PRECISIONS, default="fp32",
                    help="bf16: round as a forward_dtype bfloat16 run of the public code does (default fp32)")
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    card = json.loads(args.card.read_text()) if args.card else {}
    if args.checkpoint and args.config:  # our own checkpoints have no all_config.yaml
        args.public_checkpoint, args.checkpoint = args.checkpoint, None
    if args.checkpoint:
        inner = inner_from_own_checkpoint(args.checkpoint, args.weights)
        encoding, identifiers, trained_loss = own_training_setup(args.checkpoint, args.dataset)
        loss = args.loss or trained_loss
    else:
        inner, loss, identifiers, public = _public(args)
        encoding, loss, card = ENCODINGS[args.dataset], args.loss or loss, {**public, **card}
    try:
        manifest = export_bundle(inner, args.out, name=args.name or args.out.name, encoding=encoding,
                                 identifiers=identifiers, loss=loss, card=card, precision=args.precision)
    except ConversionError as e:
        raise SystemExit(f"error: {e}")
    print(f"wrote {args.out}: {manifest['architecture']['parameters']} parameters")


if __name__ == "__main__":
    main()
