import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import Ajv from 'ajv';
import { openBundle } from './bundle';
import { startTaskSolve } from './taskSolve';
import { exportJson, importTrace, TraceFormatError } from './trace';

const root = path.resolve(__dirname, '../../..');
const schema = JSON.parse(fs.readFileSync(path.join(root, 'schemas', 'trace.schema.json'), 'utf8'));

async function recordedTrace(): Promise<string> {
  const bundle = await openBundle(path.join(root, 'models', 'sudoku6-tiny'));
  try {
    const json = JSON.parse(fs.readFileSync(path.join(root, 'examples', 'sudoku6', 'sudoku6-004.arc.json'), 'utf8'));
    const run = startTaskSolve(bundle, { id: 'sudoku6-004', train: json.train, test: json.test }, { testIndex: 0 });
    for await (const _ of run.steps);
    return exportJson(run.trace);
  } finally {
    await bundle.release();
  }
}

test('an exported trace satisfies the published JSON Schema and imports again', async () => {
  const text = await recordedTrace();
  const validate = new Ajv({ allErrors: true }).compile(schema);
  assert.ok(validate(JSON.parse(text)), JSON.stringify(validate.errors?.slice(0, 3)));
  assert.equal(importTrace(text, 'x.trace.json').steps.length, JSON.parse(text).steps.length);
});

test('a file that is not a trace is refused with the file and JSON path at fault', async () => {
  const good = JSON.parse(await recordedTrace());
  const cases: [unknown, RegExp][] = [
    ['{', /^bad\.trace\.json: \$: not valid JSON/],
    [{ ...good, formatVersion: 9 }, /\$\.formatVersion: this TRM Lens reads trace format version 1, got 9/],
    [{ ...good, steps: good.steps.map((s: Record<string, unknown>, i: number) => (i === 3 ? { ...s, kind: 'jump' } : s)) }, /\$\.steps\[3\]\.kind: expected "latent" or "answer"/],
    [{ ...good, steps: good.steps.map((s: Record<string, unknown>, i: number) => (i === 2 ? { ...s, answer: [[1, 2], [3]] } : s)) }, /\$\.steps\[2\]\.answer\[1\]: expected a row of 2 integers/],
    [{ ...good, header: { ...good.header, task: { ...good.header.task, input: 'grid' } } }, /\$\.header\.task\.input: expected a non-empty grid/],
  ];
  for (const [value, message] of cases) {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    assert.throws(() => importTrace(text, 'bad.trace.json'), (e: Error) => e instanceof TraceFormatError && message.test(e.message));
  }
});
