// The solve worker: a worker thread that owns the model sessions and runs the core engine, so a
// full-size solve or vote never blocks the extension host's thread. A solve posts each checkpoint and step
// as the engine makes them; the host (solveWorkerClient.ts) records the trace. A vote posts each
// augmentation's outcome as it ends. Cancel aborts the engine's signal, which the engine checks before each
// network call.

import { parentPort } from 'node:worker_threads';
import type { Bundle } from '../../core/bundle';
import { stepsPerSupervision } from '../../core/engine';
import { startTaskSolve, UnknownIdentifierError } from '../../core/taskSolve';
import { augmentationRuns, taskIdentifiers, type Outcome } from '../../core/taskVote';
import type { Trace } from '../../core/trace';
import { BundleCache } from './bundleCache';
import {
  parseToWorker,
  type FromWorker,
  type PostedOutcome,
  type ToWorker,
  type WorkerError,
} from './solveWorkerMessages';

interface Running {
  readonly abort: AbortController;
  cancelledAt: number | null;
}

function errorOf(error: unknown): WorkerError {
  if (error instanceof UnknownIdentifierError)
    return { kind: 'unknownIdentifier', taskId: error.taskId, modelName: error.modelName };
  if (error instanceof Error) return { kind: 'other', name: error.name, message: error.message };
  return { kind: 'other', name: 'Error', message: String(error) };
}

type Post = (m: FromWorker) => void;

type JobOf<K extends ToWorker['type']> = Extract<ToWorker, { type: K }>;

/**
 * Runs a job's engine on its model, handing each thing it yields to `each`, and posts the end: a cancel
 * ends it quietly, with how long after the cancel the engine stopped.
 */
async function drive<T>(
  job: JobOf<'solve' | 'vote'>,
  running: Running,
  bundles: BundleCache,
  post: Post,
  engine: (bundle: Bundle) => AsyncIterable<T>,
  each: (item: T) => void,
): Promise<void> {
  const lease = await bundles.acquire(job.dir, job.provider);
  try {
    const items = engine(lease.bundle);
    try {
      for await (const item of items) each(item);
    } catch (error) {
      if (running.cancelledAt === null) throw error;
    }
    const cancelled = running.cancelledAt !== null;
    const stoppedMs = cancelled ? Math.max(0, performance.now() - (running.cancelledAt ?? 0)) : null;
    post({ type: 'ended', id: job.id, cancelled, stoppedMs });
  } finally {
    lease.release();
  }
}

function solve(job: JobOf<'solve'>, running: Running, bundles: BundleCache, post: Post): Promise<void> {
  const { id } = job;
  let checkpoints = 0;
  let trace: Trace;
  return drive(
    job,
    running,
    bundles,
    post,
    (bundle) => {
      const started = startTaskSolve(bundle, job.task, {
        testIndex: job.testIndex,
        stopAtHalt: job.stopAtHalt,
        allowBlankId: job.allowBlankId,
        signal: running.abort.signal,
      });
      trace = started.trace;
      const expectedSteps = bundle.manifest.schedule.haltMaxSteps * stepsPerSupervision(bundle);
      post({ type: 'started', id, header: trace.header, expectedSteps });
      return started.steps;
    },
    (step) => {
      // The core trace collected this step's checkpoint first (if it opens a supervision step).
      for (; checkpoints < trace.checkpoints.length; checkpoints++)
        post({ type: 'checkpoint', id, checkpoint: trace.checkpoints[checkpoints] });
      post({ type: 'step', id, step });
    },
  );
}

const posted = (outcome: Outcome): PostedOutcome =>
  outcome.kind === 'run' ? { ...outcome, trace: outcome.trace.toFile() } : outcome;

function vote(job: JobOf<'vote'>, running: Running, bundles: BundleCache, post: Post): Promise<void> {
  const { id } = job;
  let reported = 0;
  const onProgress = (fraction: number) => {
    // One message per percent: the engine reports every update.
    if (fraction - reported < 0.01) return;
    post({ type: 'progress', id, fraction: Math.min(1, fraction) });
    reported = fraction;
  };
  return drive(
    job,
    running,
    bundles,
    post,
    (bundle) => {
      const { manifest, provider } = bundle;
      const total = taskIdentifiers(manifest.identifiers.names, job.task.id).length;
      post({ type: 'voteStarted', id, manifest, provider: provider.name, total });
      return augmentationRuns(bundle, job.task, { testIndex: job.testIndex, signal: running.abort.signal, onProgress });
    },
    (outcome) => post({ type: 'outcome', id, outcome: posted(outcome) }),
  );
}

function serve(port: NonNullable<typeof parentPort>): void {
  const bundles = new BundleCache();
  const solves = new Map<number, Running>();
  const post = (m: FromWorker) => port.postMessage(m);
  port.on('message', (raw: unknown) => {
    let message: ToWorker;
    try {
      message = parseToWorker(raw);
    } catch (error) {
      const id = typeof (raw as { id?: unknown })?.id === 'number' ? (raw as { id: number }).id : 0;
      return post({ type: 'failed', id, error: errorOf(error) });
    }
    if (message.type === 'cancel') {
      const running = solves.get(message.id);
      if (running && running.cancelledAt === null) {
        running.cancelledAt = performance.now();
        running.abort.abort();
      }
      return;
    }
    const running: Running = { abort: new AbortController(), cancelledAt: null };
    solves.set(message.id, running);
    (message.type === 'solve' ? solve(message, running, bundles, post) : vote(message, running, bundles, post))
      .catch((error: unknown) => post({ type: 'failed', id: message.id, error: errorOf(error) }))
      .finally(() => solves.delete(message.id));
  });
  port.on('close', () => bundles.dispose());
}

if (parentPort) serve(parentPort);
