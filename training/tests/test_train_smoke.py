from trm_lens import train


def test_a_few_training_steps_lower_the_loss_and_resume(tmp_path):
    # A long schedule stopped early keeps the learning rate high for the few steps that run.
    common = ["--name", "smoke", "--runs-dir", str(tmp_path), "--steps", "2000", "--pool", "300",
              "--batch-size", "32", "--log-every", "10", "--warmup-steps", "10", "--givens", "20", "22"]
    history = train.train(train.parse_args(common + ["--stop-step", "120"]))
    assert [row["step"] for row in history] == list(range(10, 121, 10))
    assert history[-1]["lm_loss"] < 0.8 * history[0]["lm_loss"]
    run = tmp_path / "smoke"
    assert (run / "latest.pt").exists() and (run / "step_000120.pt").exists()

    resumed = train.train(train.parse_args(common + ["--stop-step", "130"]))
    assert [row["step"] for row in resumed] == [130]
