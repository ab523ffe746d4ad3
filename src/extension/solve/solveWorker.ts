// The solve worker: a worker thread that owns the model sessions and runs the core engine, so a
// full-size solve never blocks the extension host's thread. It posts each checkpoint and step as the
// engine makes them; the host (solveWorkerClient.ts) records the trace. Cancel aborts the engine's signal,
// which the engine checks before each network call.

import { parentPort } from 'node:worker_threads';
import { stepsPerSupervision } from '../../core/engine';
import { startTaskSolve, UnknownIdentifierError } from '../../core/taskSolve';
import { BundleCache } from './bundleCache';
import { parseToWorker, type FromWorker, type ToWorker, type WorkerError } from './solveWorkerMessages';

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

async function run(
  job: Extract<ToWorker, { type: 'solve' }>,
  running: Running,
  bundles: BundleCache,
  post: (m: FromWorker) => void,
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
    const stoppedMs = running.cancelledAt === null ? null : Math.max(0, last - running.cancelledAt);
    post({ type: 'ended', id, cancelled: running.cancelledAt !== null, stoppedMs });
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
    run(message, running, bundles, post)
      .catch((error: unknown) => post({ type: 'failed', id: message.id, error: errorOf(error) }))
      .finally(() => solves.delete(message.id));
  });
  port.on('close', () => bundles.dispose());
}

if (parentPort) serve(parentPort);
