import assert from 'node:assert/strict';
import * as fs from 'node:fs';
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
    const thread = new RecursionThread(1, 'test 1', 0, (signal) =>
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
