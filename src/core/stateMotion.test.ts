import assert from 'node:assert/strict';
import { test } from 'node:test';
import { norms } from './metrics';
import { meanEntropy, measureUpdate, movesOf, SKETCH_SIZE, Sketcher, sketchDistance } from './stateMotion';

const close = (actual: number, expected: number, what: string) =>
  assert.ok(Math.abs(actual - expected) < 1e-6, `${what}: ${actual}, expected ${expected}`);

test('residual and cosine of an update, whole and per position, are the hand-computed ones', () => {
  // Two positions of hidden size 2: the first position moves by (0, 1), the second stays.
  const previous = Float32Array.of(1, 0, 0, 2);
  const next = Float32Array.of(1, 1, 0, 2);
  const { motion: m } = measureUpdate(previous, next, 2, new Sketcher(4));
  close(m.residual, 1 / Math.sqrt(5), 'residual');
  close(m.cosine, 5 / Math.sqrt(30), 'cosine');
  assert.deepEqual(m.residualPerPos, [1, 0]);
  assert.equal(m.sketch.length, SKETCH_SIZE);
});

test("an update's norms, from the motion's pass, are the next state's norms exactly", () => {
  const previous = Float32Array.from({ length: 6 * 5 }, (_, i) => Math.sin(i));
  const next = Float32Array.from({ length: 6 * 5 }, (_, i) => Math.cos(i * 0.3) * 1e-3);
  assert.deepEqual(measureUpdate(previous, next, 5, new Sketcher(30)).norms, norms(next, 5));
});

test('a state that stays zero did not move; one that leaves zero moved infinitely far relative to it', () => {
  const zero = new Float32Array(4);
  const { motion: still } = measureUpdate(zero, zero, 2, new Sketcher(4));
  assert.deepEqual([still.residual, still.cosine, ...still.residualPerPos], [0, 0, 0, 0]);
  const { motion: left } = measureUpdate(zero, Float32Array.of(0, 0, 3, 4), 2, new Sketcher(4));
  assert.deepEqual(left.residualPerPos, [0, Infinity]);
  assert.equal(left.residual, Infinity);
});

test('the sketch is linear and the same for the same seed, so sketch distances are state distances projected', () => {
  const a = Float32Array.from({ length: 300 }, (_, i) => Math.sin(i));
  const b = Float32Array.from({ length: 300 }, (_, i) => Math.cos(i * 0.7));
  const difference = a.map((x, i) => x - b[i]);
  const sketcher = new Sketcher(300, 7);
  const [sa, sb, sd] = [sketcher.sketch(a), sketcher.sketch(b), sketcher.sketch(difference)];
  sd.forEach((x, i) => close(x, sa[i] - sb[i], `element ${i}`));
  assert.deepEqual(new Sketcher(300, 7).sketch(a), sa);
  // An odd length: the last element is sketched too.
  const odd = new Sketcher(3, 7);
  const one = (i: number) => odd.sketch(Float32Array.from({ length: 3 }, (_, j) => (j === i ? 1 : 0)));
  assert.deepEqual(
    [0, 1, 2].map((i) => one(i).filter((x) => x !== 0).length),
    [1, 1, 1],
  );
  assert.equal(sketchDistance(sa, sa), 0);
});

test('a state of many blocks is sketched by the map of one block: each element to one output, with its sign', () => {
  const size = 1000;
  const state = Float32Array.from({ length: size }, (_, i) => Math.sin(i * 0.37));
  const blocked = new Sketcher(size, 5, 64);
  const whole = new Sketcher(size, 5, size);
  blocked.sketch(state).forEach((x, k) => close(x, whole.sketch(state)[k], `output ${k}`));
  // Elements in the first, a middle and the last (short) block go where the one-block map sends them.
  for (const i of [0, 63, 64, 500, 959, 960, 999]) {
    const unit = Float32Array.from({ length: size }, (_, j) => (j === i ? 1 : 0));
    assert.deepEqual(blocked.sketch(unit), whole.sketch(unit), `element ${i}`);
    assert.equal(blocked.sketch(unit).filter((x) => x !== 0).length, 1, `element ${i}`);
  }
});

test('over projections, the squared sketch length averages the squared state length (unbiased)', () => {
  const state = Float32Array.from({ length: 4096 }, (_, i) => Math.sin(i * 1.3) + 0.5);
  const squared = (xs: ArrayLike<number>) => Array.from(xs).reduce((s, x) => s + x * x, 0);
  const truth = squared(state);
  const ratios = Array.from(
    { length: 200 },
    (_, seed) => squared(new Sketcher(state.length, seed + 1).sketch(state)) / truth,
  );
  const mean = ratios.reduce((s, r) => s + r, 0) / ratios.length;
  assert.ok(Math.abs(mean - 1) < 0.06, `mean ratio ${mean}`);
  // One projection is within a factor 2 nearly always: sqrt(2 / 32) = 0.25 relative spread in the square.
  assert.ok(ratios.filter((r) => r < 0.5 || r > 2).length <= 4, `ratios ${ratios.map((r) => r.toFixed(2))}`);
});

test('an update moves only the state it changed: dz for a latent update, dy for an answer update', () => {
  const motion = { residual: 0.3, cosine: 0.9, residualPerPos: [], sketch: [] };
  assert.deepEqual(movesOf({ kind: 'latent', motion }), { dy: 0, dz: 0.3, cosY: 1, cosZ: 0.9 });
  assert.deepEqual(movesOf({ kind: 'answer', motion }), { dy: 0.3, dz: 0, cosY: 0.9, cosZ: 1 });
  assert.equal(movesOf({ kind: 'answer', motion: null }), null);
  assert.equal(meanEntropy([0.5, 1.5]), 1);
  assert.equal(meanEntropy(null), null);
});
