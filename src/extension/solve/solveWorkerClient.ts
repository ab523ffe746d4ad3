// The host's end of the solve worker (solveWorker.ts): one worker thread, started at the first job and
// again after one dies, that runs the engine off the extension host's thread. Each solve's core Trace is
// built here from the checkpoints and steps the worker posts, so the panels read it as they read a solve
// run inline; a vote's runs arrive one by one with their traces; a debugger thread's solve asks for each
// step as the user takes it. Cancel posts to the worker and stops handing on steps or runs at once; they
// end when the worker says its engine has stopped.

import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { CancelledError } from '../../core/engine';
import type { ProviderChoice } from '../../core/providers';
import type { Manifest } from '../../core/manifest';
import type { Step } from '../../core/step';
import { UnknownIdentifierError, type SteppedSolve } from '../../core/taskSolve';
import type { Outcome } from '../../core/taskVote';
import { Trace, type TraceHeader } from '../../core/trace';
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

export interface VoteJob {
  readonly dir: string;
  readonly provider: ProviderChoice;
  readonly task: ArcTask;
  readonly testIndex: number;
  readonly signal: AbortSignal;
  /** The fraction of the vote's updates done, 0 to 1, about once a percent. */
  readonly onProgress?: (fraction: number) => void;
}

/** A debugger thread's solve: the test input, under the task's identifier or `identifier`, until `signal`. */
export interface DebugJob {
  readonly dir: string;
  readonly provider: ProviderChoice;
  readonly task: ArcTask;
  readonly testIndex: number;
  readonly allowBlankId: boolean;
  /** the identifier to run under instead of the task's own (an augmentation of it) */
  readonly identifier?: TraceHeader['identifier'];
  readonly signal: AbortSignal;
}

/** A vote in the worker: the model it runs on, and each of the task's identifiers' outcome as it ends. */
export interface WorkerVote {
  readonly manifest: Manifest;
  readonly provider: string;
  /** How many of the task's identifiers the vote runs or skips. */
  readonly total: number;
  readonly outcomes: AsyncGenerator<Outcome>;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

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

/**
 * What one job in the worker has told the host so far: its start (`S`), the items it handed on (`T`), and
 * whether it ended. `read` turns the job's own messages into those; the end is read here for every job.
 */
class Inbox<S, T> {
  readonly queue: T[] = [];
  end: { readonly error: Error } | { readonly error: null } | null = null;
  private wake: (() => void) | null = null;
  readonly started: Promise<S>;
  /** Resolves when the job ends, with its error (null for an end without one). */
  readonly ended: Promise<Error | null>;
  private onStarted!: (start: S) => void;
  private onStartFailed!: (e: Error) => void;
  private onEnded!: (e: Error | null) => void;

  constructor(private readonly read: (message: FromWorker, inbox: Inbox<S, T>) => void) {
    this.started = new Promise((resolve, reject) => ([this.onStarted, this.onStartFailed] = [resolve, reject]));
    this.ended = new Promise((resolve) => (this.onEnded = resolve));
  }

  take(message: FromWorker): void {
    if (message.type === 'ended') this.finish(message.cancelled ? new WorkerCancelledError(message.stoppedMs) : null);
    else if (message.type === 'failed') this.finish(errorFrom(message.error));
    else this.read(message, this);
    this.poke();
  }

  start(start: S): void {
    this.onStarted(start);
  }

  push(item: T): void {
    this.queue.push(item);
  }

  finish(error: Error | null): void {
    if (this.end) return;
    this.end = { error };
    if (error) this.onStartFailed(error);
    this.onEnded(error);
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

interface SolveStart {
  readonly trace: Trace;
  readonly expectedSteps: number;
}

/** A solve's messages: the trace is recorded here as its checkpoints and steps come. */
function solveReader(
  stopping: () => boolean,
): (message: FromWorker, inbox: Pick<Inbox<SolveStart, Step>, 'start' | 'push'>) => void {
  let trace: Trace | null = null;
  return (message, inbox) => {
    switch (message.type) {
      case 'started':
        trace = new Trace(message.header);
        return inbox.start({ trace, expectedSteps: message.expectedSteps });
      case 'checkpoint':
        trace?.checkpoints.push(message.checkpoint);
        return;
      case 'step':
        // After Cancel the panel keeps the steps that ran before it: the engine's last call is dropped.
        if (stopping() || !trace) return;
        trace.add(message.step);
        return inbox.push(message.step);
    }
  };
}

type StateOf = Extract<FromWorker, { type: 'materialised' }>['state'];
type State = Exclude<StateOf, { readonly error: WorkerError }>;

/** A debug job's requests for a recorded update's state, each waiting for the worker's answer. */
class StateRequests {
  private count = 0;
  private readonly waiting = new Map<number, { resolve: (s: State) => void; reject: (e: Error) => void }>();

  /** Numbers a request, hands the number to `send`, and resolves with the answer. */
  ask(send: (request: number) => void): Promise<State> {
    const request = this.count++;
    return new Promise((resolve, reject) => {
      this.waiting.set(request, { resolve, reject });
      send(request);
    });
  }

  answer(request: number, state: StateOf): void {
    const waiting = this.waiting.get(request);
    this.waiting.delete(request);
    if ('error' in state) waiting?.reject(errorFrom(state.error));
    else waiting?.resolve(state);
  }

  failAll(error: Error): void {
    for (const { reject } of this.waiting.values()) reject(error);
    this.waiting.clear();
  }
}

/** A debug job's messages: a solve's, `null` for "every step has run", and answers to state requests. */
function debugReader(
  stopping: () => boolean,
  states: StateRequests,
): (message: FromWorker, inbox: Inbox<SolveStart, Step | null>) => void {
  const read = solveReader(stopping);
  return (message, inbox) => {
    if (message.type === 'exhausted') return inbox.push(null);
    if (message.type === 'materialised') return states.answer(message.request, message.state);
    read(message, inbox);
  };
}

type VoteStart = Omit<WorkerVote, 'outcomes'>;

/** A vote's messages: each run's trace becomes a core Trace again. */
function voteReader(
  stopping: () => boolean,
  onProgress: ((fraction: number) => void) | undefined,
): (message: FromWorker, inbox: Inbox<VoteStart, Outcome>) => void {
  return (message, inbox) => {
    switch (message.type) {
      case 'voteStarted':
        return inbox.start({ manifest: message.manifest, provider: message.provider, total: message.total });
      case 'progress':
        return onProgress?.(message.fraction);
      case 'outcome': {
        if (stopping()) return;
        const o = message.outcome;
        return inbox.push(o.kind === 'run' ? { ...o, trace: Trace.fromFile(o.trace) } : o);
      }
    }
  };
}

function errorFrom(error: WorkerError): Error {
  if (error.kind === 'unknownIdentifier') return new UnknownIdentifierError(error.taskId, error.modelName);
  const e = new Error(error.message);
  e.name = error.name;
  return e;
}

export class SolveWorker extends Disposable {
  private worker: Worker | null = null;
  /** The jobs under way, by id: what the worker says of each goes to its inbox. */
  private readonly inboxes = new Map<number, Pick<Inbox<unknown, unknown>, 'take' | 'finish'>>();
  private nextId = 0;

  /** `script` is the worker's entry: solveWorker.js beside this module (dist/ when bundled, out/ in tests). */
  constructor(private readonly script = path.join(__dirname, 'solveWorker.js')) {
    super();
    this._register({ dispose: () => this.stop() });
  }

  /** Starts a solve; rejects as the inline solve would (an unknown identifier, a bad bundle). */
  async start(job: WorkerJob): Promise<WorkerSolve> {
    const { signal, ...options } = job;
    const { start, items } = await this.run<SolveStart, Step>({ type: 'solve', ...options }, signal, (stopping) =>
      solveReader(stopping),
    );
    return { ...start, steps: items };
  }

  /** Starts a vote over the task's augmentations; rejects as voting inline would (no identifiers, a bad bundle). */
  async vote(job: VoteJob): Promise<WorkerVote> {
    const { signal, onProgress, ...options } = job;
    const { start, items } = await this.run<VoteStart, Outcome>({ type: 'vote', ...options }, signal, (stopping) =>
      voteReader(stopping, onProgress),
    );
    return { ...start, outcomes: items };
  }

  /**
   * Starts a debugger thread's solve: each step the caller asks for runs one update in the worker, and a
   * recorded update's state is replayed there. It holds the model in the worker until `signal` aborts.
   */
  async debug(job: DebugJob): Promise<SteppedSolve> {
    const { signal, identifier, ...options } = job;
    const states = new StateRequests();
    const { id, start, items, ended } = await this.run<SolveStart, Step | null>(
      { type: 'debug', ...options, identifier: identifier ?? null },
      signal,
      (stopping) => debugReader(stopping, states),
    );
    void ended.then((error) => states.failAll(error ?? new Error('the debug run has ended')));
    const send = (message: DistributiveOmit<Extract<ToWorker, { type: 'next' | 'materialise' }>, 'id'>) =>
      this.worker?.postMessage({ ...message, id } satisfies ToWorker);
    const { trace } = start;
    async function* steps(): AsyncGenerator<Step> {
      // One 'next' is answered by one step, or by null once every supervision step has run.
      for (;;) {
        send({ type: 'next' });
        const item = await items.next();
        if (item.done || item.value === null) return;
        yield item.value;
      }
    }
    // A step that has not run is refused in the worker, by the core's own check.
    const materialise = (index: number): Promise<State> =>
      states.ask((request) => send({ type: 'materialise', index, request }));
    return { trace, steps: steps(), materialise };
  }

  /** Posts a job and waits for its start; its items are handed on until it ends, or at once no more on Cancel. */
  private async run<S, T>(
    job: DistributiveOmit<Extract<ToWorker, { type: 'solve' | 'vote' | 'debug' }>, 'id'>,
    signal: AbortSignal,
    reader: (stopping: () => boolean) => (message: FromWorker, inbox: Inbox<S, T>) => void,
  ): Promise<{ id: number; start: S; items: AsyncGenerator<T>; ended: Promise<Error | null> }> {
    const id = this.nextId++;
    const inbox = new Inbox<S, T>(reader(() => signal.aborted));
    this.inboxes.set(id, inbox);
    const cancel = () => {
      this.worker?.postMessage({ type: 'cancel', id } satisfies ToWorker);
      inbox.poke();
    };
    signal.addEventListener('abort', cancel, { once: true });
    const done = () => {
      signal.removeEventListener('abort', cancel);
      this.inboxes.delete(id);
    };
    this.ensureWorker().postMessage({ ...job, id } satisfies ToWorker);
    if (signal.aborted) cancel();
    try {
      return { id, start: await inbox.started, items: drain(inbox, signal, done), ended: inbox.ended };
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
      // A job nobody reads to its end (a debugger thread restarted or ended) must not stay here.
      if (message.type === 'ended' || message.type === 'failed') this.inboxes.delete(message.id);
    });
    worker.on('error', (error) => this.failAll(worker, new Error(`the solve worker failed: ${error.message}`)));
    worker.on('exit', (code) =>
      this.failAll(worker, new Error(`the solve worker stopped (exit code ${code}); the next Solve starts a new one`)),
    );
    this.worker = worker;
    return worker;
  }

  /**
   * Ends every solve under `worker` with `error`; the next solve starts a fresh worker. The old one is asked to
   * close, never terminated: terminating a worker inside onnxruntime's run aborts the whole process. Unreferenced,
   * it does not keep the process alive while its engines stop.
   */
  private failAll(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    this.worker = null;
    worker.postMessage({ type: 'close' } satisfies ToWorker);
    worker.unref();
    for (const inbox of this.inboxes.values()) inbox.finish(error);
  }

  private stop(): void {
    const worker = this.worker;
    if (worker) this.failAll(worker, new Error('TRM Lens is shutting down'));
  }
}

async function* drain<S, T>(inbox: Inbox<S, T>, signal: AbortSignal, done: () => void): AsyncGenerator<T> {
  try {
    for (;;) {
      // Cancel stops handing on items at once; the generator still waits for the worker's word.
      if (!signal.aborted && inbox.queue.length) {
        yield inbox.queue.shift() as T;
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
