// A dataset run's report: each trace reduced to a small summary as it is written, and the summaries of one
// or more run folders (shards) merged into the figures a researcher asks of a whole evaluation set.

import type { Grid } from './arcTask';
import { turnedWrong } from './cellHistory';
import type { DatasetReport, Histogram, TaskRow } from './datasetReportShape';
import type { Step } from './step';
import type { Trace } from './trace';
import { attempts, haltProbability, solvedAt, vote, type Prediction } from './vote';

/** One supervision step of a run, as its last answer update left it. */
export interface StepSummary {
  readonly exact: boolean | null;
  readonly cellAccuracy: number | null;
  /** sigmoid(q_halt) after the step */
  readonly haltProb: number;
}

/** One run (a test input, under one puzzle identifier) in a few hundred bytes, written beside its trace. */
export interface RunSummary {
  readonly task: string;
  readonly test: number;
  readonly identifier: string;
  /** the trace's file name, in the same folder as the summary */
  readonly trace: string;
  readonly steps: readonly StepSummary[];
  /** supervision step (from 1) where the halting rule first fires, or null */
  readonly haltsAt: number | null;
  /** the last step's answer in the original puzzle's orientation and colours, and its q_halt: the vote's input */
  readonly prediction: Prediction;
  readonly target: Grid | null;
  /** first supervision step (from 1) from which the answer never changes again */
  readonly stableFrom: number;
  /** cells that were right after one step and wrong after the next, summed over the steps */
  readonly turnedWrong: number;
}

/** The answer update that ends each supervision step, in order. */
export function stepEnds(trace: Trace): Step[] {
  const lastCycle = trace.header.model.schedule.hCycles - 1;
  return trace.steps.filter((s) => s.kind === 'answer' && s.hCycle === lastCycle);
}

const sameGrid = (a: Grid, b: Grid) => JSON.stringify(a) === JSON.stringify(b);

export function summarise(trace: Trace, prediction: Prediction, traceName: string): RunSummary {
  const ends = stepEnds(trace);
  if (ends.length === 0) throw new RangeError(`${traceName}: the trace has no completed supervision step`);
  const target = trace.header.task.target;
  let stable = ends.length;
  while (stable > 1 && sameGrid(ends[stable - 2].answer, ends[ends.length - 1].answer)) stable--;
  let wrong = 0;
  if (target)
    for (let i = 1; i < ends.length; i++) wrong += turnedWrong(ends[i - 1].answer, ends[i].answer, target).length;
  const firesAt = trace.haltRuleFiresAt;
  return {
    task: trace.header.task.id,
    test: trace.header.task.testIndex,
    identifier: trace.header.identifier.name,
    trace: traceName,
    steps: ends.map((s) => ({ exact: s.exact, cellAccuracy: s.cellAccuracy, haltProb: haltProbability(s.qHalt) })),
    haltsAt: firesAt === null ? null : firesAt + 1,
    prediction,
    target,
    stableFrom: stable,
    turnedWrong: wrong,
  };
}

/** First supervision step (from 1) whose answer is exactly right, or null. */
export function firstRight(summary: RunSummary): number | null {
  const i = summary.steps.findIndex((s) => s.exact === true);
  return i < 0 ? null : i + 1;
}

export const CALIBRATION_BINS = 10;

function histogram(values: Iterable<number | null>): Histogram {
  const counts = new Map<number | null, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  const order = (v: number | null) => (v === null ? Infinity : v);
  return [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => order(a.value) - order(b.value));
}

interface Group {
  readonly folder: string;
  readonly first: RunSummary;
  /** by the run's identifier, in the order first seen: the vote's order for ties */
  readonly predictions: Map<string, Prediction>;
}

/** submission.json in the public format: per task, each test input's top two answers, by test index. */
export type Submission = Record<string, { readonly attempt_1: Grid; readonly attempt_2: Grid }[]>;

/** A run folder's submission, and the tasks left out of it because a test input has no run, as sentences. */
export interface MergedSubmission {
  readonly submission: Submission;
  readonly leftOut: readonly string[];
}

/**
 * Merges summaries one at a time, keeping per-step sums and one small group per test input (the vote's
 * predictions), so memory grows with the number of test inputs and not with the size of their traces.
 * A run seen twice (a shard run again) counts once: the later summary wins.
 */
export class ReportBuilder {
  private readonly perStep: { runs: number; exact: number; cells: number }[] = [];
  private readonly bins = Array.from({ length: CALIBRATION_BINS }, () => ({ pairs: 0, prob: 0, exact: 0 }));
  private readonly groups = new Map<string, Group>();
  private readonly seen = new Map<string, RunSummary>();

  add(summary: RunSummary, folder: string): void {
    const runKey = JSON.stringify([summary.task, summary.test, summary.identifier]);
    if (this.seen.has(runKey)) this.count(this.seen.get(runKey)!, -1);
    this.seen.set(runKey, summary);
    this.count(summary, 1);
    const key = JSON.stringify([summary.task, summary.test]);
    const group = this.groups.get(key) ?? { folder, first: summary, predictions: new Map() };
    group.predictions.set(summary.identifier, summary.prediction);
    this.groups.set(key, group);
  }

  private count(summary: RunSummary, sign: 1 | -1): void {
    summary.steps.forEach((s, i) => {
      if (s.exact === null) return;
      const figures = (this.perStep[i] ??= { runs: 0, exact: 0, cells: 0 });
      figures.runs += sign;
      figures.exact += sign * Number(s.exact);
      figures.cells += sign * (s.cellAccuracy ?? 0);
      const bin = this.bins[Math.min(CALIBRATION_BINS - 1, Math.floor(s.haltProb * CALIBRATION_BINS))];
      bin.pairs += sign;
      bin.prob += sign * s.haltProb;
      bin.exact += sign * Number(s.exact);
    });
  }

  /**
   * The vote's top two answers of every test input, per task in id order. A task whose test inputs are not
   * 0..n-1 (a run stopped part-way) is left out: the public format lists them by position.
   */
  submission(): MergedSubmission {
    const byTask = new Map<string, Map<number, readonly [Grid, Grid]>>();
    for (const { first, predictions } of this.groups.values()) {
      const top = attempts(vote([...predictions.values()]));
      if (top) byTask.set(first.task, (byTask.get(first.task) ?? new Map()).set(first.test, top));
    }
    const submission: Submission = {};
    const leftOut: string[] = [];
    for (const task of [...byTask.keys()].sort()) {
      const tests = byTask.get(task)!;
      const missing = [...Array(Math.max(...tests.keys()) + 1).keys()].filter((t) => !tests.has(t));
      if (missing.length) {
        leftOut.push(`task ${task}: test ${missing.join(', ')} has no run, so the task is left out`);
        continue;
      }
      submission[task] = [...tests.keys()]
        .sort((a, b) => a - b)
        .map((t) => {
          const [attempt_1, attempt_2] = tests.get(t)!;
          return { attempt_1, attempt_2 };
        });
    }
    return { submission, leftOut };
  }

  build(): DatasetReport {
    const runs = [...this.seen.values()];
    const scoredRuns = runs.filter((r) => r.target !== null);
    const rows = [...this.groups.values()].map((g) => row(g, this.seen)).sort(byTaskAndTest);
    const byTask = new Map<string, TaskRow[]>();
    for (const r of rows) byTask.set(r.task, [...(byTask.get(r.task) ?? []), r]);
    const passAt = (k: 1 | 2) => {
      const scored = [...byTask.values()].filter((tests) => tests.every((t) => t.passAt1 !== null));
      if (scored.length === 0) return null;
      const key = k === 1 ? 'passAt1' : 'passAt2';
      return scored.reduce((sum, tests) => sum + tests.filter((t) => t[key]).length / tests.length, 0) / scored.length;
    };
    const atHalt = scoredRuns.map((r) => r.steps[(r.haltsAt ?? r.steps.length) - 1].exact === true);
    return {
      runs: runs.length,
      tasks: byTask.size,
      testInputs: rows.length,
      scored: scoredRuns.length,
      perStep: this.perStep.map((f, i) => ({
        step: i + 1,
        runs: f.runs,
        exact: f.runs ? f.exact / f.runs : 0,
        cellAccuracy: f.runs ? f.cells / f.runs : 0,
      })),
      firstRight: histogram(scoredRuns.map(firstRight)),
      haltsAt: histogram(runs.map((r) => r.haltsAt)),
      haltLag: histogram(
        scoredRuns.flatMap((r) => {
          const right = firstRight(r);
          return right !== null && r.haltsAt !== null ? [r.haltsAt - right] : [];
        }),
      ),
      stableFrom: histogram(runs.map((r) => r.stableFrom)),
      calibration: this.bins.map((b, i) => ({
        from: i / CALIBRATION_BINS,
        to: (i + 1) / CALIBRATION_BINS,
        pairs: b.pairs,
        meanHaltProb: b.pairs ? b.prob / b.pairs : 0,
        exact: b.pairs ? b.exact / b.pairs : 0,
      })),
      turnedWrong: {
        cells: scoredRuns.reduce((sum, r) => sum + r.turnedWrong, 0),
        runs: scoredRuns.filter((r) => r.turnedWrong > 0).length,
      },
      exactAtHalt: atHalt.length ? atHalt.filter(Boolean).length / atHalt.length : null,
      passAt: { 1: passAt(1), 2: passAt(2) },
      rows,
    };
  }
}

/** Task id, then test index: the order of the rows whatever the order the shards were read in. */
const byTaskAndTest = (a: TaskRow, b: TaskRow) => (a.task < b.task ? -1 : a.task > b.task ? 1 : a.test - b.test);

function row(group: Group, seen: ReadonlyMap<string, RunSummary>): TaskRow {
  const first = seen.get(JSON.stringify([group.first.task, group.first.test, group.first.identifier]))!;
  const target = first.target;
  const candidates = vote([...group.predictions.values()]);
  const last = first.steps[first.steps.length - 1];
  return {
    task: first.task,
    test: first.test,
    runs: group.predictions.size,
    trace: first.trace,
    folder: group.folder,
    firstRight: firstRight(first),
    haltsAt: first.haltsAt,
    stableFrom: first.stableFrom,
    turnedWrong: first.turnedWrong,
    finalExact: last.exact,
    passAt1: target ? solvedAt(candidates, target, 1) : null,
    passAt2: target ? solvedAt(candidates, target, 2) : null,
  };
}

const CSV_HEAD = [
  'task',
  'test',
  'runs',
  'firstRight',
  'haltsAt',
  'stableFrom',
  'turnedWrong',
  'finalExact',
  'passAt1',
  'passAt2',
  'trace',
] as const;

/** A CSV field: quoted when it holds a comma, a quote or a line break (task ids come from files). */
function csvField(v: unknown): string {
  const text = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One line per test input. */
export function reportCsv(report: DatasetReport): string {
  const lines = report.rows.map((r) =>
    CSV_HEAD.map((k) => csvField(k === 'trace' ? `${r.folder}/${r.trace}` : r[k])).join(','),
  );
  return [CSV_HEAD.join(','), ...lines].join('\n') + '\n';
}
