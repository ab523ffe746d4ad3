// The solve worker: a worker thread that owns the model sessions and runs the core engine, so a
// full-size solve or vote never blocks the extension host's thread. A solve posts each checkpoint and step
// as the engine makes them; the host (solveWorkerClient.ts) records the trace. A vote posts each
// augmentation's outcome as it ends. Cancel aborts the engine's signal, which the engine checks before each
// network call.

import { parentPort } from 'node:worker_threads';
import { stepsPerSupervision } from '../../core/engine';
import { startTaskSolve, UnknownIdentifierError } from '../../core/taskSolve';
import { augmentationRuns, taskIdentifiers, type Outcome } from '../../core/taskVote';
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

/** The job's engine ended, cancelled or not: `last` is when it last handed something on. */
function ended(id: number, running: Running, last: number): FromWorker {
  const stoppedMs = running.cancelledAt === null ? null : Math.max(0, last - running.cancelledAt);
  return { type: 'ended', id, cancelled: running.cancelledAt !== null, stoppedMs };
}

async function solve(
  job: Extract<ToWorker, { type: 'solve' }>,
  running: Running,
  bundles: BundleCache,
  post: Post,
): Promise<void> {
  const { id } = job;
  const lease = await bundles.acquire(job.dir, job.provider);
  try {
    const solve = startTaskSolve(lease.bundle, job.task, {
      testIndex: job.testIndex,
      stopAtHalt: job.stopAtHalt,
      allowBlankId: job.allowBlankId,
      signal: running.abort.signal,
    });
    const expectedSteps = lease.bundle.manifest.schedule.haltMaxSteps * stepsPerSupervision(lease.bundle);
    post({ type: 'started', id, header: solve.trace.header, expectedSteps });
    let checkpoints = 0;
    let last = performance.now();
    try {
      for await (const step of solve.steps) {
        // The core trace collected this step's checkpoint first (if it opens a supervision step).
        for (; checkpoints < solve.trace.checkpoints.length; checkpoints++)
          post({ type: 'checkpoint', id, checkpoint: solve.trace.checkpoints[checkpoints] });
        post({ type: 'step', id, step });
        last = performance.now();
      }
    } catch (error) {
      if (running.cancelledAt === null) throw error;
    }
    post(ended(id, running, last));
  } finally {
    lease.release();
  }
}

const posted = (outcome: Outcome): PostedOutcome =>
  outcome.kind === 'run' ? { ...outcome, trace: outcome.trace.toFile() } : outcome;

async function vote(
  job: Extract<ToWorker, { type: 'vote' }>,
  running: Running,
  bundles: BundleCache,
  post: Post,
): Promise<void> {
  const { id } = job;
  const lease = await bundles.acquire(job.dir, job.provider);
  try {
    const { manifest, provider } = lease.bundle;
    const total = taskIdentifiers(manifest.identifiers.names, job.task.id).length;
    post({ type: 'voteStarted', id, manifest, provider: provider.name, total });
    let reported = 0;
    const onProgress = (fraction: number) => {
      // One message per percent: the engine reports every update.
      if (fraction - reported < 0.01) return;
      post({ type: 'progress', id, fraction: Math.min(1, fraction) });
      reported = fraction;
    };
    let last = performance.now();
    try {
      const options = { testIndex: job.testIndex, signal: running.abort.signal, onProgress };
      for await (const outcome of augmentationRuns(lease.bundle, job.task, options)) {
        post({ type: 'outcome', id, outcome: posted(outcome) });
        last = performance.now();
      }
    } catch (error) {
      if (running.cancelledAt === null) throw error;
      last = performance.now(); // when the engine gave up the batch it was running
    }
    post(ended(id, running, last));
  } finally {
    lease.release();
  }
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
