import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { parseTask, type ArcTask } from '../../core/arcTask';
import { openBundle } from '../../core/bundle';
import { startTaskSolve } from '../../core/taskSolve';
import { SolveWorker, WorkerCancelledError, type WorkerJob } from './solveWorkerClient';

const root = path.resolve(__dirname, '../../../..');
const modelDir = path.join(root, 'models', 'sudoku6-tiny');

function task(id: string): ArcTask {
  const file = path.join(root, 'examples', 'sudoku6', 'sudoku6-001.arc.json');
  const parsed = parseTask(fs.readFileSync(file, 'utf8'), id);
  assert.ok(parsed.ok);
  return parsed.task;
}

const job = (over: Partial<WorkerJob> = {}): WorkerJob => ({
  dir: modelDir,
  provider: 'cpu',
  task: task('sudoku6-001'),
  testIndex: 0,
  stopAtHalt: false,
  allowBlankId: true,
  signal: new AbortController().signal,
  ...over,
});

test('a solve in the worker records the same steps and checkpoints as the engine run inline', async (t) => {
  const worker = new SolveWorker();
  t.after(() => worker.dispose());
  const solve = await worker.start(job());
  const seen = [];
  for await (const step of solve.steps) seen.push(step.index);
  const bundle = await openBundle(modelDir, { provider: 'cpu' });
  t.after(() => bundle.release());
  const inline = startTaskSolve(bundle, task('sudoku6-001'), { testIndex: 0, allowBlankId: true });
  for await (const _step of inline.steps);
  assert.equal(solve.trace.steps.length, inline.trace.steps.length);
  assert.deepEqual(
    seen,
    inline.trace.steps.map((s) => s.index),
  );
  assert.deepEqual(solve.trace.steps.at(-1)?.answer, inline.trace.steps.at(-1)?.answer);
  assert.equal(solve.trace.checkpoints.length, inline.trace.checkpoints.length);
  assert.deepEqual(solve.trace.checkpoints[1].y, inline.trace.checkpoints[1].y);
});

test('Cancel stops handing on steps at once and ends with how soon the engine stopped', async (t) => {
  const worker = new SolveWorker();
  t.after(() => worker.dispose());
  const abort = new AbortController();
  const solve = await worker.start(job({ signal: abort.signal }));
  let count = 0;
  await assert.rejects(async () => {
    for await (const _step of solve.steps) if (++count === 3) abort.abort();
  }, WorkerCancelledError);
  assert.equal(count, 3);
  assert.ok(solve.trace.steps.length < 3 + 2, `the trace grew to ${solve.trace.steps.length} steps after Cancel`);
});

test('a bad bundle fails in the worker with the message opening it inline gives', async (t) => {
  const worker = new SolveWorker();
  t.after(() => worker.dispose());
  const missing = path.join(os.tmpdir(), 'trm-no-such-bundle');
  const inline = await openBundle(missing, { provider: 'cpu' }).then(
    () => assert.fail('a missing bundle opened'),
    (e: Error) => e.message,
  );
  await assert.rejects(worker.start(job({ dir: missing })), (e: Error) => e.message === inline);
});

test('a worker that dies fails its solve with a clear message, and the next solve starts a new worker', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trm-solve-worker-'));
  const marker = path.join(dir, 'died');
  const script = path.join(dir, 'dyingWorker.js');
  const real = path.join(__dirname, 'solveWorker.js');
  // Dies on its first start, then runs the real worker.
  const lines = [
    `const fs = require('fs');`,
    `if (!fs.existsSync(${JSON.stringify(marker)})) {`,
    `  fs.writeFileSync(${JSON.stringify(marker)}, '');`,
    '  process.exit(7);',
    '}',
    `require(${JSON.stringify(real)});`,
  ];
  fs.writeFileSync(script, lines.join('\n'));
  const worker = new SolveWorker(script);
  t.after(() => {
    worker.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  await assert.rejects(worker.start(job()), /the solve worker stopped \(exit code 7\)/);
  const solve = await worker.start(job());
  for await (const _step of solve.steps);
  assert.ok(solve.trace.steps.length > 0);
});
