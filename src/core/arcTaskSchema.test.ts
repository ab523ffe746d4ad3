// The JSON Schema the extension contributes for *.arc.json must agree with parseTask: the text editor's
// squiggles and the viewer's Problems panel should never contradict each other.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import Ajv from 'ajv';
import fc from 'fast-check';
import { parseTask } from './arcTask';
import { MALFORMED } from './arcTask.fixtures';

const REPO = path.resolve(__dirname, '..', '..', '..');
const SCHEMA = path.join(REPO, 'schemas', 'arc-task.schema.json');
const CHALLENGES = path.resolve(REPO, '..', 'shared', 'data', 'arc-agi-1', 'training_challenges.json');
const noData = fs.existsSync(CHALLENGES) ? false : `ARC-AGI-1 training data not found at ${CHALLENGES}`;

const validate = new Ajv({ allErrors: true, strict: true }).compile(JSON.parse(fs.readFileSync(SCHEMA, 'utf8')));

function schemaAccepts(text: string): boolean {
  return validate(JSON.parse(text)) === true;
}

test('the schema accepts all 400 training tasks', { skip: noData }, () => {
  const tasks = JSON.parse(fs.readFileSync(CHALLENGES, 'utf8')) as Record<string, unknown>;
  assert.equal(Object.keys(tasks).length, 400);
  for (const [id, task] of Object.entries(tasks))
    assert.ok(validate(task), `${id}: ${JSON.stringify(validate.errors)}`);
});

for (const bad of MALFORMED.filter((c) => c.schemaSees)) {
  test(`the schema rejects what the parser rejects: ${bad.name}`, () => {
    assert.equal(parseTask(bad.text, 't').ok, false);
    assert.equal(schemaAccepts(bad.text), false, JSON.stringify(validate.errors));
  });
}

test('the schema accepts a task with an empty or missing "train", as the parser does', () => {
  for (const text of ['{"train": [], "test": [{"input": [[1]]}]}', '{"test": [{"input": [[1]]}]}']) {
    assert.equal(parseTask(text, 't').ok, true);
    assert.equal(schemaAccepts(text), true, JSON.stringify(validate.errors));
  }
});

test('ragged rows are the one shape problem the schema cannot see, and the parser does', () => {
  const ragged = MALFORMED.find((c) => c.name === 'ragged rows')!;
  assert.equal(schemaAccepts(ragged.text), true);
  assert.equal(parseTask(ragged.text, 't').ok, false);
});

test('property: on generated tasks with any cell replaced by any JSON value, schema and parser agree', () => {
  const cellArb = fc.oneof(
    fc.integer({ min: -3, max: 12 }),
    fc.double(),
    fc.string({ maxLength: 3 }),
    fc.constant(null),
    fc.boolean(),
  );
  const gridArb = fc
    .record({ rows: fc.integer({ min: 1, max: 31 }), columns: fc.integer({ min: 1, max: 31 }) })
    .chain(({ rows, columns }) =>
      fc.array(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: columns, maxLength: columns }), {
        minLength: rows,
        maxLength: rows,
      }),
    );
  fc.assert(
    fc.property(
      gridArb,
      gridArb,
      fc.option(cellArb, { nil: undefined }),
      fc.nat(),
      (input, output, replacement, at) => {
        if (replacement !== undefined) {
          const row = input[at % input.length]! as unknown[];
          row[at % row.length] = replacement;
        }
        const text = JSON.stringify({ train: [{ input, output }], test: [{ input: output }] });
        assert.equal(schemaAccepts(text), parseTask(text, 't').ok, text.slice(0, 200));
      },
    ),
    { numRuns: 300 },
  );
});
