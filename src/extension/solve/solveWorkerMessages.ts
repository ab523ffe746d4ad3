// The contract between the extension host and the solve worker (solveWorker.ts): what each side posts,
// and the runtime check each side runs on what arrives before any handler sees it. A job is a solve (its
// checkpoints and steps as they come), a vote (each augmentation's outcome as it ends, its trace whole) or
// a debugger thread's solve (one step per 'next' the host asks for, a recorded update's state per
// 'materialise', held until the host cancels it). Steps and checkpoints travel as the core's own shapes
// (structured clone keeps their Float32Arrays).

import type { ArcTask } from '../../core/arcTask';
import type { Checkpoint } from '../../core/engine';
import type { Manifest } from '../../core/manifest';
import type { ProviderChoice } from '../../core/providers';
import type { Step } from '../../core/step';
import type { AugmentationRun, Skipped } from '../../core/taskVote';
import type { TraceFile, TraceHeader } from '../../core/trace';

/** A vote's outcome on the way to the host: a run's trace as its file form, which structured clone carries. */
export type PostedOutcome = Skipped | (Omit<AugmentationRun, 'trace'> & { readonly trace: TraceFile });

/** Host -> worker. */
export type ToWorker =
  | {
      readonly type: 'solve';
      readonly id: number;
      readonly dir: string;
      readonly provider: ProviderChoice;
      readonly task: ArcTask;
      readonly testIndex: number;
      readonly stopAtHalt: boolean;
      readonly allowBlankId: boolean;
    }
  | {
      readonly type: 'vote';
      readonly id: number;
      readonly dir: string;
      readonly provider: ProviderChoice;
      readonly task: ArcTask;
      readonly testIndex: number;
    }
  | {
      readonly type: 'debug';
      readonly id: number;
      readonly dir: string;
      readonly provider: ProviderChoice;
      readonly task: ArcTask;
      readonly testIndex: number;
      readonly allowBlankId: boolean;
      /** the identifier to run under instead of the task's own (an augmentation), or null */
      readonly identifier: TraceHeader['identifier'] | null;
    }
  /** A debug job: run the next update. */
  | { readonly type: 'next'; readonly id: number }
  /** A debug job: the full state after recorded update `index`; `request` names the answer. */
  | { readonly type: 'materialise'; readonly id: number; readonly index: number; readonly request: number }
  | { readonly type: 'cancel'; readonly id: number }
  /** Cancel every job, and end the worker once their engines have stopped. */
  | { readonly type: 'close' };

/** An error as the worker saw it: enough to raise the same error type and message on the host. */
export type WorkerError =
  | { readonly kind: 'unknownIdentifier'; readonly taskId: string; readonly modelName: string }
  | { readonly kind: 'other'; readonly name: string; readonly message: string };

/** Worker -> host, each about the job `id`. */
export type FromWorker =
  | {
      readonly type: 'started';
      readonly id: number;
      readonly header: TraceHeader;
      readonly expectedSteps: number;
    }
  | { readonly type: 'checkpoint'; readonly id: number; readonly checkpoint: Checkpoint }
  | { readonly type: 'step'; readonly id: number; readonly step: Step }
  /** A debug job asked for a step after the last: every supervision step has run. */
  | { readonly type: 'exhausted'; readonly id: number }
  | {
      readonly type: 'materialised';
      readonly id: number;
      readonly request: number;
      readonly state: { readonly y: Float32Array; readonly z: Float32Array } | { readonly error: WorkerError };
    }
  /** A vote has its model: `total` of the task's identifiers to run or skip. */
  | {
      readonly type: 'voteStarted';
      readonly id: number;
      readonly manifest: Manifest;
      readonly provider: string;
      readonly total: number;
    }
  /** The fraction of the vote's updates done, 0 to 1. */
  | { readonly type: 'progress'; readonly id: number; readonly fraction: number }
  | { readonly type: 'outcome'; readonly id: number; readonly outcome: PostedOutcome }
  /** The engine ended; `stoppedMs` is how long after the cancel request it stopped, when one came. */
  | { readonly type: 'ended'; readonly id: number; readonly cancelled: boolean; readonly stoppedMs: number | null }
  | { readonly type: 'failed'; readonly id: number; readonly error: WorkerError };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isId = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

function bad(side: string, what: string): never {
  throw new TypeError(`solve worker contract: ${side} got ${what}`);
}

/** `raw` as a host -> worker message, or a TypeError saying what is wrong with it. */
export function parseToWorker(raw: unknown): ToWorker {
  if (isRecord(raw) && raw.type === 'close') return { type: 'close' };
  if (!isRecord(raw) || !isId(raw.id)) bad('the worker', 'a message without a solve id');
  if (raw.type === 'cancel' || raw.type === 'next') return raw as ToWorker;
  if (raw.type === 'materialise') {
    if (!isId(raw.index) || !isId(raw.request)) bad('the worker', 'a materialise without its update and request');
    return raw as ToWorker;
  }
  if (raw.type !== 'solve' && raw.type !== 'vote' && raw.type !== 'debug')
    bad('the worker', `an unknown message type ${JSON.stringify(raw.type)}`);
  if (typeof raw.dir !== 'string' || typeof raw.provider !== 'string')
    bad('the worker', `a ${raw.type} without a model`);
  if (!isRecord(raw.task) || !Array.isArray(raw.task.test)) bad('the worker', `a ${raw.type} without a task`);
  if (!isId(raw.testIndex)) bad('the worker', `a ${raw.type} without a test index`);
  if (raw.type === 'solve' && (typeof raw.stopAtHalt !== 'boolean' || typeof raw.allowBlankId !== 'boolean'))
    bad('the worker', 'a solve without its options');
  if (raw.type === 'debug') {
    const id = raw.identifier;
    if (typeof raw.allowBlankId !== 'boolean' || (id !== null && (!isRecord(id) || !isId(id.index))))
      bad('the worker', 'a debug job without its options');
  }
  return raw as ToWorker;
}

/** `raw` as a worker -> host message, or a TypeError saying what is wrong with it. */
export function parseFromWorker(raw: unknown): FromWorker {
  if (!isRecord(raw) || !isId(raw.id)) bad('the host', 'a message without a solve id');
  switch (raw.type) {
    case 'started':
      if (!isRecord(raw.header) || !isId(raw.expectedSteps)) bad('the host', 'a start without its trace header');
      return raw as FromWorker;
    case 'checkpoint': {
      const c = raw.checkpoint;
      if (!isRecord(c) || !isId(c.firstIndex) || !(c.y instanceof Float32Array) || !(c.z instanceof Float32Array))
        bad('the host', 'a checkpoint without its state');
      return raw as FromWorker;
    }
    case 'step':
      if (!isRecord(raw.step) || !isId(raw.step.index) || !Array.isArray(raw.step.answer))
        bad('the host', 'a step without its index and answer');
      return raw as FromWorker;
    case 'exhausted':
      return raw as FromWorker;
    case 'materialised': {
      const state = raw.state;
      const isState = isRecord(state) && state.y instanceof Float32Array && state.z instanceof Float32Array;
      if (!isId(raw.request) || !(isState || (isRecord(state) && isRecord(state.error))))
        bad('the host', 'a materialised state without its request and y and z, or its error');
      return raw as FromWorker;
    }
    case 'voteStarted':
      if (!isRecord(raw.manifest) || typeof raw.provider !== 'string' || !isId(raw.total))
        bad('the host', 'a vote start without its model');
      return raw as FromWorker;
    case 'progress':
      if (typeof raw.fraction !== 'number' || !(raw.fraction >= 0 && raw.fraction <= 1))
        bad('the host', 'a progress without a fraction in [0, 1]');
      return raw as FromWorker;
    case 'outcome': {
      const o = raw.outcome;
      if (!isRecord(o) || !isId(o.position) || (o.kind !== 'run' && o.kind !== 'skipped'))
        bad('the host', 'an outcome without its position and kind');
      if (o.kind === 'run' && (!isRecord(o.trace) || !Array.isArray(o.trace.steps) || !isRecord(o.prediction)))
        bad('the host', 'a run without its trace and prediction');
      return raw as FromWorker;
    }
    case 'ended':
      if (typeof raw.cancelled !== 'boolean') bad('the host', 'an end without saying whether it was cancelled');
      return raw as FromWorker;
    case 'failed':
      if (!isRecord(raw.error) || (raw.error.kind !== 'unknownIdentifier' && raw.error.kind !== 'other'))
        bad('the host', 'a failure without its error');
      return raw as FromWorker;
    default:
      return bad('the host', `an unknown message type ${JSON.stringify(raw.type)}`);
  }
}
