import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DatasetReportFile } from '../../src/core/datasetReportShape';
import { ReportModel, type ReportChange } from './reportModel';

const report: DatasetReportFile = {
  title: 'runs/',
  runs: 2,
  tasks: 2,
  testInputs: 2,
  scored: 1,
  perStep: [
    { step: 1, runs: 1, exact: 0, cellAccuracy: 0.5 },
    { step: 2, runs: 1, exact: 1, cellAccuracy: 1 },
  ],
  firstRight: [{ value: 2, count: 1 }],
  haltsAt: [
    { value: 2, count: 1 },
    { value: null, count: 1 },
  ],
  haltLag: [{ value: 0, count: 1 }],
  stableFrom: [{ value: 2, count: 2 }],
  calibration: [{ from: 0, to: 0.1, pairs: 2, meanHaltProb: 0.05, exact: 0.5 }],
  turnedWrong: { cells: 3, runs: 1 },
  exactAtHalt: 1,
  passAt: { 1: 0.5, 2: null },
  rows: [
    {
      task: 'a<b>',
      test: 0,
      runs: 1,
      trace: 'a-t0.trace.json',
      folder: '.',
      firstRight: 2,
      haltsAt: 2,
      stableFrom: 2,
      turnedWrong: 3,
      finalExact: true,
      passAt1: true,
      passAt2: true,
    },
    {
      task: 'b',
      test: 1,
      runs: 1,
      trace: 'b-t1.trace.json',
      folder: '.',
      firstRight: null,
      haltsAt: null,
      stableFrom: 2,
      turnedWrong: 0,
      finalExact: null,
      passAt1: null,
      passAt2: null,
    },
  ],
};

const shown = () => {
  const model = new ReportModel();
  model.receive({ type: 'report/show', report, file: 'runs/report.json', source: { id: 'r1' } });
  return model;
};

test('before a report arrives the panel says what it is and shows no figures', () => {
  const model = new ReportModel();
  assert.equal(model.title(), 'Dataset report');
  assert.equal(model.summary(), null);
  assert.deepEqual(model.plots(), []);
  assert.deepEqual(model.tasks().rows, []);
  assert.equal(model.source, null);
});

test('a shown report gives its counts and headline figures as report.html words them', () => {
  const model = shown();
  assert.equal(model.title(), 'Report: runs/');
  assert.equal(model.fileLine(), 'from runs/report.json');
  assert.deepEqual(model.source, { id: 'r1' });
  const summary = model.summary()!;
  const cell = (name: string) => summary.rows[0]![summary.head.indexOf(name)];
  assert.equal(cell('runs'), '2');
  assert.equal(cell('scored'), '1');
  assert.equal(cell('exact at halt'), '100.0 %');
  assert.equal(cell('pass@1'), '50.0 %');
  assert.equal(cell('pass@2'), '-', 'not scored');
  assert.equal(cell('cells turned wrong'), '3 in 1 run(s)');
});

test('the plots come in reading order, each with its SVG, the curve and calibration with their tables', () => {
  const plots = shown().plots();
  assert.deepEqual(
    plots.map((p) => p.heading),
    [
      'Refinement curve',
      'First-right step',
      'Step where the halting rule first fires',
      'Halting step minus first-right step',
      'Steps to stabilise',
      'Halting calibration: sigmoid(q_halt) against exact',
    ],
  );
  assert.ok(plots.every((p) => p.svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')));
  assert.deepEqual(plots[0]!.table!.rows[1], ['2', '1', '100.0 %', '100.0 %']);
  assert.match(plots[2]!.svg, />never</, 'a run that never halts has its bar');
});

test("the task rows say what is unknown with a dash, and each row's title says it opens the trace", () => {
  const model = shown();
  const { head, rows } = model.tasks();
  assert.equal(head.length, rows[0]!.length);
  assert.deepEqual(rows[0], ['a<b>', '0', '1', '2', '2', '2', '3', 'yes', 'yes', 'yes']);
  assert.deepEqual(rows[1], ['b', '1', '1', '-', '-', '2', '0', '-', '-', '-']);
  assert.equal(model.rowTitle(1), 'Open the trace of b, test 1');
  assert.equal(model.rowTitle(5), '');
});

test('an error keeps the report shown and tells the view only the status changed', () => {
  const model = shown();
  const changes: ReportChange[] = [];
  model.onChange((c) => changes.push(c));
  model.receive({ type: 'report/error', message: 'the trace is gone' });
  assert.deepEqual(model.status, { kind: 'error', text: 'the trace is gone' });
  assert.equal(model.report, report);
  model.receive({ type: 'report/show', report, file: 'runs/report.json', source: { id: 'r2' } });
  assert.deepEqual(model.status, { kind: 'idle' });
  assert.deepEqual(changes, ['status', 'report']);
});
