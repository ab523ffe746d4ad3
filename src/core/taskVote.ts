// Augmentation voting on one test input of a task: the model runs once per puzzle identifier that names the
// task (the plain task id is the identity), each answer is mapped back to the original orientation and
// colours, and vote() ranks them, as TRM's evaluation does.
//
// Which prediction of an augmentation votes: pretrain.py's evaluate() calls the model until every sequence
// of the batch has halted, and outside training TinyRecursiveReasoningModel_ACTV1.forward
// (models/recursive_reasoning/trm.py) halts only at halt_max_steps (the q head decides halting in training
// only), so evaluators/arc.py's ARC.update_batch receives the preds and q_halt_logits of the last
// supervision step. Here too: every supervision step runs (never stopAtHalt), and the prediction is the
// answer and q_halt of the trace's last step.
//
// Public API
//   taskIdentifiers(names, taskId)              the rows naming the task, in table order, or why one cannot run
//   augmentationRuns(bundle, task, options)     runs them, `batchSize` at a time through the graphs (one batch
//                                               per graph call): yields each run (with its Trace) or skip
//   voteTask(bundle, task, options)             all runs, kept, and their vote
//   NoIdentifiersError                          the bundle has no identifier for the task

import type { ArcPair, ArcTask, Grid } from './arcTask';
import { applyAugmentation, AugmentationNameError, parseAugmentation, undoAugmentation } from './augmentation';
import type { Augmentation } from './augmentation';
import type { Bundle } from './bundle';
import { EncodingError, gridProblem } from './encoding';
import { solveBatch } from './engine';
import { prepareTaskSolve } from './taskSolve';
import type { Trace, TraceHeader } from './trace';
import { vote, type Candidate, type Prediction } from './vote';

export type Identifier = TraceHeader['identifier'];

export class NoIdentifiersError extends Error {
  override readonly name = 'NoIdentifiersError';
  constructor(
    readonly taskId: string,
    readonly modelName: string,
    bundleDir: string,
  ) {
    super(
      `task "${taskId}" has no puzzle identifiers in model ${modelName} (${bundleDir}): a vote runs the task under ` +
        `each identifier the model was trained on for it ("${taskId}", "${taskId}|||t<k>|||<colours>" ` +
        `or "${taskId}_t<k>_<colours>")`,
    );
  }
}

/** A row of the identifier table that names the task. */
export interface TaskIdentifier {
  readonly identifier: Identifier;
  /** null for the plain task id, the identity */
  readonly augmentation: Augmentation | null;
}

/** A row that names the task in a name that does not parse. */
export interface MalformedIdentifier {
  readonly identifier: Identifier;
  readonly reason: string;
}

/** A row that names the task but cannot run: a malformed augmentation, or a grid the canvas cannot take. */
export interface Skipped {
  readonly kind: 'skipped';
  /** the row's position among the task's identifiers, from 0 */
  readonly position: number;
  readonly identifier: Identifier;
  readonly reason: string;
}

export interface AugmentationRun {
  readonly kind: 'run';
  readonly position: number;
  readonly identifier: Identifier;
  readonly augmentation: Augmentation | null;
  /** the solve of the augmented input: its grids are in the augmented orientation and colours */
  readonly trace: Trace;
  /** the last step's answer, mapped back to the original puzzle, and its q_halt */
  readonly prediction: Prediction;
}

export type Outcome = AugmentationRun | Skipped;

export interface VoteOptions {
  readonly testIndex: number;
  /** the first `limit` of the task's identifiers, in table order; all when absent */
  readonly limit?: number;
  /** how many augmentations run together, as one batch through the graphs (default defaultBatchSize) */
  readonly batchSize?: number;
  readonly signal?: AbortSignal;
  /** the fraction of the vote's updates done, 0 to 1 */
  readonly onProgress?: (fraction: number) => void;
}

export interface TaskVote {
  readonly runs: readonly AugmentationRun[];
  readonly skipped: readonly Skipped[];
  /** vote() over the runs' predictions, in run order */
  readonly candidates: readonly Candidate[];
}

/**
 * The task's rows in table order, which is the evaluator's prediction order (the dataset builder numbers
 * identifiers as the puzzles appear, each task followed by its augmentations), and so its order for ties.
 */
export function taskIdentifiers(names: readonly string[], taskId: string): (TaskIdentifier | MalformedIdentifier)[] {
  const found: (TaskIdentifier | MalformedIdentifier)[] = [];
  names.forEach((name, index) => {
    const identifier = { index, name };
    try {
      const parsed = parseAugmentation(name);
      if (parsed.task === taskId) found.push({ identifier, augmentation: parsed.augmentation });
    } catch (error) {
      // A malformed name of another task is none of this vote's business; one of this task's is reported.
      if (!(error instanceof AugmentationNameError)) throw error;
      if (name.startsWith(`${taskId}|||`) || name.startsWith(`${taskId}_t`)) {
        found.push({ identifier, reason: error.message });
      }
    }
  });
  return found;
}

interface Planned {
  readonly kind: 'planned';
  readonly position: number;
  readonly identifier: Identifier;
  readonly augmentation: Augmentation | null;
  /** the test pair as this identifier's augmentation shows it to the model */
  readonly pair: ArcPair;
}

function augmentPair(pair: ArcPair, augmentation: Augmentation | null): ArcPair {
  if (!augmentation) return pair;
  const input = applyAugmentation(pair.input, augmentation);
  return pair.output ? { input, output: applyAugmentation(pair.output, augmentation) } : { input };
}

function pairProblem(bundle: Pick<Bundle, 'manifest'>, pair: ArcPair, where: string): string | null {
  const encoding = bundle.manifest.encoding;
  const input = gridProblem(pair.input, encoding, `${where}.input`);
  return input ?? (pair.output ? gridProblem(pair.output, encoding, `${where}.output`) : null);
}

/** A task's test input as one of its identifiers shows it to the model: what a vote's run solves. */
export interface AugmentedInput {
  /** the task with that test pair augmented (the other pairs as they are) */
  readonly task: ArcTask;
  readonly identifier: Identifier;
  readonly augmentation: Augmentation | null;
}

/**
 * The test input `testIndex` of `task` under the identifier `name` (one of the task's rows of the model's
 * table), as a vote runs it; an error that says why when the name is none of the task's, does not parse, or
 * the augmented grid does not fit the model.
 */
export function augmentedInput(
  bundle: Pick<Bundle, 'manifest'>,
  task: ArcTask,
  testIndex: number,
  name: string,
): AugmentedInput {
  const pair = task.test[testIndex];
  if (!pair)
    throw new RangeError(`task ${task.id} has ${task.test.length} test input(s); there is no test ${testIndex}`);
  const entry = taskIdentifiers(bundle.manifest.identifiers.names, task.id).find((e) => e.identifier.name === name);
  if (!entry)
    throw new RangeError(
      `model ${bundle.manifest.name} has no puzzle identifier ${JSON.stringify(name)} of task ${task.id}`,
    );
  if ('reason' in entry) throw new RangeError(entry.reason);
  const augmented = augmentPair(pair, entry.augmentation);
  const problem = pairProblem(bundle, augmented, `$.test[${testIndex}] augmented as ${name}`);
  if (problem) throw new EncodingError(problem);
  const test = task.test.map((p, i) => (i === testIndex ? augmented : p));
  return { task: { ...task, test }, identifier: entry.identifier, augmentation: entry.augmentation };
}

/** What will run and what is skipped, before anything runs, so that progress knows the whole. */
function plan(bundle: Bundle, task: ArcTask, options: VoteOptions): (Planned | Skipped)[] {
  const pair = task.test[options.testIndex];
  if (!pair) {
    throw new RangeError(
      `task ${task.id} has ${task.test.length} test input(s); there is no test ${options.testIndex}`,
    );
  }
  // The plain puzzle not fitting is the task's problem, as in a solve, not one augmentation's.
  const where = `$.test[${options.testIndex}]`;
  const problem = pairProblem(bundle, pair, where);
  if (problem) throw new EncodingError(problem);
  const found = taskIdentifiers(bundle.manifest.identifiers.names, task.id);
  if (found.length === 0) throw new NoIdentifiersError(task.id, bundle.manifest.name, bundle.dir);
  return found.slice(0, options.limit).map((entry, position): Planned | Skipped => {
    if ('reason' in entry) return { kind: 'skipped', position, identifier: entry.identifier, reason: entry.reason };
    const augmented = augmentPair(pair, entry.augmentation);
    const tooLarge = pairProblem(bundle, augmented, `${where} augmented as ${entry.identifier.name}`);
    if (tooLarge) return { kind: 'skipped', position, identifier: entry.identifier, reason: tooLarge };
    return {
      kind: 'planned',
      position,
      identifier: entry.identifier,
      augmentation: entry.augmentation,
      pair: augmented,
    };
  });
}

/** Most augmentations run together by default. */
const MAX_DEFAULT_BATCH = 8;
/** Floats of state a default batch holds at most: batching amortises the cost of a graph call, which
 * matters for small models; a full-size ARC row (916 x 512) alone is this big, and measured no faster in
 * batches on a CPU, so it runs alone. */
const DEFAULT_BATCH_FLOATS = 2 ** 19;

/** How many augmentations run together unless the caller says: as many as fit DEFAULT_BATCH_FLOATS, 1 to 8. */
export function defaultBatchSize(bundle: Bundle): number {
  const { puzzleEmbLen, seqLen, hiddenSize } = bundle.manifest.architecture;
  const row = (puzzleEmbLen + seqLen) * hiddenSize;
  return Math.max(1, Math.min(MAX_DEFAULT_BATCH, Math.floor(DEFAULT_BATCH_FLOATS / row)));
}

/** Runs the planned augmentations as one batch; returns their runs in the same order. */
async function runBatch(
  bundle: Bundle,
  task: ArcTask,
  batch: readonly Planned[],
  options: VoteOptions,
  onProgress: (fraction: number) => void,
): Promise<AugmentationRun[]> {
  const { testIndex, signal } = options;
  const solves = batch.map((planned) => {
    const test = task.test.map((pair, i) => (i === testIndex ? planned.pair : pair));
    return prepareTaskSolve(bundle, { ...task, test }, { testIndex, identifier: planned.identifier });
  });
  const rows = solves.map((solve) => solve.request);
  for await (const steps of solveBatch(bundle, rows, { signal, onProgress })) {
    steps.forEach((step, b) => solves[b].trace.add(step));
  }
  return batch.map((planned, b) => {
    const trace = solves[b].trace;
    const last = trace.steps[trace.steps.length - 1]!;
    const answer: Grid = planned.augmentation ? undoAugmentation(last.answer, planned.augmentation) : last.answer;
    return {
      kind: 'run',
      position: planned.position,
      identifier: planned.identifier,
      augmentation: planned.augmentation,
      trace,
      prediction: { augmentation: planned.identifier.name, answer, qHalt: last.qHalt },
    };
  });
}

/** The plan cut into windows of consecutive entries, each holding `size` planned runs (the last fewer). */
function windows(planned: readonly (Planned | Skipped)[], size: number): (Planned | Skipped)[][] {
  const out: (Planned | Skipped)[][] = [];
  let current: (Planned | Skipped)[] = [];
  let runs = 0;
  for (const entry of planned) {
    current.push(entry);
    if (entry.kind === 'planned' && ++runs === size) {
      out.push(current);
      current = [];
      runs = 0;
    }
  }
  if (current.length > 0) out.push(current);
  return out;
}

/**
 * Yields the outcome of each of the task's identifiers in table order, a batch at a time: a caller that
 * keeps only the predictions holds one batch of traces at a time (a full ARC trace is tens of MB, and a
 * vote may run 1000). Cancelling through `signal` throws CancelledError at the next update.
 */
export async function* augmentationRuns(bundle: Bundle, task: ArcTask, options: VoteOptions): AsyncGenerator<Outcome> {
  const size = options.batchSize ?? defaultBatchSize(bundle);
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`batch size ${size}: it must be an integer >= 1`);
  const planned = plan(bundle, task, options);
  const total = planned.filter((entry) => entry.kind === 'planned').length;
  let done = 0;
  for (const window of windows(planned, size)) {
    const batch = window.filter((entry): entry is Planned => entry.kind === 'planned');
    const runs =
      batch.length > 0
        ? await runBatch(bundle, task, batch, options, (f) => options.onProgress?.((done + f * batch.length) / total))
        : [];
    done += batch.length;
    let next = 0;
    for (const entry of window) yield entry.kind === 'skipped' ? entry : runs[next++];
  }
}

/** Every outcome, traces kept, and the vote over the predictions. */
export async function voteTask(bundle: Bundle, task: ArcTask, options: VoteOptions): Promise<TaskVote> {
  const runs: AugmentationRun[] = [];
  const skipped: Skipped[] = [];
  for await (const outcome of augmentationRuns(bundle, task, options)) {
    if (outcome.kind === 'run') runs.push(outcome);
    else skipped.push(outcome);
  }
  return { runs, skipped, candidates: vote(runs.map((run) => run.prediction)) };
}
