// Replay must reproduce what the first run computed at every inner step, not only agree with itself:
// the first run keeps no inner y/z, but each record holds the per-position RMS of the very Float32Arrays
// it reached, so a replayed state whose per-position RMS differs in any bit is a different state.

import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import type { ArcTask } from './arcTask';
import { openBundle } from './bundle';
import type { Step } from './step';
import { norms } from './metrics';
import { startTaskSolve } from './taskSolve';

const root = path.resolve(__dirname, '../../..');
const tinyBundle = path.join(root, 'test', 'fixtures', 'tiny-trm', 'bundle');

/** A 4x4 task in the tiny fixture's value range (0..4), varied so the answer is not trivial. */
function tinyTask(): ArcTask {
  const grid = (seed: number) =>
    Array.from({ length: 4 }, (_, r) => Array.from({ length: 4 }, (_, c) => (r * 3 + c * 2 + seed) % 5));
  return { id: 'tiny', train: [], test: [{ input: grid(0), output: grid(1) }] };
}

test('every inner step replayed from its supervision-step checkpoint equals the first run bit for bit', async () => {
  const bundle = await openBundle(tinyBundle, { provider: 'cpu' });
  try {
    const run = startTaskSolve(bundle, tinyTask(), { testIndex: 0 });
    const records: Step[] = [];
    for await (const r of run.steps) records.push(r);
    assert.ok(records.length > 0);
    for (const record of records) {
      const { y, z } = await run.materialise(record.index);
      const where = `step ${record.index} (supervision ${record.supStep}, ${record.kind})`;
      const hidden = bundle.manifest.architecture.hiddenSize;
      const [yn, zn] = [norms(y, hidden), norms(z, hidden)];
      assert.equal(yn.rms, record.yNorm, `|y| after ${where}`);
      assert.equal(zn.rms, record.zNorm, `|z| after ${where}`);
      assert.deepEqual(Array.from(yn.perPosition), record.yNormPerPos, `per-position |y| after ${where}`);
      assert.deepEqual(Array.from(zn.perPosition), record.zNormPerPos, `per-position |z| after ${where}`);
    }
    assert.throws(() => run.materialise(records.length), /step \d+ has not run yet/);
  } finally {
    await bundle.release();
  }
});

test("each step's motion is the residual and cosine between the replayed states before and after it", async () => {
  const bundle = await openBundle(tinyBundle, { provider: 'cpu' });
  try {
    const run = startTaskSolve(bundle, tinyTask(), { testIndex: 0 });
    const steps: Step[] = [];
    for await (const s of run.steps) steps.push(s);
    const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, x, i) => sum + x * b[i], 0);
    for (const step of steps.slice(1)) {
      const [before, after] = [await run.materialise(step.index - 1), await run.materialise(step.index)];
      const moved = step.kind === 'latent' ? 'z' : 'y';
      const [a, b] = [before[moved], after[moved]];
      const diff = b.map((x, i) => x - a[i]);
      const where = `step ${step.index} (${step.kind})`;
      const motion = step.motion!;
      assert.ok(Math.abs(motion.residual - Math.sqrt(dot(diff, diff) / dot(a, a))) < 1e-6, `residual at ${where}`);
      assert.ok(Math.abs(motion.cosine - dot(a, b) / Math.sqrt(dot(a, a) * dot(b, b))) < 1e-6, `cosine at ${where}`);
      const still = step.kind === 'latent' ? 'y' : 'z';
      assert.deepEqual(before[still], after[still], `${still} stays at ${where}`);
    }
  } finally {
    await bundle.release();
  }
});
