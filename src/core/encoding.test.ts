import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Encoding } from './bundle';
import { decodeTokens, encodeGrid, EncodingError } from './encoding';

const arc: Encoding = {
  layout: 'arc-eos',
  height: 30,
  width: 30,
  padToken: 0,
  eosToken: 1,
  valueOffset: 2,
  numValues: 10,
  palette: 'arc',
  cellLabels: null,
};
const sudoku6: Encoding = {
  layout: 'fixed',
  height: 6,
  width: 6,
  padToken: 0,
  eosToken: null,
  valueOffset: 1,
  numValues: 7,
  palette: 'digits',
  cellLabels: null,
};

const grid = (maxSide: number, values: number) =>
  fc.integer({ min: 1, max: maxSide }).chain((w) =>
    fc.array(fc.array(fc.integer({ min: 0, max: values - 1 }), { minLength: w, maxLength: w }), {
      minLength: 1,
      maxLength: maxSide,
    }),
  );

test('any ARC grid up to 30x30 round-trips through the EOS layout and the evaluator-style crop', () => {
  fc.assert(
    fc.property(grid(30, 10), (g) => {
      const tokens = Array.from(encodeGrid(g, arc, '$'), Number);
      assert.deepEqual(decodeTokens(tokens, arc), g);
    }),
  );
});

test('the EOS layout marks the row under and the column right of the grid, and leaves PAD elsewhere', () => {
  const tokens = Array.from(encodeGrid([[3, 4]], arc, '$'), Number);
  assert.deepEqual(tokens.slice(0, 3), [5, 6, 1]);
  assert.deepEqual(tokens.slice(30, 33), [1, 1, 0]);
  assert.equal(tokens.filter((t) => t !== 0).length, 5);
});

test('a fixed-layout model refuses a grid of another size, naming the JSON path', () => {
  assert.throws(
    () =>
      encodeGrid(
        [
          [1, 2],
          [3, 4],
        ],
        sudoku6,
        '$.test[0].input',
      ),
    (e: Error) =>
      e instanceof EncodingError &&
      e.message === '$.test[0].input: the grid is 2x2; this model takes grids of exactly 6x6',
  );
  const sixBySix = Array.from({ length: 6 }, () => [0, 0, 0, 0, 0, 9]);
  assert.throws(() => encodeGrid(sixBySix, sudoku6, '$.x'), /\$\.x\[0\]\[5\]: value 9 is outside this model's 0\.\.6/);
});

test('fixed-layout grids round-trip', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 36, maxLength: 36 }), (cells) => {
      const g = Array.from({ length: 6 }, (_, r) => cells.slice(r * 6, r * 6 + 6));
      assert.deepEqual(decodeTokens(Array.from(encodeGrid(g, sudoku6, '$'), Number), sudoku6), g);
    }),
  );
});
