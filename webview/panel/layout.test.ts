import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cellSize } from './layout';

const shape = (height: number, width: number) => ({ height, width });

test('small grids get the largest cells, large ones shrink to the width and to the height', () => {
  assert.equal(cellSize([shape(3, 3), shape(3, 3), shape(3, 3)], 1200), 40);
  assert.equal(cellSize([shape(30, 30), shape(30, 30), shape(30, 30)], 1200), Math.floor((1200 - 144) / 90) - 1);
  assert.equal(cellSize([shape(30, 2), shape(30, 2)], 2000), 14, '420 px of height for 30 rows');
});

test('a fourth grid (the latent answer) takes its share of the width', () => {
  const four = [shape(30, 30), shape(30, 30), shape(30, 30), shape(30, 30)];
  assert.equal(cellSize(four, 1200), Math.floor((1200 - 192) / 120) - 1);
});

test('cells never get smaller than 6 px, however narrow the panel', () => {
  assert.equal(cellSize([shape(30, 30), shape(30, 30), shape(30, 30)], 0), 6);
});
