import json
import re
import shutil
import tempfile
from pathlib import Path

import numpy as np
import pytest

from trm_lens import arc_mini, train
from trm_lens.checkpoint import load_checkpoint

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "arc"


@pytest.fixture(scope="module")
def arc_dir(tmp_path_factory) -> Path:
    """The shipped example tasks (real ARC-AGI-1 training tasks) as Kaggle combined files."""
    challenges, solutions = {}, {}
    for path in sorted(EXAMPLES.glob("*.arc.json")):
        task = json.loads(path.read_text())
        task_id = path.name.split(".")[0]
        challenges[task_id] = {"train": task["train"], "test": [{"input": p["input"]} for p in task["test"]]}
        solutions[task_id] = [p["output"] for p in task["test"]]
    out = tmp_path_factory.mktemp("arc")
    (out / "training_challenges.json").write_text(json.dumps(challenges))
    (out / "training_solutions.json").write_text(json.dumps(solutions))
    return out


@pytest.fixture(scope="module")
def tasks(arc_dir):
    return arc_mini.load_tasks(arc_dir)


def test_a_rotation_and_a_colour_permutation_map_a_real_pair_cell_by_cell(tasks):
    grid_in, grid_out = tasks["007bbfb7"].train[0]  # 3x3 -> 9x9, colour 7 on 0
    colours = np.array([0, 9, 8, 7, 6, 5, 4, 3, 2, 1])
    for grid in (grid_in, grid_out):
        h, w = grid.shape
        rotated = arc_mini.Augmentation(1, colours).apply(grid)  # t1: rot90, counter-clockwise
        assert rotated.tolist() == [[colours[grid[j][w - 1 - i]] for j in range(h)] for i in range(w)]
        anti = arc_mini.Augmentation(7, colours).apply(grid)  # t7: reflection in the anti-diagonal
        assert anti.tolist() == [[colours[grid[h - 1 - j][w - 1 - i]] for j in range(h)] for i in range(w)]
    assert set(np.unique(arc_mini.Augmentation(0, colours).apply(grid_in))) == {0, 3}  # 7 -> 3, 0 stays


def test_identifiers_are_the_public_builders_names_and_parse_back(tasks):
    data = arc_mini.build(tasks, canvas=10, task_count=2, augmentation_count=8)
    assert "007bbfb7" not in [t.id for t in data.tasks]  # 3x3 -> 9x9: not a local rule
    assert all(arc_mini.is_local_rule(t) for t in data.tasks)
    assert [arc_mini.simplicity_key(t) for t in data.tasks] == sorted(arc_mini.simplicity_key(t) for t in data.tasks)
    assert data.names[0] == "<blank>" and len(data.names) == 1 + 2 * 8 == len(set(data.names))
    for task_index, task in enumerate(data.tasks):
        names = data.names[1 + 8 * task_index : 1 + 8 * (task_index + 1)]
        assert names[0] == task.id  # the base identifier, the one the engine looks up
        for k, name in enumerate(names[1:], start=1):
            match = re.fullmatch(rf"{task.id}\|\|\|t{k % 8}\|\|\|0([1-9]{{9}})", name)
            assert match and sorted(match.group(1)) == list("123456789")
            task_id, aug = arc_mini.Augmentation.from_name(name)
            assert task_id == task.id and aug.name(task.id) == name


def test_test_inputs_and_the_validation_pair_are_never_trained_on(tasks):
    data = arc_mini.build(tasks, canvas=10, task_count=2, augmentation_count=8)
    trained = {row.tobytes() for row in data.train.inputs}
    held_out = 0
    for name in data.names[1:]:
        task_id, aug = arc_mini.Augmentation.from_name(name)
        task = tasks[task_id]
        for grid, _ in task.test + task.train[-1:]:
            assert arc_mini.encode(aug.apply(grid), 10).tobytes() not in trained
            held_out += 1
    assert held_out == 8 * sum(len(t.test) + 1 for t in data.tasks)  # test inputs and one validation pair
    # Every other demonstration pair is trained on under every augmentation; validation uses base ids.
    assert len(data.train.inputs) == 8 * sum(len(t.train) - 1 for t in data.tasks)
    assert [data.names[i] for i in data.validation.puzzle_identifiers] == [t.id for t in data.tasks]


def test_the_canvas_encoding_is_the_engines_arc_eos_layout_and_decodes_back():
    grid = np.array([[0, 5, 9], [3, 0, 1]])
    assert arc_mini.encode(grid, 4).reshape(4, 4).tolist() == [
        [2, 7, 11, 1],
        [5, 2, 3, 1],
        [1, 1, 1, 0],
        [0, 0, 0, 0],
    ]
    rng = np.random.default_rng(0)
    for shape in [(1, 1), (10, 10), (10, 3), (3, 10), (7, 9)]:
        g = rng.integers(0, 10, size=shape)
        assert np.array_equal(arc_mini.decode(arc_mini.encode(g, 10), 10), g)
    labels = arc_mini.labels_of(arc_mini.encode(grid, 4))
    assert (labels == -100).sum() == 16 - 6 - 5  # PAD ignored; colours and EOS are predicted


def test_tasks_are_chosen_to_fit_the_canvas():
    grid = np.zeros((11, 2), dtype=np.int64)
    wide = arc_mini.Task("wide", [(grid, grid)] * 2, [(np.zeros((2, 2), dtype=np.int64),) * 2])
    small = arc_mini.Task("small", [(grid[:2], grid[:2])] * 2, [(grid[:2], grid[:2])])
    assert [t.id for t in arc_mini.choose_tasks({"wide": wide, "small": small}, 10, 1)] == ["small"]
    with pytest.raises(ValueError, match="only 1 local-rule tasks fit a 10x10 canvas"):
        arc_mini.choose_tasks({"wide": wide, "small": small}, 10, 2)


def _task(task_id, *pairs):
    grids = [(np.array(i, dtype=np.int64), np.array(o, dtype=np.int64)) for i, o in pairs]
    return arc_mini.Task(task_id, grids, grids[:1])


def test_only_tasks_whose_output_cells_follow_their_3x3_neighbourhood_are_chosen():
    # Recolour 5 to 1: each output cell is a function of the input cell itself.
    recolour = _task("recolour", ([[5, 0, 5, 0]], [[1, 0, 1, 0]]), ([[0, 5, 5, 0]], [[0, 1, 1, 0]]))
    # Paint the row with its first cell's colour: the last cell's neighbourhood (0, 0, edge) answers 1 in
    # one pair and 2 in the other, so no 3x3 rule gives it.
    paint = _task("paint", ([[1, 0, 0, 0]], [[1, 1, 1, 1]]), ([[2, 0, 0, 0]], [[2, 2, 2, 2]]))
    resized = _task("resized", ([[1, 0]], [[1]]), ([[2, 0]], [[2]]))
    assert arc_mini.is_local_rule(recolour)
    assert not arc_mini.is_local_rule(paint)
    assert not arc_mini.is_local_rule(resized)
    tasks = {t.id: t for t in (recolour, paint, resized)}
    assert [t.id for t in arc_mini.choose_tasks(tasks, 10, 1)] == ["recolour"]


def _args(arc_dir, runs_dir, *extra):
    return train.parse_args([
        "--dataset", "arc-mini", "--arc-data", str(arc_dir), "--arc-tasks", "2", "--runs-dir", str(runs_dir),
        "--hidden-size", "32", "--num-heads", "2", "--batch-size", "8", "--steps", "100", "--warmup-steps", "2",
        "--log-every", "1", "--eval-halt-max", "4", *extra,
    ])


@pytest.fixture
def runs_dir():
    """A run folder inside the repository (training/runs is ignored by git), so saved paths can be relative."""
    train.RUNS_DIR.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix="test-arc-mini-", dir=train.RUNS_DIR))
    yield path
    shutil.rmtree(path)


def test_a_resumed_run_continues_exactly_as_an_uninterrupted_one(arc_dir, runs_dir):
    whole = train.train(_args(arc_dir, runs_dir, "--name", "whole", "--stop-step", "6"))
    first = train.train(_args(arc_dir, runs_dir, "--name", "split", "--stop-step", "3"))
    rest = train.train(_args(arc_dir, runs_dir, "--name", "split", "--stop-step", "6", "--resume"))
    assert [r["step"] for r in first + rest] == list(range(1, 7))
    assert [r["lm_loss"] for r in first + rest] == [r["lm_loss"] for r in whole]

    state = load_checkpoint(runs_dir / "split" / "latest.pt")
    first_task = arc_mini.choose_tasks(arc_mini.load_tasks(arc_dir), 10, 2)[0]
    assert state["step"] == 6 and state["identifiers"][1] == first_task.id
    assert "puzzle_emb_optimizer" in state  # the puzzle embeddings have their own sign-SGD
    assert state["args"]["runs_dir"] == f"training/runs/{runs_dir.name}"
    lines = (runs_dir / "split" / "validation.jsonl").read_text().splitlines()
    rows = [json.loads(line) for line in lines]
    assert [r["step"] for r in rows] == [3, 6]
    assert [s["step"] for s in rows[-1]["per_step"]] == [1, 2, 3, 4] and rows[-1]["examples"] == 2
    assert all(0 <= s["exact"] <= s["cell"] <= 1 for r in rows for s in r["per_step"])


def test_resume_without_a_checkpoint_fails_naming_it(arc_dir, runs_dir):
    with pytest.raises(SystemExit, match=r"--resume: .*missing.*latest\.pt does not exist"):
        train.train(_args(arc_dir, runs_dir, "--name", "missing", "--resume"))


def test_an_arc_miniature_checkpoint_exports_with_its_canvas_and_every_augmentation_named(arc_dir, runs_dir, tmp_path):
    from trm_lens import export

    train.train(_args(arc_dir, runs_dir, "--name", "export", "--stop-step", "2"))
    checkpoint = runs_dir / "export" / "latest.pt"
    export.main(["--checkpoint", str(checkpoint), "--out", str(tmp_path / "bundle")])
    manifest = json.loads((tmp_path / "bundle" / "manifest.json").read_text())
    assert manifest["encoding"] == {**export.ENCODINGS["arc"], "height": 10, "width": 10}
    names = load_checkpoint(checkpoint)["identifiers"]
    assert {k: manifest["identifiers"][k] for k in ("scope", "names")} == {"scope": "all", "names": names}
    assert manifest["identifiers"]["table"]["rows"] == len(names)
    with pytest.raises(SystemExit, match="ARC miniature checkpoint; --dataset sudoku6"):
        export.main(["--checkpoint", str(checkpoint), "--dataset", "sudoku6", "--out", str(tmp_path / "wrong")])


def test_the_arc_card_quotes_the_held_out_evaluation_and_the_run_it_came_from(arc_dir, runs_dir, tmp_path):
    from trm_lens import arc_mini_card, arc_mini_eval

    train.train(_args(arc_dir, runs_dir, "--name", "card", "--stop-step", "2"))
    checkpoint = runs_dir / "card" / "latest.pt"
    evaluation = arc_mini_eval.evaluate(checkpoint, arc_dir, steps=4)
    card = arc_mini_card.build_card(checkpoint, evaluation, "the eval command")
    last = evaluation["per_step"][-1]
    assert card["evaluation"]["votedPass2Percent"]["4"] == round(100 * last["voted_pass2"], 1)
    assert card["evaluation"]["singleCellPercent"]["1"] == round(100 * evaluation["per_step"][0]["cell"], 1)
    assert card["training"]["optimizerSteps"] == 2 and "--name card --arc-tasks 2" in card["training"]["command"]
    readme = arc_mini_card.render_readme(card, "arc-mini")
    assert readme.startswith("# arc-mini\n") and "| 4 |" in readme and "the eval command" in readme

    # The command line writes the same card, with the notes file, and the README beside the bundle.
    (tmp_path / "eval.json").write_text(json.dumps(evaluation))
    (tmp_path / "notes.md").write_text("Recipe C won on validation.\n")
    bundle = tmp_path / "arc-mini"
    arc_mini_card.main(["--checkpoint", str(checkpoint), "--eval", str(tmp_path / "eval.json"),
                        "--eval-command", "the eval command", "--notes", str(tmp_path / "notes.md"),
                        "--json", str(tmp_path / "card.json"), "--readme", str(bundle / "README.md")])
    written = json.loads((tmp_path / "card.json").read_text())
    assert written == {**card, "notes": "Recipe C won on validation."}
    assert (bundle / "README.md").read_text() == arc_mini_card.render_readme(written, "arc-mini")
