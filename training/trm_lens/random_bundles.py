"""Random-weight, full-size bundles for benchmarks and parity: each is saved first as a fake checkpoint of the
public code (state dict under `_orig_mod.model.` keys, bf16, all_config.yaml, identifiers.json), then converted
with the exporter, so the converter path is exercised too. Not committed (bench-out/ is ignored). `arc-big` is
`arc` with the public ARC-AGI-1 checkpoint's 876,406 puzzle identifiers: its table file is ~1.8 GB, for the
host-memory bench (scripts/table-memory.mjs) and the parity of a full-size table read row by row.

    python3 -m trm_lens.random_bundles --out ../bench-out/bundles [--only arc] [--parity-steps 1]
"""
import argparse
import json
import time
from pathlib import Path
from typing import Dict, Optional, Sequence

import torch

from . import export, parity
from .convert import config_from_public, is_hrm, load_public_state_dict, model_from_public, new_model, read_yaml

# The public code's arch configs (TRM: config/arch/trm.yaml and its Sudoku mlp_t variant; HRM:
# config/arch/hrm_v1.yaml), full size.
CONFIGS: Dict[str, Dict] = {
    "arc": {"dataset": "arc", "identifiers": 5, "arch": {
        "name": "recursive_reasoning.trm@TinyRecursiveReasoningModel_ACTV1", "loss": {"loss_type": "stablemax_cross_entropy"},
        "hidden_size": 512, "num_heads": 8, "expansion": 4, "L_layers": 2, "H_cycles": 3, "L_cycles": 4,
        "halt_max_steps": 16, "halt_exploration_prob": 0.1, "pos_encodings": "rope", "mlp_t": False,
        "puzzle_emb_ndim": 512, "puzzle_emb_len": 16, "no_ACT_continue": True}},
    "sudoku": {"dataset": "sudoku", "identifiers": 1, "arch": {
        "name": "recursive_reasoning.trm@TinyRecursiveReasoningModel_ACTV1", "loss": {"loss_type": "stablemax_cross_entropy"},
        "hidden_size": 512, "num_heads": 8, "expansion": 4, "L_layers": 2, "H_cycles": 3, "L_cycles": 6,
        "halt_max_steps": 16, "halt_exploration_prob": 0.1, "pos_encodings": "none", "mlp_t": True,
        "puzzle_emb_ndim": 512, "puzzle_emb_len": 16, "no_ACT_continue": True}},
    "maze": {"dataset": "maze", "identifiers": 1, "arch": {
        "name": "recursive_reasoning.trm@TinyRecursiveReasoningModel_ACTV1", "loss": {"loss_type": "stablemax_cross_entropy"},
        "hidden_size": 512, "num_heads": 8, "expansion": 4, "L_layers": 2, "H_cycles": 3, "L_cycles": 4,
        "halt_max_steps": 16, "halt_exploration_prob": 0.1, "pos_encodings": "rope", "mlp_t": False,
        "puzzle_emb_ndim": 512, "puzzle_emb_len": 16, "no_ACT_continue": True}},
    "hrm-arc": {"dataset": "arc", "identifiers": 5, "arch": {
        "name": "hrm.hrm_act_v1@HierarchicalReasoningModel_ACTV1", "loss": {"loss_type": "stablemax_cross_entropy"},
        "hidden_size": 512, "num_heads": 8, "expansion": 4, "H_layers": 4, "L_layers": 4, "H_cycles": 2, "L_cycles": 2,
        "halt_max_steps": 16, "halt_exploration_prob": 0.1, "pos_encodings": "rope", "puzzle_emb_ndim": 512}},
}
# The public ARC-AGI-1 TRM checkpoint's puzzle-embedding table: 876,406 rows x 512.
CONFIGS["arc-big"] = {**CONFIGS["arc"], "identifiers": 876_406}


def fake_public_checkpoint(name: str, folder: Path, seed: int = 0) -> Path:
    """Writes step_0 (bf16, compiled-model key names), all_config.yaml and identifiers.json."""
    import yaml
    spec = CONFIGS[name]
    folder.mkdir(parents=True, exist_ok=True)
    augmented = "task{}_t1_0123456789" if is_hrm(spec) else "task{}|||t1|||0123456789"  # each builder's naming
    names = ["<blank>"] + [f"task{i}" if i % 2 else augmented.format(i - 1) for i in range(1, spec["identifiers"])]
    (folder / "identifiers.json").write_text(json.dumps(names))
    (folder / "all_config.yaml").write_text(yaml.safe_dump({"arch": spec["arch"]}))
    config, _ = config_from_public({"arch": spec["arch"]}, spec["dataset"], len(names))
    torch.manual_seed(seed)
    model = new_model(config)
    with torch.no_grad():  # the reference starts q_head at zero; random values make halting vary
        model.inner.q_head.weight.normal_(0, 0.05)
        if hasattr(model.inner, "puzzle_emb"):
            model.inner.puzzle_emb.weights.normal_(0, 0.1)
    state = {f"_orig_mod.model.{k}": v.to(torch.bfloat16) if torch.is_floating_point(v) else v for k, v in model.state_dict().items()}
    torch.save(state, folder / "step_0")
    return folder / "step_0"


def build(name: str, out: Path, parity_steps: int) -> None:
    spec = CONFIGS[name]
    started = time.perf_counter()
    ckpt = fake_public_checkpoint(name, out / f"{name}-public")
    bundle = out / f"{name}-full"
    export.main(["--public-checkpoint", str(ckpt), "--identifiers", str(ckpt.parent / "identifiers.json"),
                 "--dataset", spec["dataset"], "--identifier-scope", "all", "--out", str(bundle), "--name", f"random-{name}-full"])
    exported = time.perf_counter()
    if parity_steps > 0:
        names = json.loads((ckpt.parent / "identifiers.json").read_text())
        config, _ = config_from_public(read_yaml(ckpt.parent / "all_config.yaml"), spec["dataset"], len(names))
        inner = model_from_public(load_public_state_dict(ckpt), config, str(ckpt)).inner
        manifest = json.loads((bundle / "manifest.json").read_text())
        enc = manifest["encoding"]
        gen = torch.Generator().manual_seed(1)
        tokens = torch.randint(0, enc["numValues"], (1, config.seq_len), generator=gen) + enc["valueOffset"]
        # the last row too: a table read row by row must find it at the end of the file
        ids = torch.tensor(sorted({min(1, len(names) - 1), len(names) - 1}))
        parity.write_fixture(inner, tokens.expand(len(ids), -1), ids, parity_steps, out / f"{name}-parity", bundle)
    print(f"{name}: export {exported - started:.1f} s, parity fixture {time.perf_counter() - exported:.1f} s -> {bundle}")


def main(argv: Optional[Sequence[str]] = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=Path("../bench-out/bundles"))
    ap.add_argument("--only", choices=sorted(CONFIGS), nargs="*")
    ap.add_argument("--parity-steps", type=int, default=1, help="supervision steps recorded in the parity fixture (0: none)")
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    for name in args.only or sorted(CONFIGS):
        build(name, args.out, args.parity_steps)


if __name__ == "__main__":
    main()
