import assert from 'node:assert/strict';
import { test } from 'node:test';
import { argmaxTokens, bceWithLogits, norms, predict, score } from './metrics';

const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol, `${a} != ${b}`);

test('RMS norms, whole and per position', () => {
  const n = norms(Float32Array.from([3, 4, 0, 0]), 2);
  close(n.rms, Math.sqrt(6.25));
  assert.deepEqual(Array.from(n.perPosition), [Math.fround(Math.sqrt(12.5)), 0]);
});

test('argmax and its softmax probability per position', () => {
  const p = predict(Float32Array.from([0, Math.log(3), 2, 2]), 2);
  assert.deepEqual(Array.from(p.tokens), [1, 0]);
  close(p.confidence[0], 0.75, 1e-6);
  close(p.confidence[1], 0.5, 1e-6);
});

test('the tokens alone are the argmax predict gives, the first of tied logits winning', () => {
  const logits = Float32Array.from([0, 3, 1, 2, 2, 0, -1, -1, -1]);
  assert.deepEqual(Array.from(argmaxTokens(logits, 3)), [1, 0, 0]);
  assert.deepEqual(Array.from(argmaxTokens(logits, 3)), Array.from(predict(logits, 3).tokens));
});

test("the entropy of each position's distribution, in nats: p = (1/4, 3/4) and the uniform pair", () => {
  const p = predict(Float32Array.from([0, Math.log(3), 2, 2]), 2);
  close(p.entropy[0], -(0.25 * Math.log(0.25) + 0.75 * Math.log(0.75)), 1e-6);
  close(p.entropy[1], Math.log(2), 1e-6);
  const certain = predict(Float32Array.from([0, 200]), 2);
  close(certain.entropy[0], 0, 1e-6);
});

test('softmax and stablemax cross-entropy, mean over valid labels, plus the halting BCE', () => {
  // Two positions, vocabulary 2; the second position is ignored (PAD label).
  const logits = Float32Array.from([1, -1, 5, 5]);
  const labels = Int32Array.from([0, 0]);
  const valid = Uint8Array.from([1, 0]);
  const soft = score(logits, 2, Int32Array.from([0, 0]), labels, valid, 0, 'softmax', 0.5);
  close(soft.lmLoss, Math.log(1 + Math.exp(-2)));
  assert.equal(soft.exact, true);
  close(soft.loss, soft.lmLoss + 0.5 * Math.log(2));
  // stablemax: s(1) = 2, s(-1) = 1/2: p = 2 / 2.5
  const stable = score(logits, 2, Int32Array.from([0, 0]), labels, valid, 0, 'stablemax', 0.5);
  close(stable.lmLoss, -Math.log(0.8));
  const wrong = score(logits, 2, Int32Array.from([1, 0]), labels, valid, 2, 'softmax', 0.5);
  assert.equal(wrong.exact, false);
  assert.equal(wrong.cellAccuracy, 0);
  close(wrong.loss - wrong.lmLoss, 0.5 * (2 + Math.log1p(Math.exp(-2))));
});

test('BCE with logits is stable for large logits', () => {
  close(bceWithLogits(0, 1), Math.log(2));
  close(bceWithLogits(100, 1), 0, 1e-30);
  close(bceWithLogits(-100, 1), 100);
});
