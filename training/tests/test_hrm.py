"""HRM: the reference model's schedule and gradient rule, and checkpoints of the public HRM code (prefixed keys,
bf16, all_config.yaml naming hrm_act_v1) converted into bundles with one graph per level."""
import json

import onnx
import pytest
import torch
import yaml

from trm_lens import export
from trm_lens.convert import ConversionError, config_from_public, load_public_state_dict, model_from_public, \
    public_checkpoint_file, select_identifiers
from trm_lens.hrm_model import HRM, HRMConfig, HRMInner

ARCH = {"name": "hrm.hrm_act_v1@HierarchicalReasoningModel_ACTV1",
        "loss": {"name": "losses@ACTLossHead", "loss_type": "stablemax_cross_entropy"},
        "hidden_size": 32, "num_heads": 2, "expansion": 2, "H_layers": 2, "L_layers": 1, "H_cycles": 2, "L_cycles": 3,
        "halt_max_steps": 4, "halt_exploration_prob": 0.1, "pos_encodings": "rope", "puzzle_emb_ndim": 32}
NAMES = ["<blank>", "aaa", "aaa_t1_0123456789", "b_t_c", "b_t_c_t7_9876543210"]


def tiny(**overrides) -> HRMConfig:
    fields = {k: v for k, v in ARCH.items() if k not in ("name", "loss")}
    return HRMConfig.from_dict({**fields, "vocab_size": 11, "seq_len": 81, "num_puzzle_identifiers": 3, **overrides})


def public_checkpoint(folder, arch=ARCH, mutate=None, file="step_2"):
    config, _ = config_from_public({"arch": arch}, "sudoku", len(NAMES))
    torch.manual_seed(0)
    model = HRM(config)
    with torch.no_grad():
        model.inner.puzzle_emb.weights.normal_(0, 0.5)
        model.inner.q_head.weight.normal_(0, 0.2)
    state = {f"_orig_mod.model.{k}": v.to(torch.bfloat16) if torch.is_floating_point(v) else v
             for k, v in model.state_dict().items()}
    if mutate:
        mutate(state)
    torch.save(state, folder / file)
    (folder / "all_config.yaml").write_text(yaml.safe_dump({"arch": arch, "lr": 1e-4, "global_batch_size": 768}))
    (folder / "identifiers.json").write_text(json.dumps(NAMES))
    return folder / file, model


def test_puzzle_positions_are_ceil_of_puzzle_emb_ndim_over_hidden():
    assert [tiny(puzzle_emb_ndim=n).puzzle_positions for n in (0, 1, 32, 33, 64)] == [0, 1, 1, 2, 2]
    assert tiny(puzzle_emb_ndim=40).total_len == 83


def test_a_supervision_step_runs_L_level_with_z_H_plus_x_then_H_level_with_z_L():
    torch.manual_seed(0)
    inner = HRMInner(tiny()).eval()
    assert len(inner.L_level.layers) == 1 and len(inner.H_level.layers) == 2
    x = inner.input_embeddings(torch.randint(1, 11, (1, 81)), torch.tensor([1]))
    z_H, z_L = inner.initial_state(1)
    seen = []
    with torch.no_grad():
        out_H, out_L = inner.supervision_step(z_H, z_L, x, on_update=lambda k, h, l, t: seen.append((k, h, l, t)))
        cos_sin = inner.cos_sin()
        for h in range(2):
            for l in range(3):
                z_L = inner.L_level(z_L, z_H + x, cos_sin)
                assert seen[4 * h + l][:3] == ("latent", h, l) and torch.equal(seen[4 * h + l][3], z_L)
            z_H = inner.H_level(z_H, z_L, cos_sin)
            assert seen[4 * h + 3][:3] == ("answer", h, None) and torch.equal(seen[4 * h + 3][3], z_H)
    assert len(seen) == 8 and torch.equal(out_H, z_H) and torch.equal(out_L, z_L)
    # The two levels are different networks: running the answer update through L_level changes it.
    assert not torch.allclose(inner.L_level(z_H, z_L, cos_sin), z_H)


def test_the_one_step_gradient_covers_only_the_last_low_and_high_level_update():
    inner = HRMInner(tiny())
    x = inner.input_embeddings(torch.randint(1, 11, (1, 81)), torch.tensor([0]))
    z_H, z_L = inner.initial_state(1)
    tracked = []
    inner.supervision_step(z_H, z_L, x, on_update=lambda k, h, l, t: tracked.append(t.requires_grad), grad_last_cycle=True)
    assert tracked == [False, False, False, False, False, False, True, True]


def test_the_act_wrapper_halts_on_q_halt_above_q_continue_only_in_training():
    torch.manual_seed(0)
    model = HRM(tiny(halt_exploration_prob=0.0))
    with torch.no_grad():
        model.inner.q_head.weight.zero_()
        model.inner.q_head.bias.copy_(torch.tensor([-1.0, -2.0]))  # q_halt < 0 but above q_continue
    batch = {"inputs": torch.randint(1, 11, (2, 81)), "labels": torch.zeros(2, 81, dtype=torch.long),
             "puzzle_identifiers": torch.tensor([0, 1])}
    carry, out = model.train()(model.initial_carry(batch), batch)
    assert carry.halted.tolist() == [True, True] and "target_q_continue" in out
    carry, _ = model.eval()(model.initial_carry(batch), batch)
    assert carry.halted.tolist() == [False, False]


def test_an_hrm_all_config_makes_an_hrm_and_its_compiled_bf16_checkpoint_loads_with_the_same_weights(tmp_path):
    ckpt, original = public_checkpoint(tmp_path)
    config, loss = config_from_public(yaml.safe_load((tmp_path / "all_config.yaml").read_text()), "sudoku", len(NAMES))
    assert isinstance(config, HRMConfig) and loss == "stablemax"
    assert (config.H_layers, config.L_layers, config.puzzle_positions, config.seq_len) == (2, 1, 1, 81)
    model = model_from_public(load_public_state_dict(ckpt), config, str(ckpt))
    assert isinstance(model.inner, HRMInner)
    for key, value in original.state_dict().items():
        assert torch.equal(model.state_dict()[key], value.to(torch.bfloat16).to(torch.float32)), key


def test_hrm_checkpoints_that_do_not_fit_their_config_are_named(tmp_path):
    ckpt, _ = public_checkpoint(tmp_path, mutate=lambda s: s.pop("_orig_mod.model.inner.H_level.layers.1.mlp.down_proj.weight"))
    config, _ = config_from_public({"arch": ARCH}, "sudoku", len(NAMES))
    with pytest.raises(ConversionError, match=r"missing \['inner.H_level.layers.1.mlp.down_proj.weight'\]"):
        model_from_public(load_public_state_dict(ckpt), config, str(ckpt))
    with pytest.raises(ConversionError, match=r"arch\.H_layers is missing"):
        config_from_public({"arch": {k: v for k, v in ARCH.items() if k != "H_layers"}}, "sudoku", 1)
    with pytest.raises(ConversionError, match=r"pos_encodings must be one of \('rope', 'learned'\), got 'none'"):
        config_from_public({"arch": dict(ARCH, pos_encodings="none")}, "sudoku", 1)


def test_base_scope_drops_the_hrm_builders_augmentations():
    assert select_identifiers(NAMES, "base") == [0, 1, 3]


def test_a_checkpoint_folder_stands_for_its_checkpoint_file_or_newest_step(tmp_path):
    for name in ("step_9", "step_10", "all_config.yaml"):
        (tmp_path / name).write_text("")
    assert public_checkpoint_file(tmp_path).name == "step_10"
    (tmp_path / "checkpoint").write_text("")
    assert public_checkpoint_file(tmp_path).name == "checkpoint"
    (tmp_path / "empty").mkdir()
    with pytest.raises(ConversionError, match="empty: no `checkpoint` or `step_N` file"):
        public_checkpoint_file(tmp_path / "empty")


def test_the_exporter_writes_an_hrm_bundle_with_a_graph_per_level_and_its_card(tmp_path):
    public_checkpoint(tmp_path, file="checkpoint")
    out = tmp_path / "bundle"
    export.main(["--checkpoint", str(tmp_path), "--config", str(tmp_path / "all_config.yaml"),
                 "--identifiers", str(tmp_path / "identifiers.json"), "--dataset", "sudoku", "--out", str(out)])
    m = json.loads((out / "manifest.json").read_text())
    assert m["family"] == "hrm" and m["schedule"] == {"hCycles": 2, "lCycles": 3, "haltMaxSteps": 4,
                                                       "haltRule": "q_halt_gt_continue"}
    assert m["graphs"] == {"embed": "embed.onnx", "latentNet": "l_level.onnx", "answerNet": "h_level.onnx",
                           "heads": "heads.onnx"}
    assert (m["architecture"]["layers"], m["architecture"]["hLayers"], m["architecture"]["puzzleEmbLen"]) == (1, 2, 1)
    assert m["identifiers"]["names"] == ["<blank>", "aaa", "b_t_c"]
    assert m["formatVersion"] == 2 and m["identifiers"]["table"] == {"file": "puzzle_emb.f32", "dtype": "float32",
                                                                     "rows": 3, "dim": 32}
    assert (out / "puzzle_emb.f32").stat().st_size == 3 * 32 * 4
    card = m["card"]
    assert card["source"]["arch"] == ARCH["name"] and card["source"]["checkpoint"] == "checkpoint"
    assert card["architecture"]["H_layers"] == 2 and card["architecture"]["L_layers"] == 1
    assert card["training"] == {"lr": 1e-4, "global_batch_size": 768}
    assert card["parameters"] == m["architecture"]["parameters"]
    sizes = {}
    for graph in ("l_level.onnx", "h_level.onnx"):
        model = onnx.load(str(out / graph))
        onnx.checker.check_model(model)
        assert [i.name for i in model.graph.input] == ["hidden", "injection"]
        sizes[graph] = sum(len(t.raw_data) for t in model.graph.initializer)
    assert sizes["h_level.onnx"] > 1.5 * sizes["l_level.onnx"]  # 2 layers against 1
