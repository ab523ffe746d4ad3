import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { parseTask, type ArcTask } from '../../core/arcTask';
import { openBundle } from '../../core/bundle';
import type { Trace } from '../../core/trace';
import { startTaskSolve, UnknownIdentifierError } from '../../core/taskSolve';
import { voteTask } from '../../core/taskVote';
import { taskA, votingBundle } from '../vote/vote.fixtures';
import { SolveWorker, WorkerCancelledError, type DebugJob, type VoteJob, type WorkerJob } from './solveWorkerClient';

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

test('a vote in the worker hands on the same outcomes, traces and all, as the vote run inline', async (t) => {
  const copy = votingBundle();
  const worker = new SolveWorker();
  t.after(() => {
    worker.dispose();
    copy.remove();
  });
  const fractions: number[] = [];
  const vote = await worker.vote({
    dir: copy.dir,
    provider: 'cpu',
    task: taskA,
    testIndex: 0,
    signal: new AbortController().signal,
    onProgress: (f) => fractions.push(f),
  });
  assert.equal(vote.total, 3);
  assert.equal(vote.manifest.name, 'tiny-arc');
  const outcomes = [];
  for await (const outcome of vote.outcomes) outcomes.push(outcome);
  const bundle = await openBundle(copy.dir, { provider: 'cpu' });
  t.after(() => bundle.release());
  const inline = await voteTask(bundle, taskA, { testIndex: 0 });
  const runs = outcomes.filter((o) => o.kind === 'run');
  assert.deepEqual(
    runs.map((r) => [r.position, r.prediction]),
    inline.runs.map((r) => [r.position, r.prediction]),
  );
  // The same traces but for when they were made and how long each update took.
  const untimed = (t: Trace) =>
    JSON.stringify({
      ...t.toFile(),
      header: { ...t.header, createdAt: '' },
      steps: t.steps.map((x) => ({ ...x, ms: 0 })),
    });
  runs.forEach((r, i) => assert.ok(untimed(r.trace) === untimed(inline.runs[i]!.trace), `the trace of run ${i}`));
  assert.deepEqual(
    outcomes.filter((o) => o.kind === 'skipped').map((o) => [o.position, o.reason]),
    inline.skipped.map((o) => [o.position, o.reason]),
  );
  assert.ok(fractions.length > 0 && fractions.every((f, i) => f > (fractions[i - 1] ?? 0) && f <= 1), `${fractions}`);
});

test('a vote cancelled in the worker hands on no more runs and ends as cancelled', async (t) => {
  const copy = votingBundle();
  const worker = new SolveWorker();
  t.after(() => {
    worker.dispose();
    copy.remove();
  });
  const abort = new AbortController();
  const job: VoteJob = { dir: copy.dir, provider: 'cpu', task: taskA, testIndex: 0, signal: abort.signal };
  const vote = await worker.vote({ ...job, onProgress: () => abort.abort() });
  const seen: unknown[] = [];
  await assert.rejects(async () => {
    for await (const outcome of vote.outcomes) seen.push(outcome);
  }, WorkerCancelledError);
  assert.deepEqual(seen, [], 'cancelled during the first batch: no run handed on');
});

test('a vote on a task the model has no identifiers for fails with the reason voting inline gives', async (t) => {
  const copy = votingBundle();
  const worker = new SolveWorker();
  t.after(() => {
    worker.dispose();
    copy.remove();
  });
  const other = { ...taskA, id: 'taskB' };
  const bundle = await openBundle(copy.dir, { provider: 'cpu' });
  t.after(() => bundle.release());
  const inline = await voteTask(bundle, other, { testIndex: 0 }).then(
    () => assert.fail('a task without identifiers voted'),
    (e: Error) => e.message,
  );
  const vote = await worker.vote({
    dir: copy.dir,
    provider: 'cpu',
    task: other,
    testIndex: 0,
    signal: new AbortController().signal,
  });
  await assert.rejects(
    async () => {
      for await (const _outcome of vote.outcomes);
    },
    (e: Error) => e.message === inline,
  );
});

const debugJob = (over: Partial<DebugJob> = {}): DebugJob => ({
  dir: modelDir,
  provider: 'cpu',
  task: task('sudoku6-001'),
  testIndex: 0,
  allowBlankId: true,
  signal: new AbortController().signal,
  ...over,
});

test('a debug job in the worker runs one update per step asked for, as far as the caller goes', async (t) => {
  const worker = new SolveWorker();
  const abort = new AbortController();
  t.after(() => {
    abort.abort();
    worker.dispose();
  });
  const solve = await worker.debug(debugJob({ signal: abort.signal }));
  for (let i = 0; i < 3; i++) assert.equal((await solve.steps.next()).done, false);
  // Past the three steps asked for nothing ran: the next one asked for is the fourth.
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(solve.trace.steps.length, 3);
  const fourth = await solve.steps.next();
  assert.equal(fourth.done ? -1 : fourth.value.index, 3);
});

test('a debug job in the worker records the steps an inline solve does, and replays them after its end', async (t) => {
  const bundle = await openBundle(modelDir, { provider: 'cpu' });
  const worker = new SolveWorker();
  const abort = new AbortController();
  t.after(() => {
    abort.abort();
    worker.dispose();
    return bundle.release();
  });
  const inline = startTaskSolve(bundle, task('sudoku6-001'), { testIndex: 0, allowBlankId: true });
  for await (const _step of inline.steps);
  const solve = await worker.debug(debugJob({ signal: abort.signal }));
  for await (const _step of solve.steps);
  assert.equal(solve.trace.steps.length, inline.trace.steps.length);
  assert.deepEqual(
    solve.trace.steps.map((s) => s.answer),
    inline.trace.steps.map((s) => s.answer),
  );
  assert.equal(solve.trace.checkpoints.length, inline.trace.checkpoints.length);
  // Replayed in the worker after its last step, as inline: the same full state, element for element.
  const index = inline.trace.steps.length - 5;
  const [there, here] = await Promise.all([solve.materialise(index), inline.materialise(index)]);
  assert.deepEqual(there.z, here.z);
  assert.deepEqual(there.y, here.y);
  await assert.rejects(solve.materialise(inline.trace.steps.length), /step \d+ has not run yet/);
});

test('a debug job on a task the model has no identifier for fails as an inline start does', async (t) => {
  const worker = new SolveWorker();
  t.after(() => worker.dispose());
  const dir = path.join(root, 'test', 'fixtures', 'tiny-arc', 'bundle');
  const file = path.join(root, 'examples', 'arc', '0d3d703e.arc.json');
  const parsed = parseTask(fs.readFileSync(file, 'utf8'), '0d3d703e');
  assert.ok(parsed.ok);
  const bundle = await openBundle(dir, { provider: 'cpu' });
  t.after(() => bundle.release());
  const inline = (() => {
    try {
      startTaskSolve(bundle, parsed.task, { testIndex: 0 });
    } catch (error) {
      return error as Error;
    }
    return assert.fail('the tiny ARC model knows task 0d3d703e');
  })();
  await assert.rejects(
    worker.debug(debugJob({ dir, task: parsed.task, allowBlankId: false })),
    (e: Error) => e instanceof UnknownIdentifierError && e.message === inline.message,
  );
});

test('an ended debug job refuses its state requests, and the worker runs the next job', async (t) => {
  const worker = new SolveWorker();
  t.after(() => worker.dispose());
  const abort = new AbortController();
  const solve = await worker.debug(debugJob({ signal: abort.signal }));
  await solve.steps.next();
  abort.abort();
  await assert.rejects(solve.materialise(0), /debug run has ended|cancelled/i);
  const next = await worker.debug(debugJob());
  assert.equal((await next.steps.next()).done, false);
});

const arcFull = path.join(root, 'bench-out', 'bundles', 'arc-full');
const noArcFull = fs.existsSync(arcFull) ? false : 'bench-out/bundles/arc-full not built';

test(
  'disposing the worker in the middle of a full-size solve leaves the process running, and lets it exit',
  {
    skip: noArcFull,
  },
  () => {
    // In a process of its own: a worker terminated inside onnxruntime's run aborts the whole process.
    const script = [
      `const { SolveWorker } = require(${JSON.stringify(path.join(__dirname, 'solveWorkerClient.js'))});`,
      `const task = ${JSON.stringify(task('sudoku6-001'))};`,
      'const grid = Array.from({ length: 30 }, (_, r) => Array.from({ length: 30 }, (_, c) => (r * 3 + c) % 10));',
      'task.test = [{ input: grid, output: grid }];',
      '(async () => {',
      '  const worker = new SolveWorker();',
      `  const solve = await worker.start({ dir: ${JSON.stringify(arcFull)}, provider: 'cpu', task,`,
      '    testIndex: 0, stopAtHalt: false, allowBlankId: true, signal: new AbortController().signal });',
      '  let steps = 0;',
      '  try { for await (const _ of solve.steps) if (++steps === 3) worker.dispose(); } catch (e) {',
      "    console.log('ended: ' + e.message);",
      '  }',
      "  setTimeout(() => console.log('alive after ' + steps + ' steps'), 1000);",
      '})();',
    ].join('\n');
    // Twice: a terminated worker aborted the process in about two runs of three, not in every one.
    for (let i = 0; i < 2; i++) {
      const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60000 });
      assert.equal(run.status, 0, `exit ${run.status} ${run.signal ?? ''}: ${run.stdout} ${run.stderr}`);
      assert.match(run.stdout, /ended: TRM Lens is shutting down\nalive after 3 steps/);
    }
  },
);
