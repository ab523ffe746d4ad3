// How much a vote, and a debugger stepping through updates, hold up the thread that starts them: the event
// loop's delay while the engine runs on this thread (as the extension host ran votes and the debugger before)
// and while the same work runs in the solve worker (as it runs now), in one process, on a 30x30 input. The
// extension host's thread is shared by every extension; a delay there is a stall in all of them.
//   npm run bench:lag [-- BUNDLE_DIR] [--task ID] [--steps N]
// The vote runs every identifier of the task in BUNDLE_DIR (default: the full-size random ARC bundle of
// `npm run fixtures:full`, whose task1 has two); the debugger's part pulls N updates (default 30, two
// supervision steps of it) one at a time, as F10 and Continue do. Prints one JSON line.

import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { ArcTask } from '../../core/arcTask';
import { openBundle } from '../../core/bundle';
import { startTaskSolve, type SteppedSolve } from '../../core/taskSolve';
import { augmentationRuns } from '../../core/taskVote';
import { SolveWorker } from './solveWorkerClient';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
}

/** A 30x30 grid of seeded colours. */
function grid(seed: number): number[][] {
  let s = seed;
  const next = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: 30 }, () => Array.from({ length: 30 }, () => Math.floor(next() * 10)));
}

interface Lag {
  readonly ms: number;
  /** The event loop's delay, in milliseconds: median, 99th percentile and worst. */
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

async function lagWhile(run: () => Promise<void>): Promise<Lag> {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const started = performance.now();
  await run();
  const ms = performance.now() - started;
  delay.disable();
  const inMs = (ns: number) => Math.round(ns / 1e4) / 100;
  return { ms: Math.round(ms), p50: inMs(delay.percentile(50)), p99: inMs(delay.percentile(99)), max: inMs(delay.max) };
}

/** Pulls `steps` updates from a debugger thread's solve, one at a time. */
async function stepThrough(solve: SteppedSolve, steps: number): Promise<void> {
  for (let i = 0; i < steps; i++) if ((await solve.steps.next()).done) return;
}

async function main(): Promise<void> {
  const steps = Number(option('--steps', '30'));
  const dir = path.resolve(process.argv[2] ?? 'bench-out/bundles/arc-full');
  const task: ArcTask = {
    id: option('--task', 'task1'),
    train: [{ input: grid(1), output: grid(2) }],
    test: [{ input: grid(3), output: grid(4) }],
  };
  const bundle = await openBundle(dir, { provider: 'cpu' });
  const inline = await lagWhile(async () => {
    for await (const _outcome of augmentationRuns(bundle, task, { testIndex: 0 }));
  });
  const debugInline = await lagWhile(() => stepThrough(startTaskSolve(bundle, task, { testIndex: 0 }), steps));
  await bundle.release();
  const worker = new SolveWorker();
  try {
    // Opens the bundle in the worker first, so both runs time a vote on open sessions.
    const warm = await worker.vote({ dir, provider: 'cpu', task, testIndex: 0, signal: AbortSignal.abort() });
    await (async () => {
      for await (const _outcome of warm.outcomes);
    })().catch(() => undefined);
    const inWorker = await lagWhile(async () => {
      const vote = await worker.vote({
        dir,
        provider: 'cpu',
        task,
        testIndex: 0,
        signal: new AbortController().signal,
      });
      for await (const _outcome of vote.outcomes);
    });
    const stepped = new AbortController();
    const debugInWorker = await lagWhile(async () => {
      const job = { dir, provider: 'cpu', task, testIndex: 0, allowBlankId: false, signal: stepped.signal } as const;
      await stepThrough(await worker.debug(job), steps);
    });
    stepped.abort();
    const debug = { steps, inline: debugInline, inWorker: debugInWorker };
    console.log(JSON.stringify({ bundle: path.basename(dir), task: task.id, inline, inWorker, debug }));
  } finally {
    worker.dispose();
  }
}

void main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
