"""Exporter and converter: public-style checkpoints (prefixed keys, bf16) convert into bundles that pass
onnx.checker, with clear errors when a checkpoint does not fit its config."""
import json

import onnx
import pytest
import torch
import yaml

from trm_lens import export
from trm_lens.convert import ConversionError, config_from_public, load_public_state_dict, model_from_public, select_identifiers
from trm_lens.model import TRM

ARCH = {"name": "recursive_reasoning.trm@TinyRecursiveReasoningModel_ACTV1", "loss": {"loss_type": "softmax_cross_entropy"},
        "hidden_size": 32, "num_heads": 2, "expansion": 2, "L_layers": 1, "H_cycles": 1, "L_cycles": 2,
        "halt_max_steps": 2, "halt_exploration_prob": 0.1, "pos_encodings": "rope", "mlp_t": False,
        "puzzle_emb_ndim": 32, "puzzle_emb_len": 2, "no_ACT_continue": True}
NAMES = ["<blank>", "aaa", "aaa|||t1|||0123456789", "bbb", "bbb|||t2|||9876543210"]


def public_checkpoint(tmp_path, arch=ARCH, dataset="sudoku", mutate=None):
    config, _ = config_from_public({"arch": arch}, dataset, len(NAMES))
    torch.manual_seed(0)
    model = TRM(config)
    with torch.no_grad():
        model.inner.puzzle_emb.weights.copy_(torch.arange(len(NAMES), dtype=torch.float32)[:, None].expand(-1, 32))
    state = {f"_orig_mod.model.{k}": v.to(torch.bfloat16) if torch.is_floating_point(v) else v for k, v in model.state_dict().items()}
    if mutate:
        mutate(state)
    torch.save(state, tmp_path / "step_1")
    (tmp_path / "all_config.yaml").write_text(yaml.safe_dump({"arch": arch}))
    (tmp_path / "identifiers.json").write_text(json.dumps(NAMES))
    return tmp_path / "step_1", model


def test_a_compiled_bf16_public_checkpoint_loads_with_the_same_weights(tmp_path):
    ckpt, original = public_checkpoint(tmp_path)
    config, loss = config_from_public(yaml.safe_load((tmp_path / "all_config.yaml").read_text()), "sudoku", len(NAMES))
    model = model_from_public(load_public_state_dict(ckpt), config, str(ckpt))
    assert loss == "softmax"
    for key, value in original.state_dict().items():
        assert torch.equal(model.state_dict()[key], value.to(torch.bfloat16).to(torch.float32)), key


def test_missing_keys_and_wrong_shapes_are_named(tmp_path):
    ckpt, _ = public_checkpoint(tmp_path, mutate=lambda s: s.pop("_orig_mod.model.inner.lm_head.weight"))
    config, _ = config_from_public({"arch": ARCH}, "sudoku", len(NAMES))
    with pytest.raises(ConversionError, match=r"missing \['inner.lm_head.weight'\]"):
        model_from_public(load_public_state_dict(ckpt), config, str(ckpt))
    wider = dict(ARCH, hidden_size=64, puzzle_emb_ndim=64)
    config, _ = config_from_public({"arch": wider}, "sudoku", len(NAMES))
    ckpt, _ = public_checkpoint(tmp_path)
    with pytest.raises(ConversionError, match=r"tensor inner\.H_init has shape \(32,\), the config implies \(64,\)"):
        model_from_public(load_public_state_dict(ckpt), config, str(ckpt))


def test_identifier_scopes_keep_the_blank_first():
    assert select_identifiers(NAMES, "all") == [0, 1, 2, 3, 4]
    assert select_identifiers(NAMES, "base") == [0, 1, 3]
    assert select_identifiers(NAMES, "file", ["bbb"]) == [0, 3]


def test_the_converter_writes_a_checked_bundle_with_the_chosen_identifiers(tmp_path):
    ckpt, _ = public_checkpoint(tmp_path)
    out = tmp_path / "bundle"
    export.main(["--public-checkpoint", str(ckpt), "--identifiers", str(tmp_path / "identifiers.json"),
                 "--dataset", "sudoku", "--identifier-scope", "base", "--out", str(out)])
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["formatVersion"] == 1 and manifest["family"] == "trm"
    assert manifest["identifiers"] == {"scope": "base", "names": ["<blank>", "aaa", "bbb"]}
    assert manifest["encoding"]["height"] == 9 and manifest["architecture"]["puzzleEmbLen"] == 2
    assert manifest["schedule"] == {"hCycles": 1, "lCycles": 2, "haltMaxSteps": 2, "haltRule": "q_halt_positive"}
    assert len(manifest["initialState"]["y"]) == 32
    for graph in ("embed.onnx", "net.onnx", "heads.onnx"):
        model = onnx.load(str(out / graph))
        onnx.checker.check_model(model)
        assert model.opset_import[0].version >= 17
        assert model.graph.input[0].type.tensor_type.shape.dim[0].dim_param == "batch"


def test_hrm_checkpoints_are_refused_with_a_clear_message():
    with pytest.raises(ConversionError, match="HRM checkpoints are not supported yet"):
        config_from_public({"arch": dict(ARCH, name="hrm.hrm_act_v1@HierarchicalReasoningModel_ACTV1")}, "arc", 3)
