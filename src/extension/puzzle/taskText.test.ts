import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { parseCombined, parseSolutions, parseTask } from '../../core/arcTask';
import { formatTaskJson, taskIdFromFileName } from './taskText';

// Tests compile to out/src/extension/puzzle/; the repo root is four folders up, the shared data beside it.
const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const EXAMPLES = path.join(ROOT, 'examples', 'arc');
const DATA = path.resolve(ROOT, '..', 'shared', 'data', 'arc-agi-1');
const noData = fs.existsSync(path.join(DATA, 'training_challenges.json'))
  ? false
  : `ARC-AGI-1 training data not found in ${DATA}`;

test('a task written out one row per line parses back to the same task (example files)', () => {
  const files = fs.readdirSync(EXAMPLES).filter((name) => name.endsWith('.arc.json'));
  assert.ok(files.length > 0);
  for (const name of files) {
    const parsed = parseTask(fs.readFileSync(path.join(EXAMPLES, name), 'utf8'), taskIdFromFileName(name));
    assert.ok(parsed.ok, name);
    const text = formatTaskJson(parsed.task);
    const again = parseTask(text, parsed.task.id);
    assert.ok(again.ok, name);
    assert.deepEqual(again.task, parsed.task, name);
    const rows = parsed.task.train
      .concat(parsed.task.test)
      .reduce((n, pair) => n + pair.input.length + (pair.output?.length ?? 0), 0);
    assert.equal(
      text.split('\n').filter((line) => /^\s*\[\d/.test(line)).length,
      rows,
      `${name}: one line per grid row`,
    );
  }
});

test(
  'every task of the combined training file, with its solutions, round-trips through the text the viewer opens',
  { skip: noData },
  () => {
    const combined = parseCombined(fs.readFileSync(path.join(DATA, 'training_challenges.json'), 'utf8'));
    const solutions = parseSolutions(fs.readFileSync(path.join(DATA, 'training_solutions.json'), 'utf8'));
    assert.ok(combined.ok && solutions.ok);
    assert.equal(combined.ids.length, 400);
    for (const id of combined.ids) {
      const task = combined.task(id, solutions.solutions);
      assert.ok(task.ok, id);
      assert.ok(
        task.task.test.every((pair) => pair.output),
        `${id}: test outputs filled in`,
      );
      const again = parseTask(formatTaskJson(task.task), id);
      assert.ok(again.ok, id);
      assert.deepEqual(again.task, task.task, id);
    }
  },
);

test('a task with no test output is written without an "output" key', () => {
  const text = formatTaskJson({ id: 'x', train: [{ input: [[1]], output: [[2]] }], test: [{ input: [[3, 4]] }] });
  const expected = [
    '{',
    '  "train": [',
    '    {',
    '      "input": [',
    '        [1]',
    '      ],',
    '      "output": [',
    '        [2]',
    '      ]',
    '    }',
    '  ],',
    '  "test": [',
    '    {',
    '      "input": [',
    '        [3, 4]',
    '      ]',
    '    }',
    '  ]',
    '}',
    '',
  ].join('\n');
  assert.equal(text, expected);
});

test('task ids come from file names', () => {
  assert.equal(taskIdFromFileName('/a/b/007bbfb7.arc.json'), '007bbfb7');
  assert.equal(taskIdFromFileName('C:\\tasks\\x.ARC.JSON'), 'x');
  assert.equal(taskIdFromFileName('plain.json'), 'plain');
});
