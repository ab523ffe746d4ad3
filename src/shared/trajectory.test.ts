import assert from 'node:assert/strict';
import { test } from 'node:test';
import { distanceToLast, principalPlane } from './trajectory';

const close = (actual: number, expected: number, what: string) =>
  assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: ${actual} is not ${expected}`);

test('the principal plane of a cross: the long arm is the first axis, the short one the second', () => {
  // Centred already; the covariance is diag(2, 0.5, 0): eigenvalues 2 and 0.5 on x and y.
  const points = [
    [-2, 0, 0],
    [0, 1, 0],
    [0, -1, 0],
    [2, 0, 0],
  ];
  const { coords, variance } = principalPlane(points);
  close(variance[0], 2, 'first variance');
  close(variance[1], 0.5, 'second variance');
  // Axis 1 points from the first point to the last (+x); axis 2 has no drift, so its sign is the iteration's.
  const sign = Math.sign(coords[1][1]);
  const expected = [
    [-2, 0],
    [0, sign],
    [0, -sign],
    [2, 0],
  ];
  coords.forEach(([a, b], i) => {
    close(a, expected[i][0], `point ${i} on axis 1`);
    close(b, expected[i][1], `point ${i} on axis 2`);
  });
});

test('a path along a diagonal off the origin: centred, and its length is kept on the first axis', () => {
  // Three points 1 apart on the line through (5, 5, 5) along (1, 1, 0) / sqrt 2.
  const u = [Math.SQRT1_2, Math.SQRT1_2, 0];
  const points = [-1, 0, 1].map((t) => u.map((x) => 5 + t * x));
  const { coords, variance } = principalPlane(points);
  close(variance[0], 2 / 3, 'variance along the line');
  close(variance[1], 0, 'nothing off the line');
  [-1, 0, 1].forEach((t, i) => {
    close(coords[i][0], t, `point ${i} on axis 1`);
    close(coords[i][1], 0, `point ${i} on axis 2`);
  });
});

test('no points, one point, identical points: nothing to spread, every point at the origin', () => {
  assert.deepEqual(principalPlane([]).coords, []);
  assert.deepEqual(principalPlane([[3, 4]]).coords, [[0, 0]]);
  assert.deepEqual(
    principalPlane([
      [1, 1],
      [1, 1],
    ]).variance,
    [0, 0],
  );
});

test('distance to the last state: relative, carried over the updates that leave the state alone', () => {
  const steps = [
    { kind: 'latent' as const, sketch: [3, 4] },
    { kind: 'answer' as const, sketch: [1, 0] },
    { kind: 'latent' as const, sketch: [0, 5] },
    { kind: 'answer' as const, sketch: [2, 0] },
  ];
  // z: last [0, 5]; |[3, -1]| / 5 at step 0, 0 from step 2. y: last [2, 0]; nothing before step 1.
  assert.deepEqual(distanceToLast(steps, 'z'), [Math.sqrt(10) / 5, Math.sqrt(10) / 5, 0, 0]);
  assert.deepEqual(distanceToLast(steps, 'y'), [null, 0.5, 0.5, 0]);
  assert.deepEqual(distanceToLast([{ kind: 'latent', sketch: null }], 'z'), [null]);
});
