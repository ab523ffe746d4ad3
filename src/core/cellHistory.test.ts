import assert from 'node:assert/strict';
import { test } from 'node:test';
import { turnedRight, turnedWrong } from './cellHistory';

const target = [
  [1, 2],
  [3, 4],
];

test('a cell right before an update and wrong after it turned wrong; the reverse turned right', () => {
  const before = [
    [1, 0],
    [3, 4],
  ];
  const after = [
    [1, 2],
    [0, 4],
  ];
  assert.deepEqual(turnedWrong(before, after, target), [2]);
  assert.deepEqual(turnedRight(before, after, target), [1]);
});

test('cells an answer cropped smaller no longer covers are wrong, counted in the target frame', () => {
  assert.deepEqual(turnedWrong(target, [[1, 2]], target), [2, 3]);
  assert.deepEqual(turnedRight([[1]], target, target), [1, 2, 3]);
});
