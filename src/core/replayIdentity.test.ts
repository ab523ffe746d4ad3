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
