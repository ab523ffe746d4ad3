// The host's end of the solve worker (solveWorker.ts): one worker thread, started at the first solve and
// again after one dies, that runs the engine off the extension host's thread. Each solve's core Trace is
// built here from the checkpoints and steps the worker posts, so the panels read it as they read a solve
// run inline. Cancel posts to the worker and stops handing on steps at once; the solve's steps end when
// the worker says its engine has stopped.

import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { CancelledError } from '../../core/engine';
import type { ProviderChoice } from '../../core/providers';
import type { Step } from '../../core/step';
import { UnknownIdentifierError } from '../../core/taskSolve';
import { Trace } from '../../core/trace';
import type { ArcTask } from '../../core/arcTask';
import { Disposable } from '../dispose';
import { parseFromWorker, type FromWorker, type ToWorker, type WorkerError } from './solveWorkerMessages';

export interface WorkerJob {
  readonly dir: string;
  readonly provider: ProviderChoice;
  readonly task: ArcTask;
  readonly testIndex: number;
  readonly stopAtHalt: boolean;
  readonly allowBlankId: boolean;
  readonly signal: AbortSignal;
}

/** How a cancelled solve ended: its engine stopped `stoppedMs` after the cancel request reached it. */
export class WorkerCancelledError extends CancelledError {
  constructor(readonly stoppedMs: number | null) {
    super();
  }
}

export interface WorkerSolve {
  readonly trace: Trace;
  readonly expectedSteps: number;
  /** The steps as they arrive, each recorded in `trace` first; ends when the worker's engine ends. */
  readonly steps: AsyncGenerator<Step>;
}

/** What one solve in the worker has told the host so far. */
class Inbox {
  trace: Trace | null = null;
  readonly queue: Step[] = [];
  end: { readonly error: Error } | { readonly error: null } | null = null;
  private wake: (() => void) | null = null;
  readonly started: Promise<{ trace: Trace; expectedSteps: number }>;
  private onStarted!: (s: { trace: Trace; expectedSteps: number }) => void;
  private onStartFailed!: (e: Error) => void;

  constructor(private readonly stopping: () => boolean) {
    this.started = new Promise((resolve, reject) => ([this.onStarted, this.onStartFailed] = [resolve, reject]));
  }

  take(message: FromWorker): void {
    switch (message.type) {
      case 'started':
        this.trace = new Trace(message.header);
        this.onStarted({ trace: this.trace, expectedSteps: message.expectedSteps });
        break;
      case 'checkpoint':
        this.trace?.checkpoints.push(message.checkpoint);
        break;
      case 'step':
        // After Cancel the panel keeps the steps that ran before it: the engine's last call is dropped.
        if (this.stopping() || !this.trace) break;
        this.trace.add(message.step);
        this.queue.push(message.step);
        break;
      case 'ended':
        this.finish(message.cancelled ? new WorkerCancelledError(message.stoppedMs) : null);
        break;
      case 'failed':
        this.finish(errorFrom(message.error));
        break;
    }
    this.poke();
  }

  finish(error: Error | null): void {
    if (this.end) return;
    this.end = { error };
    if (error) this.onStartFailed(error);
    this.poke();
  }

  poke(): void {
    this.wake?.();
    this.wake = null;
  }

  next(): Promise<void> {
    return new Promise((resolve) => (this.wake = resolve));
  }
}

function errorFrom(error: WorkerError): Error {
  if (error.kind === 'unknownIdentifier') return new UnknownIdentifierError(error.taskId, error.modelName);
  const e = new Error(error.message);
  e.name = error.name;
  return e;
}

export class SolveWorker extends Disposable {
  private worker: Worker | null = null;
  private readonly inboxes = new Map<number, Inbox>();
  private nextId = 0;

  /** `script` is the worker's entry: solveWorker.js beside this module (dist/ when bundled, out/ in tests). */
  constructor(private readonly script = path.join(__dirname, 'solveWorker.js')) {
    super();
    this._register({ dispose: () => this.stop() });
  }

  /** Starts a solve; rejects as the inline solve would (an unknown identifier, a bad bundle). */
  async start(job: WorkerJob): Promise<WorkerSolve> {
    const id = this.nextId++;
    const inbox = new Inbox(() => job.signal.aborted);
    this.inboxes.set(id, inbox);
    const cancel = () => {
      this.worker?.postMessage({ type: 'cancel', id } satisfies ToWorker);
      inbox.poke();
    };
    job.signal.addEventListener('abort', cancel, { once: true });
    const done = () => {
      job.signal.removeEventListener('abort', cancel);
      this.inboxes.delete(id);
    };
    const { signal: _signal, ...options } = job;
    this.ensureWorker().postMessage({ type: 'solve', id, ...options } satisfies ToWorker);
    if (job.signal.aborted) cancel();
    try {
      const { trace, expectedSteps } = await inbox.started;
      return { trace, expectedSteps, steps: drain(inbox, job.signal, done) };
    } catch (error) {
      done();
      throw error;
    }
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script);
    worker.on('message', (raw: unknown) => {
      let message: FromWorker;
      try {
        message = parseFromWorker(raw);
      } catch (error) {
        return this.failAll(worker, error as Error);
      }
      this.inboxes.get(message.id)?.take(message);
    });
    worker.on('error', (error) => this.failAll(worker, new Error(`the solve worker failed: ${error.message}`)));
    worker.on('exit', (code) =>
      this.failAll(worker, new Error(`the solve worker stopped (exit code ${code}); the next Solve starts a new one`)),
    );
    this.worker = worker;
    return worker;
  }

  /** Ends every solve under `worker` with `error`; the next solve starts a fresh worker. */
  private failAll(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    this.worker = null;
    void worker.terminate();
    for (const inbox of this.inboxes.values()) inbox.finish(error);
  }

  private stop(): void {
    const worker = this.worker;
    if (worker) this.failAll(worker, new Error('TRM Lens is shutting down'));
  }
}

async function* drain(inbox: Inbox, signal: AbortSignal, done: () => void): AsyncGenerator<Step> {
  try {
    for (;;) {
      // Cancel stops handing on steps at once; the generator still waits for the worker's word.
      if (!signal.aborted && inbox.queue.length) {
        yield inbox.queue.shift() as Step;
        continue;
      }
      if (inbox.end) {
        if (inbox.end.error) throw inbox.end.error;
        if (signal.aborted) throw new WorkerCancelledError(null);
        return;
      }
      await inbox.next();
    }
  } finally {
    done();
  }
}
