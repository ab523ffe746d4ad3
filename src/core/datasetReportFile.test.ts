import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { ReportBuilder, type RunSummary } from './datasetReport';
import { readDatasetReport, ReportFormatError, rowTracePath } from './datasetReportFile';

/** A run of two supervision steps: wrong, then right (or unscored without a target). */
function run(task: string, scored = true): RunSummary {
  const step = (exact: boolean, haltProb: number) =>
    scored ? { exact, cellAccuracy: exact ? 1 : 0.5, haltProb } : { exact: null, cellAccuracy: null, haltProb };
  return {
    task,
    test: 0,
    identifier: task,
    trace: `${task}-t0.trace.json`,
    steps: [step(false, 0.2), step(true, 0.9)],
    haltsAt: 2,
    prediction: { augmentation: task, answer: [[1, 2]], qHalt: 2 },
    target: scored ? [[1, 2]] : null,
    stableFrom: 2,
    turnedWrong: 0,
  };
}

/** report.json as `trm-lens report` writes it. */
function reportText(): string {
  const builder = new ReportBuilder();
  builder.add(run('a'), '.');
  builder.add(run('b', false), 'shard2');
  return JSON.stringify({ title: 'runs', ...builder.build() }, null, 1) + '\n';
}

const edited = (edit: (json: Record<string, unknown>) => void) => {
  const json = JSON.parse(reportText()) as Record<string, unknown>;
  edit(json);
  return JSON.stringify(json);
};

const refused = (text: string, message: RegExp) =>
  assert.throws(
    () => readDatasetReport(text, 'runs/report.json'),
    (e: unknown) => {
      assert.ok(e instanceof ReportFormatError, String(e));
      assert.match(e.message, message);
      return true;
    },
  );

test('a report the CLI wrote reads back as it was written', () => {
  const text = reportText();
  const report = readDatasetReport(text, 'report.json');
  assert.deepEqual(report, JSON.parse(text));
  assert.equal(report.rows[1]!.passAt1, null, 'the unscored run has no pass@1');
  assert.equal(report.passAt[1], 1);
});

test('text that is not JSON is refused with the file, line and column', () => {
  refused('{\n "runs": 1,\n}', /^runs\/report\.json:2:11: invalid JSON: trailing comma is not allowed$/);
  refused('', /^runs\/report\.json:1:1: invalid JSON/);
});

test('a field of the wrong kind is refused with its JSON path and the value found', () => {
  refused('[]', /^runs\/report\.json: \$: expected an object$/);
  refused(
    edited((j) => ((j.rows as Record<string, unknown>[])[1]!.passAt1 = 'yes')),
    /^runs\/report\.json: \$\.rows\[1\]\.passAt1: expected true, false or null$/,
  );
  refused(
    edited((j) => ((j.perStep as Record<string, unknown>[])[0]!.exact = 1.5)),
    /: \$\.perStep\[0\]\.exact: expected a fraction from 0 to 1, got 1\.5$/,
  );
  refused(
    edited((j) => delete j.rows),
    /: \$\.rows: expected a list of task rows$/,
  );
  refused(
    edited((j) => ((j.passAt as Record<string, unknown>)[2] = 'NaN')),
    /: \$\.passAt\["2"\]: expected a number, got "NaN"$/,
  );
  refused(
    edited((j) => ((j.haltsAt as Record<string, unknown>[])[0]!.value = 0)),
    /: \$\.haltsAt\[0\]\.value: expected an integer >= 1, got 0$/,
  );
});

test('a halting lag may be negative: the model halted before it was right', () => {
  const report = readDatasetReport(
    edited((j) => (j.haltLag = [{ value: -2, count: 1 }])),
    'report.json',
  );
  assert.deepEqual(report.haltLag, [{ value: -2, count: 1 }]);
});

test("a row's trace resolves inside the report's folder", () => {
  const dir = path.resolve('runs');
  assert.deepEqual(rowTracePath(dir, { folder: '.', trace: 'a-t0.trace.json' }), {
    ok: true,
    file: path.join(dir, 'a-t0.trace.json'),
  });
  assert.deepEqual(rowTracePath(dir, { folder: 'shard2', trace: 'b-t0.trace.json' }), {
    ok: true,
    file: path.join(dir, 'shard2', 'b-t0.trace.json'),
  });
});

test("a trace outside the report's folder, by .. or an absolute path, is refused with why", () => {
  const dir = path.resolve('runs');
  for (const row of [
    { folder: '../shard1', trace: 'a-t0.trace.json' },
    { folder: '.', trace: '../../etc/passwd' },
    { folder: path.resolve('elsewhere'), trace: 'a-t0.trace.json' },
    { folder: '.', trace: path.resolve('runs', 'a-t0.trace.json') },
    { folder: 'shard2', trace: '..' },
  ]) {
    const resolved = rowTracePath(dir, row);
    assert.equal(resolved.ok, false, JSON.stringify(row));
    assert.match(!resolved.ok ? resolved.message : '', /outside the report's folder .* only inside its own folder/);
  }
});
