import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Grid } from './arcTask';
import { applyAugmentation, parseAugmentation, undoAugmentation } from './augmentation';
import {
  attempts,
  haltProbability,
  scoreTask,
  scoreTasks,
  solvedAt,
  vote,
  type Candidate,
  type Prediction,
  type TestVote,
} from './vote';

const A: Grid = [
  [1, 1],
  [0, 0],
];
const B: Grid = [
  [2, 2],
  [0, 0],
];
const C: Grid = [[3]];

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const predict = (augmentation: string, answer: Grid, qHalt: number): Prediction => ({ augmentation, answer, qHalt });
const answers = (candidates: readonly Candidate[]) => candidates.map((candidate) => candidate.answer);

test('equal counts rank by the mean of sigmoid(q_halt), and a higher count beats a higher mean', () => {
  const ranked = vote([
    predict('t|||t0|||0123456789', A, 0),
    predict('t|||t1|||0123456789', B, 2),
    predict('t|||t2|||0123456789', A, 0),
    predict('t|||t3|||0123456789', B, 1),
    predict('t|||t4|||0123456789', C, 10),
  ]);
  assert.deepEqual(answers(ranked), [B, A, C]);
  assert.deepEqual(
    ranked.map(({ count, meanHaltProbability }) => [count, meanHaltProbability]),
    [
      [2, (sigmoid(2) + sigmoid(1)) / 2],
      [2, 0.5],
      [1, sigmoid(10)],
    ],
  );
  assert.deepEqual(ranked[0]!.augmentations, ['t|||t1|||0123456789', 't|||t3|||0123456789']);
});

test('a full tie in count and mean keeps the order in which the answers were first predicted', () => {
  // sigmoid(1) + sigmoid(-1) in either order is the same float, so the means tie exactly.
  const [a1, a2, b1, b2] = [predict('a1', A, 1), predict('a2', A, -1), predict('b1', B, -1), predict('b2', B, 1)];
  const ranked = vote([a1, b1, b2, a2]);
  assert.equal(ranked[0]!.meanHaltProbability, ranked[1]!.meanHaltProbability);
  assert.deepEqual(answers(ranked), [A, B]);
  assert.deepEqual(answers(vote([b1, a1, a2, b2])), [B, A]);
});

test('the halting probability is the sigmoid of the logit, finite at the extremes', () => {
  assert.equal(haltProbability(0), 0.5);
  assert.equal(haltProbability(-1000), 0);
  assert.equal(haltProbability(1000), 1);
  assert.equal(haltProbability(Number.NEGATIVE_INFINITY), 0);
});

test('answers un-augmented from different augmentations of one grid vote together', () => {
  const names = ['t|||t1|||0234567891', 't_t6_0987654321', 't'];
  const predictions = names.map((name) => {
    const aug = parseAugmentation(name).augmentation;
    const answer = aug ? undoAugmentation(applyAugmentation(A, aug), aug) : A;
    return predict(name, answer, 0);
  });
  const ranked = vote([...predictions, predict('t|||t2|||0123456789', B, 5)]);
  assert.deepEqual(answers(ranked), [A, B]);
  assert.deepEqual(ranked[0]!.augmentations, names);
});

test('grids of the same cells but another shape are different answers', () => {
  const ranked = vote([predict('a', [[1, 1]], 0), predict('b', [[1], [1]], 0), predict('c', [[1, 1]], 0)]);
  assert.deepEqual(answers(ranked), [[[1, 1]], [[1], [1]]]);
});

test('a prediction that is not a grid of colours, or whose q_halt is NaN, is refused and named', () => {
  assert.throws(() => vote([predict('x|||t1|||0123456789', [[1, 2], [3]], 0)]), /x\|\|\|t1.*row 1 has 1 cells/);
  assert.throws(() => vote([predict('y', [[1, 10]], 0)]), /prediction of y: cell \[0\]\[1\] is not a colour 0-9/);
  assert.throws(() => vote([predict('z', A, Number.NaN)]), /prediction of z: q_halt is NaN/);
});

// Task one: two test inputs; the second is solved only by its second candidate.
const firstSolvedOnTop: TestVote = {
  candidates: vote([predict('a', A, 0), predict('b', B, 0), predict('c', A, 0)]),
  target: A,
};
const secondSolvedSecond: TestVote = {
  candidates: vote([predict('a', C, -3), predict('b', B, 3), predict('c', C, -3)]),
  target: B,
};

test('pass@2 counts a test input whose target is the second candidate, pass@1 does not', () => {
  const task = [firstSolvedOnTop, secondSolvedSecond];
  assert.equal(solvedAt(secondSolvedSecond.candidates, B, 1), false);
  assert.equal(solvedAt(secondSolvedSecond.candidates, B, 2), true);
  assert.equal(scoreTask(task, 1), 0.5);
  assert.equal(scoreTask(task, 2), 1);
});

test('a test input without predictions is unsolved and still counts in its task', () => {
  const task = [firstSolvedOnTop, secondSolvedSecond, { candidates: [], target: C }];
  assert.equal(scoreTask(task, 2), 2 / 3);
});

test('the score of several tasks is the mean of their scores, not of their test inputs', () => {
  const halfSolved = [firstSolvedOnTop, secondSolvedSecond];
  const solved = [firstSolvedOnTop];
  const unsolved = [{ candidates: vote([predict('a', A, 0)]), target: B }];
  assert.equal(scoreTasks([halfSolved, solved, unsolved], 1), 0.5);
  assert.equal(scoreTasks([halfSolved, solved, unsolved], 2), 2 / 3);
});

test('the two attempts are the top two candidates, the first repeated when it stands alone', () => {
  assert.deepEqual(attempts(secondSolvedSecond.candidates), [C, B]);
  assert.deepEqual(attempts(vote([predict('a', A, 0), predict('b', A, 1)])), [A, A]);
  assert.equal(attempts([]), undefined);
});
