"""Checkpoints of the public TRM code (SamsungSAILMontreal/TinyRecursiveModels) -> our reference model.

pretrain.py saves the model's state_dict (keys `_orig_mod.model.inner...` after torch.compile, or
`model.inner...`; bf16 or fp32) and `all_config.yaml` beside it; the dataset folder has `identifiers.json`.
The grid size and vocabulary come from the dataset kind, the identifier count from identifiers.json.
"""
import json
import sys
from pathlib import Path
from typing import Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

import torch

from .model import TRM, TRMConfig, load_reference_state_dict, strip_reference_prefix

BLANK = "<blank>"
# (seq_len, vocab_size) of each public dataset builder's output
DATASETS: Dict[str, Tuple[int, int]] = {"arc": (900, 12), "sudoku": (81, 11), "maze": (900, 6)}
AUGMENTATION_SEPARATOR = "|||"


class ConversionError(ValueError):
    """A checkpoint that does not fit its config; the message names the key or tensor at fault."""


def read_yaml(path: Path) -> Dict:
    import yaml
    with open(path) as f:
        return yaml.safe_load(f)


def config_from_public(all_config: Mapping, dataset: str, num_identifiers: int) -> Tuple[TRMConfig, str]:
    """Our TRMConfig from the `arch` section of all_config.yaml, and the lm loss kind."""
    arch = dict(all_config.get("arch") or {})
    if not arch:
        raise ConversionError("all_config.yaml: no `arch` section")
    name = str(arch.get("name", ""))
    if "hrm" in name.lower():
        raise ConversionError(f"all_config.yaml: arch.name {name!r} is an HRM model; HRM checkpoints are not supported yet")
    required = [k for k in ("hidden_size", "num_heads", "expansion", "L_layers", "H_cycles", "L_cycles") if k not in arch]
    if required:
        raise ConversionError(f"all_config.yaml: arch.{required[0]} is missing (needed: {', '.join(required)})")
    hidden = int(arch["hidden_size"])
    ndim = arch.get("puzzle_emb_ndim", hidden)
    if not isinstance(ndim, int):  # an unresolved `${.hidden_size}` interpolation
        ndim = hidden
    loss_type = str((arch.get("loss") or {}).get("loss_type", "stablemax_cross_entropy"))
    seq_len, vocab = DATASETS[dataset]
    fields = {k: arch[k] for k in ("hidden_size", "num_heads", "expansion", "L_layers", "H_cycles", "L_cycles",
                                   "halt_max_steps", "halt_exploration_prob", "pos_encodings", "mlp_t",
                                   "puzzle_emb_len", "no_ACT_continue", "rms_norm_eps", "rope_theta") if k in arch}
    config = TRMConfig.from_dict({**fields, "puzzle_emb_ndim": ndim, "seq_len": seq_len, "vocab_size": vocab,
                                  "num_puzzle_identifiers": num_identifiers})
    return config, "softmax" if loss_type.startswith("softmax") else "stablemax"


def load_public_state_dict(path: Path) -> Dict[str, torch.Tensor]:
    try:
        state = torch.load(path, map_location="cpu", weights_only=True)
    except TypeError:  # torch without weights_only
        state = torch.load(path, map_location="cpu")
    if isinstance(state, Mapping) and "model" in state and isinstance(state["model"], Mapping):
        state = state["model"]
    if not isinstance(state, Mapping):
        raise ConversionError(f"{path}: expected a state_dict, got {type(state).__name__}")
    return dict(state)


def model_from_public(state_dict: Mapping[str, torch.Tensor], config: TRMConfig, source: str) -> TRM:
    model = TRM(config)
    ours = model.state_dict()
    theirs = strip_reference_prefix(state_dict)
    missing = sorted(set(ours) - set(theirs))
    unexpected = sorted(set(theirs) - set(ours))
    if missing or unexpected:
        raise ConversionError(f"{source}: checkpoint keys do not match the config: missing {missing[:5]}, unexpected {unexpected[:5]}")
    for key, value in ours.items():
        if tuple(theirs[key].shape) != tuple(value.shape):
            raise ConversionError(f"{source}: tensor {key} has shape {tuple(theirs[key].shape)}, the config implies {tuple(value.shape)}")
    load_reference_state_dict(model, state_dict)
    return model.eval()


def task_ids_of(files: Iterable[Path]) -> List[str]:
    """Task ids of a Kaggle combined file (its keys) or single task files (their names)."""
    ids: List[str] = []
    for f in files:
        data = json.loads(Path(f).read_text())
        if isinstance(data, dict) and "train" not in data:
            ids.extend(data.keys())
        else:
            ids.append(Path(f).name.split(".")[0])
    return ids


def select_identifiers(names: Sequence[str], scope: str, task_ids: Optional[Sequence[str]] = None) -> List[int]:
    """Rows of the public identifier table to keep, the blank (row 0) first."""
    if scope == "all":
        return list(range(len(names)))
    # Rows 1.. can be "<blank>" too: the ARC builder's puzzle_identifiers_start > 1 leaves unused rows.
    if scope == "base":
        keep = [i for i, n in enumerate(names) if i > 0 and n != BLANK and AUGMENTATION_SEPARATOR not in n]
    elif scope == "file":
        wanted = set(task_ids or [])
        keep = [i for i, n in enumerate(names) if i > 0 and n in wanted]
        missing = sorted(wanted - {names[i] for i in keep})
        if missing and not keep:
            raise ConversionError(f"--tasks: none of the {len(missing)} task(s) has an identifier in identifiers.json, e.g. {missing[:3]}")
        if missing:  # the rest still get their embeddings; these fall back to the blank row
            print(f"warning: {len(missing)} task(s) have no identifier in identifiers.json, e.g. {missing[:3]}", file=sys.stderr)
    else:
        raise ConversionError(f"unknown identifier scope {scope!r}")
    return [0] + keep


def reindex_puzzle_embeddings(model: TRM, rows: Sequence[int]) -> None:
    inner = model.inner
    if not hasattr(inner, "puzzle_emb"):
        return
    with torch.no_grad():
        table = inner.puzzle_emb.weights.data[list(rows)].clone()
        inner.puzzle_emb.weights = torch.nn.Parameter(table)
    inner.config.num_puzzle_identifiers = len(rows)
