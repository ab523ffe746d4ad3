// The throughput benchmark's tasks: a symmetry of a Sudoku task is still a Sudoku whose output solves its input.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { sudokuVariant } from './run-throughput.mjs';

const examples = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'examples', 'sudoku6');
const task = JSON.parse(fs.readFileSync(path.join(examples, fs.readdirSync(examples).sort()[0]), 'utf8'));

/** Rows, columns and 2x3 boxes of a solved 6x6 grid, each of which must hold the digits 1..6 once. */
const units = (g) => [
  ...g,
  ...g.map((_, c) => g.map((row) => row[c])),
  ...[0, 2, 4].flatMap((r) => [0, 3].map((c) => [...g[r].slice(c, c + 3), ...g[r + 1].slice(c, c + 3)])),
];

test('each variant keeps every pair a solved Sudoku whose givens its output keeps', () => {
  for (let seed = 1; seed <= 50; seed++) {
    const variant = sudokuVariant(task, seed);
    for (const { input, output } of [...variant.train, ...variant.test]) {
      for (const unit of units(output)) assert.deepEqual([...unit].sort(), [1, 2, 3, 4, 5, 6]);
      input.forEach((row, r) => row.forEach((v, c) => assert.ok(v === 0 || v === output[r][c])));
    }
  }
});

test('variants differ from the task and from each other, and a seed names one', () => {
  const inputs = new Set([1, 2, 3, 4, 5].map((seed) => JSON.stringify(sudokuVariant(task, seed).test[0].input)));
  assert.equal(inputs.size, 5);
  assert.ok(!inputs.has(JSON.stringify(task.test[0].input)));
  assert.deepEqual(sudokuVariant(task, 7), sudokuVariant(task, 7));
});
