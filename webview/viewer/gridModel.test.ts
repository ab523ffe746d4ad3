import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { ArcTask, Grid } from '../../src/core/arcTask';
import {
  CELL_SIZES,
  cellDescription,
  DEFAULT_CELL_SIZE,
  demonstrationCount,
  fittedCellSize,
  gridShape,
  pairViews,
  sizeLabel,
  zoomed,
} from './gridModel';

test('a grid is described by rows then columns, and cells by their 0-based indices as in JSON paths', () => {
  const grid: Grid = [
    [0, 1, 2],
    [3, 4, 5],
  ];
  assert.deepEqual(gridShape(grid), { rows: 2, cols: 3 });
  assert.equal(sizeLabel(grid), '2×3');
  assert.equal(cellDescription(1, 2, 5), 'row 2, column 3: 5 (grey)');
  assert.equal(cellDescription(0, 0, 8), 'row 1, column 1: 8 (light blue)', 'counted from 1, as in the panel');
  assert.equal(cellDescription(0, 0, 8, 'digits'), 'row 1, column 1: 8', 'digits name no colour');
  assert.equal(cellDescription(2, 3, 0, 'digits'), 'row 3, column 4: 0 (blank)');
  assert.equal(cellDescription(0, 1, 0, 'maze'), 'row 1, column 2: 0 (wall)');
  assert.equal(cellDescription(4, 4, 2, 'maze'), 'row 5, column 5: 2 (start)');
});

test('zoom steps through the cell sizes, stops at both ends and resets to the default', () => {
  assert.equal(zoomed(DEFAULT_CELL_SIZE, 'reset'), DEFAULT_CELL_SIZE);
  const max = CELL_SIZES[CELL_SIZES.length - 1];
  const min = CELL_SIZES[0];
  assert.equal(zoomed(max, 'in'), max);
  assert.equal(zoomed(min, 'out'), min);
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 100 }), (size) => {
      const bigger = zoomed(size, 'in');
      const smaller = zoomed(size, 'out');
      assert.ok(
        CELL_SIZES.includes(bigger as (typeof CELL_SIZES)[number]) &&
          CELL_SIZES.includes(smaller as (typeof CELL_SIZES)[number]),
      );
      if (size < max) assert.ok(bigger > size);
      if (size > min) assert.ok(smaller < size);
    }),
  );
  // In and out are inverse on the ladder.
  for (const size of CELL_SIZES.slice(1, -1)) assert.equal(zoomed(zoomed(size, 'in'), 'out'), size);
});

test('a task lays out as its train pairs then its test inputs, keeping unknown test outputs absent', () => {
  const g = (v: number): Grid => [[v]];
  const task: ArcTask = {
    id: 't',
    train: [
      { input: g(1), output: g(2) },
      { input: g(3), output: g(4) },
    ],
    test: [{ input: g(5) }, { input: g(6), output: g(7) }],
  };
  const views = pairViews(task);
  assert.deepEqual(
    views.map((v) => [v.id, v.role, v.heading, v.input[0]![0], v.output?.[0]![0]]),
    [
      ['train-0', 'train', 'Train 1', 1, 2],
      ['train-1', 'train', 'Train 2', 3, 4],
      ['test-0', 'test', 'Test 1', 5, undefined],
      ['test-1', 'test', 'Test 2', 6, 7],
    ],
  );
});

test('a puzzle without demonstrations lays out as its test inputs alone, and is counted in words', () => {
  const task: ArcTask = { id: 'sudoku', train: [], test: [{ input: [[0, 1]], output: [[2, 1]] }] };
  assert.deepEqual(
    pairViews(task).map((v) => v.id),
    ['test-0'],
  );
  assert.equal(demonstrationCount(0), 'no demonstration pairs');
  assert.equal(demonstrationCount(1), '1 train pair');
  assert.equal(demonstrationCount(3), '3 train pairs');
});

test('fit to window picks the largest ladder size at which the widest pair and the tallest grid fit', () => {
  const square = (n: number) => Array.from({ length: n }, () => Array.from({ length: n }, () => 1));
  const task = { id: 't', train: [{ input: square(30), output: square(30) }], test: [{ input: square(10) }] };
  const pairs = pairViews(task);
  const size = fittedCellSize(pairs, 1200, 800);
  assert.ok(CELL_SIZES.includes(size as (typeof CELL_SIZES)[number]));
  assert.ok(size * 60 <= 1200 && size * 30 <= 800, `${size}px cells fit 60 columns and 30 rows`);
  const larger = CELL_SIZES.find((s) => s > size)!;
  assert.ok(larger * 60 + 120 > 1200 || larger * 30 + 150 > 800, 'the next size up would not fit');
  assert.ok(fittedCellSize(pairViews({ ...task, train: [] }), 1200, 800) > size, 'a smaller task fits larger');
  assert.equal(fittedCellSize(pairs, 100, 100), CELL_SIZES[0], 'a tiny window gets the smallest size');
});
