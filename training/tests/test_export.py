"""Exporter and converter: public-style checkpoints (prefixed keys, bf16) convert into bundles that pass
onnx.checker, with clear errors when a checkpoint does not fit its config."""
import json

import onnx
import pytest
import torch
import yaml

from trm_lens import export
from trm_lens.convert import ConversionError, config_from_public, load_public_state_dict, model_from_public, new_model, select_identifiers

ARCH = {"name": "recursive_reasoning.trm@TinyRecursiveReasoningModel_ACTV1", "loss": {"loss_type": "softmax_cross_entropy"},
        "hidden_size": 32, "num_heads": 2, "expansion": 2, "L_layers": 1, "H_cycles": 1, "L_cycles": 2,
        "halt_max_steps": 2, "halt_exploration_prob": 0.1, "pos_encodings": "rope", "mlp_t": False,
        "puzzle_emb_ndim": 32, "puzzle_emb_len": 2, "no_ACT_continue": True}
NAMES = ["<blank>", "aaa", "aaa|||t1|||0123456789", "bbb", "bbb|||t2|||9876543210"]


def public_checkpoint_model(arch=ARCH, dataset="sudoku"):
    """A TRM whose puzzle-embedding row i holds the value i."""
    config, _ = config_from_public({"arch": arch}, dataset, len(NAMES))
    torch.manual_seed(0)
    model = new_model(config)  # TRM or HRM, as the arch names
    with torch.no_grad():
        model.inner.puzzle_emb.weights.copy_(torch.arange(len(NAMES), dtype=torch.float32)[:, None].expand(-1, 32))
    return config, model


def public_checkpoint(tmp_path, arch=ARCH, dataset="sudoku", mutate=None):
    _, model = public_checkpoint_model(arch, dataset)
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
    assert manifest["formatVersion"] == 2 and manifest["family"] == "trm"
    assert manifest["identifiers"] == {"scope": "base", "names": ["<blank>", "aaa", "bbb"],
                                       "table": {"file": "puzzle_emb.f32", "dtype": "float32", "rows": 3, "dim": 32}}
    assert manifest["encoding"]["height"] == 9 and manifest["architecture"]["puzzleEmbLen"] == 2
    assert manifest["schedule"] == {"hCycles": 1, "lCycles": 2, "haltMaxSteps": 2, "haltRule": "q_halt_positive"}
    assert len(manifest["initialState"]["y"]) == 32
    for graph in ("embed.onnx", "net.onnx", "heads.onnx"):
        model = onnx.load(str(out / graph))
        onnx.checker.check_model(model)
        assert model.opset_import[0].version >= 17
        assert model.graph.input[0].type.tensor_type.shape.dim[0].dim_param == "batch"
    # The net also reads the heads on the state it wrote (the engine's one run per update and reading).
    assert [o.name for o in onnx.load(str(out / "net.onnx")).graph.output] == ["out", "logits", "q_logits"]


def _initializer(model, shape):
    from onnx import numpy_helper
    found = [numpy_helper.to_array(t) for t in model.graph.initializer if list(t.dims) == list(shape)]
    assert len(found) == 1, f"{len(found)} initializers of shape {shape}"
    return found[0]


def test_file_scope_reindexes_the_table_so_names_i_is_row_i(tmp_path):
    def uncompiled_fp32(state):  # pretrain.py without torch.compile: `model.` prefix, fp32 tensors
        for key in list(state):
            value = state.pop(key)
            state["model." + key[len("_orig_mod.model."):]] = value.float() if torch.is_floating_point(value) else value
    ckpt, _ = public_checkpoint(tmp_path, mutate=uncompiled_fp32)
    combined = tmp_path / "challenges.json"
    combined.write_text(json.dumps({"bbb": {"train": [], "test": []}}))
    single = tmp_path / "aaa|||t1|||0123456789.json"
    single.write_text(json.dumps({"train": [], "test": []}))
    card = tmp_path / "card.json"
    card.write_text(json.dumps({"trainedOn": "nothing"}))
    out = tmp_path / "bundle"
    export.main(["--public-checkpoint", str(ckpt), "--identifiers", str(tmp_path / "identifiers.json"),
                 "--dataset", "sudoku", "--identifier-scope", "file", "--tasks", str(combined), str(single),
                 "--card", str(card), "--out", str(out)])
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["identifiers"]["names"] == ["<blank>", "aaa|||t1|||0123456789", "bbb"]
    assert manifest["card"] == {"trainedOn": "nothing"}
    table = _table(out)
    # public_checkpoint fills row i with the value i: rows 0, 2 and 3 of the public table, in that order
    assert table.shape == (3, 32) and table[:, 0].tolist() == [0.0, 2.0, 3.0]


def _table(bundle):
    import numpy as np
    entry = json.loads((bundle / "manifest.json").read_text())["identifiers"]["table"]
    return np.fromfile(str(bundle / entry["file"]), dtype="<f4").reshape(entry["rows"], entry["dim"])


def test_the_table_is_a_raw_file_and_the_embed_graph_takes_its_rows(tmp_path):
    _, model = public_checkpoint_model()
    inner = model.inner
    with torch.no_grad():
        inner.puzzle_emb.weights.normal_()
    out = tmp_path / "bundle"
    export.export_bundle(inner, out, name="t", encoding=export.ENCODINGS["sudoku"],
                         identifiers={"names": NAMES})
    assert torch.equal(torch.from_numpy(_table(out)), inner.puzzle_emb.weights.detach())
    graph = onnx.load(str(out / "embed.onnx")).graph
    assert [i.name for i in graph.input] == ["tokens", "puzzle_emb"]
    assert not [t.name for t in graph.initializer if list(t.dims) == [len(NAMES), 32]], "the table is in the graph"
    # What the graph computes from the rows is checked against the reference by src/core/parity.test.ts.


def test_embedding_given_the_rows_is_embedding_given_the_ids():
    _, model = public_checkpoint_model()
    tokens = torch.randint(1, 11, (2, 81))
    ids = torch.tensor([3, 1])
    with torch.no_grad():
        rows = model.inner.puzzle_emb(ids)
        assert torch.equal(model.inner.embed_rows(tokens, rows), model.inner.input_embeddings(tokens, ids))


def test_unused_blank_rows_are_not_kept_and_unknown_tasks_are_named():
    names = ["<blank>", "<blank>", "aaa", "aaa|||t1|||0123456789"]
    assert select_identifiers(names, "base") == [0, 2]
    assert select_identifiers(names, "file", ["aaa", "zzz"]) == [0, 2]
    with pytest.raises(ConversionError, match=r"none of the 1 task\(s\) has an identifier in identifiers.json, e.g. \['zzz'\]"):
        select_identifiers(names, "file", ["zzz"])


def test_a_config_without_the_network_size_names_the_missing_field():
    arch = {k: v for k, v in ARCH.items() if k != "hidden_size"}
    with pytest.raises(ConversionError, match=r"arch\.hidden_size is missing"):
        config_from_public({"arch": arch}, "sudoku", 3)


def _bf16_casts(model):
    return sum(1 for n in model.graph.node if n.op_type == "Cast"
               and any(a.name == "to" and a.i == onnx.TensorProto.BFLOAT16 for a in n.attribute))


@pytest.mark.parametrize("arch", [ARCH, {**ARCH, "name": "hrm.hrm_act_v1@HierarchicalReasoningModel_ACTV1", "H_layers": 1}],
                         ids=["trm", "hrm"])
def test_a_bf16_export_rounds_in_every_graph_and_records_its_precision(tmp_path, arch):
    ckpt, _ = public_checkpoint(tmp_path, arch)
    common = ["--public-checkpoint", str(ckpt), "--identifiers", str(tmp_path / "identifiers.json"), "--dataset", "sudoku"]
    export.main(common + ["--out", str(tmp_path / "fp32")])
    export.main(common + ["--out", str(tmp_path / "bf16"), "--precision", "bf16"])
    for precision in ("fp32", "bf16"):
        manifest = json.loads((tmp_path / precision / "manifest.json").read_text())
        assert manifest["precision"] == precision and manifest["dtype"] == "float32"
        graphs = {manifest["graphs"][role] for role in ("embed", "latentNet", "answerNet", "heads")}
        casts = [_bf16_casts(onnx.load(str(tmp_path / precision / g))) for g in sorted(graphs)]
        assert all(c > 0 for c in casts) if precision == "bf16" else casts == [0] * len(graphs)
        y = torch.tensor(manifest["initialState"]["y"])
        assert torch.equal(y, y.bfloat16().float()) or precision == "fp32"


def test_an_unknown_precision_is_refused(tmp_path):
    from trm_lens.model import TRMConfig, TRMInner
    inner = TRMInner(TRMConfig(vocab_size=11, seq_len=81, hidden_size=32, num_heads=2))
    with pytest.raises(ValueError, match="precision"):
        export.export_bundle(inner, tmp_path, name="x", encoding=export.ENCODINGS["sudoku"],
                             identifiers={"names": ["<blank>"]}, precision="fp16")
