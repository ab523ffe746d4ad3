import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { openBundle } from '../core/bundle';
import { nanBundle, tinyTask } from '../core/nanBundle.fixtures';
import { startTaskSolve } from '../core/taskSolve';
import { RecursionThread } from './recursionThread';
import { runVariables, stepVariables, type Children } from './variables';

test(
  'Variables of a run with NaN weights name the first non-finite update ' + 'and count the NaN elements of z',
  async () => {
    const dir = nanBundle();
    const bundle = await openBundle(dir, { provider: 'cpu' });
    const thread = await RecursionThread.open(1, 'test 1', 0, async (signal) =>
      startTaskSolve(bundle, tinyTask(), { testIndex: 0, signal }),
    );
    try {
      assert.ok(await thread.reach(3));
      const run = Object.fromEntries(runVariables(thread).map((v) => [v.name, v.value]));
      const firstNonFinite = 'step 1: supervision step 1 of 3 › cycle 1 of 2 › latent update 1 of 2';
      assert.equal(run['first non-finite'], firstNonFinite);
      const handles: Children[] = [];
      const expand = (children: Children) => handles.push(children);
      const step = stepVariables(thread, 0, expand);
      const value = (name: string) => step.find((v) => v.name === name);
      assert.equal(value('finite')?.value, 'false');
      assert.equal(value('z')?.value, 'rms NaN');
      assert.match(value('y')?.value ?? '', /^rms \d/, 'the first latent update leaves y finite');
      const z: DebugProtocol.Variable[] = await handles[value('z')!.variablesReference - 1](0, 100);
      const zStats = Object.fromEntries(z.map((v) => [v.name, v.value]));
      const elements = bundle.manifest.architecture.seqLen * bundle.manifest.architecture.hiddenSize;
      assert.equal(zStats['non-finite'], `${elements} of ${elements} elements NaN or infinite`);
      assert.deepEqual([zStats.rms, zStats.min, zStats.max], ['NaN', 'none finite', 'none finite']);
    } finally {
      thread.dispose();
      await bundle.release();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
);

test('an empty answer (end-of-row at the first cell) reads as such, with no confidence to average', async () => {
  const root = path.resolve(__dirname, '../../..');
  const bundle = await openBundle(path.join(root, 'test/fixtures/tiny-arc/bundle'), { provider: 'cpu' });
  const task = {
    id: '0d3d703e',
    ...JSON.parse(fs.readFileSync(path.join(root, 'examples/arc/0d3d703e.arc.json'), 'utf8')),
  };
  const thread = await RecursionThread.open(1, 'test 1', 0, async (signal) =>
    startTaskSolve(bundle, task, { testIndex: 0, allowBlankId: true, signal }),
  );
  try {
    assert.ok(await thread.reach(17));
    const empty = thread.trace.steps.findIndex((s) => s.answer.length === 0);
    assert.ok(empty >= 0, 'the tiny ARC fixture answers an empty grid at some step of this task');
    const step = stepVariables(thread, empty, () => 0);
    const value = (name: string) => step.find((v) => v.name === name)?.value;
    assert.equal(value('answer'), 'empty: end-of-row at the first cell');
    assert.equal(value('confidence'), 'no cells (the answer is empty: end-of-row at the first cell)');
  } finally {
    thread.dispose();
    await bundle.release();
  }
});
