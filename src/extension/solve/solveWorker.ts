// The solve worker: a worker thread that owns the model sessions and runs the core engine, so a
// full-size solve, vote or debug session never blocks the extension host's thread. A solve posts each
// checkpoint and step as the engine makes them; the host (solveWorkerClient.ts) records the trace. A vote
// posts each augmentation's outcome as it ends. A debug job runs one update per request. Cancel aborts the
// engine's signal, which the engine checks before each network call.

import { parentPort } from 'node:worker_threads';
import type { Bundle } from '../../core/bundle';
import { stepsPerSupervision } from '../../core/engine';
import { startTaskSolve, UnknownIdentifierError, type TaskSolve } from '../../core/taskSolve';
import { augmentationRuns, taskIdentifiers, type Outcome } from '../../core/taskVote';
import type { Step } from '../../core/step';
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
  /** A debug job's answer to the host's requests for it. */
  request?: (message: JobOf<'next' | 'materialise'>) => void;
}

function errorOf(error: unknown): WorkerError {
  if (error instanceof UnknownIdentifierError)
    return { kind: 'unknownIdentifier', taskId: error.taskId, modelName: error.modelName };
  if (error instanceof Error) return { kind: 'other', name: error.name, message: error.message };
  return { kind: 'other', name: 'Error', message: String(error) };
}

type Post = (m: FromWorker) => void;

type JobOf<K extends ToWorker['type']> = Extract<ToWorker, { type: K }>;

/** Posts the checkpoints the core trace collected since the last call, then the step they open. */
function stepPoster(id: number, post: Post): (trace: Trace, step: Step) => void {
  let checkpoints = 0;
  return (trace, step) => {
    for (; checkpoints < trace.checkpoints.length; checkpoints++)
      post({ type: 'checkpoint', id, checkpoint: trace.checkpoints[checkpoints] });
    post({ type: 'step', id, step });
  };
}

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
  const postStep = stepPoster(id, post);
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
    (step) => postStep(trace, step),
  );
}

/** A debug job's requests, answered one at a time in the order they came; a failed update ends the job. */
class DebugAnswers {
  /** The error an update failed with, which ends the job. */
  failure: unknown = null;
  private answered: Promise<void> = Promise.resolve();
  private readonly postStep: (trace: Trace, step: Step) => void;

  constructor(
    private readonly id: number,
    private readonly solve: TaskSolve,
    private readonly running: Running,
    private readonly post: Post,
  ) {
    this.postStep = stepPoster(id, post);
  }

  take(message: JobOf<'next' | 'materialise'>): void {
    this.answered = this.answered.then(() =>
      this.failure !== null || this.running.cancelledAt !== null
        ? undefined
        : message.type === 'next'
          ? this.step()
          : this.state(message.index, message.request),
    );
  }

  /** Resolves once every request taken so far is answered. */
  settled(): Promise<void> {
    return this.answered;
  }

  private async step(): Promise<void> {
    try {
      const next = await this.solve.steps.next();
      if (next.done) this.post({ type: 'exhausted', id: this.id });
      else this.postStep(this.solve.trace, next.value);
    } catch (error) {
      // A cancel during the update stops the engine with an error that is no failure.
      if (this.running.cancelledAt !== null) return;
      this.failure = error;
      this.running.abort.abort();
    }
  }

  private async state(index: number, request: number): Promise<void> {
    let state: Extract<FromWorker, { type: 'materialised' }>['state'];
    try {
      state = await this.solve.materialise(index);
    } catch (error) {
      state = { error: errorOf(error) };
    }
    this.post({ type: 'materialised', id: this.id, request, state });
  }
}

/**
 * A debugger thread's solve: one update per 'next', so the engine goes only as far as the user steps, and a
 * recorded update's full state per 'materialise'. The model stays leased until the host cancels the job: a
 * run that has ended still replays its updates.
 */
async function debug(job: JobOf<'debug'>, running: Running, bundles: BundleCache, post: Post): Promise<void> {
  const { id } = job;
  const lease = await bundles.acquire(job.dir, job.provider);
  try {
    const solve = startTaskSolve(lease.bundle, job.task, {
      testIndex: job.testIndex,
      allowBlankId: job.allowBlankId,
      identifier: job.identifier ?? undefined,
      signal: running.abort.signal,
    });
    const expectedSteps = lease.bundle.manifest.schedule.haltMaxSteps * stepsPerSupervision(lease.bundle);
    post({ type: 'started', id, header: solve.trace.header, expectedSteps });
    const answers = new DebugAnswers(id, solve, running, post);
    running.request = (message) => answers.take(message);
    const { signal } = running.abort;
    if (!signal.aborted) await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    await answers.settled();
    await solve.steps.return(undefined);
    if (answers.failure !== null) throw answers.failure;
    const stoppedMs = Math.max(0, performance.now() - (running.cancelledAt ?? 0));
    post({ type: 'ended', id, cancelled: true, stoppedMs });
  } finally {
    lease.release();
  }
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

function cancel(running: Running): void {
  if (running.cancelledAt !== null) return;
  running.cancelledAt = performance.now();
  running.abort.abort();
}

function serve(port: NonNullable<typeof parentPort>): void {
  const bundles = new BundleCache();
  const solves = new Map<number, Running>();
  const jobs = new Set<Promise<void>>();
  const post = (m: FromWorker) => port.postMessage(m);
  // Ends the worker only once no network runs: a worker terminated inside onnxruntime's run aborts the whole
  // process, the extension host with it. Each engine stops at its next network call.
  const close = () => {
    solves.forEach(cancel);
    void Promise.allSettled(jobs).then(() => {
      bundles.dispose();
      port.close();
    });
  };
  port.on('message', (raw: unknown) => {
    let message: ToWorker;
    try {
      message = parseToWorker(raw);
    } catch (error) {
      const id = typeof (raw as { id?: unknown })?.id === 'number' ? (raw as { id: number }).id : 0;
      return post({ type: 'failed', id, error: errorOf(error) });
    }
    if (message.type === 'close') return close();
    if (message.type === 'cancel') {
      const running = solves.get(message.id);
      return running && cancel(running);
    }
    if (message.type === 'next' || message.type === 'materialise') return solves.get(message.id)?.request?.(message);
    const running: Running = { abort: new AbortController(), cancelledAt: null };
    solves.set(message.id, running);
    const job = (
      message.type === 'solve'
        ? solve(message, running, bundles, post)
        : message.type === 'vote'
          ? vote(message, running, bundles, post)
          : debug(message, running, bundles, post)
    )
      .catch((error: unknown) => post({ type: 'failed', id: message.id, error: errorOf(error) }))
      .finally(() => {
        solves.delete(message.id);
        jobs.delete(job);
      });
    jobs.add(job);
  });
  port.on('close', () => bundles.dispose());
}

if (parentPort) serve(parentPort);
