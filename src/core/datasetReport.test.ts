import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Grid } from './arcTask';
import { ReportBuilder, reportCsv, summarise, type RunSummary } from './datasetReport';
import { Trace } from './trace';
import { stepOf, traceHeader } from './trace.fixtures';

const TARGET: Grid = [[1, 2]];

/** A trace of one answer per supervision step (two updates each), scored against TARGET. */
function traceOf(answers: readonly Grid[], qHalts: readonly number[], id = 't', target: Grid | null = TARGET): Trace {
  const header = traceHeader({ target });
  const trace = new Trace({ ...header, task: { ...header.task, id } });
  const firstFire = qHalts.findIndex((q) => q > 0);
  answers.forEach((answer, s) => {
    const right = answer[0].filter((v, i) => v === TARGET[0][i]).length;
    const scored = target ? { exact: right === 2, cellAccuracy: right / 2 } : { exact: null, cellAccuracy: null };
    trace.add(stepOf(2 * s, { answer: s === 0 ? [[0, 0]] : answers[s - 1] }));
    trace.add(stepOf(2 * s + 1, { answer, qHalt: qHalts[s], halts: s === firstFire, ...scored }));
  });
  return trace;
}

function summaryOf(answers: readonly Grid[], qHalts: readonly number[], identifier = 'a', id = 't'): RunSummary {
  const made = traceOf(answers, qHalts, id);
  const trace = Trace.fromFile({
    ...made.toFile(),
    header: { ...made.header, identifier: { index: 0, name: identifier } },
  });
  const last = answers[answers.length - 1];
  return summarise(
    trace,
    { augmentation: identifier, answer: last, qHalt: qHalts[qHalts.length - 1] },
    `${id}.trace.json`,
  );
}

// Right at step 2, wrong again at 3 (one cell turned wrong) where the halting rule first fires, right from 4.
const ANSWERS: Grid[] = [[[1, 1]], [[1, 2]], [[3, 2]], [[1, 2]]];
const Q_HALTS = [-3, -1, 2, 3];

test('a run summary gives the first-right, halting and stabilise steps and the cells turned wrong', () => {
  const summary = summaryOf(ANSWERS, Q_HALTS);
  assert.equal(summary.haltsAt, 3);
  assert.equal(summary.stableFrom, 4);
  assert.equal(summary.turnedWrong, 1);
  assert.deepEqual(
    summary.steps.map((s) => s.exact),
    [false, true, false, true],
  );
  const builder = new ReportBuilder();
  builder.add(summary, '.');
  const report = builder.build();
  assert.deepEqual(report.firstRight, [{ value: 2, count: 1 }]);
  assert.deepEqual(report.haltLag, [{ value: 1, count: 1 }]);
  assert.equal(report.exactAtHalt, 0, 'stopped at step 3, whose grid is wrong');
});

test('the refinement curve averages exact and cell accuracy per supervision step over the runs', () => {
  const builder = new ReportBuilder();
  builder.add(summaryOf(ANSWERS, Q_HALTS, 'a', 'x'), '.');
  builder.add(summaryOf([[[1, 2]], [[1, 2]], [[1, 2]], [[1, 2]]], [1, 1, 1, 1], 'a', 'y'), '.');
  const report = builder.build();
  assert.deepEqual(
    report.perStep.map((s) => [s.step, s.runs, s.exact, s.cellAccuracy]),
    [
      [1, 2, 0.5, 0.75],
      [2, 2, 1, 1],
      [3, 2, 0.5, 0.75],
      [4, 2, 1, 1],
    ],
  );
  assert.deepEqual(report.stableFrom, [
    { value: 1, count: 1 },
    { value: 4, count: 1 },
  ]);
  assert.deepEqual(report.turnedWrong, { cells: 1, runs: 1 });
});

test('halting calibration bins every (run, step) pair by sigmoid(q_halt) with the fraction exact', () => {
  const builder = new ReportBuilder();
  builder.add(summaryOf(ANSWERS, Q_HALTS), '.');
  const bins = builder.build().calibration;
  // sigmoid(-3) 0.047, sigmoid(-1) 0.269, sigmoid(2) 0.881, sigmoid(3) 0.953
  assert.deepEqual(
    bins.map((b) => b.pairs),
    [1, 0, 1, 0, 0, 0, 0, 0, 1, 1],
  );
  assert.deepEqual(
    bins.map((b) => b.exact),
    [0, 0, 1, 0, 0, 0, 0, 0, 0, 1],
  );
  assert.ok(Math.abs(bins[8].meanHaltProb - 1 / (1 + Math.exp(-2))) < 1e-12);
});

test('pass@K votes over the runs of a test input: the most voted answer first', () => {
  const builder = new ReportBuilder();
  builder.add(summaryOf([[[1, 2]]], [1], 'a'), '.');
  builder.add(summaryOf([[[3, 2]]], [0], 'b'), '.');
  builder.add(summaryOf([[[3, 2]]], [0], 'c'), '.');
  const report = builder.build();
  assert.equal(report.rows.length, 1);
  assert.equal(report.rows[0].runs, 3);
  assert.equal(report.passAt[1], 0);
  assert.equal(report.passAt[2], 1);
});

test("submission.json holds each test input's top two answers by test index, the first twice when alone", () => {
  const builder = new ReportBuilder();
  const test1 = (identifier: string, answer: Grid, q: number) => ({
    ...summaryOf([answer], [q], identifier, 'x'),
    test: 1,
  });
  builder.add(summaryOf([[[1, 2]]], [1], 'a', 'x'), '.');
  builder.add(test1('a', [[3, 3]], 0), '.');
  builder.add(test1('b', [[4, 4]], 0), '.');
  builder.add(test1('c', [[4, 4]], 0), '.');
  assert.deepEqual(builder.submission(), {
    submission: {
      x: [
        { attempt_1: [[1, 2]], attempt_2: [[1, 2]] },
        { attempt_1: [[4, 4]], attempt_2: [[3, 3]] },
      ],
    },
    leftOut: [],
  });
});

test('a task missing a test input (a run stopped part-way) is left out of submission.json and named', () => {
  const builder = new ReportBuilder();
  builder.add({ ...summaryOf([[[1, 2]]], [1], 'a', 'x'), test: 1 }, '.');
  builder.add(summaryOf([[[1, 2]]], [1], 'a', 'y'), '.');
  const { submission, leftOut } = builder.submission();
  assert.deepEqual(Object.keys(submission), ['y']);
  assert.deepEqual(leftOut, ['task x: test 0 has no run, so the task is left out']);
});

test('a run read twice (a shard run again) counts once, and merging in another order gives the same report', () => {
  const a = summaryOf(ANSWERS, Q_HALTS, 'a', 'x');
  const b = summaryOf([[[1, 2]], [[1, 2]], [[1, 2]], [[1, 2]]], [1, 1, 1, 1], 'a', 'y');
  const once = new ReportBuilder();
  [a, b].forEach((s) => once.add(s, '.'));
  const twice = new ReportBuilder();
  [b, a, b, a].forEach((s) => twice.add(s, '.'));
  assert.deepEqual(twice.build(), once.build());
});

test('the CSV quotes a task id holding a comma or a quote', () => {
  const builder = new ReportBuilder();
  builder.add(summaryOf(ANSWERS, Q_HALTS, 'a', 'odd,"id"'), '.');
  const line = reportCsv(builder.build()).split('\n')[1];
  assert.ok(line.startsWith('"odd,""id""",0,1,2,3,4,1,true,'), line);
});

test('a run without a target is counted but not scored', () => {
  const trace = traceOf([[[1, 2]]], [1], 'u', null);
  const builder = new ReportBuilder();
  builder.add(summarise(trace, { augmentation: 'a', answer: [[1, 2]], qHalt: 1 }, 'u.trace.json'), '.');
  const report = builder.build();
  assert.equal(report.runs, 1);
  assert.equal(report.scored, 0);
  assert.equal(report.passAt[1], null);
  assert.equal(report.rows[0].passAt1, null);
});
