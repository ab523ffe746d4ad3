import pytest
import torch

from trm_lens.layers import swiglu_intermediate_size
from trm_lens.model import TRM, TRMConfig, load_reference_state_dict, strip_reference_prefix


def small_config(**overrides) -> TRMConfig:
    base = dict(vocab_size=8, seq_len=36, hidden_size=32, num_heads=2, H_cycles=2, L_cycles=2, halt_max_steps=4)
    base.update(overrides)
    return TRMConfig(**base)


def batch(cfg: TRMConfig, n: int = 3):
    return {
        "inputs": torch.randint(1, cfg.vocab_size, (n, cfg.seq_len)),
        "labels": torch.randint(1, cfg.vocab_size, (n, cfg.seq_len)),
        "puzzle_identifiers": torch.randint(0, cfg.num_puzzle_identifiers, (n,)),
    }


# Key names of the public code's state_dict (models/recursive_reasoning/trm.py, models/layers.py,
# models/sparse_embedding.py) once the `_orig_mod.model.` prefix is stripped; rotary tables and the
# sparse embedding's local buffers are non-persistent there, so they are absent.
def reference_keys(layers: int, mlp_t: bool, puzzle_emb: bool, learned_pos: bool) -> set:
    keys = {"inner.H_init", "inner.L_init", "inner.embed_tokens.embedding_weight", "inner.lm_head.weight",
            "inner.q_head.weight", "inner.q_head.bias"}
    if puzzle_emb:
        keys.add("inner.puzzle_emb.weights")
    if learned_pos:
        keys.add("inner.embed_pos.embedding_weight")
    for i in range(layers):
        p = f"inner.L_level.layers.{i}."
        if mlp_t:
            keys |= {p + "mlp_t.gate_up_proj.weight", p + "mlp_t.down_proj.weight"}
        else:
            keys |= {p + "self_attn.qkv_proj.weight", p + "self_attn.o_proj.weight"}
        keys |= {p + "mlp.gate_up_proj.weight", p + "mlp.down_proj.weight"}
    return keys


@pytest.mark.parametrize("mlp_t,pos,ndim,plen", [
    (False, "rope", 0, 0),
    (False, "rope", 32, 4),
    (False, "learned", 64, 0),
    (True, "none", 32, 0),
])
def test_state_dict_keys_match_the_public_code(mlp_t, pos, ndim, plen):
    cfg = small_config(mlp_t=mlp_t, pos_encodings=pos, puzzle_emb_ndim=ndim, puzzle_emb_len=plen, num_puzzle_identifiers=5)
    keys = set(TRM(cfg).state_dict().keys())
    assert keys == reference_keys(cfg.L_layers, mlp_t, ndim > 0, pos == "learned")


def test_parameter_shapes_follow_the_public_rounding():
    cfg = TRMConfig(vocab_size=11, seq_len=81, hidden_size=512, num_heads=8, expansion=4, mlp_t=True,
                    pos_encodings="none", puzzle_emb_ndim=512, puzzle_emb_len=16)
    sd = TRM(cfg).state_dict()
    assert swiglu_intermediate_size(512, 4) == 1536
    assert swiglu_intermediate_size(64, 4) == 256
    assert swiglu_intermediate_size(97, 4) == 512  # token mixing over 81 + 16 positions
    assert sd["inner.L_level.layers.0.mlp.gate_up_proj.weight"].shape == (2 * 1536, 512)
    assert sd["inner.L_level.layers.0.mlp_t.gate_up_proj.weight"].shape == (2 * 512, 97)
    assert sd["inner.L_level.layers.0.mlp_t.down_proj.weight"].shape == (97, 512)
    assert sd["inner.puzzle_emb.weights"].shape == (1, 512)
    assert sd["inner.H_init"].shape == (512,)


@pytest.mark.parametrize("pos,ndim", [("rope", 0), ("rope", 48), ("learned", 32), ("none", 0)])
def test_exporter_pieces_have_the_bundle_shapes(pos, ndim):
    cfg = small_config(pos_encodings=pos, puzzle_emb_ndim=ndim, num_puzzle_identifiers=3)
    inner = TRM(cfg).inner
    b = batch(cfg)
    x = inner.input_embeddings(b["inputs"], b["puzzle_identifiers"])
    total = cfg.puzzle_positions + cfg.seq_len
    assert cfg.puzzle_positions == -(ndim // -cfg.hidden_size)
    assert x.shape == (3, total, cfg.hidden_size)
    y, z = inner.initial_state(3)
    out = inner.net(z, y + x)
    assert out.shape == x.shape
    logits, q = inner.heads(out)
    assert logits.shape == (3, cfg.seq_len, cfg.vocab_size)
    assert q.shape == (3, 2)


def test_inner_forward_is_one_supervision_step_of_net_calls():
    cfg = small_config()
    inner = TRM(cfg).inner.eval()
    b = batch(cfg)
    y, z = inner.initial_state(3)
    carry = inner.reset_carry(torch.ones(3, dtype=torch.bool), inner.empty_carry(3))
    new_carry, logits, (q_halt, q_cont) = inner(carry, b)

    x = inner.input_embeddings(b["inputs"], b["puzzle_identifiers"])
    kinds = []
    for h in range(cfg.H_cycles):
        for l in range(cfg.L_cycles):
            z = inner.net(z, y + x)
            kinds.append(("latent", h, l))
        y = inner.net(y, z)
        kinds.append(("answer", h, None))
    ref_logits, ref_q = inner.heads(y)
    assert torch.allclose(new_carry.z_H, y, atol=1e-6)
    assert torch.allclose(new_carry.z_L, z, atol=1e-6)
    assert torch.allclose(logits, ref_logits, atol=1e-6)
    assert torch.allclose(q_halt, ref_q[:, 0], atol=1e-6)

    seen = []
    y0, z0 = inner.initial_state(3)
    inner.supervision_step(y0, z0, x, on_update=lambda kind, h, l, t: seen.append((kind, h, l)))
    assert seen == kinds


def test_only_the_last_h_cycle_is_differentiated_in_training():
    cfg = small_config(H_cycles=3)
    model = TRM(cfg).train()
    b = batch(cfg)
    carry, out = model(model.initial_carry(b), b)
    assert out["logits"].requires_grad
    assert not carry.inner_carry.z_H.requires_grad


def test_act_wrapper_streams_new_puzzles_into_halted_rows():
    cfg = small_config(halt_max_steps=2)
    model = TRM(cfg).eval()
    first, second = batch(cfg), batch(cfg)
    carry = model.initial_carry(first)
    carry, _ = model(carry, first)
    assert torch.equal(carry.current_data["inputs"], first["inputs"])
    assert not carry.halted.any() and carry.steps.tolist() == [1, 1, 1]
    carry, _ = model(carry, second)  # rows keep their puzzle until they halt
    assert torch.equal(carry.current_data["inputs"], first["inputs"])
    assert carry.halted.all()  # eval mode halts only at halt_max_steps
    carry, _ = model(carry, second)
    assert torch.equal(carry.current_data["inputs"], second["inputs"])
    assert carry.steps.tolist() == [1, 1, 1]


def test_training_halts_rows_whose_q_halt_is_positive():
    cfg = small_config(halt_max_steps=16, halt_exploration_prob=0.0)
    model = TRM(cfg).train()
    with torch.no_grad():
        model.inner.q_head.bias.copy_(torch.tensor([5.0, -5.0]))
    b = batch(cfg)
    carry, _ = model(model.initial_carry(b), b)
    assert carry.halted.all()


def test_continue_target_when_act_continue_is_on():
    cfg = small_config(no_ACT_continue=False)
    model = TRM(cfg).train()
    b = batch(cfg)
    _, out = model(model.initial_carry(b), b)
    t = out["target_q_continue"]
    assert t.shape == (3,) and ((t > 0) & (t < 1)).all()


def test_public_checkpoint_with_compile_prefix_and_bf16_loads():
    cfg = small_config(puzzle_emb_ndim=32, puzzle_emb_len=2, num_puzzle_identifiers=4)
    source = TRM(cfg)
    with torch.no_grad():
        source.inner.puzzle_emb.weights.normal_()
    public = {"_orig_mod.model." + k: v.to(torch.bfloat16) for k, v in source.state_dict().items()}
    target = TRM(cfg)
    load_reference_state_dict(target, public)
    for k, v in target.state_dict().items():
        assert v.dtype == torch.float32
        assert torch.equal(v, source.state_dict()[k].to(torch.bfloat16).to(torch.float32)), k


def test_model_prefix_without_compile_is_stripped_and_unknown_keys_fail():
    cfg = small_config()
    sd = {"model." + k: v for k, v in TRM(cfg).state_dict().items()}
    assert set(strip_reference_prefix(sd)) == set(TRM(cfg).state_dict())
    load_reference_state_dict(TRM(cfg), sd)
    sd["model.inner.not_a_weight"] = torch.zeros(1)
    with pytest.raises(RuntimeError):
        load_reference_state_dict(TRM(cfg), sd)


def test_config_from_public_arch_dict_ignores_keys_it_does_not_model():
    arch = {"name": "recursive_reasoning.trm@TinyRecursiveReasoningModel_ACTV1", "loss": {"name": "losses@ACTLossHead"},
            "halt_exploration_prob": 0.1, "halt_max_steps": 16, "H_cycles": 3, "L_cycles": 6, "H_layers": 0,
            "L_layers": 2, "hidden_size": 512, "num_heads": 8, "expansion": 4, "puzzle_emb_ndim": 512,
            "pos_encodings": "rope", "forward_dtype": "bfloat16", "mlp_t": False, "puzzle_emb_len": 16,
            "no_ACT_continue": True, "batch_size": 768, "vocab_size": 12, "seq_len": 900,
            "num_puzzle_identifiers": 1000, "causal": False}
    cfg = TRMConfig.from_dict(arch)
    assert (cfg.H_cycles, cfg.L_cycles, cfg.puzzle_positions, cfg.total_len) == (3, 6, 16, 916)


def test_puzzle_positions_without_puzzle_embedding_are_rejected():
    with pytest.raises(ValueError):
        small_config(puzzle_emb_len=16, puzzle_emb_ndim=0)
