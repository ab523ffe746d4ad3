"""Checkpoints of the public TRM code (SamsungSAILMontreal/TinyRecursiveModels) and of the public HRM code
(sapientinc/HRM) -> our reference models (model.TRM, hrm_model.HRM).

pretrain.py saves the model's state_dict (keys `_orig_mod.model.inner...` after torch.compile, or
`model.inner...`; bf16 or fp32) and `all_config.yaml` beside it; the dataset folder has `identifiers.json`.
The grid size and vocabulary come from the dataset kind, the identifier count from identifiers.json.
An `arch.name` naming HRM (`hrm.hrm_act_v1@HierarchicalReasoningModel_ACTV1`, config/arch/hrm_v1.yaml) makes
an HRM; every other name a TRM.
"""
import json
import re
import sys
from pathlib import Path
from typing import Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

import torch

from .hrm_model import HRM, HRMConfig
from .model import TRM, TRMConfig, load_reference_state_dict, strip_reference_prefix

BLANK = "<blank>"
# (seq_len, vocab_size) of each public dataset builder's output
DATASETS: Dict[str, Tuple[int, int]] = {"arc": (900, 12), "sudoku": (81, 11), "maze": (900, 6)}
AUGMENTATION_SEPARATOR = "|||"
# HRM's ARC builder names an augmentation `<task>_t<dihedral>_<10 colour digits>`.
HRM_AUGMENTATION = re.compile(r"_t[0-7]_[0-9]{10}$")
ModelConfig = Union[TRMConfig, HRMConfig]


class ConversionError(ValueError):
    """A checkpoint that does not fit its config; the message names the key or tensor at fault."""


def read_yaml(path: Path) -> Dict:
    import yaml
    with open(path) as f:
        return yaml.safe_load(f)


def is_hrm(all_config: Mapping) -> bool:
    return "hrm" in str((all_config.get("arch") or {}).get("name", "")).lower()


def _arch_section(all_config: Mapping, required: Sequence[str]) -> Tuple[Dict, int, str]:
    """The `arch` section with its required keys checked, puzzle_emb_ndim and the lm loss kind."""
    arch = dict(all_config.get("arch") or {})
    if not arch:
        raise ConversionError("all_config.yaml: no `arch` section")
    missing = [k for k in required if k not in arch]
    if missing:
        raise ConversionError(f"all_config.yaml: arch.{missing[0]} is missing (needed: {', '.join(missing)})")
    hidden = int(arch["hidden_size"])
    ndim = arch.get("puzzle_emb_ndim", hidden)
    if not isinstance(ndim, int):  # an unresolved `${.hidden_size}` interpolation
        ndim = hidden
    loss_type = str((arch.get("loss") or {}).get("loss_type", "stablemax_cross_entropy"))
    return arch, ndim, "softmax" if loss_type.startswith("softmax") else "stablemax"


def config_from_public(all_config: Mapping, dataset: str, num_identifiers: int) -> Tuple[ModelConfig, str]:
    """Our TRMConfig or HRMConfig from the `arch` section of all_config.yaml, and the lm loss kind."""
    if is_hrm(all_config):
        return hrm_config_from_public(all_config, dataset, num_identifiers)
    arch, ndim, loss = _arch_section(all_config, ("hidden_size", "num_heads", "expansion", "L_layers", "H_cycles", "L_cycles"))
    seq_len, vocab = DATASETS[dataset]
    fields = {k: arch[k] for k in ("hidden_size", "num_heads", "expansion", "L_layers", "H_cycles", "L_cycles",
                                   "halt_max_steps", "halt_exploration_prob", "pos_encodings", "mlp_t",
                                   "puzzle_emb_len", "no_ACT_continue", "rms_norm_eps", "rope_theta") if k in arch}
    config = TRMConfig.from_dict({**fields, "puzzle_emb_ndim": ndim, "seq_len": seq_len, "vocab_size": vocab,
                                  "num_puzzle_identifiers": num_identifiers})
    return config, loss


HRM_REQUIRED = ("hidden_size", "num_heads", "expansion", "H_layers", "L_layers", "H_cycles", "L_cycles", "pos_encodings")


def hrm_config_from_public(all_config: Mapping, dataset: str, num_identifiers: int) -> Tuple[HRMConfig, str]:
    """HRMConfig from the `arch` section of an HRM all_config.yaml, and the lm loss kind."""
    arch, ndim, loss = _arch_section(all_config, HRM_REQUIRED)
    seq_len, vocab = DATASETS[dataset]
    fields = {k: arch[k] for k in HRM_REQUIRED + ("halt_max_steps", "halt_exploration_prob", "rms_norm_eps", "rope_theta")
              if k in arch}
    try:
        config = HRMConfig.from_dict({**fields, "puzzle_emb_ndim": ndim, "seq_len": seq_len, "vocab_size": vocab,
                                      "num_puzzle_identifiers": num_identifiers})
    except ValueError as e:
        raise ConversionError(f"all_config.yaml: arch: {e}")
    return config, loss


def public_checkpoint_file(path: Path) -> Path:
    """A checkpoint file, or a folder's: `checkpoint` (as the published HRM checkpoints name it), else the
    `step_N` with the largest N (as pretrain.py saves them)."""
    path = Path(path)
    if not path.is_dir():
        return path
    if (path / "checkpoint").is_file():
        return path / "checkpoint"
    steps = sorted((int(m.group(1)), f) for f in path.iterdir() if (m := re.fullmatch(r"step_(\d+)", f.name)))
    if not steps:
        raise ConversionError(f"{path}: no `checkpoint` or `step_N` file in this folder")
    return steps[-1][1]


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


def new_model(config: ModelConfig) -> TRM:
    """A freshly initialised TRM or HRM, per the config's kind."""
    return HRM(config) if isinstance(config, HRMConfig) else TRM(config)


def model_from_public(state_dict: Mapping[str, torch.Tensor], config: ModelConfig, source: str) -> TRM:
    model = new_model(config)
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
        keep = [i for i, n in enumerate(names) if i > 0 and n != BLANK and not is_augmented(n)]
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


def is_augmented(name: str) -> bool:
    """An augmented identifier of the TRM (`task|||t<k>|||<perm>`) or the HRM (`task_t<k>_<perm>`) builder."""
    return AUGMENTATION_SEPARATOR in name or HRM_AUGMENTATION.search(name) is not None


def reindex_puzzle_embeddings(model: TRM, rows: Sequence[int]) -> None:
    inner = model.inner
    if not hasattr(inner, "puzzle_emb"):
        return
    with torch.no_grad():
        table = inner.puzzle_emb.weights.data[list(rows)].clone()
        inner.puzzle_emb.weights = torch.nn.Parameter(table)
    inner.config.num_puzzle_identifiers = len(rows)
