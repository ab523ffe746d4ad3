// Augmentation voting and pass@K, as TRM's evaluator does it (evaluators/arc.py, ARC.update_batch and
// ARC.result): the predictions for one test input, each already mapped back to the original puzzle, are
// grouped by identical grid; a candidate ranks by its vote count, then by the mean of sigmoid(q_halt) over
// its votes, both descending, and a full tie keeps the order in which the candidates were first predicted
// (Python's sorted is stable, also with reverse=True).
//
// Public API
//   interface Prediction { augmentation; answer; qHalt }   qHalt: the raw halting logit
//   interface Candidate { answer; count; meanHaltProbability; augmentations }
//   vote(predictions): Candidate[]              ranked, best first; predictions in evaluation order
//   haltProbability(qHalt)                      sigmoid, as the evaluator applies it (in float64)
//   solvedAt(candidates, target, k)             the target is among the first k candidates
//   scoreTask(tests, k)                         pass@k of one task: the fraction of its test inputs solved
//   scoreTasks(tasks, k)                        pass@k of a set of tasks: the mean of their scores
//   attempts(candidates)                        submission.json's attempt_1 and attempt_2

import type { Grid } from './arcTask';

export interface Prediction {
  /** The puzzle identifier the model ran under, e.g. `007bbfb7|||t3|||0213456789`. */
  readonly augmentation: string;
  /** The predicted output, in the original orientation and colours. */
  readonly answer: Grid;
  /** The raw q_halt logit. */
  readonly qHalt: number;
}

export interface Candidate {
  readonly answer: Grid;
  readonly count: number;
  /** Mean of sigmoid(qHalt) over the votes: the tie-break between equal counts. */
  readonly meanHaltProbability: number;
  /** The predictions' augmentations that voted for this answer, in prediction order. */
  readonly augmentations: readonly string[];
}

export function haltProbability(qHalt: number): number {
  return 1 / (1 + Math.exp(-qHalt));
}

export function vote(predictions: readonly Prediction[]): Candidate[] {
  const tallies = tally(predictions);
  // Divide once at the end, as the evaluator does, so equal sums give bit-equal means.
  const candidates = [...tallies.values()].map(({ answer, sum, augmentations }) => ({
    answer,
    count: augmentations.length,
    meanHaltProbability: sum / augmentations.length,
    augmentations,
  }));
  return candidates.sort(byRank);
}

interface Tally {
  readonly answer: Grid;
  sum: number;
  readonly augmentations: string[];
}

/** Tallies by answer; a Map keeps first-prediction order, as the evaluator's dict does. */
function tally(predictions: readonly Prediction[]): Map<string, Tally> {
  const tallies = new Map<string, Tally>();
  for (const prediction of predictions) {
    const { augmentation, answer, qHalt } = prediction;
    if (Number.isNaN(qHalt)) throw new RangeError(`prediction of ${augmentation}: q_halt is NaN, so it cannot rank`);
    const key = gridKey(answer, augmentation);
    const entry = tallies.get(key) ?? { answer, sum: 0, augmentations: [] };
    entry.sum += haltProbability(qHalt);
    entry.augmentations.push(augmentation);
    tallies.set(key, entry);
  }
  return tallies;
}

function byRank(a: Candidate, b: Candidate): number {
  return b.count - a.count || compareDescending(a.meanHaltProbability, b.meanHaltProbability);
}

function compareDescending(a: number, b: number): number {
  return a > b ? -1 : a < b ? 1 : 0;
}

/** Equal keys for equal grids (shape and cells), as the evaluator's grid_hash; checks what it asserts. */
function gridKey(grid: Grid, augmentation: string): string {
  const width = grid[0]?.length ?? 0;
  grid.forEach((row, r) => {
    if (row.length !== width) {
      throw new RangeError(`prediction of ${augmentation}: row ${r} has ${row.length} cells, row 0 has ${width}`);
    }
    const bad = row.findIndex((cell) => !(Number.isInteger(cell) && cell >= 0 && cell <= 9));
    if (bad >= 0) throw new RangeError(`prediction of ${augmentation}: cell [${r}][${bad}] is not a colour 0-9`);
  });
  return JSON.stringify(grid);
}

export function solvedAt(candidates: readonly Candidate[], target: Grid, k: number): boolean {
  const key = JSON.stringify(target);
  return candidates.slice(0, k).some((candidate) => JSON.stringify(candidate.answer) === key);
}

export interface TestVote {
  /** The ranked candidates for one test input; empty when nothing was predicted for it. */
  readonly candidates: readonly Candidate[];
  readonly target: Grid;
}

/** A test input without predictions counts as unsolved but still counts, as in the evaluator. */
export function scoreTask(tests: readonly TestVote[], k: number): number {
  if (tests.length === 0) throw new RangeError('a task has at least one test input');
  const solved = tests.filter((test) => solvedAt(test.candidates, test.target, k)).length;
  return solved / tests.length;
}

export function scoreTasks(tasks: readonly (readonly TestVote[])[], k: number): number {
  if (tasks.length === 0) throw new RangeError('no tasks to score');
  return tasks.reduce((sum, tests) => sum + scoreTask(tests, k), 0) / tasks.length;
}

/** The top two answers, the first repeated when only one was voted; undefined when none was. */
export function attempts(candidates: readonly Candidate[]): readonly [Grid, Grid] | undefined {
  const [first, second] = candidates;
  if (!first) return undefined;
  return [first.answer, (second ?? first).answer];
}
