import assert from 'node:assert/strict';
import { test } from 'node:test';
import { changeCounts, turnedRight, turnedWrong } from './cellHistory';

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

test('change counts per cell over a run, including a cell that changes and changes back', () => {
  const answers = [
    [
      [1, 1],
      [1, 1],
    ],
    [
      [2, 1],
      [1, 1],
    ],
    [
      [1, 1],
      [1, 5],
    ],
  ];
  assert.deepEqual(changeCounts(answers, answers[2]), [2, 0, 0, 1]);
  assert.deepEqual(changeCounts(answers.slice(0, 1), answers[0]), [0, 0, 0, 0], 'the first answer changed nothing');
});
