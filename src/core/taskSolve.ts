// One test input of a task, solved by a bundle into a trace: the piece the CLI and the extension share.

import type { ArcTask } from './arcTask';
import type { Bundle } from './bundle';
import { matchIdentifier, replay, solve, type SolveRequest } from './engine';
import type { Step } from './step';
import { headerFor, Trace, type TraceHeader } from './trace';

/** The task is not in the model's identifier table; the caller decides whether to use the blank id. */
export class UnknownIdentifierError extends Error {
  override readonly name = 'UnknownIdentifierError';
  constructor(
    readonly taskId: string,
    readonly modelName: string,
  ) {
    super(
      `task "${taskId}" is not among the puzzle identifiers of model ${modelName}; ` +
        'it can run with the blank identifier (row 0), which the model was not trained to answer this task with',
    );
  }
}

export interface TaskSolveOptions {
  readonly testIndex: number;
  /** run with the blank identifier when the task is unknown to the model */
  readonly allowBlankId?: boolean;
  /** run with this row of the identifier table instead of the task's own (an augmentation of it, for a vote) */
  readonly identifier?: TraceHeader['identifier'];
  readonly stopAtHalt?: boolean;
  readonly decodeLatent?: boolean;
  readonly signal?: AbortSignal;
  readonly onProgress?: (fraction: number) => void;
}

/** A test input ready to run: the engine's request, and the trace its steps go to. */
export interface PreparedSolve {
  readonly trace: Trace;
  readonly request: SolveRequest;
}

/** A solve run one update at a time, wherever its engine runs: what a debugger thread steps through. */
export interface SteppedSolve {
  readonly trace: Trace;
  /** runs the engine, yielding each step after the trace has stored and announced it */
  readonly steps: AsyncGenerator<Step>;
  /** full y and z right after record `index`, replayed from its supervision step's checkpoint */
  materialise(index: number): Promise<{ y: Float32Array; z: Float32Array }>;
}

export interface TaskSolve extends PreparedSolve, SteppedSolve {}

function ownIdentifier(bundle: Bundle, taskId: string, allowBlankId?: boolean): TraceHeader['identifier'] {
  const match = matchIdentifier(bundle, taskId);
  if (match.kind === 'known') return { index: match.index, name: match.name };
  if (!allowBlankId) throw new UnknownIdentifierError(taskId, bundle.manifest.name);
  return { index: 0, name: bundle.manifest.identifiers.names[0] };
}

/** The request and the empty trace of one test input, for a caller that runs the engine itself (a batch). */
export function prepareTaskSolve(bundle: Bundle, task: ArcTask, options: TaskSolveOptions): PreparedSolve {
  const pair = task.test[options.testIndex];
  if (!pair)
    throw new RangeError(
      `task ${task.id} has ${task.test.length} test input(s); there is no test ${options.testIndex}`,
    );
  const identifier = options.identifier ?? ownIdentifier(bundle, task.id, options.allowBlankId);
  const trace = new Trace(
    headerFor(
      bundle,
      { id: task.id, testIndex: options.testIndex, input: pair.input, target: pair.output ?? null },
      identifier,
    ),
  );
  const request: SolveRequest = {
    input: pair.input,
    target: pair.output ?? null,
    where: `$.test[${options.testIndex}].input`,
    puzzleId: identifier.index,
    stopAtHalt: options.stopAtHalt,
    decodeLatent: options.decodeLatent,
    signal: options.signal,
    onProgress: options.onProgress,
    onCheckpoint: (c) => trace.checkpoints.push(c),
  };
  return { trace, request };
}

export function startTaskSolve(bundle: Bundle, task: ArcTask, options: TaskSolveOptions): TaskSolve {
  const { trace, request } = prepareTaskSolve(bundle, task, options);
  async function* steps(): AsyncGenerator<Step> {
    for await (const step of solve(bundle, request)) {
      trace.add(step);
      yield step;
    }
  }
  function materialise(index: number): Promise<{ y: Float32Array; z: Float32Array }> {
    const checkpoint = trace.checkpointFor(index);
    if (!checkpoint || index >= trace.steps.length)
      throw new RangeError(`step ${index} has not run yet (the trace has ${trace.steps.length} steps)`);
    return replay(bundle, request, checkpoint, index);
  }
  return { trace, request, steps: steps(), materialise };
}
